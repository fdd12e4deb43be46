#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "analytics/figures.hpp"

namespace jobstream::analytics {

/// A filter built from named text parameters, as `jobstream stats` flags and HTTP query strings
/// give them. Names: from, to (YYYY-MM-DD), dept, region, commune, rome, contract (each repeatable
/// and/or comma-separated: "dept=75,92"), top, commune_limit, salary_bin_width. Unknown names and
/// bad values give an error message that names the parameter; the result is validate()d.
std::variant<Filter, std::string> parse_filter(
    const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace jobstream::analytics
