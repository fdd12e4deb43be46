#include <gtest/gtest.h>

#include "analytics/offer_facts.hpp"

namespace jobstream::analytics {
namespace {

// Shaped like the real 2024 captures (180HSFM-like), fields the figures use included.
constexpr const char* full_offer = R"({
  "id": "180HSFM",
  "intitule": "Développeur C++ (H/F) - télétravail partiel",
  "description": "Rejoignez notre équipe.\nTélétravail 2 jours par semaine.",
  "dateCreation": "2024-08-30T16:52:28.632Z",
  "dateActualisation": "2024-09-02T08:15:42Z",
  "lieuTravail": {"libelle": "2A - AJACCIO", "latitude": 41.92, "longitude": 8.73, "codePostal": "20000", "commune": "2A004"},
  "romeCode": "M1805",
  "romeLibelle": "Études et développement informatique",
  "entreprise": {"nom": "  ACME SOFTWARE ", "entrepriseAdaptee": false},
  "typeContrat": "CDI",
  "typeContratLibelle": "Contrat à durée indéterminée",
  "natureContrat": "Contrat travail",
  "experienceExige": "E",
  "competences": [
    {"code": "483320", "libelle": "Programmer en C++", "exigence": "E"},
    {"code": "100001", "libelle": "SQL", "exigence": "S"},
    {"code": "483320", "libelle": "Programmer en C++", "exigence": "E"},
    {"code": "x"}
  ],
  "salaire": {"libelle": "Annuel de 45000,00 Euros à 55000,00 Euros sur 12 mois", "commentaire": "selon profil"},
  "dureeTravailLibelle": "35H Horaires normaux",
  "dureeTravailLibelleConverti": "Temps plein",
  "nombrePostes": 3,
  "qualificationCode": "9",
  "codeNAF": "62.01Z",
  "secteurActivite": "62",
  "secteurActiviteLibelle": "Programmation informatique"
})";

TEST(OfferFactsTest, NormalizesAFullOffer) {
  auto result = facts_from_json(full_offer);
  ASSERT_TRUE(std::holds_alternative<OfferFacts>(result)) << std::get<FactsError>(result).reason;
  const auto& f = std::get<OfferFacts>(result);
  EXPECT_EQ(f.id, "180HSFM");
  EXPECT_EQ(format_timestamp(f.created_at), "2024-08-30T16:52:28.632Z");
  EXPECT_EQ(format_day(f.created_day()), "2024-08-30");
  EXPECT_EQ(format_day(f.updated_day()), "2024-09-02");
  EXPECT_FALSE(f.withdrawn_at.has_value());
  EXPECT_EQ(offer::departement_at(f.place.departement)->code, "2A");
  EXPECT_EQ(offer::region_at(f.place.region)->code, "94");
  EXPECT_EQ(f.place.commune, "2A004");
  EXPECT_EQ(f.place.commune_name, "AJACCIO");
  EXPECT_EQ(f.rome_code, "M1805");
  EXPECT_EQ(f.rome_label, "Études et développement informatique");
  EXPECT_EQ(f.contract_type, "CDI");
  EXPECT_EQ(f.experience, "E");
  EXPECT_EQ(f.qualification, "9");
  EXPECT_EQ(f.naf_code, "62.01Z");
  EXPECT_EQ(f.sector, "62");
  EXPECT_EQ(f.sector_label, "Programmation informatique");
  EXPECT_EQ(f.employer, "ACME SOFTWARE");
  EXPECT_TRUE(f.remote);
  EXPECT_FALSE(f.part_time);
  ASSERT_TRUE(f.weekly_hours.has_value());
  EXPECT_DOUBLE_EQ(*f.weekly_hours, 35.0);
  EXPECT_EQ(f.posts, 3);
  EXPECT_EQ(f.skills, (std::vector<std::string>{"Programmer en C++", "SQL"}));
  EXPECT_EQ(f.salary.status, SalaryStatus::parsed);
  EXPECT_EQ(f.salary.annual_estimate, 50000.0);
}

