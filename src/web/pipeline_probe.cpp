#include "web/pipeline_probe.hpp"

#include <algorithm>

namespace jobstream::web {

std::int64_t KafkaHealth::total_lag() const { return kafka::total_lag(partitions); }

PipelineProbe::PipelineProbe(const kafka::KafkaSettings& settings) : _settings(settings) {
  _client = kafka::make_kafka_client(RD_KAFKA_CONSUMER, kafka::make_kafka_conf({
                                                            {"bootstrap.servers", settings.bootstrap_servers},
                                                            {"group.id", settings.group_id},
                                                            {"client.id", "jobstream-serve-probe"},
                                                            {"enable.auto.commit", "false"},
                                                            {"enable.auto.offset.store", "false"},
                                                        }));
}

KafkaHealth PipelineProbe::check(std::chrono::milliseconds timeout) {
  KafkaHealth health;
  health.topic = _settings.topic;
  health.group = _settings.group_id;
  health.dead_letter_topic = _settings.dead_letter_topic;
  const int ms = static_cast<int>(timeout.count());

  // The same lag `consume --until-caught-up` waits to see at zero.
  health.partitions = kafka::read_group_lag(_client.get(), _settings.topic, timeout);
  health.topic_exists = !health.partitions.empty();
  for (auto id : kafka::partitions_of(_client.get(), _settings.dead_letter_topic, timeout)) {
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
