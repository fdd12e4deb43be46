#include "source/api_client.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <variant>

#include "source/content_range.hpp"
#include "source/http_retry.hpp"
#include "source/source_error.hpp"
#include "source/source_metrics.hpp"
#include "source/stop_wait.hpp"

namespace jobstream::source {
namespace {

// The `message` of a France Travail error body (contract §2.2), shortened for a log line, with
// the access token masked should the answer echo the request.
std::string api_error_text(const std::string& body, const std::string& token) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view message;
  const common::Secret secret(token);
  if (!parser.parse(body).get(root) && !root["message"].get(message))
    return common::mask(std::string(message), secret).substr(0, 200);
  return body.empty() ? std::string("empty body") : "body: " + common::mask(body, secret).substr(0, 120);
}

}  // namespace

ApiClient::ApiClient(const SourceSettings& settings, std::shared_ptr<TokenProvider> tokens,
                     std::shared_ptr<RateLimiter> limiter, std::stop_token stop)
    : _settings(settings),
      _tokens(std::move(tokens)),
      _limiter(std::move(limiter)),
      _stop(std::move(stop)),
      _bounds{settings.max_attempts, settings.backoff_base, settings.backoff_max, settings.max_retry_after} {}

HttpResponse ApiClient::execute(const std::string& path_and_query, const std::string& what,
                                const std::function<bool(const HttpResponse&)>& accept,
                                const std::vector<int>& final_statuses) {
  using Clock = std::chrono::steady_clock;
  const auto endpoint = endpoint_of(path_and_query);
  std::string token;  // of the attempt under way: renewed on a 401, masked in error texts
  RetriedCall call;
  call.what = what;
  call.bounds = _bounds;
  call.attempt_timeout = _settings.request_timeout;
  call.deadline = Clock::now() + _settings.call_deadline;
  call.stop = _stop;
  call.may_renew_token = true;
  call.before_attempt = [&](HttpRequest& request) {
    if (!wait_until_or_stopped(_limiter->reserve(Clock::now()), _stop)) {
      throw SourceError(SourceErrorKind::cancelled, false, what + ": cancelled");
    }
    token = _tokens->token(call.deadline, _stop);
    _stats.token_fetches = _tokens->fetches();
    request.headers = {"Authorization: Bearer " + token, "Accept: application/json"};
  };
  call.accept = [&](const HttpResponse& response, AttemptOutcome& outcome) {
    ++_stats.requests;
    source_metrics().request(endpoint, response);
    if (response.too_large) {
      // The same answer would come again: not retried now, the next sweep tries again.
      ++_stats.invalid_bodies;
      throw SourceError(SourceErrorKind::bad_response, false,
                        fmt::format("{}: {} (FT_MAX_RESPONSE_BYTES)", what, response.error));
    }
    const bool final_status =
        std::find(final_statuses.begin(), final_statuses.end(), response.status) != final_statuses.end();
    if ((response.status >= 200 && response.status < 300) || final_status) {
      if (accept(response)) return true;
      outcome.body_invalid = true;
      ++_stats.invalid_bodies;
    }
    if (response.status == 429) ++_stats.status_429;
    if (response.status >= 500) ++_stats.status_5xx;
    if (response.timed_out || response.transport_error) ++_stats.timeouts;
    return false;
  };
  call.renew_token = [&] {
    _tokens->invalidate(token);
    ++_stats.token_renewals;
    source_metrics().token_renewal();
    spdlog::debug("source: {}: 401, renewing the token", what);
  };
  call.on_retry = [&](const HttpResponse& response, const AttemptOutcome& outcome,
                      const RetryDecision& decision, int attempt) {
    ++_stats.retries;
    const bool told_to_wait = response.status == 429 && outcome.retry_after;
    source_metrics().retry(endpoint, told_to_wait ? std::optional(decision.delay) : std::nullopt);
    // The quota is per application: every request waits, not only this one.
    if (told_to_wait) _limiter->pause_until(Clock::now() + decision.delay);
    spdlog::debug("source: {}: attempt {} got {}, retrying in {}ms", what, attempt, what_came(response),
                  decision.delay.count());
  };
  call.failure = [&](const HttpResponse& response, const AttemptOutcome& outcome,
                     const RetryDecision& decision, int attempt) {
    const auto kind = outcome.body_invalid     ? SourceErrorKind::bad_response
                      : response.timed_out     ? SourceErrorKind::timeout
                      : response.status == 0   ? SourceErrorKind::transport
                      : response.status == 401 ? SourceErrorKind::auth
                                               : SourceErrorKind::http;
    const std::string detail = response.status >= 400 ? ": " + api_error_text(response.body, token) : "";
    return SourceError(
        kind, decision.retryable_later,
        fmt::format("{}: gave up after {} attempt(s), last {}{}", what, attempt, what_came(response), detail),
        response.status);
  };
  HttpRequest request;
  request.url = _settings.api_url + path_and_query;
  request.connect_timeout = _settings.connect_timeout;
  request.max_body_bytes = _settings.max_response_bytes;
  return perform_with_retries(_http, std::move(request), call);
}

