#pragma once

#include "cql/session.hpp"
#include "store/schema.hpp"

namespace jobstream::store {

/// Creates the keyspace if needed and applies, in order, every migration not yet recorded in
/// `schema_migrations`. Idempotent: running it again changes nothing. Returns the schema version.
int migrate(cql::Session& session, const KeyspaceSettings& settings);

}  // namespace jobstream::store
