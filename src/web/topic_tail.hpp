#pragma once

#include <chrono>
#include <functional>
#include <stop_token>
#include <vector>

#include "kafka/kafka_client.hpp"
#include "kafka/kafka_settings.hpp"
#include "web/figures_snapshot.hpp"
#include "web/live_figures.hpp"
#include "web/pipeline_probe.hpp"

namespace jobstream::web {

/// Reads the offers topic from given offsets and applies every record to the live figures. It
/// assign()s the partitions itself: no group membership, no commits, so it never disturbs the
/// pipeline's consumer group. Records are applied in batches (one exclusive lock per batch).
///
/// @locality run() on the feed's thread.
class TopicTail {
 public:
  /// Called after each batch is applied (an empty one too, every poll interval) with the position
  /// reached on every partition, and once more with `last` set when the tail stops.
  enum class Last : bool { no, yes };
  using BatchDone = std::function<void(const std::vector<TopicPosition>& positions, Last last)>;

  TopicTail(const kafka::KafkaSettings& settings, LiveFigures& figures);

  /// Reads each partition of `from` starting at its committed offset (its start when the group
  /// committed nothing there) until `stop`.
  void run(std::stop_token stop, const std::vector<PartitionLag>& from, const BatchDone& on_batch = {});

 private:
  kafka::KafkaSettings _settings;
  LiveFigures& _figures;
  kafka::KafkaPtr _consumer;
};

}  // namespace jobstream::web
