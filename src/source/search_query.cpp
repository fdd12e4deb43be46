#include "source/search_query.hpp"

#include <fmt/format.h>

#include <cctype>

namespace jobstream::source {

std::string percent_encode(const std::string& value, const std::string& keep) {
  std::string out;
  out.reserve(value.size());
  for (const unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        keep.find(static_cast<char>(c)) != std::string::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string SearchQuery::to_query_string(int first, int last) const {
  std::string q = fmt::format("range={}-{}", first, last);
  if (!sort.empty()) q += "&sort=" + percent_encode(sort);
  if (min_creation && max_creation) {
    q += "&minCreationDate=" + percent_encode(format_api_time(*min_creation), ":");
    q += "&maxCreationDate=" + percent_encode(format_api_time(*max_creation), ":");
  }
  if (!departement.empty()) q += "&departement=" + percent_encode(departement, ",");
  if (!region.empty()) q += "&region=" + percent_encode(region, ",");
  if (!type_contrat.empty()) q += "&typeContrat=" + percent_encode(type_contrat, ",");
  if (!code_rome.empty()) q += "&codeROME=" + percent_encode(code_rome, ",");
  for (const auto& [name, values] : extra)
    q += "&" + percent_encode(name) + "=" + percent_encode(values, ",");
  return q;
}

std::string SearchQuery::describe() const {
  std::string d;
  if (min_creation && max_creation)
    d = format_api_time(*min_creation) + ".." + format_api_time(*max_creation);
  if (!departement.empty()) d += " departement=" + departement;
  if (!region.empty()) d += " region=" + region;
  if (!type_contrat.empty()) d += " typeContrat=" + type_contrat;
  if (!code_rome.empty()) d += " codeROME=" + code_rome;
  for (const auto& [name, values] : extra) d.append(" ").append(name).append("=").append(values);
  return d.empty() ? std::string("(all offers)") : d;
}

}  // namespace jobstream::source
