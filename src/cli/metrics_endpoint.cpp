#include "cli/metrics_endpoint.hpp"

#include "common/metrics_registry.hpp"
#include "common/version.hpp"
#include "kafka/kafka_metrics.hpp"
#include "pipeline/offer_publisher.hpp"
#include "pipeline/pipeline_metrics.hpp"
#include "source/source_metrics.hpp"

namespace jobstream::cli {
namespace {

// How long the consume loop may not turn, or the store keep failing, before the consumer stops
// being ready: longer than a rebalance's drain (30 s), shorter than an orchestrator's patience.
constexpr std::chrono::seconds consumer_stall{60};

}  // namespace

void add_metrics_option(CLI::App& command, MetricsOption& option) {
  command
      .add_option(
          "--metrics-port", option.port,
          "Serve /metrics, /healthz and /readyz on this port (JOBSTREAM_METRICS_PORT; 0: any free port)")
      ->check(CLI::Range(0, 65535));
}

std::unique_ptr<common::MetricsServer> start_metrics_endpoint(const MetricsOption& option,
                                                              common::MetricsSettings settings,
                                                              const common::Readiness& readiness,
                                                              const char* command) {
  if (option.port) settings.port = option.port;
  if (!settings.port) return nullptr;
  common::gauge_family("jobstream_build_info",
                       "Always 1: the jobstream version and the command this process runs.")
      .Add({{"version", version}, {"command", command}})
      .Set(1);
  return std::make_unique<common::MetricsServer>(settings, readiness);
}

void add_producer_readiness(common::Readiness& readiness) {
  readiness.add("kafka", []() -> std::optional<std::string> {
    const auto up = kafka::brokers_up("jobstream-producer");
    if (!up) return "no report from the Kafka producer yet";
    if (*up == 0) return "no Kafka broker reachable";
    return std::nullopt;
  });
  readiness.add("kafka acknowledgements", [] {
    return pipeline::pipeline_metrics().producer_not_ready(pipeline::acknowledgement_stall);
  });
  readiness.add("harvest", []() -> std::optional<std::string> {
    if (source::source_metrics().last_cycle_failed()) return "the last harvest cycle was incomplete";
    return std::nullopt;
  });
}

void add_consumer_readiness(common::Readiness& readiness) {
  readiness.add("consumer", [] { return pipeline::pipeline_metrics().consumer_not_ready(consumer_stall); });
}

}  // namespace jobstream::cli
