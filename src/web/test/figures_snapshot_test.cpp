// The snapshot file: written atomically, read back to the same figures and meta, and a damaged,
// truncated or foreign file refused with a clear SnapshotError naming the path, never a crash.
#include "web/figures_snapshot.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "analytics/figures_json.hpp"
#include "analytics/offer_facts.hpp"
#include "web/live_figures.hpp"
#include "web/test/offer_json.hpp"

namespace jobstream::web {
namespace {

namespace fs = std::filesystem;
using testing::offer_json;

analytics::Timestamp at(const char* iso) { return *analytics::parse_timestamp(iso); }

class FiguresSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    _dir = fs::temp_directory_path() / ("jobstream-snapshot-test-" + std::to_string(::getpid()));
    fs::create_directories(_dir);
    figures.apply_stored({
        {"A1", offer_json("A1", "75056", "2026-11-02T10:00:00Z"), {}, at("2026-11-20T08:00:00Z")},
        {"A2",
         offer_json("A2", "97611", "2026-11-03T10:00:00Z", "K2111", "CDD"),
         at("2026-11-10T00:00:00Z"),
         {}},
        {"A3", offer_json("A3", "2A004", "2026-11-04T10:00:00Z", "M1810", "MIS"), {}, {}},
        {"GONE", "", at("2026-11-12T00:00:00Z"), {}},  // a withdrawal before its offer
    });
    meta.facts_version = analytics::facts_code_version;
    meta.keyspace = "jobstream";
    meta.topic = "francetravail.offers";
    meta.table_id = "00112233445566778899aabbccddeeff";
    meta.positions = {{0, 120}, {1, 0}, {2, 7}};
    meta.written_at_ms = 1'764'000'000'000;
    meta.last_harvested_at = at("2026-11-20T08:00:00Z");
  }
  void TearDown() override { fs::remove_all(_dir); }

  std::string file_bytes() {
    analytics::ByteWriter body;
    write_snapshot_meta(meta, body);
    figures.write_image(body);
    write_snapshot_file(path(), body.bytes());
    return file_content();
  }
  std::string file_content() const {
    std::ifstream in(path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
  }
  // Files in the test's directory: the snapshot alone once a write is over, never a temporary.
  std::size_t files_in_dir() const {
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(_dir)) ++entries;
    return entries;
  }
  fs::path path() const { return _dir / "figures.snapshot"; }

  LiveFigures figures;
  SnapshotMeta meta;
  fs::path _dir;
};

std::vector<analytics::Filter> filters() {
  std::vector<analytics::Filter> all(4);
  all[1].departements = {"976"};
  all[2].contract_types = {"CDI", "MIS"};
  all[3].rome_codes = {"M18"};
  return all;
}

TEST_F(FiguresSnapshotTest, RoundTripKeepsMetaAndFigures) {
  file_bytes();
  auto loaded = read_snapshot_file(path());
  EXPECT_EQ(loaded.meta.facts_version, meta.facts_version);
  EXPECT_EQ(loaded.meta.keyspace, meta.keyspace);
  EXPECT_EQ(loaded.meta.topic, meta.topic);
  EXPECT_EQ(loaded.meta.table_id, meta.table_id);
  EXPECT_EQ(loaded.meta.positions, meta.positions);
  EXPECT_EQ(loaded.meta.written_at_ms, meta.written_at_ms);
  EXPECT_EQ(loaded.meta.last_harvested_at, meta.last_harvested_at);
  EXPECT_EQ(loaded.file_bytes, fs::file_size(path()));

  LiveFigures restored;
  restored.restore(std::move(loaded.engine), loaded.meta.last_harvested_at);
  EXPECT_EQ(restored.status().offers, 3u);
  EXPECT_EQ(restored.status().last_harvested_at, meta.last_harvested_at);
  for (const auto& f : filters()) {
    EXPECT_EQ(analytics::to_json_text(restored.query(f)), analytics::to_json_text(figures.query(f)));
  }
  // The withdrawn offer stays withdrawn; the pending withdrawal applies when its offer comes.
  EXPECT_EQ(analytics::to_json(restored.query({}))["totals"]["withdrawn"], 1);
  for (auto* live : {&figures, &restored}) {
    live->apply_stored({{"GONE", offer_json("GONE", "75056", "2026-11-05T10:00:00Z"), {}, {}}});
  }
  EXPECT_EQ(analytics::to_json(restored.query({}))["totals"]["withdrawn"], 2);
  EXPECT_EQ(analytics::to_json_text(restored.query({})), analytics::to_json_text(figures.query({})));
}

