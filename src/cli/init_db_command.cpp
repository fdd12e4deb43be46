// `jobstream init-db`: the schema step. Creates the keyspace and tables, applies migrations in
// order, then loads the API's reference lists (départements, régions, communes, métiers ROME,
// types de contrats) as the original system's schema step did.
#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cassandra_session.hpp"
#include "cli/commands.hpp"
#include "cli/local_emulator.hpp"
#include "common/settings_reader.hpp"
#include "source/api_client.hpp"
#include "source/rate_limiter.hpp"
#include "source/token_provider.hpp"
#include "store/cassandra_settings.hpp"
#include "store/reference_store.hpp"
#include "store/schema_migrator.hpp"

namespace jobstream::cli {
namespace {

/// The parent code an entry carries: a département's région, a commune's département.
std::string parent_of(const std::string& raw) {
  const auto j = nlohmann::json::parse(raw, nullptr, false);
  if (!j.is_object()) return {};
  if (auto it = j.find("codeDepartement"); it != j.end() && it->is_string()) return it->get<std::string>();
  if (auto it = j.find("region"); it != j.end() && it->is_object()) {
    if (auto code = it->find("code"); code != it->end() && code->is_string()) return code->get<std::string>();
  }
  if (auto it = j.find("codeRegion"); it != j.end() && it->is_string()) return it->get<std::string>();
  return {};
}

void load_reference_lists(cql::Session& session, const std::string& keyspace, source::SourceSettings settings,
                          const LocalEmulatorPlan& emulator_plan) {
  const auto local = start_local_emulator(emulator_plan, settings);
  source::ApiClient api(settings, std::make_shared<source::TokenProvider>(settings),
                        std::make_shared<source::RateLimiter>(settings.requests_per_second, settings.burst));
  for (const auto& [list, table] : store::reference_tables) {
    std::vector<store::ReferenceRow> rows;
    for (auto& entry : api.referentiel(std::string(list))) {
      rows.push_back({entry.code, entry.libelle, parent_of(entry.raw_json), std::move(entry.raw_json)});
    }
    store::store_reference_list(session, keyspace, table, rows);
    spdlog::info("init-db: reference list {}: {} entries into {}.{}", list, rows.size(), keyspace, table);
  }
}

}  // namespace

void register_init_db(CLI::App& app, CommandTable& table) {
  auto skip_references = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "init-db",
      "Create or upgrade the Cassandra keyspace and tables (idempotent), then load the API's reference lists");
  cmd->add_flag("--no-reference-lists", *skip_references,
                "Only the schema; do not fetch the reference lists from the offers API");
  table.add(cmd, [skip_references] {
    // Every setting is read, and every problem listed, before the schema is touched.
    common::SettingsReader env;
    source::SourceSettings source_settings;
    LocalEmulatorPlan emulator_plan;
    if (!*skip_references) {
      source_settings = source::SourceSettings::read(env);
      emulator_plan = plan_local_emulator(source_settings, env, 0, /*reference_lists_only=*/true);
    }
    const auto cassandra_settings = store::CassandraSettings::read(env);
    env.throw_if_invalid();
    auto session = connect_cassandra(cassandra_settings);
    const int version = store::migrate(*session, cassandra_settings.keyspace);
    spdlog::info("init-db: keyspace {} at schema version {}", cassandra_settings.keyspace.name, version);
    if (!*skip_references) {
      try {
        load_reference_lists(*session, cassandra_settings.keyspace.name, source_settings, emulator_plan);
      } catch (const std::exception& e) {
        spdlog::error("init-db: the schema is ready, but the reference lists could not be loaded: {} "
                      "(run again, or pass --no-reference-lists)",
                      e.what());
        return 1;
      }
    }
    return 0;
  });
}

}  // namespace jobstream::cli
