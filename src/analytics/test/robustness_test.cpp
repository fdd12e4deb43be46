// Text from outside (salary strings, place labels, whole offers) in any shape: never a crash,
// always a definite answer.
#include <gtest/gtest.h>

#include <random>

#include "analytics/offer_facts.hpp"

namespace jobstream::analytics {
namespace {

std::string random_text(std::mt19937& rng, std::size_t max_len) {
  // Bytes biased toward the ones the parsers look at, including broken UTF-8.
  static constexpr char alphabet[] = "0123456789 ,.-/:€kKhHdeàsurmoiEuros\xC3\xC2\xA0\xE2\x80\xAF\x97"
                                     "AB{}[]\"'";
  std::string out(rng() % (max_len + 1), ' ');
  for (auto& c : out) c = alphabet[rng() % (sizeof(alphabet) - 1)];
  return out;
}

TEST(RobustnessTest, RandomSalaryTextsAndPlaces) {
  std::mt19937 rng(99);
  for (int i = 0; i < 20000; ++i) {
    const std::string text = random_text(rng, 60);
    const Salary s = parse_salary(text);
    if (s.status == SalaryStatus::parsed) {
      ASSERT_TRUE(s.annual_estimate.has_value()) << text;
      EXPECT_GE(*s.annual_estimate, annual_floor) << text;
      EXPECT_LE(*s.annual_estimate, annual_ceiling) << text;
    } else {
      EXPECT_FALSE(s.annual_estimate.has_value()) << text;
    }
    const offer::Place p = offer::locate(text.substr(0, 5), text);
    if (p.departement != offer::unknown_geo) {
      EXPECT_NE(offer::departement_at(p.departement), nullptr);
    }
  }
}

TEST(RobustnessTest, RandomOffersGiveFactsOrAnError) {
  std::mt19937 rng(7);
  const std::string good =
      R"({"id":"A1","dateCreation":"2026-11-01T08:00:00Z","lieuTravail":{"libelle":"75 - Paris","commune":"75056"},)"
      R"("salaire":{"libelle":"Mensuel de 1800 Euros sur 12 mois"},"competences":[{"libelle":"SQL"}],"nombrePostes":2})";
  int facts = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string doc = good;
    for (int k = 0; k < 3; ++k) doc[rng() % doc.size()] = static_cast<char>(rng() % 256);  // corrupt
    const auto result = facts_from_json(doc);
    if (const auto* f = std::get_if<OfferFacts>(&result)) {
      ++facts;
      EXPECT_FALSE(f->id.empty());
    } else {
      EXPECT_FALSE(std::get<FactsError>(result).reason.empty());
    }
  }
  EXPECT_GT(facts, 0);  // some corruptions hit only values and still parse
}

}  // namespace
}  // namespace jobstream::analytics
