#pragma once

#include <string_view>

namespace jobstream::common {

/// Sets up the process-wide logger: human-readable lines on stderr, level from `level`
/// ("trace".."critical", "off"); an unknown level throws std::invalid_argument.
void init_logging(std::string_view level);

}  // namespace jobstream::common
