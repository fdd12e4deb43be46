#include "store/cassandra_settings.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <utility>

namespace jobstream::store {
namespace {

std::optional<cql::Consistency> parse_consistency(std::string name) {
  for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  using C = cql::Consistency;
  static const std::pair<const char*, C> names[] = {{"ONE", C::one},
                                                    {"TWO", C::two},
                                                    {"THREE", C::three},
                                                    {"QUORUM", C::quorum},
                                                    {"ALL", C::all},
                                                    {"LOCAL_QUORUM", C::local_quorum},
                                                    {"EACH_QUORUM", C::each_quorum},
                                                    {"LOCAL_ONE", C::local_one}};
  for (const auto& [n, c] : names) {
    if (name == n) return c;
  }
  return std::nullopt;  // ANY and the serial levels do not apply to plain reads and writes
}

}  // namespace

CassandraSettings CassandraSettings::read(common::SettingsReader& env) {
  CassandraSettings c;
  c.contact_points = env.list("CASSANDRA_CONTACT_POINTS", c.contact_points);
  // The reader keeps the value within 1..65535 (the fallback otherwise), so it fits the port's type.
  c.port = static_cast<std::uint16_t>(env.integer("CASSANDRA_PORT", c.port, 1, 65535));
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
  if (auto parsed = parse_consistency(env.text("CASSANDRA_CONSISTENCY", "LOCAL_QUORUM"))) {
    c.consistency = *parsed;
  } else {
    env.fail("CASSANDRA_CONSISTENCY must be one of ONE, TWO, THREE, QUORUM, ALL, LOCAL_QUORUM, EACH_QUORUM, "
             "LOCAL_ONE");
  }
  c.tls = env.boolean("CASSANDRA_TLS", false);
  c.tls_ca_file = env.text("CASSANDRA_TLS_CA_FILE", "");
  c.tls_cert_file = env.text("CASSANDRA_TLS_CERT_FILE", "");
  c.tls_key_file = env.text("CASSANDRA_TLS_KEY_FILE", "");
  c.tls_verify = env.boolean("CASSANDRA_TLS_VERIFY", true);
  if (c.tls) {
    // Files are checked at start, so that a typo is not found at the first reconnection.
    for (const auto& [name, path] :
         {std::pair<const char*, const std::string&>{"CASSANDRA_TLS_CA_FILE", c.tls_ca_file},
          {"CASSANDRA_TLS_CERT_FILE", c.tls_cert_file},
          {"CASSANDRA_TLS_KEY_FILE", c.tls_key_file}}) {
      if (!path.empty() && ::access(path.c_str(), R_OK) != 0)
        env.fail(std::string(name) + ": cannot read " + path);
    }
    if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
      env.fail("CASSANDRA_TLS_CERT_FILE and CASSANDRA_TLS_KEY_FILE must be set together");
    }
  } else if (!c.tls_ca_file.empty() || !c.tls_cert_file.empty()) {
    env.fail("CASSANDRA_TLS_CA_FILE/CERT_FILE are set but CASSANDRA_TLS is not: set CASSANDRA_TLS=1");
  }
  return c;
}

cql::SessionConfig CassandraSettings::session_config() const {
  cql::SessionConfig config;
  config.contact_points = contact_points;
  config.port = port;
  config.username = username;
  config.password = password.reveal();
  // A single-node default cluster has one replica: LOCAL_QUORUM of one is that node. On a ring with
  // replication factor 3, LOCAL_QUORUM writes and reads overlap in one replica: newest version wins.
  config.consistency = consistency;
  config.max_in_flight = static_cast<std::size_t>(std::max(max_writes_in_flight * 2, 64));
  config.tls.enabled = tls;
  config.tls.ca_file = tls_ca_file;
  config.tls.cert_file = tls_cert_file;
  config.tls.key_file = tls_key_file;
  config.tls.verify = tls_verify;
  return config;
}

}  // namespace jobstream::store
