#pragma once

#include <chrono>
#include <mutex>

namespace jobstream::source {

/// A token bucket shared by every request of one application (the quota is per application),
/// plus a global pause set by a 429's Retry-After. Pure arithmetic on the given time points, so
/// tests drive it without sleeping; the caller waits until the returned instant.
///
/// @locks its own mutex: safe to share between threads.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(double requests_per_second, int burst);

  /// Takes one token and returns the instant at which the request may be sent (>= now).
  Clock::time_point reserve(Clock::time_point now);
  /// No request may start before `until` (after a 429 with Retry-After).
  void pause_until(Clock::time_point until);

 private:
  std::mutex _mutex;
  std::chrono::nanoseconds _interval;
  std::chrono::nanoseconds _burst_span;
  Clock::time_point _next_free{};  // the earliest instant the next token is available
  Clock::time_point _paused_until{};
};

}  // namespace jobstream::source
