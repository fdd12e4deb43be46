#include "source/retry_policy.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>

namespace jobstream::source {

std::chrono::milliseconds backoff_delay(const RetryBounds& bounds, int attempt, double jitter01) {
  using std::chrono::milliseconds;
  const int exponent = std::clamp(attempt - 1, 0, 30);
  const double raw = static_cast<double>(bounds.backoff_base.count()) * std::ldexp(1.0, exponent);
  const double capped = std::min(raw, static_cast<double>(bounds.backoff_max.count()));
  const double j = std::clamp(jitter01, 0.0, 1.0);
  return milliseconds(static_cast<std::int64_t>(capped / 2 + capped / 2 * j));
}

RetryDecision decide_retry(const RetryBounds& bounds, const AttemptOutcome& o, int attempt,
                           std::chrono::milliseconds time_left, bool token_renewed_already, double jitter01) {
  using std::chrono::milliseconds;
  const bool success = (o.status >= 200 && o.status < 300) && !o.body_invalid;
  if (success) return {RetryAction::done, milliseconds(0), false};

  const auto retry_in = [&](milliseconds delay) -> RetryDecision {
    if (attempt >= bounds.max_attempts || delay >= time_left)
      return {RetryAction::give_up, milliseconds(0), true};
    return {RetryAction::retry, delay, true};
  };

  if (o.status == 401) {
    // An expired or revoked token: renew once per call, then it is the credentials' fault.
    if (token_renewed_already || attempt >= bounds.max_attempts)
      return {RetryAction::give_up, milliseconds(0), false};
    return {RetryAction::renew_token, milliseconds(0), true};
  }
  if (o.status == 429) {
    const auto wait = o.retry_after ? std::min(*o.retry_after, bounds.max_retry_after)
                                    : backoff_delay(bounds, attempt, jitter01);
    return retry_in(wait);
  }
  // Timeouts, broken connections, server errors and truncated bodies are transient.
  if (o.timed_out || o.transport_error || o.status >= 500 || o.body_invalid || o.status == 408) {
    return retry_in(backoff_delay(bounds, attempt, jitter01));
  }
  // 400 (bad parameter), 403, 404 ...: asking again gives the same answer.
  return {RetryAction::give_up, milliseconds(0), false};
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view v) {
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
  if (v.empty() || !std::isdigit(static_cast<unsigned char>(v.front()))) return std::nullopt;
  const std::string s(v);
  char* end = nullptr;
  const double seconds = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !(seconds >= 0) || seconds > 86400) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
}

}  // namespace jobstream::source
