#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>

#include "cql/session.hpp"
#include "store/offer_row.hpp"
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
/// @locality write(): any thread. `done` runs on the CQL client's threads (a connection's reader,
/// its retry thread) or, when the write fails before it is sent, on the calling thread.
class CassandraOfferStore : public OfferStore {
 public:
  /// `facts` makes the `facts` column of each upsert (see FactsEncoder); without it, null.
  CassandraOfferStore(cql::Session& session, const std::string& keyspace, FactsEncoder facts = {});
  ~CassandraOfferStore() override;

  void write(const OfferRecord& record, std::function<void(StoreResult)> done) override;

  /// Values served out of their sane range and stored as null (offer::OfferFields::out_of_range).
  std::uint64_t out_of_range_values() const { return _out_of_range.load(); }

 private:
  void finished(const std::function<void(StoreResult)>& done, std::chrono::steady_clock::time_point sent,
                std::exception_ptr error);

  cql::Session& _session;
  FactsEncoder _facts;
  cql::PreparedStatement _upsert, _withdraw;
  // Writes whose completion has not run yet: the destructor waits for them (a completion uses the
  // store).
  std::mutex _mutex;
  std::condition_variable _drained;
  std::size_t _in_flight = 0;
  std::atomic<std::uint64_t> _out_of_range{0};
};

}  // namespace jobstream::store
