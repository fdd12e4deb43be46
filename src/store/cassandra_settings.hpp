#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/settings_reader.hpp"
#include "cql/frame.hpp"
#include "cql/session.hpp"
#include "store/schema.hpp"

namespace jobstream::store {

/// How jobstream reaches Cassandra and where its tables are: the one struct every command that
/// talks to Cassandra (init-db, consume, run, stats, serve) reads, the one place CASSANDRA_* is read.
struct CassandraSettings {
  std::vector<std::string> contact_points{"127.0.0.1"};  ///< CASSANDRA_CONTACT_POINTS
  std::uint16_t port = 9042;                             ///< CASSANDRA_PORT
  std::string username;                                  ///< CASSANDRA_USERNAME
  common::Secret password;                               ///< CASSANDRA_PASSWORD
  KeyspaceSettings keyspace;  ///< CASSANDRA_KEYSPACE, CASSANDRA_REPLICATION_CLASS/_FACTOR, CASSANDRA_LOCAL_DC
  int max_writes_in_flight = 256;  ///< JOBSTREAM_MAX_WRITES_IN_FLIGHT: bound on concurrent Cassandra writes
  /// CASSANDRA_CONSISTENCY: of every write and of the figures' reads (LOCAL_QUORUM, QUORUM, ONE, ALL...).
  cql::Consistency consistency = cql::Consistency::local_quorum;
  // TLS to Cassandra (the server's certificate verified unless CASSANDRA_TLS_VERIFY=0).
  bool tls = false;           ///< CASSANDRA_TLS
  std::string tls_ca_file;    ///< CASSANDRA_TLS_CA_FILE (PEM; empty: the system's trust store)
  std::string tls_cert_file;  ///< CASSANDRA_TLS_CERT_FILE (client certificate, PEM)
  std::string tls_key_file;   ///< CASSANDRA_TLS_KEY_FILE (its key, PEM)
  bool tls_verify = true;     ///< CASSANDRA_TLS_VERIFY

  /// Reads the CASSANDRA_* settings (and JOBSTREAM_MAX_WRITES_IN_FLIGHT) and checks them, one
  /// message per problem recorded in `env`, never a secret's value.
  static CassandraSettings read(common::SettingsReader& env);

  /// The CQL session these settings describe (node-change reporting left to the caller).
  cql::SessionConfig session_config() const;
};

}  // namespace jobstream::store
