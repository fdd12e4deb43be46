#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

namespace jobstream::kafka {

/// Where a consumer group stands on one partition.
struct PartitionLag {
  std::int32_t partition = 0;
  std::int64_t committed = -1;  ///< the group's next offset to read; -1 when it committed nothing
  std::int64_t start = 0;       ///< low watermark
  std::int64_t end = 0;         ///< high watermark
  /// end minus committed; with nothing committed the group starts from the beginning
  /// (auto.offset.reset=earliest), so end minus start.
  std::int64_t lag() const { return std::max<std::int64_t>(0, end - (committed >= 0 ? committed : start)); }
};

/// Partition ids of `topic`, sorted; empty when the topic does not exist. Throws KafkaError when
/// Kafka does not answer within `timeout`.
std::vector<std::int32_t> partitions_of(rd_kafka_t* client, const std::string& topic,
                                        std::chrono::milliseconds timeout);

/// The lag of `client`'s consumer group (its group.id) on every partition of `topic`: committed
/// offsets in one request, start and end offsets in one batch of ListOffsets requests (one query
/// per partition would wait behind a consumer's long-polling fetch on the same connection). Empty
/// when the topic does not exist. Throws KafkaError when Kafka does not answer within `timeout`
/// (per request).
std::vector<PartitionLag> read_group_lag(rd_kafka_t* client, const std::string& topic,
                                         std::chrono::milliseconds timeout);

std::int64_t total_lag(const std::vector<PartitionLag>& partitions);

}  // namespace jobstream::kafka
