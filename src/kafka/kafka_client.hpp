#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace jobstream::kafka {

// RAII for librdkafka's C handles, deleters defined once.
struct KafkaHandleDeleter {
  void operator()(rd_kafka_t* k) const { rd_kafka_destroy(k); }
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
  void operator()(rd_kafka_headers_t* h) const { rd_kafka_headers_destroy(h); }
  void operator()(rd_kafka_topic_t* t) const { rd_kafka_topic_destroy(t); }
  void operator()(const rd_kafka_metadata_t* m) const { rd_kafka_metadata_destroy(m); }
  void operator()(rd_kafka_error_t* e) const { rd_kafka_error_destroy(e); }
};
using KafkaPtr = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;
using KafkaConfPtr = std::unique_ptr<rd_kafka_conf_t, KafkaHandleDeleter>;
using KafkaQueuePtr = std::unique_ptr<rd_kafka_queue_t, KafkaHandleDeleter>;
using KafkaEventPtr = std::unique_ptr<rd_kafka_event_t, KafkaHandleDeleter>;
using KafkaMessagePtr = std::unique_ptr<rd_kafka_message_t, KafkaHandleDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, KafkaHandleDeleter>;
using HeadersPtr = std::unique_ptr<rd_kafka_headers_t, KafkaHandleDeleter>;
using TopicPtr = std::unique_ptr<rd_kafka_topic_t, KafkaHandleDeleter>;
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, KafkaHandleDeleter>;
using ErrorPtr = std::unique_ptr<rd_kafka_error_t, KafkaHandleDeleter>;

/// A Kafka failure with the operation and librdkafka's reason.
class KafkaError : public std::runtime_error {
 public:
  KafkaError(const std::string& what, rd_kafka_resp_err_t code)
      : std::runtime_error(what + ": " + rd_kafka_err2str(code)), _code(code) {}
  explicit KafkaError(const std::string& what) : std::runtime_error(what), _code(RD_KAFKA_RESP_ERR_UNKNOWN) {}
  rd_kafka_resp_err_t code() const { return _code; }

 private:
  rd_kafka_resp_err_t _code;
};

/// Builds a librdkafka configuration: the process's connection properties (kafka_security.hpp), then
/// these key/value pairs; an unknown key or bad value throws (a secret's value shown as ***).
KafkaConfPtr make_kafka_conf(const std::map<std::string, std::string>& settings);

/// Creates a client (producer or consumer) that takes ownership of `conf`.
KafkaPtr make_kafka_client(rd_kafka_type_t type, KafkaConfPtr conf);

/// Why `client` cannot talk to the brokers at all (authentication or TLS refused), once librdkafka
/// reported it; nullopt otherwise.
std::optional<std::string> connection_failure(const rd_kafka_t* client);

struct TopicSpec {
  std::string name;
  int partitions = 6;
  int replication_factor = 1;
  int min_insync_replicas = 0;  ///< 0: the broker's default
};

/// Creates the topics that do not exist yet (an existing topic is left as it is). Throws KafkaError
/// when the broker refuses or does not answer within `deadline`, or at once when the client cannot
/// connect (wrong password, untrusted certificate), with librdkafka's reason. Commands call it at
/// start, which is where a bad connection setting is found.
void ensure_topics(rd_kafka_t* client, const std::vector<TopicSpec>& topics,
                   std::chrono::milliseconds deadline);

}  // namespace jobstream::kafka
