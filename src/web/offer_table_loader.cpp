#include "web/offer_table_loader.hpp"

#include <fmt/format.h>

#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "analytics/facts_codec.hpp"

#include "store/schema.hpp"

namespace jobstream::web {
namespace {

std::optional<analytics::Timestamp> timestamp_of(const cql::Value& value) {
  if (value.is_null()) return std::nullopt;
  return analytics::Timestamp(std::chrono::milliseconds(value.as<cql::Timestamp>().ms));
}

std::string_view bytes_of(const cql::Value& value) {
  const auto& bytes = std::get<cql::Blob>(value.v).bytes;
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Ids fetched in one lookup of their `raw`: few enough for one modest partition read each.
constexpr std::size_t raw_lookup_batch = 100;

/// The statements of a load: the scan of a slice, and the lookup of `raw` for the rows the scan
/// gave no usable facts for.
struct LoadStatements {
  cql::PreparedStatement scan;
  std::optional<cql::PreparedStatement> raw_by_id;  ///< unset when the scan reads `raw` itself
};

/// Fills `raw` of the rows of `page` at `indexes` (rows stored without facts, or with facts of
/// another facts_code_version): they become facts from their JSON, as before the facts column.
void fetch_raw(cql::Session& session, const cql::PreparedStatement& raw_by_id,
               std::vector<LiveFigures::StoredOffer>& page, const std::vector<std::size_t>& indexes) {
  for (std::size_t from = 0; from < indexes.size(); from += raw_lookup_batch) {
    const auto to = std::min(indexes.size(), from + raw_lookup_batch);
    cql::List ids;
    std::unordered_map<std::string_view, std::size_t> at;
    for (auto k = from; k < to; ++k) {
      ids.emplace_back(page[indexes[k]].id);
      at.emplace(page[indexes[k]].id, indexes[k]);
    }
    cql::BoundStatement lookup(raw_by_id, {cql::Value::list(std::move(ids))});
    lookup.page_size = static_cast<std::int32_t>(raw_lookup_batch);
    auto result = session.execute(lookup);
    for (auto& row : result.rows) {
      if (row[0].is_null() || row[1].is_null()) continue;
      const auto found = at.find(std::get<std::string>(row[0].v));
      if (found != at.end()) page[found->second].raw = std::move(std::get<std::string>(row[1].v));
    }
  }
}

/// Reads one token slice page after page; returns (rows, rejected).
std::pair<std::size_t, std::size_t> read_slice(cql::Session& session, const LoadStatements& statements,
                                               std::pair<std::int64_t, std::int64_t> slice,
                                               std::int32_t page_size, LiveFigures& figures,
                                               const std::stop_token& stop) {
  cql::BoundStatement statement(statements.scan, {cql::Value(slice.first), cql::Value(slice.second)});
  statement.page_size = page_size;
  std::size_t rows = 0, rejected = 0;
  std::vector<std::size_t> without_facts;
  for (;;) {
    auto result = session.execute(statement);
    std::vector<LiveFigures::StoredOffer> page;
    page.reserve(result.rows.size());
    without_facts.clear();
    for (auto& row : result.rows) {
      LiveFigures::StoredOffer offer;
      if (!row[0].is_null()) offer.id = std::move(std::get<std::string>(row[0].v));
      offer.withdrawn_at = timestamp_of(row[2]);
      offer.harvested_at = timestamp_of(row[3]);
      if (!statements.raw_by_id) {
        if (!row[1].is_null()) offer.raw = std::move(std::get<std::string>(row[1].v));
      } else {
        // Decoded here, on the reading thread: the figures' lock is held only to apply them.
        if (!row[1].is_null()) offer.facts = analytics::decode_facts(bytes_of(row[1]), offer.withdrawn_at);
        if (!offer.facts) without_facts.push_back(page.size());
      }
      page.push_back(std::move(offer));
    }
    if (!without_facts.empty()) fetch_raw(session, *statements.raw_by_id, page, without_facts);
    rows += page.size();
    rejected += figures.apply_stored(std::move(page));
    if (!result.has_more_pages() || stop.stop_requested()) return {rows, rejected};
    statement.paging_state = std::move(result.metadata.paging_state);
  }
}

/// Whether `<keyspace>.offers` has the `facts` column (schema v4): a table of an older schema is
/// read as before, from `raw`.
bool has_facts_column(cql::Session& session, const std::string& keyspace) {
  return !session
              .query("SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND "
                     "table_name = 'offers' AND column_name = 'facts'",
                     {keyspace})
              .rows.empty();
}

}  // namespace

std::vector<std::pair<std::int64_t, std::int64_t>> token_slices(int count) {
  if (count < 1) throw std::invalid_argument("token_slices: count must be at least 1");
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  constexpr auto highest = std::numeric_limits<std::int64_t>::max();
  // Width of the ring (2^64) over count, computed without overflow.
  const auto step = static_cast<std::uint64_t>(-1) / static_cast<std::uint64_t>(count);
  std::vector<std::pair<std::int64_t, std::int64_t>> slices;
  std::uint64_t start = 0;  // offset from `lowest`
  for (int i = 0; i < count; ++i) {
    const std::uint64_t end = i + 1 == count ? static_cast<std::uint64_t>(-1) : start + step - 1;
    slices.emplace_back(static_cast<std::int64_t>(start + static_cast<std::uint64_t>(lowest)),
                        static_cast<std::int64_t>(end + static_cast<std::uint64_t>(lowest)));
    start = end + 1;
  }
  slices.back().second = highest;
  return slices;
}

TableLoad load_offer_table(cql::Session& session, const std::string& keyspace, LiveFigures& figures,
                           TableLoadOptions options) {
  if (!store::valid_keyspace_name(keyspace)) {
    throw std::invalid_argument("keyspace name must be 1-48 letters, digits or _ and start with a letter");
  }
  if (options.page_size < 1 || options.parallelism < 1) {
    throw std::invalid_argument("load_offer_table: page size and parallelism must be at least 1");
  }
  const auto started = std::chrono::steady_clock::now();
  // The compact facts, not the offer JSON: a tenth of the bytes to fetch and no JSON to parse.
  const bool with_facts = has_facts_column(session, keyspace);
  LoadStatements statements{
      session.prepare(fmt::format("SELECT id, {}, withdrawn_at, harvested_at FROM {}.offers WHERE token(id) "
                                  ">= ? AND token(id) <= ?",
                                  with_facts ? "facts" : "raw", keyspace)),
      std::nullopt};
  if (with_facts) {
    statements.raw_by_id =
        session.prepare(fmt::format("SELECT id, raw FROM {}.offers WHERE id IN ?", keyspace));
  }
  const auto slices = token_slices(options.ranges);

  std::atomic<std::size_t> next{0}, rows{0}, rejected{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr error;
  {
    std::vector<std::jthread> workers;
    for (int w = 0; w < std::min<int>(options.parallelism, static_cast<int>(slices.size())); ++w) {
      workers.emplace_back([&] {
        for (auto i = next++; i < slices.size() && !failed && !options.stop.stop_requested(); i = next++) {
          try {
            const auto [r, bad] =
                read_slice(session, statements, slices[i], options.page_size, figures, options.stop);
            rows += r;
            rejected += bad;
          } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
            failed = true;
          }
        }
      });
    }
  }  // the workers join here
  if (error) std::rethrow_exception(error);
  TableLoad load;
  load.rows = rows;
  load.rejected = rejected;
  load.complete = !options.stop.stop_requested();
  load.took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return load;
}

void require_offer_table(cql::Session& session, const std::string& keyspace) {
  const auto found = session.query(
      "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = 'offers'",
      {keyspace});
  if (found.rows.empty()) {
    throw std::invalid_argument("there is no table " + keyspace +
                                ".offers: run `jobstream init-db` first, or check CASSANDRA_KEYSPACE");
  }
}

}  // namespace jobstream::web
