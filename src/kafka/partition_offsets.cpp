#include "kafka/partition_offsets.hpp"

#include <algorithm>

namespace jobstream::kafka {

void PartitionOffsets::start(std::int32_t partition, std::int64_t offset) {
  auto& p = _partitions[partition];
  p.unfinished.insert(offset);
  p.next = std::max(p.next, offset + 1);
}

void PartitionOffsets::finish(std::int32_t partition, std::int64_t offset) {
  const auto it = _partitions.find(partition);
  if (it != _partitions.end()) it->second.unfinished.erase(offset);
}

std::optional<std::int64_t> PartitionOffsets::committable(std::int32_t partition) const {
  const auto it = _partitions.find(partition);
  if (it == _partitions.end() || it->second.next < 0) return std::nullopt;
  const auto& p = it->second;
  return p.unfinished.empty() ? p.next : *p.unfinished.begin();
}

std::map<std::int32_t, std::int64_t> PartitionOffsets::uncommitted() const {
  std::map<std::int32_t, std::int64_t> out;
  for (const auto& [partition, p] : _partitions) {
    const auto c = committable(partition);
    if (c && *c > p.committed) out.emplace(partition, *c);
  }
  return out;
}

void PartitionOffsets::mark_committed(std::int32_t partition, std::int64_t offset) {
  const auto it = _partitions.find(partition);
  if (it != _partitions.end()) it->second.committed = std::max(it->second.committed, offset);
}

void PartitionOffsets::forget_commits() {
  for (auto& [partition, p] : _partitions) p.committed = -1;
}

std::size_t PartitionOffsets::in_flight() const {
  std::size_t n = 0;
  for (const auto& [partition, p] : _partitions) n += p.unfinished.size();
  return n;
}

std::size_t PartitionOffsets::in_flight(std::int32_t partition) const {
  const auto it = _partitions.find(partition);
  return it == _partitions.end() ? 0 : it->second.unfinished.size();
}

void PartitionOffsets::drop(std::int32_t partition) { _partitions.erase(partition); }

}  // namespace jobstream::kafka
