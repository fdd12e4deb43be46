// Replays must not change any figure: the JSON of every query is byte-identical whether the
// versions of each offer arrive once, twice, shuffled, or newest first, and whatever the number
// of threads a query splits its pass between.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "analytics/figures_engine.hpp"
#include "analytics/figures_json.hpp"
#include "facts_builder.hpp"

namespace jobstream::analytics {
namespace {

using testing::day;

struct Event {
  OfferFacts facts;               // one version of an offer
  std::optional<Timestamp> gone;  // or, when set, a withdrawal of facts.id at that instant
};

// A corpus with several versions per offer, withdrawals, equal-instant versions with different
// content, and withdrawals of offers whose facts come later.
std::vector<Event> make_events(unsigned seed) {
  std::mt19937 rng(seed);
  const char* communes[][2] = {{"75056", "75 - Paris"},      {"2A004", "2A - Ajaccio"},
                               {"2B033", "2B - Bastia"},     {"97411", "974 - ST DENIS"},
                               {"97611", "976 - Mamoudzou"}, {"", "Bretagne"},
                               {"69123", "69 - Lyon"},       {"13055", "13 - Marseille"}};
  const char* romes[] = {"M1805", "M1810", "K2111", "A1101", "J1102", "N1103"};
  const char* contracts[] = {"CDI", "CDD", "MIS", "SAI"};
  const char* salaries[] = {"Mensuel de 1800.00 Euros à 2000.00 Euros sur 12 mois",
                            "Annuel de 40000 Euros",
                            "Horaire de 11.65 Euros sur 12 mois",
                            "Selon profil",
                            "",
                            "Annuel de 1800 Euros"};
  const char* skills[] = {"SQL", "Python", "Excel", "Soudure", "Accueil", "Gestion de stocks"};
  const Timestamp base = testing::at("2026-10-01T00:00:00Z");
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto hours = [](long h) { return std::chrono::hours{h}; };

  std::vector<Event> events;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = "O" + std::to_string(i);
    const Timestamp created = base + hours(static_cast<long>(pick(std::size_t{24} * 60)));
    const int versions = 1 + static_cast<int>(pick(3));
    Timestamp updated = created;
    for (int v = 0; v < versions; ++v) {
      OfferFacts f;
      f.id = id;
      f.created_at = created;
      f.updated_at = updated;
      const auto& c = communes[pick(std::size(communes))];
      f.place = offer::locate(c[0], c[1]);
      f.rome_code = romes[pick(std::size(romes))];
      f.rome_label = "label " + f.rome_code;
      f.contract_type = contracts[pick(std::size(contracts))];
      f.salary = parse_salary(salaries[pick(std::size(salaries))]);
      f.employer = "Employer " + std::to_string(pick(40));
      f.posts = static_cast<std::uint16_t>(1 + pick(3));
      for (const char* s : skills) {
        if (pick(3) == 0) f.skills.emplace_back(s);
      }
      events.push_back({f, std::nullopt});
      // Sometimes a second version at the very same instant with other content.
      if (pick(10) == 0) {
        f.employer += " bis";
        events.push_back({f, std::nullopt});
      }
      updated += hours(static_cast<long>(1 + pick(std::size_t{24} * 5)));
    }
    if (pick(3) == 0) {
      OfferFacts w;
      w.id = id;
      events.push_back({w, created + hours(static_cast<long>(pick(std::size_t{24} * 20)))});
    }
    if (pick(8) == 0) {
      OfferFacts w;
      w.id = id;
      events.push_back({w, created + hours(static_cast<long>(pick(std::size_t{24} * 30)))});
    }
  }
  return events;
}

void apply_all(FiguresEngine& engine, const std::vector<Event>& events) {
  for (const auto& e : events) {
    if (e.gone) {
      engine.withdraw(e.facts.id, *e.gone);
    } else {
      engine.apply(e.facts);
    }
  }
}

std::vector<Filter> filters() {
  std::vector<Filter> out(5);
  for (auto& f : out) {
    f.from = day("2026-10-01");
    f.to = day("2026-12-15");
  }
  out[1].departements = {"2A", "2B", "974"};
  out[2].rome_codes = {"M18"};
  out[2].contract_types = {"CDI", "CDD"};
  out[3].regions = {"11", "53"};
  out[4] = Filter{};  // the data's own extent
  return out;
}

std::vector<std::string> figures_of(const FiguresEngine& engine) {
  std::vector<std::string> out;
  for (const auto& f : filters()) out.push_back(to_json_text(engine.query(f), 1));
  return out;
}

TEST(ReplayTest, SameFiguresWhateverTheOrderOrRepetition) {
  const auto events = make_events(20261124);

  FiguresEngine once;
  apply_all(once, events);
  const auto expected = figures_of(once);
  ASSERT_GT(once.query(filters()[0]).totals.offers, 1000u);  // the corpus is not trivially empty
  ASSERT_GT(once.query(filters()[0]).totals.withdrawn_offers, 100u);

  // The whole topic replayed on top of itself.
  FiguresEngine twice;
  apply_all(twice, events);
  apply_all(twice, events);
  EXPECT_EQ(figures_of(twice), expected);

  // Shuffled, with several seeds.
  for (unsigned seed : {1u, 2u, 3u}) {
    auto shuffled = events;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(seed));
    FiguresEngine engine;
    apply_all(engine, shuffled);
    EXPECT_EQ(figures_of(engine), expected) << "seed " << seed;
  }

