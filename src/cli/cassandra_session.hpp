#pragma once

#include <memory>

#include "cql/session.hpp"
#include "pipeline/pipeline_settings.hpp"

namespace jobstream::cli {

/// Connects jobstream's CQL client with the pipeline's Cassandra settings (credentials from the
/// environment only).
std::unique_ptr<cql::Session> connect_cassandra(const pipeline::CassandraSettings& settings);

}  // namespace jobstream::cli
