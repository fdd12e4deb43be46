// The consumer service against the real Kafka broker of the local stack, with an in-memory store
// that completes writes out of order on its own threads and can be made to fail.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "kafka/group_lag.hpp"
#include "kafka/produce.hpp"
#include "pipeline/offer_consumer.hpp"
#include "pipeline/offer_publisher.hpp"

using namespace jobstream::pipeline;
using namespace jobstream::offer;
using jobstream::store::OfferStore;
using jobstream::store::StoreResult;
using namespace std::chrono_literals;

namespace {

std::string bootstrap() {
  const char* v = std::getenv("KAFKA_BOOTSTRAP_SERVERS");
  return v && *v ? v : "127.0.0.1:9092";
}

jobstream::kafka::KafkaSettings fresh_settings() {
  static std::mt19937_64 rng(std::random_device{}());
  jobstream::kafka::KafkaSettings s;
  s.bootstrap_servers = bootstrap();
  s.topic = "consumer-test-" + std::to_string(rng() % 1000000000);
  s.dead_letter_topic = s.topic + ".dead-letters";
  s.group_id = s.topic + "-group";
  s.partitions = 4;
  return s;
}

/// Stores records in memory; two worker threads complete writes in random order after random
/// delays. While `failing` is set every write fails as retryable (the store is "down").
class MemoryStore : public OfferStore {
 public:
  MemoryStore() {
    for (int i = 0; i < 2; ++i) {
      _workers.emplace_back([this, i](std::stop_token stop) { work(stop, i); });
    }
  }
  ~MemoryStore() override {
    for (auto& w : _workers) w.request_stop();
    _cv.notify_all();
  }
  void write(const OfferRecord& record, std::function<void(StoreResult)> done) override {
    {
      std::lock_guard lock(_mutex);
      _queue.push_back({record, std::move(done)});
    }
    _cv.notify_one();
  }
  std::map<std::string, OfferRecord> rows() {
    std::lock_guard lock(_mutex);
    return _rows;
  }
  std::size_t writes() const { return _writes.load(); }
  std::atomic<bool> failing{false};
  /// Ids whose every write fails as retryable while the others are stored.
  void fail_forever(const std::string& id) {
    std::lock_guard lock(_mutex);
    _fail_forever.insert(id);
  }

 private:
  struct Job {
    OfferRecord record;
    std::function<void(StoreResult)> done;
  };
  void work(std::stop_token stop, int seed) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    while (!stop.stop_requested()) {
      Job job;
      {
        std::unique_lock lock(_mutex);
        _cv.wait_for(lock, 50ms, [&] { return !_queue.empty() || stop.stop_requested(); });
        if (_queue.empty()) continue;
        // Take from a random place: completions come back out of order.
        const auto i = std::uniform_int_distribution<std::size_t>(0, _queue.size() - 1)(rng);
        job = std::move(_queue[i]);
        _queue.erase(_queue.begin() + static_cast<std::ptrdiff_t>(i));
      }
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 200));
      if (failing.load() || fails_forever(record_id(job.record))) {
        job.done(StoreResult{StoreResult::Status::retryable, "store unreachable (test)"});
        continue;
      }
      {
        std::lock_guard lock(_mutex);
        _rows[record_id(job.record)] = job.record;
      }
      ++_writes;
      job.done(StoreResult{});
    }
  }
  bool fails_forever(const std::string& id) {
    std::lock_guard lock(_mutex);
    return _fail_forever.count(id) > 0;
  }
  std::set<std::string> _fail_forever;
  std::mutex _mutex;
  std::condition_variable _cv;
  std::deque<Job> _queue;
  std::map<std::string, OfferRecord> _rows;
  std::atomic<std::size_t> _writes{0};
  std::vector<std::jthread> _workers;
};

