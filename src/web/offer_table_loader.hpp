#pragma once

#include <chrono>
#include <cstdint>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "cql/session.hpp"
#include "web/live_figures.hpp"

namespace jobstream::web {

/// What a load of the `offers` table read.
struct TableLoad {
  std::size_t rows = 0;      ///< rows read
  std::size_t rejected = 0;  ///< rows whose `raw` could not become facts (none stored beside it)
  bool complete = true;      ///< false when stopped before the last page
  std::chrono::milliseconds took{0};
};

/// Reads `id, facts, withdrawn_at, harvested_at` of every row of `<keyspace>.offers` and applies
/// each page to `figures`; a row without usable facts (written before the column existed, or by
/// another facts_code_version) is made into facts from its `raw`, looked up by id. A table of a
/// schema before the `facts` column is read from `raw` alone. The token ring is cut into `ranges` slices read
/// by `parallelism` threads at once (a single paged scan leaves Cassandra waiting on one round trip at a
/// time); each slice is paged, so memory stays bounded by a page per thread. The keyspace name is checked
/// like the schema step does (it is part of the statement; values are bound). Throws std::invalid_argument
/// for a bad name and cql::CqlError when Cassandra fails.
struct TableLoadOptions {
  std::int32_t page_size = 2000;
  int ranges = 64;
  int parallelism = 4;
  std::stop_token stop;  ///< when requested, the load ends after the pages in flight (complete = false)
};
TableLoad load_offer_table(cql::Session& session, const std::string& keyspace, LiveFigures& figures,
                           TableLoadOptions options = {});

/// Throws std::invalid_argument when `<keyspace>.offers` does not exist (the schema step was not
/// run, or the keyspace name is wrong): a mistake to report at start, not an outage to wait out.
/// cql::CqlError when Cassandra cannot be asked.
void require_offer_table(cql::Session& session, const std::string& keyspace);

/// The Murmur3 token ring [-2^63, 2^63-1] cut into `count` contiguous, inclusive slices.
std::vector<std::pair<std::int64_t, std::int64_t>> token_slices(int count);

}  // namespace jobstream::web
