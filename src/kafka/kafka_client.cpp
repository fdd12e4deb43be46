#include "kafka/kafka_client.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "kafka/kafka_security.hpp"

namespace jobstream::kafka {

namespace {

// librdkafka's own log lines go through the project's logger, at the matching level (syslog levels:
// 0-3 error, 4 warning, 5-6 info, 7 debug), instead of its raw format on stderr.
void log_to_spdlog(const rd_kafka_t* client, int level, const char* facility, const char* message) {
  const auto spd = level <= 3   ? spdlog::level::err
                   : level == 4 ? spdlog::level::warn
                   : level <= 6 ? spdlog::level::info
                                : spdlog::level::debug;
  spdlog::log(spd, "kafka {}: {} {}", client ? rd_kafka_name(client) : "-", facility, message);
}

// The last error that means "this client cannot talk to the brokers at all" (authentication or
// TLS refused), per client, so that a start waiting on the cluster can say why instead of timing out.
// @locality written from librdkafka's threads (error_cb), read by the thread that waits.
std::mutex g_errors_mutex;
std::map<const rd_kafka_t*, std::string> g_connection_errors;

void on_client_error(rd_kafka_t* client, int err, const char* reason, void*) {
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (code == RD_KAFKA_RESP_ERR__AUTHENTICATION || code == RD_KAFKA_RESP_ERR__SSL ||
      code == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED) {
    std::lock_guard lock(g_errors_mutex);
    g_connection_errors[client] = reason;
  }
  spdlog::error("kafka {}: {}", client ? rd_kafka_name(client) : "-", reason);
}

// librdkafka's message may quote the value it refused: never a secret's.
std::string masked(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

void set_property(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
    const bool secret = is_secret_property(key);
    throw KafkaError(fmt::format("Kafka setting {}{}: {}", key, secret ? " (***)" : "",
                                 secret ? masked(err, value) : std::string(err)));
  }
}

}  // namespace

KafkaConfPtr make_kafka_conf(const std::map<std::string, std::string>& settings) {
  KafkaConfPtr conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), &log_to_spdlog);
  rd_kafka_conf_set_error_cb(conf.get(), &on_client_error);
  // The connection's security first, so that a client's own settings (client.id, acks...) stay its own.
  for (const auto& [key, value] : connection_properties()) {
    if (!settings.contains(key)) set_property(conf.get(), key, value);
  }
  for (const auto& [key, value] : settings) set_property(conf.get(), key, value);
  return conf;
}

KafkaPtr make_kafka_client(rd_kafka_type_t type, KafkaConfPtr conf) {
  char err[512];
  rd_kafka_t* client = rd_kafka_new(type, conf.get(), err, sizeof err);
  if (!client) throw KafkaError(fmt::format("cannot create Kafka client: {}", err));
  static_cast<void>(conf.release());  // rd_kafka_new took it
  {
    std::lock_guard lock(g_errors_mutex);
    g_connection_errors.erase(client);  // an earlier client may have lived at this address
  }
  return KafkaPtr(client);
}

std::optional<std::string> connection_failure(const rd_kafka_t* client) {
  std::lock_guard lock(g_errors_mutex);
  if (const auto it = g_connection_errors.find(client); it != g_connection_errors.end()) return it->second;
  return std::nullopt;
}

namespace {

// The topics of `topics` the cluster does not list yet; all of them when the metadata cannot be read
// at once (the CreateTopics request then reports why). Topics that exist need no CreateTopics
// request, which a broker may not serve (librdkafka's mock cluster, an account without the right).
std::vector<TopicSpec> missing_topics(rd_kafka_t* client, const std::vector<TopicSpec>& topics) {
  const rd_kafka_metadata_t* raw = nullptr;
  if (rd_kafka_metadata(client, 1, nullptr, &raw, 2000) != RD_KAFKA_RESP_ERR_NO_ERROR) return topics;
  const MetadataPtr metadata(raw);
  std::vector<TopicSpec> missing;
  for (const auto& t : topics) {
    bool listed = false;
    for (int i = 0; i < metadata->topic_cnt; ++i) {
      const auto& m = metadata->topics[i];
      listed = listed || (t.name == m.topic && m.err == RD_KAFKA_RESP_ERR_NO_ERROR && m.partition_cnt > 0);
    }
    if (!listed) missing.push_back(t);
  }
  return missing;
}

}  // namespace

void ensure_topics(rd_kafka_t* client, const std::vector<TopicSpec>& wanted,
                   std::chrono::milliseconds deadline) {
  const auto topics = missing_topics(client, wanted);
  if (topics.empty()) return;
  KafkaQueuePtr queue(rd_kafka_queue_new(client));
  std::vector<rd_kafka_NewTopic_t*> requests;
  char err[512];
  for (const auto& t : topics) {
    rd_kafka_NewTopic_t* nt =
        rd_kafka_NewTopic_new(t.name.c_str(), t.partitions, t.replication_factor, err, sizeof err);
    if (!nt) {
      for (auto* r : requests) rd_kafka_NewTopic_destroy(r);
      throw KafkaError(fmt::format("topic {}: {}", t.name, err));
    }
    requests.push_back(nt);
    if (t.min_insync_replicas > 0 &&
        rd_kafka_NewTopic_set_config(nt, "min.insync.replicas",
                                     std::to_string(t.min_insync_replicas).c_str())) {
      for (auto* r : requests) rd_kafka_NewTopic_destroy(r);
      throw KafkaError(fmt::format("topic {}: cannot set min.insync.replicas", t.name));
    }
  }
  std::unique_ptr<rd_kafka_AdminOptions_t, decltype(&rd_kafka_AdminOptions_destroy)> options(
      rd_kafka_AdminOptions_new(client, RD_KAFKA_ADMIN_OP_CREATETOPICS), &rd_kafka_AdminOptions_destroy);
  rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(deadline.count()), err,
                                            sizeof err);
  rd_kafka_CreateTopics(client, requests.data(), requests.size(), options.get(), queue.get());
  for (auto* r : requests) rd_kafka_NewTopic_destroy(r);

  // Waits in short steps: a refused password or certificate is reported at once, with its reason,
  // rather than as a timeout.
  KafkaEventPtr event;
  const auto give_up = std::chrono::steady_clock::now() + deadline + std::chrono::seconds(1);
  while (!event && std::chrono::steady_clock::now() < give_up) {
    event.reset(rd_kafka_queue_poll(queue.get(), 200));
    // Connection errors reach on_client_error only when the client's main queue is served; a
    // producer's is served here (nothing else is queued yet at start), a consumer's by its poll.
    if (rd_kafka_type(client) == RD_KAFKA_PRODUCER) rd_kafka_poll(client, 0);
    if (const auto failure = connection_failure(client); failure && !event) {
      throw KafkaError(fmt::format("cannot connect to Kafka: {}", *failure));
    }
  }
  if (!event) {
    throw KafkaError(
        "creating topics: no answer from the Kafka cluster in time (see KAFKA_BOOTSTRAP_SERVERS and "
        "KAFKA_SECURITY_PROTOCOL)");
  }
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
