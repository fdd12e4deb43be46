#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analytics/figures.hpp"

namespace jobstream::analytics {

/// Version of the JSON shape below; bumped on any incompatible change.
inline constexpr const char* figures_schema = "jobstream.figures/1";

/// The figures as JSON, keys in a fixed order (documented in src/analytics/README.md):
///   {"schema", "filter", "totals", "daily", "salary", "time_on_market", "top_rome", "top_skills",
///    "top_employers", "by_contract", "by_experience", "by_qualification", "by_sector",
///    "by_region", "by_departement", "by_commune"}
/// Days are "YYYY-MM-DD", amounts whole euros, absent figures null. The same figures always give
/// the same bytes.
nlohmann::ordered_json to_json(const Figures& figures);
nlohmann::ordered_json to_json(const Filter& filter);

/// to_json(figures).dump(indent): indent < 0 gives one line.
std::string to_json_text(const Figures& figures, int indent = -1);

}  // namespace jobstream::analytics
