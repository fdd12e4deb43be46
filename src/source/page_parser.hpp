#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "source/api_time.hpp"
#include "source/search_query.hpp"

namespace jobstream::source {

/// One offer as the API sent it: its text byte for byte, plus the keys the harvester needs.
struct OfferItem {
  std::string id;
  std::string raw_json;            ///< the offer object exactly as in the answer
  std::string date_creation;       ///< as sent (formats vary, contract §4.2)
  std::string date_actualisation;  ///< as sent; empty when absent
  Seconds created{};               ///< date_creation parsed
};

/// An element that could not become an OfferItem; the rest of the page still flows.
struct MalformedItem {
  std::size_t index = 0;  ///< position in `resultats` (or line number for a replay file)
  std::string id;         ///< when it could be read
  std::string reason;
  std::string excerpt;  ///< the start of the element's text, for the log
};

struct ParsedPage {
  std::vector<OfferItem> items;
  std::vector<MalformedItem> malformed;
  std::vector<Facet>
      facets;  ///< filtresPossibles, when the answer had them (entries not understood are left out)
};

/// Splits API bodies into offers with simdjson. Keeps its parsers' buffers between calls, so
/// one instance per thread.
class PageParser {
 public:
  /// A search body `{"resultats":[...], ...}`. Nullopt when the body is not valid JSON or lacks a
  /// `resultats` array: the answer is unusable as a whole (often truncated), so the caller retries.
  /// `error` receives the reason.
  std::optional<ParsedPage> parse_search(std::string_view body, std::string& error);

  /// One bare offer object (GET /offres/{id}, a replay line). Either an item or a malformed entry.
  std::variant<OfferItem, MalformedItem> parse_offer(std::string_view json, std::size_t index = 0);

 private:
  simdjson::dom::parser _dom;
  simdjson::ondemand::parser _ondemand;
};

/// Checks one offer element (already known to be valid JSON) and fills the item's keys.
/// Returns the reason it is malformed, or nullopt. Exposed for tests.
std::optional<std::string> read_offer_keys(simdjson::dom::element element, OfferItem& out);

}  // namespace jobstream::source
