#include "pipeline/pipeline_metrics.hpp"

#include <fmt/format.h>

#include "common/metrics_registry.hpp"

namespace jobstream::pipeline {
namespace {

double now_seconds() { return common::unix_seconds(std::chrono::system_clock::now()); }

}  // namespace

PipelineMetrics::PipelineMetrics()
    : _delivered(common::single_counter("jobstream_kafka_deliveries_total",
                                        "Offer events Kafka acknowledged (acks=all) on the offers topic.")),
      _delivery_errors(common::single_counter(
          "jobstream_kafka_delivery_errors_total",
          "Offer events Kafka did not acknowledge in time (they are harvested again).")),
      _delivery_latency(
          common::histogram_family("jobstream_kafka_delivery_latency_seconds",
                                   "Time from producing an offer event to Kafka's acknowledgement.")
              .Add({}, common::exponential_buckets(0.001, 2.5, 12))),
      _unacknowledged_for(
          common::single_gauge("jobstream_kafka_unacknowledged_seconds",
                               "How long Kafka has acknowledged nothing while offer events wait (acks=all "
                               "not met: too few brokers or in-sync replicas); 0 while they flow.")),
      _assigned(common::single_gauge("jobstream_consumer_assigned_partitions",
                                     "Partitions of the offers topic assigned to this consumer.")),
      _rebalances(common::single_counter("jobstream_consumer_rebalances_total",
                                         "Partition assignments and revocations the consumer went through.")),
      _stored(common::single_counter("jobstream_consumer_offers_stored_total",
                                     "Offer records the store made durable (upserts and withdrawals).")),
      _dead_letters(common::counter_family(
          "jobstream_consumer_dead_letters_total",
          "Messages sent to the dead-letter topic, by reason (invalid_record, store_rejected).")),
      _store_retries(common::single_counter("jobstream_consumer_store_retries_total",
                                            "Store writes that failed and were retried with backoff.")),
      _store_failing_since(
          common::single_gauge("jobstream_consumer_store_failing_since_timestamp_seconds",
                               "When the store started failing (writes waiting for retries), in Unix "
                               "seconds; 0 while it answers.")),
      _commits(common::counter_family("jobstream_consumer_commits_total",
                                      "Offset commits of the consumer group, by result (ok, failed).")),
      _last_loop(common::single_gauge("jobstream_consumer_last_loop_timestamp_seconds",
                                      "When the consume loop last turned, in Unix seconds.")) {
  // Series that alerts read exist from the start, at zero.
  for (const auto* reason : {"invalid_record", "store_rejected"}) _dead_letters.Add({{"reason", reason}});
  for (const auto* result : {"ok", "failed"}) _commits.Add({{"result", result}});
}

void PipelineMetrics::delivered(std::chrono::milliseconds latency) {
  _delivered.Increment();
  _delivery_latency.Observe(std::chrono::duration<double>(latency).count());
}

void PipelineMetrics::delivery_failed() { _delivery_errors.Increment(); }

void PipelineMetrics::acknowledgements_stalled(std::chrono::seconds for_how_long) {
  _unacknowledged_for.Set(static_cast<double>(for_how_long.count()));
}

std::optional<std::string> PipelineMetrics::producer_not_ready(std::chrono::seconds stall) const {
  const double stalled = _unacknowledged_for.Value();
  if (stalled < static_cast<double>(stall.count())) return std::nullopt;
  return fmt::format(
      "Kafka has acknowledged nothing for {:.0f} s (acks=all: too few brokers or in-sync replicas); "
      "the harvest position is held",
      stalled);
}

void PipelineMetrics::assigned(std::size_t partitions) { _assigned.Set(static_cast<double>(partitions)); }
void PipelineMetrics::rebalance() { _rebalances.Increment(); }
void PipelineMetrics::stored() { _stored.Increment(); }

void PipelineMetrics::dead_letter(DeadLetterReason reason) {
  _dead_letters
      .Add({{"reason", reason == DeadLetterReason::invalid_record ? "invalid_record" : "store_rejected"}})
      .Increment();
}

void PipelineMetrics::store_retry() { _store_retries.Increment(); }

void PipelineMetrics::store_failing(bool failing) {
  if (!failing) {
    _store_failing_since.Set(0);
  } else if (_store_failing_since.Value() == 0) {
    _store_failing_since.Set(now_seconds());
  }
}

void PipelineMetrics::commit(bool ok) { _commits.Add({{"result", ok ? "ok" : "failed"}}).Increment(); }

void PipelineMetrics::consumer_loop() { _last_loop.Set(now_seconds()); }

std::optional<std::string> PipelineMetrics::consumer_not_ready(
    std::chrono::seconds stall, std::chrono::system_clock::time_point at) const {
  const double now = common::unix_seconds(at);
  const auto limit = static_cast<double>(stall.count());
  if (_last_loop.Value() == 0) return "not consuming yet";
  if (const double since = _store_failing_since.Value(); since > 0 && now - since > limit) {
    return fmt::format("store failing for {:.0f} s", now - since);
  }
  if (now - _last_loop.Value() > limit)
    return fmt::format("consume loop stalled for {:.0f} s", now - _last_loop.Value());
  if (_assigned.Value() == 0) return "no partition assigned";
  return std::nullopt;
}

PipelineMetrics& pipeline_metrics() {
  static PipelineMetrics metrics;
  return metrics;
}

}  // namespace jobstream::pipeline
