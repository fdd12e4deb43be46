#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cql/session.hpp"
#include "store/offer_store.hpp"

namespace jobstream::store {

/// How a write that threw `e` ended: `rejected` for a permanent CQL error (retry rule never),
/// `retryable` for everything else.
StoreResult result_of(const std::exception& e);

/// Writes offer records into the `offers` table through jobstream's CQL client, with prepared
/// statements only (values bound, never spliced). Every write carries the offer's own version as
/// its write time (USING TIMESTAMP: dateActualisation for an upsert, the withdrawal time for a
/// withdrawal, bounded by the harvest time: store/write_time.hpp), so an older version never
/// overwrites a newer one and a replay changes nothing.
///
/// @locality write(): any thread. Completions run on the store's completion threads.
class CassandraOfferStore : public OfferStore {
 public:
  CassandraOfferStore(cql::Session& session, const std::string& keyspace);
  ~CassandraOfferStore() override;

  void write(const OfferRecord& record, std::function<void(StoreResult)> done) override;

  /// Values served out of their sane range and stored as null (offer::OfferFields::out_of_range).
  std::uint64_t out_of_range_values() const { return _out_of_range.load(); }

 private:
  struct InFlight {
    cql::PendingResult result;
    std::function<void(StoreResult)> done;
    std::chrono::steady_clock::time_point sent;  // for the write latency metric
  };
  void reap(std::stop_token stop, std::size_t lane);

  cql::Session& _session;
  cql::PreparedStatement _upsert, _withdraw;
  // Completion lanes: requests are waited for in the order they were sent (the CQL client answers
  // them out of order; a lane only delays the callback of a fast request behind a slow one).
  static constexpr std::size_t lanes = 2;
  std::mutex _mutex;
  std::condition_variable _ready;
  std::deque<InFlight> _queues[lanes];
  std::size_t _next_lane = 0;
  std::vector<std::jthread> _reapers;
  std::atomic<std::uint64_t> _out_of_range{0};
};

}  // namespace jobstream::store
