#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "cql/session.hpp"
#include "web/live_figures.hpp"

namespace jobstream::web {

/// What a load of the `offers` table read.
struct TableLoad {
  std::size_t rows = 0;      ///< rows read
  std::size_t rejected = 0;  ///< rows whose `raw` could not become facts
  std::chrono::milliseconds took{0};
};

/// Reads `id, raw, withdrawn_at, harvested_at` of every row of `<keyspace>.offers`, page after page
/// (memory stays bounded by one page), and applies each page to `figures`. The keyspace name is
/// checked like the schema step does (it is part of the statement; values are bound). Throws
/// std::invalid_argument for a bad name and cql::CqlError when Cassandra fails.
TableLoad load_offer_table(cql::Session& session, const std::string& keyspace, LiveFigures& figures,
                           std::int32_t page_size = 2000);

}  // namespace jobstream::web
