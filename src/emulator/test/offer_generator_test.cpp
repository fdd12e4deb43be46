#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "emulator/corpus.hpp"
#include "emulator/offer_generator.hpp"
#include "source/api_time.hpp"

namespace jobstream::emulator {
namespace {

const Millis anchor = Millis(std::chrono::sys_days(std::chrono::year(2026) / 11 / 20));

TEST(OfferGenerator, SameSeedAndIndexGiveTheSameBytes) {
  OfferGenerator a(7), b(7), other(8);
  EXPECT_EQ(a.make(123, anchor).json, b.make(123, anchor).json);
  EXPECT_NE(a.make(123, anchor).json, other.make(123, anchor).json);
}

TEST(OfferGenerator, IdsAreDistinctAndShapedLikeTheApis) {
  std::set<std::string> ids;
  int numeric = 0, leading_zero = 0;
  for (std::uint64_t i = 0; i < 200000; ++i) {
    const auto id = OfferGenerator::id_for(i);
    ASSERT_EQ(id.size(), 7u) << id;
    ASSERT_TRUE(ids.insert(id).second) << "duplicate id " << id;
    const bool all_digits = id.find_first_not_of("0123456789") == std::string::npos;
    ASSERT_EQ(all_digits, OfferGenerator::is_partner(i)) << id;
    numeric += all_digits;
    leading_zero += all_digits && id[0] == '0';
  }
  // Partner offers, as in the real offers: 61% of them, a quarter of their ids starting with 0.
  EXPECT_NEAR(numeric / 200000.0, 0.61, 0.01);
  EXPECT_NEAR(static_cast<double>(leading_zero) / numeric, 0.25, 0.02);
}

TEST(OfferGenerator, CorpusCoversEveryKindOfPlaceAndSalaryForm) {
  OfferGenerator gen(1);
  CorpusShape shape{20000, 1, anchor, 90};
  std::map<std::string, int> by_dep;
  std::set<std::string> salary_forms;
  int without_dep = 0, empty_salary = 0, accents = 0, list_tools = 0, string_tools = 0;
  for (std::uint64_t i = 0; i < shape.offers; ++i) {
    const auto o = gen.make(i, corpus_creation_time(shape, i));
    const auto j = nlohmann::json::parse(o.json);  // throws on invalid JSON or UTF-8
    ASSERT_EQ(j.at("id"), o.id);
    ASSERT_TRUE(source::parse_api_time(j.at("dateCreation").get<std::string>()).has_value());
    ASSERT_LE(o.created, anchor);
    const auto& place = j.at("lieuTravail");
    if (o.attributes.departement.empty()) {
      ++without_dep;
      EXPECT_FALSE(place.contains("commune"));
    } else {
      ++by_dep[o.attributes.departement];
      // The commune's INSEE code, when given, starts with the département (971–976: three
      // characters); the label is "<dep> - <place>" or, as some real offers have it, "<dep>" alone.
      if (place.contains("commune")) {
        EXPECT_EQ(place.at("commune").get<std::string>().substr(0, o.attributes.departement.size()),
                  o.attributes.departement);
      }
      const auto label = place.at("libelle").get<std::string>();
      if (label != o.attributes.departement) {
        EXPECT_EQ(label.substr(0, o.attributes.departement.size() + 3), o.attributes.departement + " - ");
      }
    }
    if (j.at("salaire").empty()) {
      ++empty_salary;
    } else if (j["salaire"].contains("libelle")) {
      const auto label = j["salaire"]["libelle"].get<std::string>();
      salary_forms.insert(label.substr(0, label.find(' ')) +
                          (label.find(" à ") != std::string::npos ? "-range" : ""));
    } else {
      salary_forms.insert("comment-only");
    }
    accents += o.json.find("é") != std::string::npos;
    if (j.contains("outilsBureautiques")) (j["outilsBureautiques"].is_array() ? list_tools : string_tools)++;
  }
  for (const char* dep : {"2A", "2B", "971", "972", "973", "974", "975", "976", "75", "13", "69"}) {
    EXPECT_GT(by_dep[dep], 0) << dep;
  }
  // Several départements hold more than the 3150 cap in a 60,000-offer corpus (here: 20,000 / 3).
  int over = 0;
  for (const auto& [dep, n] : by_dep) over += n * 3 > 3150;
  EXPECT_GE(over, 3);
  EXPECT_GT(without_dep, 200);
  EXPECT_GT(empty_salary, 5000);  // `salaire: {}`, as in 44% of the real offers
  for (const char* form : {"Mensuel", "Mensuel-range", "Annuel", "Annuel-range", "Horaire", "Autre-range",
                           "De-range", "comment-only"}) {
    EXPECT_TRUE(salary_forms.contains(form)) << form;
  }
  EXPECT_EQ(accents, 20000);
  EXPECT_GT(list_tools, 0);
  EXPECT_GT(string_tools, 0);
}

TEST(OfferGenerator, NoCorpusOfferIsActualisedAfterTheAnchor) {
  // A live update is dated "now"; Cassandra keeps the version with the latest dateActualisation,
  // so no generated version may be dated after the anchor.
  OfferCatalog catalog;
  CorpusShape shape{5000, 2, anchor, 3};
  fill_corpus(catalog, OfferGenerator(2), shape);
  int actualised = 0;
  for (const auto& id : catalog.ids()) {
    const auto o = *catalog.find(id);
    ASSERT_LE(o.updated, anchor) << id;
    ASSERT_GE(o.updated, o.created) << id;
    actualised += o.updated > o.created;
  }
  EXPECT_GT(actualised, 1000);  // about 30%
  EXPECT_LT(actualised, 2000);
}

TEST(OfferGenerator, ARevisionKeepsIdentityAndChangesContent) {
  OfferGenerator gen(3);
  const auto v0 = gen.make(42, anchor);
  const auto later = anchor + std::chrono::hours(5);
  const auto v1 = gen.make(42, anchor, 1, later);
  EXPECT_EQ(v0.id, v1.id);
  EXPECT_EQ(v0.attributes.departement, v1.attributes.departement);
  EXPECT_EQ(v0.attributes.rome_code, v1.attributes.rome_code);
  EXPECT_NE(v0.json, v1.json);
  EXPECT_EQ(v1.updated, later);
  const auto j0 = nlohmann::json::parse(v0.json), j1 = nlohmann::json::parse(v1.json);
  EXPECT_EQ(j0["dateCreation"], j1["dateCreation"]);
  EXPECT_NE(j0["dateActualisation"], j1["dateActualisation"]);
}

}  // namespace
}  // namespace jobstream::emulator
