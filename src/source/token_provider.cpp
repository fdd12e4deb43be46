#include "source/token_provider.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "source/http_retry.hpp"
#include "source/search_query.hpp"
#include "source/source_error.hpp"
#include "source/source_metrics.hpp"

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
  std::string access_token;
  RetriedCall call;
  call.what = "token request";
  call.bounds = {_settings.max_attempts, _settings.backoff_base, _settings.backoff_max,
                 _settings.max_retry_after};
  call.attempt_timeout = _settings.request_timeout;
  call.deadline = deadline;
  call.stop = stop;
  call.accept = [&](const HttpResponse& response, AttemptOutcome& outcome) {
    ++_fetches;
    source_metrics().request(ApiEndpoint::token, response);
    // 400/401/403 from the token endpoint mean wrong credentials or scope: never retried.
    if (response.status == 400 || response.status == 401 || response.status == 403) {
      throw SourceError(
          SourceErrorKind::auth, false,
          fmt::format("token endpoint refused the credentials (HTTP {}, {}); check FT_CLIENT_ID, "
                      "FT_CLIENT_SECRET, FT_SCOPE and that the application is subscribed to "
                      "\"Offres d'emploi v2\"",
                      response.status, oauth_error_text(response.body, _settings.client_secret)),
          response.status);
    }
    if (response.status < 200 || response.status >= 300) return false;
    const auto j = nlohmann::json::parse(response.body, nullptr, false);
    if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string() ||
        !is_usable_access_token(j["access_token"].get<std::string>())) {
      outcome.body_invalid = true;  // a 2xx without a usable token (cut short, or not the promised JSON)
      return false;
    }
    access_token = j["access_token"].get<std::string>();
    // expires_in is a number per the contract; a string is tolerated, absence means 1499 s.
    std::int64_t seconds = 1499;
    if (j.contains("expires_in") && j["expires_in"].is_number()) {
      seconds = j["expires_in"].get<std::int64_t>();
    } else if (j.contains("expires_in") && j["expires_in"].is_string()) {
      seconds = std::strtoll(j["expires_in"].get<std::string>().c_str(), nullptr, 10);
    }
    expires_in = std::chrono::seconds(std::max<std::int64_t>(seconds, 1));
    return true;
  };
  call.on_retry = [](const HttpResponse& response, const AttemptOutcome&, const RetryDecision& decision,
                     int attempt) {
    spdlog::warn("source: token request attempt {} failed ({}), retrying in {}ms", attempt,
                 what_came(response), decision.delay.count());
  };
  call.failure = [](const HttpResponse& response, const AttemptOutcome&, const RetryDecision& decision,
                    int attempt) {
    // An outage of the token service (5xx, no answer) is not a credentials problem: retriable.
    return SourceError(
        response.timed_out       ? SourceErrorKind::timeout
        : response.status == 0   ? SourceErrorKind::transport
        : response.status >= 500 ? SourceErrorKind::http
                                 : SourceErrorKind::auth,
        decision.retryable_later,
        fmt::format("token request failed after {} attempt(s): {}", attempt, what_came(response)),
        response.status);
  };
  perform_with_retries(_http, std::move(request), call);
  spdlog::debug("source: new access token, valid {}s", expires_in.count());
  return access_token;
}

}  // namespace jobstream::source
