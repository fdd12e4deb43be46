#include "common/readiness.hpp"

namespace jobstream::common {

void Readiness::add(std::string name, Check check) {
  std::lock_guard lock(_mutex);
  _checks.emplace_back(std::move(name), std::move(check));
}

Readiness::Verdict Readiness::evaluate() const {
  std::lock_guard lock(_mutex);
  if (_checks.empty()) return {false, "starting\n"};
  Verdict verdict{true, {}};
  for (const auto& [name, check] : _checks) {
    if (const auto problem = check()) {
      verdict.ready = false;
      verdict.text += name + ": " + *problem + "\n";
    }
  }
  if (verdict.ready) verdict.text = "ready\n";
  return verdict;
}

}  // namespace jobstream::common
