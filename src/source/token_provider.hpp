#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>

#include "source/http_client.hpp"
#include "source/retry_policy.hpp"
#include "source/source_settings.hpp"

namespace jobstream::source {

/// OAuth2 client-credentials tokens (contract §1): one cached token, renewed shortly before it
/// expires or when the API answers 401. Neither the secret nor a token ever reaches a log line
/// or an error message.
///
/// @locks its own mutex: one provider can serve several API clients.
/// The `error` and `error_description` of an OAuth2 error answer, shortened, with the client
/// secret masked: a token endpoint may echo the request it refuses. Never the body itself.
std::string oauth_error_text(const std::string& body, const common::Secret& secret);

/// Whether an access token can go into an `Authorization` header: printable ASCII only. A CR or LF
/// in it would add request headers of the token endpoint's choosing.
bool is_usable_access_token(std::string_view token);

class TokenProvider {
 public:
  using Clock = std::chrono::steady_clock;

  explicit TokenProvider(const SourceSettings& settings);

  /// A valid access token, fetched if needed. Throws SourceError (auth: not retryable) when the
  /// token endpoint refuses the credentials or scope, or when `deadline` passes.
  std::string token(Clock::time_point deadline, std::stop_token stop = {});
  /// Forgets `token` if it is still the cached one (the API answered 401 with it).
  void invalidate(const std::string& token);

  std::int64_t fetches() const;

  /// How long before `expires_in` elapses the token is renewed: the configured margin, but never
  /// more than half the lifetime (short-lived tokens in tests). Pure.
  static std::chrono::milliseconds refresh_margin(std::chrono::milliseconds configured,
                                                  std::chrono::seconds expires_in);

 private:
  std::string fetch(Clock::time_point deadline, std::stop_token stop, std::chrono::seconds& expires_in);

  const SourceSettings& _settings;
  mutable std::mutex _mutex;
  HttpClient _http;
  std::string _token;
  Clock::time_point _renew_at{};
  std::int64_t _fetches = 0;
};

}  // namespace jobstream::source
