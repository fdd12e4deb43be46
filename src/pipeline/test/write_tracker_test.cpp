// The consumer's decisions without Kafka or a store: retries, dead letters, pauses and commits.
#include <gtest/gtest.h>

#include "pipeline/write_tracker.hpp"

using namespace jobstream::pipeline;
using jobstream::offer::OfferUpsert;
using jobstream::store::StoreResult;
using namespace std::chrono_literals;
using Clock = WriteTracker::Clock;

namespace {

const StoreResult stored{};
const StoreResult down{StoreResult::Status::retryable, "store unreachable"};

RetryPolicy policy() {
  RetryPolicy p;
  p.base = 100ms;
  p.max = 1s;
  p.max_attempts = 5;
  return p;
}

void start(WriteTracker& t, std::int32_t partition, std::int64_t offset) {
  t.start_record({partition, offset}, OfferUpsert{"O" + std::to_string(offset), "test", {}, "{}"}, "k", "v",
                 -1);
}

std::vector<MessageKey> writes_due(WriteTracker& t, Clock::time_point now) { return t.take_due(now).writes; }

}  // namespace

TEST(WriteTracker, BackoffDoublesFromTheBaseAndStopsAtTheCap) {
  WriteTracker t(policy());
  auto now = Clock::now();
  start(t, 0, 0);
  ASSERT_EQ(writes_due(t, now).size(), 1u);
  std::vector<long> waits;
  for (int i = 0; i < 6; ++i) {
    t.write_done({0, 0}, down, now);
    const auto* m = t.find({0, 0});
    ASSERT_NE(m, nullptr);
    waits.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(m->retry_at - now).count());
    EXPECT_TRUE(writes_due(t, now + 1ms).empty()) << "retried before its backoff";
    now = m->retry_at;
    ASSERT_EQ(writes_due(t, now).size(), 1u);
  }
  EXPECT_EQ(waits, (std::vector<long>{100, 200, 400, 800, 1000, 1000}));
}

TEST(WriteTracker, ARejectedWriteBecomesADeadLetterAndFinishesWhenDelivered) {
  WriteTracker t(policy());
  const auto now = Clock::now();
  start(t, 0, 0);
  writes_due(t, now);
  t.write_done({0, 0}, StoreResult{StoreResult::Status::rejected, "Invalid: Request is too big"}, now);
  const auto due = t.take_due(now);
  ASSERT_EQ(due.dead_letters, (std::vector<MessageKey>{{0, 0}}));
  EXPECT_TRUE(due.writes.empty());
  EXPECT_EQ(t.find({0, 0})->poison_reason, "store rejected the record: Invalid: Request is too big");
  EXPECT_EQ(t.offsets().committable(0), 0);
  t.dead_letter_done({0, 0}, DeadLetterOutcome::delivered, "", now);
  EXPECT_EQ(t.in_flight(), 0u);
  EXPECT_EQ(t.offsets().committable(0), 1);
  EXPECT_EQ(t.counts().dead_lettered, 1u);
}

TEST(WriteTracker, AFailedDeadLetterIsRetriedAfterItsBackoff) {
  WriteTracker t(policy());
  const auto now = Clock::now();
  t.start_poison({1, 7}, "k", "not json", "value is not JSON", -1);
  ASSERT_EQ(t.take_due(now).dead_letters.size(), 1u);
  t.dead_letter_done({1, 7}, DeadLetterOutcome::failed, "Local: Message timed out", now);
  EXPECT_TRUE(t.take_due(now + 50ms).dead_letters.empty());
  EXPECT_TRUE(t.should_pause());
  EXPECT_EQ(t.take_due(now + 100ms).dead_letters, (std::vector<MessageKey>{{1, 7}}));
  t.dead_letter_done({1, 7}, DeadLetterOutcome::delivered, "", now + 100ms);
  EXPECT_EQ(t.offsets().committable(1), 8);
}

