// The policy that keeps dead nodes out of routing and notices their return (no sockets).
#include <gtest/gtest.h>

#include "cql/node_health.hpp"

using namespace jobstream::cql;
using namespace std::chrono_literals;

TEST(CqlNodeHealth, DownNodeIsSkippedUntilItsRetryTimeThenProbedByOneCaller) {
  NodeHealth health(2s);
  const auto t0 = Clock::now();
  EXPECT_TRUE(health.usable("10.0.0.2:9042", t0));
  EXPECT_TRUE(health.mark_down("10.0.0.2:9042", t0));
  EXPECT_EQ(health.down_count(), 1u);
  EXPECT_FALSE(health.usable("10.0.0.2:9042", t0 + 1s));
  EXPECT_TRUE(health.usable("10.0.0.3:9042", t0 + 1s)) << "other nodes are not affected";
  EXPECT_TRUE(health.usable("10.0.0.2:9042", t0 + 2s)) << "one probe once the retry time has come";
  EXPECT_FALSE(health.usable("10.0.0.2:9042", t0 + 2s + 10ms)) << "only one caller probes";
  EXPECT_TRUE(health.mark_up("10.0.0.2:9042")) << "the return is noticed";
  EXPECT_FALSE(health.mark_up("10.0.0.2:9042"));
  EXPECT_TRUE(health.usable("10.0.0.2:9042", t0 + 2s + 20ms));
  EXPECT_EQ(health.downs(), 1u);
  EXPECT_EQ(health.returns(), 1u);
  EXPECT_EQ(health.down_count(), 0u);
}

TEST(CqlNodeHealth, RepeatedFailuresCountOnceAndTheControlNodeIsNeverMarked) {
  NodeHealth health(1s);
  const auto t0 = Clock::now();
  health.mark_down("a:1", t0);
  EXPECT_FALSE(health.mark_down("a:1", t0 + 500ms));  // a failed probe pushes the retry time back
  EXPECT_FALSE(health.usable("a:1", t0 + 1200ms));
  EXPECT_TRUE(health.usable("a:1", t0 + 1600ms));
  EXPECT_EQ(health.downs(), 1u);
  health.mark_down("", t0);
  EXPECT_TRUE(health.usable("", t0));
}
