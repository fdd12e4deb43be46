#include <gtest/gtest.h>

#include "source/rate_limiter.hpp"
#include "source/retry_policy.hpp"
#include "source/token_provider.hpp"

namespace jobstream::source {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const RetryBounds bounds{5, milliseconds(100), milliseconds(1000), seconds(60)};
const milliseconds plenty(3'600'000);

AttemptOutcome st(int status) {
  AttemptOutcome o;
  o.status = status;
  return o;
}

TEST(Backoff, GrowsExponentiallyWithinJitterAndIsCapped) {
  EXPECT_EQ(backoff_delay(bounds, 1, 0.0), milliseconds(50));
  EXPECT_EQ(backoff_delay(bounds, 1, 1.0), milliseconds(100));
  EXPECT_EQ(backoff_delay(bounds, 2, 0.0), milliseconds(100));
  EXPECT_EQ(backoff_delay(bounds, 3, 0.5), milliseconds(300));
  EXPECT_EQ(backoff_delay(bounds, 10, 1.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(bounds, 10, 0.0), milliseconds(500));
  EXPECT_EQ(backoff_delay(bounds, 1000, 0.0), milliseconds(500));  // no overflow
}

TEST(Backoff, JitterStaysWithinHalfAndFull) {
  for (int attempt = 1; attempt < 12; ++attempt) {
    for (double j = 0; j < 1.0; j += 0.1) {
      const auto d = backoff_delay(bounds, attempt, j);
      const auto full = std::min<std::int64_t>(100LL << (attempt - 1), 1000);
      EXPECT_GE(d.count(), full / 2);
      EXPECT_LE(d.count(), full);
    }
  }
}

TEST(RetryDecision, SuccessIsDone) {
  for (int status : {200, 204, 206}) {
    EXPECT_EQ(decide_retry(bounds, st(status), 1, plenty, false, 0.5).action, RetryAction::done);
  }
}

TEST(RetryDecision, TooManyRequestsHonoursRetryAfter) {
  auto o = st(429);
  o.retry_after = milliseconds(3000);
  const auto d = decide_retry(bounds, o, 1, plenty, false, 0.5);
  EXPECT_EQ(d.action, RetryAction::retry);
  EXPECT_EQ(d.delay, milliseconds(3000));
}

TEST(RetryDecision, RetryAfterIsClampedAndMissingMeansBackoff) {
  auto o = st(429);
  o.retry_after = milliseconds(3'600'000);
  EXPECT_EQ(decide_retry(bounds, o, 1, plenty, false, 0.5).delay, seconds(60));
  EXPECT_EQ(decide_retry(bounds, st(429), 2, plenty, false, 0.0).delay, milliseconds(100));
}

TEST(RetryDecision, ServerErrorsTimeoutsAndTruncatedBodiesRetryWithBackoff) {
  AttemptOutcome timeout{};
  timeout.timed_out = true;
  AttemptOutcome reset{};
  reset.transport_error = true;
  auto truncated = st(200);
  truncated.body_invalid = true;
  for (const auto& o : {st(500), st(502), st(503), timeout, reset, truncated}) {
    const auto d = decide_retry(bounds, o, 3, plenty, false, 1.0);
    EXPECT_EQ(d.action, RetryAction::retry);
    EXPECT_EQ(d.delay, milliseconds(400));
  }
}

TEST(RetryDecision, AttemptsAndDeadlineAreBounded) {
  const auto last = decide_retry(bounds, st(503), bounds.max_attempts, plenty, false, 0.5);
  EXPECT_EQ(last.action, RetryAction::give_up);
  EXPECT_TRUE(last.retryable_later);
  // A wait longer than what is left of the deadline is not started.
  auto o = st(429);
  o.retry_after = milliseconds(5000);
  EXPECT_EQ(decide_retry(bounds, o, 1, milliseconds(4000), false, 0.5).action, RetryAction::give_up);
}

TEST(RetryDecision, UnauthorizedRenewsTheTokenOnce) {
  EXPECT_EQ(decide_retry(bounds, st(401), 1, plenty, false, 0.5).action, RetryAction::renew_token);
  const auto again = decide_retry(bounds, st(401), 2, plenty, true, 0.5);
  EXPECT_EQ(again.action, RetryAction::give_up);
  EXPECT_FALSE(again.retryable_later);
}

TEST(RetryDecision, ClientErrorsAreFinal) {
  for (int status : {400, 403, 404}) {
    const auto d = decide_retry(bounds, st(status), 1, plenty, false, 0.5);
    EXPECT_EQ(d.action, RetryAction::give_up);
    EXPECT_FALSE(d.retryable_later);
  }
}

TEST(RetryAfter, ParsesSecondsOnly) {
  EXPECT_EQ(parse_retry_after("3"), milliseconds(3000));
  EXPECT_EQ(parse_retry_after(" 1.5 "), milliseconds(1500));
  EXPECT_EQ(parse_retry_after("0"), milliseconds(0));
  EXPECT_FALSE(parse_retry_after(""));
  EXPECT_FALSE(parse_retry_after("soon"));
  EXPECT_FALSE(parse_retry_after("-1"));
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
}

TEST(RateLimiter, AllowsTheBurstThenSpacesRequests) {
  RateLimiter limiter(10.0, 2);  // 100 ms apart, 2 back to back
  const auto t0 = RateLimiter::Clock::time_point{} + seconds(100);
  EXPECT_EQ(limiter.reserve(t0), t0);
  EXPECT_EQ(limiter.reserve(t0), t0);
  EXPECT_EQ(limiter.reserve(t0), t0 + milliseconds(100));
  EXPECT_EQ(limiter.reserve(t0), t0 + milliseconds(200));
  // After a long idle period only the burst is available again, not the idle time's worth.
  const auto t1 = t0 + seconds(10);
  EXPECT_EQ(limiter.reserve(t1), t1);
  EXPECT_EQ(limiter.reserve(t1), t1);
  EXPECT_EQ(limiter.reserve(t1), t1 + milliseconds(100));
}

TEST(RateLimiter, SustainedRateNeverExceedsTheQuota) {
  RateLimiter limiter(4.0, 1);
  const auto t0 = RateLimiter::Clock::time_point{} + seconds(5);
  auto last = t0;
  for (int i = 0; i < 100; ++i) last = limiter.reserve(t0);
  EXPECT_EQ(last, t0 + milliseconds(250 * 99));
}

TEST(RateLimiter, PauseDelaysEveryone) {
  RateLimiter limiter(10.0, 5);
  const auto t0 = RateLimiter::Clock::time_point{} + seconds(5);
  limiter.pause_until(t0 + seconds(2));
  EXPECT_EQ(limiter.reserve(t0), t0 + seconds(2));
  EXPECT_GE(limiter.reserve(t0), t0 + seconds(2));
}

TEST(TokenRefresh, MarginIsConfiguredButAtMostHalfTheLifetime) {
  EXPECT_EQ(TokenProvider::refresh_margin(seconds(60), seconds(1499)), seconds(60));
  EXPECT_EQ(TokenProvider::refresh_margin(seconds(60), seconds(30)), seconds(15));
}

}  // namespace
}  // namespace jobstream::source
