#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "web/live_figures.hpp"
#include "web/pipeline_probe.hpp"

namespace jobstream::web {

/// Everything /api/health reports, gathered by the server.
struct HealthReport {
  analytics::Timestamp checked_at{};
  LiveStatus live;
  std::string feed_phase;  ///< "loading", "following", ...
  std::string feed_error;  ///< the feed's last failure, empty when none
  std::optional<KafkaHealth> kafka;
  std::string kafka_error;  ///< why `kafka` is missing
};

/// The jobstream.health/1 document (keys in this order):
///   {"schema", "status": "ok"|"loading"|"degraded", "checked_at",
///    "engine": {"ready", "offers", "updated_at", "records_applied", "records_rejected", "feed",
///    "feed_error"}, "last_harvest", "kafka": {"topic", "group", "lag", "partitions": [{"partition",
///    "committed", "end", "lag"}],
///              "dead_letter_topic", "dead_letters"} | null,
///    "kafka_error"}
/// Instants are ISO-8601 UTC; unknown ones are null.
nlohmann::ordered_json to_json(const HealthReport& report);

}  // namespace jobstream::web
