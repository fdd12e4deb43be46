#pragma once
// What one pass over a range of the engine's rows counts for a query, and how two such counts
// merge. The query splits the rows between threads, each tallies the chunks it takes into a
// Tally of its own, and the merged tally is exactly what one pass over every row would have
// counted: counts add up, a job seen by either is seen.
// Internal to the engine's query (figures_query.cpp, figures_tally.cpp).
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "analytics/figures_engine.hpp"

namespace jobstream::analytics {

/// A query's period and filters, resolved once to lookups by index.
struct FiguresEngine::Scope {
  std::int32_t first = 0, last = 0;  ///< the period, as day numbers, inclusive
  std::array<char, 256> departement_ok{}, region_ok{};
  bool by_departement = false, by_region = false;
  /// Whether the pass counts the daily series: a query without filters reads them from the
  /// engine's day censuses instead.
  bool series_in_pass = true;
  std::optional<std::vector<char>> commune_ok, rome_ok;  ///< by symbol; nullopt: no filter
  std::optional<std::vector<char>> traits_ok;            ///< by traits, from the contract types asked
};

struct FiguresEngine::Tally {
  Tally(const Pools& pools, const CountKeys& keys, std::size_t days);
  /// Adds what `other` counted over other rows.
  void merge(const Tally& other);

  /// By day of the period, then a sink slot for the rows a series does not count.
  std::vector<std::uint64_t> new_offers, updated, withdrawn;
  std::vector<std::int64_t> open_delta;  ///< open offers' change, by day (+1), then two sink slots
  /// By (code, label) pair: the query folds them into counts and labels by code.
  std::vector<std::uint64_t> commune_pair_count, city_pair_count, rome_pair_count, sector_pair_count;
  std::vector<std::uint64_t> traits_count;  ///< by traits: the query spreads them to each value
  std::vector<std::uint64_t> skill_count, employer_count;
  std::array<std::uint64_t, 256> departement_count{}, region_count{};
  std::vector<char> job_seen;                ///< by job key
  std::uint64_t offers_without_job_key = 0;  ///< each counts as a job of its own
  std::vector<std::uint32_t> salaries, market_days;
  std::uint64_t market_days_sum = 0;
  Totals totals;  ///< offers, open_at_end, open_posts_at_end; the rest is left to the query
};

}  // namespace jobstream::analytics