TEST(OfferFactsTest, SparseOfferUsesDefaultsAndFallbacks) {
  const auto withdrawn = parse_timestamp("2024-10-01T00:00:00Z");
  auto result = facts_from_json(
      R"({"id": 2430874, "dateActualisation": "2024-09-02T08:15:42Z",
          "lieuTravail": {"libelle": "974 - ST PIERRE"}, "codeNAF": "78.20Z", "nombrePostes": "deux",
          "dureeTravailLibelleConverti": "Temps partiel", "dureeTravailLibelle": "24H30/semaine",
          "salaire": {"commentaire": "De 30 à 35 k€ brut annuel"}, "entreprise": {}, "typeContrat": 12})",
      withdrawn);
  ASSERT_TRUE(std::holds_alternative<OfferFacts>(result)) << std::get<FactsError>(result).reason;
  const auto& f = std::get<OfferFacts>(result);
  EXPECT_EQ(f.id, "2430874");             // numeric id kept as text
  EXPECT_EQ(f.created_at, f.updated_at);  // no dateCreation: the version date stands in
  EXPECT_EQ(f.withdrawn_at, withdrawn);
  EXPECT_EQ(offer::departement_at(f.place.departement)->code, "974");
  EXPECT_EQ(offer::region_at(f.place.region)->code, "04");
  EXPECT_TRUE(f.place.commune.empty());
  EXPECT_EQ(f.sector, "78");             // from codeNAF
  EXPECT_EQ(f.posts, 1);                 // wrongly typed: default
  EXPECT_TRUE(f.contract_type.empty());  // wrongly typed: absent
  EXPECT_TRUE(f.employer.empty());
  EXPECT_TRUE(f.part_time);
  EXPECT_DOUBLE_EQ(*f.weekly_hours, 24.5);
  EXPECT_EQ(f.salary.status, SalaryStatus::parsed);  // the comment stands in for a missing libellé
  EXPECT_EQ(f.salary.annual_estimate, 32500.0);
  EXPECT_FALSE(f.remote);
}

TEST(OfferFactsTest, RejectsWhatCannotBeAnOffer) {
  for (const char* bad :
       {"", "not json", "[1,2]", R"({"dateCreation":"2024-08-30T16:52:28Z"})",
        R"({"id":"","dateCreation":"2024-08-30T16:52:28Z"})", R"({"id":"X"})",
        R"({"id":"X","dateCreation":"yesterday"})", R"({"id":true,"dateCreation":"2024-08-30T16:52:28Z"})"}) {
    auto result = facts_from_json(bad);
    ASSERT_TRUE(std::holds_alternative<FactsError>(result)) << bad;
    EXPECT_FALSE(std::get<FactsError>(result).reason.empty());
  }
}

TEST(OfferFactsTest, RemoteWorkMentions) {
  EXPECT_TRUE(mentions_remote_work("Télétravail possible 2 jours"));
  EXPECT_TRUE(mentions_remote_work("Poste en full remote"));
  EXPECT_TRUE(mentions_remote_work("travail à distance partiel"));
  EXPECT_FALSE(mentions_remote_work("Pas de télétravail possible"));
  EXPECT_FALSE(mentions_remote_work("Poste sans télétravail"));
  EXPECT_FALSE(mentions_remote_work("Télétravail non possible"));
  EXPECT_FALSE(mentions_remote_work("Remoteness is not a word we match"));
  EXPECT_TRUE(mentions_remote_work("Pas de déplacement. Télétravail le vendredi"));
}

TEST(OfferFactsTest, WeeklyHours) {
  EXPECT_EQ(weekly_hours_of("35H"), 35.0);
  EXPECT_EQ(weekly_hours_of("39H00"), 39.0);
  EXPECT_EQ(weekly_hours_of("35H/semaine\nTravail en journée"), 35.0);
  EXPECT_EQ(weekly_hours_of("17H30 Travail à temps partiel"), 17.5);
  EXPECT_EQ(weekly_hours_of("Temps plein"), std::nullopt);
  EXPECT_EQ(weekly_hours_of("120H"), std::nullopt);
}

TEST(OfferFactsTest, Days) {
  EXPECT_EQ(format_day(*parse_day("2026-11-24")), "2026-11-24");
  EXPECT_FALSE(parse_day("2026-02-30").has_value());
  EXPECT_FALSE(parse_day("2026-1-24").has_value());
  EXPECT_FALSE(parse_day("24/11/2026").has_value());
}

}  // namespace
}  // namespace jobstream::analytics
