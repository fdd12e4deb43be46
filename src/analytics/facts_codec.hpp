#pragma once
// One offer's facts as a few hundred bytes, stored beside the offer (the `facts` column of
// `offers`) so that a full read of the table for the figures fetches and decodes these instead of
// the whole offer JSON, which is ten times larger and costs a JSON parse and a text search per row.
//
// The bytes carry facts_code_version: facts written by other code are refused on decoding, and
// the reader makes them again from the offer's JSON, so a change of the facts code never mixes
// facts of two versions.

#include <optional>
#include <string>
#include <string_view>

#include "analytics/offer_facts.hpp"

namespace jobstream::analytics {

/// The facts' bytes. `withdrawn_at` is not among them: the store keeps it in its own column.
std::string encode_facts(const OfferFacts& facts);

/// The facts of the offer JSON, encoded; nullopt when the JSON gives no facts (facts_from_json).
std::optional<std::string> encoded_facts_of_json(std::string_view offer_json);

/// The facts back, with `withdrawn_at` as given; nullopt when the bytes were written by another
/// facts_code_version or are not facts at all (truncated, impossible values).
std::optional<OfferFacts> decode_facts(std::string_view bytes, std::optional<Timestamp> withdrawn_at);

}  // namespace jobstream::analytics
