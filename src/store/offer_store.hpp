#pragma once

#include <functional>
#include <string>

#include "offer/offer_record.hpp"

namespace jobstream::store {

/// How a write ended.
using offer::OfferRecord;

struct StoreResult {
  enum class Status {
    stored,     ///< durable
    retryable,  ///< the store is unreachable or overloaded: try again later
    rejected,   ///< the record itself cannot be stored (e.g. an offer that fails validation)
  };
  Status status = Status::stored;
  std::string error;  ///< why, for logs and the dead-letter topic (never secrets)
};

/// Where the consumer writes records: Cassandra in production, an in-memory store in tests.
/// Writes are idempotent and order-independent (each carries its own version as write time), so
/// the consumer may run many at once and may repeat one after a crash.
class OfferStore {
 public:
  virtual ~OfferStore() = default;
  /// Starts a write; `done` is called exactly once, from any thread, possibly before write returns.
  virtual void write(const OfferRecord& record, std::function<void(StoreResult)> done) = 0;
};

}  // namespace jobstream::store
