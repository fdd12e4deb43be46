// Figures of a small corpus, every expected value worked out by hand in the comments.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <stdexcept>

#include "analytics/figures_engine.hpp"
#include "facts_builder.hpp"

namespace jobstream::analytics {
namespace {

using testing::at;
using testing::day;
using testing::FactsBuilder;

// Period of interest: 2026-11-01 .. 2026-11-05.
//  A  created 11-01, open throughout, Paris, M1805 CDI, 40000/yr, 2 posts, ACME, SQL+Python
//  B  created 11-01 10:00, updated 11-03, withdrawn 11-04 09:00 (2 d 23 h on market), Ajaccio, CDD, 24000/yr
//  C  created 11-02 08:00, withdrawn 11-05 20:00 (3 d 12 h), Saint-Denis (974), K2111, salary unparsed
//  D  created and withdrawn in October: outside the period entirely
//  E  created 10-28, updated 11-02, Guadeloupe, M1805, no salary
//  F  created 11-03, withdrawn 11-02 (older than its version: reopened), Bastia, M1810, implausible salary
//  G  created 11-06: after the period
//  H  created 11-02, placed at région level only (Bretagne), A1101
std::vector<OfferFacts> corpus() {
  return {
      FactsBuilder("A", "2026-11-01T09:00:00Z")
          .place("75056", "75 - Paris")
          .rome("M1805", "Études et développement informatique")
          .contract("CDI")
          .salary("Annuel de 40000 Euros")
          .skills({"Python", "SQL"})
          .employer("ACME")
          .posts(2)
          .experience("E")
          .sector("62", "Programmation informatique"),
      FactsBuilder("B", "2026-11-01T10:00:00Z")
          .updated("2026-11-03T12:00:00Z")
          .withdrawn("2026-11-04T09:00:00Z")
          .place("2A004", "2A - Ajaccio")
          .rome("M1805", "Études et développement informatique")
          .contract("CDD")
          .salary("Mensuel de 2000 Euros sur 12 mois")
          .skills({"SQL"})
          .employer("Beta")
          .experience("D"),
      FactsBuilder("C", "2026-11-02T08:00:00Z")
          .withdrawn("2026-11-05T20:00:00Z")
          .place("97411", "974 - ST DENIS")
          .rome("K2111", "Formation professionnelle")
          .contract("CDI")
          .salary("Selon profil")
          .skills({"Excel", "Python"})
          .employer("ACME"),
      FactsBuilder("D", "2026-10-20T08:00:00Z")
          .withdrawn("2026-10-25T08:00:00Z")
          .place("", "Île-de-France")
          .rome("M1805")
          .contract("MIS")
          .salary("Horaire de 12 Euros sur 12 mois"),
      FactsBuilder("E", "2026-10-28T08:00:00Z")
          .updated("2026-11-02T07:00:00Z")
          .place("97101", "971 - Les Abymes")
          .rome("M1805", "Études et développement informatique")
          .contract("CDI")
          .employer("Gamma"),
      FactsBuilder("F", "2026-11-03T08:00:00Z")
          .withdrawn("2026-11-02T08:00:00Z")
          .place("2B033", "2B - Bastia")
          .rome("M1810", "Production et exploitation de systèmes d'information")
          .contract("CDI")
          .salary("Annuel de 1800 Euros")
          .skills({"SQL"})
          .employer("ACME")
          .remote(true),
      FactsBuilder("G", "2026-11-06T08:00:00Z").place("75056", "75 - Paris").rome("M1805").contract("CDI"),
      FactsBuilder("H", "2026-11-02T11:00:00Z")
          .place("", "Bretagne")
          .rome("A1101", "Conduite d'engins agricoles")
          .contract("CDI"),
  };
}

FiguresEngine loaded() {
  FiguresEngine engine;
  for (const auto& f : corpus()) engine.apply(f);
  return engine;
}

Filter period() {
  Filter f;
  f.from = day("2026-11-01");
  f.to = day("2026-11-05");
  return f;
}

std::vector<std::pair<std::string, std::uint64_t>> codes(const std::vector<CountEntry>& list) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  out.reserve(list.size());
  for (const auto& e : list) out.emplace_back(e.code, e.count);
  return out;
}

using Codes = std::vector<std::pair<std::string, std::uint64_t>>;

TEST(FiguresEngineTest, DailySeries) {
  const Figures fig = loaded().query(period());
  ASSERT_EQ(fig.daily.size(), 5u);
  const std::uint64_t expected[5][4] = {
      // new, updated, withdrawn, open at end of day
      {2, 0, 0, 3},  // 11-01: A, B new; open A B E
      {2, 1, 0, 5},  // 11-02: C, H new; E updated; open A B C E H
      {1, 1, 0, 6},  // 11-03: F new; B updated; open A B C E F H
      {0, 0, 1, 5},  // 11-04: B withdrawn
      {0, 0, 1, 4},  // 11-05: C withdrawn; open A E F H
  };
  for (std::size_t d = 0; d < 5; ++d) {
    SCOPED_TRACE(format_day(fig.daily[d].day));
    EXPECT_EQ(fig.daily[d].day, day("2026-11-01") + std::chrono::days{d});
    EXPECT_EQ(fig.daily[d].new_offers, expected[d][0]);
    EXPECT_EQ(fig.daily[d].updated_offers, expected[d][1]);
    EXPECT_EQ(fig.daily[d].withdrawn_offers, expected[d][2]);
    EXPECT_EQ(fig.daily[d].open_offers, expected[d][3]);
  }
}

TEST(FiguresEngineTest, Totals) {
  const Totals t = loaded().query(period()).totals;
  EXPECT_EQ(t.offers, 6u);  // A B C E F H
  EXPECT_EQ(t.open_at_end, 4u);
  EXPECT_EQ(t.open_posts_at_end, 5u);  // A has 2 posts
  EXPECT_EQ(t.new_offers, 5u);
  EXPECT_EQ(t.updated_offers, 2u);
  EXPECT_EQ(t.withdrawn_offers, 2u);
  EXPECT_EQ(t.remote, 1u);
  EXPECT_EQ(t.without_departement, 1u);  // H
}

TEST(FiguresEngineTest, SalaryDistribution) {
  const SalaryDistribution s = loaded().query(period()).salary;
  EXPECT_EQ(s.parsed, 2u);       // A 40000, B 24000
  EXPECT_EQ(s.implausible, 1u);  // F
  EXPECT_EQ(s.unparsed, 1u);     // C
  EXPECT_EQ(s.absent, 2u);       // E, H
  EXPECT_EQ(s.p10, 24000u);
  EXPECT_EQ(s.p25, 24000u);
  EXPECT_EQ(s.median, 24000u);  // nearest rank: the 1st of 2
  EXPECT_EQ(s.p75, 40000u);
  EXPECT_EQ(s.p90, 40000u);
  EXPECT_EQ(s.mean, 32000u);
  ASSERT_EQ(s.histogram.size(), 9u);  // 0..45000 by 5000
  EXPECT_EQ(s.histogram[4].lower, 20000u);
  EXPECT_EQ(s.histogram[4].count, 1u);
  EXPECT_EQ(s.histogram[8].lower, 40000u);
  EXPECT_EQ(s.histogram[8].upper, 45000u);
  EXPECT_EQ(s.histogram[8].count, 1u);
  EXPECT_EQ(s.histogram[0].count + s.histogram[5].count, 0u);
}

TEST(FiguresEngineTest, PercentilesUseNearestRank) {
  // Seven salaries 21000..27000: ranks ceil(p% x 7) = 1, 2, 4, 6, 7 for P10, P25, P50, P75, P90.
  FiguresEngine engine;
  for (int i = 0; i < 7; ++i) {
    const std::string text = "Annuel de " + std::to_string(21000 + 1000 * i) + " Euros";
    engine.apply(FactsBuilder("S" + std::to_string(i), "2026-11-01T08:00:00Z").salary(text.c_str()));
  }
  Filter f = period();
  f.salary_bin_width = 500;
  SalaryDistribution s = engine.query(f).salary;
  EXPECT_EQ(s.p10, 21000u);
  EXPECT_EQ(s.p25, 22000u);
  EXPECT_EQ(s.median, 24000u);
  EXPECT_EQ(s.p75, 26000u);
  EXPECT_EQ(s.p90, 27000u);
  EXPECT_EQ(s.mean, 24000u);
  ASSERT_EQ(s.histogram.size(), 55u);  // 27000 / 500 + 1 bins, all bounded
  EXPECT_TRUE(s.histogram.back().upper.has_value());

  // A salary far above the rest: the histogram stops at 60 bins, the last one open-ended.
  engine.apply(FactsBuilder("S7", "2026-11-01T08:00:00Z").salary("Annuel de 400000 Euros"));
  s = engine.query(f).salary;
  ASSERT_EQ(s.histogram.size(), 60u);
  EXPECT_FALSE(s.histogram.back().upper.has_value());
  EXPECT_EQ(s.histogram.back().lower, 29500u);
  EXPECT_EQ(s.histogram.back().count, 1u);
}

TEST(FiguresEngineTest, PercentilesOfManySalariesMatchASortedReference) {
  // Values on both sides of 65,536 euros (the radix selection's bucket edge), runs of equal ones
  // and a few far apart, in no order: every percentile must be the nearest rank of a sort.
  FiguresEngine engine;
  std::mt19937 rng(7);
  std::vector<std::uint32_t> values;
  for (int i = 0; i < 5000; ++i) {
    std::uint32_t v = 0;
    switch (rng() % 4) {
      case 0:
        v = 65536;
        break;
      case 1:
        v = 20000 + static_cast<std::uint32_t>(rng() % 50) * 1000;
        break;
      case 2:
        v = 65000 + static_cast<std::uint32_t>(rng() % 1100);
        break;
      default:
        v = 131072 + static_cast<std::uint32_t>(rng() % 200000);
        break;
    }
    const std::string text = "Annuel de " + std::to_string(v) + " Euros";
    engine.apply(FactsBuilder("P" + std::to_string(i), "2026-11-01T08:00:00Z").salary(text.c_str()));
    const auto s = engine.query(period()).salary;  // skips values the parser refuses as implausible
    if (values.size() < s.parsed) values.push_back(v);
  }
  ASSERT_GT(values.size(), 4000u);
  std::sort(values.begin(), values.end());
  const auto rank = [&](unsigned p) {
    return values[std::max<std::size_t>(1, (p * values.size() + 99) / 100) - 1];
  };
  const SalaryDistribution s = engine.query(period()).salary;
  ASSERT_EQ(s.parsed, values.size());
  EXPECT_EQ(s.p10, rank(10));
  EXPECT_EQ(s.p25, rank(25));
  EXPECT_EQ(s.median, rank(50));
  EXPECT_EQ(s.p75, rank(75));
  EXPECT_EQ(s.p90, rank(90));
}

TEST(FiguresEngineTest, TimeOnMarket) {
  const TimeOnMarket m = loaded().query(period()).time_on_market;
  EXPECT_EQ(m.count, 2u);  // B 2 days, C 3 days (whole days rounded down)
  EXPECT_EQ(m.median_days, 2u);
  EXPECT_EQ(m.p90_days, 3u);
  EXPECT_EQ(m.mean_days, 2.5);
}

TEST(FiguresEngineTest, Rankings) {
  const Figures fig = loaded().query(period());
  EXPECT_EQ(codes(fig.top_rome), (Codes{{"M1805", 3}, {"A1101", 1}, {"K2111", 1}, {"M1810", 1}}));
  EXPECT_EQ(fig.top_rome[0].label, "Études et développement informatique");
  EXPECT_EQ(codes(fig.top_skills), (Codes{{"SQL", 3}, {"Python", 2}, {"Excel", 1}}));
  EXPECT_EQ(codes(fig.top_employers), (Codes{{"ACME", 3}, {"Beta", 1}, {"Gamma", 1}}));
  EXPECT_EQ(codes(fig.by_contract), (Codes{{"CDI", 5}, {"CDD", 1}}));
  EXPECT_EQ(fig.by_contract[0].label, "Contrat à durée indéterminée");
  EXPECT_EQ(codes(fig.by_experience), (Codes{{"D", 1}, {"E", 1}}));
  EXPECT_EQ(codes(fig.by_sector), (Codes{{"62", 1}}));
  EXPECT_EQ(fig.by_sector[0].label, "Programmation informatique");

  Filter top1 = period();
  top1.top = 1;
  EXPECT_EQ(codes(loaded().query(top1).top_rome), (Codes{{"M1805", 3}}));
}

// A code's label is the smallest text among the offers counted: offers filtered out do not lend
// theirs, an offer without one does not blank it, and the order of arrival does not matter.
TEST(FiguresEngineTest, ACodesLabelIsTheSmallestAmongTheOffersCounted) {
  const std::vector<OfferFacts> offers = {
      FactsBuilder("A", "2026-11-01T08:00:00Z").place("75056", "75 - Paris").rome("M1805", "Études"),
      FactsBuilder("B", "2026-11-01T08:00:00Z").place("75056", "75 - Paris").rome("M1805", "Développement"),
      FactsBuilder("C", "2026-11-01T08:00:00Z").place("75056", "75 - Paris").rome("M1805", ""),
      FactsBuilder("D", "2026-11-01T08:00:00Z").place("69123", "69 - Lyon").rome("M1805", "Analyse"),
  };
  for (const bool reversed : {false, true}) {
    FiguresEngine engine;
    if (reversed) {
      for (auto it = offers.rbegin(); it != offers.rend(); ++it) engine.apply(*it);
    } else {
      for (const auto& f : offers) engine.apply(f);
    }
    const Figures all = engine.query(Filter{});
    ASSERT_EQ(all.top_rome.size(), 1u);
    EXPECT_EQ(all.top_rome[0].count, 4u);
    EXPECT_EQ(all.top_rome[0].label, "Analyse");
    Filter paris;
    paris.departements = {"75"};
    const Figures in_paris = engine.query(paris);
    ASSERT_EQ(in_paris.top_rome.size(), 1u);
    EXPECT_EQ(in_paris.top_rome[0].count, 3u);
    EXPECT_EQ(in_paris.top_rome[0].label, "Développement");  // D's "Analyse" is not counted here
  }
  FiguresEngine unlabelled;
  unlabelled.apply(offers[2]);
  EXPECT_EQ(unlabelled.query(Filter{}).top_rome[0].label, "");
}

// The few-valued facts are counted as combinations and spread afterwards: each value's count is
// still the number of offers that have it, and a contract filter keeps exactly its offers.
TEST(FiguresEngineTest, FewValuedFactsCountEachOffer) {
  FiguresEngine engine;
  engine.apply(FactsBuilder("A", "2026-11-01T08:00:00Z").contract("CDI").experience("D").remote(true));
  engine.apply(FactsBuilder("B", "2026-11-01T08:00:00Z").contract("CDI").experience("E"));
  engine.apply(FactsBuilder("C", "2026-11-01T08:00:00Z").contract("CDD").experience("D").remote(true));
  engine.apply(FactsBuilder("D", "2026-11-01T08:00:00Z").contract("CDI").experience("D").remote(true));
  const Figures all = engine.query(Filter{});
  EXPECT_EQ(codes(all.by_contract), (Codes{{"CDI", 3}, {"CDD", 1}}));
  EXPECT_EQ(codes(all.by_experience), (Codes{{"D", 3}, {"E", 1}}));
  EXPECT_EQ(all.totals.remote, 3u);
  Filter cdi;
  cdi.contract_types = {"CDI"};
  const Figures only_cdi = engine.query(cdi);
  EXPECT_EQ(only_cdi.totals.offers, 3u);
  EXPECT_EQ(codes(only_cdi.by_experience), (Codes{{"D", 2}, {"E", 1}}));
  EXPECT_EQ(only_cdi.totals.remote, 2u);
}

TEST(FiguresEngineTest, MapCountsKeepCorsicaAndOverseasApart) {
  const Figures fig = loaded().query(period());
  EXPECT_EQ(codes(fig.by_departement), (Codes{{"2A", 1}, {"2B", 1}, {"75", 1}, {"971", 1}, {"974", 1}}));
  EXPECT_EQ(fig.by_departement[0].parent, "94");
  EXPECT_EQ(fig.by_departement[4].label, "La Réunion");
  EXPECT_EQ(codes(fig.by_region), (Codes{{"01", 1}, {"04", 1}, {"11", 1}, {"53", 1}, {"94", 2}}));
  EXPECT_EQ(codes(fig.by_commune),
            (Codes{{"2A004", 1}, {"2B033", 1}, {"75056", 1}, {"97101", 1}, {"97411", 1}}));
  EXPECT_EQ(fig.by_commune[4].parent, "974");
  EXPECT_EQ(fig.by_commune[4].label, "ST DENIS");
}

TEST(FiguresEngineTest, Filters) {
  Filter corsica = period();
  corsica.departements = {"2A", "2B"};
  Figures fig = loaded().query(corsica);
  EXPECT_EQ(fig.totals.offers, 2u);  // B, F
  EXPECT_EQ(fig.daily[0].new_offers, 1u);
  EXPECT_EQ(fig.daily[2].new_offers, 1u);

  Filter region = period();
  region.regions = {"94"};
  EXPECT_EQ(loaded().query(region).totals.offers, 2u);

  Filter m18 = period();
  m18.rome_codes = {"M18"};  // prefix: A B E F (D and G are outside the period)
  EXPECT_EQ(loaded().query(m18).totals.offers, 4u);

  Filter and_filters = period();
  and_filters.rome_codes = {"M1805"};
  and_filters.contract_types = {"CDI"};  // A, E
  fig = loaded().query(and_filters);
  EXPECT_EQ(fig.totals.offers, 2u);
  EXPECT_EQ(codes(fig.by_departement), (Codes{{"75", 1}, {"971", 1}}));

  Filter commune = period();
  commune.communes = {"97411"};
  fig = loaded().query(commune);
  EXPECT_EQ(fig.totals.offers, 1u);
  EXPECT_EQ(fig.totals.withdrawn_offers, 1u);

  Filter nothing = period();
  nothing.communes = {"99999"};
  EXPECT_EQ(loaded().query(nothing).totals.offers, 0u);
}

TEST(FiguresEngineTest, PeriodDefaultsToTheDataExtent) {
  const Figures fig = loaded().query(Filter{});
  ASSERT_TRUE(fig.filter.from && fig.filter.to);
  EXPECT_EQ(*fig.filter.from, day("2026-10-20"));  // D's creation
  EXPECT_EQ(*fig.filter.to, day("2026-11-06"));    // G's creation
  EXPECT_EQ(fig.daily.size(), 18u);

  const Figures empty = FiguresEngine{}.query(Filter{});
  EXPECT_FALSE(empty.filter.from.has_value());
  EXPECT_TRUE(empty.daily.empty());
}

// An offer actualised on 9999-12-31 (and one created in year 1) used to stretch the default period
// to 9989-9999: impossible dates are left out of the extent, the offers themselves still counted.
TEST(FiguresEngineTest, DefaultPeriodIgnoresImpossibleDates) {
  FiguresEngine engine = loaded();
  engine.apply(FactsBuilder("FUTURE", "2026-11-02T08:00:00Z").updated("9999-12-31T00:00:00Z"));
  engine.apply(FactsBuilder("ANCIENT", "0001-01-01T00:00:00Z").updated("2026-11-03T08:00:00Z"));
  const Figures fig = engine.query(Filter{});
  ASSERT_TRUE(fig.filter.from && fig.filter.to);
  EXPECT_EQ(*fig.filter.from, day("2026-10-20"));
  EXPECT_EQ(*fig.filter.to, day("2026-11-06"));

  // Only impossible dates: the period falls back to what is plausible, not to year 9999.
  FiguresEngine odd;
  odd.apply(FactsBuilder("FUTURE", "9999-12-30T08:00:00Z").updated("9999-12-31T00:00:00Z"));
  EXPECT_FALSE(odd.query(Filter{}).filter.from.has_value());
}

// The extent is kept as rows change: a newer version's dates replace the old ones, a withdrawal
// extends it, a reopening takes the withdrawal back.
TEST(FiguresEngineTest, DefaultPeriodFollowsNewVersionsAndWithdrawals) {
  FiguresEngine engine;
  engine.apply(FactsBuilder("X", "2026-10-01T08:00:00Z"));
  engine.apply(FactsBuilder("Y", "2026-10-10T08:00:00Z"));
  const auto period = [&] {
    const Figures fig = engine.query(Filter{});
    return std::pair{*fig.filter.from, *fig.filter.to};
  };
  EXPECT_EQ(period(), std::pair(day("2026-10-01"), day("2026-10-10")));

  engine.apply(FactsBuilder("X", "2026-10-05T08:00:00Z").updated("2026-10-06T08:00:00Z"));
  EXPECT_EQ(period(), std::pair(day("2026-10-05"), day("2026-10-10")));
  engine.apply(FactsBuilder("X", "2026-10-01T08:00:00Z"));  // older: kept out
  EXPECT_EQ(period(), std::pair(day("2026-10-05"), day("2026-10-10")));

  engine.withdraw("Y", at("2026-10-20T08:00:00Z"));
  EXPECT_EQ(period(), std::pair(day("2026-10-05"), day("2026-10-20")));
  engine.apply(FactsBuilder("Y", "2026-10-10T08:00:00Z").updated("2026-10-21T08:00:00Z"));  // reopened
  EXPECT_EQ(period(), std::pair(day("2026-10-05"), day("2026-10-21")));
  engine.apply(FactsBuilder("Y", "2026-10-10T08:00:00Z").updated("2026-10-12T08:00:00Z"));  // older
  EXPECT_EQ(period(), std::pair(day("2026-10-05"), day("2026-10-21")));

  engine.withdraw("Z", at("2026-12-01T08:00:00Z"));  // no facts yet: no date of its own
  EXPECT_EQ(period(), std::pair(day("2026-10-05"), day("2026-10-21")));
}

// A query without filters reads its daily series from the engine's day censuses, a filtered one
// counts them in its pass. Over offers that a filter on every région accepts, both must give the
// same series, whatever the versions, withdrawals (before the offer, before its creation, before
// its update) and periods (before, across and after the data).
TEST(FiguresEngineTest, TheWholeMarketsSeriesAreThoseOfThePass) {
  std::mt19937 rng(20261201);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* places[][2] = {{"75056", "75 - Paris"},
                             {"69123", "69 - Lyon"},
                             {"2A004", "2A - Ajaccio"},
                             {"97411", "974 - ST DENIS"},
                             {"29019", "29 - Brest"}};
  const auto when = [&](int day, int hour) {
    return fmt::format("2026-10-{:02d}T{:02d}:00:00Z", 1 + day, hour);
  };
  FiguresEngine engine;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = "O" + std::to_string(pick(1200));  // several versions of most offers
    const int created = pick(25), updated = pick(4) == 0 ? pick(30) : created;  // may precede creation
    const auto created_at = when(created, pick(24)), updated_at = when(updated, pick(24));
    FactsBuilder b(id, created_at.c_str());
    b.updated(updated_at.c_str());
    const auto& place = places[pick(5)];
    b.place(place[0], place[1]);
    engine.apply(b);
    if (pick(3) == 0) engine.withdraw(pick(10) == 0 ? "W" + id : id, at(when(pick(30), pick(24)).c_str()));
  }
  std::vector<std::string> all_regions;
  for (const auto& r : offer::all_regions()) all_regions.emplace_back(r.code);
  for (const auto& [from, to] :
       {std::pair{"2026-10-01", "2026-10-31"}, std::pair{"2026-09-20", "2026-10-10"},
        std::pair{"2026-10-12", "2026-10-20"}, std::pair{"2026-10-29", "2026-11-15"},
        std::pair{"2026-11-05", "2026-11-09"}, std::pair{"2026-09-01", "2026-09-10"}}) {
    Filter whole;
    whole.from = day(from);
    whole.to = day(to);
    Filter every_region = whole;
    every_region.regions = all_regions;
    const Figures a = engine.query(whole), b = engine.query(every_region);
    ASSERT_EQ(a.totals.offers, b.totals.offers) << from;  // the filter keeps every offer
    ASSERT_EQ(a.daily.size(), b.daily.size());
    for (std::size_t d = 0; d < a.daily.size(); ++d) {
      EXPECT_EQ(a.daily[d].new_offers, b.daily[d].new_offers) << from << " day " << d;
      EXPECT_EQ(a.daily[d].updated_offers, b.daily[d].updated_offers) << from << " day " << d;
      EXPECT_EQ(a.daily[d].withdrawn_offers, b.daily[d].withdrawn_offers) << from << " day " << d;
      EXPECT_EQ(a.daily[d].open_offers, b.daily[d].open_offers) << from << " day " << d;
    }
    EXPECT_EQ(a.totals.new_offers, b.totals.new_offers);
    EXPECT_EQ(a.totals.updated_offers, b.totals.updated_offers);
    EXPECT_EQ(a.totals.withdrawn_offers, b.totals.withdrawn_offers);
  }
  const Figures october = engine.query(Filter{});
  EXPECT_GT(october.totals.withdrawn_offers, 100u);  // the corpus has what the test is about
  EXPECT_GT(october.totals.updated_offers, 100u);
}

