#include "store/store_metrics.hpp"

#include "common/metrics_registry.hpp"

namespace jobstream::store {

StoreMetrics::StoreMetrics()
    : _writes(common::counter_family(
          "jobstream_store_writes_total",
          "Offer writes to Cassandra, by result (ok, failed: retried by the consumer, rejected: "
          "not a valid offer, unsent: no connection).")),
      _latency(common::histogram_family(
                   "jobstream_store_write_duration_seconds",
                   "Time from sending an offer write to Cassandra's answer (client retries included).")
                   .Add({}, common::exponential_buckets(0.0005, 2, 16))),
      _in_flight(common::single_gauge("jobstream_store_writes_in_flight",
                                      "Offer writes sent to Cassandra and not answered yet.")) {
  for (const auto* result : {"ok", "failed", "rejected", "unsent"}) _writes.Add({{"result", result}});
}

void StoreMetrics::write_started() { _in_flight.Increment(); }

void StoreMetrics::write_finished(bool ok, std::chrono::steady_clock::duration took) {
  _in_flight.Decrement();
  _latency.Observe(std::chrono::duration<double>(took).count());
  _writes.Add({{"result", ok ? "ok" : "failed"}}).Increment();
}

void StoreMetrics::write_rejected() { _writes.Add({{"result", "rejected"}}).Increment(); }
void StoreMetrics::write_unsent() {
  _in_flight.Decrement();
  _writes.Add({{"result", "unsent"}}).Increment();
}

StoreMetrics& store_metrics() {
  static StoreMetrics metrics;
  return metrics;
}

}  // namespace jobstream::store
