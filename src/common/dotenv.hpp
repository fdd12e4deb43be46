#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace jobstream::common {

/// Parses the text of a `.env` file: `KEY=value` lines, `#` comments, optional `export `,
/// single- or double-quoted values (double quotes understand \n, \" and \\).
/// A malformed line throws std::invalid_argument naming its line number, never its value
/// (values may be secrets).
std::map<std::string, std::string> parse_dotenv(std::string_view text);

/// Loads `path` if it exists and sets each variable that the process environment does not
/// already define: the real environment always wins over the file.
/// Returns the number of variables set.
int load_dotenv(const std::filesystem::path& path);

/// The value of an environment variable, or nullopt when unset. An empty value counts as set.
std::optional<std::string> env(const char* name);

}  // namespace jobstream::common
