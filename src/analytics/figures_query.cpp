// FiguresEngine::query: one pass over the rows that match the filter, then rankings and
// percentiles. Nothing here depends on symbol values or row order, only on the set of rows,
// which is what makes the figures identical under replays and reordering.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <stdexcept>
#include <thread>

#include "analytics/code_labels.hpp"
#include "analytics/figures_engine.hpp"
#include "analytics/figures_tally.hpp"

namespace jobstream::analytics {
namespace {

constexpr std::size_t max_histogram_bins = 60;
// 2000-01-01: no offer of the API is older (its oldest offers are a few months old).
constexpr std::int32_t earliest_plausible_day = 10957;

std::int32_t day_number(Day d) { return static_cast<std::int32_t>(d.time_since_epoch().count()); }
Day day_from_number(std::int32_t n) { return Day{std::chrono::days{n}}; }

// Nearest-rank percentiles (the smallest value with at least p% of values at or below it) of
// non-empty values, for `ps` in ascending order, by radix selection: one pass counts the values'
// high 16 bits and finds each rank's bucket, a second counts the low 16 bits inside those buckets
// only. Two linear passes where a sort of a million salaries took most of a whole-country query
// (and a selection degrades on the many equal salaries).
template <std::size_t N>
std::array<std::uint32_t, N> percentiles(const std::vector<std::uint32_t>& values,
                                         const std::array<unsigned, N>& ps) {
  constexpr std::size_t buckets = 1U << 16;
  const std::uint64_t n = values.size();
  std::array<std::uint64_t, N> rank{};  // 1-based
  for (std::size_t i = 0; i < N; ++i) rank[i] = std::max<std::uint64_t>(1, (ps[i] * n + 99) / 100);

  std::vector<std::uint64_t> high(buckets);
  for (const auto v : values) ++high[v >> 16];
  std::array<std::uint32_t, N> bucket{};
  std::array<std::uint64_t, N> below{};  // values in the buckets before bucket[i]
  std::uint64_t seen = 0;
  std::uint32_t b = 0;
  for (std::size_t i = 0; i < N; ++i) {
    while (seen + high[b] < rank[i]) seen += high[b++];
    bucket[i] = b;
    below[i] = seen;
  }

  std::vector<std::int8_t> slot_of(buckets, -1);
  std::vector<std::uint32_t> slot_bucket;
  for (const auto hb : bucket) {
    if (slot_of[hb] < 0) {
      slot_of[hb] = static_cast<std::int8_t>(slot_bucket.size());
      slot_bucket.push_back(hb);
    }
  }
  std::vector<std::uint64_t> low(slot_bucket.size() * buckets);
  for (const auto v : values) {
    if (const auto slot = slot_of[v >> 16]; slot >= 0)
      ++low[static_cast<std::size_t>(slot) * buckets + (v & 0xFFFFU)];
  }
  std::array<std::uint32_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    const std::uint64_t* counts = &low[static_cast<std::size_t>(slot_of[bucket[i]]) * buckets];
    std::uint64_t at = below[i];
    std::uint32_t l = 0;
    while (at + counts[l] < rank[i]) at += counts[l++];
    out[i] = (bucket[i] << 16) | l;
  }
  return out;
}

// A symbol-indexed bitmap of the pool entries accepted by a filter list (nullopt: no filter).
std::optional<std::vector<char>> accepted(const StringPool& pool, const std::vector<std::string>& wanted,
                                          bool prefixes) {
  if (wanted.empty()) return std::nullopt;
  std::vector<char> ok(pool.size(), 0);
  if (prefixes) {
    for (Symbol s = 1; s < pool.size(); ++s) {
      for (const auto& w : wanted) {
        if (pool.text(s).starts_with(w)) ok[s] = 1;
      }
    }
  } else {
    for (const auto& w : wanted) {
      if (Symbol s; pool.find(w, s) && s != empty_symbol) ok[s] = 1;
    }
  }
  return ok;
}

// Runs fn(worker, begin, end) over [0, n) in chunks of `chunk`, on `workers` threads (this one
// and helpers) that each take the next chunk left until none is; returns when all are done. Taken,
// not dealt out in equal shares: a worker the system sets aside for a while (the machine also runs
// Cassandra) leaves its chunks to the others instead of holding the answer back by its whole
// share. An exception in any worker is rethrown here (this thread's first), never left to end the
// process in a helper thread; the others then stop at their next chunk.
template <typename Fn>
void in_chunks(std::size_t workers, std::size_t n, std::size_t chunk, Fn fn) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(workers);
  const auto work = [&](std::size_t worker) {
    try {
      for (;;) {
        const std::size_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
        if (begin >= n || failed.load(std::memory_order_relaxed)) return;
        fn(worker, begin, std::min(n, begin + chunk));
      }
    } catch (...) {
      errors[worker] = std::current_exception();
      failed = true;
    }
  };
  {
    std::vector<std::jthread> helpers;  // joined when the block ends, even if a start throws
    for (std::size_t i = 1; i < workers; ++i) helpers.emplace_back(work, i);
    work(0);
  }
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// Counts by code, and the label of each, from counts by (code, label) pair: the smallest label
// by text among the pairs counted, so the label shown does not depend on which offer came first
// (an empty one only when the code has no other).
struct ByCode {
  std::vector<std::uint64_t> count;
  std::vector<Symbol> label;
};
ByCode by_code(const std::vector<std::uint64_t>& pair_count, const LabelledCodes& pairs,
               const StringPool& codes, const StringPool& labels) {
  ByCode out{std::vector<std::uint64_t>(codes.size()), std::vector<Symbol>(codes.size(), empty_symbol)};
  for (Symbol pair = 1; pair < pair_count.size(); ++pair) {
    if (pair_count[pair] == 0) continue;
    const Symbol code = pairs.code(pair), label = pairs.label(pair);
    out.count[code] += pair_count[pair];
    Symbol& best = out.label[code];
    if (label != empty_symbol && (best == empty_symbol || labels.text(label) < labels.text(best)))
      best = label;
  }
  return out;
}

struct Ranked {
  Symbol symbol;
  std::uint64_t count;
};

// Entries with a non-zero count and a non-empty code, by count descending then code ascending,
// cut to `limit` (0 = all).
std::vector<Ranked> rank(const std::vector<std::uint64_t>& counts, const StringPool& pool,
                         std::size_t limit) {
  std::vector<Ranked> out;
  for (Symbol s = 1; s < counts.size(); ++s) {
    if (counts[s] > 0) out.push_back({s, counts[s]});
  }
  const auto before = [&](const Ranked& a, const Ranked& b) {
    if (a.count != b.count) return a.count > b.count;
    return pool.text(a.symbol) < pool.text(b.symbol);
  };
  if (limit > 0 && limit < out.size()) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(), before);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), before);
  }
  return out;
}

