#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "source/harvester.hpp"
#include "source/slice_planner.hpp"

namespace jobstream::source {
namespace {

using std::chrono::seconds;

struct FakeOffer {
  Seconds created;
  std::string departement;  // empty: no département (place is a region or "France")
  std::string contract;
};

// What the API would count for a slice: bounds inclusive, filters drop offers lacking the attribute.
bool matches(const Slice& s, const FakeOffer& o) {
  if (o.created < s.min || o.created > s.max) return false;
  if (!s.departement.empty() && o.departement != s.departement) return false;
  if (!s.type_contrat.empty() && o.contract != s.type_contrat) return false;
  return true;
}

std::int64_t count(const Slice& s, const std::vector<FakeOffer>& corpus) {
  return std::count_if(corpus.begin(), corpus.end(), [&](const FakeOffer& o) { return matches(s, o); });
}

struct PlanResult {
  std::vector<Slice> leaves;
  std::int64_t probes = 0;
};

PlanResult plan(SlicePlanner& planner, const std::vector<FakeOffer>& corpus) {
  PlanResult r;
  while (auto s = planner.next()) {
    ++r.probes;
    EXPECT_LT(r.probes, 100000) << "the planner does not terminate";
    if (r.probes >= 100000) break;
    if (planner.report(*s, count(*s, corpus))) r.leaves.push_back(*s);
  }
  return r;
}

const Seconds origin = Seconds{} + std::chrono::days(20000);

std::vector<FakeOffer> random_corpus(std::uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::vector<FakeOffer> corpus;
  // Skewed times: most offers recent, some bursts in the same minute.
  std::exponential_distribution<double> age(1.0 / (86400.0 * 10));
  std::uniform_int_distribution<int> dep(0, 100);
  for (int i = 0; i < n; ++i) {
    const bool burst = i % 7 == 0;
    const auto t = burst ? origin - seconds(3600 * (i % 5)) - seconds(dep(rng) % 60)
                         : origin - seconds(static_cast<std::int64_t>(age(rng)));
    const int d = dep(rng);
    corpus.push_back({t, d < 5 ? std::string() : std::to_string(d % 95 + 1), d % 2 ? "CDI" : "CDD"});
  }
  return corpus;
}

TEST(SlicePlanner, PropertyLeavesFitUnderTheCapAndCoverEveryOffer) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const auto corpus = random_corpus(seed, 20000 + static_cast<int>(seed) * 1000);
    PlannerConfig config;
    config.cap = 500;
    SlicePlanner planner(
        config, {Slice{origin - std::chrono::days(400), origin + std::chrono::days(1), "", "", false}});
    const auto result = plan(planner, corpus);
    for (const auto& leaf : result.leaves) EXPECT_LE(count(leaf, corpus), config.cap) << "seed " << seed;
    for (const auto& offer : corpus) {
      const bool covered = std::any_of(result.leaves.begin(), result.leaves.end(),
                                       [&](const Slice& s) { return matches(s, offer); });
      ASSERT_TRUE(covered) << "seed " << seed << ": offer at " << format_api_time(offer.created) << " lost";
    }
    EXPECT_EQ(planner.best_effort_slices(), 0);
  }
}

TEST(SlicePlanner, ChildrenCoverTheirParentAndAreSmaller) {
  PlannerConfig config;
  config.cap = 100;
  config.overlap = seconds(1);
  SlicePlanner planner(config, {});
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    const auto span = static_cast<std::int64_t>(rng() % 1'000'000) + 2;
    const Slice parent{origin, origin + seconds(span), "", "", false};
    const auto total = static_cast<std::int64_t>(rng() % 100000) + 101;
    const auto children = planner.split(parent, total);
    ASSERT_GE(children.size(), 2u);
    EXPECT_EQ(children.front().min, parent.min);
    EXPECT_EQ(children.back().max, parent.max);
    for (std::size_t c = 0; c < children.size(); ++c) {
      EXPECT_LT(children[c].max - children[c].min, parent.max - parent.min);
      EXPECT_GE(children[c].min, parent.min);
      EXPECT_LE(children[c].max, parent.max);
      // No gap: each child starts at or before its predecessor's end.
      if (c > 0) {
        EXPECT_LE(children[c].min, children[c - 1].max);
      }
    }
  }
}

