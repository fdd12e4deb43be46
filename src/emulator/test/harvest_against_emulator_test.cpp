// The source's harvester against the project's API emulator: complete sweeps despite the result
// cap, with and without faults, and live changes observed once each.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "emulator/emulator_host.hpp"
#include "source/harvester.hpp"

namespace jobstream::emulator {
namespace {

using namespace std::chrono_literals;

class RecordingSink : public source::OfferSink {
 public:
  void on_offer(const source::OfferSeen& o) override {
    std::lock_guard lock(mutex);
    (o.kind == source::SeenKind::created ? created : updated)[o.id].push_back(o.raw_json);
  }
  void on_withdrawn(const source::OfferWithdrawn& w) override {
    std::lock_guard lock(mutex);
    ++withdrawn[w.id];
  }
  std::mutex mutex;
  std::map<std::string, std::vector<std::string>> created, updated;
  std::map<std::string, int> withdrawn;
};

const std::string client_id = "PAR_jobstream_emulated_client";
const std::string client_secret = "emulated-secret-for-tests";

EmulatorOptions options(std::uint64_t offers, std::uint64_t seed) {
  EmulatorOptions o;
  o.corpus.offers = offers;
  o.corpus.seed = seed;
  o.corpus.anchor = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  o.server.client_id = client_id;
  o.server.client_secret = client_secret;
  o.server.rate_limit = 20;  // the real quota is 10/s; 20 keeps the test short with the same logic
  o.server.rate_burst = 20;
  return o;
}

source::SourceSettings settings_for(EmulatorHost& host, const std::filesystem::path& dir) {
  source::SourceSettings s;
  s.client_id = client_id;
  s.client_secret = common::Secret(client_secret);
  s.token_url = host.api().token_url();
  s.api_url = host.api().api_url();
  s.requests_per_second = 20;
  s.burst = 10;
  s.backoff_base = 100ms;
  s.backoff_max = 2s;
  s.request_timeout = 5s;
  s.state_file = (dir / "source-state.json").string();
  return s;
}

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("jobstream-{}-{}", name, ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Every offer of the catalog exactly once, byte-exact, and nothing else.
void expect_exact_copy(OfferCatalog& catalog, RecordingSink& sink) {
  const auto ids = catalog.ids();
  ASSERT_EQ(sink.created.size(), ids.size());
  int wrong = 0;
  for (const auto& id : ids) {
    auto it = sink.created.find(id);
    if (it == sink.created.end() || it->second.size() != 1 || it->second[0] != *catalog.find_json(id))
      ++wrong;
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_TRUE(sink.updated.empty());
  EXPECT_TRUE(sink.withdrawn.empty());
}

void report(const char* name, const source::HarvestReport& r, const EmulatorStats& stats) {
  std::int64_t api_answers = 0;
  for (const auto& [status, n] : stats.by_status) api_answers += n;
  const auto line = fmt::format(
      "{}: {} offers, {} API requests (lower bound ceil(offers/150) = {}, ratio {:.2f}), {} splits, "
      "{} faults injected, {} tokens, {:.1f} s",
      name, r.distinct_offers, r.requests, r.lower_bound_requests,
      static_cast<double>(r.requests) /
          static_cast<double>(std::max<std::int64_t>(1, r.lower_bound_requests)),
      r.splits, stats.faults_injected, stats.token_requests, r.seconds);
  std::puts(line.c_str());
  ::testing::Test::RecordProperty("summary", line);
  EXPECT_GT(api_answers, 0);
}

TEST(HarvestAgainstEmulator, SweepOf60000OffersOverTheCapYieldsEachExactlyOnce) {
  EmulatorHost host(options(60000, 11));
  // Several départements alone hold more than the cap: no single-filter query could reach them.
  for (const char* dep : {"75", "69", "13"}) {
    SearchFilter f;
    f.departements = {dep};
    ASSERT_GT(host.catalog().search(f, 0, 0).total, 3150) << dep;
  }
  const auto dir = fresh_dir("sweep");
  RecordingSink sink;
  source::Harvester harvester(settings_for(host, dir), sink, {});
  const auto r = harvester.full_sweep();
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.distinct_offers, 60000);
  expect_exact_copy(host.catalog(), sink);
  report("sweep", r, host.api().stats());
  std::filesystem::remove_all(dir);
}

TEST(HarvestAgainstEmulator, SweepWithFaultsGivesTheSameResult) {
  auto o = options(60000, 11);
  o.server.faults.too_many_requests = 0.10;
  o.server.faults.server_error = 0.05;
  o.server.faults.truncated = 0.02;
  o.server.faults.token_revoked_after = 30s;
  EmulatorHost host(o);
  const auto dir = fresh_dir("faults");
  RecordingSink sink;
  source::Harvester harvester(settings_for(host, dir), sink, {});
  const auto r = harvester.full_sweep();
  EXPECT_TRUE(r.complete);
  expect_exact_copy(host.catalog(), sink);
  const auto stats = host.api().stats();
  EXPECT_GT(stats.by_status.count(429) ? stats.by_status.at(429) : 0, 20);
  EXPECT_GT(stats.token_requests, 1) << "a sweep longer than 30 s renews its revoked token";
  report("sweep with faults", r, stats);
  std::filesystem::remove_all(dir);
}

TEST(HarvestAgainstEmulator, LiveChangesOverTwoMinutesAreEachObservedOnce) {
  auto o = options(3000, 12);
  EmulatorHost host(o);
  const auto dir = fresh_dir("live");
  auto settings = settings_for(host, dir);
  settings.poll_interval = 5s;
  settings.full_sweep_interval = 20s;
  RecordingSink sink;
  std::stop_source stop;
  source::Harvester harvester(settings, sink, {}, stop.get_token());
  ASSERT_TRUE(harvester.full_sweep().complete);  // the starting state, before anything changes

  OfferGenerator generator(o.corpus.seed);
  LiveRates rates{20, 15, 10};  // per minute: about 40 created, 30 updated, 20 withdrawn in 2 min
  LiveActivity live(host.catalog(), generator, o.corpus.offers, rates, 99);
  std::jthread harvesting([&] { harvester.run(); });
  live.start(100ms);
  std::this_thread::sleep_for(120s);  // the live period the test is about, not a wait for a result
  live.stop();
  const auto events = live.events();

  std::set<std::string> created, updated, withdrawn;
  for (const auto& e : events) {
    (e.kind == LiveEvent::Kind::created   ? created
     : e.kind == LiveEvent::Kind::updated ? updated
                                          : withdrawn)
        .insert(e.id);
  }
  ASSERT_GE(created.size(), 30u);
  ASSERT_GE(updated.size(), 20u);
  ASSERT_GE(withdrawn.size(), 12u);
  const auto all_observed = [&] {
    std::lock_guard lock(sink.mutex);
    for (const auto& id : created)
      if (!sink.created.contains(id)) return false;
    for (const auto& id : updated)
      if (!sink.updated.contains(id)) return false;
    for (const auto& id : withdrawn)
      if (!sink.withdrawn.contains(id)) return false;
    return true;
  };
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (!all_observed() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(500ms);
  // One more sweep period, so that a duplicate event would have had its chance to appear.
  std::this_thread::sleep_for(25s);
  stop.request_stop();
  harvesting.join();

  std::lock_guard lock(sink.mutex);
  for (const auto& id : created) {
    EXPECT_EQ(sink.created[id].size(), 1u) << "created " << id;
    EXPECT_FALSE(sink.updated.contains(id)) << id;
  }
  for (const auto& id : updated) {
    ASSERT_EQ(sink.updated[id].size(), 1u) << "updated " << id;
    EXPECT_EQ(sink.updated[id][0], *host.catalog().find_json(id));
  }
  for (const auto& [id, n] : sink.withdrawn) {
    EXPECT_TRUE(withdrawn.contains(id)) << "withdrawal of an open offer " << id;
    EXPECT_EQ(n, 1) << id;
  }
  EXPECT_EQ(sink.withdrawn.size(), withdrawn.size());
  EXPECT_EQ(sink.updated.size(), updated.size()) << "updates reported for offers that did not change";
  EXPECT_EQ(sink.created.size(), o.corpus.offers + created.size());
  std::printf("live: %zu created, %zu updated, %zu withdrawn, all observed once\n", created.size(),
              updated.size(), withdrawn.size());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jobstream::emulator