  // Newest first: every older version arrives after a newer one.
  auto reversed = events;
  std::reverse(reversed.begin(), reversed.end());
  FiguresEngine backwards;
  apply_all(backwards, reversed);
  EXPECT_EQ(figures_of(backwards), expected);
  EXPECT_EQ(backwards.size(), once.size());
}

TEST(ReplayTest, OnlyTheLatestVersionsGiveTheSameFigures) {
  const auto events = make_events(7);
  FiguresEngine all;
  apply_all(all, events);

  // Keep, per id, only the winning version (latest instant; equal instants: the greater content
  // hash) and the latest withdrawal, then apply those alone.
  std::map<std::string, OfferFacts> latest;
  std::map<std::string, Timestamp> gone;
  for (const auto& e : events) {
    if (e.gone) {
      auto [it, fresh] = gone.emplace(e.facts.id, *e.gone);
      if (!fresh) it->second = std::max(it->second, *e.gone);
      continue;
    }
    auto [it, fresh] = latest.emplace(e.facts.id, e.facts);
    if (fresh) continue;
    const auto& kept = it->second;
    if (e.facts.updated_at > kept.updated_at ||
        (e.facts.updated_at == kept.updated_at && content_hash(e.facts) > content_hash(kept))) {
      it->second = e.facts;
    }
  }
  FiguresEngine minimal;
  for (const auto& [id, f] : latest) minimal.apply(f);
  for (const auto& [id, t] : gone) minimal.withdraw(id, t);
  EXPECT_EQ(figures_of(minimal), figures_of(all));
}

}  // namespace
}  // namespace jobstream::analytics

namespace jobstream::analytics {
namespace {

TEST(ReplayTest, SameFiguresWhateverTheQueryThreads) {
  // The split pass merges counts, smallest labels, jobs seen and salaries: any split, even one
  // with more threads than some parts have rows, must give what one pass gives.
  const auto events = make_events(20261201);
  FiguresEngine engine;
  apply_all(engine, events);
  engine.set_query_threads(1);
  const auto expected = figures_of(engine);
  for (std::size_t threads : {2u, 3u, 7u}) {
    engine.set_query_threads(threads);
    EXPECT_EQ(figures_of(engine), expected) << threads << " threads";
  }
}

}  // namespace
}  // namespace jobstream::analytics
