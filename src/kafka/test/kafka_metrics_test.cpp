#include "kafka/kafka_metrics.hpp"

#include <gtest/gtest.h>

using jobstream::kafka::parse_statistics;

namespace {

// The shape of librdkafka's statistics (STATISTICS.md), cut to the fields jobstream reads.
const char* consumer_report = R"({
  "name": "jobstream-consumer#consumer-1", "client_id": "jobstream-consumer", "type": "consumer",
  "msg_cnt": 0, "msg_size": 0, "replyq": 3,
  "brokers": {
    "127.0.0.1:9092/bootstrap": {"nodeid": -1, "state": "UP", "rtt": {"avg": 0}},
    "127.0.0.1:9092/1": {"nodeid": 1, "state": "UP", "rtt": {"avg": 2500}},
    "127.0.0.1:9093/2": {"nodeid": 2, "state": "DOWN", "rtt": {"avg": 0}}
  },
  "topics": {"francetravail.offers": {"partitions": {
    "0": {"partition": 0, "consumer_lag": 12},
    "1": {"partition": 1, "consumer_lag": -1},
    "-1": {"partition": -1, "consumer_lag": -1}
  }}}
})";

}  // namespace

TEST(KafkaStatistics, ReadsQueuesBrokersAndLagOfAssignedPartitions) {
  const auto s = parse_statistics(consumer_report);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->client_id, "jobstream-consumer");
  EXPECT_EQ(s->reply_queue, 3);
  EXPECT_EQ(s->brokers_up, 1);  // the bootstrap entry is not a broker of the cluster
  ASSERT_EQ(s->brokers.size(), 2u);
  EXPECT_EQ(s->brokers[0].node_id, 1);
  EXPECT_DOUBLE_EQ(s->brokers[0].rtt_seconds, 0.0025);
  ASSERT_EQ(s->consumer_lag.size(), 1u);  // unknown lags and the internal partition are left out
  EXPECT_EQ(s->consumer_lag[0].topic, "francetravail.offers");
  EXPECT_EQ(s->consumer_lag[0].partition, 0);
  EXPECT_EQ(s->consumer_lag[0].messages, 12);
}

TEST(KafkaStatistics, RefusesWhatIsNotAReport) {
  EXPECT_FALSE(parse_statistics("not json"));
  EXPECT_FALSE(parse_statistics("{}"));
  EXPECT_FALSE(parse_statistics("[1, 2]"));
}

TEST(KafkaStatistics, BrokersUpIsKnownOnlyAfterAReport) {
  EXPECT_FALSE(jobstream::kafka::brokers_up("jobstream-test-client"));
  jobstream::kafka::record_statistics(
      R"({"client_id": "jobstream-test-client", "brokers": {"b/1": {"nodeid": 1, "state": "DOWN"}}})");
  EXPECT_EQ(jobstream::kafka::brokers_up("jobstream-test-client"), 0);
  jobstream::kafka::record_statistics(
      R"({"client_id": "jobstream-test-client", "brokers": {"b/1": {"nodeid": 1, "state": "UP"}}})");
  EXPECT_EQ(jobstream::kafka::brokers_up("jobstream-test-client"), 1);
}
