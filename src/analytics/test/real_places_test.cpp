// Every real place label and (label, postcode, commune, lat, lon) tuple the API served, located
// and checked against an independent reading: the code the label starts with, the commune code's
// own département, and a région table written here from INSEE's list, not taken from geo_reference.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <iostream>
#include <map>
#include <regex>
#include <set>

#include "analytics/test/real_data.hpp"
#include "offer/place.hpp"

namespace jobstream::offer {
namespace {

using realdata::cells;
using realdata::read_lines;

// INSEE régions and their départements (COG 2016 onwards).
const std::map<std::string, std::string>& region_of() {
  static const std::map<std::string, std::string> table = [] {
    const std::pair<const char*, const char*> groups[] = {{"84", "01 03 07 15 26 38 42 43 63 69 73 74"},
                                                          {"27", "21 25 39 58 70 71 89 90"},
                                                          {"53", "22 29 35 56"},
                                                          {"24", "18 28 36 37 41 45"},
                                                          {"94", "2A 2B"},
                                                          {"44", "08 10 51 52 54 55 57 67 68 88"},
                                                          {"32", "02 59 60 62 80"},
                                                          {"11", "75 77 78 91 92 93 94 95"},
                                                          {"28", "14 27 50 61 76"},
                                                          {"75", "16 17 19 23 24 33 40 47 64 79 86 87"},
                                                          {"76", "09 11 12 30 31 32 34 46 48 65 66 81 82"},
                                                          {"52", "44 49 53 72 85"},
                                                          {"93", "04 05 06 13 83 84"},
                                                          {"01", "971"},
                                                          {"02", "972"},
                                                          {"03", "973"},
                                                          {"04", "974"},
                                                          {"06", "976"}};
    std::map<std::string, std::string> out;
    for (const auto& [region, list] : groups) {
      std::string code;
      for (const char* p = list;; ++p) {
        if (*p == ' ' || *p == '\0') {
          out[code] = region;
          code.clear();
          if (*p == '\0') break;
        } else {
          code.push_back(*p);
        }
      }
    }
    return out;
  }();
  return table;
}

std::string code_of(GeoIndex d) { return departement_at(d) ? std::string(departement_at(d)->code) : ""; }
std::string region_code_of(GeoIndex r) { return region_at(r) ? std::string(region_at(r)->code) : ""; }

// The département of an INSEE commune code, read here on its own: 97x/98x take three characters.
std::string departement_of_insee(const std::string& insee) {
  if (insee.size() != 5) return "";
  if (insee.starts_with("97") || insee.starts_with("98")) return insee.substr(0, 3);
  return insee.substr(0, 2);
}

// The city of a commune: Paris, Lyon and Marseille arrondissements roll up.
std::string expected_city(const std::string& insee) {
  const int n = std::atoi(insee.c_str());
  if (insee.size() == 5 && insee[1] != 'A' && insee[1] != 'B') {
    if (n >= 75101 && n <= 75120) return "75056";
    if (n >= 69381 && n <= 69389) return "69123";
    if (n >= 13201 && n <= 13216) return "13055";
  }
  return insee;
}

// Labels that carry no département code, read one by one: what each names.
const std::map<std::string, std::pair<PlaceScope, std::string>> uncoded_labels = {
    {"Auvergne-Rhône-Alpes", {PlaceScope::region, "84"}},
    {"Bourgogne-Franche-Comté", {PlaceScope::region, "27"}},
    {"Bretagne", {PlaceScope::region, "53"}},
    {"Corse", {PlaceScope::region, "94"}},
    {"Grand Est", {PlaceScope::region, "44"}},
    {"Hauts-de-France", {PlaceScope::region, "32"}},
    {"Ile-de-France", {PlaceScope::region, "11"}},
    {"Île-de-France", {PlaceScope::region, "11"}},
    {"Nouvelle-Aquitaine", {PlaceScope::region, "75"}},
    {"Occitanie", {PlaceScope::region, "76"}},
    {"Pays de la Loire", {PlaceScope::region, "52"}},
    {"Provence-Alpes-Côte d'Azur", {PlaceScope::region, "93"}},
    {"France", {PlaceScope::france, ""}},
    {"FRANCE", {PlaceScope::france, ""}},
    {"Espagne", {PlaceScope::abroad, ""}},
    {"Luxembourg (Frontalier)", {PlaceScope::abroad, ""}},
    {"Principauté de Monaco", {PlaceScope::abroad, ""}},
    {"Québec Canada", {PlaceScope::abroad, ""}},
    {"Suisse (Frontalier)", {PlaceScope::abroad, ""}},
    // With its commune code this label is in Nantes (44109): a word, not the Italian city.
    {"Rome", {PlaceScope::unlocated, ""}},
    {"Région Lyonnaise / Bordelaise", {PlaceScope::unlocated, ""}},
    {"Toulouse OU Auch OU Tarbes OU Foix", {PlaceScope::unlocated, ""}},
};

TEST(RealPlacesTest, EveryLabelResolvesOrIsClassified) {
  const auto labels = read_lines("lieux.txt");
  ASSERT_EQ(labels.size(), 3711u);
  const std::regex coded(R"(^(\d{2,3}|2[AB])( - .*)?$)");
  std::array<int, place_scope_count> by_scope{};
  int arrondissements = 0;
  for (const auto& label : labels) {
    const Place p = locate("", label);
    ++by_scope[static_cast<std::size_t>(p.scope)];
    std::smatch m;
    if (std::regex_match(label, m, coded)) {
      const std::string dept = m[1];
      EXPECT_EQ(code_of(p.departement), dept) << label;
      ASSERT_TRUE(region_of().count(dept) || dept == "977") << label;
      EXPECT_EQ(region_code_of(p.region), dept == "977" ? "" : region_of().at(dept)) << label;
      EXPECT_TRUE(p.scope == PlaceScope::departement || p.scope == PlaceScope::commune) << label;
      if (p.scope == PlaceScope::commune) {
        // Only the three cities' labels name a commune without its code.
        EXPECT_TRUE(dept == "75" || dept == "69" || dept == "13") << label;
        EXPECT_EQ(p.commune.substr(0, 2), dept) << label;
        if (p.city != p.commune) ++arrondissements;
      }
    } else {
      const auto it = uncoded_labels.find(label);
      ASSERT_NE(it, uncoded_labels.end()) << "a label nobody has read: " << label;
      EXPECT_EQ(p.scope, it->second.first) << label;
      EXPECT_EQ(p.departement, unknown_geo) << label;
      EXPECT_EQ(region_code_of(p.region), it->second.second) << label;
    }
  }
  EXPECT_EQ(by_scope[static_cast<std::size_t>(PlaceScope::region)] + by_scope[3] + by_scope[4] + by_scope[5],
            22);
  std::cout << "labels by scope:";
  for (std::size_t i = 0; i < by_scope.size(); ++i)
    std::cout << ' ' << to_string(static_cast<PlaceScope>(i)) << ' ' << by_scope[i];
  std::cout << "; arrondissements named by label " << arrondissements << '\n';
}

TEST(RealPlacesTest, EveryTupleResolvesToItsCommunesDepartement) {
  const auto lines = read_lines("lieux_detail.tsv");
  ASSERT_EQ(lines.size(), 2199u + 1);
  ASSERT_EQ(cells(lines[0])[0], "libelle");
  const std::regex prefix(R"(^(\d{2,3}|2[AB])( - .*)?$)");
  int with_commune = 0, label_only = 0, postcode_disagrees = 0, rolled_up = 0, outside_box = 0, swapped = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto c = cells(lines[i]);
    ASSERT_GE(c.size(), 5u) << lines[i];
    const std::string &label = c[0], &postcode = c[1], &commune = c[2];
    const Place p = locate(commune, label);
    std::smatch m;
    const std::string label_dept = std::regex_match(label, m, prefix) ? std::string(m[1]) : "";
    if (!commune.empty()) {
      ++with_commune;
      const std::string dept = departement_of_insee(commune);
      EXPECT_EQ(code_of(p.departement), dept) << label << " / " << commune;
      if (!uncoded_labels.count(label)) {
        EXPECT_EQ(label_dept, dept) << "label and commune disagree: " << label << " / " << commune;
      }
      EXPECT_EQ(region_code_of(p.region), region_of().count(dept) ? region_of().at(dept) : "") << commune;
      EXPECT_EQ(p.commune, commune);
      EXPECT_EQ(p.scope, PlaceScope::commune);
      EXPECT_EQ(p.city, expected_city(commune)) << commune;
      if (p.city != p.commune) ++rolled_up;
      // The postcode is the post office's, which may sit across a border ("74 - ELOISE", 01200).
      std::string post_dept = postcode.substr(0, postcode.starts_with("97") ? 3 : 2);
      if (post_dept == "20") post_dept = dept;  // Corsica's postcodes say 20 for both
      if (!postcode.empty() && post_dept != dept) ++postcode_disagrees;
      if (!c[3].empty() && !c[4].empty()) {
        const double lat = std::atof(c[3].c_str()), lon = std::atof(c[4].c_str());
        const bool overseas = dept.size() == 3;
        auto in_metro = [](double la, double lo) { return la > 41.0 && la < 51.5 && lo > -5.5 && lo < 10.0; };
        if (!overseas && !in_metro(lat, lon)) {
          // Some partners send longitude as latitude: only the pair the other way round is in France.
          if (in_metro(lon, lat)) {
            ++swapped;
          } else {
            ++outside_box;
          }
        }
      }
    } else {
      ++label_only;
      const auto it = uncoded_labels.find(label);
      if (it != uncoded_labels.end()) {
        EXPECT_EQ(p.scope, it->second.first) << label;
      } else {
        ASSERT_FALSE(label_dept.empty()) << "a label nobody has read: " << label;
        EXPECT_EQ(code_of(p.departement), label_dept) << label;
      }
    }
  }
  EXPECT_EQ(outside_box, 0) << "metropolitan communes placed outside metropolitan France";
  EXPECT_LE(postcode_disagrees, 10) << "postcodes of another département (post offices across a border)";
  std::cout << "tuples: " << with_commune << " with a commune code, " << label_only << " label only; "
            << rolled_up << " arrondissements rolled up; " << postcode_disagrees
            << " postcodes of a neighbouring département; " << swapped
            << " with latitude and longitude swapped\n";
}

}  // namespace
}  // namespace jobstream::offer
