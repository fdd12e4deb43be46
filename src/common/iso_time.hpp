#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace jobstream::common {

/// The one ISO-8601 reader of jobstream, for the API's dates and the records' own:
/// "2022-10-23T08:15:42Z", "2024-08-30T16:52:28.632Z", "...28.632456Z", a space for the 'T',
/// "+01:00" / "-0130" offsets, and no zone read as UTC. Fractions beyond the millisecond are
/// truncated. nullopt for anything else (a wrong digit, an impossible date, trailing text).
std::optional<std::chrono::sys_time<std::chrono::milliseconds>> parse_iso8601(std::string_view text);

}  // namespace jobstream::common
