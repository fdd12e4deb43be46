#include "kafka/partition_offsets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

using jobstream::kafka::PartitionOffsets;

TEST(PartitionOffsets, CommitNeverPassesAnUnfinishedMessage) {
  PartitionOffsets o;
  EXPECT_EQ(o.committable(0), std::nullopt);
  for (std::int64_t off = 10; off < 15; ++off) o.start(0, off);
  EXPECT_EQ(o.committable(0), 10);
  o.finish(0, 12);
  o.finish(0, 11);
  EXPECT_EQ(o.committable(0), 10) << "10 is still in flight";
  o.finish(0, 10);
  EXPECT_EQ(o.committable(0), 13);
  o.finish(0, 14);
  EXPECT_EQ(o.committable(0), 13);
  o.finish(0, 13);
  EXPECT_EQ(o.committable(0), 15) << "all done: next to read";
  EXPECT_EQ(o.in_flight(), 0u);
}

TEST(PartitionOffsets, PartitionsAreIndependentAndCommitsAreReportedOnce) {
  PartitionOffsets o;
  o.start(0, 0);
  o.start(1, 100);
  o.start(1, 101);
  o.finish(1, 100);
  auto u = o.uncommitted();
  EXPECT_EQ(u.at(0), 0);
  EXPECT_EQ(u.at(1), 101);
  o.mark_committed(1, 101);
  o.mark_committed(0, 0);
  EXPECT_TRUE(o.uncommitted().empty());
  o.finish(1, 101);
  EXPECT_EQ(o.uncommitted().at(1), 102);
  EXPECT_EQ(o.in_flight(0), 1u);
  EXPECT_EQ(o.in_flight(1), 0u);
}

TEST(PartitionOffsets, RevokedPartitionIsForgottenAndLateFinishesIgnored) {
  PartitionOffsets o;
  o.start(3, 5);
  o.drop(3);
  o.finish(3, 5);
  EXPECT_EQ(o.committable(3), std::nullopt);
  EXPECT_EQ(o.in_flight(), 0u);
}

TEST(PartitionOffsets, ForgottenCommitsAreReportedAgain) {
  PartitionOffsets o;
  o.start(0, 7);
  o.finish(0, 7);
  o.start(2, 3);  // unfinished: partition 2 may commit up to 3
  o.mark_committed(0, 8);
  EXPECT_EQ(o.uncommitted(), (std::map<std::int32_t, std::int64_t>{{2, 3}}));
  o.mark_committed(2, 3);
  EXPECT_TRUE(o.uncommitted().empty());
  o.forget_commits();
  EXPECT_EQ(o.uncommitted(), (std::map<std::int32_t, std::int64_t>{{0, 8}, {2, 3}}));
}

TEST(PartitionOffsets, RandomOutOfOrderCompletionMatchesTheLowestUnfinished) {
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    PartitionOffsets o;
    std::vector<std::int64_t> pending;
    for (std::int64_t off = 0; off < 200; ++off) {
      o.start(7, off);
      pending.push_back(off);
    }
    std::shuffle(pending.begin(), pending.end(), rng);
    std::vector<bool> done(200, false);
    for (auto off : pending) {
      o.finish(7, off);
      done[static_cast<std::size_t>(off)] = true;
      const auto first_unfinished = std::find(done.begin(), done.end(), false) - done.begin();
      ASSERT_EQ(o.committable(7), first_unfinished);
    }
  }
}
