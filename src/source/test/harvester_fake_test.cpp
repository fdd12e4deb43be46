#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <stop_token>
#include <thread>

#include "fake_api.hpp"
#include "source/harvester.hpp"

namespace jobstream::source {
namespace {

using namespace std::chrono_literals;
using testing::FakeApi;
using testing::FakeOffer;

/// Records every event; acknowledges nothing itself. Read the vectors only once the harvester is
/// idle; withdrawn_ids() may be called while it runs.
class RecordingSink : public OfferSink {
 public:
  void on_offer(const OfferSeen& o) override {
    std::lock_guard lock(mutex);
    seen.push_back(o);
  }
  void on_withdrawn(const OfferWithdrawn& w) override {
    std::lock_guard lock(mutex);
    withdrawn.push_back(w);
  }
  std::set<std::string> withdrawn_ids() {
    std::lock_guard lock(mutex);
    std::set<std::string> ids;
    for (const auto& w : withdrawn) ids.insert(w.id);
    return ids;
  }
  std::mutex mutex;
  std::vector<OfferSeen> seen;
  std::vector<OfferWithdrawn> withdrawn;
};

std::string json_for(const std::string& id, Seconds created, int version) {
  return fmt::format(
      R"({{"id":"{}","intitule":"Offre n°{} – version {}","dateCreation":"{}","dateActualisation":"{}"}})",
      id, id, version, format_api_time(created), format_api_time(created + std::chrono::minutes(version)));
}

struct Corpus {
  std::map<std::string, FakeOffer> offers;
};

// Offers spread over 60 days, 1% sharing one creation second (a bulk import), some without département.
Corpus make_corpus(FakeApi& fake, int n, std::uint64_t seed) {
  Corpus c;
  std::mt19937_64 rng(seed);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  for (int i = 0; i < n; ++i) {
    const auto id = fmt::format("{:03}T{:03}", i / 1000, i % 1000);
    const auto created = i % 100 == 0 ? now - std::chrono::hours(30)
                                      : now - std::chrono::seconds(rng() % (std::uint64_t{86400} * 60));
    const std::string dep = i % 17 == 0 ? "" : (i % 3 == 0 ? "2A" : "75");
    FakeOffer o{id, created, dep, json_for(id, created, 1)};
    fake.put(o);
    c.offers.emplace(id, std::move(o));
  }
  return c;
}

SourceSettings settings_for(const FakeApi& api, const std::filesystem::path& state) {
  SourceSettings s;
  s.client_id = "PAR_jobstream_test";
  s.client_secret = common::Secret("the-secret");
  s.token_url = api.token_url();
  s.api_url = api.api_url();
  s.requests_per_second = 1000;
  s.burst = 50;
  s.backoff_base = 5ms;
  s.backoff_max = 20ms;
  s.max_attempts = 10;
  s.result_cap = 300;
  s.page_size = 50;
  s.poll_interval = 1s;
  s.full_sweep_interval = 1s;
  s.state_file = state.string();
  return s;
}

std::filesystem::path fresh_state(const std::string& name) {
  auto p =
      std::filesystem::temp_directory_path() / fmt::format("jobstream-harvest-{}-{}.json", ::getpid(), name);
  std::filesystem::remove(p);
  return p;
}

// One complete sweep by a harvester that then goes away, leaving its state file; returns how many
// offers it emitted.
std::size_t sweep_into(const FakeApi& fake, const std::filesystem::path& state) {
  RecordingSink sink;
  Harvester h(settings_for(fake, state), sink, {});
  EXPECT_TRUE(h.full_sweep().complete);
  return sink.seen.size();
}

void expect_exactly(const RecordingSink& sink, const Corpus& corpus) {
  std::map<std::string, int> count;
  for (const auto& o : sink.seen) {
    ++count[o.id];
    const auto it = corpus.offers.find(o.id);
    ASSERT_NE(it, corpus.offers.end()) << "unknown id " << o.id;
    EXPECT_EQ(o.raw_json, it->second.json);
  }
  EXPECT_EQ(count.size(), corpus.offers.size());
  for (const auto& [id, n] : count) EXPECT_EQ(n, 1) << id;
}

TEST(HarvesterFake, FullSweepYieldsEveryOfferOnceDespiteTheCap) {
  FakeApi fake;
  fake.cap = 300;
  const auto corpus = make_corpus(fake, 3000, 1);
  RecordingSink sink;
  const auto state = fresh_state("sweep");
  Harvester h(settings_for(fake, state), sink, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  expect_exactly(sink, corpus);
  EXPECT_EQ(report.expected_total, 3000);
  EXPECT_EQ(report.distinct_offers, 3000);
  EXPECT_GT(report.splits, 0);
  EXPECT_GE(report.requests, report.lower_bound_requests);
  EXPECT_TRUE(sink.withdrawn.empty());
  // The state file holds every offer and the watermark.
  const auto saved = HarvestState::load(state);
  EXPECT_EQ(saved.known.size(), 3000u);
  EXPECT_TRUE(saved.watermark);
  EXPECT_FALSE(saved.sweep);
  std::filesystem::remove(state);
}

TEST(HarvesterFake, SecondSweepEmitsExactlyTheChanges) {
  FakeApi fake;
  auto corpus = make_corpus(fake, 1200, 2);
  RecordingSink sink;
  const auto state = fresh_state("changes");
  Harvester h(settings_for(fake, state), sink, {});
  ASSERT_TRUE(h.full_sweep().complete);
  sink.seen.clear();
  std::set<std::string> removed, updated, added;
  auto it = corpus.offers.begin();
  for (int i = 0; i < 10; ++i, ++it) removed.insert(it->first);
  for (int i = 0; i < 5; ++i, ++it) {
    it->second.json = json_for(it->first, it->second.created, 2);
    fake.put(it->second);
    updated.insert(it->first);
  }
  for (const auto& id : removed) fake.remove(id);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  for (int i = 0; i < 5; ++i) {
    const auto id = fmt::format("NEW{}", i);
    fake.put({id, now, "75", json_for(id, now, 1)});
    added.insert(id);
  }
  const auto report = h.full_sweep();
  ASSERT_TRUE(report.complete);
  std::set<std::string> got_withdrawn, got_updated, got_created;
  for (const auto& w : sink.withdrawn) got_withdrawn.insert(w.id);
  for (const auto& o : sink.seen) (o.kind == SeenKind::created ? got_created : got_updated).insert(o.id);
  EXPECT_EQ(got_withdrawn, removed);
  EXPECT_EQ(sink.withdrawn.size(), removed.size());
  EXPECT_EQ(got_updated, updated);
  EXPECT_EQ(got_created, added);
  EXPECT_EQ(sink.seen.size(), updated.size() + added.size());
  std::filesystem::remove(state);
}

TEST(HarvesterFake, RestartResumesFromTheStateFileWithoutReemitting) {
  FakeApi fake;
  make_corpus(fake, 800, 3);
  const auto state = fresh_state("restart");
  EXPECT_EQ(sweep_into(fake, state), 800u);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  fake.put({"LATE1", now, "75", json_for("LATE1", now, 1)});
  RecordingSink sink;
  Harvester h(settings_for(fake, state), sink, {});
  const auto report = h.poll_once();
  EXPECT_TRUE(report.complete);
  ASSERT_EQ(sink.seen.size(), 1u);
  EXPECT_EQ(sink.seen[0].id, "LATE1");
  EXPECT_EQ(sink.seen[0].kind, SeenKind::created);
  std::filesystem::remove(state);
}

TEST(HarvesterFake, AStateOfAnotherSourceIsRefusedAndLeftAlone) {
  FakeApi fake;
  make_corpus(fake, 200, 5);
  const auto state = fresh_state("owner");
  EXPECT_EQ(sweep_into(fake, state), 200u);
  const auto before = HarvestState::load(state);
  EXPECT_EQ(before.source, fake.api_url());
  EXPECT_EQ(before.known.size(), 200u);

  // Another API (or the local emulator) with this state would skip its backfill and withdraw
  // offers it never had.
  auto other = settings_for(fake, state);
  other.state_owner = "another source";
  RecordingSink sink;
  try {
    Harvester h(other, sink, {});
    FAIL() << "a state of another source must be refused";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(fake.api_url()), std::string::npos) << what;
    EXPECT_NE(what.find("another source"), std::string::npos) << what;
    EXPECT_NE(what.find(state.string()), std::string::npos) << what;
  }
  EXPECT_EQ(HarvestState::load(state).known.size(), 200u);
  EXPECT_TRUE(sink.seen.empty());
  std::filesystem::remove(state);
}

TEST(HarvesterFake, WatermarkAdvancesOnlyOnceEverythingBeforeItIsAcknowledged) {
  FakeApi fake;
  make_corpus(fake, 400, 4);
  RecordingSink sink;
  const auto state = fresh_state("acks");
  Harvester h(settings_for(fake, state), sink, HarvesterOptions{false, false});
  ASSERT_TRUE(h.full_sweep().complete);
  ASSERT_EQ(sink.seen.size(), 400u);
  EXPECT_FALSE(h.committed_watermark());
  EXPECT_TRUE(HarvestState::load(state).known.empty());  // nothing acknowledged, nothing persisted
  // Acknowledge in reverse: nothing is released until the first event is acknowledged.
  for (std::size_t i = sink.seen.size(); i-- > 1;) h.acknowledge(sink.seen[i].seq);
  EXPECT_FALSE(h.committed_watermark());
  h.acknowledge(sink.seen[0].seq);
  EXPECT_TRUE(h.committed_watermark());
  EXPECT_EQ(h.unacknowledged(), 0u);
  h.checkpoint();
  EXPECT_EQ(HarvestState::load(state).known.size(), 400u);
  std::filesystem::remove(state);
}

TEST(HarvesterFake, FaultsDoNotChangeTheResult) {
  FakeApi fake;
  const auto corpus = make_corpus(fake, 2000, 5);
  fake.faults(0.10, 0.05, 0.02);
  fake.token_ttl = 2;
  RecordingSink sink;
  const auto state = fresh_state("faults");
  Harvester h(settings_for(fake, state), sink, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  expect_exactly(sink, corpus);
  EXPECT_GT(h.api_stats().retries, 0);
  std::filesystem::remove(state);
}

}  // namespace
}  // namespace jobstream::source

namespace jobstream::source {
namespace {

TEST(HarvesterFake, SixtyThousandOffersAtTheRealCapStayNearTheRequestLowerBound) {
  FakeApi fake;
  fake.cap = 3150;
  const auto corpus = make_corpus(fake, 60000, 6);
  RecordingSink sink;
  const auto state = fresh_state("sixty");
  auto settings = settings_for(fake, state);
  settings.result_cap = 3150;
  settings.page_size = 150;
  Harvester h(settings, sink, HarvesterOptions{true, true});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  expect_exactly(sink, corpus);
  EXPECT_EQ(report.lower_bound_requests, 400);
  // Probes of split windows and partial last pages cost something, but stay within 40%.
  EXPECT_LE(report.requests, report.lower_bound_requests * 14 / 10);
  std::filesystem::remove(state);
}

}  // namespace
}  // namespace jobstream::source

namespace jobstream::source {
namespace {

TEST(HarvesterFake, LiveChangesAreObservedOnceWhilePolling) {
  FakeApi fake;
  auto corpus = make_corpus(fake, 600, 7);
  RecordingSink sink;
  const auto state = fresh_state("live");
  auto settings = settings_for(fake, state);
  settings.poll_interval = 1s;
  settings.full_sweep_interval = 2s;
  std::stop_source stop;
  Harvester h(settings, sink, {}, stop.get_token());
  // The backfill first: an offer withdrawn before the harvester ever saw it cannot be reported.
  ASSERT_TRUE(h.full_sweep().complete);
  std::jthread runner([&] { h.run(); });

  // Changes over ~4 s: 40 creations, 20 updates, 20 withdrawals, interleaved.
  std::set<std::string> created, updated, withdrawn;
  std::mt19937_64 rng(8);
  for (int step = 0; step < 40; ++step) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto id = fmt::format("LIVE{:02}", step);
    FakeOffer o{id, now, "75", json_for(id, now, 1)};
    fake.put(o);
    corpus.offers.emplace(id, o);
    created.insert(id);
    if (step % 2 == 0) {
      auto it = std::next(corpus.offers.begin(), static_cast<long>(rng() % 500));
      while (updated.count(it->first) || withdrawn.count(it->first) || created.count(it->first)) ++it;
      it->second.json = json_for(it->first, it->second.created, 2);
      fake.put(it->second);
      updated.insert(it->first);
    } else {
      auto it = std::next(corpus.offers.begin(), static_cast<long>(rng() % 500));
      while (updated.count(it->first) || withdrawn.count(it->first) || created.count(it->first)) ++it;
      fake.remove(it->first);
      withdrawn.insert(it->first);
      corpus.offers.erase(it);
    }
    std::this_thread::sleep_for(100ms);  // paces the changes; the assertions do not depend on it
  }
  // Wait (bounded) until the harvester has caught up with every change, then stop it.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  const auto caught_up = [&] { return sink.withdrawn_ids() == withdrawn; };
  while (!caught_up() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  stop.request_stop();
  runner.join();

  std::map<std::string, int> creations, withdrawals;
  std::map<std::string, std::string> last_json;
  for (const auto& o : sink.seen) {
    if (o.kind == SeenKind::created) ++creations[o.id];
    last_json[o.id] = o.raw_json;
  }
  for (const auto& w : sink.withdrawn) ++withdrawals[w.id];
  for (const auto& id : created) EXPECT_EQ(creations[id], 1) << id;
  for (const auto& id : withdrawn) EXPECT_EQ(withdrawals[id], 1) << id;
  EXPECT_EQ(withdrawals.size(), withdrawn.size());
  for (const auto& id : updated) EXPECT_EQ(last_json[id], corpus.offers.at(id).json) << id;
  for (const auto& [id, n] : creations) EXPECT_EQ(n, 1) << id;
  std::filesystem::remove(state);
}

}  // namespace
}  // namespace jobstream::source

namespace jobstream::source {
namespace {

/// Asks the harvester to stop after `limit` offers, as a Ctrl-C or a crash would.
class StoppingSink : public RecordingSink {
 public:
  StoppingSink(std::stop_source& stop, std::size_t limit) : _stop(stop), _limit(limit) {}
  void on_offer(const OfferSeen& o) override {
    RecordingSink::on_offer(o);
    if (seen.size() == _limit) _stop.request_stop();
  }

