#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "common/test/settings_testing.hpp"
#include "source/ack_ledger.hpp"
#include "source/api_time.hpp"
#include "source/harvest_state.hpp"
#include "source/search_query.hpp"
#include "source/source_settings.hpp"

namespace jobstream::source {
namespace {

TEST(ApiTime, FormatsAndParsesTheApiForms) {
  const auto t = parse_api_time("2024-07-29T00:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_api_time(*t), "2024-07-29T00:00:00Z");
  EXPECT_EQ(format_api_time(*parse_api_time("2024-08-30T16:52:28.632Z")), "2024-08-30T16:52:28Z");
  EXPECT_EQ(format_api_time(*parse_api_time("2022-11-23T18:11:36.000Z")), "2022-11-23T18:11:36Z");
  EXPECT_EQ(format_api_time(*parse_api_time("2024-03-31T03:00:00+02:00")), "2024-03-31T01:00:00Z");
  EXPECT_EQ(format_api_time(*parse_api_time("2024-03-31T03:00:00")), "2024-03-31T03:00:00Z");
  for (const char* bad : {"", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01",
                          "2024-01-01T00:00:00Q", "2024-01-01T00:00:00.Z", "yesterday"}) {
    EXPECT_FALSE(parse_api_time(bad)) << bad;
  }
}

TEST(SearchQuery, SendsDateColonsRawAndEncodesTheRest) {
  SearchQuery q;
  q.min_creation = parse_api_time("2024-07-29T00:00:00Z");
  q.max_creation = parse_api_time("2024-07-30T12:30:00Z");
  q.departement = "2A,75";
  q.type_contrat = "CDI";
  EXPECT_EQ(q.to_query_string(150, 299),
            "range=150-299&sort=1&minCreationDate=2024-07-29T00:00:00Z&maxCreationDate=2024-07-30T12:30:00Z"
            "&departement=2A,75&typeContrat=CDI");
  EXPECT_EQ(percent_encode("a b&c=é"), "a%20b%26c%3D%C3%A9");
  SearchQuery only_min;
  only_min.min_creation = q.min_creation;  // the API wants both dates or none
  EXPECT_EQ(only_min.to_query_string(0, 149), "range=0-149&sort=1");
}

TEST(AckLedger, ReleasesInSequenceWhateverTheAckOrder) {
  AckLedger ledger;
  std::vector<std::uint64_t> seqs;
  for (int i = 0; i < 5; ++i) {
    LedgerEntry entry;
    entry.id = "id" + std::to_string(i);
    seqs.push_back(ledger.append(entry));
  }
  EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(ledger.acknowledge(3));
  EXPECT_TRUE(ledger.acknowledge(2));
  EXPECT_FALSE(ledger.pop_released());  // 1 still pending holds everything back
  EXPECT_TRUE(ledger.acknowledge(1));
  std::vector<std::string> released;
  while (auto e = ledger.pop_released()) released.push_back(e->id);
  EXPECT_EQ(released, (std::vector<std::string>{"id0", "id1", "id2"}));
  EXPECT_FALSE(ledger.acknowledge(3));   // already released
  EXPECT_FALSE(ledger.acknowledge(99));  // unknown
  EXPECT_EQ(ledger.pending(), 2u);
}

TEST(AckLedger, RandomOrderReleasesEverythingExactlyOnceInOrder) {
  AckLedger ledger;
  std::vector<std::uint64_t> seqs;
  seqs.reserve(1000);
  for (int i = 0; i < 1000; ++i) seqs.push_back(ledger.append(LedgerEntry{}));
  std::shuffle(seqs.begin(), seqs.end(), std::mt19937_64(3));
  std::uint64_t expected = 1;
  for (auto s : seqs) {
    ledger.acknowledge(s);
    while (auto e = ledger.pop_released()) EXPECT_EQ(e->seq, expected++);
  }
  EXPECT_EQ(expected, 1001u);
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         fmt::format("jobstream-source-test-{}-{}", ::getpid(), name);
}

TEST(HarvestState, RoundTripsThroughAnAtomicFile) {
  HarvestState s;
  s.watermark = parse_api_time("2026-11-24T10:00:00Z");
  s.sweep_epoch = 4;
  s.last_sweep_started = parse_api_time("2026-11-24T04:00:00Z");
  s.sweep = SweepProgress{5,
                          *parse_api_time("2026-11-24T10:05:00Z"),
                          {Slice{*parse_api_time("2026-01-01T00:00:00Z"),
                                 *parse_api_time("2026-02-01T00:00:00Z"),
                                 {{"departement", "2A"}, {"codeROME", "M1805,K2204"}},
                                 true,
                                 {},
                                 0,
                                 0}},
                          60000};
  // The older rest of a walked window keeps what its first answer is checked against.
  Slice rest{
      *parse_api_time("2025-06-01T00:00:00Z"), *parse_api_time("2025-06-03T14:02:09Z"), {}, false, {}, 0, 0};
  rest.walked_to = parse_api_time("2025-06-03T12:02:09Z");
  rest.walk_top = *parse_api_time("2025-06-10T00:00:00Z");
  s.sweep->pending.push_back(rest);
  s.known["180HSFM"] = KnownOffer{0xfedcba9876543210ull, 4, 1};
  s.known["2430874"] = KnownOffer{1, 3, 0};
  s.source = "https://api.example/partenaire/offresdemploi/v2";
  s.last_complete_total = 987654;
  const auto dir = temp_path("state");
  const auto path = dir / "nested" / "source-state.json";
  s.save(path);
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  const auto back = HarvestState::load(path);
  EXPECT_EQ(back.source, s.source);
  EXPECT_EQ(back.watermark, s.watermark);
  EXPECT_EQ(back.sweep_epoch, 4u);
  EXPECT_EQ(back.last_sweep_started, s.last_sweep_started);
  ASSERT_TRUE(back.sweep);
  EXPECT_EQ(back.sweep->pending, s.sweep->pending);
  EXPECT_FALSE(back.sweep->pending.front().walked_to);
  EXPECT_EQ(back.sweep->pending.back().walked_to, rest.walked_to);
  EXPECT_EQ(back.sweep->pending.back().walk_top, rest.walk_top);
  EXPECT_EQ(back.sweep->expected_total, 60000);
  EXPECT_EQ(back.last_complete_total, 987654);
  ASSERT_EQ(back.known.size(), 2u);
  EXPECT_EQ(back.known.at("180HSFM").fingerprint, 0xfedcba9876543210ull);
  EXPECT_EQ(back.known.at("180HSFM").misses, 1u);
  std::filesystem::remove_all(dir);
}

TEST(HarvestState, MissingFileIsAFreshStartAndCorruptFileIsAClearError) {
  const auto path = temp_path("corrupt.json");
  std::filesystem::remove(path);
  const auto fresh = HarvestState::load(path);
  EXPECT_FALSE(fresh.watermark);
  EXPECT_TRUE(fresh.known.empty());
  std::ofstream(path) << R"({"version":1,"watermark":"not a date"})";
  try {
    HarvestState::load(path);
    FAIL() << "a corrupt state must not load";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
  }
  std::ofstream(path) << "{truncated";
  EXPECT_THROW(HarvestState::load(path), std::runtime_error);
  std::filesystem::remove(path);
}

using common::settings_testing::reader;

TEST(SourceSettings, DefaultsFollowTheContract) {
  auto env = reader({{"JOBSTREAM_STATE_DIR", "/tmp/js"}});
  const auto s = SourceSettings::from_environment(env);
  EXPECT_EQ(s.token_url,
            "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire");
  EXPECT_EQ(s.api_url, "https://api.francetravail.io/partenaire/offresdemploi/v2");
  EXPECT_EQ(s.scope, "api_offresdemploiv2 o2dsoffre");
  EXPECT_EQ(s.page_size, 150);
  EXPECT_EQ(s.result_cap, 3150);
  EXPECT_EQ(s.state_dir, "/tmp/js");
  EXPECT_EQ(s.state_file, "/tmp/js/source-state.json");
  EXPECT_FALSE(s.state_file_given);
  EXPECT_FALSE(s.has_credentials());
}

TEST(SourceSettings, AStateFileOfItsOwnIsKeptApartFromTheStateDirectory) {
  auto env =
      reader({{"JOBSTREAM_STATE_DIR", "/tmp/js"}, {"JOBSTREAM_SOURCE_STATE_FILE", "/elsewhere/state.json"}});
  const auto s = SourceSettings::from_environment(env);
  EXPECT_EQ(s.state_dir, "/tmp/js") << "the refused offers stay in the state directory";
  EXPECT_EQ(s.state_file, "/elsewhere/state.json");
  EXPECT_TRUE(s.state_file_given);
  auto replay = reader({{"JOBSTREAM_STATE_DIR", "/tmp/js"}});
  EXPECT_EQ(read_state_dir(replay), "/tmp/js");
}

TEST(SourceSettings, ReportsEveryProblemWithoutTheSecret) {
  auto env = reader({{"FT_CLIENT_SECRET", "s3cr3t-value-0123456789"},
                     {"FT_API_URL", "ftp://example"},
                     {"FT_PAGE_SIZE", "200"},
                     {"FT_RATE_LIMIT", "0"},
                     {"FT_SWEEP_START", "last year"}});
  try {
    SourceSettings::from_environment(env);
    FAIL() << "invalid settings accepted";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("FT_CLIENT_ID and FT_CLIENT_SECRET"), std::string::npos);
    EXPECT_NE(what.find("FT_API_URL"), std::string::npos);
    EXPECT_NE(what.find("FT_PAGE_SIZE"), std::string::npos);
    EXPECT_NE(what.find("FT_RATE_LIMIT"), std::string::npos);
    EXPECT_NE(what.find("FT_SWEEP_START"), std::string::npos);
    EXPECT_EQ(what.find("s3cr3t"), std::string::npos);
  }
  SourceSettings s;
  s.client_id = "PAR_app";
  s.client_secret = common::Secret("s3cr3t");
  EXPECT_NO_THROW(s.validate());
  EXPECT_EQ(fmt::format("{}", s.client_secret), "***");
}

TEST(SourceSettings, ASweepStartInTheFutureIsRefused) {
  auto env = reader({{"FT_SWEEP_START", "9999-12-31T00:00:00Z"}});
  EXPECT_THROW(SourceSettings::from_environment(env), std::invalid_argument);
  ASSERT_EQ(env.errors().size(), 1u);
  EXPECT_NE(env.errors()[0].find("future"), std::string::npos) << env.errors()[0];
  auto past = reader({{"FT_SWEEP_START", "2020-01-01T00:00:00Z"}});
  EXPECT_NO_THROW(SourceSettings::from_environment(past));
}

TEST(SourceSettings, ReadOnlyRecordsTheProblemsSoACommandListsThemWithItsOthers) {
  auto env = reader({{"FT_PAGE_SIZE", "200"}, {"FT_SWEEP_START", "9999-01-01T00:00:00Z"}});
  EXPECT_NO_THROW(SourceSettings::read(env));
  env.integer("KAFKA_PARTITIONS", 6, 1, 10);  // a later stage's setting, read by the same reader
  EXPECT_EQ(env.errors().size(), 2u);
  EXPECT_THROW(env.throw_if_invalid(), std::invalid_argument);
}

}  // namespace
}  // namespace jobstream::source
