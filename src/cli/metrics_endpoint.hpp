#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>

#include "common/metrics_server.hpp"
#include "common/readiness.hpp"

namespace jobstream::cli {

/// `--metrics-port` of a long-running command (overrides JOBSTREAM_METRICS_PORT).
struct MetricsOption {
  std::optional<int> port;
};
void add_metrics_option(CLI::App& command, MetricsOption& option);

/// Starts the metrics endpoint (/metrics, /healthz, /readyz) when JOBSTREAM_METRICS_PORT or
/// --metrics-port is set, on JOBSTREAM_METRICS_HOST (127.0.0.1); nullptr when neither is set.
/// `settings` were read with the command's other settings. Start it before connecting anything,
/// so that probes answer (not ready) during start-up.
std::unique_ptr<common::MetricsServer> start_metrics_endpoint(const MetricsOption& option,
                                                              common::MetricsSettings settings,
                                                              const common::Readiness& readiness,
                                                              const char* command);

/// The producer is ready when its Kafka client reaches a broker, Kafka acknowledges what waits
/// (acks=all met), and the last harvest cycle was complete (or none has ended yet).
void add_producer_readiness(common::Readiness& readiness);
/// The consumer is ready when it holds partitions, its loop turns and the store answers.
void add_consumer_readiness(common::Readiness& readiness);

}  // namespace jobstream::cli
