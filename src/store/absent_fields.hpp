#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cql/value.hpp"
#include "offer/offer_record.hpp"

namespace jobstream::store {

/// Which columns an upsert must clear. A field an offer lacks is bound as null so that it clears
/// the value an older version wrote; each null is a cell tombstone, which every read of the row
/// meets until compaction drops it (gc_grace_seconds, 10 days, later). An offer's creation version
/// has nothing older to clear, so its absent fields can be left unset (protocol v4): no tombstone.

/// Whether an upsert written at `write_time_us` (upsert_write_time) is the offer's creation
/// version: its write time is its dateCreation. Every version of an offer is written at or after
/// its creation (dateActualisation is never before dateCreation: none of the 5,737 real offers
/// has one; a withdrawal is written at its harvest time), so no cell of the row can be older than
/// this version's and a null it bound would clear nothing. A later version that lacks a field
/// still binds null and clears the field whatever order the two writes arrive in.
bool is_creation_version(std::int64_t write_time_us, std::optional<offer::SysTime> date_creation);

/// Binds every null value as unset instead: the column is not written at all.
void leave_nulls_unset(std::vector<cql::Value>& values);

}  // namespace jobstream::store
