#pragma once

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jobstream::common {

/// A secret value (client secret, password): it can be used, but never printed by accident.
/// Formatting or logging it shows "***".
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : _value(std::move(value)) {}
  const std::string& reveal() const { return _value; }
  bool empty() const { return _value.empty(); }

 private:
  std::string _value;
};

/// `text` with every occurrence of `secret` replaced by "***": as it is, and percent-encoded as a
/// form or URL carried it (either hex case). For any message that quotes an answer from outside
/// (an OAuth2 error_description may echo the request it refuses).
std::string mask(std::string text, const Secret& secret);

/// Reads typed settings from the environment (after .env was loaded), collecting every problem so
/// that a misconfigured start reports all of them at once. Error texts name the variable and what
/// it expects, never the value of a secret. A value holding a control character (a CR from a
/// mangled .env, an escape sequence) is refused without being quoted.
///
///   SettingsReader env;
///   auto port = env.integer("CASSANDRA_PORT", 9042, 1, 65535);
///   env.throw_if_invalid();   // std::invalid_argument listing every bad setting
class SettingsReader {
 public:
  /// `lookup` defaults to the process environment; tests pass a map.
  explicit SettingsReader(std::function<std::optional<std::string>(const char*)> lookup = {});

  std::string text(const char* name, std::string fallback);
  /// Like text(), but a value of only blanks is an error rather than "not set" (a name or id that
  /// must not silently fall back to its default).
  std::string nonblank_text(const char* name, std::string fallback);
  /// A required setting: missing or empty is an error.
  std::string required_text(const char* name);
  Secret secret(const char* name);
  std::int64_t integer(const char* name, std::int64_t fallback, std::int64_t min, std::int64_t max);
  double number(const char* name, double fallback, double min, double max);
  bool boolean(const char* name, bool fallback);
  std::chrono::milliseconds duration(const char* name, std::chrono::milliseconds fallback);
  /// Comma-separated list; blanks trimmed, empty items dropped.
  std::vector<std::string> list(const char* name, std::vector<std::string> fallback);

  /// Records a problem found by the caller's own cross-field checks.
  void fail(std::string message);
  const std::vector<std::string>& errors() const { return _errors; }
  void throw_if_invalid() const;

 private:
  std::optional<std::string> get(const char* name);
  std::function<std::optional<std::string>(const char*)> _lookup;
  std::vector<std::string> _errors;
};

}  // namespace jobstream::common

/// Formatting a Secret prints "***", so a settings struct can be logged whole.
template <>
struct fmt::formatter<jobstream::common::Secret> : fmt::formatter<std::string_view> {
  auto format(const jobstream::common::Secret&, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format("***", ctx);
  }
};
