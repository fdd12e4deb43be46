// When the producer says that Kafka stopped acknowledging, and how often.
#include "pipeline/ack_stall_watch.hpp"

#include <gtest/gtest.h>

using namespace jobstream::pipeline;
using namespace std::chrono_literals;
using Say = AckStallWatch::Say;

TEST(AckStallWatch, QuietWhileAcknowledgementsFlowOrNothingWaits) {
  AckStallWatch watch(10s, 30s);
  const auto t0 = AckStallWatch::Clock::now();
  std::uint64_t acked = 0;
  for (int s = 0; s < 120; ++s) {
    // Messages always wait, but one is acknowledged every second.
    EXPECT_EQ(watch.observe(t0 + std::chrono::seconds(s), 500, ++acked).say, Say::nothing);
  }
  // Nothing acknowledged for a minute, but nothing waits either: idle, not stalled.
  for (int s = 120; s < 180; ++s)
    EXPECT_EQ(watch.observe(t0 + std::chrono::seconds(s), 0, acked).say, Say::nothing);
  EXPECT_EQ(watch.stalled_for(), 0s);
  EXPECT_FALSE(watch.stalled());
}

TEST(AckStallWatch, TellsAStallOnceThenAtMostEveryIntervalThenItsEnd) {
  AckStallWatch watch(10s, 30s);
  const auto t0 = AckStallWatch::Clock::now();
  EXPECT_EQ(watch.observe(t0, 0, 100).say, Say::nothing);
  int told = 0;
  // 95 s without an acknowledgement while 2,000 messages wait, observed every 100 ms.
  for (int ds = 1; ds <= 950; ++ds) {
    const auto turn = watch.observe(t0 + std::chrono::milliseconds(ds * 100), 2000, 100);
    if (turn.say == Say::stalled) {
      ++told;
      EXPECT_GE(turn.stalled_for, 10s);
    }
    EXPECT_NE(turn.say, Say::resumed);
  }
  EXPECT_EQ(told, 3);  // at 10 s, 40 s and 70 s
  EXPECT_TRUE(watch.stalled());
  EXPECT_EQ(watch.stalled_for(), 95s);
  const auto back = watch.observe(t0 + 96s, 2000, 101);
  EXPECT_EQ(back.say, Say::resumed);
  EXPECT_EQ(back.stalled_for, 96s);
  EXPECT_FALSE(watch.stalled());
  EXPECT_EQ(watch.stalled_for(), 0s);
  EXPECT_EQ(watch.observe(t0 + 97s, 1500, 600).say, Say::nothing);
}

TEST(AckStallWatch, AShortPauseIsNotAStall) {
  AckStallWatch watch(10s, 30s);
  const auto t0 = AckStallWatch::Clock::now();
  watch.observe(t0, 10, 0);
  EXPECT_EQ(watch.observe(t0 + 9s, 10, 0).say, Say::nothing);
  EXPECT_EQ(watch.stalled_for(), 9s);
  // Acknowledged before the threshold: no telling, and no "resumed" either.
  EXPECT_EQ(watch.observe(t0 + 9500ms, 10, 5).say, Say::nothing);
}
