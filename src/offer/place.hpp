#pragma once

#include <string>
#include <string_view>

#include "offer/geo_reference.hpp"

namespace jobstream::offer {

/// Where an offer is, as the figures use it.
struct Place {
  GeoIndex departement = unknown_geo;  ///< into all_departements(), 1-based
  GeoIndex region = unknown_geo;       ///< into all_regions(), 1-based
  std::string commune;                 ///< INSEE code ("75056", "2A004", "97411"), empty if absent or invalid
  std::string commune_name;            ///< city part of the label ("Paris 15e Arrondissement"), may be empty
};

/// The département of an INSEE commune code: "2A004" -> 2A, "2B033" -> 2B, "97411" -> 974,
/// "75056" -> 75. unknown_geo for anything else (foreign "99xxx", pre-1976 "20xxx", bad shapes).
GeoIndex departement_of_commune(std::string_view insee);

/// The département written in front of a place label: "34 - Montpellier" -> 34,
/// "2A - AJACCIO" -> 2A, "974 - ST DENIS" -> 974, "75 - Paris (Dept.)" -> 75.
/// unknown_geo for labels without a known code before " - " ("Bretagne", "France", "20 - Bastia").
GeoIndex departement_of_label(std::string_view libelle);

/// Locates an offer from lieuTravail.commune and lieuTravail.libelle. The commune code wins when
/// valid; else the label's code prefix; else a label that is a région name gives only the région.
/// A two-character prefix is never taken blindly: "97" or "20" alone are not départements.
Place locate(std::string_view commune, std::string_view libelle);

}  // namespace jobstream::offer