SearchPage ApiClient::search(const SearchQuery& query, int first, int last) {
  SearchPage result;
  const std::string what = fmt::format("search {} range {}-{}", query.describe(), first, last);
  execute("/offres/search?" + query.to_query_string(first, last), what, [&](const HttpResponse& r) {
    result = SearchPage{};
    result.status = r.status;
    const std::string range_header = r.header("content-range");
    if (!range_header.empty()) {
      if (const auto range = parse_content_range(range_header)) result.total = range->total;
      else spdlog::warn("source: {}: unreadable Content-Range '{}'", what, range_header.substr(0, 80));
    } else if (r.status == 206) {
      // Partial content without its count: the harvester can only guess whether more exists.
      ++_stats.missing_content_range;
      if (_stats.missing_content_range == 1 || _stats.missing_content_range % 100 == 0) {
        spdlog::warn("source: {}: HTTP 206 without Content-Range ({} so far): totals are guessed", what,
                     _stats.missing_content_range);
      }
    }
    // 204 (no result, or range past the end) has an empty body by contract.
    if (r.status == 204 || (r.body.empty() && r.status != 200 && r.status != 206)) return true;
    std::string error;
    auto page = _parser.parse_search(r.body, error);
    if (!page) {
      spdlog::warn("source: {}: HTTP {} {}", what, r.status, error);
      return false;
    }
    result.page = std::move(*page);
    return true;
  });
  for (const auto& bad : result.page.malformed) {
    ++_stats.malformed_items;
    spdlog::warn("source: malformed offer in {} (element {}, id '{}'): {}; text: {}", what, bad.index, bad.id,
                 bad.reason, bad.excerpt);
  }
  return result;
}

std::optional<OfferItem> ApiClient::offer(const std::string& id) {
  std::optional<OfferItem> found;
  const std::string what = "offer " + id;
  execute("/offres/" + percent_encode(id), what,
          [&](const HttpResponse& r) {
            found.reset();
            if (r.status != 200 && r.status != 206) return true;  // gone
            auto parsed = _parser.parse_offer(r.body);
            if (auto* item = std::get_if<OfferItem>(&parsed)) {
              found = std::move(*item);
              return true;
            }
            const auto& bad = std::get<MalformedItem>(parsed);
            spdlog::warn("source: {}: {}; text: {}", what, bad.reason, bad.excerpt);
            return false;
          },
          {204, 400, 404, 410});
  return found;
}

std::vector<ReferenceEntry> ApiClient::referentiel(const std::string& name) {
  std::vector<ReferenceEntry> entries;
  const std::string what = "referentiel " + name;
  execute("/referentiel/" + percent_encode(name), what, [&](const HttpResponse& r) {
    entries.clear();
    simdjson::dom::parser parser;
    simdjson::dom::array array;
    if (parser.parse(r.body).get(array)) {
      spdlog::warn("source: {}: not a JSON array", what);
      return false;
    }
    std::size_t index = 0;
    for (const auto element : array) {
      std::string_view code;
      std::string_view libelle;
      if (element["code"].get(code) || code.empty()) {
        spdlog::warn("source: {}: entry {} has no string code: {}", what, index, simdjson::minify(element));
      } else {
        if (element["libelle"].get(libelle)) libelle = {};
        entries.push_back({std::string(code), std::string(libelle), simdjson::minify(element)});
      }
      ++index;
    }
    return true;
  });
  return entries;
}

}  // namespace jobstream::source
