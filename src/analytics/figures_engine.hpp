#pragma once

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analytics/day_census.hpp"
#include "analytics/figures.hpp"
#include "analytics/labelled_codes.hpp"
#include "analytics/offer_facts.hpp"
#include "analytics/offer_traits.hpp"
#include "analytics/string_pool.hpp"

namespace jobstream::analytics {

/// Sizes of what an engine holds, for logs and the memory benchmark.
struct EngineStats {
  std::size_t offers = 0;               ///< offers with facts
  std::size_t pending_withdrawals = 0;  ///< withdrawals of offers not seen yet
  std::size_t distinct_strings = 0;     ///< interned, all pools together
  std::size_t memory_bytes = 0;         ///< approximate heap bytes held
};

/// The figures of the job market, computed from one state per offer held in memory.
///
/// State is a pure function of the set of facts and withdrawals applied, whatever their order or
/// repetition: for each id the version with the latest updated_at wins (equal instants: the
/// greater content hash, so the choice is still order-free), and the withdrawal instant is the
/// latest one seen. An offer counts as withdrawn when that instant is not older than its latest
/// version; a newer version after a withdrawal reopens it, as the store does. Replaying a whole
/// topic therefore changes no figure.
///
/// Not thread-safe: callers serialize apply/withdraw against query (e.g. a shared_mutex, with
/// queries under the shared lock: query is const and touches no mutable state).
class FiguresEngine {
 public:
  /// What apply did, for logs and tests.
  enum class Applied { inserted, replaced, kept_newer, unchanged };

  /// Upserts one version of an offer (facts.withdrawn_at, if any, merges like withdraw()).
  Applied apply(const OfferFacts& facts);
  /// Records that an offer disappeared at `at`; an unknown id is remembered until its facts come.
  void withdraw(std::string_view id, Timestamp at);

  /// Answers a query. Throws std::invalid_argument with validate()'s message for a bad filter.
  Figures query(const Filter& filter) const;

  /// Offers with facts (pending withdrawals excluded).
  std::size_t size() const { return _offers; }
  EngineStats stats() const;
  /// Reserves room for `offers` rows, to avoid rehashing while loading a known amount.
  void reserve(std::size_t offers);
  /// Threads one query may use for its pass over the rows; 0 (the default): one per core, at most
  /// 4, and one only below 100,000 rows. Figures do not depend on it.
  void set_query_threads(std::size_t threads) { _query_threads = threads; }

 private:
  static constexpr std::int64_t no_time = INT64_MIN;

  // One row per offer id, 96 bytes; every string field is a symbol of its own pool, or of a pair.
  struct Row {
    std::int64_t created_ms = no_time, updated_ms = no_time, withdrawn_ms = no_time;
    std::uint64_t content_hash = 0;
    std::int32_t created_day = 0, updated_day = 0;
    Symbol commune = 0, rome = 0;  ///< the codes filters select on
    /// (code, label) pairs, counted by queries (labelled_codes.hpp): the commune and the city with
    /// the commune's name, the ROME code and the sector with their labels.
    Symbol commune_named = 0, city_named = 0, rome_labelled = 0, sector_labelled = 0;
    Symbol employer = 0, job_key = 0;
    Symbol traits = 0;  ///< contract, experience, qualification, ... (offer_traits.hpp)
    std::uint32_t skills_offset = 0;
    std::uint16_t skills_count = 0, skills_capacity = 0;
    std::uint32_t salary_annual = 0;  ///< euros, when salary_status is parsed
    std::uint16_t posts = 1;
    offer::GeoIndex departement = offer::unknown_geo, region = offer::unknown_geo;
    SalaryStatus salary_status = SalaryStatus::absent;  ///< also in the traits; here for the salary
    bool has_facts = false;

    /// Withdrawn when the withdrawal is not older than the latest version (a newer one reopens).
    bool withdrawn() const { return withdrawn_ms != no_time && withdrawn_ms >= updated_ms; }
  };

  Row& row_for(std::string_view id);
  Applied update(Row& row, const OfferFacts& facts);
  void store_skills(Row& row, const std::vector<std::string>& skills);
  /// Adds (+1) or takes back (-1) a row's dates in the censuses the default period comes from.
  void count_days(const Row& row, int sign);

 public:
  /// The string pools, one per field so per-query counters stay small. Exposed read-only for tests.
  struct Pools {
    StringPool communes, commune_names, romes, rome_labels, employers, sectors, sector_labels;
    StringPool contracts, experiences, qualifications, skills;
    StringPool cities, origins, partners, job_keys;
  };
  const Pools& pools() const { return _pools; }
  /// What rows are counted by besides plain symbols: (code, label) pairs, one set per coded field
  /// with a label, and the combinations of few-valued facts.
  struct CountKeys {
    LabelledCodes communes, cities, romes, sectors;
    TraitsPool traits;
  };

 private:
  friend class EngineImage;  // writes and reads the private rows, for restarts (engine_image.hpp)

  struct Scope;  // a query's period and filters, resolved (figures_tally.hpp)
  struct Tally;  // what a pass over some rows counts (figures_tally.hpp)
  /// Counts the rows [begin, end) that `scope` accepts into `out`.
  void tally(const Scope& scope, std::size_t begin, std::size_t end, Tally& out) const;
  std::size_t query_threads() const;

  std::unordered_map<std::string, std::uint32_t> _index;  // id -> position in _rows
  std::vector<Row> _rows;
  std::vector<Symbol> _skills;  // arena: each row owns [skills_offset, +skills_capacity)
  Pools _pools;
  CountKeys _keys;
  // Rows with facts: their creation days, and every day they were created, updated or withdrawn
  // on. The default period runs from the first of one to the last of the other.
  DayCensus _created_days, _dated_days;
  // The daily series of the whole market, for queries without filters: update days of updated
  // rows, withdrawal days of withdrawn rows, and the first and the end day (not open any more) of
  // each row's open interval, a row never open counting in neither.
  DayCensus _updated_days, _withdrawn_days, _open_from_days, _open_end_days;
  std::size_t _offers = 0;
  std::size_t _query_threads = 0;
};

/// Content hash of a version (all fields but withdrawn_at), stable across runs and platforms.
std::uint64_t content_hash(const OfferFacts& facts);

}  // namespace jobstream::analytics
