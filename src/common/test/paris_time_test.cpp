// Paris local time, as the API reads the date bounds of a search (contract §0).
#include "common/paris_time.hpp"

#include <gtest/gtest.h>

namespace jobstream::common {
namespace {

using namespace std::chrono;

TEST(ParisTime, WinterIsOneHourAheadAndSummerTwo) {
  const auto winter = sys_days(year(2026) / 1 / 15) + hours(12);
  const auto summer = sys_days(year(2026) / 7 / 15) + hours(12);
  EXPECT_EQ(paris_offset(winter), hours(1));
  EXPECT_EQ(paris_offset(summer), hours(2));
  EXPECT_EQ(paris_wall_clock_to_utc(winter), winter - hours(1));
  EXPECT_EQ(paris_wall_clock_to_utc(summer), summer - hours(2));
  // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
  EXPECT_EQ(paris_offset(sys_days(year(2026) / 3 / 29) + minutes(59)), hours(1));
  EXPECT_EQ(paris_offset(sys_days(year(2026) / 3 / 29) + hours(1)), hours(2));
  EXPECT_EQ(paris_offset(sys_days(year(2026) / 10 / 25) + minutes(59)), hours(2));
  EXPECT_EQ(paris_offset(sys_days(year(2026) / 10 / 25) + hours(1)), hours(1));
}

TEST(ParisTime, AWallClockBoundReadAsParisTimeGivesBackTheInstant) {
  // Every 37 minutes over two years, switches included: the bound written for an instant is read
  // back as that instant, except in the last summer hour before the clocks go back: its wall clock
  // occurs again an hour later and is read as that later instant (a bound then reaches further).
  const auto start = sys_days(year(2025) / 1 / 1);
  int ambiguous = 0;
  for (auto utc = sys_seconds(start); utc < start + days(730); utc += minutes(37)) {
    const auto back = paris_wall_clock_to_utc(utc_to_paris_wall_clock(utc));
    if (back != utc) {
      ++ambiguous;
      EXPECT_EQ(paris_offset(utc), hours(2)) << "only the repeated hour of October may differ";
      EXPECT_EQ(back, utc + hours(1));
    }
  }
  // Two switches back, each hour holding one or two samples 37 min apart.
  EXPECT_GE(ambiguous, 2);
  EXPECT_LE(ambiguous, 4);
}

}  // namespace
}  // namespace jobstream::common
