#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jobstream::source {

using Seconds = std::chrono::sys_seconds;

/// Formats as the API's date parameters want them: `yyyy-MM-ddTHH:mm:ssZ` (colons unescaped).
std::string format_api_time(Seconds t);

/// Lenient ISO-8601 parser for the dates the API returns ("2022-10-23T08:15:42Z",
/// "2024-08-30T16:52:28.632Z", "+01:00" offsets, no zone = UTC). Fractions are truncated.
/// Returns nullopt for anything else.
std::optional<Seconds> parse_api_time(std::string_view text);

}  // namespace jobstream::source
