#include "common/dotenv.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace jobstream::common {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

bool valid_key(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  for (char c : key) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

[[noreturn]] void fail(int line_no, const char* what) {
  throw std::invalid_argument(".env line " + std::to_string(line_no) + ": " + what);
}

std::string unquote(std::string_view raw, int line_no) {
  if (raw.empty()) return {};
  const char q = raw.front();
  if (q != '"' && q != '\'') {
    // Unquoted: an inline comment starts at " #".
    const auto hash = raw.find(" #");
    return std::string(trim(hash == std::string_view::npos ? raw : raw.substr(0, hash)));
  }
  const auto close = raw.find_last_of(q);
  if (close == 0) fail(line_no, "unterminated quoted value");
  const auto rest = trim(raw.substr(close + 1));
  if (!rest.empty() && rest.front() != '#') fail(line_no, "text after the closing quote");
  const auto body = raw.substr(1, close - 1);
  if (q == '\'') return std::string(body);
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size()) {
      const char n = body[++i];
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
    } else {
      out += body[i];
    }
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> parse_dotenv(std::string_view text) {
  std::map<std::string, std::string> vars;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // written by some Windows editors
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    // A lone CR ends a line too (old Mac files): read as part of the line, it made one value of
    // the whole file and an error quoting it quoted every later line, secrets included.
    const auto end = text.find_first_of("\r\n");
    auto line = trim(text.substr(0, end));
    std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    if (end != std::string_view::npos && text[end] == '\r' && next < text.size() && text[next] == '\n')
      ++next;
    text.remove_prefix(next);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) fail(line_no, "expected KEY=value");
    const auto key = trim(line.substr(0, eq));
    if (!valid_key(key)) fail(line_no, "invalid variable name");
    vars[std::string(key)] = unquote(trim(line.substr(eq + 1)), line_no);
  }
  return vars;
}

int load_dotenv(const std::filesystem::path& path, IfMissing if_missing) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && if_missing == IfMissing::skip) return 0;
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read the settings file " + path.string());
  std::stringstream buf;
  buf << in.rdbuf();
  int set = 0;
  for (const auto& [key, value] : parse_dotenv(buf.str())) {
    if (::setenv(key.c_str(), value.c_str(), /*overwrite=*/0) == 0 && env(key.c_str()) == value) ++set;
  }
  return set;
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

}  // namespace jobstream::common
