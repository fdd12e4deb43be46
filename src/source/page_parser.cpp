#include "source/page_parser.hpp"

#include <fmt/format.h>

#include <cctype>
#include <variant>

namespace jobstream::source {
namespace {

std::string excerpt_of(std::string_view text) {
  constexpr std::size_t max = 160;
  return std::string(text.substr(0, max)) + (text.size() > max ? "..." : "");
}

/// filtresPossibles: counts that let the slice planner cut a slice where offers are (§4.1).
std::vector<Facet> read_facets(simdjson::dom::element root) {
  std::vector<Facet> facets;
  simdjson::dom::array entries;
  if (root["filtresPossibles"].get(entries)) return facets;
  for (const auto entry : entries) {
    Facet facet;
    std::string_view name;
    simdjson::dom::array counts;
    if (entry["filtre"].get(name) || entry["agregation"].get(counts)) continue;
    facet.name = std::string(name);
    bool readable = true;
    for (const auto count : counts) {
      std::string_view value;
      std::int64_t n = 0;
      if (count["valeurPossible"].get(value) || count["nbResultats"].get(n)) {
        readable = false;
        break;
      }
      facet.counts.emplace_back(std::string(value), n);
    }
    if (readable) facets.push_back(std::move(facet));
  }
  return facets;
}

}  // namespace

std::optional<std::string> read_offer_keys(simdjson::dom::element element, OfferItem& out) {
  if (!element.is_object()) return std::string("not an object");
  const auto id = element["id"];
  if (id.error()) return std::string("missing id");
  if (id.is_string()) {
    out.id = std::string(id.get_string().value());
  } else if (id.is_int64()) {
    // Contract §3: ids are strings; a numeric one is kept as its digits, never as a number.
    out.id = std::to_string(id.get_int64().value());
  } else {
    return std::string("id is not a string");
  }
  if (out.id.empty()) return std::string("empty id");
  if (out.id.size() > 64) return std::string("id longer than 64 characters");

  const auto created = element["dateCreation"];
  if (created.error()) return std::string("missing dateCreation");
  if (!created.is_string()) return std::string("dateCreation is not a string");
  out.date_creation = std::string(created.get_string().value());
  const auto parsed = parse_api_time(out.date_creation);
  if (!parsed) return fmt::format("dateCreation '{}' is not an ISO date", excerpt_of(out.date_creation));
  out.created = *parsed;

  const auto updated = element["dateActualisation"];
  if (!updated.error()) {
    if (updated.is_null()) {
      out.date_actualisation.clear();
    } else if (!updated.is_string()) {
      return std::string("dateActualisation is not a string");
    } else {
      out.date_actualisation = std::string(updated.get_string().value());
    }
  }
  return std::nullopt;
}

std::optional<ParsedPage> PageParser::parse_search(std::string_view body, std::string& error) {
  const simdjson::padded_string padded(body);
  // Full validation first: the on-demand pass below only looks at what it is asked for, and a
  // truncated body must be refused as a whole rather than half-delivered.
  simdjson::dom::element root;
  if (const auto err = _dom.parse(padded).get(root); err) {
    error = fmt::format("body is not valid JSON ({}): {}", simdjson::error_message(err), excerpt_of(body));
    return std::nullopt;
  }
  simdjson::dom::array results;
  if (!root.is_object() || root["resultats"].get(results)) {
    error = fmt::format("body has no 'resultats' array: {}", excerpt_of(body));
    return std::nullopt;
  }

  // Second pass for the exact text of each element, in the same order as the DOM array.
  simdjson::ondemand::document doc;
  simdjson::ondemand::array od_results;
  if (_ondemand.iterate(padded).get(doc) ||
      doc.find_field_unordered("resultats").get_array().get(od_results)) {
    error = "body could not be re-read for raw offers";
    return std::nullopt;
  }
  ParsedPage page;
  page.facets = read_facets(root);
  page.items.reserve(results.size());
  std::size_t index = 0;
  auto dom_it = results.begin();
  for (auto od_value : od_results) {
    if (dom_it == results.end()) break;
    const simdjson::dom::element element = *dom_it;
    ++dom_it;
    OfferItem item;
    std::string_view raw;
    simdjson::ondemand::value value;
    bool have_raw = false;
    if (!od_value.get(value) && element.is_object()) {
      simdjson::ondemand::object object;
      have_raw = !value.get_object().get(object) && !object.raw_json().get(raw);
    }
    auto problem = read_offer_keys(element, item);
    if (!problem && !have_raw) problem = "could not read the element's text";
    if (problem) {
      page.malformed.push_back({index, item.id, *problem,
                                excerpt_of(have_raw ? raw : std::string_view(simdjson::minify(element)))});
    } else {
      item.raw_json.assign(raw);
      page.items.push_back(std::move(item));
    }
    ++index;
  }
  return page;
}

std::variant<OfferItem, MalformedItem> PageParser::parse_offer(std::string_view json, std::size_t index) {
  const simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (const auto err = _dom.parse(padded).get(root); err) {
    return MalformedItem{index, "", fmt::format("not valid JSON ({})", simdjson::error_message(err)),
                         excerpt_of(json)};
  }
  OfferItem item;
  if (auto problem = read_offer_keys(root, item))
    return MalformedItem{index, item.id, *problem, excerpt_of(json)};
  // The bare object's text is the input minus surrounding blanks.
  auto trimmed = json;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
    trimmed.remove_prefix(1);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.remove_suffix(1);
  item.raw_json.assign(trimmed);
  return item;
}

}  // namespace jobstream::source
