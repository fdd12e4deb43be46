#pragma once
// How many dates the engine's rows have on each day, kept as rows change, so that a query without
// a period finds the extent of the data by looking at days, not by a pass over millions of rows
// (at 5,000,000 offers that pass was a quarter of a whole-country query), and a query without
// filters reads its daily series from days too.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace jobstream::analytics {

inline constexpr std::int64_t ms_per_day = 86'400'000;
inline constexpr std::int32_t never_day = std::numeric_limits<std::int32_t>::max();

/// The day of a time in ms. A floor division that cannot overflow: a time read back from a
/// snapshot may be any value.
inline std::int32_t day_of_ms(std::int64_t ms) {
  const std::int64_t day = ms / ms_per_day - (ms % ms_per_day < 0 ? 1 : 0);
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(day, std::numeric_limits<std::int32_t>::min(),
                                                            std::numeric_limits<std::int32_t>::max()));
}

/// Counts of days; see the top of this file.
class DayCensus {
 public:
  void add(std::int32_t day);
  /// Takes back one add() of the same day.
  void remove(std::int32_t day);

  /// The earliest and the latest day counted within [lo, hi], if any.
  std::optional<std::int32_t> first_in(std::int32_t lo, std::int32_t hi) const;
  std::optional<std::int32_t> last_in(std::int32_t lo, std::int32_t hi) const;
  /// The count of one day, and the sum of the counts of all days before one.
  std::uint64_t on(std::int32_t day) const;
  std::uint64_t before(std::int32_t day) const;

  std::size_t memory_bytes() const;

 private:
  // Every date an API serves falls in 2000-2089: those are counted in place (the scans above are
  // then a few thousand steps); any other day, which only hostile input has, in a map.
  static constexpr std::int32_t near_first = 10957;  // 2000-01-01
  static constexpr std::int32_t near_days = 1 << 15;
  static bool near(std::int32_t day) { return day >= near_first && day - near_first < near_days; }

  std::vector<std::uint64_t> _near;  // by day - near_first; allocated on the first add
  std::map<std::int32_t, std::uint64_t> _far;
};

}  // namespace jobstream::analytics
