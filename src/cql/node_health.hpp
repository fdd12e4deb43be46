#pragma once
// Which nodes of the ring the session believes down, and when to try them again. Pure: the clock
// is passed in, so the policy is tested without sockets.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "cql/transport.hpp"

namespace jobstream::cql {

/// A node is marked down when a connection to it fails or is lost; requests then go to the other
/// replicas instead of waiting for it. After `retry_interval` one request may try it again: a node
/// that came back is noticed by that attempt and gets its share of traffic again.
/// @locks its own mutex; safe from any thread.
class NodeHealth {
 public:
  explicit NodeHealth(std::chrono::milliseconds retry_interval) : _retry_interval(retry_interval) {}

  /// Returns true when the node was up before (newly down).
  bool mark_down(const std::string& endpoint, Clock::time_point now);
  /// Returns true when the node was down before (its return is noticed).
  bool mark_up(const std::string& endpoint);
  /// False while the node is down and its retry time has not come; once it has, true for one
  /// caller (who probes the node) and false again for the others until the next retry time.
  bool usable(const std::string& endpoint, Clock::time_point now);
  /// Nodes currently marked down.
  std::size_t down_count() const;
  /// How many times a node was seen to go down, and to come back.
  std::uint64_t downs() const;
  std::uint64_t returns() const;

 private:
  std::chrono::milliseconds _retry_interval;
  mutable std::mutex _mu;
  std::unordered_map<std::string, Clock::time_point> _retry_at;  // down nodes only
  std::uint64_t _downs = 0;
  std::uint64_t _returns = 0;
};

}  // namespace jobstream::cql
