#include <gtest/gtest.h>

#include <algorithm>
#include <map>
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
  std::string rome = "M1805";  // empty: no ROME code
  std::string experience = "D";
  std::string origine = "1";
};

bool listed(const std::string& list, const std::string& value) {
  if (value.empty()) return false;  // a filter drops offers lacking the attribute
  std::size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    if (list.substr(start, comma == std::string::npos ? std::string::npos : comma - start) == value)
      return true;
    if (comma == std::string::npos) return false;
    start = comma + 1;
  }
}

// What the API would count for a slice: bounds inclusive, filters drop offers lacking the attribute.
bool matches(const Slice& s, const FakeOffer& o) {
  if (o.created < s.min || o.created > s.max) return false;
  for (const auto& f : s.filters) {
    const std::string& value = f.param == "departement"          ? o.departement
                               : f.param == "typeContrat"        ? o.contract
                               : f.param == "codeROME"           ? o.rome
                               : f.param == "experienceExigence" ? o.experience
                               : f.param == "origineOffre"       ? o.origine
                                                                 : f.param;
    if (!listed(f.values, value)) return false;
  }
  return true;
}

std::int64_t count(const Slice& s, const std::vector<FakeOffer>& corpus) {
  return std::count_if(corpus.begin(), corpus.end(), [&](const FakeOffer& o) { return matches(s, o); });
}

// filtresPossibles as the API gives them: contract types and experience over the whole result.
std::vector<Facet> facets(const Slice& s, const std::vector<FakeOffer>& corpus) {
  std::map<std::string, std::int64_t> contracts, experiences;
  for (const auto& o : corpus) {
    if (!matches(s, o)) continue;
    if (!o.contract.empty()) ++contracts[o.contract];
    ++experiences[o.experience];
  }
  return {Facet{"typeContrat", {contracts.begin(), contracts.end()}},
          Facet{"experience", {experiences.begin(), experiences.end()}}};
}

struct PlanResult {
  std::vector<Slice> leaves;
  std::int64_t probes = 0;
};

PlanResult plan(SlicePlanner& planner, const std::vector<FakeOffer>& corpus, bool with_facets = false) {
  PlanResult r;
  while (auto s = planner.next()) {
    ++r.probes;
    EXPECT_LT(r.probes, 100000) << "the planner does not terminate";
    if (r.probes >= 100000) break;
    if (planner.report(*s, count(*s, corpus), with_facets ? facets(*s, corpus) : std::vector<Facet>{}))
      r.leaves.push_back(*s);
  }
  return r;
}

/// Every offer in at least one leaf that holds at most `cap` offers.
void expect_every_offer_reachable(const PlanResult& result, const std::vector<FakeOffer>& corpus,
                                  std::int64_t cap) {
  int lost = 0;
  for (const auto& offer : corpus) {
    const bool reachable = std::any_of(result.leaves.begin(), result.leaves.end(), [&](const Slice& s) {
      return matches(s, offer) && count(s, corpus) <= cap;
    });
    lost += reachable ? 0 : 1;
  }
  EXPECT_EQ(lost, 0);
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
        config, {Slice{origin - std::chrono::days(400), origin + std::chrono::days(1), {}, false, {}, 0, 0}});
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
    const Slice parent{origin, origin + seconds(span), {}, false, {}, 0, 0};
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
  const Slice parent{origin, origin + std::chrono::days(30), {}, false, {}, 0, 0};
  EXPECT_EQ(planner.split(parent, 60000).size(), 24u);  // ceil(60000 / (0.8 * 3150))
  EXPECT_EQ(planner.split(parent, 3151).size(), 2u);
}

TEST(SlicePlanner, OneSecondOverTheCapIsCutByTheCountedAttributesWithoutBestEffort) {
  std::vector<FakeOffer> corpus;
  // One département, one contract type: only experience and ROME are left to cut by.
  const std::vector<std::string> romes = {"A1101", "D1106", "F1703", "H2102",
                                          "J1506", "K2204", "M1805", "N1103"};
  corpus.reserve(5300);
  for (int i = 0; i < 5000; ++i) {
    corpus.push_back({origin, "75", "CDI", romes[static_cast<std::size_t>(i / 3) % romes.size()],
                      std::string(1, "DSE"[i % 3])});
  }
  for (int i = 0; i < 300; ++i) corpus.push_back({origin, "", "CDI", "M1805", "S"});  // no département
  PlannerConfig config;
  config.cap = 1000;
  config.rome_codes = romes;
  config.departements = {"75", "92"};
  SlicePlanner planner(config, {Slice{origin, origin, {}, false, {}, 0, 0}});
  const auto result = plan(planner, corpus, true);
  EXPECT_EQ(planner.best_effort_slices(), 0);
  expect_every_offer_reachable(result, corpus, config.cap);
  // Leaves are disjoint: every offer is read once.
  std::int64_t read = 0;
  for (const auto& leaf : result.leaves) read += count(leaf, corpus);
  EXPECT_EQ(read, static_cast<std::int64_t>(corpus.size()));
}

