#include "offer/place.hpp"

namespace jobstream::offer {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// The département code at the head of an INSEE-shaped code: three characters for 97x/98x (the
// overseas codes), "2A"/"2B" for Corsica, two digits otherwise.
std::string_view departement_code_prefix(std::string_view code) {
  if (code.size() >= 3 && code[0] == '9' && (code[1] == '7' || code[1] == '8')) return code.substr(0, 3);
  return code.substr(0, 2);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

GeoIndex departement_of_commune(std::string_view insee) {
  insee = trim(insee);
  if (insee.size() != 5) return unknown_geo;
  const bool corsica =
      insee[0] == '2' && (insee[1] == 'A' || insee[1] == 'B' || insee[1] == 'a' || insee[1] == 'b');
  if (corsica) {
    if (!all_digits(insee.substr(2))) return unknown_geo;
    return departement_index(insee[1] == 'A' || insee[1] == 'a' ? "2A" : "2B");
  }
  if (!all_digits(insee)) return unknown_geo;
  return departement_index(departement_code_prefix(insee));
}

GeoIndex departement_of_label(std::string_view libelle) {
  libelle = trim(libelle);
  const auto dash = libelle.find(" - ");
  if (dash == std::string_view::npos || dash < 2 || dash > 3) return unknown_geo;
  std::string code(libelle.substr(0, dash));
  if (code.size() == 2 && code[0] == '2' && (code[1] == 'a' || code[1] == 'b'))
    code[1] = static_cast<char>(code[1] - 'a' + 'A');
  // The whole prefix must be the code: "974 - X" is 974, never 97; "20 - X" is not a département.
  if (departement_code_prefix(code) != code) return unknown_geo;
  return departement_index(code);
}

Place locate(std::string_view commune, std::string_view libelle) {
  Place place;
  libelle = trim(libelle);
  place.departement = departement_of_commune(commune);
  if (place.departement != unknown_geo) {
    place.commune = std::string(trim(commune));
    if (place.commune[1] == 'a' || place.commune[1] == 'b')
      place.commune[1] = static_cast<char>(place.commune[1] - 'a' + 'A');
  } else {
    place.departement = departement_of_label(libelle);
  }
  if (place.departement != unknown_geo) {
    place.region = region_of_departement(place.departement);
    // "75 - Paris 15e Arrondissement" names the city; "75 - Paris (Dept.)" names the département only.
    if (const auto dash = libelle.find(" - "); dash != std::string_view::npos && !place.commune.empty()) {
      place.commune_name = std::string(trim(libelle.substr(dash + 3)));
    }
  } else {
    place.region = region_index_by_name(libelle);
  }
  return place;
}

}  // namespace jobstream::offer
