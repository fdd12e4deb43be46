#include "source/token_provider.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <random>

#include "source/search_query.hpp"
#include "source/source_error.hpp"
#include "source/source_metrics.hpp"
#include "source/stop_wait.hpp"

namespace jobstream::source {
std::string oauth_error_text(const std::string& body, const common::Secret& secret) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) {
    std::string text = j["error"].get<std::string>();
    if (j.contains("error_description") && j["error_description"].is_string()) {
      text += ": " + j["error_description"].get<std::string>();
    }
    // Masked before shortening, so that a secret cut in two is not left half visible.
    return common::mask(std::move(text), secret).substr(0, 200);
  }
  return "no OAuth2 error in the answer";
}

bool is_usable_access_token(std::string_view token) {
  if (token.empty()) return false;
  for (const unsigned char c : token) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

TokenProvider::TokenProvider(const SourceSettings& settings) : _settings(settings) {}

std::chrono::milliseconds TokenProvider::refresh_margin(std::chrono::milliseconds configured,
                                                        std::chrono::seconds expires_in) {
  const auto half = std::chrono::duration_cast<std::chrono::milliseconds>(expires_in) / 2;
  return std::min(configured, half);
}

std::string TokenProvider::token(Clock::time_point deadline, std::stop_token stop) {
  std::lock_guard lock(_mutex);
  const auto now = Clock::now();
  if (!_token.empty() && now < _renew_at) return _token;
  std::chrono::seconds expires_in{0};
  _token = fetch(deadline, stop, expires_in);
  _renew_at = Clock::now() + expires_in - refresh_margin(_settings.token_refresh_margin, expires_in);
  return _token;
}

void TokenProvider::invalidate(const std::string& token) {
  std::lock_guard lock(_mutex);
  if (token == _token) _token.clear();
}

std::int64_t TokenProvider::fetches() const {
  std::lock_guard lock(_mutex);
  return _fetches;
}

std::string TokenProvider::fetch(Clock::time_point deadline, std::stop_token stop,
                                 std::chrono::seconds& expires_in) {
  if (!_settings.has_credentials()) {
    throw SourceError(SourceErrorKind::config, false, "FT_CLIENT_ID and FT_CLIENT_SECRET are not set");
  }
  HttpRequest request;
  request.method = HttpRequest::Method::post;
  request.url = _settings.token_url;
  request.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
  // The realm stays in the URL's query string (contract §1); the form carries the rest.
  request.body = "grant_type=client_credentials&client_id=" + percent_encode(_settings.client_id) +
                 "&client_secret=" + percent_encode(_settings.client_secret.reveal()) +
                 "&scope=" + percent_encode(_settings.scope);
  request.connect_timeout = _settings.connect_timeout;
  const RetryBounds bounds{_settings.max_attempts, _settings.backoff_base, _settings.backoff_max,
                           _settings.max_retry_after};
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  for (int attempt = 1;; ++attempt) {
    if (stop.stop_requested())
      throw SourceError(SourceErrorKind::cancelled, false, "token request cancelled");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left <= std::chrono::milliseconds(0)) {
      throw SourceError(SourceErrorKind::timeout, true, "token request: call deadline passed");
    }
    request.timeout = std::min(_settings.request_timeout, left);
    const HttpResponse response = _http.perform(request);
    ++_fetches;
    source_metrics().request(ApiEndpoint::token, response);
    AttemptOutcome outcome{response.status, response.timed_out, response.transport_error, false,
                           parse_retry_after(response.header("retry-after"))};
    std::string access_token;
    if (response.status == 200) {
      const auto j = nlohmann::json::parse(response.body, nullptr, false);
      if (j.is_object() && j.contains("access_token") && j["access_token"].is_string() &&
          is_usable_access_token(j["access_token"].get<std::string>())) {
        access_token = j["access_token"].get<std::string>();
        // expires_in is a number per the contract; a string is tolerated, absence means 1499 s.
        std::int64_t seconds = 1499;
        if (j.contains("expires_in") && j["expires_in"].is_number()) {
          seconds = j["expires_in"].get<std::int64_t>();
        } else if (j.contains("expires_in") && j["expires_in"].is_string()) {
          seconds = std::strtoll(j["expires_in"].get<std::string>().c_str(), nullptr, 10);
        }
        expires_in = std::chrono::seconds(std::max<std::int64_t>(seconds, 1));
      } else {
        outcome.body_invalid = true;
      }
    }
    // 400/401 from the token endpoint mean wrong credentials or scope: never retried.
    if (response.status == 400 || response.status == 401 || response.status == 403) {
      throw SourceError(
          SourceErrorKind::auth, false,
          fmt::format("token endpoint refused the credentials (HTTP {}, {}); check FT_CLIENT_ID, "
                      "FT_CLIENT_SECRET, FT_SCOPE and that the application is subscribed to "
                      "\"Offres d'emploi v2\"",
                      response.status, oauth_error_text(response.body, _settings.client_secret)),
          response.status);
    }
    const auto decision = decide_retry(bounds, outcome, attempt, left, true, jitter(rng));
    if (decision.action == RetryAction::done) {
      spdlog::debug("source: new access token, valid {}s", expires_in.count());
      return access_token;
    }
    const std::string what = response.status ? fmt::format("HTTP {}", response.status) : response.error;
    if (decision.action != RetryAction::retry) {
      // An outage of the token service (5xx, no answer) is not a credentials problem: retriable.
      throw SourceError(
          response.timed_out       ? SourceErrorKind::timeout
          : response.status == 0   ? SourceErrorKind::transport
          : response.status >= 500 ? SourceErrorKind::http
                                   : SourceErrorKind::auth,
          decision.retryable_later,
          fmt::format("token request failed after {} attempt(s): {}", attempt, what), response.status);
    }
    spdlog::warn("source: token request attempt {} failed ({}), retrying in {}ms", attempt, what,
                 decision.delay.count());
    if (!wait_until_or_stopped(Clock::now() + decision.delay, stop)) {
      throw SourceError(SourceErrorKind::cancelled, false, "token request cancelled");
    }
  }
}

}  // namespace jobstream::source
