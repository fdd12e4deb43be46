// The census the default period comes from: counts per day, first and last day within bounds,
// in day order whether a day is counted in place (2000-2089) or in the map (anything else).
#include <gtest/gtest.h>

#include "analytics/day_census.hpp"

namespace jobstream::analytics {
namespace {

constexpr std::int32_t y2000 = 10957, y2026 = 20423, y2090 = y2000 + (1 << 15);

TEST(DayCensusTest, EmptyHasNoDays) {
  const DayCensus census;
  EXPECT_EQ(census.first_in(INT32_MIN, INT32_MAX), std::nullopt);
  EXPECT_EQ(census.last_in(INT32_MIN, INT32_MAX), std::nullopt);
}

TEST(DayCensusTest, ADayStaysUntilEachOfItsAddsIsTakenBack) {
  DayCensus census;
  census.add(y2026);
  census.add(y2026);
  census.add(y2026 + 5);
  EXPECT_EQ(census.first_in(y2000, y2090), y2026);
  EXPECT_EQ(census.last_in(y2000, y2090), y2026 + 5);
  census.remove(y2026 + 5);
  EXPECT_EQ(census.last_in(y2000, y2090), y2026);
  census.remove(y2026);
  EXPECT_EQ(census.first_in(y2000, y2090), y2026);
  census.remove(y2026);
  EXPECT_EQ(census.first_in(y2000, y2090), std::nullopt);
  census.remove(y2026);  // more removes than adds do not wrap the count
  census.add(y2026);
  census.remove(y2026);
  EXPECT_EQ(census.last_in(y2000, y2090), std::nullopt);
}

TEST(DayCensusTest, BoundsAreInclusiveAndDaysOutsideAreIgnored) {
  DayCensus census;
  for (const std::int32_t day : {y2026, y2026 + 10, y2026 + 20}) census.add(day);
  EXPECT_EQ(census.first_in(y2026 + 1, y2026 + 20), y2026 + 10);
  EXPECT_EQ(census.last_in(y2026, y2026 + 19), y2026 + 10);
  EXPECT_EQ(census.first_in(y2026 + 10, y2026 + 10), y2026 + 10);
  EXPECT_EQ(census.first_in(y2026 + 11, y2026 + 19), std::nullopt);
  EXPECT_EQ(census.last_in(y2026 + 11, y2026 + 19), std::nullopt);
  EXPECT_EQ(census.first_in(y2026 + 5, y2026), std::nullopt);  // an empty range
}

// Days of hostile input (year 1, year 9999, negative) sort with the others.
TEST(DayCensusTest, DaysFarOutsideSortWithTheOthers) {
  DayCensus census;
  const std::int32_t year1 = -719162, year9999 = 2932896;
  for (const std::int32_t day : {year9999, year1, y2026, y2000 - 1, y2090}) census.add(day);
  EXPECT_EQ(census.first_in(INT32_MIN, INT32_MAX), year1);
  EXPECT_EQ(census.last_in(INT32_MIN, INT32_MAX), year9999);
  EXPECT_EQ(census.first_in(year1 + 1, INT32_MAX), y2000 - 1);
  EXPECT_EQ(census.first_in(y2000, INT32_MAX), y2026);
  EXPECT_EQ(census.first_in(y2026 + 1, INT32_MAX), y2090);
  EXPECT_EQ(census.last_in(INT32_MIN, year9999 - 1), y2090);
  EXPECT_EQ(census.last_in(INT32_MIN, y2090 - 1), y2026);
  EXPECT_EQ(census.last_in(INT32_MIN, y2026 - 1), y2000 - 1);
  EXPECT_EQ(census.last_in(INT32_MIN, y2000 - 2), year1);
  census.remove(year1);
  census.remove(year9999);
  EXPECT_EQ(census.first_in(INT32_MIN, INT32_MAX), y2000 - 1);
  EXPECT_EQ(census.last_in(INT32_MIN, INT32_MAX), y2090);
}

TEST(DayCensusTest, CountsOfADayAndOfAllDaysBefore) {
  DayCensus census;
  EXPECT_EQ(census.before(y2026), 0u);
  const std::int32_t year1 = -719162;
  for (const std::int32_t day : {year1, y2000 - 1, y2026, y2026, y2026 + 3, y2090, y2090 + 7})
    census.add(day);
  EXPECT_EQ(census.on(y2026), 2u);
  EXPECT_EQ(census.on(y2026 + 1), 0u);
  EXPECT_EQ(census.on(year1), 1u);
  EXPECT_EQ(census.before(year1), 0u);
  EXPECT_EQ(census.before(year1 + 1), 1u);
  EXPECT_EQ(census.before(y2000), 2u);
  EXPECT_EQ(census.before(y2026), 2u);
  EXPECT_EQ(census.before(y2026 + 1), 4u);
  EXPECT_EQ(census.before(y2090), 5u);
  EXPECT_EQ(census.before(y2090 + 1), 6u);
  EXPECT_EQ(census.before(INT32_MAX), 7u);
}

}  // namespace
}  // namespace jobstream::analytics
