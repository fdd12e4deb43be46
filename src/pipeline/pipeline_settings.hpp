#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/settings_reader.hpp"
#include "kafka/kafka_security.hpp"
#include "cql/frame.hpp"
#include "store/schema.hpp"

namespace jobstream::pipeline {

/// Where offers come from. Without credentials, the local default is the project's API emulator.
struct SourceSettings {
  std::string client_id;             ///< FT_CLIENT_ID
  common::Secret client_secret;      ///< FT_CLIENT_SECRET
  std::string token_url;             ///< FT_TOKEN_URL
  std::string api_url;               ///< FT_API_URL
  std::string scope;                 ///< FT_SCOPE
  bool use_emulator = false;         ///< true when no credentials are set
  std::chrono::milliseconds poll_interval{std::chrono::minutes(5)};  ///< JOBSTREAM_POLL_INTERVAL
  std::chrono::milliseconds full_sweep_interval{std::chrono::hours(6)};  ///< JOBSTREAM_FULL_SWEEP_INTERVAL
  std::string state_dir;             ///< JOBSTREAM_STATE_DIR: watermarks and sweep state
};

struct KafkaSettings {
  std::string bootstrap_servers = "127.0.0.1:9092";  ///< KAFKA_BOOTSTRAP_SERVERS
  std::string topic = "francetravail.offers";         ///< KAFKA_TOPIC
  std::string dead_letter_topic;                      ///< KAFKA_DEAD_LETTER_TOPIC (default <topic>.dead-letters)
  std::string group_id = "jobstream-consumer";        ///< KAFKA_GROUP_ID
  int partitions = 6;                                 ///< KAFKA_PARTITIONS (topic creation only)
  int replication_factor = 1;                         ///< KAFKA_REPLICATION_FACTOR (topic creation only)
  kafka::KafkaSecurity security;  ///< KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*, KAFKA_PROPERTIES
  /// KAFKA_MIN_INSYNC_REPLICAS (topic creation only; default 2 when replicated 3 times or more, so an
  /// acks=all write survives the loss of one broker and is refused, not lost, when two are gone).
  int min_insync_replicas = 1;
};

struct CassandraSettings {
  std::vector<std::string> contact_points{"127.0.0.1"};  ///< CASSANDRA_CONTACT_POINTS
  int port = 9042;                                       ///< CASSANDRA_PORT
  std::string username;                                  ///< CASSANDRA_USERNAME
  common::Secret password;                               ///< CASSANDRA_PASSWORD
  store::KeyspaceSettings keyspace;  ///< CASSANDRA_KEYSPACE, CASSANDRA_REPLICATION_CLASS/_FACTOR, CASSANDRA_LOCAL_DC
  int max_writes_in_flight = 256;    ///< JOBSTREAM_MAX_WRITES_IN_FLIGHT: bound on concurrent Cassandra writes
  /// CASSANDRA_CONSISTENCY: of every write and of the figures' reads (LOCAL_QUORUM, QUORUM, ONE, ALL...).
  cql::Consistency consistency = cql::Consistency::local_quorum;
  // TLS to Cassandra (the server's certificate verified unless CASSANDRA_TLS_VERIFY=0).
  bool tls = false;          ///< CASSANDRA_TLS
  std::string tls_ca_file;   ///< CASSANDRA_TLS_CA_FILE (PEM; empty: the system's trust store)
  std::string tls_cert_file; ///< CASSANDRA_TLS_CERT_FILE (client certificate, PEM)
  std::string tls_key_file;  ///< CASSANDRA_TLS_KEY_FILE (its key, PEM)
  bool tls_verify = true;    ///< CASSANDRA_TLS_VERIFY
};

/// Every setting of the pipeline, read from the environment (after .env) and validated in one place.
struct PipelineSettings {
  SourceSettings source;
  KafkaSettings kafka;
  CassandraSettings cassandra;

  /// Reads and validates; throws std::invalid_argument listing every problem. Secrets never appear
  /// in the message. The Kafka security settings become the connection properties of every Kafka
  /// client the process makes (kafka::set_connection_properties).
  static PipelineSettings from_environment(common::SettingsReader& env);
};

}  // namespace jobstream::pipeline
