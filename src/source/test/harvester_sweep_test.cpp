// The harvester's sweeps against the loopback fake: slicing under the cap, the changes a second
// sweep finds, the request count at the real cap, and live changes seen while polling.
#include <gtest/gtest.h>

#include <stop_token>
#include <thread>

#include "harvester_fake.hpp"

namespace jobstream::source {
namespace {

using namespace std::chrono_literals;
using namespace testing;

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
  EXPECT_GT(report.walks, 0);  // over-cap windows are read newest first, their older rest next
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
  // Walked windows read full pages only: the rest of each walk re-reads its oldest second, and
  // whatever part of an hour the assumed Paris offset exceeds the API's (summer here).
  EXPECT_GT(report.walks, 10);
  EXPECT_LE(report.requests, report.lower_bound_requests * 105 / 100);
  std::filesystem::remove(state);
}

/// A full sweep of 3,000 offers under a cap of 300, each found once.
HarvestReport exact_sweep(FakeApi& fake, std::uint64_t seed, const std::string& name) {
  fake.cap = 300;
  const auto corpus = make_corpus(fake, 3000, seed);
  RecordingSink sink;
  const auto state = fresh_state(name);
  Harvester h(settings_for(fake, state), sink, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  expect_exactly(sink, corpus);
  std::filesystem::remove(state);
  return report;
}

TEST(HarvesterFake, AnApiBreakingTheNewestFirstOrderIsSplitInsteadOfWalked) {
  FakeApi fake;
  fake.oldest_first = true;
  const auto report = exact_sweep(fake, 7, "unordered");
  EXPECT_EQ(report.walks, 0);
  EXPECT_GT(report.splits, 0);
}

TEST(HarvesterFake, AnApiReadingBoundsFurtherBackThanParisTimeLosesNothing) {
  FakeApi fake;
  fake.bound_shift_hours = 3;  // the first walk's rest misses one or two hours of its walk
  const auto report = exact_sweep(fake, 8, "shifted");
  EXPECT_EQ(report.walks, 1);  // then mended, and split from there on
  EXPECT_GT(report.splits, 0);
}

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
