// The consumer's dead letters against the real broker: a record too big for the dead-letter
// producer, and a record the store keeps refusing, each set aside while the partition moves on.
#include <gtest/gtest.h>

#include "consumer_kafka_helpers.hpp"
#include "memory_store.hpp"

using namespace jobstream::pipeline;
using namespace jobstream::pipeline::consumer_testing;
using namespace std::chrono_literals;

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
