#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kafka/group_lag.hpp"
#include "web/figures_snapshot.hpp"

namespace jobstream::web {

/// The pipeline `serve` is about to follow, as Kafka and Cassandra describe it now.
struct PipelineNow {
  std::uint32_t facts_version = 0;
  std::string keyspace, topic, table_id;
  std::vector<kafka::PartitionLag> partitions;  ///< with their low (start) and high (end) watermarks
};

/// Why a snapshot must not be trusted, in one line; nullopt when it may be. It may when it was
/// written by the same facts code for the same keyspace, topic and table (same id: not dropped and
/// created again), the topic has the same partitions, and on each one the saved position lies
/// between the low watermark (retention deleted no record the snapshot lacks) and the high one
/// (the topic was not deleted and created again behind our back).
std::optional<std::string> snapshot_refusal(const SnapshotMeta& saved, const PipelineNow& now);

}  // namespace jobstream::web
