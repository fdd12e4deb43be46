#include "source/http_retry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "source/stop_wait.hpp"

namespace jobstream::source {

std::string what_came(const HttpResponse& response) {
  return response.status ? fmt::format("HTTP {}", response.status) : response.error;
}

HttpResponse perform_with_retries(HttpClient& http, HttpRequest request, const RetriedCall& call) {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  // Jitter spreads the retries of clients that failed together; it needs no reproducible seed.
  thread_local std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  const auto cancelled = [&] {
    return SourceError(SourceErrorKind::cancelled, false, call.what + ": cancelled");
  };
  bool renewed = false;
  for (int attempt = 1;; ++attempt) {
    if (call.stop.stop_requested()) throw cancelled();
    if (call.before_attempt) call.before_attempt(request);
    const auto left = std::chrono::duration_cast<milliseconds>(call.deadline - Clock::now());
    if (left <= milliseconds(0)) {
      throw SourceError(SourceErrorKind::timeout, true, call.what + ": call deadline passed");
    }
    request.timeout = std::min(call.attempt_timeout, left);
    HttpResponse response = http.perform(request);
    AttemptOutcome outcome{response.status, response.timed_out, response.transport_error, false,
                           parse_retry_after(response.header("retry-after"))};
    if (call.accept(response, outcome)) return response;

    const auto decision =
        decide_retry(call.bounds, outcome, attempt, left, renewed || !call.may_renew_token, jitter(rng));
    switch (decision.action) {
      case RetryAction::done:
        return response;
      case RetryAction::renew_token:
        call.renew_token();
        renewed = true;
        continue;
      case RetryAction::retry:
        if (call.on_retry) call.on_retry(response, outcome, decision, attempt);
        if (!wait_until_or_stopped(Clock::now() + decision.delay, call.stop)) throw cancelled();
        continue;
      case RetryAction::give_up:
        throw call.failure(response, outcome, decision, attempt);
    }
  }
}

}  // namespace jobstream::source
