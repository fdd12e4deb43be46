#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace jobstream::emulator
