// The producer and consumer services under Kafka faults a real broker won't produce on demand:
// librdkafka's in-process mock cluster, with errors injected into its answers (label mock).
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "kafka/group_lag.hpp"
#include "kafka/produce.hpp"
#include "pipeline/offer_consumer.hpp"
#include "pipeline/offer_publisher.hpp"

using namespace jobstream::pipeline;
using namespace std::chrono_literals;

namespace {

// Kafka protocol API keys (librdkafka keeps its names for them in an internal header).
constexpr std::int16_t produce_api = 0;
constexpr std::int16_t offset_commit_api = 8;

/// An in-process Kafka cluster of `brokers` brokers on loopback ports, owned by a client of its own.
class MockCluster {
 public:
  explicit MockCluster(int brokers) : _owner(make_kafka_client(RD_KAFKA_PRODUCER, make_kafka_conf({}))) {
    _cluster = rd_kafka_mock_cluster_new(_owner.get(), brokers);
    if (!_cluster) throw KafkaError("cannot start the mock cluster");
  }
  ~MockCluster() { rd_kafka_mock_cluster_destroy(_cluster); }
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  rd_kafka_mock_cluster_t* get() const { return _cluster; }

  /// Settings for the services, with their topics created (partitions, replicated on every broker).
  jobstream::kafka::KafkaSettings settings(int partitions, int replication) const {
    jobstream::kafka::KafkaSettings s;
    s.bootstrap_servers = rd_kafka_mock_cluster_bootstraps(_cluster);
    s.topic = "offers";
    s.dead_letter_topic = "offers.dead-letters";
    s.group_id = "mock-consumer";
    s.partitions = partitions;
    s.replication_factor = replication;
    for (const auto& t : {s.topic, s.dead_letter_topic}) {
      EXPECT_EQ(rd_kafka_mock_topic_create(_cluster, t.c_str(), partitions, replication),
                RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    return s;
  }

 private:
  KafkaPtr _owner;
  rd_kafka_mock_cluster_t* _cluster = nullptr;
};

/// Completes every write at once, on the caller's thread.
class InstantStore : public OfferStore {
 public:
  void write(const OfferRecord& record, std::function<void(StoreResult)> done) override {
    {
      std::lock_guard lock(_mutex);
      ++_rows[jobstream::offer::record_id(record)];
    }
    done(StoreResult{});
  }
  std::map<std::string, int> rows() {
    std::lock_guard lock(_mutex);
    return _rows;
  }

 private:
  std::mutex _mutex;
  std::map<std::string, int> _rows;  // offer id -> writes
};

std::filesystem::path refused_file() {
  return std::filesystem::temp_directory_path() / "jobstream-mock-refused.jsonl";
}

jobstream::source::OfferSeen offer(int i) {
  jobstream::source::OfferSeen o;
  o.seq = static_cast<std::uint64_t>(i) + 1;
  o.id = "M" + std::to_string(i);
  o.raw_json = R"({"id":")" + o.id + R"(","intitule":"Offre n°)" + std::to_string(i) + "\"}";
  return o;
}

/// Every message of `topic` from the beginning, key -> how many times it is there; reads until
/// `expected` messages came and then 1 s more, so a duplicate sent late is seen too.
std::map<std::string, int> read_topic(const jobstream::kafka::KafkaSettings& s, const std::string& topic,
                                      std::size_t expected) {
  auto consumer =
      make_kafka_client(RD_KAFKA_CONSUMER, make_kafka_conf({{"bootstrap.servers", s.bootstrap_servers},
                                                            {"group.id", topic + "-reader"},
                                                            {"enable.auto.commit", "false"}}));
  PartitionListPtr partitions(rd_kafka_topic_partition_list_new(s.partitions));
  for (int p = 0; p < s.partitions; ++p) {
    rd_kafka_topic_partition_list_add(partitions.get(), topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  EXPECT_EQ(rd_kafka_assign(consumer.get(), partitions.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::map<std::string, int> keys;
  std::size_t count = 0;
  auto until = std::chrono::steady_clock::now() + 60s;
  bool complete = false;
  while (std::chrono::steady_clock::now() < until) {
    KafkaMessagePtr m(rd_kafka_consumer_poll(consumer.get(), 100));
    if (!m || m->err) continue;
    ++keys[std::string(static_cast<const char*>(m->key), m->key_len)];
    if (++count >= expected && !complete) {
      complete = true;
      until = std::chrono::steady_clock::now() + 1s;
    }
  }
  rd_kafka_consumer_close(consumer.get());
  return keys;
}

/// The group's committed offset summed over the topic's partitions, read from outside the group.
std::int64_t committed_total(const jobstream::kafka::KafkaSettings& s) {
  auto reader = make_kafka_client(
      RD_KAFKA_CONSUMER,
      make_kafka_conf({{"bootstrap.servers", s.bootstrap_servers}, {"group.id", s.group_id}}));
  std::int64_t total = 0;
  for (const auto& p : jobstream::kafka::read_group_lag(reader.get(), s.topic, 10s)) {
    if (p.committed > 0) total += p.committed;
  }
  return total;
}

int errors_left(const MockCluster& cluster, std::int32_t broker, std::int16_t api) {
  std::size_t left = 0;
  EXPECT_EQ(rd_kafka_mock_broker_error_stack_cnt(cluster.get(), broker, api, &left),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  return static_cast<int>(left);
}

TEST(KafkaFaults, PublisherRidesOutNotEnoughReplicasAndALeaderChangeWithoutLossOrDuplicates) {
  MockCluster cluster(3);
  const auto s = cluster.settings(4, 3);
  std::mutex mutex;
  std::set<std::uint64_t> durable;
  OfferPublisher publisher(
      s, "mock",
      [&](std::uint64_t seq) {
        std::lock_guard lock(mutex);
        durable.insert(seq);
      },
      refused_file());

  // Every broker refuses its next produce requests: not enough in-sync replicas, then "not the
  // leader" (librdkafka refreshes its metadata and sends again).
  for (std::int32_t broker = 1; broker <= 3; ++broker) {
    rd_kafka_mock_broker_push_request_error_rtts(
        cluster.get(), broker, produce_api, 3, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 0,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 0, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, 0);
  }
  for (int i = 0; i < 300; ++i) publisher.on_offer(offer(i));
  // Every partition's leadership moves to another broker while the rest is sent.
  for (int p = 0; p < s.partitions; ++p)
    rd_kafka_mock_partition_set_leader(cluster.get(), s.topic.c_str(), p, 1 + (p + 1) % 3);
  for (int i = 300; i < 600; ++i) publisher.on_offer(offer(i));

  ASSERT_TRUE(publisher.flush(60s));
  EXPECT_EQ(publisher.delivered(), 600u);
  EXPECT_EQ(publisher.failed(), 0u);
  for (std::int32_t broker = 1; broker <= 3; ++broker) {
    EXPECT_EQ(errors_left(cluster, broker, produce_api), 0) << "broker " << broker << " was never refused";
  }
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(durable.size(), 600u);
  }
  const auto keys = read_topic(s, s.topic, 600);
  EXPECT_EQ(keys.size(), 600u);
  for (const auto& [key, times] : keys)
    EXPECT_EQ(times, 1) << key << " is on the topic " << times << " times";
}

TEST(KafkaFaults, ConsumerWhoseCommitsFailCommitsLaterAndLosesNothing) {
  MockCluster cluster(1);
  const auto s = cluster.settings(3, 1);
  {
    OfferPublisher publisher(s, "mock", {}, refused_file());
    for (int i = 0; i < 400; ++i) publisher.on_offer(offer(i));
    ASSERT_TRUE(publisher.flush(60s));
  }
  // The group coordinator (broker 1) refuses the next four commits.
  rd_kafka_mock_broker_push_request_error_rtts(
      cluster.get(), 1, offset_commit_api, 4, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, 0,
      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 0, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, 0,
      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 0);
  InstantStore store;
  ConsumerOptions options;
  options.until_caught_up = true;
  options.commit_interval = 50ms;
  OfferConsumer consumer(s, store, options);
  std::stop_source watchdog_stop;
  std::jthread watchdog([&](std::stop_token done) {
    for (int i = 0; i < 1200 && !done.stop_requested(); ++i) std::this_thread::sleep_for(100ms);
    if (!done.stop_requested()) watchdog_stop.request_stop();
  });
  const auto stats = consumer.run(watchdog_stop.get_token());
  watchdog.request_stop();
  EXPECT_FALSE(watchdog_stop.stop_requested()) << "the consumer never caught up";
  EXPECT_EQ(errors_left(cluster, 1, offset_commit_api), 0) << "the injected commit failures were not all met";
  EXPECT_EQ(stats.stored, 400u);
  EXPECT_EQ(store.rows().size(), 400u);
  EXPECT_EQ(committed_total(s), 400);
}

TEST(KafkaFaults, DeadLettersRefusedByTheBrokerAreSentAgainAndArrive) {
  MockCluster cluster(1);
  const auto s = cluster.settings(2, 1);
  {
    auto producer =
        make_kafka_client(RD_KAFKA_PRODUCER, make_kafka_conf({{"bootstrap.servers", s.bootstrap_servers}}));
    for (int i = 0; i < 5; ++i) {
      const auto key = "P" + std::to_string(i);
      jobstream::kafka::ProduceRequest request{s.topic, key, "not json", nullptr, nullptr};
      ASSERT_EQ(jobstream::kafka::produce(producer.get(), request), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    ASSERT_EQ(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  // The only producer from now on is the consumer's dead-letter producer: its first requests are
  // refused for good (not retried by librdkafka), so the consumer must send the letters again.
  rd_kafka_mock_broker_push_request_error_rtts(cluster.get(), 1, produce_api, 2,
                                               RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, 0,
                                               RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, 0);
  InstantStore store;
  ConsumerOptions options;
  options.until_caught_up = true;
  options.retry_base = 20ms;
  options.retry_max = 200ms;
  OfferConsumer consumer(s, store, options);
  const auto stats = consumer.run({});
  EXPECT_EQ(stats.dead_lettered, 5u);
  EXPECT_EQ(errors_left(cluster, 1, produce_api), 0) << "the injected produce failures were not all met";
  const auto letters = read_topic(s, s.dead_letter_topic, 5);
  EXPECT_EQ(letters.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(letters.count("P" + std::to_string(i)), 1u) << i;
  EXPECT_EQ(committed_total(s), 5);
}

}  // namespace
