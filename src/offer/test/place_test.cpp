#include <gtest/gtest.h>

#include <set>
#include <string>

#include "offer/geo_reference.hpp"
#include "offer/place.hpp"
#include "offer/text_fold.hpp"

namespace jobstream::offer {
namespace {

std::string departement_code(GeoIndex i) {
  const auto* d = departement_at(i);
  return d ? std::string(d->code) : std::string("?");
}

std::string region_code(GeoIndex i) {
  const auto* r = region_at(i);
  return r ? std::string(r->code) : std::string("?");
}

TEST(GeoReferenceTest, HoldsEveryDepartementOnce) {
  std::set<std::string> codes;
  int departements = 0;
  for (const auto& d : all_departements()) {
    EXPECT_TRUE(codes.insert(std::string(d.code)).second) << d.code;
    if (!d.region_code.empty()) {
      ++departements;
      EXPECT_NE(region_index(d.region_code), unknown_geo) << d.code << " has région " << d.region_code;
    }
  }
  EXPECT_EQ(departements, 101);  // 96 in Europe (2A and 2B, no 20) and 971, 972, 973, 974, 976
  EXPECT_EQ(codes.count("20"), 0u);
  for (const char* code : {"01", "2A", "2B", "75", "95", "971", "972", "973", "974", "975", "976"}) {
    EXPECT_NE(departement_index(code), unknown_geo) << code;
  }
  EXPECT_EQ(all_regions().size(), 18u);
}

TEST(GeoReferenceTest, MapsDepartementsToInseeRegions) {
  const std::pair<const char*, const char*> expected[] = {
      {"2A", "94"}, {"2B", "94"}, {"971", "01"}, {"972", "02"}, {"973", "03"}, {"974", "04"}, {"976", "06"},
      {"75", "11"}, {"13", "93"}, {"69", "84"},  {"29", "53"},  {"59", "32"},  {"33", "75"},  {"31", "76"},
      {"67", "44"}, {"44", "52"}, {"45", "24"},  {"21", "27"},  {"14", "28"},  {"90", "27"},  {"95", "11"}};
  for (const auto& [dept, region] : expected) {
    EXPECT_EQ(region_code(region_of_departement(departement_index(dept))), region) << dept;
  }
  EXPECT_EQ(region_of_departement(departement_index("975")), unknown_geo);  // a collectivity, no région
  EXPECT_EQ(region_at(region_index("94"))->name, "Corse");
  EXPECT_EQ(departement_at(departement_index("2A"))->name, "Corse-du-Sud");
}

TEST(PlaceTest, DepartementFromInseeCommune) {
  const std::pair<const char*, const char*> expected[] = {
      {"75056", "75"},  {"75115", "75"},  {"2A004", "2A"},  {"2B033", "2B"},  {"2a004", "2A"},
      {"97411", "974"}, {"97101", "971"}, {"97209", "972"}, {"97302", "973"}, {"97611", "976"},
      {"97502", "975"}, {"01053", "01"},  {"13201", "13"},  {"69381", "69"}};
  for (const auto& [commune, dept] : expected) {
    EXPECT_EQ(departement_code(departement_of_commune(commune)), dept) << commune;
  }
  // Never the naive two-character prefix: these are not départements.
  for (const char* bad : {"20004", "99138", "97", "9741", "974111", "7505", "AB123", "", "00001"}) {
    EXPECT_EQ(departement_of_commune(bad), unknown_geo) << bad;
  }
}

TEST(PlaceTest, DepartementFromLabelPrefix) {
  const std::pair<const char*, const char*> expected[] = {
      {"34 - Montpellier", "34"},  {"75 - Paris (Dept.)", "75"}, {"2A - AJACCIO", "2A"},
      {"2B - Bastia", "2B"},       {"2a - Ajaccio", "2A"},       {"974 - ST DENIS", "974"},
      {"971 - Les Abymes", "971"}, {"976 - Mamoudzou", "976"},   {"01 - Bourg-en-Bresse", "01"}};
  for (const auto& [label, dept] : expected) {
    EXPECT_EQ(departement_code(departement_of_label(label)), dept) << label;
  }
  for (const char* bad : {"20 - Bastia", "97 - Saint-Denis", "Bretagne", "France", "Ile-de-France", "",
                          "7 - Ville", "9740 - X", "974- ST DENIS"}) {
    EXPECT_EQ(departement_of_label(bad), unknown_geo) << bad;
  }
}

TEST(PlaceTest, LocateUsesCommuneThenLabelThenRegionName) {
  // Commune wins over a contradicting label.
  Place p = locate("2B033", "2A - Bastia");
  EXPECT_EQ(departement_code(p.departement), "2B");
  EXPECT_EQ(region_code(p.region), "94");
  EXPECT_EQ(p.commune, "2B033");
  EXPECT_EQ(p.commune_name, "Bastia");

  // Réunion: three characters, région 04.
  p = locate("97411", "974 - ST DENIS");
  EXPECT_EQ(departement_code(p.departement), "974");
  EXPECT_EQ(region_code(p.region), "04");
  EXPECT_EQ(p.commune_name, "ST DENIS");

  // No commune: the label's prefix, no commune code or name.
  p = locate("", "972 - Fort-de-France");
  EXPECT_EQ(departement_code(p.departement), "972");
  EXPECT_EQ(region_code(p.region), "02");
  EXPECT_TRUE(p.commune.empty());
  EXPECT_TRUE(p.commune_name.empty());

  // An invalid commune code falls back to the label.
  p = locate("20004", "2A - AJACCIO");
  EXPECT_EQ(departement_code(p.departement), "2A");
  EXPECT_TRUE(p.commune.empty());

  // A région as place: région only.
  p = locate("", "Île-de-France");
  EXPECT_EQ(p.departement, unknown_geo);
  EXPECT_EQ(region_code(p.region), "11");
  p = locate("", "Provence-Alpes-Côte d'Azur (Région)");
  EXPECT_EQ(region_code(p.region), "93");

  // The country: nothing.
  p = locate("", "France");
  EXPECT_EQ(p.departement, unknown_geo);
  EXPECT_EQ(p.region, unknown_geo);
}

TEST(PlaceTest, ArrondissementsRollUpToTheirCityAndKeepTheirCode) {
  Place p = locate("75108", "75 - PARIS 08");
  EXPECT_EQ(p.commune, "75108");
  EXPECT_EQ(p.city, "75056");
  EXPECT_EQ(p.scope, PlaceScope::commune);
  EXPECT_EQ(locate("69385", "69 - LYON 05").city, "69123");
  EXPECT_EQ(locate("13207", "13 - MARSEILLE 07").city, "13055");
  EXPECT_EQ(locate("75056", "75 - Paris").city, "75056");
  EXPECT_EQ(locate("33063", "33 - Bordeaux").city, "33063");
  // Out of the arrondissement ranges: a commune of its own.
  EXPECT_EQ(city_of_commune("75121"), "75121");
  EXPECT_EQ(city_of_commune("69390"), "69390");
  EXPECT_EQ(city_of_commune("13217"), "13217");
}

TEST(PlaceTest, LabelsOfTheThreeCitiesNameTheirCommune) {
  const std::pair<const char*, const char*> expected[] = {{"75 - PARIS 08", "75108"},
                                                          {"75 - Paris 8e Arrondissement", "75108"},
                                                          {"75 - Paris 1er Arrondissement", "75101"},
                                                          {"75 - PARIS 20", "75120"},
                                                          {"69 - LYON 03", "69383"},
                                                          {"69 - Lyon 1er Arrondissement", "69381"},
                                                          {"13 - MARSEILLE 16", "13216"},
                                                          {"13 - Marseille 9e Arrondissement", "13209"},
                                                          {"75 - Paris", "75056"},
                                                          {"69 - Lyon", "69123"},
                                                          {"75 - PARIS", "75056"}};
  for (const auto& [label, commune] : expected) {
    EXPECT_EQ(commune_of_label(label), commune) << label;
  }
  for (const char* other : {"75 - Paris (Dept.)", "75 - PARIS 21", "69 - LYON 10", "13 - MARSEILLE 00", "75",
                            "33 - Bordeaux", "75 - Parisot", "69 - Lyonnais"}) {
    EXPECT_EQ(commune_of_label(other), "") << other;
  }
  const Place p = locate("", "75 - Paris 15e Arrondissement");
  EXPECT_EQ(p.commune, "75115");
  EXPECT_EQ(p.city, "75056");
  EXPECT_EQ(departement_code(p.departement), "75");
  EXPECT_EQ(p.scope, PlaceScope::commune);
}

TEST(PlaceTest, PlacesWithoutADepartementAreClassified) {
  EXPECT_EQ(locate("", "75 - Paris (Dept.)").scope, PlaceScope::departement);
  const Place bare = locate("", "69");
  EXPECT_EQ(departement_code(bare.departement), "69");
  EXPECT_EQ(bare.scope, PlaceScope::departement);
  EXPECT_EQ(locate("", "Bretagne").scope, PlaceScope::region);
  EXPECT_EQ(locate("", "Corse").scope, PlaceScope::region);
  EXPECT_EQ(locate("", "France").scope, PlaceScope::france);
  EXPECT_EQ(locate("", "FRANCE").scope, PlaceScope::france);
  for (const char* abroad : {"Luxembourg (Frontalier)", "Suisse (Frontalier)", "Principauté de Monaco",
                             "Québec Canada", "Espagne"}) {
    const Place p = locate("", abroad);
    EXPECT_EQ(p.scope, PlaceScope::abroad) << abroad;
    EXPECT_EQ(p.departement, unknown_geo) << abroad;
  }
  EXPECT_EQ(locate("99137", "Luxembourg").scope, PlaceScope::abroad);
  for (const char* vague :
       {"Toulouse OU Auch OU Tarbes OU Foix", "Région Lyonnaise / Bordelaise", "Rome", ""}) {
    EXPECT_EQ(locate("", vague).scope, PlaceScope::unlocated) << vague;
  }
  EXPECT_EQ(to_string(PlaceScope::abroad), "abroad");
}

TEST(TextFoldTest, StripsAccentsAndCase) {
  EXPECT_EQ(fold_text("Télétravail À Évry, Œuvre"), "teletravail a evry, oeuvre");
  EXPECT_EQ(fold_text("1\xC2\xA0"
                      "800\xE2\x80\xAF€"),
            "1 800 €");
  EXPECT_EQ(fold_words("Île-de-France (Région)"), "ile de france region");
  EXPECT_EQ(fold_words("  --  "), "");
}

}  // namespace
}  // namespace jobstream::offer