TEST(FiguresEngineTest, RejectsBadFilters) {
  FiguresEngine engine = loaded();
  Filter f = period();
  f.departements = {"20"};
  EXPECT_THROW(engine.query(f), std::invalid_argument);
  f = period();
  f.from = day("2026-12-01");
  EXPECT_THROW(engine.query(f), std::invalid_argument);
  f = period();
  f.top = 0;
  EXPECT_THROW(engine.query(f), std::invalid_argument);
  EXPECT_EQ(validate(period()), std::nullopt);
}

TEST(FiguresEngineTest, LatestVersionWins) {
  FiguresEngine engine;
  const OfferFacts v1 =
      FactsBuilder("X", "2026-11-01T08:00:00Z").place("75056", "75 - Paris").contract("CDD");
  const OfferFacts v2 = FactsBuilder("X", "2026-11-01T08:00:00Z")
                            .updated("2026-11-02T08:00:00Z")
                            .place("69123", "69 - Lyon")
                            .contract("CDI");
  EXPECT_EQ(engine.apply(v2), FiguresEngine::Applied::inserted);
  EXPECT_EQ(engine.apply(v1), FiguresEngine::Applied::kept_newer);
  EXPECT_EQ(engine.apply(v2), FiguresEngine::Applied::unchanged);
  EXPECT_EQ(engine.size(), 1u);
  const Figures fig = engine.query(Filter{});
  EXPECT_EQ(codes(fig.by_departement), (Codes{{"69", 1}}));
  EXPECT_EQ(codes(fig.by_contract), (Codes{{"CDI", 1}}));

  FiguresEngine forward;
  forward.apply(v1);
  EXPECT_EQ(forward.apply(v2), FiguresEngine::Applied::replaced);
}

