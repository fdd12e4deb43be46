#include "common/iso_time.hpp"

#include <gtest/gtest.h>

using jobstream::common::parse_iso8601;
using namespace std::chrono;

namespace {
sys_time<milliseconds> at(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
}
}  // namespace

TEST(Iso8601, TheFormsTheApiAndTheRecordsUse) {
  EXPECT_EQ(parse_iso8601("2022-10-23T08:15:42Z"), at(2022, 10, 23, 8, 15, 42));
  EXPECT_EQ(parse_iso8601("2024-08-30T16:52:28.632Z"), at(2024, 8, 30, 16, 52, 28, 632));
  EXPECT_EQ(parse_iso8601("2024-08-30T16:52:28.6Z"), at(2024, 8, 30, 16, 52, 28, 600));
  EXPECT_EQ(parse_iso8601("2024-08-30T16:52:28.632999Z"), at(2024, 8, 30, 16, 52, 28, 632)) << "truncated";
  EXPECT_EQ(parse_iso8601("2024-08-30 16:52:28"), at(2024, 8, 30, 16, 52, 28)) << "no zone is UTC";
  EXPECT_EQ(parse_iso8601("2024-08-30T16:52:28z"), at(2024, 8, 30, 16, 52, 28));
  EXPECT_EQ(parse_iso8601("2024-08-30T18:52:28+02:00"), at(2024, 8, 30, 16, 52, 28));
  EXPECT_EQ(parse_iso8601("2024-08-30T15:22:28-0130"), at(2024, 8, 30, 16, 52, 28));
}

TEST(Iso8601, AnythingElseIsRefused) {
  for (const char* bad : {"", "2024-08-30", "2024-02-30T00:00:00Z", "2024-08-30T24:00:00Z",
                          "2024-08-30T16:60:00Z", "2024-08-30T16:52:28.Z", "2024-08-30T16:52:28Zjunk",
                          "2024-08-30T16:52:28+2", "2024-08-30T16:52:28+02:75", "-024-08-30T16:52:28Z",
                          "2024-0-130T16:52:28Z", "2024/08/30T16:52:28Z"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}
