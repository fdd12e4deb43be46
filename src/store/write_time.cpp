#include "store/write_time.hpp"

#include <algorithm>

namespace jobstream::store {
namespace {

std::int64_t micros(offer::SysTime t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::int64_t upsert_write_time(const offer::OfferUpsert& upsert,
                               std::optional<offer::SysTime> date_actualisation,
                               std::optional<offer::SysTime> date_creation) {
  const auto version = date_actualisation.value_or(date_creation.value_or(upsert.harvested_at));
  return micros(std::min(version, upsert.harvested_at));
}

std::int64_t withdrawal_write_time(const offer::OfferWithdrawal& withdrawal) {
  // Upserts carry whole milliseconds; one microsecond more puts the withdrawal strictly after an
  // upsert published in the same millisecond (at equal write times Cassandra would let the upsert's
  // null withdrawn_at win).
  return micros(withdrawal.harvested_at) + 1;
}

}  // namespace jobstream::store
