// A snapshot is trusted only when it describes the pipeline `serve` follows now; each refusal
// says why in one line.
#include "web/snapshot_trust.hpp"

#include <gtest/gtest.h>

namespace jobstream::web {
namespace {

struct Case {
  SnapshotMeta saved;
  PipelineNow now;
};

Case matching() {
  Case c;
  c.saved.facts_version = c.now.facts_version = 3;
  c.saved.keyspace = c.now.keyspace = "jobstream";
  c.saved.topic = c.now.topic = "francetravail.offers";
  c.saved.table_id = c.now.table_id = "0011";
  c.saved.positions = {{0, 100}, {1, 0}};
  c.now.partitions = {{0, 90, 0, 150}, {1, -1, 0, 0}};
  return c;
}

std::string refusal(const Case& c) { return snapshot_refusal(c.saved, c.now).value_or("(trusted)"); }

TEST(SnapshotTrustTest, AMatchingSnapshotIsTrusted) {
  EXPECT_EQ(refusal(matching()), "(trusted)");
  auto c = matching();
  c.now.partitions[0].start = 100;  // retention reached exactly the saved position: nothing lost
  c.now.partitions[0].end = 100;
  EXPECT_EQ(refusal(c), "(trusted)");
}

TEST(SnapshotTrustTest, EachDifferenceIsRefusedWithItsReason) {
  auto c = matching();
  c.now.facts_version = 4;
  EXPECT_EQ(refusal(c), "it holds facts of version 3, this build makes version 4");
  c = matching();
  c.now.keyspace = "other";
  EXPECT_EQ(refusal(c), "it was taken from keyspace 'jobstream', not 'other'");
  c = matching();
  c.now.topic = "t2";
  EXPECT_EQ(refusal(c), "it followed topic 'francetravail.offers', not 't2'");
  c = matching();
  c.now.table_id = "0022";
  EXPECT_EQ(
      refusal(c),
      "the table jobstream.offers has id 0022, the snapshot was taken from id 0011 (dropped and created again?)");
  c = matching();
  c.now.partitions.push_back({2, -1, 0, 0});
  EXPECT_EQ(refusal(c), "the topic francetravail.offers has 3 partitions, the snapshot knew 2");
  c = matching();
  c.now.partitions[1].partition = 5;
  EXPECT_EQ(refusal(c), "partition 5 of francetravail.offers is not in the snapshot");
  c = matching();
  c.now.partitions[0].start = 101;
  EXPECT_EQ(
      refusal(c),
      "partition 0 of francetravail.offers starts at offset 101 (retention deleted records), the snapshot "
      "stopped at 100");
  c = matching();
  c.now.partitions[0].end = 99;
  EXPECT_EQ(
      refusal(c),
      "partition 0 of francetravail.offers ends at offset 99, before the snapshot's 100 (topic created again?)");
}

}  // namespace
}  // namespace jobstream::web
