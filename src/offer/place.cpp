#include "offer/place.hpp"

#include <array>
#include <charconv>

#include "offer/text_fold.hpp"

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

// Words that put a label abroad: the countries and foreign cities seen in the API's labels, and
// "frontalier" (a cross-border job: "Luxembourg (Frontalier)").
bool names_abroad(std::string_view libelle) {
  // ("Rome" is not one: the API served it for an offer in Nantes.)
  static constexpr std::array<std::string_view, 21> words{
      "frontalier", "espagne",    "luxembourg", "suisse",   "monaco",    "quebec",  "canada",
      "belgique",   "allemagne",  "italie",     "portugal", "andorre",   "royaume", "irlande",
      "pays bas",   "etats unis", "geneve",     "lausanne", "bruxelles", "londres", "montreal"};
  const std::string folded = " " + fold_words(libelle) + " ";
  for (auto w : words) {
    if (folded.find(" " + std::string(w) + " ") != std::string::npos) return true;
  }
  return false;
}

int number_of(std::string_view digits) {
  int n = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return n;
}

}  // namespace

std::string_view to_string(PlaceScope scope) {
  switch (scope) {
    case PlaceScope::commune:
      return "commune";
    case PlaceScope::departement:
      return "departement";
    case PlaceScope::region:
      return "region";
    case PlaceScope::france:
      return "france";
    case PlaceScope::abroad:
      return "abroad";
    case PlaceScope::unlocated:
      return "unlocated";
  }
  return "unlocated";
}

std::string city_of_commune(std::string_view insee) {
  insee = trim(insee);
  if (insee.size() == 5 && all_digits(insee)) {
    const int n = number_of(insee);
    if (n >= 75101 && n <= 75120) return "75056";
    if (n >= 69381 && n <= 69389) return "69123";
    if (n >= 13201 && n <= 13216) return "13055";
  }
  return std::string(insee);
}

std::string commune_of_label(std::string_view libelle) {
  struct City {
    std::string_view words;  // folded label head: code and city name
    int arrondissement_base, arrondissements;
    std::string_view whole;
  };
  static constexpr City cities[] = {
      {"75 paris", 75100, 20, "75056"}, {"69 lyon", 69380, 9, "69123"}, {"13 marseille", 13200, 16, "13055"}};
  const std::string folded = fold_words(libelle);
  for (const auto& city : cities) {
    if (!folded.starts_with(city.words)) continue;
    std::string_view rest = std::string_view(folded).substr(city.words.size());
    if (rest.empty()) return std::string(city.whole);
    if (rest.front() != ' ') continue;
    rest.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < rest.size() && digits < 2 && is_digit(rest[digits])) ++digits;
    if (digits == 0) continue;  // "75 - Paris (Dept.)" names the département
    const int n = number_of(rest.substr(0, digits));
    rest.remove_prefix(digits);
    if (rest.starts_with("er")) {
      rest.remove_prefix(2);
    } else if (rest.starts_with("e")) {
      rest.remove_prefix(1);
    }
    if (rest.starts_with(" arrondissement")) rest.remove_prefix(15);
    if (!rest.empty() || n < 1 || n > city.arrondissements) continue;
    return std::to_string(city.arrondissement_base + n);
  }
  return {};
}

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
  // A bare code ("75"): the label names the département alone.
  if (libelle.size() >= 2 && libelle.size() <= 3 && departement_code_prefix(libelle) == libelle &&
      departement_index(libelle) != unknown_geo)
    return departement_index(libelle);
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
  } else if (auto named = commune_of_label(libelle); !named.empty()) {
    place.commune = std::move(named);
    place.departement = departement_of_commune(place.commune);
  } else {
    place.departement = departement_of_label(libelle);
  }
  if (place.departement != unknown_geo) {
    place.scope = place.commune.empty() ? PlaceScope::departement : PlaceScope::commune;
    place.region = region_of_departement(place.departement);
    if (!place.commune.empty()) place.city = city_of_commune(place.commune);
    // "75 - Paris 15e Arrondissement" names the city; "75 - Paris (Dept.)" names the département only.
    if (const auto dash = libelle.find(" - "); dash != std::string_view::npos && !place.commune.empty()) {
      place.commune_name = std::string(trim(libelle.substr(dash + 3)));
    }
    return place;
  }
  place.region = region_index_by_name(libelle);
  const std::string_view code = trim(commune);
  if (place.region != unknown_geo) {
    place.scope = PlaceScope::region;
  } else if ((code.size() == 5 && code.starts_with("99")) || names_abroad(libelle)) {
    place.scope = PlaceScope::abroad;
  } else if (fold_words(libelle) == "france") {
    place.scope = PlaceScope::france;
  }
  return place;
}

}  // namespace jobstream::offer
