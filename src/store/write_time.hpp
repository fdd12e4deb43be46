#pragma once

#include <cstdint>
#include <optional>

#include "offer/offer_record.hpp"

namespace jobstream::store {

/// The CQL write times (microseconds since the epoch, USING TIMESTAMP) of offer records. They order
/// the versions of one offer whatever order the writes arrive in, so they must be times the harvest
/// could have seen: an API date in the future (dateActualisation 9999-12-31) would otherwise pin
/// the row, and every later version and the withdrawal would be silently lost.

/// An upsert's version: dateActualisation, else dateCreation, else the harvest time; never after
/// the harvest time carried in the record (the offer cannot have changed after it was read).
std::int64_t upsert_write_time(const offer::OfferUpsert& upsert,
                               std::optional<offer::SysTime> date_actualisation,
                               std::optional<offer::SysTime> date_creation);

/// A withdrawal: just after its own harvest (publish) time. Every version it withdraws was
/// published before it by the same harvester, so its write time is at most that instant (see
/// upsert_write_time) and the withdrawal lands after it, even when the sweep that found the offer
/// missing began before the offer's last version was read.
std::int64_t withdrawal_write_time(const offer::OfferWithdrawal& withdrawal);

}  // namespace jobstream::store
