#pragma once

#include <string>

#include "common/settings_reader.hpp"
#include "kafka/kafka_security.hpp"

namespace jobstream::kafka {

/// Where jobstream's offers live in Kafka and how its clients reach the brokers: the one struct
/// every Kafka client of every stage (producer, consumer, dead letters, serve's tail and probe)
/// takes its slice from.
struct KafkaSettings {
  std::string bootstrap_servers = "127.0.0.1:9092";  ///< KAFKA_BOOTSTRAP_SERVERS
  std::string topic = "francetravail.offers";        ///< KAFKA_TOPIC
  std::string dead_letter_topic;                ///< KAFKA_DEAD_LETTER_TOPIC (default <topic>.dead-letters)
  std::string group_id = "jobstream-consumer";  ///< KAFKA_GROUP_ID
  int partitions = 6;                           ///< KAFKA_PARTITIONS (topic creation only)
  int replication_factor = 1;                   ///< KAFKA_REPLICATION_FACTOR (topic creation only)
  /// KAFKA_MIN_INSYNC_REPLICAS (topic creation only; default 2 when replicated 3 times or more, so an
  /// acks=all write survives the loss of one broker and is refused, not lost, when two are gone).
  int min_insync_replicas = 1;
  KafkaSecurity security;  ///< KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*, KAFKA_PROPERTIES

  /// Reads the KAFKA_* settings and checks them, one message per problem recorded in `env` (never
  /// a secret's value); the command calls env.throw_if_invalid() once it read all it uses.
  static KafkaSettings read(common::SettingsReader& env);

  /// Makes `security` the connection properties of every Kafka client this process creates
  /// (set_connection_properties). Called once, after the settings were found valid.
  void apply_to_every_client() const;
};

}  // namespace jobstream::kafka
