#include "pipeline/pipeline_settings.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <utility>

namespace jobstream::pipeline {
namespace {

constexpr const char* default_token_url =
    "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire";
constexpr const char* default_api_url = "https://api.francetravail.io/partenaire/offresdemploi/v2";

bool is_http_url(const std::string& url) { return url.starts_with("https://") || url.starts_with("http://"); }

std::string default_state_dir() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return std::string(xdg) + "/jobstream";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/state/jobstream";
  return ".jobstream-state";
}

std::optional<cql::Consistency> parse_consistency(std::string name) {
  for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  using C = cql::Consistency;
  static const std::pair<const char*, C> names[] = {
      {"ONE", C::one},       {"TWO", C::two},     {"THREE", C::three},           {"QUORUM", C::quorum},
      {"ALL", C::all},       {"LOCAL_QUORUM", C::local_quorum}, {"EACH_QUORUM", C::each_quorum},
      {"LOCAL_ONE", C::local_one}};
  for (const auto& [n, c] : names) {
    if (name == n) return c;
  }
  return std::nullopt;  // ANY and the serial levels do not apply to plain reads and writes
}

}  // namespace

PipelineSettings PipelineSettings::from_environment(common::SettingsReader& env) {
  PipelineSettings s;

  auto& src = s.source;
  src.client_id = env.text("FT_CLIENT_ID", "");
  src.client_secret = env.secret("FT_CLIENT_SECRET");
  src.token_url = env.text("FT_TOKEN_URL", default_token_url);
  src.api_url = env.text("FT_API_URL", default_api_url);
  src.scope = env.text("FT_SCOPE", "api_offresdemploiv2 o2dsoffre");
  src.poll_interval = env.duration("JOBSTREAM_POLL_INTERVAL", src.poll_interval);
  src.full_sweep_interval = env.duration("JOBSTREAM_FULL_SWEEP_INTERVAL", src.full_sweep_interval);
  src.state_dir = env.text("JOBSTREAM_STATE_DIR", default_state_dir());
  // Credentials come as a pair: one without the other is a mistake, not a request for the emulator.
  if (src.client_id.empty() != src.client_secret.empty()) {
    env.fail("FT_CLIENT_ID and FT_CLIENT_SECRET must be set together (or both left empty to use the emulator)");
  }
  src.use_emulator = src.client_id.empty() && src.client_secret.empty();
  if (!is_http_url(src.token_url)) env.fail("FT_TOKEN_URL must be an http(s) URL");
  if (!is_http_url(src.api_url)) env.fail("FT_API_URL must be an http(s) URL");
  if (src.poll_interval < std::chrono::seconds(1)) env.fail("JOBSTREAM_POLL_INTERVAL must be at least 1s");

  auto& k = s.kafka;
  k.bootstrap_servers = env.text("KAFKA_BOOTSTRAP_SERVERS", k.bootstrap_servers);
  k.topic = env.text("KAFKA_TOPIC", k.topic);
  k.dead_letter_topic = env.text("KAFKA_DEAD_LETTER_TOPIC", k.topic + ".dead-letters");
  k.group_id = env.nonblank_text("KAFKA_GROUP_ID", k.group_id);
  k.partitions = static_cast<int>(env.integer("KAFKA_PARTITIONS", k.partitions, 1, 10000));
  k.replication_factor = static_cast<int>(env.integer("KAFKA_REPLICATION_FACTOR", k.replication_factor, 1, 100));
  k.min_insync_replicas = static_cast<int>(
      env.integer("KAFKA_MIN_INSYNC_REPLICAS", k.replication_factor >= 3 ? 2 : 1, 1, 100));
  if (k.min_insync_replicas > k.replication_factor) {
    env.fail("KAFKA_MIN_INSYNC_REPLICAS must not exceed KAFKA_REPLICATION_FACTOR (acks=all could never succeed)");
  }
  // Kafka's own rule, plus no internal topic ("__consumer_offsets", "__transaction_state"): writing
  // offers there would corrupt the broker's bookkeeping.
  const auto valid_topic = [](const std::string& t) {
    return !t.empty() && t.size() <= 249 && t != "." && t != ".." && !t.starts_with("__") &&
           t.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string::npos;
  };
  if (!valid_topic(k.topic)) {
    env.fail(
        "KAFKA_TOPIC must be 1-249 characters of letters, digits, '.', '_' or '-', not starting with '__'");
  }
  if (!valid_topic(k.dead_letter_topic)) {
    env.fail("KAFKA_DEAD_LETTER_TOPIC must be a valid topic name, not starting with '__'");
  }
  if (k.dead_letter_topic == k.topic) env.fail("KAFKA_DEAD_LETTER_TOPIC must differ from KAFKA_TOPIC");
  k.security = kafka::KafkaSecurity::from_environment(env);

  auto& c = s.cassandra;
  c.contact_points = env.list("CASSANDRA_CONTACT_POINTS", c.contact_points);
  c.port = static_cast<int>(env.integer("CASSANDRA_PORT", c.port, 1, 65535));
  c.username = env.text("CASSANDRA_USERNAME", "");
  c.password = env.secret("CASSANDRA_PASSWORD");
  if (c.username.empty() != c.password.empty()) {
    env.fail("CASSANDRA_USERNAME and CASSANDRA_PASSWORD must be set together");
  }
  c.keyspace.name = env.text("CASSANDRA_KEYSPACE", c.keyspace.name);
  c.keyspace.replication_class = env.text("CASSANDRA_REPLICATION_CLASS", c.keyspace.replication_class);
  c.keyspace.replication_factor =
      static_cast<int>(env.integer("CASSANDRA_REPLICATION_FACTOR", c.keyspace.replication_factor, 1, 10));
  c.keyspace.datacenter = env.text("CASSANDRA_LOCAL_DC", c.keyspace.datacenter);
  try {
    c.keyspace.validate();
  } catch (const std::invalid_argument& e) {
    env.fail(e.what());
  }
  c.max_writes_in_flight =
      static_cast<int>(env.integer("JOBSTREAM_MAX_WRITES_IN_FLIGHT", c.max_writes_in_flight, 1, 32768));
  const auto consistency = env.text("CASSANDRA_CONSISTENCY", "LOCAL_QUORUM");
  if (auto parsed = parse_consistency(consistency)) {
    c.consistency = *parsed;
  } else {
    env.fail("CASSANDRA_CONSISTENCY must be one of ONE, TWO, THREE, QUORUM, ALL, LOCAL_QUORUM, EACH_QUORUM, LOCAL_ONE");
  }
  c.tls = env.boolean("CASSANDRA_TLS", false);
  c.tls_ca_file = env.text("CASSANDRA_TLS_CA_FILE", "");
  c.tls_cert_file = env.text("CASSANDRA_TLS_CERT_FILE", "");
  c.tls_key_file = env.text("CASSANDRA_TLS_KEY_FILE", "");
  c.tls_verify = env.boolean("CASSANDRA_TLS_VERIFY", true);
  if (c.tls) {
    // Files are checked at start, so that a typo is not found at the first reconnection.
    for (const auto& [name, path] : {std::pair<const char*, const std::string&>{"CASSANDRA_TLS_CA_FILE", c.tls_ca_file},
                                     {"CASSANDRA_TLS_CERT_FILE", c.tls_cert_file},
                                     {"CASSANDRA_TLS_KEY_FILE", c.tls_key_file}}) {
      if (!path.empty() && ::access(path.c_str(), R_OK) != 0) env.fail(std::string(name) + ": cannot read " + path);
    }
    if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
      env.fail("CASSANDRA_TLS_CERT_FILE and CASSANDRA_TLS_KEY_FILE must be set together");
    }
  } else if (!c.tls_ca_file.empty() || !c.tls_cert_file.empty()) {
    env.fail("CASSANDRA_TLS_CA_FILE/CERT_FILE are set but CASSANDRA_TLS is not: set CASSANDRA_TLS=1");
  }

  env.throw_if_invalid();
  // Every client of every stage (producer, consumer, dead letters, serve's tail) connects the same way.
  kafka::set_connection_properties(s.kafka.security.client_properties());
  return s;
}

}  // namespace jobstream::pipeline
