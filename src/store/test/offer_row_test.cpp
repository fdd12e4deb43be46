// The row an offer record becomes: every column of the offers table bound from the right field,
// absent fields as null, the write time last, invalid offers rejected. No Cassandra involved.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/offer_row.hpp"
#include "store/write_time.hpp"

using namespace jobstream;
using namespace std::chrono;
using cql::Value;

namespace {

std::size_t col(std::string_view name) {
  const auto it = std::find(store::offer_columns.begin(), store::offer_columns.end(), name);
  EXPECT_NE(it, store::offer_columns.end()) << name;
  return static_cast<std::size_t>(it - store::offer_columns.begin());
}

offer::SysTime at(std::int64_t ms) { return offer::SysTime{milliseconds{ms}}; }

const char* full_offer = R"json({
  "id": "201ABCD", "intitule": "Boulanger &amp; p&acirc;tissier (H/F)", "description": "Pains",
  "dateCreation": "2026-11-02T08:00:00.000Z", "dateActualisation": "2026-11-03T09:30:00.000Z",
  "lieuTravail": {"libelle": "75 - Paris 11e", "commune": "75111", "codePostal": "75011",
                  "latitude": 48.85, "longitude": 2.37},
  "romeCode": "D1102", "romeLibelle": "Boulangerie", "appellationlibelle": "Boulanger",
  "entreprise": {"nom": "Fournil SARL"}, "typeContrat": "CDI", "natureContrat": "Contrat travail",
  "experienceExige": "D", "qualificationCode": "6", "secteurActivite": "10", "codeNAF": "10.71C",
  "salaire": {"libelle": "Mensuel de 2000 Euros"}, "dureeTravailLibelle": "35H", "alternance": false,
  "nombrePostes": 2, "competences": [{"libelle": "Pétrir"}, {"code": "x"}, {"libelle": "Façonner"}]
})json";

store::OfferRow row_of(const offer::OfferRecord& r) {
  auto mapped = store::offer_row(r);
  EXPECT_TRUE(std::holds_alternative<store::OfferRow>(mapped));
  return std::get<store::OfferRow>(std::move(mapped));
}

}  // namespace

TEST(OfferRow, EveryColumnOfAFullOfferIsBoundFromItsField) {
  const offer::OfferUpsert u{"201ABCD", "francetravail", at(1'800'000'000'000), full_offer};
  const auto row = row_of(u);
  ASSERT_EQ(row.kind, store::OfferRow::Kind::upsert);
  ASSERT_EQ(row.values.size(), store::offer_columns.size() + 1);  // + the write time
  const auto& v = row.values;
  EXPECT_EQ(v[col("id")], Value("201ABCD"));
  EXPECT_EQ(v[col("intitule")], Value("Boulanger & pâtissier (H/F)"));  // entities decoded
  EXPECT_EQ(v[col("description")], Value("Pains"));
  const auto created = sys_days{2026y / 11 / 2} + 8h;
  const auto updated = sys_days{2026y / 11 / 3} + 9h + 30min;
  EXPECT_EQ(v[col("date_creation")],
            Value(cql::Timestamp{duration_cast<milliseconds>(created.time_since_epoch()).count()}));
  EXPECT_EQ(v[col("date_actualisation")],
            Value(cql::Timestamp{duration_cast<milliseconds>(updated.time_since_epoch()).count()}));
  EXPECT_EQ(v[col("lieu_libelle")], Value("75 - Paris 11e"));
  EXPECT_EQ(v[col("commune")], Value("75111"));
  EXPECT_EQ(v[col("code_postal")], Value("75011"));
  EXPECT_EQ(v[col("departement")], Value("75"));
  EXPECT_EQ(v[col("latitude")], Value(48.85));
  EXPECT_EQ(v[col("longitude")], Value(2.37));
  EXPECT_EQ(v[col("rome_code")], Value("D1102"));
  EXPECT_EQ(v[col("rome_libelle")], Value("Boulangerie"));
  EXPECT_EQ(v[col("appellation_libelle")], Value("Boulanger"));
  EXPECT_EQ(v[col("entreprise_nom")], Value("Fournil SARL"));
  EXPECT_EQ(v[col("type_contrat")], Value("CDI"));
  EXPECT_EQ(v[col("nature_contrat")], Value("Contrat travail"));
  EXPECT_EQ(v[col("experience_exige")], Value("D"));
  EXPECT_EQ(v[col("qualification_code")], Value("6"));
  EXPECT_EQ(v[col("secteur_activite")], Value("10"));
  EXPECT_EQ(v[col("code_naf")], Value("10.71C"));
  EXPECT_EQ(v[col("salaire_libelle")], Value("Mensuel de 2000 Euros"));
  EXPECT_EQ(v[col("duree_travail_libelle")], Value("35H"));
  EXPECT_EQ(v[col("alternance")], Value(false));
  EXPECT_EQ(v[col("nombre_postes")], Value(std::int32_t{2}));  // the column is an int
  EXPECT_EQ(v[col("competences_libelles")], Value::list({Value("Pétrir"), Value("Façonner")}));
  EXPECT_EQ(v[col("source")], Value("francetravail"));
  EXPECT_EQ(v[col("harvested_at")], Value(cql::Timestamp{1'800'000'000'000}));
  EXPECT_TRUE(v[col("withdrawn_at")].is_null());             // a new version brings a withdrawn offer back
  EXPECT_EQ(v[col("raw")], Value(std::string(full_offer)));  // byte-exact
  // The write time is the offer's own version (dateActualisation), before the harvest time.
  EXPECT_EQ(v.back(),
            Value(store::upsert_write_time(
                u, offer::SysTime{duration_cast<milliseconds>(updated.time_since_epoch())}, std::nullopt)));
  EXPECT_TRUE(row.out_of_range.empty());
}

