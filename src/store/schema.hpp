#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jobstream::store {

/// Where and how the keyspace is replicated. Names are checked (CQL cannot bind identifiers, so
/// they are the only values that ever enter statement text, and only after this check).
struct KeyspaceSettings {
  std::string name = "jobstream";
  std::string replication_class = "SimpleStrategy";  ///< or "NetworkTopologyStrategy"
  int replication_factor = 1;
  std::string datacenter = "datacenter1";  ///< used with NetworkTopologyStrategy

  /// Throws std::invalid_argument with a clear message when a field is unusable.
  void validate() const;
};

/// One schema change, applied once, in order of `version`.
struct Migration {
  int version;
  std::string description;
  std::vector<std::string> statements;  ///< CQL, keyspace-qualified
};

/// `CREATE KEYSPACE IF NOT EXISTS ...` for the settings.
std::string create_keyspace_cql(const KeyspaceSettings& settings);

/// The table recording which migrations ran (created before any migration).
std::string create_migrations_table_cql(std::string_view keyspace);

/// Every migration of the schema, oldest first. Statements are idempotent (IF NOT EXISTS), so a
/// migration interrupted half-way can simply run again.
std::vector<Migration> migrations(std::string_view keyspace);

/// True when `name` is a valid unquoted CQL identifier for a keyspace (letters, digits, _; 1-48).
bool valid_keyspace_name(std::string_view name);

}  // namespace jobstream::store
