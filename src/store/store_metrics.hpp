#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <chrono>

namespace jobstream::store {

/// The offer store's metrics (jobstream_store_*), declared on the process registry.
///
/// @locks thread-safe: writes start on the consumer's thread and finish on the CQL client's threads.
class StoreMetrics {
 public:
  StoreMetrics();

  /// A write sent to Cassandra (now in flight).
  void write_started();
  /// A write Cassandra answered (`ok`) or that failed after the client's own retries.
  void write_finished(bool ok, std::chrono::steady_clock::duration took);
  /// A record refused before any write (not a valid offer).
  void write_rejected();
  /// A write counted by write_started() that could not even be sent (no connection): no longer in flight.
  void write_unsent();

 private:
  prometheus::Family<prometheus::Counter>& _writes;
  prometheus::Histogram& _latency;
  prometheus::Gauge& _in_flight;
};

/// The process's one StoreMetrics.
StoreMetrics& store_metrics();

}  // namespace jobstream::store
