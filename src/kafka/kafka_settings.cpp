#include "kafka/kafka_settings.hpp"

namespace jobstream::kafka {
namespace {

// Kafka's own rule, plus no internal topic ("__consumer_offsets", "__transaction_state"): writing
// offers there would corrupt the broker's bookkeeping.
bool valid_topic(const std::string& t) {
  return !t.empty() && t.size() <= 249 && t != "." && t != ".." && !t.starts_with("__") &&
         t.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
             std::string::npos;
}

}  // namespace

KafkaSettings KafkaSettings::read(common::SettingsReader& env) {
  KafkaSettings k;
  k.bootstrap_servers = env.text("KAFKA_BOOTSTRAP_SERVERS", k.bootstrap_servers);
  k.topic = env.text("KAFKA_TOPIC", k.topic);
  k.dead_letter_topic = env.text("KAFKA_DEAD_LETTER_TOPIC", k.topic + ".dead-letters");
  k.group_id = env.nonblank_text("KAFKA_GROUP_ID", k.group_id);
  k.partitions = static_cast<int>(env.integer("KAFKA_PARTITIONS", k.partitions, 1, 10000));
  k.replication_factor =
      static_cast<int>(env.integer("KAFKA_REPLICATION_FACTOR", k.replication_factor, 1, 100));
  k.min_insync_replicas =
      static_cast<int>(env.integer("KAFKA_MIN_INSYNC_REPLICAS", k.replication_factor >= 3 ? 2 : 1, 1, 100));
  if (k.min_insync_replicas > k.replication_factor) {
    env.fail(
        "KAFKA_MIN_INSYNC_REPLICAS must not exceed KAFKA_REPLICATION_FACTOR (acks=all could never succeed)");
  }
  if (!valid_topic(k.topic)) {
    env.fail(
        "KAFKA_TOPIC must be 1-249 characters of letters, digits, '.', '_' or '-', not starting with '__'");
  }
  if (!valid_topic(k.dead_letter_topic)) {
    env.fail("KAFKA_DEAD_LETTER_TOPIC must be a valid topic name, not starting with '__'");
  }
  if (k.dead_letter_topic == k.topic) env.fail("KAFKA_DEAD_LETTER_TOPIC must differ from KAFKA_TOPIC");
  k.security = KafkaSecurity::from_environment(env);
  return k;
}

void KafkaSettings::apply_to_every_client() const { set_connection_properties(security.client_properties()); }

}  // namespace jobstream::kafka
