#pragma once

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>

#include "source/http_client.hpp"
#include "source/retry_policy.hpp"
#include "source/source_error.hpp"

namespace jobstream::source {

/// One HTTP call and what its attempts may do, for perform_with_retries. The API client and the
/// token provider fill it differently (pacing, token, which answers are final), and share the loop.
struct RetriedCall {
  std::string what;  ///< names the call in errors and logs: "search ... range 0-149", "token request"
  RetryBounds bounds;
  std::chrono::milliseconds attempt_timeout{30000};  ///< one attempt, cut to what is left of the deadline
  std::chrono::steady_clock::time_point deadline;    ///< of every attempt together
  std::stop_token stop;
  bool may_renew_token = false;  ///< a 401 may be answered by renewing the token once per call

  /// Before each attempt: pacing, the Authorization header. May wait; may throw.
  std::function<void(HttpRequest&)> before_attempt;
  /// Whether this answer is the one to return. It may mark `outcome.body_invalid` (a 2xx that is not
  /// the promised JSON: retried as transient), count the answer, or throw to end the call at once
  /// (an answer no retry can change, such as refused credentials).
  std::function<bool(const HttpResponse&, AttemptOutcome& outcome)> accept;
  /// Told before each wait: metrics, a log line, a pause of a quota shared with other calls.
  std::function<void(const HttpResponse&, const AttemptOutcome&, const RetryDecision&, int attempt)> on_retry;
  /// Drops the cached token (only with may_renew_token).
  std::function<void()> renew_token;
  /// The error thrown when the call gives up (out of attempts or time, or an answer not worth retrying).
  std::function<SourceError(const HttpResponse&, const AttemptOutcome&, const RetryDecision&, int attempt)>
      failure;
};

/// What an attempt got, for a log line or an error: "HTTP 503", or why no answer came.
std::string what_came(const HttpResponse& response);

/// Sends `request` until `call.accept` takes an answer, following decide_retry between attempts:
/// backoff with jitter, Retry-After, bounded by attempts and by the call's deadline, and cut short
/// by a stop request. Throws SourceError: cancelled when stopped, timeout when the deadline passed
/// before an attempt, or `call.failure` when it gives up.
HttpResponse perform_with_retries(HttpClient& http, HttpRequest request, const RetriedCall& call);

}  // namespace jobstream::source
