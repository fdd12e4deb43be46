#pragma once

#include <chrono>
#include <optional>

namespace jobstream::source {

/// What one HTTP attempt produced, reduced to what the retry decision needs.
struct AttemptOutcome {
  int status = 0;                ///< HTTP status; 0 when no answer arrived
  bool timed_out = false;        ///< the attempt hit its timeout
  bool transport_error = false;  ///< connection refused/reset, DNS, TLS
  bool body_invalid = false;  ///< a 2xx whose body is not the JSON the contract promises (may be truncated)
  std::optional<std::chrono::milliseconds> retry_after;  ///< parsed Retry-After header
};

enum class RetryAction {
  done,         ///< accept the answer
  retry,        ///< wait `delay`, then try again
  renew_token,  ///< drop the cached token, then retry at once
  give_up,      ///< not retryable, or out of attempts / time
};

struct RetryDecision {
  RetryAction action = RetryAction::done;
  std::chrono::milliseconds delay{0};
  /// When giving up: whether a later call (e.g. the next sweep) might succeed.
  bool retryable_later = false;
};

struct RetryBounds {
  int max_attempts = 8;
  std::chrono::milliseconds backoff_base{500};
  std::chrono::milliseconds backoff_max{std::chrono::seconds(30)};
  std::chrono::milliseconds max_retry_after{std::chrono::seconds(120)};
};

/// Exponential backoff with "equal jitter": half of min(max, base * 2^(attempt-1)) fixed,
/// the other half scaled by `jitter01` in [0, 1). Pure, so tests pin it exactly.
std::chrono::milliseconds backoff_delay(const RetryBounds& bounds, int attempt, double jitter01);

/// Decides what to do after attempt number `attempt` (1-based) of one call.
/// `time_left` is what remains of the call's deadline; a wait that would overrun it gives up.
/// `token_renewed_already` is true when this call already renewed its token once after a 401.
RetryDecision decide_retry(const RetryBounds& bounds, const AttemptOutcome& outcome, int attempt,
                           std::chrono::milliseconds time_left, bool token_renewed_already, double jitter01);

/// Reads a Retry-After value: delay-seconds ("3", "1.5"); HTTP dates are not used by this API.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

}  // namespace jobstream::source
