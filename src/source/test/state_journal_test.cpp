// The state journal: a snapshot plus an append-only log of changed offers; what survives a torn
// append, a stale log, and how many bytes a checkpoint writes once many offers are known.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "source/state_journal.hpp"

namespace jobstream::source {
namespace {

class StateJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    _dir = std::filesystem::temp_directory_path() / fmt::format("jobstream-journal-test-{}", ::getpid());
    std::filesystem::remove_all(_dir);
  }
  void TearDown() override { std::filesystem::remove_all(_dir); }
  std::filesystem::path path() const { return _dir / "source-state.json"; }

  std::filesystem::path _dir;
};

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Writes one checkpoint of `state` through `journal`.
void checkpoint(StateJournal& journal, HarvestState& state) { journal.write(journal.prepare(state)); }

HarvestState with_offers(int n) {
  HarvestState s;
  s.source = "https://api.example/v2";
  for (int i = 0; i < n; ++i)
    s.known[fmt::format("{:07d}", i)] = KnownOffer{static_cast<std::uint64_t>(i) * 31, 1, 0};
  return s;
}

TEST_F(StateJournalTest, AppendsOnlyTheChangesAndReadsThemBack) {
  auto state = with_offers(10000);
  StateJournal journal(path());
  (void)journal.load();
  checkpoint(journal, state);  // the first checkpoint writes a snapshot
  EXPECT_EQ(journal.stats().compactions, 1);
  const auto snapshot_bytes = std::filesystem::file_size(path());

  state.known["0000007"] = KnownOffer{0xabcdefull, 2, 0};
  state.known.erase("0000008");
  state.known["NEW 1\"x"] = KnownOffer{5, 2, 1};  // an id a plain line could not hold
  state.watermark = parse_api_time("2026-11-30T10:00:00Z");
  state.sweep = SweepProgress{2,
                              *parse_api_time("2026-11-30T09:00:00Z"),
                              {Slice{*parse_api_time("2026-01-01T00:00:00Z"),
                                     *parse_api_time("2026-02-01T00:00:00Z"),
                                     {{"departement", "75"}},
                                     false,
                                     {},
                                     0,
                                     0}},
                              10000};
  checkpoint(journal, state);
  EXPECT_EQ(journal.stats().appends, 1);
  EXPECT_LT(journal.stats().append_bytes, 600) << "three changes, not ten thousand offers";
  EXPECT_EQ(std::filesystem::file_size(path()), snapshot_bytes) << "the snapshot is not rewritten";

  StateJournal again(path());
  const auto back = again.load();
  EXPECT_EQ(back.known.size(), 10000u);
  EXPECT_EQ(back.known.at("0000007").fingerprint, 0xabcdefull);
  EXPECT_FALSE(back.known.contains("0000008"));
  EXPECT_EQ(back.known.at("NEW 1\"x").misses, 1u);
  EXPECT_EQ(back.watermark, state.watermark);
  ASSERT_TRUE(back.sweep);
  EXPECT_EQ(back.sweep->pending, state.sweep->pending);
  EXPECT_EQ(back.source, state.source);
}

TEST_F(StateJournalTest, ATornAppendLosesThatCheckpointOnly) {
  auto state = with_offers(100);
  StateJournal journal(path());
  (void)journal.load();
  checkpoint(journal, state);
  state.known["0000001"] = KnownOffer{111, 1, 0};
  checkpoint(journal, state);  // durable
  {
    // A crash in the middle of the next append: records without their commit line, a cut line.
    std::ofstream log(journal.log_path(), std::ios::app | std::ios::binary);
    log << "+0000002\t" << std::hex << 222 << " 1 0\n+00000";
  }
  StateJournal after(path());
  auto back = after.load();
  EXPECT_EQ(back.known.at("0000001").fingerprint, 111u);
  EXPECT_EQ(back.known.at("0000002").fingerprint, 2u * 31) << "an uncommitted record is not applied";

  // The torn tail is cut away, so the next append is readable.
  back.known["0000003"] = KnownOffer{333, 1, 0};
  checkpoint(after, back);
  EXPECT_EQ(after.stats().appends, 1);
  StateJournal third(path());
  EXPECT_EQ(third.load().known.at("0000003").fingerprint, 333u);

  // A committed batch whose bytes changed fails its hash and is dropped with what follows.
  std::string text = read_all(third.log_path());
  const auto at = text.find("+0000003\t");
  ASSERT_NE(at, std::string::npos);
  text[at + 9] = text[at + 9] == '1' ? '2' : '1';
  std::ofstream(third.log_path(), std::ios::binary | std::ios::trunc) << text;
  StateJournal fourth(path());
  EXPECT_EQ(fourth.load().known.at("0000003").fingerprint, 3u * 31);
}

TEST_F(StateJournalTest, ALogOfAnotherSnapshotIsStaleAndANewSnapshotComesWhenTheLogOutgrowsIt) {
  auto state = with_offers(200);
  StateJournal journal(path());
  (void)journal.load();
  checkpoint(journal, state);
  const auto first_log = read_all(journal.log_path());
  // Changing every offer appends about a snapshot's worth: the next checkpoint compacts.
  for (int round = 2; round < 5; ++round) {
    for (int i = 0; i < 200; ++i)
      state.known[fmt::format("{:07d}", i)].sweep_epoch = static_cast<std::uint32_t>(round);
    checkpoint(journal, state);
  }
  EXPECT_GE(journal.stats().compactions, 2);
  EXPECT_LE(std::filesystem::file_size(journal.log_path()),
            std::max<std::uintmax_t>(std::filesystem::file_size(path()), 4096));
  StateJournal reread(path());
  EXPECT_EQ(reread.load().known.at("0000199").sweep_epoch, 4u);

  // A crash between the new snapshot and its log leaves the old log, naming the old generation:
  // the snapshot alone is the state.
  const auto snapshot_only = HarvestState::load(path());
  ASSERT_GE(snapshot_only.generation, 2u);
  std::ofstream(journal.log_path(), std::ios::binary | std::ios::trunc)
      << first_log << "+0000005\t0 9 9\n=0000000000000000 {}\n";
  StateJournal stale(path());
  const auto back = stale.load();
  EXPECT_EQ(back.known.at("0000005").sweep_epoch, snapshot_only.known.at("0000005").sweep_epoch);
  EXPECT_EQ(back.known.at("0000005").misses, 0u);
  EXPECT_EQ(back.known.size(), 200u);
}

TEST_F(StateJournalTest, AStateFileOfTheWholeDocumentFormatLoadsAndMigrates) {
  auto state = with_offers(50);
  state.save(path());  // as written before the log existed: no generation, no log
  StateJournal journal(path());
  auto back = journal.load();
  EXPECT_EQ(back.known.size(), 50u);
  checkpoint(journal, back);
  EXPECT_EQ(journal.stats().compactions, 1) << "the first checkpoint writes a snapshot with its log";
  EXPECT_TRUE(std::filesystem::exists(journal.log_path()));
}

}  // namespace
}  // namespace jobstream::source
