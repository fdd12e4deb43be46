#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>

namespace jobstream::kafka {

/// Offset bookkeeping for the partitions a consumer holds. Messages are started in offset order
/// (as Kafka delivers them) and finished in any order (writes complete out of order); the offset
/// that may be committed for a partition is the lowest one not finished yet, so a commit never
/// covers a message whose write is still in flight. Pure: no I/O, not thread-safe.
class PartitionOffsets {
 public:
  /// A message was handed out for processing.
  void start(std::int32_t partition, std::int64_t offset);
  /// Its processing is durable. Unknown offsets (e.g. of a revoked partition) are ignored.
  void finish(std::int32_t partition, std::int64_t offset);

  /// The next offset to commit for `partition` (Kafka's "next message to read"), or nullopt when
  /// nothing was started there. Lower than every unfinished offset.
  std::optional<std::int64_t> committable(std::int32_t partition) const;
  /// Every partition's committable offset that moved since the last `mark_committed`.
  std::map<std::int32_t, std::int64_t> uncommitted() const;
  void mark_committed(std::int32_t partition, std::int64_t offset);
  /// Every partition's committable offset counts as uncommitted again: for when the group's
  /// committed offsets lag what was marked here (a commit the coordinator acknowledged and then
  /// lost), so the next commit sends them all once more. Committing an offset twice is harmless.
  void forget_commits();

  std::size_t in_flight() const;
  std::size_t in_flight(std::int32_t partition) const;
  /// Forget a partition (revoked): later finishes for it are ignored.
  void drop(std::int32_t partition);

 private:
  struct Partition {
    std::int64_t next = -1;  // one past the highest started offset
    std::set<std::int64_t> unfinished;
    std::int64_t committed = -1;
  };
  std::map<std::int32_t, Partition> _partitions;
};

}  // namespace jobstream::kafka
