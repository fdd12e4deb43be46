#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace jobstream::source {

/// The `Content-Range` header of a search answer: `offres 0-149/15262`, `offres */0` (no result),
/// `offres -1--1/353` (range past the end). The total is the only place the API gives it.
struct ContentRange {
  std::optional<std::int64_t> first;  ///< absent for `*` and `-1--1`
  std::optional<std::int64_t> last;
  std::int64_t total = 0;
};

/// Parses leniently (unit word optional, any case, spaces around tokens). Nullopt when the
/// header cannot give a total; callers then fall back on the page length.
std::optional<ContentRange> parse_content_range(std::string_view header);

}  // namespace jobstream::source
