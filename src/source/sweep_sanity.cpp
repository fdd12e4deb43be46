#include "source/sweep_sanity.hpp"

#include <fmt/format.h>

namespace jobstream::source {

std::optional<std::string> suspect_sweep(const SweepTally& tally, double max_drop) {
  if (tally.known_before > 0 && tally.known_found == 0) {
    return fmt::format("it found none of the {} offers known before it", tally.known_before);
  }
  if (tally.last_complete_total > 0 &&
      static_cast<double>(tally.found) < static_cast<double>(tally.last_complete_total) * (1.0 - max_drop)) {
    return fmt::format(
        "it found {} offers where the last complete sweep found {} (a fall of more than {:.0f}%)",
        tally.found, tally.last_complete_total, max_drop * 100);
  }
  return std::nullopt;
}

}  // namespace jobstream::source
