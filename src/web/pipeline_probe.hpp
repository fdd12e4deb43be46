#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kafka/group_lag.hpp"
#include "kafka/kafka_client.hpp"
#include "kafka/kafka_settings.hpp"

namespace jobstream::web {

using kafka::PartitionLag;

/// The pipeline seen from Kafka: the consumer group's lag and the dead-letter topic's size.
struct KafkaHealth {
  std::string topic, group, dead_letter_topic;
  bool topic_exists = false;
  std::vector<PartitionLag> partitions;
  std::int64_t dead_letters = 0;  ///< messages held by the dead-letter topic (end minus start, summed)
  std::int64_t total_lag() const;
};

/// Reads the consumer group's committed offsets and the topics' watermarks. Uses a client of its
/// own that carries the group's id only to fetch its commits: it never joins the group, never
/// commits, never consumes.
///
/// @locality any thread, one call at a time (callers serialize).
class PipelineProbe {
 public:
  explicit PipelineProbe(const kafka::KafkaSettings& settings);
  /// Throws kafka::KafkaError when Kafka does not answer within `timeout` (per request).
  KafkaHealth check(std::chrono::milliseconds timeout);

 private:
  kafka::KafkaSettings _settings;
  kafka::KafkaPtr _client;
};

}  // namespace jobstream::web
