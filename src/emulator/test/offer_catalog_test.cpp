#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "emulator/offer_catalog.hpp"

namespace jobstream::emulator {
namespace {

using namespace std::chrono;
const Millis t0 = Millis(sys_days(year(2026) / 11 / 1));

EmulatedOffer offer(const std::string& id, Millis created, const std::string& dep) {
  EmulatedOffer o;
  o.id = id;
  o.created = created;
  o.attributes.departement = dep;
  o.attributes.type_contrat = "CDI";
  o.json = R"({"id":")" + id + R"("})";
  return o;
}

std::vector<std::string> ids_of(const SearchPage& page) {
  std::vector<std::string> out;
  if (page.body.empty()) return out;
  const auto body = nlohmann::json::parse(page.body);
  for (const auto& o : body.at("resultats")) out.push_back(o.at("id"));
  return out;
}

TEST(OfferCatalog, NewestFirstWithTiesById) {
  OfferCatalog c;
  c.put(offer("B", t0, "75"));
  c.put(offer("A", t0, "75"));
  c.put(offer("C", t0 + seconds(5), "75"));
  const auto page = c.search({}, 0, 149);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(ids_of(page), (std::vector<std::string>{"C", "A", "B"}));
  EXPECT_EQ(ids_of(c.search({}, 1, 1)), (std::vector<std::string>{"A"}));
}

TEST(OfferCatalog, AnAttributeFilterDropsOffersWithoutTheAttribute) {
  OfferCatalog c;
  c.put(offer("A", t0, "75"));
  c.put(offer("B", t0, ""));
  SearchFilter f;
  EXPECT_EQ(c.search(f, 0, 149).total, 2);
  f.departements = {"75"};
  EXPECT_EQ(ids_of(c.search(f, 0, 149)), (std::vector<std::string>{"A"}));
  f.departements.clear();
  f.regions = {"11"};  // Île-de-France, through the département
  EXPECT_EQ(ids_of(c.search(f, 0, 149)), (std::vector<std::string>{"A"}));
}

TEST(OfferCatalog, DateBoundsAreInclusiveToTheSecond) {
  OfferCatalog c;
  c.put(offer("A", t0 + milliseconds(999), "75"));
  c.put(offer("B", t0 + seconds(1), "75"));
  SearchFilter f;
  f.min_created = t0;
  f.max_created = t0;
  EXPECT_EQ(ids_of(c.search(f, 0, 149)), (std::vector<std::string>{"A"}));
  f.min_created = t0 + seconds(1);
  f.max_created = t0 + seconds(1);
  EXPECT_EQ(ids_of(c.search(f, 0, 149)), (std::vector<std::string>{"B"}));
  f.min_created = t0 + seconds(2);
  f.max_created = t0;  // reversed window: nothing
  EXPECT_EQ(c.search(f, 0, 149).total, 0);
}

TEST(OfferCatalog, ReplaceAndRemoveKeepTheIndexesConsistent) {
  OfferCatalog c;
  c.put(offer("A", t0, "75"));
  c.put(offer("A", t0 + hours(1), "13"));  // same id, moved: one entry only
  EXPECT_EQ(c.size(), 1u);
  SearchFilter f;
  f.departements = {"13"};
  EXPECT_EQ(c.search(f, 0, 149).total, 1);
  EXPECT_TRUE(c.remove("A"));
  EXPECT_FALSE(c.remove("A"));
  EXPECT_EQ(c.search({}, 0, 149).total, 0);
  EXPECT_FALSE(c.find_json("A").has_value());
}

TEST(OfferCatalog, PagePastTheEndHasTheTotalButNoItems) {
  OfferCatalog c;
  for (int i = 0; i < 10; ++i) c.put(offer("O" + std::to_string(i), t0 + seconds(i), "75"));
  const auto page = c.search({}, 150, 299);
  EXPECT_EQ(page.total, 10);
  EXPECT_EQ(page.last, -1);
  EXPECT_TRUE(page.body.empty());
  const auto tail = c.search({}, 5, 149);
  EXPECT_EQ(tail.last, 9);
  EXPECT_EQ(ids_of(tail).size(), 5u);
}

TEST(OfferCatalog, TheNextPagesOfAWindowSeeEveryChangeMadeBetweenThem) {
  // Pages of one window come from one pass while nothing changes: a change in between is seen.
  OfferCatalog c;
  for (int i = 0; i < 10; ++i) c.put(offer("O" + std::to_string(i), t0 + seconds(i), "75"));
  SearchFilter window;
  window.min_created = t0;
  window.max_created = t0 + seconds(20);
  EXPECT_EQ(ids_of(c.search(window, 0, 1)), (std::vector<std::string>{"O9", "O8"}));
  c.put(offer("N", t0 + seconds(15), "75"));
  EXPECT_EQ(c.search(window, 0, 1).total, 11);
  EXPECT_EQ(ids_of(c.search(window, 0, 1)), (std::vector<std::string>{"N", "O9"}));
  EXPECT_TRUE(c.remove("O9"));
  EXPECT_EQ(ids_of(c.search(window, 1, 2)), (std::vector<std::string>{"O8", "O7"}));
  c.put(offer("O8", t0 + seconds(30), "75"));  // moved out of the window
  EXPECT_EQ(ids_of(c.search(window, 1, 2)), (std::vector<std::string>{"O7", "O6"}));
  EXPECT_EQ(c.search(window, 0, 0).total, 9);
  // Another filter over the same window is its own result.
  SearchFilter elsewhere = window;
  elsewhere.departements = {"13"};
  EXPECT_EQ(c.search(elsewhere, 0, 149).total, 0);
}

TEST(OfferCatalog, EveryWindowMatchesAFilterOverEveryOffer) {
  // The catalog reads a window from its per-département indexes backwards, or takes it from a
  // cached wider window of the same filter; the reference filters every offer and sorts them. Both
  // must give the same offers in the same order, whatever the départements named (none, one,
  // several, twice, unknown), ties within a millisecond included, after moves and removals.
  std::mt19937 rng(7);
  const std::vector<std::string> departements = {"75", "13", "69", "2A", ""};
  OfferCatalog c;
  std::map<std::string, EmulatedOffer> all;
  const auto instant = [&] { return t0 + milliseconds(500 * (rng() % 40)); };  // many share one
  const auto put = [&](const std::string& id) {
    auto o = offer(id, instant(), departements[rng() % departements.size()]);
    all[id] = o;
    c.put(std::move(o));
  };
  const auto check = [&](const SearchFilter& f, int round) {
    std::vector<const EmulatedOffer*> expected;
    for (const auto& [id, o] : all) {
      const bool in_departement =
          f.departements.empty() || std::find(f.departements.begin(), f.departements.end(),
                                              o.attributes.departement) != f.departements.end();
      const bool after = !f.min_created || o.created >= *f.min_created;
      const bool before = !f.max_created || floor<seconds>(o.created) <= floor<seconds>(*f.max_created);
      if (in_departement && after && before) expected.push_back(&o);
    }
    std::sort(expected.begin(), expected.end(), [](const EmulatedOffer* a, const EmulatedOffer* b) {
      return a->created != b->created ? a->created > b->created : a->id < b->id;
    });
    std::vector<std::string> expected_ids;
    expected_ids.reserve(expected.size());
    for (const auto* o : expected) expected_ids.push_back(o->id);
    if (f.min_created && f.max_created && *f.min_created > *f.max_created) expected_ids.clear();
    const auto page = c.search(f, 0, 999);
    EXPECT_EQ(ids_of(page), expected_ids) << "round " << round;
    if (expected_ids.empty()) return;
    // filtresPossibles counts the window's offers: every one is a CDI.
    const auto facets = nlohmann::json::parse(page.body).at("filtresPossibles");
    EXPECT_EQ(facets.at(0).at("filtre"), "typeContrat");
    EXPECT_EQ(facets.at(0).at("agregation"),
              nlohmann::json::parse(R"([{"valeurPossible":"CDI","nbResultats":)" +
                                    std::to_string(expected_ids.size()) + "}]"))
        << "round " << round;
  };
  for (int round = 0; round < 300; ++round) {
    if (round % 50 == 0) {  // the catalog changes now and then: cached results must not be used
      for (int i = 0; i < 100; ++i) put("O" + std::to_string(rng() % 300));
      for (int i = 0; i < 20; ++i) {
        const auto id = "O" + std::to_string(rng() % 300);
        EXPECT_EQ(c.remove(id), all.erase(id) == 1);
      }
    }
    SearchFilter f;
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) f.departements.push_back(departements[rng() % 4]);
    if (round % 3 == 0) f.departements.emplace_back("971");  // no offer there
    if (rng() % 2) f.min_created = instant();
    if (rng() % 2) f.max_created = instant();
    check(f, round);
    // Windows within it, as a walk's rest is: from the cached result.
    for (int k = 0; k < 3; ++k) {
      SearchFilter narrower = f;
      const auto a = instant(), b = instant();
      narrower.min_created = std::max(std::min(a, b), f.min_created.value_or(t0));
      narrower.max_created = std::max(a, b);
      if (f.max_created) narrower.max_created = std::min(*narrower.max_created, *f.max_created);
      check(narrower, round);
    }
  }
}

}  // namespace
}  // namespace jobstream::emulator
