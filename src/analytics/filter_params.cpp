#include "analytics/filter_params.hpp"

#include <charconv>

#include <fmt/format.h>

namespace jobstream::analytics {
namespace {

void split_into(std::string_view value, std::vector<std::string>& out, bool upper) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      std::string text(item);
      if (upper) {
        for (char& c : text) {
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
      }
      out.push_back(std::move(text));
    }
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

bool parse_uint(std::string_view text, std::uint32_t& out) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && ptr == end && !text.empty();
}

}  // namespace

std::variant<Filter, std::string> parse_filter(
    const std::vector<std::pair<std::string, std::string>>& params) {
  Filter f;
  for (const auto& [name, value] : params) {
    if (name == "from" || name == "to") {
      const auto day = parse_day(value);
      if (!day) return fmt::format("'{}' must be a date YYYY-MM-DD", name);
      (name == "from" ? f.from : f.to) = *day;
    } else if (name == "dept" || name == "departement") {
      split_into(value, f.departements, true);  // "2a" -> "2A"
    } else if (name == "region") {
      split_into(value, f.regions, false);
    } else if (name == "commune") {
      split_into(value, f.communes, true);
    } else if (name == "rome") {
      split_into(value, f.rome_codes, true);
    } else if (name == "contract") {
      split_into(value, f.contract_types, true);
    } else if (name == "top" || name == "commune_limit" || name == "salary_bin_width") {
      std::uint32_t n = 0;
      if (!parse_uint(value, n)) return fmt::format("'{}' must be a whole number", name);
      (name == "top" ? f.top : name == "commune_limit" ? f.commune_limit : f.salary_bin_width) = n;
    } else {
      return fmt::format("unknown parameter '{}'", name);
    }
  }
  if (auto error = validate(f)) return *error;
  return f;
}

}  // namespace jobstream::analytics
