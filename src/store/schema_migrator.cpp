#include "store/schema_migrator.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

namespace jobstream::store {

int migrate(cql::Session& session, const KeyspaceSettings& settings) {
  session.query(create_keyspace_cql(settings));
  session.query(create_migrations_table_cql(settings.name));
  std::set<int> applied;
  auto select = session.prepare(fmt::format("SELECT version FROM {}.schema_migrations", settings.name));
  for (const auto& row : session.fetch_all(cql::BoundStatement(select))) {
    if (!row.empty() && std::holds_alternative<std::int32_t>(row[0].v)) applied.insert(std::get<std::int32_t>(row[0].v));
  }
  auto record = session.prepare(fmt::format(
      "INSERT INTO {}.schema_migrations (version, description, applied_at) VALUES (?, ?, ?)", settings.name));
  int version = applied.empty() ? 0 : *applied.rbegin();
  for (const auto& m : migrations(settings.name)) {
    if (applied.count(m.version)) continue;
    for (const auto& statement : m.statements) session.query(statement);
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    session.execute(cql::BoundStatement(record, {cql::Value(static_cast<std::int32_t>(m.version)),
                                                 cql::Value(m.description), cql::Timestamp{now_ms}}));
    spdlog::info("init-db: applied schema migration {} ({})", m.version, m.description);
    version = std::max(version, m.version);
  }
  return version;
}

}  // namespace jobstream::store
