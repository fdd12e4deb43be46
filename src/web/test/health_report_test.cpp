#include "web/health_report.hpp"

#include <gtest/gtest.h>

namespace jobstream::web {
namespace {

analytics::Timestamp at(const char* iso) { return *analytics::parse_timestamp(iso); }

HealthReport ready_report() {
  HealthReport report;
  report.checked_at = at("2026-11-24T18:00:00Z");
  report.live.snapshot_loaded = true;
  report.live.offers = 42;
  report.live.updated_at = at("2026-11-24T17:59:59.500Z");
  report.live.last_harvested_at = at("2026-11-24T17:55:00Z");
  report.feed_phase = "following";
  KafkaHealth kafka;
  kafka.topic = "francetravail.offers";
  kafka.group = "jobstream-consumer";
  kafka.dead_letter_topic = "francetravail.offers.dead-letters";
  kafka.topic_exists = true;
  kafka.partitions = {{0, 10, 0, 15}, {1, -1, 3, 7}, {2, 9, 0, 9}};
  kafka.dead_letters = 2;
  report.kafka = kafka;
  return report;
}

TEST(HealthReportTest, LagIsEndMinusCommittedPerPartitionAndInTotal) {
  const auto json = to_json(ready_report());
  EXPECT_EQ(json["schema"], "jobstream.health/1");
  EXPECT_EQ(json["status"], "ok");
  const auto& kafka = json["kafka"];
  // Partition 1 committed nothing: its lag counts from the partition's start, like consume does.
  EXPECT_EQ(kafka["partitions"][0]["lag"], 5);
  EXPECT_EQ(kafka["partitions"][1]["lag"], 4);
  EXPECT_TRUE(kafka["partitions"][1]["committed"].is_null());
  EXPECT_EQ(kafka["partitions"][2]["lag"], 0);
  EXPECT_EQ(kafka["lag"], 9);
  EXPECT_EQ(kafka["dead_letters"], 2);
  EXPECT_EQ(json["engine"]["offers"], 42);
  EXPECT_EQ(json["engine"]["updated_at"], "2026-11-24T17:59:59.500Z");
  EXPECT_EQ(json["last_harvest"], "2026-11-24T17:55:00.000Z");
  EXPECT_TRUE(json["kafka_error"].is_null());
}

TEST(HealthReportTest, StatusSaysLoadingThenDegradedWhenKafkaIsAway) {
  auto report = ready_report();
  report.live.snapshot_loaded = false;
  EXPECT_EQ(to_json(report)["status"], "loading");
  report.live.snapshot_loaded = true;
  report.kafka.reset();
  report.kafka_error = "reading the metadata of francetravail.offers: Local: Broker transport failure";
  const auto json = to_json(report);
  EXPECT_EQ(json["status"], "degraded");
  EXPECT_TRUE(json["kafka"].is_null());
  EXPECT_EQ(json["kafka_error"], report.kafka_error);
}

TEST(HealthReportTest, UnknownInstantsAreNull) {
  HealthReport report;
  const auto json = to_json(report);
  EXPECT_TRUE(json["last_harvest"].is_null());
  EXPECT_TRUE(json["engine"]["updated_at"].is_null());
  EXPECT_TRUE(json["engine"]["feed_error"].is_null());
}

}  // namespace
}  // namespace jobstream::web
