#include "web/pipeline_probe.hpp"

#include <algorithm>
#include <numeric>

namespace jobstream::web {

std::int64_t KafkaHealth::total_lag() const {
  return std::accumulate(partitions.begin(), partitions.end(), std::int64_t{0},
                         [](std::int64_t sum, const PartitionLag& p) { return sum + p.lag(); });
}

PipelineProbe::PipelineProbe(const pipeline::KafkaSettings& settings) : _settings(settings) {
  _client = kafka::make_kafka_client(RD_KAFKA_CONSUMER, kafka::make_kafka_conf({
                                                            {"bootstrap.servers", settings.bootstrap_servers},
                                                            {"group.id", settings.group_id},
                                                            {"client.id", "jobstream-serve-probe"},
                                                            {"enable.auto.commit", "false"},
                                                            {"enable.auto.offset.store", "false"},
                                                        }));
}

std::vector<std::int32_t> PipelineProbe::partitions_of(const std::string& topic,
                                                       std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_topic_t* handle = rd_kafka_topic_new(_client.get(), topic.c_str(), nullptr);
  const auto err = rd_kafka_metadata(_client.get(), 0, handle, &md, static_cast<int>(timeout.count()));
  rd_kafka_topic_destroy(handle);
  if (err) throw kafka::KafkaError("reading the metadata of " + topic, err);
  std::vector<std::int32_t> ids;
  if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < md->topics[0].partition_cnt; ++i) ids.push_back(md->topics[0].partitions[i].id);
  }
  rd_kafka_metadata_destroy(md);
  std::sort(ids.begin(), ids.end());
  return ids;
}

KafkaHealth PipelineProbe::check(std::chrono::milliseconds timeout) {
  KafkaHealth health;
  health.topic = _settings.topic;
  health.group = _settings.group_id;
  health.dead_letter_topic = _settings.dead_letter_topic;
  const int ms = static_cast<int>(timeout.count());

  const auto ids = partitions_of(_settings.topic, timeout);
  health.topic_exists = !ids.empty();
  if (!ids.empty()) {
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(ids.size())));
    for (auto id : ids) rd_kafka_topic_partition_list_add(list.get(), _settings.topic.c_str(), id);
    if (const auto err = rd_kafka_committed(_client.get(), list.get(), ms)) {
      throw kafka::KafkaError("reading the committed offsets of group " + _settings.group_id, err);
    }
    for (int i = 0; i < list->cnt; ++i) {
      PartitionLag p;
      p.partition = list->elems[i].partition;
      p.committed = list->elems[i].offset >= 0 ? list->elems[i].offset : -1;
      if (const auto err = rd_kafka_query_watermark_offsets(_client.get(), _settings.topic.c_str(),
                                                            p.partition, &p.start, &p.end, ms)) {
        throw kafka::KafkaError("reading the end offsets of " + _settings.topic, err);
      }
      health.partitions.push_back(p);
    }
  }
  for (auto id : partitions_of(_settings.dead_letter_topic, timeout)) {
    std::int64_t low = 0, high = 0;
    if (const auto err = rd_kafka_query_watermark_offsets(_client.get(), _settings.dead_letter_topic.c_str(),
                                                          id, &low, &high, ms)) {
      throw kafka::KafkaError("reading the end offsets of " + _settings.dead_letter_topic, err);
    }
    health.dead_letters += std::max<std::int64_t>(0, high - low);
  }
  return health;
}

}  // namespace jobstream::web