TEST(FiguresEngineTest, WithdrawalsMergeInAnyOrder) {
  const OfferFacts v1 = FactsBuilder("X", "2026-11-01T08:00:00Z");
  const OfferFacts v2 = FactsBuilder("X", "2026-11-01T08:00:00Z").updated("2026-11-05T08:00:00Z");
  Filter f;
  f.from = day("2026-11-01");
  f.to = day("2026-11-06");

  // A withdrawal before the offer's facts are known is kept and applied when they come.
  FiguresEngine early;
  early.withdraw("X", at("2026-11-03T08:00:00Z"));
  EXPECT_EQ(early.size(), 0u);
  EXPECT_EQ(early.stats().pending_withdrawals, 1u);
  early.apply(v1);
  EXPECT_EQ(early.query(f).totals.withdrawn_offers, 1u);
  EXPECT_EQ(early.query(f).daily[2].withdrawn_offers, 1u);

  // A newer version after the withdrawal reopens the offer.
  early.apply(v2);
  EXPECT_EQ(early.query(f).totals.withdrawn_offers, 0u);
  EXPECT_EQ(early.query(f).totals.open_at_end, 1u);

  // Then a later withdrawal closes it again; an older one repeated changes nothing.
  early.withdraw("X", at("2026-11-06T08:00:00Z"));
  early.withdraw("X", at("2026-11-03T08:00:00Z"));
  EXPECT_EQ(early.query(f).daily[5].withdrawn_offers, 1u);
  EXPECT_EQ(early.query(f).totals.open_at_end, 0u);
}

}  // namespace
}  // namespace jobstream::analytics
