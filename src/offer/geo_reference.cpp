#include "offer/geo_reference.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "offer/text_fold.hpp"

namespace jobstream::offer {
namespace {

// INSEE COG régions (2016 onwards). 05 was never assigned.
constexpr std::array<Region, 18> regions{{
    {"01", "Guadeloupe"},
    {"02", "Martinique"},
    {"03", "Guyane"},
    {"04", "La Réunion"},
    {"06", "Mayotte"},
    {"11", "Île-de-France"},
    {"24", "Centre-Val de Loire"},
    {"27", "Bourgogne-Franche-Comté"},
    {"28", "Normandie"},
    {"32", "Hauts-de-France"},
    {"44", "Grand Est"},
    {"52", "Pays de la Loire"},
    {"53", "Bretagne"},
    {"75", "Nouvelle-Aquitaine"},
    {"76", "Occitanie"},
    {"84", "Auvergne-Rhône-Alpes"},
    {"93", "Provence-Alpes-Côte d'Azur"},
    {"94", "Corse"},
}};

// Sorted by code in plain byte order, so "2A" and "2B" sit between "29" and "30" and binary search
// works ('A' > '9').
constexpr std::array<Departement, 107> departements{{
    {"01", "Ain", "84"},
    {"02", "Aisne", "32"},
    {"03", "Allier", "84"},
    {"04", "Alpes-de-Haute-Provence", "93"},
    {"05", "Hautes-Alpes", "93"},
    {"06", "Alpes-Maritimes", "93"},
    {"07", "Ardèche", "84"},
    {"08", "Ardennes", "44"},
    {"09", "Ariège", "76"},
    {"10", "Aube", "44"},
    {"11", "Aude", "76"},
    {"12", "Aveyron", "76"},
    {"13", "Bouches-du-Rhône", "93"},
    {"14", "Calvados", "28"},
    {"15", "Cantal", "84"},
    {"16", "Charente", "75"},
    {"17", "Charente-Maritime", "75"},
    {"18", "Cher", "24"},
    {"19", "Corrèze", "75"},
    {"21", "Côte-d'Or", "27"},
    {"22", "Côtes-d'Armor", "53"},
    {"23", "Creuse", "75"},
    {"24", "Dordogne", "75"},
    {"25", "Doubs", "27"},
    {"26", "Drôme", "84"},
    {"27", "Eure", "28"},
    {"28", "Eure-et-Loir", "24"},
    {"29", "Finistère", "53"},
    {"2A", "Corse-du-Sud", "94"},
    {"2B", "Haute-Corse", "94"},
    {"30", "Gard", "76"},
    {"31", "Haute-Garonne", "76"},
    {"32", "Gers", "76"},
    {"33", "Gironde", "75"},
    {"34", "Hérault", "76"},
    {"35", "Ille-et-Vilaine", "53"},
    {"36", "Indre", "24"},
    {"37", "Indre-et-Loire", "24"},
    {"38", "Isère", "84"},
    {"39", "Jura", "27"},
    {"40", "Landes", "75"},
    {"41", "Loir-et-Cher", "24"},
    {"42", "Loire", "84"},
    {"43", "Haute-Loire", "84"},
    {"44", "Loire-Atlantique", "52"},
    {"45", "Loiret", "24"},
    {"46", "Lot", "76"},
    {"47", "Lot-et-Garonne", "75"},
    {"48", "Lozère", "76"},
    {"49", "Maine-et-Loire", "52"},
    {"50", "Manche", "28"},
    {"51", "Marne", "44"},
    {"52", "Haute-Marne", "44"},
    {"53", "Mayenne", "52"},
    {"54", "Meurthe-et-Moselle", "44"},
    {"55", "Meuse", "44"},
    {"56", "Morbihan", "53"},
    {"57", "Moselle", "44"},
    {"58", "Nièvre", "27"},
    {"59", "Nord", "32"},
    {"60", "Oise", "32"},
    {"61", "Orne", "28"},
    {"62", "Pas-de-Calais", "32"},
    {"63", "Puy-de-Dôme", "84"},
    {"64", "Pyrénées-Atlantiques", "75"},
    {"65", "Hautes-Pyrénées", "76"},
    {"66", "Pyrénées-Orientales", "76"},
    {"67", "Bas-Rhin", "44"},
    {"68", "Haut-Rhin", "44"},
    {"69", "Rhône", "84"},
    {"70", "Haute-Saône", "27"},
    {"71", "Saône-et-Loire", "27"},
    {"72", "Sarthe", "52"},
    {"73", "Savoie", "84"},
    {"74", "Haute-Savoie", "84"},
    {"75", "Paris", "11"},
    {"76", "Seine-Maritime", "28"},
    {"77", "Seine-et-Marne", "11"},
    {"78", "Yvelines", "11"},
    {"79", "Deux-Sèvres", "75"},
    {"80", "Somme", "32"},
    {"81", "Tarn", "76"},
    {"82", "Tarn-et-Garonne", "76"},
    {"83", "Var", "93"},
    {"84", "Vaucluse", "93"},
    {"85", "Vendée", "52"},
    {"86", "Vienne", "75"},
    {"87", "Haute-Vienne", "75"},
    {"88", "Vosges", "44"},
    {"89", "Yonne", "27"},
    {"90", "Territoire de Belfort", "27"},
    {"91", "Essonne", "11"},
    {"92", "Hauts-de-Seine", "11"},
    {"93", "Seine-Saint-Denis", "11"},
    {"94", "Val-de-Marne", "11"},
    {"95", "Val-d'Oise", "11"},
    {"971", "Guadeloupe", "01"},
    {"972", "Martinique", "02"},
    {"973", "Guyane", "03"},
    {"974", "La Réunion", "04"},
    {"975", "Saint-Pierre-et-Miquelon", ""},
    {"976", "Mayotte", "06"},
    {"977", "Saint-Barthélemy", ""},
    {"978", "Saint-Martin", ""},
    {"986", "Wallis-et-Futuna", ""},
    {"987", "Polynésie française", ""},
    {"988", "Nouvelle-Calédonie", ""},
}};

template <typename Entry, std::size_t N>
GeoIndex find_code(const std::array<Entry, N>& table, std::string_view code) {
  const auto it = std::lower_bound(table.begin(), table.end(), code,
                                   [](const Entry& e, std::string_view c) { return e.code < c; });
  if (it == table.end() || it->code != code) return unknown_geo;
  return static_cast<GeoIndex>(it - table.begin() + 1);
}

// Région of each département index, computed once.
struct RegionOfDepartement {
  std::array<GeoIndex, departements.size() + 1> value{};
  RegionOfDepartement() {
    for (std::size_t i = 0; i < departements.size(); ++i) {
      value[i + 1] =
          departements[i].region_code.empty() ? unknown_geo : find_code(regions, departements[i].region_code);
    }
  }
};

}  // namespace

std::span<const Region> all_regions() { return regions; }
std::span<const Departement> all_departements() { return departements; }

GeoIndex departement_index(std::string_view code) { return find_code(departements, code); }
GeoIndex region_index(std::string_view code) { return find_code(regions, code); }

const Departement* departement_at(GeoIndex index) {
  if (index == unknown_geo || index > departements.size()) return nullptr;
  return &departements[index - 1];
}

const Region* region_at(GeoIndex index) {
  if (index == unknown_geo || index > regions.size()) return nullptr;
  return &regions[index - 1];
}

GeoIndex region_of_departement(GeoIndex departement) {
  static const RegionOfDepartement table;
  if (departement > departements.size()) return unknown_geo;
  return table.value[departement];
}

GeoIndex region_index_by_name(std::string_view label) {
  // Drop a trailing qualifier such as "(Région)" before comparing.
  if (const auto paren = label.find('('); paren != std::string_view::npos) label = label.substr(0, paren);
  const std::string wanted = fold_words(label);
  if (wanted.empty()) return unknown_geo;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (fold_words(regions[i].name) == wanted) return static_cast<GeoIndex>(i + 1);
  }
  return unknown_geo;
}

}  // namespace jobstream::offer
