#include "pipeline/pipeline_metrics.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;

// Readiness of the consumer, state by state (the metrics are the process's: the test walks one
// consumer's life in order).
TEST(ConsumerReadiness, FollowsTheConsumersStates) {
  auto& m = jobstream::pipeline::pipeline_metrics();
  const auto stall = 60s;
  const auto now = std::chrono::system_clock::now();
  EXPECT_EQ(m.consumer_not_ready(stall, now), "not consuming yet");

  m.consumer_loop();
  EXPECT_EQ(m.consumer_not_ready(stall), "no partition assigned");

  m.assigned(3);
  EXPECT_EQ(m.consumer_not_ready(stall), std::nullopt);

  // The loop stops turning: not ready once the stall limit passed.
  const auto later = std::chrono::system_clock::now() + 2min;
  const auto stalled = m.consumer_not_ready(stall, later);
  ASSERT_TRUE(stalled);
  EXPECT_NE(stalled->find("consume loop stalled"), std::string::npos);

  // The store fails: still ready within the limit, not ready past it, ready again once it answers.
  m.store_failing(true);
  EXPECT_EQ(m.consumer_not_ready(stall), std::nullopt);
  const auto failing = m.consumer_not_ready(stall, std::chrono::system_clock::now() + 2min);
  ASSERT_TRUE(failing);
  EXPECT_NE(failing->find("store failing"), std::string::npos);
  m.store_failing(false);
  m.consumer_loop();
  EXPECT_EQ(m.consumer_not_ready(stall), std::nullopt);

  // A revocation leaves it without partitions.
  m.assigned(0);
  EXPECT_EQ(m.consumer_not_ready(stall), "no partition assigned");
}

// The producer stops being ready while Kafka acknowledges nothing, and is ready again after.
TEST(ProducerReadiness, FollowsAcknowledgementStalls) {
  auto& m = jobstream::pipeline::pipeline_metrics();
  EXPECT_EQ(m.producer_not_ready(10s), std::nullopt);
  m.acknowledgements_stalled(9s);
  EXPECT_EQ(m.producer_not_ready(10s), std::nullopt);
  m.acknowledgements_stalled(42s);
  const auto reason = m.producer_not_ready(10s);
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("acknowledged nothing for 42 s"), std::string::npos) << *reason;
  m.acknowledgements_stalled(0s);
  EXPECT_EQ(m.producer_not_ready(10s), std::nullopt);
}
