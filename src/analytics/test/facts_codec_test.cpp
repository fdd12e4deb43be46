#include <gtest/gtest.h>

#include "analytics/byte_codec.hpp"
#include "analytics/facts_codec.hpp"
#include "analytics/test/facts_builder.hpp"

namespace jobstream::analytics {
namespace {

using testing::at;
using testing::FactsBuilder;

// Every field away from its default, so that a field the codec forgot makes the facts differ.
OfferFacts every_field() {
  OfferFacts f = FactsBuilder("180HSFM", "2024-08-30T16:52:28.632Z")
                     .updated("2024-09-02T08:15:42Z")
                     .place("2A004", "2A - AJACCIO")
                     .rome("M1805", "Études et développement informatique")
                     .contract("CDI")
                     .salary("Horaire de 11.65 Euros à 13.00 Euros sur 13.0 mois")
                     .skills({"Programmer en C++", "SQL"})
                     .employer("ACME SOFTWARE");
  f.experience = "E";
  f.qualification = "9";
  f.naf_code = "62.01Z";
  f.sector = "62";
  f.sector_label = "Programmation informatique";
  f.remote = true;
  f.part_time = true;
  f.weekly_hours = 24.5;
  f.posts = 65535;
  f.origin = "2";
  f.partner = "METEOJOB";
  f.job_key = job_key_of("Développeur C++", f.employer, "2A004", f.contract_type);
  f.salary.source = SalarySource::comment;
  return f;
}

TEST(FactsCodec, GivesBackEveryField) {
  const auto f = every_field();
  ASSERT_EQ(f.salary.status, SalaryStatus::parsed);
  ASSERT_TRUE(f.salary.months && f.salary.annual_min && f.salary.annual_max);
  ASSERT_NE(f.place.scope, offer::PlaceScope::unlocated);
  const auto bytes = encode_facts(f);
  const auto back = decode_facts(bytes, std::nullopt);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, f);
  // Compact: well under the offer JSON it comes from.
  EXPECT_LT(bytes.size(), 300U);
}

TEST(FactsCodec, WithdrawalComesFromItsOwnColumn) {
  auto f = every_field();
  f.withdrawn_at = at("2024-10-01T00:00:00Z");
  const auto bytes = encode_facts(f);
  EXPECT_EQ(decode_facts(bytes, std::nullopt)->withdrawn_at, std::nullopt);
  EXPECT_EQ(decode_facts(bytes, at("2024-10-02T00:00:00Z"))->withdrawn_at, at("2024-10-02T00:00:00Z"));
}

TEST(FactsCodec, SparseFactsAndLongTextsRoundTrip) {
  OfferFacts sparse = FactsBuilder("1", "2026-01-01T00:00:00Z");
  EXPECT_EQ(*decode_facts(encode_facts(sparse), std::nullopt), sparse);
  // A text past the one-byte length (an employer name as long as the API lets it be).
  OfferFacts long_texts = every_field();
  long_texts.employer = std::string(70000, 'e');
  long_texts.skills.emplace_back(255, 's');
  EXPECT_EQ(*decode_facts(encode_facts(long_texts), std::nullopt), long_texts);
}

TEST(FactsCodec, SameFactsAsTheJson) {
  constexpr const char* json = R"({"id": "X1", "dateCreation": "2026-11-02T08:00:00Z",
    "intitule": "Comptable - télétravail", "lieuTravail": {"libelle": "75 - PARIS 08", "commune": "75108"},
    "romeCode": "M1203", "typeContrat": "CDD", "entreprise": {"nom": "Cabinet"},
    "competences": [{"libelle": "Paie"}], "salaire": {"libelle": "Mensuel de 2000 Euros sur 12 mois"}})";
  const auto encoded = encoded_facts_of_json(json);
  ASSERT_TRUE(encoded);
  const auto direct = std::get<OfferFacts>(facts_from_json(json));
  EXPECT_EQ(*decode_facts(*encoded, std::nullopt), direct);
  EXPECT_FALSE(encoded_facts_of_json(R"({"id": "X2"})"));  // no date: no facts, as from the JSON
  EXPECT_FALSE(encoded_facts_of_json("not json"));
}

TEST(FactsCodec, RefusesFactsOfAnotherCodeVersion) {
  auto bytes = encode_facts(every_field());
  ByteWriter other;
  other.u32(facts_code_version + 1);
  bytes.replace(1, 4, other.bytes());
  EXPECT_FALSE(decode_facts(bytes, std::nullopt));
  bytes[0] = 2;  // another layout
  EXPECT_FALSE(decode_facts(bytes, std::nullopt));
}

TEST(FactsCodec, RefusesDamagedBytesWithoutReadingPastThem) {
  const auto bytes = encode_facts(every_field());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_facts(std::string_view(bytes).substr(0, n), std::nullopt)) << "prefix of " << n;
  }
  EXPECT_FALSE(decode_facts(bytes + "x", std::nullopt));
  auto bad_place = bytes;
  bad_place[1 + 4 + 1 + 7 + 16] = static_cast<char>(250);  // département index past the list
  EXPECT_FALSE(decode_facts(bad_place, std::nullopt));
}

}  // namespace
}  // namespace jobstream::analytics