TEST(SlicePlanner, ABurstAcrossASecondBoundaryIsCutIntoItsTwoSeconds) {
  std::vector<FakeOffer> corpus;
  corpus.reserve(800);
  for (int i = 0; i < 800; ++i) corpus.push_back({origin + seconds(i % 2), "75", "CDI"});
  PlannerConfig config;
  config.cap = 500;
  SlicePlanner planner(config, {Slice{origin, origin + seconds(1), {}, false, {}, 0, 0}});
  const auto result = plan(planner, corpus);
  EXPECT_EQ(planner.best_effort_slices(), 0);
  ASSERT_EQ(result.leaves.size(), 2u);
  EXPECT_EQ(result.leaves[0].max, origin);
  EXPECT_EQ(result.leaves[1].min, origin + seconds(1));
}

TEST(SlicePlanner, ACutThatDropsOffersLackingTheAttributeIsReplacedByAnother) {
  std::vector<FakeOffer> corpus;
  corpus.reserve(900);
  for (int i = 0; i < 900; ++i) {
    // A third lack a ROME code: a codeROME cut misses them; origineOffre does not.
    corpus.push_back({origin, "75", "CDI", i % 3 ? "M1805" : "", "D", i % 2 ? "1" : "2"});
  }
  PlannerConfig config;
  config.cap = 500;
  config.rome_codes = {"M1805"};
  SlicePlanner planner(config, {Slice{origin, origin, {}, false, {}, 0, 0}});
  const auto result = plan(planner, corpus);  // no counts in the answers
  EXPECT_EQ(planner.best_effort_slices(), 0);
  expect_every_offer_reachable(result, corpus, config.cap);
  EXPECT_TRUE(std::any_of(result.leaves.begin(), result.leaves.end(),
                          [](const Slice& s) { return s.filter("origineOffre") != nullptr; }));
}

TEST(SlicePlanner, WhatNoFilterCanSplitIsBestEffortAndNamedWithItsSize) {
  std::vector<FakeOffer> corpus(700, FakeOffer{origin, "75", "CDI"});
  PlannerConfig config;
  config.cap = 500;
  config.rome_codes = {"M1805"};
  config.departements = {"75"};
  SlicePlanner planner(config, {Slice{origin, origin, {}, false, {}, 0, 0}});
  plan(planner, corpus, true);
  ASSERT_EQ(planner.best_effort_slices(), 1);
  EXPECT_EQ(planner.best_effort().front().second, 700);
  EXPECT_FALSE(planner.distrust());
}

TEST(SlicePlanner, ChildrenReportingTheParentsWholeTotalStopThePlan) {
  // An API that ignores the date filters (or whose Content-Range always says 10,000).
  PlannerConfig config;
  config.rome_codes = {"A1101", "M1805"};
  SlicePlanner planner(config, {Slice{origin - std::chrono::days(9000), origin, {}, false, {}, 0, 0}});
  int probes = 0;
  while (auto s = planner.next()) {
    ASSERT_LT(++probes, 100) << "splits forever";
    planner.report(*s, 10000);
  }
  ASSERT_TRUE(planner.distrust());
  EXPECT_NE(planner.distrust()->find("whole total"), std::string::npos);
}

TEST(SlicePlanner, ALyingTotalJustOverTheCapIsCaughtToo) {
  PlannerConfig config;
  config.rome_codes = {"A1101", "M1805"};
  SlicePlanner planner(config, {Slice{origin - std::chrono::days(9000), origin, {}, false, {}, 0, 0}});
  int probes = 0;
  while (auto s = planner.next()) {
    ASSERT_LT(++probes, 1000) << "splits forever";
    planner.report(*s, config.cap + 1);
  }
  EXPECT_TRUE(planner.distrust());
}

