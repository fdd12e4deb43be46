#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jobstream::source {

using Seconds = std::chrono::sys_seconds;

/// The current time at the API's resolution (whole seconds, UTC).
Seconds api_now();

/// Formats as the API's date parameters want them: `yyyy-MM-ddTHH:mm:ssZ` (colons unescaped).
std::string format_api_time(Seconds t);

/// The dates the API returns ("2022-10-23T08:15:42Z", "2024-08-30T16:52:28.632Z", "+01:00"
/// offsets, no zone = UTC), read by common::parse_iso8601, fractions truncated to the second.
/// Returns nullopt for anything else.
std::optional<Seconds> parse_api_time(std::string_view text);

}  // namespace jobstream::source
