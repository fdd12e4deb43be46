#include "web/live_backend.hpp"

namespace jobstream::web {

LiveBackend::LiveBackend(LiveFigures& figures, const LiveFeed& feed, const kafka::KafkaSettings& kafka,
                         std::chrono::milliseconds probe_interval)
    : _figures(figures), _feed(feed), _kafka_settings(kafka), _probe_interval(probe_interval) {}

analytics::Figures LiveBackend::figures(const analytics::Filter& filter) { return _figures.query(filter); }

nlohmann::ordered_json LiveBackend::health() {
  HealthReport report;
  {
    std::lock_guard lock(_probe_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (!_probe || now - _probed_at >= _probe_interval) {
      try {
        if (!_probe) _probe = std::make_unique<PipelineProbe>(_kafka_settings);
        _kafka = _probe->check(std::chrono::seconds(2));
        _kafka_error.clear();
      } catch (const std::exception& e) {
        _kafka.reset();
        _kafka_error = e.what();
      }
      _probed_at = std::chrono::steady_clock::now();
    }
    report.kafka = _kafka;
    report.kafka_error = _kafka_error;
  }
  report.checked_at =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  report.live = _figures.status();
  std::tie(report.feed_phase, report.feed_error) = _feed.state();
  return to_json(report);
}

}  // namespace jobstream::web