TEST_F(FiguresSnapshotTest, WritingReplacesTheFileAndLeavesNoTemporary) {
  file_bytes();
  meta.positions = {{0, 500}, {1, 3}, {2, 9}};
  file_bytes();
  EXPECT_EQ(read_snapshot_file(path()).meta.positions, meta.positions);
  EXPECT_EQ(files_in_dir(), 1u);
}

TEST_F(FiguresSnapshotTest, AStreamedWriteGivesTheSameFileAsAWholeBody) {
  const auto whole = file_bytes();
  // Pieces of at least 7 bytes: many, and cut anywhere, even inside a number or a text.
  std::size_t pieces = 0;
  {
    SnapshotFileWriter file(path());
    analytics::ByteWriter body(7, [&](std::string_view piece) {
      ++pieces;
      file.append(piece);
    });
    write_snapshot_meta(meta, body);
    figures.write_image(body);
    body.flush();
    EXPECT_TRUE(body.bytes().empty());
    file.commit();
  }
  EXPECT_GT(pieces, 20u);
  EXPECT_EQ(file_content(), whole);
}

TEST_F(FiguresSnapshotTest, AWriteGivenUpBeforeCommitLeavesTheOldFile) {
  const auto good = file_bytes();
  {
    SnapshotFileWriter file(path());
    file.append("half of a new snapshot");
  }  // e.g. an exception while the image was written
  EXPECT_EQ(read_snapshot_file(path()).meta.positions, meta.positions);
  EXPECT_EQ(files_in_dir(), 1u);
}

TEST_F(FiguresSnapshotTest, DecodingTellsWhatItWillNotReadAgain) {
  const auto good = file_bytes();
  std::vector<std::size_t> consumed;
  decode_snapshot(good, [&](std::size_t n) { consumed.push_back(n); });
  ASSERT_FALSE(consumed.empty());
  EXPECT_TRUE(std::is_sorted(consumed.begin(), consumed.end()));
  EXPECT_LE(consumed.back(), good.size());
}

TEST_F(FiguresSnapshotTest, AnUnwritableDirectoryIsAnError) {
  EXPECT_THROW(write_snapshot_file(_dir / "missing" / "figures.snapshot", "body"), SnapshotError);
}

std::string error_of(const std::string& bytes) {
  try {
    decode_snapshot(bytes);
  } catch (const SnapshotError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST_F(FiguresSnapshotTest, EachKindOfDamageHasItsMessage) {
  const auto good = file_bytes();
  EXPECT_EQ(error_of(""), "truncated: 0 bytes, shorter than the header");
  auto bad_magic = good;
  bad_magic[0] = 'X';
  EXPECT_EQ(error_of(bad_magic), "not a figures snapshot (bad magic)");
  auto other_version = good;
  other_version[8] = 99;
  EXPECT_EQ(error_of(other_version), "format version 99, this build reads 1");
  EXPECT_NE(error_of(good.substr(0, good.size() - 1)).find("truncated or extended"), std::string::npos);
  EXPECT_NE(error_of(good + "x").find("truncated or extended"), std::string::npos);
  auto flipped = good;
  flipped[good.size() / 2] ^= 0x10;
  EXPECT_EQ(error_of(flipped), "checksum mismatch (the file is damaged)");
  EXPECT_EQ(error_of(good), "(accepted)");
}

TEST_F(FiguresSnapshotTest, TheFileErrorNamesThePath) {
  const auto good = file_bytes();
  std::ofstream(path(), std::ios::binary | std::ios::trunc) << good.substr(0, good.size() / 2);
  try {
    read_snapshot_file(path());
    FAIL() << "a truncated file was accepted";
  } catch (const SnapshotError& e) {
    EXPECT_NE(std::string(e.what()).find(path().string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_snapshot_file(_dir / "none"), SnapshotError);
}

TEST_F(FiguresSnapshotTest, EveryTruncationAndManyBitFlipsAreRefusedCleanly) {
  const auto good = file_bytes();
  for (std::size_t size = 0; size < good.size(); ++size) {
    EXPECT_NE(error_of(good.substr(0, size)), "(accepted)") << "cut at " << size;
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    auto damaged = good;
    damaged[rng() % damaged.size()] ^= static_cast<char>(1 << (rng() % 8));
    EXPECT_NE(error_of(damaged), "(accepted)");
  }
}

}  // namespace
}  // namespace jobstream::web
