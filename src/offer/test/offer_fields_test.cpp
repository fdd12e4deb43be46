#include "offer/offer_fields.hpp"
#include "offer/place.hpp"

#include <gtest/gtest.h>

using namespace jobstream::offer;

TEST(OfferFields, ReadsTheDocumentedFields) {
  const auto parsed = parse_offer_fields(R"j({"id":"180HSFM","intitule":"Développeur C++ (H/F)",
    "dateCreation":"2024-07-29T09:15:42.000Z","dateActualisation":"2024-07-30T10:00:00.000Z",
    "lieuTravail":{"libelle":"2A - AJACCIO","latitude":41.92,"longitude":8.73,"codePostal":"20000","commune":"2A004"},
    "romeCode":"M1805","romeLibelle":"Études et développement informatique","entreprise":{"nom":"ACME"},
    "typeContrat":"CDI","salaire":{"libelle":"Annuel de 40000,00 Euros à 45000,00 Euros sur 12 mois"},
    "nombrePostes":2,"alternance":false,"competences":[{"code":"1","libelle":"C++"},{"libelle":"Linux"}],
    "unknownField":{"x":[1,2]}})j");
  ASSERT_TRUE(std::holds_alternative<OfferFields>(parsed)) << std::get<RecordError>(parsed).reason;
  const auto& f = std::get<OfferFields>(parsed);
  EXPECT_EQ(f.id, "180HSFM");
  EXPECT_EQ(f.departement, "2A");
  EXPECT_EQ(f.commune, "2A004");
  EXPECT_DOUBLE_EQ(*f.latitude, 41.92);
  EXPECT_EQ(f.entreprise_nom, "ACME");
  EXPECT_EQ(f.nombre_postes, 2);
  EXPECT_EQ(f.alternance, false);
  EXPECT_EQ(f.competences, (std::vector<std::string>{"C++", "Linux"}));
  EXPECT_EQ(format_time(*f.date_actualisation), "2024-07-30T10:00:00.000Z");
  EXPECT_FALSE(f.description.has_value());
}

TEST(OfferFields, DepartementIsRightForCorsicaAndOverseas) {
  EXPECT_EQ(departement_of("97411", std::nullopt), "974");
  EXPECT_EQ(departement_of("97611", std::nullopt), "976");
  EXPECT_EQ(departement_of("2B033", std::nullopt), "2B");
  EXPECT_EQ(departement_of("75056", std::nullopt), "75");
  EXPECT_EQ(departement_of("01053", std::nullopt), "01");
  EXPECT_EQ(departement_of(std::nullopt, std::string("974 - ST DENIS")), "974");
  EXPECT_EQ(departement_of(std::nullopt, std::string("2A - AJACCIO")), "2A");
  EXPECT_EQ(departement_of(std::nullopt, std::string("33 - Bordeaux")), "33");
  EXPECT_EQ(departement_of(std::nullopt, std::string("Île-de-France")), std::nullopt);
  EXPECT_EQ(departement_of(std::nullopt, std::string("France")), std::nullopt);
}

// The column and the figures find départements the same way (offer::locate), so codes that are not
// départements stay empty in both rather than becoming "20", "99" or "98".
TEST(OfferFields, DepartementAgreesWithTheFiguresOnCodesThatAreNotDepartements) {
  EXPECT_EQ(departement_of("20004", std::nullopt), std::nullopt);  // Corsica before 1976
  EXPECT_EQ(departement_of("99134", std::nullopt), std::nullopt);  // abroad
  EXPECT_EQ(departement_of("98xyz", std::nullopt), std::nullopt);
  EXPECT_EQ(departement_of(std::nullopt, std::string("20 - Bastia")), std::nullopt);
  EXPECT_EQ(departement_of("2a004", std::nullopt), "2A");
  EXPECT_EQ(departement_of("99134", std::string("33 - Bordeaux")), "33");  // the label is the fallback
  for (const char* code : {"97411", "2B033", "75056", "20004", "99134", "1234"}) {
    const auto place = locate(code, "");
    const auto* d = departement_at(place.departement);
    EXPECT_EQ(departement_of(std::string(code), std::nullopt),
              d ? std::optional<std::string>(std::string(d->code)) : std::nullopt)
        << code;
  }
}

