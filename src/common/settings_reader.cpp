#include "common/settings_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace jobstream::common {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

bool has_control_character(const std::string& s) {
  for (const unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string percent_encoded(const std::string& s, const char* hex) {
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

void replace_all(std::string& text, const std::string& what, const char* with) {
  if (what.empty()) return;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at)) {
    text.replace(at, what.size(), with);
    at += std::char_traits<char>::length(with);
  }
}

}  // namespace

std::string mask(std::string text, const Secret& secret) {
  if (secret.empty()) return text;
  replace_all(text, secret.reveal(), "***");
  replace_all(text, percent_encoded(secret.reveal(), "0123456789ABCDEF"), "***");
  replace_all(text, percent_encoded(secret.reveal(), "0123456789abcdef"), "***");
  return text;
}

SettingsReader::SettingsReader(std::function<std::optional<std::string>(const char*)> lookup)
    : _lookup(std::move(lookup)) {
  if (!_lookup) {
    _lookup = [](const char* name) -> std::optional<std::string> {
      const char* v = std::getenv(name);
      return v ? std::optional<std::string>(v) : std::nullopt;
    };
  }
}

std::optional<std::string> SettingsReader::get(const char* name) {
  auto v = _lookup(name);
  if (!v) return std::nullopt;
  auto t = trimmed(*v);
  if (t.empty()) return std::nullopt;  // VAR= in .env means "not set"
  if (has_control_character(t)) {
    // Never quoted: such a value may run on into the next line of a mangled .env, a secret's.
    fail(fmt::format("{} holds a control character (a line break?)", name));
    return std::nullopt;
  }
  return t;
}

std::string SettingsReader::nonblank_text(const char* name, std::string fallback) {
  const auto raw = _lookup(name);
  if (raw && !raw->empty() && trimmed(*raw).empty()) {
    fail(fmt::format("{} is set but blank", name));
    return fallback;
  }
  return text(name, std::move(fallback));
}

std::string SettingsReader::text(const char* name, std::string fallback) {
  return get(name).value_or(std::move(fallback));
}

std::string SettingsReader::required_text(const char* name) {
  auto v = get(name);
  if (!v) fail(fmt::format("{} is required but not set", name));
  return v.value_or("");
}

Secret SettingsReader::secret(const char* name) {
  // Secrets keep their exact bytes (no trimming): a password may end in a space.
  auto v = _lookup(name);
  return Secret(v.value_or(""));
}

std::int64_t SettingsReader::integer(const char* name, std::int64_t fallback, std::int64_t min,
                                     std::int64_t max) {
  const auto v = get(name);
  if (!v) return fallback;
  std::int64_t out = 0;
  const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc{} || ptr != v->data() + v->size()) {
    fail(fmt::format("{} must be a whole number, got '{}'", name, *v));
    return fallback;
  }
  if (out < min || out > max) {
    fail(fmt::format("{} must be between {} and {}, got {}", name, min, max, out));
    return fallback;
  }
  return out;
}

double SettingsReader::number(const char* name, double fallback, double min, double max) {
  const auto v = get(name);
  if (!v) return fallback;
  char* end = nullptr;
  const double out = std::strtod(v->c_str(), &end);
  if (end != v->c_str() + v->size()) {
    fail(fmt::format("{} must be a number, got '{}'", name, *v));
    return fallback;
  }
  if (!(out >= min && out <= max)) {
    fail(fmt::format("{} must be between {} and {}, got {}", name, min, max, *v));
    return fallback;
  }
  return out;
}

bool SettingsReader::boolean(const char* name, bool fallback) {
  const auto v = get(name);
  if (!v) return fallback;
  if (*v == "1" || *v == "true" || *v == "yes" || *v == "on") return true;
  if (*v == "0" || *v == "false" || *v == "no" || *v == "off") return false;
  fail(fmt::format("{} must be true or false, got '{}'", name, *v));
  return fallback;
}

std::chrono::milliseconds SettingsReader::duration(const char* name, std::chrono::milliseconds fallback) {
  // "250ms", "30s", "5m", "2h", or a bare number of seconds.
  const auto v = get(name);
  if (!v) return fallback;
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  const std::string unit(ptr, v->data() + v->size());
  if (ec != std::errc{} || n < 0) {
    fail(fmt::format("{} must be a duration such as 30s, 250ms, 5m or 2h, got '{}'", name, *v));
    return fallback;
  }
  const std::int64_t ms_per_unit = unit == "ms"                  ? 1
                                   : unit.empty() || unit == "s" ? 1000
                                   : unit == "m"                 ? 60'000
                                   : unit == "h"                 ? 3'600'000
                                                                 : 0;
  if (ms_per_unit != 0) {
    // Counted in milliseconds: beyond 2^63 ms it would wrap round (5124095576031h read as 34 min).
    if (n > std::numeric_limits<std::int64_t>::max() / ms_per_unit) {
      fail(fmt::format("{} is too long, got '{}'", name, *v));
      return fallback;
    }
    return std::chrono::milliseconds(n * ms_per_unit);
  }
  fail(fmt::format("{} must be a duration such as 30s, 250ms, 5m or 2h, got '{}'", name, *v));
  return fallback;
}

std::vector<std::string> SettingsReader::list(const char* name, std::vector<std::string> fallback) {
  const auto v = get(name);
  if (!v) return fallback;
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= v->size()) {
    const auto comma = v->find(',', start);
    auto item = trimmed(v->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (out.empty()) fail(fmt::format("{} is an empty list", name));
  return out;
}

void SettingsReader::fail(std::string message) {
  // Two stages reading the same variable (JOBSTREAM_POLL_INTERVAL) report its problem once.
  if (std::find(_errors.begin(), _errors.end(), message) == _errors.end()) {
    _errors.push_back(std::move(message));
  }
}

void SettingsReader::throw_if_invalid() const {
  if (_errors.empty()) return;
  std::string all = "invalid settings:";
  for (const auto& e : _errors) all += "\n  - " + e;
  throw std::invalid_argument(all);
}

}  // namespace jobstream::common
