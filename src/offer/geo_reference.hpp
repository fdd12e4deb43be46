#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace jobstream::offer {

/// A région of France as INSEE codes it (COG 2016 onwards): 01..06 overseas, 11..94 in Europe.
struct Region {
  std::string_view code;  ///< "11", "94" (Corse), "04" (La Réunion)
  std::string_view name;  ///< "Île-de-France"
};

/// A département, or an overseas collectivity whose communes carry INSEE codes of the same shape.
struct Departement {
  std::string_view code;         ///< "01".."95", "2A", "2B", "971".."976", "975", "977", "978", "986".."988"
  std::string_view name;         ///< "Corse-du-Sud"
  std::string_view region_code;  ///< empty for the collectivities, which belong to no région
};

/// Position of an entry in the tables below, stored in one byte by the figures engine.
/// 0 means "unknown" for both départements and régions; real entries start at 1.
using GeoIndex = std::uint8_t;
inline constexpr GeoIndex unknown_geo = 0;

/// All régions, sorted by code (18 entries: 5 overseas + 13 in Europe).
std::span<const Region> all_regions();

/// All départements (101: 96 in Europe with 2A/2B, 971-974 and 976) followed by the six overseas
/// collectivities with INSEE codes (975, 977, 978, 986, 987, 988), sorted by code.
std::span<const Departement> all_departements();

/// Index (1-based, see GeoIndex) of a département code such as "2A" or "974"; unknown_geo if none.
/// Codes are matched exactly, upper case: "2a" is not a code.
GeoIndex departement_index(std::string_view code);

/// Index (1-based) of a région code such as "94"; unknown_geo if none.
GeoIndex region_index(std::string_view code);

/// The entry at a 1-based index, or nullptr for unknown_geo or an index past the end.
const Departement* departement_at(GeoIndex index);
const Region* region_at(GeoIndex index);

/// The région of a département index (unknown_geo for the collectivities and for unknown_geo).
GeoIndex region_of_departement(GeoIndex departement);

/// The région whose name matches a free label, ignoring case, accents, dashes and a trailing
/// "(...)" ("Ile-de-France", "ÎLE DE FRANCE", "Bretagne (Région)"); unknown_geo otherwise.
GeoIndex region_index_by_name(std::string_view label);

}  // namespace jobstream::offer