TEST(OfferFields, WrongShapesAreErrorsNamingTheField) {
  const auto reason = [](std::string_view json) {
    auto r = parse_offer_fields(json);
    return std::holds_alternative<RecordError>(r) ? std::get<RecordError>(r).reason : std::string("ok");
  };
  EXPECT_EQ(reason("[1]"), "offer is not a JSON object");
  EXPECT_EQ(reason("{\"id\":"), "offer is not valid JSON");
  EXPECT_EQ(reason("{\"intitule\":\"x\"}"), "offer has no 'id'");
  EXPECT_EQ(reason("{\"id\":[1]}"), "offer 'id' is not a string");
  EXPECT_EQ(reason("{\"id\":\"A\",\"intitule\":5}"), "field 'intitule' is not a string");
  EXPECT_EQ(reason("{\"id\":\"A\",\"nombrePostes\":\"deux\"}"), "field 'nombrePostes' is not a number");
  EXPECT_EQ(reason("{\"id\":\"A\",\"dateCreation\":\"hier\"}"), "field 'dateCreation' is not a date");
  EXPECT_EQ(reason("{\"id\":12345}"), "ok");
}

// nombrePostes 99,999,999,999 used to be narrowed to 1,215,752,191 and stored; coordinates off the
// Earth were stored as served. Now only sane values are stored, the rest named for counting.
TEST(OfferFields, ValuesOutOfRangeAreNotStoredButNamed) {
  const auto read = [](std::string_view json) {
    auto parsed = parse_offer_fields(json);
    EXPECT_TRUE(std::holds_alternative<OfferFields>(parsed)) << std::get<RecordError>(parsed).reason;
    return std::get<OfferFields>(parsed);
  };
  auto f =
      read(R"({"id":"A1","nombrePostes":99999999999,"lieuTravail":{"latitude":48.85,"longitude":2.35}})");
  EXPECT_EQ(f.nombre_postes, std::nullopt);
  EXPECT_EQ(f.out_of_range, (std::vector<std::string_view>{"nombrePostes"}));
  EXPECT_DOUBLE_EQ(*f.latitude, 48.85);

  for (const auto* posts : {"0", "-3", "10001", "2.5", "1e30", "18446744073709551615"}) {
    f = read(std::string(R"({"id":"A1","nombrePostes":)") + posts + "}");
    EXPECT_EQ(f.nombre_postes, std::nullopt) << posts;
    EXPECT_EQ(f.out_of_range.size(), 1u) << posts;
  }
  EXPECT_EQ(read(R"({"id":"A1","nombrePostes":10000})").nombre_postes, 10000);
  EXPECT_EQ(read(R"({"id":"A1","nombrePostes":1})").out_of_range.size(), 0u);

  f = read(R"({"id":"A1","lieuTravail":{"latitude":123.4,"longitude":2.35}})");
  EXPECT_EQ(f.latitude, std::nullopt);
  EXPECT_EQ(f.longitude, std::nullopt);  // the pair goes together
  EXPECT_EQ(f.out_of_range, (std::vector<std::string_view>{"lieuTravail.latitude"}));
  f = read(R"({"id":"A1","lieuTravail":{"latitude":-21.3,"longitude":-999}})");
  EXPECT_EQ(f.out_of_range, (std::vector<std::string_view>{"lieuTravail.longitude"}));
  f = read(R"({"id":"A1","lieuTravail":{"latitude":-90,"longitude":180}})");
  EXPECT_TRUE(f.out_of_range.empty());
  EXPECT_DOUBLE_EQ(*f.longitude, 180.0);

  // A wrongly typed value is still an error of the offer, as before.
  EXPECT_TRUE(std::holds_alternative<RecordError>(parse_offer_fields(R"({"id":"A1","nombrePostes":"2"})")));
}
