#pragma once

#include <memory>

#include "cql/session.hpp"
#include "store/cassandra_settings.hpp"

namespace jobstream::cli {

/// Connects jobstream's CQL client with the command's Cassandra settings (credentials from the
/// environment only), logging when a node goes away or comes back.
std::unique_ptr<cql::Session> connect_cassandra(const store::CassandraSettings& settings);

}  // namespace jobstream::cli
