// The consumer service against the real Kafka broker of the local stack, with an in-memory store
// that completes writes out of order on its own threads and can be made to fail: every offer
// stored, commits that never pass durable work, through an outage and a stop.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "consumer_kafka_helpers.hpp"
#include "kafka/group_lag.hpp"
#include "memory_store.hpp"

using namespace jobstream::pipeline;
using namespace jobstream::pipeline::consumer_testing;
using namespace std::chrono_literals;

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
