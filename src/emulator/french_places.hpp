#pragma once

#include <span>
#include <string>
#include <string_view>

namespace jobstream::emulator {

/// A town where emulated offers are placed: real INSEE commune codes, postcodes and coordinates,
/// so that the offers' places can be checked against the official geography.
struct Town {
  std::string_view departement;  ///< "75", "2A", "974"
  std::string_view commune;      ///< INSEE code, e.g. "75115", "2A004", "97411" (not a postcode)
  std::string_view name;         ///< as the API writes it after "<dept> - "
  std::string_view postcode;
  double latitude;
  double longitude;
  /// Relative share of the offers placed here (big cities weigh more, as in the real corpus).
  int weight;
};

/// The towns, Corsica (2A, 2B) and the five overseas départements (971–974, 976) plus
/// Saint-Pierre-et-Miquelon (975) included.
std::span<const Town> towns();

/// Places given only as a région or the whole country ("Île-de-France", "France"): the offers that
/// a `departement` filter never returns.
std::span<const std::string_view> places_without_departement();
/// The INSEE région code of one of those places ("11" for Île-de-France), "" for "France".
std::string region_code_of_place(std::string_view place);

}  // namespace jobstream::emulator
