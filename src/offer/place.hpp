#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "offer/geo_reference.hpp"

namespace jobstream::offer {

/// How precisely a place is known. The last four are the "no département" classes the figures
/// count apart: the label names a région ("Bretagne"), the whole country ("France"), a place
/// abroad ("Luxembourg (Frontalier)", "Québec Canada", a "99xxx" commune), or nothing one
/// département holds ("Toulouse OU Auch OU Tarbes OU Foix", "Région Lyonnaise / Bordelaise").
enum class PlaceScope : std::uint8_t { commune, departement, region, france, abroad, unlocated };
inline constexpr std::size_t place_scope_count = 6;

/// "commune", "departement", "region", "france", "abroad", "unlocated".
std::string_view to_string(PlaceScope scope);

/// Where an offer is, as the figures use it.
struct Place {
  GeoIndex departement = unknown_geo;  ///< into all_departements(), 1-based
  GeoIndex region = unknown_geo;       ///< into all_regions(), 1-based
  std::string commune;                 ///< INSEE code ("75056", "2A004", "97411"), empty if absent or invalid
  std::string commune_name;            ///< city part of the label ("Paris 15e Arrondissement"), may be empty
  /// The city a commune belongs to: Paris, Lyon and Marseille arrondissements (75101-75120,
  /// 69381-69389, 13201-13216) roll up to 75056, 69123 and 13055; any other commune is its own city.
  std::string city;
  PlaceScope scope = PlaceScope::unlocated;

  bool operator==(const Place&) const = default;
};

/// The city of an INSEE commune code (see Place::city); the code itself for other communes.
std::string city_of_commune(std::string_view insee);

/// The commune code a label names without a commune code, for the three cities the API splits
/// into arrondissements: "75 - PARIS 08" and "75 - Paris 8e Arrondissement" -> 75108,
/// "69 - LYON 03" -> 69383, "13 - Marseille 1er Arrondissement" -> 13201, "75 - Paris" -> 75056.
/// Empty for any other label.
std::string commune_of_label(std::string_view libelle);

/// The département of an INSEE commune code: "2A004" -> 2A, "2B033" -> 2B, "97411" -> 974,
/// "75056" -> 75. unknown_geo for anything else (foreign "99xxx", pre-1976 "20xxx", bad shapes).
GeoIndex departement_of_commune(std::string_view insee);

/// The département written in front of a place label: "34 - Montpellier" -> 34,
/// "2A - AJACCIO" -> 2A, "974 - ST DENIS" -> 974, "75 - Paris (Dept.)" -> 75.
/// A label that is only a code ("75", "2A") names that département too.
/// unknown_geo for labels without a known code before " - " ("Bretagne", "France", "20 - Bastia").
GeoIndex departement_of_label(std::string_view libelle);

/// Locates an offer from lieuTravail.commune and lieuTravail.libelle. The commune code wins when
/// valid; else the commune a Paris/Lyon/Marseille label names; else the label's code prefix; else
/// a label that is a région name gives only the région; else France, abroad or unlocated.
/// A two-character prefix is never taken blindly: "97" or "20" alone are not départements.
Place locate(std::string_view commune, std::string_view libelle);

}  // namespace jobstream::offer
