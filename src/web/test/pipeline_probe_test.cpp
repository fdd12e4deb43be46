#include "web/pipeline_probe.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "web/live_backend.hpp"

namespace jobstream::web {
namespace {

using Clock = std::chrono::steady_clock;

kafka::KafkaSettings unreachable() {
  kafka::KafkaSettings settings;
  settings.bootstrap_servers = "127.0.0.1:1";  // nothing listens there
  settings.topic = "offers";
  settings.dead_letter_topic = "offers.dead-letters";
  return settings;
}

TEST(PipelineProbeTest, AnUnreachableKafkaFailsWithinTheDeadline) {
  PipelineProbe probe(unreachable());
  const auto started = Clock::now();
  EXPECT_THROW(probe.check(std::chrono::milliseconds(500)), kafka::KafkaError);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace jobstream::web

namespace jobstream::web {
namespace {

TEST(LiveBackendTest, HealthSaysWhatFailsWhenKafkaAndCassandraAreAway) {
  const auto kafka = unreachable();
  LiveFigures figures;
  LiveFeed feed(
      kafka, "jobstream",
      []() -> std::unique_ptr<cql::Session> { throw std::runtime_error("cassandra is away"); }, figures);
  LiveBackend backend(figures, feed, kafka);
  const auto started = Clock::now();
  const auto health = backend.health();
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(health["status"], "loading");
  EXPECT_TRUE(health["kafka"].is_null());
  EXPECT_FALSE(health["kafka_error"].get<std::string>().empty());
  EXPECT_FALSE(health["engine"]["ready"].get<bool>());
  // The figures still answer, over what is held (nothing yet).
  EXPECT_EQ(backend.figures({}).totals.offers, 0);
}

}  // namespace
}  // namespace jobstream::web