void publish_offers(const jobstream::kafka::KafkaSettings& s, int count, int first = 0) {
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

void publish_raw(const jobstream::kafka::KafkaSettings& s,
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
std::map<std::string, DeadLetterSeen> read_dead_letter_messages(const jobstream::kafka::KafkaSettings& s,
                                                                std::size_t expected) {
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
std::map<std::string, std::string> read_dead_letters(const jobstream::kafka::KafkaSettings& s,
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
Outcome run_until_caught_up(OfferConsumer& consumer, std::chrono::seconds limit) {
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

}  // namespace

TEST(OfferConsumer, StoresEveryOfferAndDeadLettersPoisonThenStopsWhenCaughtUp) {
  const auto s = fresh_settings();
  MemoryStore store;
  {
    // Creating the consumer first creates the topics.
    OfferConsumer warmup(s, store, ConsumerOptions{});
  }
  publish_offers(s, 3000);
  std::vector<std::pair<std::string, std::string>> poison;
  poison.reserve(30);
  for (int i = 0; i < 30; ++i) {
    poison.emplace_back("P" + std::to_string(i), i % 3 == 0   ? "not json"
                                                 : i % 3 == 1 ? "{\"schema\":\"x\"}"
                                                              : "{\"trunc");
  }
  publish_raw(s, poison);
  publish_offers(s, 2000, 3000);

  ConsumerOptions options;
  options.until_caught_up = true;
  options.max_in_flight = 64;
  OfferConsumer consumer(s, store, options);
  const auto stats = consumer.run({});

  const auto rows = store.rows();
  ASSERT_EQ(rows.size(), 5000u);
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(rows.count("T" + std::to_string(i))) << i;
  EXPECT_EQ(stats.stored, 5000u);
  EXPECT_EQ(stats.dead_lettered, 30u);
  const auto dead = read_dead_letters(s, 30);
  ASSERT_EQ(dead.size(), 30u);
  EXPECT_EQ(dead.at("P0"), "value is not JSON");
  EXPECT_EQ(dead.at("P1"), "unknown schema 'x'");
  EXPECT_EQ(dead.at("P2"), "value is not valid JSON");
}

/// The group's committed offsets, read again and again while a consumer runs (OffsetFetch from a
/// client of the same group.id that never joins it), each compared with what the store made durable.
class CommitWatcher {
 public:
  CommitWatcher(const jobstream::kafka::KafkaSettings& s, MemoryStore& store) : _store(store) {
    _thread = std::jthread([this, s](std::stop_token done) {
      auto reader = make_kafka_client(
          RD_KAFKA_CONSUMER,
          make_kafka_conf({{"bootstrap.servers", s.bootstrap_servers}, {"group.id", s.group_id}}));
      while (!done.stop_requested()) {
        const bool outage_before = _store.failing.load();
        std::int64_t committed = 0;
        try {
          for (const auto& p : jobstream::kafka::read_group_lag(reader.get(), s.topic, 10s)) {
            if (p.committed > 0) committed += p.committed;  // one partition's records up to its commit
          }
        } catch (const jobstream::kafka::KafkaError&) {
          continue;  // not answered in time: the next read counts
        }
        // Read after the offsets: rows only grow, so a commit of durable work never exceeds them.
        const auto durable = static_cast<std::int64_t>(_store.rows().size());
        _max_excess = std::max(_max_excess.load(), committed - durable);
        if (outage_before && _store.failing.load()) {
          ++_reads_in_outage;
          _max_committed_in_outage = std::max(_max_committed_in_outage.load(), committed);
        }
        std::this_thread::sleep_for(20ms);
      }
    });
  }
  void stop() {
    _thread.request_stop();
    _thread.join();
  }
  int reads_in_outage() const { return _reads_in_outage; }
  std::int64_t max_committed_in_outage() const { return _max_committed_in_outage; }
  std::int64_t max_excess() const { return _max_excess; }

 private:
  MemoryStore& _store;
  std::atomic<int> _reads_in_outage{0};
  std::atomic<std::int64_t> _max_committed_in_outage{0}, _max_excess{0};
  std::jthread _thread;
};

TEST(OfferConsumer, StoreOutageIsRetriedAndNothingIsCommittedPastIt) {
  const auto s = fresh_settings();
  MemoryStore store;
  publish_offers(s, 2000);
  store.failing = true;
  std::stop_source stop;
  ConsumerOptions options;
  options.retry_base = 20ms;
  options.retry_max = 200ms;
  options.until_caught_up = true;
  options.commit_interval = 100ms;  // commits keep being attempted during the outage
  CommitWatcher watcher(s, store);
  std::thread outage([&] {
    std::this_thread::sleep_for(3s);  // the outage lasts 3 s, whatever the consumer does meanwhile
    store.failing = false;
  });
  OfferConsumer consumer(s, store, options);
  const auto stats = consumer.run(stop.get_token());
  outage.join();
  watcher.stop();
  EXPECT_GT(stats.retries, 0u);
  EXPECT_EQ(store.rows().size(), 2000u);
  EXPECT_EQ(stats.stored, 2000u);
  // The offsets were read during the outage and nothing was committed then; nor, at any read, past
  // what the store held.
  EXPECT_GT(watcher.reads_in_outage(), 5);
  EXPECT_EQ(watcher.max_committed_in_outage(), 0);
  EXPECT_LE(watcher.max_excess(), 0);
}

TEST(OfferConsumer, StoppedConsumerCommitsOnlyDurableWorkAndASuccessorFinishes) {
  const auto s = fresh_settings();
  publish_offers(s, 4000);
  MemoryStore first_store;
  std::stop_source stop;
  std::thread stopper([&] {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (first_store.writes() < 1500 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    stop.request_stop();
  });
  {
    OfferConsumer consumer(s, first_store, ConsumerOptions{});
    consumer.run(stop.get_token());
  }
  stopper.join();
  const auto first = first_store.rows();
  ASSERT_GE(first.size(), 1500u);

  // A successor in the same group with an empty store: everything the first one committed must be in
  // the first store (nothing skipped), and the successor must get all the rest.
  MemoryStore second_store;
  ConsumerOptions options;
  options.until_caught_up = true;
  OfferConsumer successor(s, second_store, options);
  successor.run({});
  const auto second = second_store.rows();
  for (int i = 0; i < 4000; ++i) {
    const auto id = "T" + std::to_string(i);
    ASSERT_TRUE(first.count(id) || second.count(id)) << id << " was lost between the two consumers";
  }
  EXPECT_LT(second.size(), 4000u) << "the first consumer's commits were not used";
}

TEST(OfferConsumer, ARecordTooBigForTheDeadLetterProducerGoesThereTruncatedAndThePartitionMovesOn) {
  const auto s = fresh_settings();
  MemoryStore store;
  { OfferConsumer warmup(s, store, ConsumerOptions{}); }
  publish_offers(s, 200);
  // Accepted by the broker, larger than the dead-letter producer's message.max.bytes (1,000,000).
  publish_raw(s, {{"HUGE", std::string(1'020'000, 'x')}});
  publish_offers(s, 200, 200);

  ConsumerOptions options;
  options.until_caught_up = true;
  options.drain_deadline = 5s;
  OfferConsumer consumer(s, store, options);
  const auto outcome = run_until_caught_up(consumer, 60s);
  EXPECT_TRUE(outcome.left_by_itself) << "consume --until-caught-up never caught up";
  EXPECT_EQ(outcome.stats.dead_lettered, 1u);
  EXPECT_EQ(store.rows().size(), 400u);
  auto dead = read_dead_letter_messages(s, 1);
  ASSERT_EQ(dead.count("HUGE"), 1u);
  auto& huge = dead.at("HUGE");
  EXPECT_EQ(huge.headers["jobstream.error"], "value is not JSON");
  EXPECT_EQ(huge.headers["jobstream.truncated.original.size"], "1020000");
  EXPECT_FALSE(huge.headers["jobstream.source.offset"].empty());
  EXPECT_LT(huge.value_size, 1'000'000u);
  EXPECT_GT(huge.value_size, 0u);
}

TEST(OfferConsumer, ARecordTheStoreKeepsFailingIsDeadLetteredAfterBoundedRetries) {
  const auto s = fresh_settings();
  MemoryStore store;
  store.fail_forever("T150");
  publish_offers(s, 300);

  ConsumerOptions options;
  options.until_caught_up = true;
  options.retry_base = 10ms;
  options.retry_max = 50ms;
  options.drain_deadline = 5s;
  OfferConsumer consumer(s, store, options);
  const auto outcome = run_until_caught_up(consumer, 60s);
  EXPECT_TRUE(outcome.left_by_itself) << "consume --until-caught-up never caught up";
  EXPECT_EQ(outcome.stats.dead_lettered, 1u);
  EXPECT_EQ(store.rows().size(), 299u);
  const auto dead = read_dead_letters(s, 1);
  ASSERT_EQ(dead.count("T150"), 1u);
  EXPECT_NE(dead.at("T150").find("times while storing others"), std::string::npos) << dead.at("T150");
}
