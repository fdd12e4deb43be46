#pragma once

#include <CLI/CLI.hpp>

namespace jobstream::cli {

// Each subcommand lives in its own file and registers itself on the root app here.
// The callback it installs runs after parsing and sets the process exit code.

}  // namespace jobstream::cli
