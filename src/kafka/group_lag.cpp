#include "kafka/group_lag.hpp"

#include <numeric>

#include "kafka/kafka_client.hpp"

namespace jobstream::kafka {

std::vector<std::int32_t> partitions_of(rd_kafka_t* client, const std::string& topic,
                                        std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* raw = nullptr;
  TopicPtr handle(rd_kafka_topic_new(client, topic.c_str(), nullptr));
  const auto err = rd_kafka_metadata(client, 0, handle.get(), &raw, static_cast<int>(timeout.count()));
  MetadataPtr md(raw);
  if (err) throw KafkaError("reading the metadata of " + topic, err);
  std::vector<std::int32_t> ids;
  if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < md->topics[0].partition_cnt; ++i) ids.push_back(md->topics[0].partitions[i].id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<PartitionLag> read_group_lag(rd_kafka_t* client, const std::string& topic,
                                         std::chrono::milliseconds timeout) {
  const auto ids = partitions_of(client, topic, timeout);
  if (ids.empty()) return {};
  const int ms = static_cast<int>(timeout.count());
  PartitionListPtr committed(rd_kafka_topic_partition_list_new(static_cast<int>(ids.size())));
  for (auto id : ids) rd_kafka_topic_partition_list_add(committed.get(), topic.c_str(), id);
  if (const auto err = rd_kafka_committed(client, committed.get(), ms)) {
    throw KafkaError("reading the committed offsets of the group on " + topic, err);
  }
  PartitionListPtr ends(rd_kafka_topic_partition_list_copy(committed.get()));
  PartitionListPtr starts(rd_kafka_topic_partition_list_copy(committed.get()));
  for (int i = 0; i < ends->cnt; ++i) {
    ends->elems[i].offset = RD_KAFKA_OFFSET_END;
    starts->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  if (const auto err = rd_kafka_offsets_for_times(client, ends.get(), ms)) {
    throw KafkaError("reading the end offsets of " + topic, err);
  }
  if (const auto err = rd_kafka_offsets_for_times(client, starts.get(), ms)) {
    throw KafkaError("reading the start offsets of " + topic, err);
  }
  std::vector<PartitionLag> out;
  for (int i = 0; i < committed->cnt; ++i) {
    PartitionLag p;
    p.partition = committed->elems[i].partition;
    p.committed = committed->elems[i].offset >= 0 ? committed->elems[i].offset : -1;
    const auto* end = rd_kafka_topic_partition_list_find(ends.get(), topic.c_str(), p.partition);
    const auto* start = rd_kafka_topic_partition_list_find(starts.get(), topic.c_str(), p.partition);
    if (!end || end->err || end->offset < 0 || !start || start->err || start->offset < 0) {
      throw KafkaError("no start or end offset for " + topic + " partition " + std::to_string(p.partition),
                       end && end->err       ? end->err
                       : start && start->err ? start->err
                                             : RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION);
    }
    p.end = end->offset;
    p.start = start->offset;
    out.push_back(p);
  }
  return out;
}

std::int64_t total_lag(const std::vector<PartitionLag>& partitions) {
  return std::accumulate(partitions.begin(), partitions.end(), std::int64_t{0},
                         [](std::int64_t sum, const PartitionLag& p) { return sum + p.lag(); });
}

}  // namespace jobstream::kafka