TEST(WriteTracker, ADeadLetterTooLargeIsSentAgainCutThenAsHeadersOnly) {
  WriteTracker t(policy());
  const auto now = Clock::now();
  t.start_poison({0, 0}, "k", std::string(2'000'000, 'x'), "value is not JSON", -1);
  t.take_due(now);
  EXPECT_EQ(t.find({0, 0})->shrink, 0);
  t.dead_letter_done({0, 0}, DeadLetterOutcome::too_large, "Broker: Message size too large", now);
  EXPECT_EQ(t.take_due(now).dead_letters.size(), 1u) << "not sent again at once";
  EXPECT_EQ(t.find({0, 0})->shrink, 1);
  t.dead_letter_done({0, 0}, DeadLetterOutcome::too_large, "Broker: Message size too large", now);
  t.take_due(now);
  EXPECT_EQ(t.find({0, 0})->shrink, 2);
}

TEST(WriteTracker, ARevocationDropsTheInFlightMessagesOfThatPartition) {
  WriteTracker t(policy());
  const auto now = Clock::now();
  start(t, 0, 0);
  start(t, 1, 0);
  start(t, 0, 1);
  t.revoke(0);
  EXPECT_EQ(writes_due(t, now), (std::vector<MessageKey>{{1, 0}}));
  EXPECT_EQ(t.in_flight(0), 0u);
  EXPECT_EQ(t.in_flight(), 1u);
  t.write_done({0, 0}, stored, now);  // a late completion of a revoked partition
  EXPECT_EQ(t.find({0, 0}), nullptr);
  EXPECT_FALSE(t.offsets().committable(0));
  EXPECT_EQ(t.counts().stored, 0u);
}

TEST(WriteTracker, CommittableNeverPassesAWriteThatIsStillRetrying) {
  WriteTracker t(policy());
  auto now = Clock::now();
  for (int i = 0; i < 5; ++i) start(t, 0, i);
  writes_due(t, now);
  for (int i : {0, 1, 3, 4}) t.write_done({0, i}, stored, now);
  for (int round = 0; round < 30; ++round) {
    t.write_done({0, 2}, down, now);
    EXPECT_EQ(t.offsets().committable(0), 2) << "round " << round;
    EXPECT_EQ(t.offsets().uncommitted().at(0), 2);
    now = t.find({0, 2})->retry_at;
    writes_due(t, now);
  }
  t.write_done({0, 2}, stored, now);
  EXPECT_EQ(t.offsets().committable(0), 5);
}

TEST(WriteTracker, ARecordOutOfAttemptsIsGivenUpOnlyOnceTheStoreTakesOthers) {
  WriteTracker t(policy());
  auto now = Clock::now();
  start(t, 0, 0);
  writes_due(t, now);
  // A general outage: nothing is stored, so the record is never given up, however long it lasts.
  for (int i = 0; i < 12; ++i) {
    t.write_done({0, 0}, down, now);
    EXPECT_TRUE(t.take_due(now).dead_letters.empty());
    now = t.find({0, 0})->retry_at;
    writes_due(t, now);
  }
  EXPECT_TRUE(t.find({0, 0})->exhausted);
  // Out of attempts, it no longer holds consumption paused, so that other records show the store's state.
  t.write_done({0, 0}, down, now);
  EXPECT_FALSE(t.should_pause());
  start(t, 0, 1);
  writes_due(t, now);
  t.write_done({0, 1}, stored, now + 1ms);
  now = t.find({0, 0})->retry_at;
  writes_due(t, now);
  t.write_done({0, 0}, down, now);
  const auto due = t.take_due(now);
  ASSERT_EQ(due.dead_letters, (std::vector<MessageKey>{{0, 0}}));
  EXPECT_NE(t.find({0, 0})->poison_reason.find("failed this record 14 times while storing others"),
            std::string::npos)
      << t.find({0, 0})->poison_reason;
}

TEST(WriteTracker, WritesWithAttemptsLeftPauseConsumptionWhileTheyWait) {
  WriteTracker t(policy());
  const auto now = Clock::now();
  start(t, 0, 0);
  start(t, 1, 0);
  writes_due(t, now);
  t.write_done({0, 0}, down, now);
  EXPECT_TRUE(t.should_pause());
  t.write_done({1, 0}, stored, now);
  EXPECT_TRUE(t.should_pause());
  writes_due(t, now + 100ms);  // the retry is sent: nothing waits any more
  EXPECT_FALSE(t.should_pause());
}