template <typename LabelOf>
std::vector<CountEntry> entries(const std::vector<std::uint64_t>& counts, const StringPool& pool,
                                std::size_t limit, LabelOf label_of) {
  std::vector<CountEntry> out;
  for (const auto& r : rank(counts, pool, limit)) {
    out.push_back({std::string(pool.text(r.symbol)), std::string(label_of(r.symbol)), {}, r.count});
  }
  return out;
}

}  // namespace

std::size_t FiguresEngine::query_threads() const {
  if (_query_threads > 0) return std::min(_query_threads, std::max<std::size_t>(_rows.size(), 1));
  // Below this, starting a thread costs about what it saves.
  if (_rows.size() < 100'000) return 1;
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
}

Figures FiguresEngine::query(const Filter& filter) const {
  if (auto error = validate(filter)) throw std::invalid_argument(*error);
  Figures fig;
  fig.filter = filter;
  fig.salary.bin_width = filter.salary_bin_width;

  // The period: as asked, else the extent of the data, never longer than max_query_days. Only
  // dates a harvest can have seen make the extent: an API's 9999-12-31 (or 0001-01-01) would
  // otherwise turn the default period into 9989-9999. Such offers are still counted in any period
  // their dates fall in.
  std::int32_t data_first = never_day, data_last = std::numeric_limits<std::int32_t>::min();
  if (!filter.from || !filter.to) {
    const auto today = day_number(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    if (const auto d = _created_days.first_in(earliest_plausible_day, today + 1)) data_first = *d;
    if (const auto d = _dated_days.last_in(earliest_plausible_day, today + 1)) data_last = *d;
    if (data_last != std::numeric_limits<std::int32_t>::min() && data_first == never_day)
      data_first = data_last;
  }
  const bool no_data = data_first == never_day;
  if (!filter.from && !filter.to && no_data) return fig;  // nothing held, nothing asked
  std::int32_t first =
      filter.from ? day_number(*filter.from) : (no_data ? day_number(*filter.to) : data_first);
  std::int32_t last = filter.to ? day_number(*filter.to) : (no_data ? first : data_last);
  if (!filter.from && first > last) first = last;
  if (!filter.to && last < first) last = first;
  if (last - first >= max_query_days) {
    if (filter.from) {
      last = first + max_query_days - 1;
    } else {
      first = last - max_query_days + 1;
    }
  }
  fig.filter.from = day_from_number(first);
  fig.filter.to = day_from_number(last);
  const std::int32_t day_count = last - first + 1;
  const auto days = static_cast<std::size_t>(day_count);

  // Filters, resolved once to lookups by index.
  Scope scope;
  scope.first = first;
  scope.last = last;
  for (const auto& code : filter.departements) scope.departement_ok[offer::departement_index(code)] = 1;
  for (const auto& code : filter.regions) scope.region_ok[offer::region_index(code)] = 1;
  scope.by_departement = !filter.departements.empty();
  scope.by_region = !filter.regions.empty();
  scope.commune_ok = accepted(_pools.communes, filter.communes, false);
  scope.rome_ok = accepted(_pools.romes, filter.rome_codes, true);
  if (const auto contract_ok = accepted(_pools.contracts, filter.contract_types, false)) {
    std::vector<char> ok(_keys.traits.size());
    for (Symbol k = 0; k < ok.size(); ++k) ok[k] = (*contract_ok)[_keys.traits.at(k).contract];
    scope.traits_ok = std::move(ok);
  }

  // Without filters, the daily series are the whole market's, which the engine's day censuses
  // hold: the pass need not count them (a fifth of a whole-country pass).
  scope.series_in_pass =
      scope.by_departement || scope.by_region || scope.commune_ok || scope.rome_ok || scope.traits_ok;

  // One pass over the rows, split between threads (figures_tally.hpp): the pass is most of a
  // query over a whole market, and queries run under a shared lock, so the other cores are free.
  const std::size_t parts = query_threads();
  std::vector<Tally> tallies;
  tallies.reserve(parts);
  for (std::size_t i = 0; i < parts; ++i) tallies.emplace_back(_pools, _keys, days);
  // Chunks of at most 64 Ki rows (6 MiB; 77 at 5 million), at least 16 a thread: few enough that
  // taking one costs nothing beside its pass, enough that a thread held up near the end leaves
  // little to wait for. At least 256 rows: a small engine is still cut in several (as tests do).
  const std::size_t chunk_rows =
      std::clamp<std::size_t>((_rows.size() + parts * 16 - 1) / (parts * 16), 256, 65536);
  in_chunks(parts, _rows.size(), chunk_rows, [&](std::size_t part, std::size_t begin, std::size_t end) {
    tally(scope, begin, end, tallies[part]);
  });
  Tally& all = tallies[0];
  for (std::size_t i = 1; i < parts; ++i) all.merge(tallies[i]);

  Totals& t = fig.totals;
  t = all.totals;
  t.distinct_jobs = all.offers_without_job_key;
  for (Symbol key = 1; key < all.job_seen.size(); ++key) t.distinct_jobs += all.job_seen[key] ? 1 : 0;
  t.without_departement = all.departement_count[offer::unknown_geo];
  // The few-valued facts, spread from the counts by combination to each value.
  std::vector<std::uint64_t> contract_count(_pools.contracts.size()),
      experience_count(_pools.experiences.size()), qualification_count(_pools.qualifications.size()),
      origin_count(_pools.origins.size()), partner_count(_pools.partners.size());
  SalaryDistribution& salary = fig.salary;
  for (Symbol k = 0; k < all.traits_count.size(); ++k) {
    const std::uint64_t n = all.traits_count[k];
    if (n == 0) continue;
    const OfferTraits& traits = _keys.traits.at(k);
    contract_count[traits.contract] += n;
    experience_count[traits.experience] += n;
    qualification_count[traits.qualification] += n;
    origin_count[traits.origin] += n;
    partner_count[traits.partner] += n;
    t.remote += traits.remote ? n : 0;
    t.part_time += traits.part_time ? n : 0;
    t.place_scope[static_cast<std::size_t>(traits.place_scope)] += n;
    salary.reasons[static_cast<std::size_t>(traits.salary_reason)] += n;
    switch (traits.salary_status) {
      case SalaryStatus::parsed:
        salary.parsed += n;
        salary.from_comment += traits.salary_from_comment ? n : 0;
        break;
      case SalaryStatus::implausible:
        salary.implausible += n;
        break;
      case SalaryStatus::unparsed:
        salary.unparsed += n;
        break;
      case SalaryStatus::absent:
        salary.absent += n;
        break;
    }
  }
  // Daily series: counted by the pass, or the censuses' counts (the same conditions, kept as rows
  // change; FiguresEngineTest.TheWholeMarketsSeriesAreThoseOfThePass).
  fig.daily.resize(days);
  std::int64_t open = scope.series_in_pass ? 0
                                           : static_cast<std::int64_t>(_open_from_days.before(first)) -
                                                 static_cast<std::int64_t>(_open_end_days.before(first));
  for (std::size_t d = 0; d < days; ++d) {
    auto& day = fig.daily[d];
    const std::int32_t number = first + static_cast<std::int32_t>(d);
    day.day = day_from_number(number);
    if (scope.series_in_pass) {
      open += all.open_delta[d];
      day.new_offers = all.new_offers[d];
      day.updated_offers = all.updated[d];
      day.withdrawn_offers = all.withdrawn[d];
    } else {
      open += static_cast<std::int64_t>(_open_from_days.on(number)) -
              static_cast<std::int64_t>(_open_end_days.on(number));
      day.new_offers = _created_days.on(number);
      day.updated_offers = _updated_days.on(number);
      day.withdrawn_offers = _withdrawn_days.on(number);
    }
    day.open_offers = static_cast<std::uint64_t>(open);
    t.new_offers += day.new_offers;
    t.updated_offers += day.updated_offers;
    t.withdrawn_offers += day.withdrawn_offers;
  }

  // Salary distribution.
  if (!all.salaries.empty()) {
    auto& s = fig.salary;
    const auto [p10, p25, median, p75, p90, highest] =
        percentiles(all.salaries, std::array{10U, 25U, 50U, 75U, 90U, 100U});
    s.p10 = p10;
    s.p25 = p25;
    s.median = median;
    s.p75 = p75;
    s.p90 = p90;
    std::uint64_t sum = 0;
    for (auto v : all.salaries) sum += v;
    s.mean = static_cast<std::uint32_t>((sum + all.salaries.size() / 2) / all.salaries.size());
    const std::uint32_t width = filter.salary_bin_width;
    const std::size_t bins = std::min<std::size_t>(highest / width + 1, max_histogram_bins);
    s.histogram.resize(bins);
    for (std::size_t b = 0; b < bins; ++b) {
      s.histogram[b].lower = static_cast<std::uint32_t>(b * width);
      s.histogram[b].upper = static_cast<std::uint32_t>((b + 1) * width);
    }
    if (highest / width + 1 > max_histogram_bins) s.histogram.back().upper.reset();
    for (auto v : all.salaries) ++s.histogram[std::min<std::size_t>(v / width, bins - 1)].count;
  }

  // Time on market.
  if (!all.market_days.empty()) {
    auto& m = fig.time_on_market;
    m.count = all.market_days.size();
    const auto [median, p90] = percentiles(all.market_days, std::array{50U, 90U});
    m.median_days = median;
    m.p90_days = p90;
    m.mean_days =
        std::round(static_cast<double>(all.market_days_sum) * 10.0 / static_cast<double>(m.count)) / 10.0;
  }

  // Rankings and breakdowns.
  const ByCode romes = by_code(all.rome_pair_count, _keys.romes, _pools.romes, _pools.rome_labels);
  const ByCode sectors = by_code(all.sector_pair_count, _keys.sectors, _pools.sectors, _pools.sector_labels);
  const ByCode communes =
      by_code(all.commune_pair_count, _keys.communes, _pools.communes, _pools.commune_names);
  const ByCode cities = by_code(all.city_pair_count, _keys.cities, _pools.cities, _pools.commune_names);
  fig.top_rome = entries(romes.count, _pools.romes, filter.top,
                         [&](Symbol s) { return _pools.rome_labels.text(romes.label[s]); });
  fig.top_skills =
      entries(all.skill_count, _pools.skills, filter.top, [&](Symbol s) { return _pools.skills.text(s); });
  fig.top_employers = entries(all.employer_count, _pools.employers, filter.top,
                              [&](Symbol s) { return _pools.employers.text(s); });
  fig.by_contract = entries(contract_count, _pools.contracts, 0,
                            [&](Symbol s) { return contract_type_label(_pools.contracts.text(s)); });
  fig.by_experience = entries(experience_count, _pools.experiences, 0,
                              [&](Symbol s) { return experience_label(_pools.experiences.text(s)); });
  fig.by_qualification = entries(qualification_count, _pools.qualifications, 0, [&](Symbol s) {
    return qualification_label(_pools.qualifications.text(s));
  });
  fig.by_sector = entries(sectors.count, _pools.sectors, 0,
                          [&](Symbol s) { return _pools.sector_labels.text(sectors.label[s]); });
  fig.by_commune = entries(communes.count, _pools.communes, filter.commune_limit,
                           [&](Symbol s) { return _pools.commune_names.text(communes.label[s]); });
  for (auto& c : fig.by_commune) {
    if (const auto* d = offer::departement_at(offer::departement_of_commune(c.code)))
      c.parent = std::string(d->code);
  }
  fig.by_city = entries(cities.count, _pools.cities, filter.commune_limit, [&](Symbol s) {
    const auto name = city_label(_pools.cities.text(s));
    return name.empty() ? _pools.commune_names.text(cities.label[s]) : name;
  });
  for (auto& c : fig.by_city) {
    if (const auto* d = offer::departement_at(offer::departement_of_commune(c.code)))
      c.parent = std::string(d->code);
  }
  fig.by_origin = entries(origin_count, _pools.origins, 0,
                          [&](Symbol s) { return origin_label(_pools.origins.text(s)); });
  fig.by_partner =
      entries(partner_count, _pools.partners, 0, [&](Symbol s) { return _pools.partners.text(s); });
  for (std::size_t i = 1; i <= offer::all_regions().size(); ++i) {
    if (all.region_count[i] == 0) continue;
    const offer::Region& r = *offer::region_at(static_cast<offer::GeoIndex>(i));
    fig.by_region.push_back({std::string(r.code), std::string(r.name), {}, all.region_count[i]});
  }
  for (std::size_t i = 1; i <= offer::all_departements().size(); ++i) {
    if (all.departement_count[i] == 0) continue;
    const offer::Departement& d = *offer::departement_at(static_cast<offer::GeoIndex>(i));
    fig.by_departement.push_back(
        {std::string(d.code), std::string(d.name), std::string(d.region_code), all.departement_count[i]});
  }
  return fig;
}

}  // namespace jobstream::analytics
