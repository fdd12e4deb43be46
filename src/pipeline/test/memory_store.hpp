#pragma once
// An in-memory OfferStore for the consumer tests: writes complete out of order on two worker
// threads, and the store can be made to fail (an outage, or one record that always fails). Apart
// so that each consumer test file can use it.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "offer/offer_record.hpp"
#include "store/offer_store.hpp"

namespace jobstream::pipeline::consumer_testing {

using namespace std::chrono_literals;
using offer::OfferRecord;
using offer::record_id;
using store::OfferStore;
using store::StoreResult;

/// Stores records in memory; two worker threads complete writes in random order after random
/// delays. While `failing` is set every write fails as retryable (the store is "down").
class MemoryStore : public OfferStore {
 public:
  MemoryStore() {
    for (int i = 0; i < 2; ++i) {
      _workers.emplace_back([this, i](std::stop_token stop) { work(stop, i); });
    }
  }
  ~MemoryStore() override {
    for (auto& w : _workers) w.request_stop();
    _cv.notify_all();
  }
  void write(const OfferRecord& record, std::function<void(StoreResult)> done) override {
    {
      std::lock_guard lock(_mutex);
      _queue.push_back({record, std::move(done)});
    }
    _cv.notify_one();
  }
  std::map<std::string, OfferRecord> rows() {
    std::lock_guard lock(_mutex);
    return _rows;
  }
  std::size_t writes() const { return _writes.load(); }
  std::atomic<bool> failing{false};
  /// Ids whose every write fails as retryable while the others are stored.
  void fail_forever(const std::string& id) {
    std::lock_guard lock(_mutex);
    _fail_forever.insert(id);
  }

 private:
  struct Job {
    OfferRecord record;
    std::function<void(StoreResult)> done;
  };
  void work(std::stop_token stop, int seed) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    while (!stop.stop_requested()) {
      Job job;
      {
        std::unique_lock lock(_mutex);
        _cv.wait_for(lock, 50ms, [&] { return !_queue.empty() || stop.stop_requested(); });
        if (_queue.empty()) continue;
        // Take from a random place: completions come back out of order.
        const auto i = std::uniform_int_distribution<std::size_t>(0, _queue.size() - 1)(rng);
        job = std::move(_queue[i]);
        _queue.erase(_queue.begin() + static_cast<std::ptrdiff_t>(i));
      }
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 200));
      if (failing.load() || fails_forever(record_id(job.record))) {
        job.done(StoreResult{StoreResult::Status::retryable, "store unreachable (test)"});
        continue;
      }
      {
        std::lock_guard lock(_mutex);
        _rows[record_id(job.record)] = job.record;
      }
      ++_writes;
      job.done(StoreResult{});
    }
  }
  bool fails_forever(const std::string& id) {
    std::lock_guard lock(_mutex);
    return _fail_forever.count(id) > 0;
  }
  std::set<std::string> _fail_forever;
  std::mutex _mutex;
  std::condition_variable _cv;
  std::deque<Job> _queue;
  std::map<std::string, OfferRecord> _rows;
  std::atomic<std::size_t> _writes{0};
  std::vector<std::jthread> _workers;
};

}  // namespace jobstream::pipeline::consumer_testing
