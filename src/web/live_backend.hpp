#pragma once

#include <chrono>
#include <mutex>
#include <optional>

#include "web/health_report.hpp"
#include "web/http_api.hpp"
#include "web/live_feed.hpp"
#include "web/live_figures.hpp"
#include "web/pipeline_probe.hpp"

namespace jobstream::web {

/// The API's backend in `jobstream serve`: figures from the live engine, health from the engine,
/// the feed and a Kafka probe. Kafka is asked at most once per `probe_interval`, however many
/// dashboards poll.
///
/// @locks figures(): the engine's shared lock only. health(): its own mutex around the probe.
class LiveBackend : public ApiBackend {
 public:
  LiveBackend(LiveFigures& figures, const LiveFeed& feed, const kafka::KafkaSettings& kafka,
              std::chrono::milliseconds probe_interval = std::chrono::seconds(1));

  analytics::Figures figures(const analytics::Filter& filter) override;
  nlohmann::ordered_json health() override;

 private:
  LiveFigures& _figures;
  const LiveFeed& _feed;
  kafka::KafkaSettings _kafka_settings;
  std::chrono::milliseconds _probe_interval;
  std::mutex _probe_mutex;
  std::unique_ptr<PipelineProbe> _probe;  // guarded by _probe_mutex; created on first use
  std::chrono::steady_clock::time_point _probed_at{};
  std::optional<KafkaHealth> _kafka;
  std::string _kafka_error;
};

}  // namespace jobstream::web
