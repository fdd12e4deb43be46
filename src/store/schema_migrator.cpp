#include "store/schema_migrator.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

namespace jobstream::store {

namespace {
// A node that has not yet taken a new table answers reads and writes of it with a failure
// (INCOMPATIBLE_SCHEMA), e.g. a node just back from a restart. The migrator's own statements are
// idempotent, so it waits for the ring to agree and tries again, for a bounded time.
constexpr auto agreement_bound = std::chrono::seconds(30);
// How long the migrator's own statements are tried again while a node lags behind the schema.
constexpr auto lagging_node_bound = std::chrono::seconds(150);

bool schema_not_yet_agreed(const cql::CqlError& e) {
  const auto& m = e.server_message();
  if (e.code() == cql::ErrorCode::read_failure || e.code() == cql::ErrorCode::write_failure)
    return m.find("INCOMPATIBLE_SCHEMA") != std::string::npos;
  // A node that missed the keyspace's creation (gossip still thought it down when it was pushed)
  // answers as if it never existed until it pulls the schema from a peer.
  return e.code() == cql::ErrorCode::invalid &&
         (m.find("does not exist") != std::string::npos || m.find("unconfigured table") != std::string::npos);
}

template <typename Step>
auto once_schema_agreed(cql::Session& session, Step step) {
  const auto until = std::chrono::steady_clock::now() + lagging_node_bound;
  for (;;) {
    try {
      return step();
    } catch (const cql::CqlError& e) {
      if (!schema_not_yet_agreed(e) || std::chrono::steady_clock::now() >= until) throw;
      spdlog::warn("init-db: a node does not know the new schema yet ({}); waiting for agreement", e.what());
      session.await_schema_agreement(std::chrono::seconds(5));
    }
  }
}
}  // namespace

int migrate(cql::Session& session, const KeyspaceSettings& settings) {
  session.query(create_keyspace_cql(settings));
  session.query(create_migrations_table_cql(settings.name));
  session.await_schema_agreement(agreement_bound);
  std::set<int> applied;
  const auto select_cql = fmt::format("SELECT version FROM {}.schema_migrations", settings.name);
  auto select = once_schema_agreed(session, [&] { return session.prepare(select_cql); });
  auto rows = once_schema_agreed(session, [&] { return session.fetch_all(cql::BoundStatement(select)); });
  for (const auto& row : rows) {
    if (!row.empty() && std::holds_alternative<std::int32_t>(row[0].v))
      applied.insert(std::get<std::int32_t>(row[0].v));
  }
  const auto record_cql = fmt::format(
      "INSERT INTO {}.schema_migrations (version, description, applied_at) VALUES (?, ?, ?)", settings.name);
  auto record = once_schema_agreed(session, [&] { return session.prepare(record_cql); });
  int version = applied.empty() ? 0 : *applied.rbegin();
  for (const auto& m : migrations(settings.name)) {
    if (applied.count(m.version)) continue;
    for (const auto& statement : m.statements) session.query(statement);
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    once_schema_agreed(session, [&] {
      return session.execute(
          cql::BoundStatement(record, {cql::Value(static_cast<std::int32_t>(m.version)),
                                       cql::Value(m.description), cql::Timestamp{now_ms}}));
    });
    spdlog::info("init-db: applied schema migration {} ({})", m.version, m.description);
    version = std::max(version, m.version);
  }
  return version;
}

}  // namespace jobstream::store
