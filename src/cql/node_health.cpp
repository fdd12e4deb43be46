#include "cql/node_health.hpp"

namespace jobstream::cql {

bool NodeHealth::mark_down(const std::string& endpoint, Clock::time_point now) {
  if (endpoint.empty()) return false;  // the control node: reached through the contact points, never skipped
  std::lock_guard lk(_mu);
  auto [it, inserted] = _retry_at.try_emplace(endpoint, now + _retry_interval);
  if (inserted) ++_downs;
  else it->second = now + _retry_interval;
  return inserted;
}

bool NodeHealth::mark_up(const std::string& endpoint) {
  std::lock_guard lk(_mu);
  if (_retry_at.erase(endpoint) == 0) return false;
  ++_returns;
  return true;
}

bool NodeHealth::usable(const std::string& endpoint, Clock::time_point now) {
  std::lock_guard lk(_mu);
  auto it = _retry_at.find(endpoint);
  if (it == _retry_at.end()) return true;
  if (now < it->second) return false;
  // This caller probes the node; the others keep avoiding it until the next retry time.
  it->second = now + _retry_interval;
  return true;
}

std::size_t NodeHealth::down_count() const {
  std::lock_guard lk(_mu);
  return _retry_at.size();
}

std::uint64_t NodeHealth::downs() const {
  std::lock_guard lk(_mu);
  return _downs;
}

std::uint64_t NodeHealth::returns() const {
  std::lock_guard lk(_mu);
  return _returns;
}

}  // namespace jobstream::cql
