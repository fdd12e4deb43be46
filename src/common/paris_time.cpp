#include "common/paris_time.hpp"

namespace jobstream::common {
namespace {

using namespace std::chrono;

sys_seconds last_sunday_01_utc(year y, month m) {
  return sys_seconds(sys_days(year_month_weekday_last(y, m, weekday_last(Sunday))) + hours(1));
}

}  // namespace

hours paris_offset(sys_seconds utc) {
  const auto y = year_month_day(floor<days>(utc)).year();
  const bool summer = utc >= last_sunday_01_utc(y, March) && utc < last_sunday_01_utc(y, October);
  return summer ? hours(2) : hours(1);
}

sys_seconds paris_wall_clock_to_utc(sys_seconds wall_clock) {
  // The offset in force an hour earlier decides; only the hour of the switch itself is ambiguous
  // (or skipped) on a wall clock, which no harvest depends on.
  return wall_clock - paris_offset(wall_clock - hours(1));
}

sys_seconds utc_to_paris_wall_clock(sys_seconds utc) { return utc + paris_offset(utc); }

}  // namespace jobstream::common
