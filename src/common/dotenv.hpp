#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace jobstream::common {

/// Parses the text of a `.env` file: `KEY=value` lines (ended by LF, CRLF or a lone CR; a UTF-8
/// byte order mark at the start is skipped), `#` comments, optional `export `,
/// single- or double-quoted values (double quotes understand \n, \" and \\).
/// A malformed line throws std::invalid_argument naming its line number, never its value
/// (values may be secrets).
std::map<std::string, std::string> parse_dotenv(std::string_view text);

/// What load_dotenv does when the file does not exist: the default `.env` is optional, a file
/// named on purpose (`--env-file`) is not.
enum class IfMissing { skip, fail };

/// Loads `path` and sets each variable that the process environment does not already define: the
/// real environment always wins over the file. Returns the number of variables set. A missing
/// file is skipped or, with IfMissing::fail, std::invalid_argument, as is an unreadable one.
int load_dotenv(const std::filesystem::path& path, IfMissing if_missing = IfMissing::skip);

/// The value of an environment variable, or nullopt when unset. An empty value counts as set.
std::optional<std::string> env(const char* name);

}  // namespace jobstream::common
