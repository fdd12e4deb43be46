// SnapshotKeeper without Kafka or Cassandra: what it writes it restores, with the positions to tail
// from; a snapshot it must refuse, or a damaged file, leaves the figures untouched and never throws.
#include "web/snapshot_keeper.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "analytics/figures_json.hpp"
#include "web/test/offer_json.hpp"

namespace jobstream::web {
namespace {

namespace fs = std::filesystem;
using testing::offer_json;

class SnapshotKeeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("jobstream-keeper-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    settings.path = (dir / "figures.snapshot").string();
    figures.apply_stored({{"A1", offer_json("A1", "75056", "2026-11-02T10:00:00Z"), {}, {}},
                          {"A2", offer_json("A2", "2B033", "2026-11-03T10:00:00Z"), {}, {}}});
    SnapshotKeeper writer(settings, "jobstream", "offers", figures);
    writer.set_table_id("00aa");
    writer.write({{0, 40}, {1, 12}});
  }
  void TearDown() override { fs::remove_all(dir); }

  std::optional<std::vector<PartitionLag>> restore_into(LiveFigures& into, SnapshotSettings s,
                                                        const std::string& table_id = "00aa") {
    SnapshotKeeper reader(std::move(s), "jobstream", "offers", into);
    reader.set_table_id(table_id);
    return reader.restore(partitions);
  }

  fs::path dir;
  SnapshotSettings settings;
  LiveFigures figures;
  std::vector<PartitionLag> partitions{{0, 30, 0, 50}, {1, -1, 0, 12}};
};

TEST_F(SnapshotKeeperTest, WhatItWritesItRestoresWithThePositionsToTailFrom) {
  LiveFigures restored;
  const auto from = restore_into(restored, settings);
  ASSERT_TRUE(from);
  ASSERT_EQ(from->size(), 2u);
  EXPECT_EQ((*from)[0].committed, 40);  // the snapshot's position, not the group's commit
  EXPECT_EQ((*from)[1].committed, 12);
  EXPECT_EQ(restored.status().offers, 2u);
  EXPECT_EQ(analytics::to_json_text(restored.query({})), analytics::to_json_text(figures.query({})));
}

TEST_F(SnapshotKeeperTest, ARefusedOrDamagedSnapshotLeavesTheFiguresEmpty) {
  LiveFigures other_table;
  EXPECT_FALSE(restore_into(other_table, settings, "00bb"));
  EXPECT_EQ(other_table.status().offers, 0u);

  auto forced = settings;
  forced.full_read = true;
  LiveFigures full_read;
  EXPECT_FALSE(restore_into(full_read, forced));
  EXPECT_EQ(full_read.status().offers, 0u);

  fs::resize_file(settings.path, fs::file_size(settings.path) - 3);
  LiveFigures truncated;
  EXPECT_FALSE(restore_into(truncated, settings));
  EXPECT_EQ(truncated.status().offers, 0u);

  fs::remove(settings.path);
  LiveFigures none;
  EXPECT_FALSE(restore_into(none, settings));
}

TEST_F(SnapshotKeeperTest, NoSnapshotIsWrittenWithoutTheTableId) {
  fs::remove(settings.path);
  SnapshotKeeper keeper(settings, "jobstream", "offers", figures);
  EXPECT_THROW(keeper.write({{0, 1}}), SnapshotError);
  keeper.after_batch({{0, 1}}, TopicTail::Last::yes);  // logged, not thrown
  EXPECT_FALSE(fs::exists(settings.path));
}

}  // namespace
}  // namespace jobstream::web
