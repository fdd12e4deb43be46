#pragma once
// For the settings tests of every stage: a SettingsReader over a fixed map instead of the process
// environment, a read that must find no problem, and all problems as one text. Header-only and
// shared, so that each stage's tests check its settings rather than carry a copy of this fixture.
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "common/settings_reader.hpp"

namespace jobstream::common::settings_testing {

/// A reader that sees exactly `vars` (a name absent from it is not set).
inline SettingsReader reader(std::map<std::string, std::string> vars) {
  return SettingsReader([vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  });
}

/// Settings::read(env), failing the test (by throwing) if the reader found any problem.
template <typename Settings>
Settings read_valid(SettingsReader& env) {
  auto s = Settings::read(env);
  env.throw_if_invalid();
  return s;
}

/// Every problem the reader found, one a line.
inline std::string all_errors(const SettingsReader& env) {
  std::string all;
  for (const auto& e : env.errors()) all += e + '\n';
  return all;
}

}  // namespace jobstream::common::settings_testing
