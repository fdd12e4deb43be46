#include "store/reference_store.hpp"

#include <fmt/format.h>

#include <deque>

namespace jobstream::store {

std::size_t store_reference_list(cql::Session& session, std::string_view keyspace, std::string_view table,
                                 const std::vector<ReferenceRow>& rows) {
  // Table and keyspace names are the code's own constants and a validated keyspace name; every
  // value is bound.
  const auto insert = session.prepare(
      fmt::format("INSERT INTO {}.{} (code, libelle, parent, raw) VALUES (?, ?, ?, ?)", keyspace, table));
  const auto text_or_null = [](const std::string& s) { return s.empty() ? cql::Value() : cql::Value(s); };
  std::deque<cql::PendingResult> in_flight;
  constexpr std::size_t window = 128;  // the communes list runs to tens of thousands of rows
  for (const auto& row : rows) {
    if (in_flight.size() == window) {
      in_flight.front().get();
      in_flight.pop_front();
    }
    in_flight.push_back(
        session.execute_async(cql::BoundStatement(insert, {cql::Value(row.code), text_or_null(row.libelle),
                                                           text_or_null(row.parent), cql::Value(row.raw)})));
  }
  for (auto& pending : in_flight) pending.get();
  return rows.size();
}

}  // namespace jobstream::store