TEST(SlicePlanner, RequeuedSliceComesBackFirstAndPendingIsInOrder) {
  PlannerConfig config;
  const Slice a{origin, origin + seconds(10), {}, false, {}, 0, 0};
  const Slice b{origin + seconds(10), origin + seconds(20), {}, false, {}, 0, 0};
  SlicePlanner planner(config, {a, b});
  EXPECT_EQ(planner.pending(), (std::vector<Slice>{a, b}));
  const auto first = planner.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, a);
  planner.requeue(*first);
  EXPECT_EQ(planner.pending(), (std::vector<Slice>{a, b}));
}

struct WalkRun {
  std::set<std::size_t> read;  // offers read, by index in the corpus
  std::int64_t reads = 0;      // offers read, duplicates included
  std::int64_t requests = 0;   // pages of 50, a probe being the first page of its slice
};

/// Plays the harvester with walks: an API that reads bounds `api_shift` earlier than sent and
/// answers newest first, and a harvester assuming it reads them `assumed_shift` earlier.
WalkRun walk_all(SlicePlanner& planner, const std::vector<FakeOffer>& corpus, std::int64_t cap,
                 seconds api_shift, seconds assumed_shift) {
  WalkRun r;
  int probes = 0;
  while (auto s = planner.next()) {
    EXPECT_LT(++probes, 100000) << "the planner does not terminate";
    if (probes >= 100000) break;
    Slice as_read = *s;
    as_read.min -= api_shift;
    as_read.max -= api_shift;
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      if (matches(as_read, corpus[i])) hits.push_back(i);
    }
    std::sort(hits.begin(), hits.end(), [&](std::size_t a, std::size_t b) {
      return corpus[a].created != corpus[b].created ? corpus[a].created > corpus[b].created : a < b;
    });
    if (s->walked_to && (hits.empty() || corpus[hits.front()].created < *s->walked_to)) planner.mend(*s);
    const auto total = static_cast<std::int64_t>(hits.size());
    const auto read_first = [&](std::int64_t n) {
      for (std::int64_t i = 0; i < std::min(n, total); ++i) r.read.insert(hits[static_cast<std::size_t>(i)]);
      r.reads += std::min(n, total);
      r.requests += std::max<std::int64_t>(1, (std::min(n, total) + 49) / 50);
    };
    if (total > cap && planner.walkable(*s)) {
      const auto oldest = corpus[hits[static_cast<std::size_t>(cap - 1)]].created;
      const auto at_oldest = std::count_if(hits.begin(), hits.begin() + cap,
                                           [&](std::size_t i) { return corpus[i].created == oldest; });
      if (planner.walked(*s, total, oldest + assumed_shift, oldest, at_oldest >= 50)) {
        read_first(cap);
        continue;
      }
    }
    if (planner.report(*s, total, facets(*s, corpus))) {
      read_first(cap);
    } else {
      ++r.requests;  // the probe of a slice split
    }
  }
  return r;
}

PlannerConfig cap_of(std::int64_t cap) {
  PlannerConfig config;
  config.cap = cap;
  for (int d = 1; d <= 95; ++d)
    config.departements.push_back(std::to_string(d));  // for a second over the cap
  return config;
}

/// A sweep of a 20,000-offer random corpus under a cap of 500, walked (see walk_all).
struct WalkedSweep {
  static constexpr std::int64_t cap = 500;
  std::vector<FakeOffer> corpus;
  SlicePlanner planner;
  WalkRun run;

  WalkedSweep(std::uint64_t seed, seconds api_shift, seconds assumed_shift)
      : WalkedSweep(random_corpus(seed, 20000), api_shift, assumed_shift) {}
  WalkedSweep(std::vector<FakeOffer> offers, seconds api_shift, seconds assumed_shift)
      : corpus(std::move(offers)),
        planner(cap_of(cap),
                {Slice{origin - std::chrono::days(400), origin + std::chrono::days(1), {}, false, {}, 0, 0}}),
        run(walk_all(planner, corpus, cap, api_shift, assumed_shift)) {}
  bool all_read() const { return run.read.size() == corpus.size(); }
  bool still_walking() const {
    return planner.walkable(Slice{origin, origin + seconds(10), {}, false, {}, 0, 0});
  }
};

TEST(SlicePlanner, WalkingReadsEveryOfferWithHardlyAnyTwice) {
  const WalkedSweep sweep(3, std::chrono::hours(1), std::chrono::hours(1));
  EXPECT_TRUE(sweep.all_read());
  EXPECT_GT(sweep.planner.walks(), 20);
  EXPECT_EQ(sweep.planner.best_effort_slices(), 0);
  // Only the offers of each walk's oldest second are read again.
  EXPECT_LE(sweep.run.reads, static_cast<std::int64_t>(sweep.corpus.size()) * 102 / 100);
  EXPECT_TRUE(sweep.still_walking());
}

