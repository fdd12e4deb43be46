#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string_view>

#include "source/api_time.hpp"
#include "source/harvester.hpp"
#include "source/http_client.hpp"
#include "source/source_settings.hpp"

namespace jobstream::source {

/// The France Travail endpoints a request goes to (the `endpoint` label).
enum class ApiEndpoint { search, offer, referentiel, token };
/// A harvest cycle (the `cycle` label).
enum class HarvestCycle { sweep, poll };

/// The endpoint of an API path ("/offres/search?...", "/offres/{id}", "/referentiel/{name}").
ApiEndpoint endpoint_of(std::string_view path_and_query);
/// The `outcome` label of one answer: 2xx (200 and other successes), 204, 206, 400, 401, 403, 404,
/// 429, other_4xx, 5xx, timeout, transport_error. A fixed set, whatever the server sends.
std::string_view outcome_of(const HttpResponse& response);

/// The source stage's metrics (jobstream_api_*, jobstream_harvest_*), declared on the process
/// registry. Each method is one increment at a call site of the API client or the harvester.
///
/// @locks thread-safe (prometheus-cpp metrics are atomics; label lookups take the family's lock).
class SourceMetrics {
 public:
  SourceMetrics();

  /// One API attempt and its answer (retries are attempts too).
  void request(ApiEndpoint endpoint, const HttpResponse& response);
  /// A retry decided after an attempt; `retry_after` when the server's Retry-After set the wait.
  void retry(ApiEndpoint endpoint, std::optional<std::chrono::milliseconds> retry_after);
  /// A 401 answered by fetching a new token.
  void token_renewal();
  /// A finished sweep or poll: its events, slices, duration and result.
  void cycle(HarvestCycle cycle, const HarvestReport& report);
  /// The harvest watermark once acknowledged (what the next checkpoint persists).
  void watermark(std::optional<Seconds> watermark);
  /// The configured sweep and poll intervals, so alert rules can compare ages with them.
  void intervals(const SourceSettings& settings);
  /// Whether the last finished cycle was incomplete (false before the first one ends).
  bool last_cycle_failed() const { return _last_failed.load(); }

 private:
  std::atomic<bool> _last_failed{false};
  prometheus::Family<prometheus::Counter>& _requests;
  prometheus::Family<prometheus::Counter>& _retries;
  prometheus::Counter& _retry_after_waits;
  prometheus::Counter& _retry_after_seconds;
  prometheus::Counter& _token_renewals;
  prometheus::Family<prometheus::Counter>& _offers;
  prometheus::Counter& _slices;
  prometheus::Counter& _best_effort_slices;
  prometheus::Counter& _failed_slices;
  prometheus::Family<prometheus::Counter>& _cycles;
  prometheus::Family<prometheus::Histogram>& _cycle_seconds;
  prometheus::Family<prometheus::Gauge>& _last_complete;
  prometheus::Gauge& _last_cycle_success;
  prometheus::Gauge& _watermark;
  prometheus::Family<prometheus::Gauge>& _intervals;
};

/// The process's one SourceMetrics.
SourceMetrics& source_metrics();

}  // namespace jobstream::source
