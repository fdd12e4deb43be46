#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "source/http_client.hpp"
#include "source/page_parser.hpp"
#include "source/rate_limiter.hpp"
#include "source/retry_policy.hpp"
#include "source/search_query.hpp"
#include "source/source_settings.hpp"
#include "source/token_provider.hpp"

namespace jobstream::source {

/// One search answer, 200/206/204 alike.
struct SearchPage {
  int status = 0;
  std::optional<std::int64_t>
      total;  ///< from Content-Range; nullopt when the header was absent or unreadable
  ParsedPage page;
};

/// One entry of a `/referentiel/{name}` list.
struct ReferenceEntry {
  std::string code;
  std::string libelle;
  std::string raw_json;  ///< the whole entry (communes carry more keys)
};

/// Counters of the API boundary (monotonic).
struct ApiStats {
  std::int64_t requests = 0;  ///< API attempts sent (token requests not included)
  std::int64_t token_fetches = 0;
  std::int64_t retries = 0;
  std::int64_t status_429 = 0;
  std::int64_t status_5xx = 0;
  std::int64_t timeouts = 0;        ///< timeouts and transport errors
  std::int64_t invalid_bodies = 0;  ///< 2xx answers that were not the promised JSON
  std::int64_t token_renewals = 0;  ///< 401s answered by renewing the token
  std::int64_t malformed_items = 0;
  std::int64_t missing_content_range = 0;  ///< 206 answers without a Content-Range
};

/// The France Travail "Offres d'emploi v2" client: token, pacing, retries, deadlines, parsing.
/// Every call either returns a usable answer or throws SourceError after bounded retries.
/// Not thread-safe (one HTTP handle); share the RateLimiter and TokenProvider between instances.
class ApiClient {
 public:
  ApiClient(const SourceSettings& settings, std::shared_ptr<TokenProvider> tokens,
            std::shared_ptr<RateLimiter> limiter, std::stop_token stop = {});

  /// GET /offres/search with `range=first-last`.
  SearchPage search(const SearchQuery& query, int first, int last);
  /// GET /offres/{id}: the offer, or nullopt when the API says it no longer exists
  /// (204, 400, 404 or 410: contract §3 reports 400 for expired ids).
  std::optional<OfferItem> offer(const std::string& id);
  /// GET /referentiel/{name}.
  std::vector<ReferenceEntry> referentiel(const std::string& name);

  const ApiStats& stats() const { return _stats; }

 private:
  // Sends with pacing, token and retries. `accept` parses a 2xx (or a final non-2xx listed in
  // `final_statuses`) and returns false when the body is unusable (then retried).
  HttpResponse execute(const std::string& path_and_query, const std::string& what,
                       const std::function<bool(const HttpResponse&)>& accept,
                       const std::vector<int>& final_statuses = {});

  const SourceSettings& _settings;
  std::shared_ptr<TokenProvider> _tokens;
  std::shared_ptr<RateLimiter> _limiter;
  std::stop_token _stop;
  HttpClient _http;
  PageParser _parser;
  RetryBounds _bounds;
  ApiStats _stats;
};

}  // namespace jobstream::source
