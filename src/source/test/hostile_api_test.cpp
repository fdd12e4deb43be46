// The harvest against an API on a bad day (in-process fake): it must not believe answers that went
// wrong, must end whatever the answers, and must bound what it holds in memory.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <stop_token>
#include <thread>

#include "fake_api.hpp"
#include "source/harvester.hpp"
#include "source/source_error.hpp"

namespace jobstream::source {
namespace {

using namespace std::chrono_literals;
using testing::FakeApi;
using testing::FakeOffer;

class RecordingSink : public OfferSink {
 public:
  void on_offer(const OfferSeen& o) override {
    std::lock_guard lock(mutex);
    ids.insert(o.id);
  }
  void on_withdrawn(const OfferWithdrawn& w) override {
    std::lock_guard lock(mutex);
    withdrawn.insert(w.id);
  }
  std::mutex mutex;
  std::set<std::string> ids, withdrawn;
};

void fill(FakeApi& fake, int n) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  for (int i = 0; i < n; ++i) {
    const auto id = fmt::format("{:03}H{:03}", i / 1000, i % 1000);
    const auto created = now - std::chrono::minutes(7 * i + 3);
    fake.put(FakeOffer{id, created, "75",
                       fmt::format(R"({{"id":"{}","dateCreation":"{}"}})", id, format_api_time(created))});
  }
}

SourceSettings settings_for(const FakeApi& api, const std::string& name) {
  SourceSettings s = testing::fake_api_settings(api);
  s.backoff_base = 5ms;
  s.backoff_max = 20ms;
  s.result_cap = 300;
  s.page_size = 50;
  const auto path =
      std::filesystem::temp_directory_path() / fmt::format("jobstream-hostile-{}-{}.json", ::getpid(), name);
  std::filesystem::remove(path);
  s.state_file = path.string();
  return s;
}

/// A sweep given 30 s to end on its own; stopped after that (a sweep that would never end).
HarvestReport bounded_sweep(Harvester& h, std::stop_source& stop) {
  auto done = std::async(std::launch::async, [&] { return h.full_sweep(); });
  if (done.wait_for(30s) != std::future_status::ready) stop.request_stop();
  return done.get();
}

TEST(HostileApi, AnApiAnswering204ToEverythingWithdrawsNothing) {
  FakeApi fake;
  fill(fake, 500);
  const auto settings = settings_for(fake, "204");
  RecordingSink sink;
  Harvester h(settings, sink, {});
  ASSERT_TRUE(h.full_sweep().complete);
  ASSERT_EQ(sink.ids.size(), 500u);
  fake.answer_204 = true;  // every search and every GET /offres/{id}
  const auto second = h.full_sweep();
  EXPECT_FALSE(second.complete);
  EXPECT_TRUE(second.suspect);
  EXPECT_EQ(second.withdrawn, 0);
  EXPECT_TRUE(sink.withdrawn.empty()) << sink.withdrawn.size() << " offers withdrawn";
  // The API recovers: the next sweep is believed again, and still withdraws nothing.
  fake.answer_204 = false;
  const auto third = h.full_sweep();
  EXPECT_TRUE(third.complete);
  EXPECT_TRUE(sink.withdrawn.empty());
}

TEST(HostileApi, AWindowOverTheCapAnsweredWithNoOfferIsSplitNotWalked) {
  FakeApi fake;
  fill(fake, 500);
  // The whole window claims 500 offers (over the cap of 300) and serves none on any of its pages:
  // there is no oldest offer to walk on from.
  std::vector<testing::ScriptedAnswer> pages;
  for (int from = 0; from < 300; from += 50) {
    pages.push_back(
        {206, R"({"resultats":[]})", {{"Content-Range", fmt::format("offres {}-{}/500", from, from + 49)}}});
  }
  fake.script(pages);
  RecordingSink sink;
  Harvester h(settings_for(fake, "empty-walk"), sink, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(sink.ids.size(), 500u);
  EXPECT_EQ(report.walks, 0);
  EXPECT_GT(report.splits, 0);
}

TEST(HostileApi, ASweepFarSmallerThanTheLastCompleteOneWithdrawsNothing) {
  FakeApi fake;
  fill(fake, 500);
  RecordingSink sink;
  Harvester h(settings_for(fake, "drop"), sink, {});
  ASSERT_TRUE(h.full_sweep().complete);
  for (int i = 100; i < 500; ++i) fake.remove(fmt::format("{:03}H{:03}", i / 1000, i % 1000));
  const auto second = h.full_sweep();  // 100 of 500: a fall of 80%
  EXPECT_TRUE(second.suspect);
  EXPECT_TRUE(sink.withdrawn.empty());
}

TEST(HostileApi, AnApiIgnoringTheDateFiltersCannotMakeASweepSplitForever) {
  FakeApi fake;
  fill(fake, 500);
  fake.ignore_filters = true;
  fake.claimed_total = 10000;  // and a Content-Range that never falls
  std::stop_source stop;
  RecordingSink sink;
  Harvester h(settings_for(fake, "ignored"), sink, {}, stop.get_token());
  const auto report = bounded_sweep(h, stop);
  EXPECT_FALSE(stop.stop_requested()) << "the sweep did not end on its own";
  EXPECT_FALSE(report.complete);
  EXPECT_LT(fake.search_requests.load(), 300);
  EXPECT_TRUE(sink.withdrawn.empty());
}

TEST(HostileApi, PartialPagesWithoutContentRangeCannotMakeASweepSplitForever) {
  FakeApi fake;
  fill(fake, 500);
  fake.ignore_filters = true;
  fake.omit_content_range = true;  // every answer a full 206 page, with no count
  std::stop_source stop;
  RecordingSink sink;
  Harvester h(settings_for(fake, "no-range"), sink, {}, stop.get_token());
  const auto report = bounded_sweep(h, stop);
  EXPECT_FALSE(stop.stop_requested()) << "the sweep did not end on its own";
  EXPECT_FALSE(report.complete);
  EXPECT_LT(fake.search_requests.load(), 300);
  EXPECT_GT(h.api_stats().missing_content_range, 0);
}

std::string gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST(HostileApi, AGzipBombIsRefusedAtTheDecodedSizeBound) {
  FakeApi fake;
  // 64 MiB of valid JSON once decoded, about 64 KB on the wire.
  const std::string bomb = gzip(R"({"resultats":[],"pad":")" + std::string(64 << 20, ' ') + "\"}");
  ASSERT_LT(bomb.size(), 1u << 20);
  fake.script({{200, bomb, {{"Content-Encoding", "gzip"}, {"Content-Range", "offres */0"}}}});
  auto settings = settings_for(fake, "bomb");
  settings.max_response_bytes = 4 << 20;
  auto tokens = std::make_shared<TokenProvider>(settings);
  ApiClient api(settings, tokens, std::make_shared<RateLimiter>(1000, 50));
  try {
    const auto page = api.search(SearchQuery{}, 0, 49);
    FAIL() << "a 64 MiB answer was accepted (status " << page.status << ")";
  } catch (const SourceError& e) {
    EXPECT_EQ(e.kind(), SourceErrorKind::bad_response);
    EXPECT_NE(std::string(e.what()).find("larger than 4194304 bytes"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fake.search_requests.load(), 1) << "the same bomb is not asked for again";
}

TEST(HostileApi, ATokenEndpointDownForAWhileIsSurvivedAndNothingIsLost) {
  FakeApi fake;
  fill(fake, 500);
  auto settings = settings_for(fake, "token-down");
  settings.max_attempts = 3;
  settings.poll_interval = 1s;
  settings.full_sweep_interval = 1s;
  fake.token_down = true;
  RecordingSink sink;
  std::stop_source stop;
  Harvester h(settings, sink, {}, stop.get_token());
  auto running = std::async(std::launch::async, [&] { h.run(); });
  // Down for a while: sweeps fail, the harvest keeps going.
  const auto down_until = std::chrono::steady_clock::now() + 4s;
  while (std::chrono::steady_clock::now() < down_until) {
    ASSERT_NE(running.wait_for(100ms), std::future_status::ready) << "the harvest stopped during the outage";
  }
  EXPECT_GT(fake.token_requests.load(), 3);
  EXPECT_TRUE(sink.ids.empty());
  fake.token_down = false;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(sink.mutex);
      if (sink.ids.size() == 500) break;
    }
    ASSERT_NE(running.wait_for(100ms), std::future_status::ready) << "the harvest stopped";
  }
  stop.request_stop();
  running.get();  // rethrows what run() threw
  EXPECT_EQ(sink.ids.size(), 500u);
  EXPECT_TRUE(sink.withdrawn.empty());
}

TEST(HostileApi, AStopWhileTheTokenEndpointIsDownEndsTheHarvestCleanly) {
  // The first requests of a sweep (the reference lists) wait out the token endpoint's outage in a
  // long backoff; a stop then cancels them. That is a stop, not an error: run() returns.
  FakeApi fake;
  fill(fake, 10);
  auto settings = settings_for(fake, "stop-in-backoff");
  settings.backoff_base = 30s;
  settings.backoff_max = 30s;
  fake.token_down = true;
  RecordingSink sink;
  std::stop_source stop;
  Harvester h(settings, sink, {}, stop.get_token());
  auto running = std::async(std::launch::async, [&] { h.run(); });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (fake.token_requests.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_GT(fake.token_requests.load(), 0) << "the harvest never asked for a token";
  stop.request_stop();
  ASSERT_EQ(running.wait_for(10s), std::future_status::ready) << "the stop did not end the backoff";
  EXPECT_NO_THROW(running.get());
  EXPECT_TRUE(sink.ids.empty());
}

TEST(HostileApi, ARejectedClientSecretStopsAtOnceWithAClearMessage) {
  FakeApi fake;
  fill(fake, 10);
  auto settings = settings_for(fake, "bad-secret");
  settings.client_secret = common::Secret("not-the-secret");
  RecordingSink sink;
  Harvester h(settings, sink, {});
  const auto started = std::chrono::steady_clock::now();
  try {
    h.run();
    FAIL() << "run() went on with a rejected secret";
  } catch (const SourceError& e) {
    EXPECT_EQ(e.kind(), SourceErrorKind::auth);
    EXPECT_NE(std::string(e.what()).find("FT_CLIENT_SECRET"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("not-the-secret"), std::string::npos);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(fake.token_requests.load(), 1);
}

}  // namespace
}  // namespace jobstream::source
