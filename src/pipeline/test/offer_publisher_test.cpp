// The offer publisher against the real Kafka broker of the local stack: offers that cannot be
// published are refused one by one and kept aside; the others are delivered.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "pipeline/offer_publisher.hpp"
#include "source/replay_source.hpp"

using namespace jobstream::pipeline;
using namespace std::chrono_literals;

namespace {

jobstream::kafka::KafkaSettings fresh_settings() {
  static std::mt19937_64 rng(std::random_device{}());
  jobstream::kafka::KafkaSettings s;
  const char* v = std::getenv("KAFKA_BOOTSTRAP_SERVERS");
  s.bootstrap_servers = v && *v ? v : "127.0.0.1:9092";
  s.topic = "publisher-test-" + std::to_string(rng() % 1000000000);
  s.dead_letter_topic = s.topic + ".dead-letters";
  s.partitions = 1;
  return s;
}

std::string offer_line(const std::string& id, std::size_t description_bytes = 10) {
  return nlohmann::json{{"id", id},
                        {"dateCreation", "2026-11-01T10:00:00.000Z"},
                        {"description", std::string(description_bytes, 'x')}}
      .dump();
}

class TempDir {
 public:
  TempDir()
      : _path(std::filesystem::temp_directory_path() /
              ("jobstream-publisher-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(_path);
    std::filesystem::create_directories(_path);
  }
  ~TempDir() { std::filesystem::remove_all(_path); }
  const std::filesystem::path& path() const { return _path; }

 private:
  std::filesystem::path _path;
};

}  // namespace

// One offer over 1 MB, and ids the consumer would reject, among good offers of a replayed dump:
// before, the first one threw out of produce --replay and nothing after it was published.
TEST(OfferPublisher, RefusesOversizeOffersAndBadIdsAndPublishesTheRest) {
  TempDir dir;
  const auto dump = dir.path() / "dump.jsonl";
  {
    std::ofstream out(dump);
    out << offer_line("GOOD1") << '\n'
        << offer_line("HUGE1", 1'100'000) << '\n'
        << offer_line("ok 1") << '\n'
        << offer_line("\xc3\xa9") << '\n'
        << offer_line("GOOD2") << '\n';
  }
  const auto refused_file = dir.path() / "state" / "refused-offers.jsonl";
  std::mutex mutex;
  std::set<std::uint64_t> durable;
  const auto s = fresh_settings();
  OfferPublisher publisher(
      s, "test",
      [&](std::uint64_t seq) {
        std::lock_guard lock(mutex);
        durable.insert(seq);
      },
      refused_file);
  const auto report = jobstream::source::replay_json_lines(dump, publisher);
  EXPECT_EQ(report.offers, 5);
  ASSERT_TRUE(publisher.flush(60s));
  EXPECT_EQ(publisher.delivered(), 2u);
  EXPECT_EQ(publisher.failed(), 0u);
  EXPECT_EQ(publisher.refused(), 3u);
  {
    // Every line is handled (published or kept), so a harvest watermark can move past all of them.
    std::lock_guard lock(mutex);
    EXPECT_EQ(durable, (std::set<std::uint64_t>{1, 2, 3, 4, 5}));
  }

  std::ifstream in(refused_file);
  std::string line;
  std::vector<nlohmann::json> kept;
  while (std::getline(in, line)) kept.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0]["id"], "HUGE1");
  EXPECT_NE(kept[0]["reason"].get<std::string>().find("1000000 bytes"), std::string::npos)
      << kept[0]["reason"];
  // Kept whole: the record with the offer as served, description included.
  EXPECT_EQ(kept[0]["record"]["offer"]["description"].get<std::string>().size(), 1'100'000u);
  EXPECT_GT(kept[0]["bytes"].get<std::size_t>(), 1'100'000u);
  EXPECT_EQ(kept[1]["id"], "ok 1");
  EXPECT_EQ(kept[2]["id"], "\xc3\xa9");
  EXPECT_NE(kept[1]["reason"].get<std::string>().find("offer id refused"), std::string::npos);
}