 private:
  std::stop_source& _stop;
  std::size_t _limit;
};

TEST(HarvesterFake, InterruptedSweepResumesAfterARestartAndDeliversEachOfferOnce) {
  FakeApi fake;
  const auto corpus = make_corpus(fake, 2500, 9);
  const auto state = fresh_state("resume");
  std::stop_source stop;
  StoppingSink first(stop, 1000);
  {
    Harvester h(settings_for(fake, state), first, {}, stop.get_token());
    const auto report = h.full_sweep();
    EXPECT_FALSE(report.complete);
  }
  const auto saved = HarvestState::load(state);
  ASSERT_TRUE(saved.sweep);
  EXPECT_FALSE(saved.sweep->pending.empty());
  EXPECT_FALSE(saved.watermark);  // an interrupted sweep promises nothing

  RecordingSink second;
  Harvester h(settings_for(fake, state), second, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(report.withdrawn, 0);
  RecordingSink all;
  for (const auto& o : first.seen) all.seen.push_back(o);
  for (const auto& o : second.seen) all.seen.push_back(o);
  expect_exactly(all, corpus);
  EXPECT_TRUE(HarvestState::load(state).watermark);
  std::filesystem::remove(state);
}

}  // namespace
}  // namespace jobstream::source

namespace jobstream::source {
namespace {

TEST(HarvesterFake, AnIncompleteSweepNeverWithdrawsAnything) {
  FakeApi fake;
  make_corpus(fake, 500, 10);
  RecordingSink sink;
  const auto state = fresh_state("incomplete");
  Harvester h(settings_for(fake, state), sink, {});
  ASSERT_TRUE(h.full_sweep().complete);
  fake.remove("000T001");
  // The next sweep's first probe is refused for good (400): nothing can be harvested.
  fake.script({testing::ScriptedAnswer{400, R"({"message":"Paramètre invalide","codeHttp":400})", {}}});
  const auto report = h.full_sweep();
  EXPECT_FALSE(report.complete);
  EXPECT_EQ(report.failed_slices, 1);
  EXPECT_EQ(report.withdrawn, 0);
  EXPECT_TRUE(sink.withdrawn.empty());
  // The following sweep completes and withdraws exactly the removed offer.
  const auto next = h.full_sweep();
  EXPECT_TRUE(next.complete);
  ASSERT_EQ(sink.withdrawn.size(), 1u);
  EXPECT_EQ(sink.withdrawn[0].id, "000T001");
  std::filesystem::remove(state);
}

}  // namespace
}  // namespace jobstream::source

namespace jobstream::source {
namespace {

// The emulator scenario of the issue, on the loopback fake: 60,000 offers (départements "75" and
// "2A" each far over the cap), 10% 429, 5% 500, 2% truncated bodies, tokens living 30 s.
TEST(HarvesterFake, SixtyThousandOffersWithFaultsGiveTheSameResult) {
  FakeApi fake;
  fake.cap = 3150;
  fake.token_ttl = 30;
  const auto corpus = make_corpus(fake, 60000, 6);
  fake.faults(0.10, 0.05, 0.02);
  RecordingSink sink;
  const auto state = fresh_state("sixty-faults");
  auto settings = settings_for(fake, state);
  settings.result_cap = 3150;
  settings.page_size = 150;
  Harvester h(settings, sink, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  expect_exactly(sink, corpus);
  EXPECT_GT(h.api_stats().status_429, 0);
  EXPECT_GT(h.api_stats().status_5xx, 0);
  EXPECT_GT(h.api_stats().invalid_bodies, 0);
  EXPECT_GE(fake.token_requests.load(), 2);  // the sweep outlives a token
  std::filesystem::remove(state);
}

}  // namespace
}  // namespace jobstream::source
