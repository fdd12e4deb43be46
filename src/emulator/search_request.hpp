#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "emulator/offer_catalog.hpp"

namespace jobstream::emulator {

/// A validated `GET /offres/search` (contract §2.1).
struct SearchRequest {
  SearchFilter filter;
  std::int64_t first = 0;  ///< from `range=p-d`
  std::int64_t last = 149;
  int sort = 0;
};

/// A 400 answer: the API's message (French, as the real API writes it).
struct BadRequest {
  std::string message;
};

/// The API's limits on `range` (contract §2.1): 150 items per call, p ≤ 3000, d ≤ 3149.
struct RangeLimits {
  std::int64_t page_max = 150;
  std::int64_t result_cap = 3150;
};

/// Parses and checks the query parameters as the API does: both creation dates or none, in the
/// `yyyy-MM-ddTHH:mm:ssZ` form and read as Paris time; list limits per parameter; `range` within
/// the cap. Parameters the emulator does not model are ignored. `now` anchors `publieeDepuis`.
std::variant<SearchRequest, BadRequest> parse_search_request(
    const std::multimap<std::string, std::string>& params, Millis now, RangeLimits limits = {});

}  // namespace jobstream::emulator
