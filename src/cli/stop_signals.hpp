#pragma once

#include <stop_token>

namespace jobstream::cli {

/// Turns SIGINT and SIGTERM into a stop request that long-running commands watch: they finish or
/// abandon in-flight work cleanly instead of dying mid-write. A second signal exits at once.
std::stop_token install_stop_signals();

}  // namespace jobstream::cli
