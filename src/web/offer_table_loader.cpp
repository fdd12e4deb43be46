#include "web/offer_table_loader.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "store/schema.hpp"

namespace jobstream::web {
namespace {

std::optional<analytics::Timestamp> timestamp_of(const cql::Value& value) {
  if (value.is_null()) return std::nullopt;
  return analytics::Timestamp(std::chrono::milliseconds(value.as<cql::Timestamp>().ms));
}

}  // namespace

TableLoad load_offer_table(cql::Session& session, const std::string& keyspace, LiveFigures& figures,
                           std::int32_t page_size) {
  if (!store::valid_keyspace_name(keyspace)) {
    throw std::invalid_argument("keyspace name must be 1-48 letters, digits or _ and start with a letter");
  }
  const auto started = std::chrono::steady_clock::now();
  cql::BoundStatement select(
      session.prepare(fmt::format("SELECT id, raw, withdrawn_at, harvested_at FROM {}.offers", keyspace)));
  select.page_size = page_size;
  TableLoad load;
  std::vector<LiveFigures::StoredOffer> page;
  for (;;) {
    auto result = session.execute(select);
    page.clear();
    page.reserve(result.rows.size());
    for (auto& row : result.rows) {
      LiveFigures::StoredOffer offer;
      if (!row[0].is_null()) offer.id = std::move(std::get<std::string>(row[0].v));
      if (!row[1].is_null()) offer.raw = std::move(std::get<std::string>(row[1].v));
      offer.withdrawn_at = timestamp_of(row[2]);
      offer.harvested_at = timestamp_of(row[3]);
      page.push_back(std::move(offer));
    }
    load.rows += page.size();
    load.rejected += figures.apply_stored(page);
    if (!result.has_more_pages()) break;
    select.paging_state = std::move(result.metadata.paging_state);
  }
  load.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return load;
}

}  // namespace jobstream::web
