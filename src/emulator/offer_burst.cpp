#include "emulator/offer_burst.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "emulator/french_places.hpp"

namespace jobstream::emulator {
namespace {

/// The towns of a département in turn (offers of a burst spread over its communes).
const Town* town_in(const std::string& departement, std::uint64_t k) {
  std::vector<const Town*> found;
  for (const auto& t : towns()) {
    if (t.departement == departement) found.push_back(&t);
  }
  return found.empty() ? nullptr : found[k % found.size()];
}

}  // namespace

EmulatedOffer make_burst_offer(const OfferGenerator& generator, const OfferBurst& burst, std::uint64_t index,
                               std::uint64_t k) {
  Millis created = std::chrono::floor<std::chrono::seconds>(burst.at);
  if (burst.spans_boundary && k % 2 == 0) created -= std::chrono::seconds(1);
  // Spread over the second's milliseconds, so the order by creation is not the order by id.
  created += std::chrono::milliseconds((k * 7919) % 1000);
  auto offer = generator.make(index, created);
  offer.updated = std::max(offer.updated, created);
  auto json = nlohmann::json::parse(offer.json);
  auto& a = offer.attributes;
  const bool regional = static_cast<double>(k % 1000) < burst.without_departement * 1000.0;
  if (regional) {
    const auto places = places_without_departement();
    const auto place = places[k % places.size()];
    json["lieuTravail"] = nlohmann::json{{"libelle", std::string(place)}};
    a.departement.clear();
    a.commune.clear();
    a.region = region_code_of_place(place);
  } else if (const Town* town = burst.departement.empty() ? nullptr : town_in(burst.departement, k)) {
    json["lieuTravail"] =
        nlohmann::json{{"libelle", std::string(town->departement) + " - " + std::string(town->name)},
                       {"latitude", town->latitude},
                       {"longitude", town->longitude},
                       {"codePostal", std::string(town->postcode)},
                       {"commune", std::string(town->commune)}};
    a.departement = std::string(town->departement);
    a.commune = std::string(town->commune);
    a.region.clear();
  }
  if (!burst.type_contrat.empty()) {
    json["typeContrat"] = burst.type_contrat;
    json["typeContratLibelle"] =
        burst.type_contrat == "CDI" ? "Contrat à durée indéterminée" : burst.type_contrat;
    json["natureContrat"] = "Contrat travail";
    json["alternance"] = false;
    a.type_contrat = burst.type_contrat;
    a.nature_contrat = "E1";
  }
  offer.json = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  return offer;
}

OfferBurst parse_burst(std::string_view spec, Millis anchor) {
  OfferBurst b;
  double hours_ago = 50;
  const auto number = [&](std::string_view key, const std::string& value) {
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != value.size() || v < 0)
      throw std::invalid_argument(fmt::format("--burst {}: '{}' is not a number", key, value));
    return v;
  };
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    const auto item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    const auto eq = item.find('=');
    const auto key = item.substr(0, eq);
    const std::string value = eq == std::string_view::npos ? std::string() : std::string(item.substr(eq + 1));
    if (key == "offers") {
      b.offers = static_cast<std::uint64_t>(number(key, value));
    } else if (key == "dep") {
      b.departement = value;
    } else if (key == "type") {
      b.type_contrat = value;
    } else if (key == "without-dep") {
      b.without_departement = number(key, value);
      if (b.without_departement > 1) throw std::invalid_argument("--burst without-dep is a share, at most 1");
    } else if (key == "across") {
      b.spans_boundary = true;
    } else if (key == "hours-ago") {
      hours_ago = number(key, value);
    } else {
      throw std::invalid_argument(fmt::format("--burst: unknown key '{}'", key));
    }
  }
  if (b.offers == 0) throw std::invalid_argument("--burst needs offers=N");
  b.at = anchor - std::chrono::milliseconds(static_cast<std::int64_t>(hours_ago * 3'600'000));
  return b;
}

}  // namespace jobstream::emulator
