#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace jobstream::source {

/// What a finished sweep found, against what the harvest knew before it.
struct SweepTally {
  std::int64_t found = 0;                ///< distinct offers the sweep returned
  std::int64_t last_complete_total = 0;  ///< found by the last complete sweep (0: none yet)
  std::int64_t known_before = 0;         ///< offers known when the sweep started
  std::int64_t known_found = 0;          ///< of those, how many the sweep returned
};

/// Why a sweep that ran to its end must not be believed, or nullopt when it may be. An API on a
/// bad day (answering 204 to everything, an empty index) looks like a market that emptied at once:
/// such a sweep withdraws nothing. Suspect when it found fewer offers than the last complete
/// sweep by more than `max_drop` (a share), or none of the offers known before it. Pure.
std::optional<std::string> suspect_sweep(const SweepTally& tally, double max_drop);

}  // namespace jobstream::source