TEST(OfferRow, AbsentFieldsAreNullNeverInvented) {
  const offer::OfferUpsert u{"7", "emulator", at(1'000), R"({"id": 7})"};
  const auto row = row_of(u);
  ASSERT_EQ(row.values.size(), store::offer_columns.size() + 1);
  for (std::size_t i = 0; i < store::offer_columns.size(); ++i) {
    const auto name = store::offer_columns[i];
    if (name == "id" || name == "source" || name == "harvested_at" || name == "raw" ||
        name == "competences_libelles")
      continue;
    EXPECT_TRUE(row.values[i].is_null()) << name;
  }
  EXPECT_EQ(row.values[col("id")], Value("7"));  // a numeric id is kept as text
  EXPECT_TRUE(row.values[col("competences_libelles")].as_list().empty());
  EXPECT_EQ(row.values.back(), Value(std::int64_t{1'000'000}));  // no date: the harvest time, in µs
}

// The `facts` column holds what the encoder made of the offer's own JSON, as bytes; nothing (null,
// or unset in a creation version) when there is no encoder or it gives no facts.
TEST(OfferRow, FactsAreTheEncodersBytesOfTheSameJson) {
  const offer::OfferUpsert u{"201ABCD", "emulator", at(1'800'000'000'000), full_offer};
  std::string seen;
  const store::FactsEncoder encoder = [&](std::string_view json) -> std::optional<std::string> {
    seen = json;
    return std::string("\x01\x02") + "facts";
  };
  auto with = std::get<store::OfferRow>(store::offer_row(u, encoder));
  EXPECT_EQ(seen, full_offer);
  const auto& bytes = std::get<cql::Blob>(with.values[col("facts")].v).bytes;
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), std::string("\x01\x02") + "facts");

  // A later version without facts clears older ones; a creation version has none to clear.
  const store::FactsEncoder none = [](std::string_view) { return std::optional<std::string>(); };
  EXPECT_TRUE(std::get<store::OfferRow>(store::offer_row(u, none)).values[col("facts")].is_null());
  EXPECT_TRUE(row_of(u).values[col("facts")].is_null());
  const offer::OfferUpsert created{"C1", "emulator", at(1'800'000'000'000),
                                   R"({"id": "C1", "dateCreation": "2026-11-02T08:00:00Z"})"};
  const auto first = std::get<store::OfferRow>(store::offer_row(created, none));
  EXPECT_TRUE(std::holds_alternative<cql::Unset>(first.values[col("facts")].v));
}

TEST(OfferRow, OutOfRangeValuesAreNullAndNamed) {
  const offer::OfferUpsert u{
      "9", "emulator", at(1'000),
      R"({"id": "9", "nombrePostes": 0, "lieuTravail": {"latitude": 91.5, "longitude": 2.0}})"};
  const auto row = row_of(u);
  EXPECT_TRUE(row.values[col("nombre_postes")].is_null());
  EXPECT_TRUE(row.values[col("latitude")].is_null());
  EXPECT_TRUE(row.values[col("longitude")].is_null());  // the pair is meaningless without its latitude
  EXPECT_EQ(row.out_of_range.size(), 2u);
}

TEST(OfferRow, InvalidOrMismatchedOffersAreRejectedWithTheirReason) {
  auto not_json = store::offer_row(offer::OfferUpsert{"1", "emulator", at(1), "{not json"});
  ASSERT_TRUE(std::holds_alternative<store::RowRejection>(not_json));
  EXPECT_EQ(std::get<store::RowRejection>(not_json).reason, "offer is not valid JSON");
  auto other_id = store::offer_row(offer::OfferUpsert{"1", "emulator", at(1), R"({"id": "2"})"});
  ASSERT_TRUE(std::holds_alternative<store::RowRejection>(other_id));
  EXPECT_EQ(std::get<store::RowRejection>(other_id).reason, "the offer's id differs from the record id");
}

TEST(OfferRow, AWithdrawalIsNeverAfterItsHarvestTime) {
  const offer::OfferWithdrawal w{"5", "francetravail", at(2'000), at(9'000)};  // withdrawn "after" publishing
  const auto row = row_of(w);
  ASSERT_EQ(row.kind, store::OfferRow::Kind::withdrawal);
  ASSERT_EQ(row.values.size(), 5u);
  EXPECT_EQ(row.values[0], Value(std::int64_t{2'000'001}));  // just after its harvest time, in µs
  EXPECT_EQ(row.values[1], Value(cql::Timestamp{2'000}));    // withdrawn_at bounded by harvested_at
  EXPECT_EQ(row.values[2], Value(cql::Timestamp{2'000}));
  EXPECT_EQ(row.values[3], Value("francetravail"));
  EXPECT_EQ(row.values[4], Value("5"));
}

TEST(OfferRow, StatementTextsNameEveryColumnOnce) {
  const auto cql = store::upsert_cql("ks");
  EXPECT_EQ(cql.rfind("INSERT INTO ks.offers (id, intitule, description, ", 0), 0u);
  EXPECT_NE(cql.find(", withdrawn_at, raw, facts) VALUES (?, "), std::string::npos);
  EXPECT_EQ(std::count(cql.begin(), cql.end(), '?'), static_cast<long>(store::offer_columns.size() + 1));
  EXPECT_EQ(
      store::withdrawal_cql("ks"),
      "UPDATE ks.offers USING TIMESTAMP ? SET withdrawn_at = ?, harvested_at = ?, source = ? WHERE id = ?");
}
