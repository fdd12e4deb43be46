#include "source/source_metrics.hpp"

#include "common/metrics_registry.hpp"

namespace jobstream::source {
namespace {

const char* endpoint_label(ApiEndpoint e) {
  switch (e) {
    case ApiEndpoint::search:
      return "search";
    case ApiEndpoint::offer:
      return "offer";
    case ApiEndpoint::referentiel:
      return "referentiel";
    case ApiEndpoint::token:
      return "token";
  }
  return "search";
}

const char* cycle_label(HarvestCycle c) { return c == HarvestCycle::sweep ? "sweep" : "poll"; }

double seconds_of(std::chrono::milliseconds d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

ApiEndpoint endpoint_of(std::string_view path) {
  if (path.starts_with("/offres/search")) return ApiEndpoint::search;
  if (path.starts_with("/referentiel/")) return ApiEndpoint::referentiel;
  return ApiEndpoint::offer;
}

std::string_view outcome_of(const HttpResponse& r) {
  if (r.timed_out) return "timeout";
  if (r.status == 0) return "transport_error";
  switch (r.status) {
    case 204:
      return "204";
    case 206:
      return "206";
    case 400:
      return "400";
    case 401:
      return "401";
    case 403:
      return "403";
    case 404:
      return "404";
    case 429:
      return "429";
    default:
      break;
  }
  if (r.status >= 200 && r.status < 300) return "2xx";
  if (r.status >= 500) return "5xx";
  return "other_4xx";  // 1xx and 3xx never reach here: libcurl follows no redirect and reads past 100
}

SourceMetrics::SourceMetrics()
    : _requests(common::counter_family(
          "jobstream_api_requests_total",
          "France Travail API requests sent (every attempt), by endpoint and outcome.")),
      _retries(common::counter_family(
          "jobstream_api_retries_total",
          "API attempts retried after a retryable answer (429, 5xx, timeout, bad body), by endpoint.")),
      _retry_after_waits(common::single_counter("jobstream_api_retry_after_waits_total",
                                                "Retries whose wait the server's Retry-After header set.")),
      _retry_after_seconds(
          common::single_counter("jobstream_api_retry_after_wait_seconds_total",
                                 "Time spent waiting as the server's Retry-After header asked.")),
      _token_renewals(
          common::single_counter("jobstream_api_token_renewals_total",
                                 "401 answers of the API answered by fetching a new access token.")),
      _offers(common::counter_family(
          "jobstream_harvest_offers_total",
          "Offer events harvested, by kind (new, updated, withdrawn, malformed); added when a "
          "sweep or poll ends.")),
      _slices(common::single_counter("jobstream_harvest_slices_total", "Creation-date slices harvested.")),
      _best_effort_slices(
          common::single_counter("jobstream_harvest_best_effort_slices_total",
                                 "One-second slices still over the API's result cap (possibly incomplete).")),
      _failed_slices(common::single_counter(
          "jobstream_harvest_failed_slices_total",
          "Slices abandoned after bounded retries (their offers wait for the next cycle).")),
      _cycles(common::counter_family(
          "jobstream_harvest_cycles_total",
          "Harvest cycles finished, by cycle (sweep, poll) and result (complete, incomplete).")),
      _cycle_seconds(common::histogram_family("jobstream_harvest_cycle_duration_seconds",
                                              "Duration of harvest cycles, by cycle (sweep, poll).")),
      _last_complete(common::gauge_family(
          "jobstream_harvest_last_complete_cycle_timestamp_seconds",
          "When the last complete cycle ended, by cycle (sweep, poll), in Unix seconds.")),
      _last_cycle_success(
          common::single_gauge("jobstream_harvest_last_cycle_success",
                               "1 when the last sweep or poll was complete, 0 when it was not.")),
      _watermark(common::single_gauge(
          "jobstream_harvest_watermark_timestamp_seconds",
          "The persisted harvest watermark (creation time harvested and acknowledged up to), "
          "in Unix seconds.")),
      _intervals(common::gauge_family("jobstream_harvest_interval_seconds",
                                      "The configured interval between cycles, by cycle (sweep, poll).")) {
  // Series that alerts read exist from the start, at zero.
  for (const auto* endpoint : {"search", "offer", "referentiel", "token"}) {
    _requests.Add({{"endpoint", endpoint}, {"outcome", "2xx"}});
    _requests.Add({{"endpoint", endpoint}, {"outcome", "429"}});
    _retries.Add({{"endpoint", endpoint}});
  }
  for (const auto* kind : {"new", "updated", "withdrawn", "malformed"}) _offers.Add({{"kind", kind}});
}

void SourceMetrics::request(ApiEndpoint endpoint, const HttpResponse& response) {
  _requests.Add({{"endpoint", endpoint_label(endpoint)}, {"outcome", std::string(outcome_of(response))}})
      .Increment();
}

void SourceMetrics::retry(ApiEndpoint endpoint, std::optional<std::chrono::milliseconds> retry_after) {
  _retries.Add({{"endpoint", endpoint_label(endpoint)}}).Increment();
  if (retry_after) {
    _retry_after_waits.Increment();
    _retry_after_seconds.Increment(seconds_of(*retry_after));
  }
}

void SourceMetrics::token_renewal() { _token_renewals.Increment(); }

void SourceMetrics::cycle(HarvestCycle cycle, const HarvestReport& report) {
  const auto add = [](prometheus::Counter& c, std::int64_t n) {
    if (n > 0) c.Increment(static_cast<double>(n));
  };
  add(_offers.Add({{"kind", "new"}}), report.created);
  add(_offers.Add({{"kind", "updated"}}), report.updated);
  add(_offers.Add({{"kind", "withdrawn"}}), report.withdrawn);
  add(_offers.Add({{"kind", "malformed"}}), report.malformed);
  add(_slices, report.slices);
  add(_best_effort_slices, report.best_effort_slices);
  add(_failed_slices, report.failed_slices);
  const char* name = cycle_label(cycle);
  _cycles.Add({{"cycle", name}, {"result", report.complete ? "complete" : "incomplete"}}).Increment();
  // Sweeps take minutes to hours, polls seconds: one set of buckets from 1 s to about 9 h.
  _cycle_seconds.Add({{"cycle", name}}, common::exponential_buckets(1, 2.5, 12)).Observe(report.seconds);
  _last_cycle_success.Set(report.complete ? 1 : 0);
  _last_failed = !report.complete;
  if (report.complete)
    _last_complete.Add({{"cycle", name}}).Set(common::unix_seconds(std::chrono::system_clock::now()));
}

void SourceMetrics::watermark(std::optional<Seconds> watermark) {
  if (watermark) _watermark.Set(common::unix_seconds(*watermark));
}

void SourceMetrics::intervals(const SourceSettings& settings) {
  _intervals.Add({{"cycle", "sweep"}}).Set(seconds_of(settings.full_sweep_interval));
  _intervals.Add({{"cycle", "poll"}}).Set(seconds_of(settings.poll_interval));
}

SourceMetrics& source_metrics() {
  static SourceMetrics metrics;
  return metrics;
}

}  // namespace jobstream::source
