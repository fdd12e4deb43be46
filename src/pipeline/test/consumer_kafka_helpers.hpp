#pragma once
// What the consumer tests against the real broker share: fresh topic settings per test, publishing
// offers and raw messages, reading the dead-letter topic back, and running a consumer with a
// watchdog. Apart so that the consumer's tests can be split by theme.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kafka/produce.hpp"
#include "pipeline/offer_consumer.hpp"
#include "pipeline/offer_publisher.hpp"

namespace jobstream::pipeline::consumer_testing {

using namespace std::chrono_literals;

inline std::string bootstrap() {
  const char* v = std::getenv("KAFKA_BOOTSTRAP_SERVERS");
  return v && *v ? v : "127.0.0.1:9092";
}

inline jobstream::kafka::KafkaSettings fresh_settings() {
  static std::mt19937_64 rng(std::random_device{}());
  jobstream::kafka::KafkaSettings s;
  s.bootstrap_servers = bootstrap();
  s.topic = "consumer-test-" + std::to_string(rng() % 1000000000);
  s.dead_letter_topic = s.topic + ".dead-letters";
  s.group_id = s.topic + "-group";
  s.partitions = 4;
  return s;
}

inline void publish_offers(const jobstream::kafka::KafkaSettings& s, int count, int first = 0) {
  OfferPublisher publisher(s, "test", {},
                           std::filesystem::temp_directory_path() / "jobstream-test-refused.jsonl");
  for (int i = first; i < first + count; ++i) {
    jobstream::source::OfferSeen o;
    o.seq = static_cast<std::uint64_t>(i) + 1;
    o.id = "T" + std::to_string(i);
    o.raw_json = R"({"id":")" + o.id + R"(","intitule":"Offre n°)" + std::to_string(i) + "\"}";
    publisher.on_offer(o);
  }
  ASSERT_TRUE(publisher.flush(60s));
  ASSERT_EQ(publisher.delivered(), static_cast<std::uint64_t>(count));
}

inline void publish_raw(const jobstream::kafka::KafkaSettings& s,
                        const std::vector<std::pair<std::string, std::string>>& messages) {
  // Up to the broker's own limit (1,048,588 bytes by default), past the usual producer's 1,000,000.
  auto producer = make_kafka_client(
      RD_KAFKA_PRODUCER,
      make_kafka_conf({{"bootstrap.servers", s.bootstrap_servers}, {"message.max.bytes", "1048000"}}));
  for (const auto& [k, v] : messages) {
    jobstream::kafka::ProduceRequest request{s.topic, k, v, nullptr, nullptr};
    ASSERT_EQ(jobstream::kafka::produce(producer.get(), request), RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  ASSERT_EQ(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
}

struct DeadLetterSeen {
  std::size_t value_size = 0;
  std::map<std::string, std::string> headers;
};

/// Reads every message of the dead-letter topic with a fresh group: key -> headers and value size.
inline std::map<std::string, DeadLetterSeen> read_dead_letter_messages(
    const jobstream::kafka::KafkaSettings& s, std::size_t expected) {
  auto consumer =
      make_kafka_client(RD_KAFKA_CONSUMER, make_kafka_conf({{"bootstrap.servers", s.bootstrap_servers},
                                                            {"group.id", s.dead_letter_topic + "-reader"},
                                                            {"auto.offset.reset", "earliest"}}));
  rd_kafka_poll_set_consumer(consumer.get());
  PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(topics.get(), s.dead_letter_topic.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_subscribe(consumer.get(), topics.get());
  std::map<std::string, DeadLetterSeen> out;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (out.size() < expected && std::chrono::steady_clock::now() < deadline) {
    KafkaMessagePtr m(rd_kafka_consumer_poll(consumer.get(), 200));
    if (!m || m->err) continue;
    DeadLetterSeen seen;
    seen.value_size = m->len;
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m.get(), &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name = nullptr;
      const void* v = nullptr;
      size_t n = 0;
      for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &v, &n) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i)
        seen.headers[name] = std::string(static_cast<const char*>(v), n);
    }
    out[std::string(static_cast<const char*>(m->key), m->key_len)] = std::move(seen);
  }
  rd_kafka_consumer_close(consumer.get());
  return out;
}

/// key -> header jobstream.error (noting a missing source offset).
inline std::map<std::string, std::string> read_dead_letters(const jobstream::kafka::KafkaSettings& s,
                                                            std::size_t expected) {
  std::map<std::string, std::string> out;
  for (auto& [key, seen] : read_dead_letter_messages(s, expected)) {
    out[key] = seen.headers["jobstream.error"] +
               (seen.headers.count("jobstream.source.offset") ? "" : " (no source offset header)");
  }
  return out;
}

struct Outcome {
  ConsumerStats stats;
  bool left_by_itself = false;  ///< false: the watchdog had to stop it
};

/// Runs a consumer with until_caught_up; a watchdog stops it after `limit` if it never leaves.
inline Outcome run_until_caught_up(OfferConsumer& consumer, std::chrono::seconds limit) {
  std::stop_source stop;
  std::atomic<bool> fired{false};
  std::jthread watchdog([&](std::stop_token done) {
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait_for(lock, done, limit, [] { return false; });
    if (!done.stop_requested()) {
      fired = true;
      stop.request_stop();
    }
  });
  Outcome out;
  out.stats = consumer.run(stop.get_token());
  watchdog.request_stop();
  watchdog.join();
  out.left_by_itself = !fired;
  return out;
}

}  // namespace jobstream::pipeline::consumer_testing
