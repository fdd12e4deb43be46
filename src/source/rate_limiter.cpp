#include "source/rate_limiter.hpp"

#include <algorithm>

namespace jobstream::source {

RateLimiter::RateLimiter(double requests_per_second, int burst)
    : _interval(std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / requests_per_second))),
      _burst_span(_interval * std::max(0, burst - 1)) {}

RateLimiter::Clock::time_point RateLimiter::reserve(Clock::time_point now) {
  std::lock_guard lock(_mutex);
  // Generic cell rate algorithm: `_next_free` is the theoretical arrival time of the next
  // request; up to `burst` requests may run ahead of it by `_burst_span`.
  const auto tat = std::max(_next_free, now);
  const auto send = std::max({now, tat - _burst_span, _paused_until});
  _next_free = std::max(tat, send) + _interval;
  return send;
}

void RateLimiter::pause_until(Clock::time_point until) {
  std::lock_guard lock(_mutex);
  _paused_until = std::max(_paused_until, until);
}

}  // namespace jobstream::source
