// `jobstream init-db`: the schema step. Creates the keyspace and tables, applies migrations in order.
#include <spdlog/spdlog.h>

#include "cli/cassandra_session.hpp"
#include "cli/commands.hpp"
#include "common/settings_reader.hpp"
#include "store/schema_migrator.hpp"

namespace jobstream::cli {

void register_init_db(CLI::App& app, CommandTable& table) {
  auto* cmd = app.add_subcommand("init-db", "Create or upgrade the Cassandra keyspace and tables (idempotent)");
  table.add(cmd, [] {
    common::SettingsReader env;
    const auto settings = pipeline::PipelineSettings::from_environment(env);
    auto session = connect_cassandra(settings.cassandra);
    const int version = store::migrate(*session, settings.cassandra.keyspace);
    spdlog::info("init-db: keyspace {} at schema version {}", settings.cassandra.keyspace.name, version);
    return 0;
  });
}

}  // namespace jobstream::cli
