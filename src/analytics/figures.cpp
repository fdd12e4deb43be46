#include "analytics/figures.hpp"

#include <fmt/format.h>

#include "offer/geo_reference.hpp"

namespace jobstream::analytics {

std::optional<std::string> validate(const Filter& filter) {
  if (filter.from && filter.to) {
    if (*filter.from > *filter.to) {
      return fmt::format("the period starts ({}) after it ends ({})", format_day(*filter.from),
                         format_day(*filter.to));
    }
    if ((*filter.to - *filter.from).count() >= max_query_days) {
      return fmt::format("the period is longer than {} days", max_query_days);
    }
  }
  for (const auto& code : filter.departements) {
    if (offer::departement_index(code) == offer::unknown_geo) {
      if (code == "20") return std::string("unknown département '20' (Corsica is 2A or 2B)");
      return fmt::format("unknown département '{}'", code);
    }
  }
  for (const auto& code : filter.regions) {
    if (offer::region_index(code) == offer::unknown_geo) return fmt::format("unknown région '{}'", code);
  }
  for (const auto& code : filter.rome_codes) {
    if (code.empty() || code.size() > 5)
      return fmt::format("ROME code '{}' is not a code or a prefix of one", code);
  }
  if (filter.top < 1 || filter.top > 1000) return std::string("top must be between 1 and 1000");
  if (filter.salary_bin_width < 500 || filter.salary_bin_width > 100000) {
    return std::string("salary bin width must be between 500 and 100000 euros");
  }
  return std::nullopt;
}

}  // namespace jobstream::analytics
