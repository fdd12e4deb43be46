#include "common/settings_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace jobstream::common {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

SettingsReader::SettingsReader(std::function<std::optional<std::string>(const char*)> lookup)
    : _lookup(std::move(lookup)) {
  if (!_lookup) {
    _lookup = [](const char* name) -> std::optional<std::string> {
      const char* v = std::getenv(name);
      return v ? std::optional<std::string>(v) : std::nullopt;
    };
  }
}

std::optional<std::string> SettingsReader::get(const char* name) const {
  auto v = _lookup(name);
  if (!v) return std::nullopt;
  auto t = trimmed(*v);
  if (t.empty()) return std::nullopt;  // VAR= in .env means "not set"
  return t;
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

std::int64_t SettingsReader::integer(const char* name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
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
  if (unit == "ms") return std::chrono::milliseconds(n);
  if (unit.empty() || unit == "s") return std::chrono::seconds(n);
  if (unit == "m") return std::chrono::minutes(n);
  if (unit == "h") return std::chrono::hours(n);
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

void SettingsReader::fail(std::string message) { _errors.push_back(std::move(message)); }

void SettingsReader::throw_if_invalid() const {
  if (_errors.empty()) return;
  std::string all = "invalid settings:";
  for (const auto& e : _errors) all += "\n  - " + e;
  throw std::invalid_argument(all);
}

}  // namespace jobstream::common
