#include "emulator/possible_filters.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace jobstream::emulator {
namespace {

constexpr std::array<const char*, PossibleFilters::attributes> names = {"typeContrat", "experience",
                                                                        "qualification", "natureContrat"};

}  // namespace

PossibleFilters::Codes PossibleFilters::codes_of(const EmulatedOffer& offer) {
  const auto code = [](std::vector<std::string>& values, std::string_view value) {
    const auto it = std::find(values.begin(), values.end(), value);
    if (it != values.end()) return static_cast<std::uint16_t>(it - values.begin());
    // The emulator's vocabularies hold a few values each; more than a code can number is a bug.
    if (values.size() > std::numeric_limits<std::uint16_t>::max()) {
      throw std::length_error("emulator: too many distinct values for filtresPossibles");
    }
    values.emplace_back(value);
    return static_cast<std::uint16_t>(values.size() - 1);
  };
  const auto& a = offer.attributes;
  // The API counts qualification as cadre ("9") or not ("0").
  return {code(_values[0], a.type_contrat), code(_values[1], std::string_view(&a.experience, 1)),
          code(_values[2], a.qualification_code == "9" ? "9" : "0"), code(_values[3], a.nature_contrat)};
}

PossibleFilters::Counts PossibleFilters::no_counts() const {
  Counts counts;
  for (std::size_t a = 0; a < attributes; ++a) counts[a].assign(_values[a].size(), 0);
  return counts;
}

std::string PossibleFilters::json(const Counts& counts) const {
  auto out = nlohmann::json::array();
  for (std::size_t a = 0; a < attributes; ++a) {
    std::vector<std::pair<std::string, std::int64_t>> held;
    for (std::size_t code = 0; code < counts[a].size(); ++code) {
      if (counts[a][code] > 0) held.emplace_back(_values[a][code], counts[a][code]);
    }
    std::sort(held.begin(), held.end());
    auto values = nlohmann::json::array();
    for (const auto& [value, n] : held) values.push_back({{"valeurPossible", value}, {"nbResultats", n}});
    out.push_back({{"filtre", names[a]}, {"agregation", std::move(values)}});
  }
  return out.dump();
}

}  // namespace jobstream::emulator