TEST(SlicePlanner, AimsChildrenNearTheCapToSaveRequests) {
  PlannerConfig config;
  config.cap = 3150;
  SlicePlanner planner(config, {});
  const Slice parent{origin, origin + std::chrono::days(30), "", "", false};
  EXPECT_EQ(planner.split(parent, 60000).size(), 24u);  // ceil(60000 / (0.8 * 3150))
  EXPECT_EQ(planner.split(parent, 3151).size(), 2u);
}

TEST(SlicePlanner, OneSecondOverTheCapFallsBackToDepartementsPlusABestEffortRemainder) {
  std::vector<FakeOffer> corpus;
  for (int i = 0; i < 900; ++i) corpus.push_back({origin, std::to_string(i % 3 + 1), i % 2 ? "CDI" : "MIS"});
  for (int i = 0; i < 50; ++i) corpus.push_back({origin, "", "CDI"});  // no département
  PlannerConfig config;
  config.cap = 200;
  config.departements = {"1", "2", "3"};
  config.types_contrat = {"CDI", "MIS"};
  SlicePlanner planner(config, {Slice{origin, origin + seconds(1), "", "", false}});
  const auto result = plan(planner, corpus);
  // 300 per département > 200: split by contract (150 each); the unfiltered remainder is capped.
  std::set<std::string> deps;
  for (const auto& leaf : result.leaves) {
    if (!leaf.best_effort) {
      EXPECT_LE(count(leaf, corpus), config.cap);
    }
    deps.insert(leaf.departement);
  }
  EXPECT_EQ(deps, (std::set<std::string>{"", "1", "2", "3"}));
  EXPECT_GT(planner.best_effort_slices(), 0);
  for (const auto& offer : corpus) {
    if (offer.departement.empty()) continue;
    EXPECT_TRUE(std::any_of(result.leaves.begin(), result.leaves.end(), [&](const Slice& s) {
      return matches(s, offer) && (!s.best_effort || count(s, corpus) <= config.cap);
    }));
  }
}

TEST(SlicePlanner, RequeuedSliceComesBackFirstAndPendingIsInOrder) {
  PlannerConfig config;
  const Slice a{origin, origin + seconds(10), "", "", false};
  const Slice b{origin + seconds(10), origin + seconds(20), "", "", false};
  SlicePlanner planner(config, {a, b});
  EXPECT_EQ(planner.pending(), (std::vector<Slice>{a, b}));
  const auto first = planner.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, a);
  planner.requeue(*first);
  EXPECT_EQ(planner.pending(), (std::vector<Slice>{a, b}));
}

TEST(PollWindow, StartsOverlapBeforeTheWatermarkAndEndsAhead) {
  const auto wm = origin;
  const auto now = origin + seconds(300);
  const auto w = poll_window(wm, now, std::chrono::hours(3), std::chrono::hours(24));
  EXPECT_EQ(w.min, wm - std::chrono::hours(3));
  EXPECT_EQ(w.max, now + std::chrono::hours(24));
  // An offer created exactly at the watermark, or read as Paris time (up to 2 h off), is inside.
  for (auto shift : {seconds(0), -std::chrono::duration_cast<seconds>(std::chrono::hours(2)), seconds(-1)}) {
    EXPECT_TRUE(wm + shift >= w.min && wm + shift <= w.max);
  }
  // A clock that went backwards never yields an empty window.
  const auto back = poll_window(now, wm, seconds(10), seconds(10));
  EXPECT_LT(back.min, back.max);
  EXPECT_EQ(back.min, wm - seconds(10));
}

}  // namespace
}  // namespace jobstream::source
