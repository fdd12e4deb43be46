#include "web/health_report.hpp"

namespace jobstream::web {
namespace {

nlohmann::ordered_json instant(const std::optional<analytics::Timestamp>& t) {
  return t ? nlohmann::ordered_json(analytics::format_timestamp(*t)) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

}  // namespace

nlohmann::ordered_json to_json(const HealthReport& report) {
  nlohmann::ordered_json doc;
  doc["schema"] = "jobstream.health/1";
  const bool degraded = !report.kafka || !report.feed_error.empty();
  doc["status"] = !report.live.snapshot_loaded ? "loading" : degraded ? "degraded" : "ok";
  doc["checked_at"] = analytics::format_timestamp(report.checked_at);

  auto& engine = doc["engine"];
  engine["ready"] = report.live.snapshot_loaded;
  engine["offers"] = report.live.offers;
  engine["updated_at"] = instant(report.live.updated_at);
  engine["records_applied"] = report.live.records_applied;
  engine["records_rejected"] = report.live.records_rejected;
  engine["feed"] = report.feed_phase;
  engine["feed_error"] = text_or_null(report.feed_error);

  doc["last_harvest"] = instant(report.live.last_harvested_at);
  if (report.kafka) {
    const auto& k = *report.kafka;
    auto& kafka = doc["kafka"];
    kafka["topic"] = k.topic;
    kafka["group"] = k.group;
    kafka["lag"] = k.total_lag();
    kafka["partitions"] = nlohmann::ordered_json::array();
    for (const auto& p : k.partitions) {
      nlohmann::ordered_json part;
      part["partition"] = p.partition;
      part["committed"] =
          p.committed >= 0 ? nlohmann::ordered_json(p.committed) : nlohmann::ordered_json(nullptr);
      part["end"] = p.end;
      part["lag"] = p.lag();
      kafka["partitions"].push_back(std::move(part));
    }
    kafka["dead_letter_topic"] = k.dead_letter_topic;
    kafka["dead_letters"] = k.dead_letters;
  } else {
    doc["kafka"] = nullptr;
  }
  doc["kafka_error"] = text_or_null(report.kafka_error);
  return doc;
}

}  // namespace jobstream::web
