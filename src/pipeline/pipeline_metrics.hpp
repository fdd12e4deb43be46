#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <chrono>
#include <optional>
#include <string>

namespace jobstream::pipeline {

/// Why a message went to the dead-letter topic (the `reason` label): a fixed set.
enum class DeadLetterReason { invalid_record, store_rejected };

/// The producer's and consumer's metrics (jobstream_kafka_deliver*, jobstream_consumer_*), declared
/// on the process registry; each method is one increment at a call site.
///
/// @locks thread-safe: delivery reports call in from librdkafka's threads.
class PipelineMetrics {
 public:
  PipelineMetrics();

  /// A delivery report of the offers topic: acknowledged, or failed; `latency` from the message's
  /// creation to the report.
  void delivered(std::chrono::milliseconds latency);
  void delivery_failed();
  /// How long Kafka has acknowledged nothing while offer events wait (0 while they flow).
  void acknowledgements_stalled(std::chrono::seconds for_how_long);
  /// Readiness of the producer's Kafka side: nullopt unless Kafka has acknowledged nothing for
  /// `stall` or longer while events wait (acks=all cannot be met); else why.
  std::optional<std::string> producer_not_ready(std::chrono::seconds stall) const;

  /// The consumer's partitions after a rebalance.
  void assigned(std::size_t partitions);
  void rebalance();
  /// An offer the store made durable.
  void stored();
  void dead_letter(DeadLetterReason reason);
  /// A store write that failed and waits for a retry.
  void store_retry();
  /// Whether the store is failing now (writes waiting for retries).
  void store_failing(bool failing);
  void commit(bool ok);
  /// The consume loop turned (liveness of the consumer: a stalled loop stops updating it).
  void consumer_loop();

  /// Readiness of the consumer: nullopt when it holds partitions, its loop turns and the store
  /// answers; else why not. `stall` is how long the loop or a failing store may take.
  std::optional<std::string> consumer_not_ready(
      std::chrono::seconds stall,
      std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;

 private:
  prometheus::Counter& _delivered;
  prometheus::Counter& _delivery_errors;
  prometheus::Histogram& _delivery_latency;
  prometheus::Gauge& _unacknowledged_for;
  prometheus::Gauge& _assigned;
  prometheus::Counter& _rebalances;
  prometheus::Counter& _stored;
  prometheus::Family<prometheus::Counter>& _dead_letters;
  prometheus::Counter& _store_retries;
  prometheus::Gauge& _store_failing_since;
  prometheus::Family<prometheus::Counter>& _commits;
  prometheus::Gauge& _last_loop;
};

/// The process's one PipelineMetrics.
PipelineMetrics& pipeline_metrics();

}  // namespace jobstream::pipeline
