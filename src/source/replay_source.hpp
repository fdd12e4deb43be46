#pragma once

#include <cstdint>
#include <filesystem>
#include <stop_token>

#include "source/offer_sink.hpp"

namespace jobstream::source {

struct ReplayReport {
  std::int64_t lines = 0;       ///< non-blank lines read
  std::int64_t offers = 0;      ///< events emitted
  std::int64_t duplicates = 0;  ///< lines repeating an offer already emitted with the same JSON
  std::int64_t malformed = 0;   ///< lines that are not an offer object (logged with their number)
};

/// Replays a JSON Lines file of API offer objects (a recorded dump): one OfferSeen per distinct
/// offer text, `created` the first time an id appears and `updated` when a later line changes it.
/// Sequence numbers are line numbers; nothing needs acknowledging. A malformed line is logged and
/// skipped; the rest still flows. Throws std::runtime_error when the file cannot be opened.
ReplayReport replay_json_lines(const std::filesystem::path& path, OfferSink& sink, std::stop_token stop = {});

}  // namespace jobstream::source
