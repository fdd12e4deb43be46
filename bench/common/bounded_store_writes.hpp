#pragma once
// What the benchmarks that write offers into Cassandra through the store share: a session to one
// host, and writes kept to a fixed number in flight, the way the consumer bounds them. One copy,
// so that the consumer's ceiling (bench/pipeline) and the national load (bench/analytics) measure
// the same write path.
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>

#include "cql/session.hpp"
#include "offer/offer_record.hpp"
#include "store/offer_store.hpp"

namespace jobstream::bench {

/// A session to HOST:PORT with room for twice the benchmark's writes in flight.
inline cql::SessionConfig session_config(const std::string& host, const std::string& port,
                                         std::size_t in_flight) {
  cql::SessionConfig config;
  config.contact_points = {host};
  config.port = static_cast<std::uint16_t>(std::stoi(port));
  config.max_in_flight = in_flight * 2;
  return config;
}

/// Writes records through `store`, at most `window` at once; write() waits for room.
class BoundedStoreWrites {
 public:
  BoundedStoreWrites(store::OfferStore& store, std::size_t window) : _store(store), _window(window) {}

  void write(const offer::OfferRecord& record) {
    {
      std::unique_lock lock(_m);
      _cv.wait(lock, [&] { return _in_flight < _window; });
      ++_in_flight;
    }
    _store.write(record, [this](const store::StoreResult& result) {
      std::lock_guard lock(_m);
      --_in_flight;
      if (result.status != store::StoreResult::Status::stored) ++_failed;
      _cv.notify_all();
    });
  }

  /// Waits until every write has ended; returns how many failed.
  std::size_t finish() {
    std::unique_lock lock(_m);
    _cv.wait(lock, [&] { return _in_flight == 0; });
    return _failed;
  }

 private:
  store::OfferStore& _store;
  const std::size_t _window;
  std::mutex _m;
  std::condition_variable _cv;
  std::size_t _in_flight = 0;
  std::size_t _failed = 0;
};

}  // namespace jobstream::bench
