// Smoke test of the stack's real Kafka broker through librdkafka: 10,000 keyed messages produced to a
// new topic come back whole (count, keys, payload bytes). Prints the client and broker versions.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>

namespace {

struct KafkaDeleter {
  void operator()(rd_kafka_t* k) const { rd_kafka_destroy(k); }
};
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
struct TopicListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using KafkaPtr = std::unique_ptr<rd_kafka_t, KafkaDeleter>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

std::string bootstrap() {
  const char* v = std::getenv("KAFKA_BOOTSTRAP_SERVERS");
  return v && *v ? v : "127.0.0.1:9092";
}

KafkaPtr make_client(rd_kafka_type_t type, std::map<std::string, std::string> settings) {
  settings["bootstrap.servers"] = bootstrap();
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      ADD_FAILURE() << k << ": " << err;
      return nullptr;
    }
  }
  rd_kafka_t* k = rd_kafka_new(type, conf, err, sizeof err);  // takes conf on success
  if (!k) {
    rd_kafka_conf_destroy(conf);
    ADD_FAILURE() << err;
  }
  return KafkaPtr(k);
}

// Runs one admin request and returns its result event (or nullptr after a 30 s deadline).
EventPtr admin_result(QueuePtr& queue) { return EventPtr(rd_kafka_queue_poll(queue.get(), 30000)); }

std::string broker_version(rd_kafka_t* k) {
  // librdkafka 2.0 has no call that returns the broker's release; its inter-broker protocol version
  // (a read-only broker config that defaults to the running release's newest, e.g. "3.9-IV0") does.
  QueuePtr queue(rd_kafka_queue_new(k));
  const rd_kafka_metadata_t* md = nullptr;
  std::string broker_id = "1";
  if (rd_kafka_metadata(k, 0, nullptr, &md, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR && md->broker_cnt > 0) {
    broker_id = std::to_string(md->brokers[0].id);
  }
  if (md) rd_kafka_metadata_destroy(md);
  rd_kafka_ConfigResource_t* res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, broker_id.c_str());
  rd_kafka_DescribeConfigs(k, &res, 1, nullptr, queue.get());
  auto ev = admin_result(queue);
  rd_kafka_ConfigResource_destroy(res);
  std::string version = "unknown";
  if (!ev) return version;
  const auto* result = rd_kafka_event_DescribeConfigs_result(ev.get());
  size_t n = 0;
  const rd_kafka_ConfigResource_t** resources =
      result ? rd_kafka_DescribeConfigs_result_resources(result, &n) : nullptr;
  for (size_t i = 0; i < n; ++i) {
    size_t nc = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(resources[i], &nc);
    for (size_t j = 0; j < nc; ++j) {
      if (std::string(rd_kafka_ConfigEntry_name(entries[j])) == "inter.broker.protocol.version") {
        const char* v = rd_kafka_ConfigEntry_value(entries[j]);
        if (v) version = v;
      }
    }
  }
  return version;
}

void create_topic(rd_kafka_t* k, const std::string& topic, int partitions) {
  QueuePtr queue(rd_kafka_queue_new(k));
  char err[512];
  rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, err, sizeof err);
  ASSERT_NE(nt, nullptr) << err;
  rd_kafka_CreateTopics(k, &nt, 1, nullptr, queue.get());
  auto ev = admin_result(queue);
  rd_kafka_NewTopic_destroy(nt);
  ASSERT_NE(ev, nullptr) << "CreateTopics timed out";
  size_t n = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev.get()), &n);
  ASSERT_EQ(n, 1u);
  ASSERT_EQ(rd_kafka_topic_result_error(results[0]), RD_KAFKA_RESP_ERR_NO_ERROR)
      << rd_kafka_topic_result_error_string(results[0]);
}

}  // namespace

TEST(KafkaSmoke, TenThousandKeyedMessagesComeBackWhole) {
  constexpr int count = 10000;
  std::mt19937 rng(std::random_device{}());
  const std::string topic = "smoke-" + std::to_string(rng());

  auto producer =
      make_client(RD_KAFKA_PRODUCER, {{"enable.idempotence", "true"}, {"compression.codec", "lz4"}});
  ASSERT_TRUE(producer);
  std::printf("librdkafka %s, Kafka broker inter.broker.protocol.version %s\n", rd_kafka_version_str(),
              broker_version(producer.get()).c_str());
  create_topic(producer.get(), topic, 3);

  std::map<std::string, std::string> sent;
  std::uniform_int_distribution<int> size(1, 4096);
  for (int i = 0; i < count; ++i) {
    std::string key = "offer-" + std::to_string(i);
    std::string value(static_cast<size_t>(size(rng)), '\0');
    for (auto& c : value) c = static_cast<char>(rng());  // arbitrary bytes, NULs included
    rd_kafka_resp_err_t err;
    // librdkafka's RD_KAFKA_V_* macros are C casts (and, as clang sees them, GNU statement expressions).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#ifdef __clang__
#pragma clang diagnostic ignored "-Wgnu-statement-expression"
#endif
    while ((err = rd_kafka_producev(
                producer.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
                RD_KAFKA_V_VALUE(value.data(), value.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(producer.get(), 100);
    }
#pragma GCC diagnostic pop
    ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
    sent.emplace(std::move(key), std::move(value));
  }
  ASSERT_EQ(rd_kafka_flush(producer.get(), 60000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(rd_kafka_outq_len(producer.get()), 0);

  auto consumer = make_client(
      RD_KAFKA_CONSUMER,
      {{"group.id", topic + "-group"}, {"auto.offset.reset", "earliest"}, {"enable.auto.commit", "false"}});
  ASSERT_TRUE(consumer);
  rd_kafka_poll_set_consumer(consumer.get());
  std::unique_ptr<rd_kafka_topic_partition_list_t, TopicListDeleter> subscription(
      rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(subscription.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  ASSERT_EQ(rd_kafka_subscribe(consumer.get(), subscription.get()), RD_KAFKA_RESP_ERR_NO_ERROR);

  std::map<std::string, std::string> received;
  std::size_t messages = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (messages < count && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer.get(), 500);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++messages;
      received[std::string(static_cast<const char*>(m->key), m->key_len)] =
          std::string(static_cast<const char*>(m->payload), m->len);
    } else {
      ASSERT_EQ(m->err, RD_KAFKA_RESP_ERR__PARTITION_EOF) << rd_kafka_message_errstr(m);
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(consumer.get());
  // Both clients go before the topic does: librdkafka 2.0 can hang for good in rd_kafka_destroy()
  // of a consumer whose subscribed topic was deleted under it.
  consumer.reset();
  producer.reset();

  EXPECT_EQ(messages, static_cast<std::size_t>(count)) << "every message exactly once";
  EXPECT_EQ(received.size(), sent.size());
  EXPECT_TRUE(received == sent) << "keys or payload bytes differ";

  // Leave the broker clean, through a handle that never knew the topic.
  auto admin = make_client(RD_KAFKA_PRODUCER, {});
  ASSERT_TRUE(admin);
  QueuePtr queue(rd_kafka_queue_new(admin.get()));
  rd_kafka_DeleteTopic_t* dt = rd_kafka_DeleteTopic_new(topic.c_str());
  rd_kafka_DeleteTopics(admin.get(), &dt, 1, nullptr, queue.get());
  EXPECT_NE(admin_result(queue), nullptr);
  rd_kafka_DeleteTopic_destroy(dt);
}
