#include "web/snapshot_trust.hpp"

#include <fmt/format.h>

namespace jobstream::web {

std::optional<std::string> snapshot_refusal(const SnapshotMeta& saved, const PipelineNow& now) {
  if (saved.facts_version != now.facts_version) {
    return fmt::format("it holds facts of version {}, this build makes version {}", saved.facts_version,
                       now.facts_version);
  }
  if (saved.keyspace != now.keyspace) {
    return fmt::format("it was taken from keyspace '{}', not '{}'", saved.keyspace, now.keyspace);
  }
  if (saved.topic != now.topic)
    return fmt::format("it followed topic '{}', not '{}'", saved.topic, now.topic);
  if (saved.table_id != now.table_id) {
    return fmt::format(
        "the table {}.offers has id {}, the snapshot was taken from id {} (dropped and created again?)",
        now.keyspace, now.table_id.empty() ? "(none)" : now.table_id, saved.table_id);
  }
  if (saved.positions.size() != now.partitions.size()) {
    return fmt::format("the topic {} has {} partitions, the snapshot knew {}", now.topic,
                       now.partitions.size(), saved.positions.size());
  }
  for (const auto& p : now.partitions) {
    const TopicPosition* at = nullptr;
    for (const auto& s : saved.positions) {
      if (s.partition == p.partition) at = &s;
    }
    if (!at) return fmt::format("partition {} of {} is not in the snapshot", p.partition, now.topic);
    if (p.start > at->next) {
      return fmt::format(
          "partition {} of {} starts at offset {} (retention deleted records), the snapshot stopped at {}",
          p.partition, now.topic, p.start, at->next);
    }
    if (p.end < at->next) {
      return fmt::format(
          "partition {} of {} ends at offset {}, before the snapshot's {} (topic created again?)",
          p.partition, now.topic, p.end, at->next);
    }
  }
  return std::nullopt;
}

}  // namespace jobstream::web