TEST(SlicePlanner, ABoundReadEarlierThanAssumedIsMendedAndWalksStop) {
  // The API reads bounds two hours back; the harvester assumed one: the first rest misses an hour.
  const WalkedSweep sweep(4, std::chrono::hours(2), std::chrono::hours(1));
  EXPECT_TRUE(sweep.all_read());
  EXPECT_EQ(sweep.planner.walks(), 1);
  EXPECT_FALSE(sweep.still_walking());
}

TEST(SlicePlanner, ABoundReadLaterThanAssumedOnlyCostsRereads) {
  const WalkedSweep sweep(5, seconds(0), std::chrono::hours(1));
  EXPECT_TRUE(sweep.all_read());
  EXPECT_GT(sweep.planner.walks(), 5);
  EXPECT_GT(sweep.run.reads, static_cast<std::int64_t>(sweep.corpus.size()));
  EXPECT_TRUE(sweep.still_walking());
}

TEST(SlicePlanner, ASecondOverTheCapMetByAWalkIsCutOnItsOwn) {
  auto corpus = random_corpus(6, 20000);
  // 2,000 offers in one second, five days back: four times the cap.
  for (int i = 0; i < 2000; ++i)
    corpus.push_back({origin - std::chrono::days(5), std::to_string(i % 90 + 1), i % 2 ? "CDI" : "CDD"});
  const WalkedSweep sweep(std::move(corpus), std::chrono::hours(1), std::chrono::hours(1));
  EXPECT_TRUE(sweep.all_read());
  EXPECT_EQ(sweep.planner.best_effort_slices(), 0);
  EXPECT_TRUE(sweep.still_walking());
  // The second is read once more than its share at most: by the walk that met it.
  // Cut by attributes, the second costs a few probes and part-filled pages; the walks around it
  // read full pages: within 8% of the pages the offers fill (23% when the walks read it again).
  const auto pages = (static_cast<std::int64_t>(sweep.corpus.size()) + 49) / 50;
  EXPECT_LE(sweep.run.requests, pages * 108 / 100) << sweep.planner.walks() << " walks";
}

TEST(SlicePlanner, AWalkThatWouldNotShrinkItsWindowIsRefused) {
  PlannerConfig config;
  config.cap = 500;
  const Slice window{origin, origin + seconds(100), {}, false, {}, 0, 0};
  SlicePlanner planner(config, {});
  EXPECT_FALSE(planner.walked(window, 900, origin + seconds(100), origin + seconds(99)));
  EXPECT_FALSE(planner.walked(window, 900, origin - seconds(1), origin - seconds(3601)));
  EXPECT_TRUE(planner.walked(window, 900, origin + seconds(50), origin + seconds(49)));
  const auto rest = planner.next();
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->min, origin);
  EXPECT_EQ(rest->max, origin + seconds(50));
  EXPECT_EQ(rest->walked_to, origin + seconds(49));
  EXPECT_EQ(rest->walk_top, origin + seconds(100));
  // A burst second is a slice of its own, checked like a rest; the rest ends a second before it.
  EXPECT_TRUE(planner.walked(window, 900, origin + seconds(60), origin + seconds(59), true));
  const auto burst = planner.next();
  ASSERT_TRUE(burst);
  EXPECT_EQ(burst->min, origin + seconds(60));
  EXPECT_EQ(burst->max, origin + seconds(60));
  EXPECT_EQ(burst->walked_to, origin + seconds(59));
  const auto before_burst = planner.next();
  ASSERT_TRUE(before_burst);
  EXPECT_EQ(before_burst->max, origin + seconds(59));
  EXPECT_FALSE(before_burst->walked_to);
  // A walk that read only its window's newest second cuts that second off too.
  EXPECT_TRUE(planner.walked(window, 900, origin + seconds(100), origin + seconds(99), true));
  EXPECT_EQ(planner.next()->min, origin + seconds(100));
  EXPECT_EQ(planner.next()->max, origin + seconds(99));
  planner.mend(*rest);
  const auto above = planner.next();
  ASSERT_TRUE(above);
  EXPECT_EQ(above->min, origin + seconds(50));
  EXPECT_EQ(above->max, origin + seconds(100));
  EXPECT_FALSE(above->walked_to);
  EXPECT_FALSE(planner.walkable(window));
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
