#include "kafka/kafka_client.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace jobstream::kafka {

namespace {

// librdkafka's own log lines go through the project's logger, at the matching level (syslog levels:
// 0-3 error, 4 warning, 5-6 info, 7 debug), instead of its raw format on stderr.
void log_to_spdlog(const rd_kafka_t* client, int level, const char* facility, const char* message) {
  const auto spd = level <= 3 ? spdlog::level::err
                 : level == 4 ? spdlog::level::warn
                 : level <= 6 ? spdlog::level::info
                              : spdlog::level::debug;
  spdlog::log(spd, "kafka {}: {} {}", client ? rd_kafka_name(client) : "-", facility, message);
}

}  // namespace

KafkaConfPtr make_kafka_conf(const std::map<std::string, std::string>& settings) {
  KafkaConfPtr conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), &log_to_spdlog);
  char err[512];
  for (const auto& [key, value] : settings) {
    if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      throw KafkaError(fmt::format("Kafka setting {}: {}", key, err));
    }
  }
  return conf;
}

KafkaPtr make_kafka_client(rd_kafka_type_t type, KafkaConfPtr conf) {
  char err[512];
  rd_kafka_t* client = rd_kafka_new(type, conf.get(), err, sizeof err);
  if (!client) throw KafkaError(fmt::format("cannot create Kafka client: {}", err));
  conf.release();  // rd_kafka_new took it
  return KafkaPtr(client);
}

void ensure_topics(rd_kafka_t* client, const std::vector<TopicSpec>& topics, std::chrono::milliseconds deadline) {
  KafkaQueuePtr queue(rd_kafka_queue_new(client));
  std::vector<rd_kafka_NewTopic_t*> requests;
  char err[512];
  for (const auto& t : topics) {
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(t.name.c_str(), t.partitions, t.replication_factor, err, sizeof err);
    if (!nt) {
      for (auto* r : requests) rd_kafka_NewTopic_destroy(r);
      throw KafkaError(fmt::format("topic {}: {}", t.name, err));
    }
    requests.push_back(nt);
    if (t.min_insync_replicas > 0 &&
        rd_kafka_NewTopic_set_config(nt, "min.insync.replicas", std::to_string(t.min_insync_replicas).c_str())) {
      for (auto* r : requests) rd_kafka_NewTopic_destroy(r);
      throw KafkaError(fmt::format("topic {}: cannot set min.insync.replicas", t.name));
    }
  }
  std::unique_ptr<rd_kafka_AdminOptions_t, decltype(&rd_kafka_AdminOptions_destroy)> options(
      rd_kafka_AdminOptions_new(client, RD_KAFKA_ADMIN_OP_CREATETOPICS), &rd_kafka_AdminOptions_destroy);
  rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(deadline.count()), err, sizeof err);
  rd_kafka_CreateTopics(client, requests.data(), requests.size(), options.get(), queue.get());
  for (auto* r : requests) rd_kafka_NewTopic_destroy(r);

  KafkaEventPtr event(rd_kafka_queue_poll(queue.get(), static_cast<int>(deadline.count()) + 1000));
  if (!event) throw KafkaError("creating topics: no answer from the Kafka cluster in time");
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("creating topics", rd_kafka_event_error(event.get()));
  }
  std::size_t n = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto code = rd_kafka_topic_result_error(results[i]);
    if (code != RD_KAFKA_RESP_ERR_NO_ERROR && code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      throw KafkaError(fmt::format("creating topic {}", rd_kafka_topic_result_name(results[i])), code);
    }
  }
}

}  // namespace jobstream::kafka
