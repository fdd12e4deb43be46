#include "web/reference_labels.hpp"

#include <string>

#include "analytics/code_labels.hpp"
#include "offer/geo_reference.hpp"

namespace jobstream::web {

nlohmann::ordered_json reference_labels() {
  nlohmann::ordered_json doc;
  doc["schema"] = "jobstream.labels/1";
  auto& regions = doc["regions"] = nlohmann::ordered_json::array();
  for (const auto& r : offer::all_regions()) {
    regions.push_back({{"code", std::string(r.code)}, {"label", std::string(r.name)}});
  }
  auto& departements = doc["departements"] = nlohmann::ordered_json::array();
  for (const auto& d : offer::all_departements()) {
    nlohmann::ordered_json entry{{"code", std::string(d.code)}, {"label", std::string(d.name)}};
    // The overseas collectivities belong to no région.
    entry["region"] =
        d.region_code.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(std::string(d.region_code));
    departements.push_back(std::move(entry));
  }
  auto& contracts = doc["contracts"] = nlohmann::ordered_json::array();
  for (const auto& [code, label] : analytics::contract_type_labels()) {
    contracts.push_back({{"code", std::string(code)}, {"label", std::string(label)}});
  }
  return doc;
}

}  // namespace jobstream::web
