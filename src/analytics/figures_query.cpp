// FiguresEngine::query: one pass over the rows that match the filter, then rankings and
// percentiles. Nothing here depends on symbol values or row order, only on the set of rows,
// which is what makes the figures identical under replays and reordering.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analytics/code_labels.hpp"
#include "analytics/figures_engine.hpp"

namespace jobstream::analytics {
namespace {

constexpr std::int64_t ms_per_day = 86'400'000;
constexpr std::int32_t never = std::numeric_limits<std::int32_t>::max();
constexpr std::size_t max_histogram_bins = 60;
// 2000-01-01: no offer of the API is older (its oldest offers are a few months old).
constexpr std::int32_t earliest_plausible_day = 10957;

std::int32_t day_number(std::int64_t ms) {
  // Floor division that cannot overflow: a time read back from a snapshot may be any value.
  const std::int64_t day = ms / ms_per_day - (ms % ms_per_day < 0 ? 1 : 0);
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(day, std::numeric_limits<std::int32_t>::min(),
                                                            std::numeric_limits<std::int32_t>::max()));
}
std::int32_t day_number(Day d) { return static_cast<std::int32_t>(d.time_since_epoch().count()); }
Day day_from_number(std::int32_t n) { return Day{std::chrono::days{n}}; }

// Nearest-rank percentile of sorted values: the smallest value with at least p% of values at or below it.
template <typename T>
T percentile(const std::vector<T>& sorted, unsigned p) {
  const std::size_t n = sorted.size();
  std::size_t rank = (p * n + 99) / 100;
  if (rank == 0) rank = 1;
  return sorted[rank - 1];
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

// Keeps, per code, the smallest non-empty label seen, so the label shown does not depend on
// which offer came first.
void keep_smallest_label(const StringPool& labels, Symbol candidate, Symbol& best) {
  if (candidate == empty_symbol || candidate == best) return;
  if (best == empty_symbol || labels.text(candidate) < labels.text(best)) best = candidate;
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

Figures FiguresEngine::query(const Filter& filter) const {
  if (auto error = validate(filter)) throw std::invalid_argument(*error);
  Figures fig;
  fig.filter = filter;
  fig.salary.bin_width = filter.salary_bin_width;

  // The period: as asked, else the extent of the data, never longer than max_query_days. Only
  // dates a harvest can have seen make the extent: an API's 9999-12-31 (or 0001-01-01) would
  // otherwise turn the default period into 9989-9999. Such offers are still counted in any period
  // their dates fall in.
  std::int32_t data_first = never, data_last = std::numeric_limits<std::int32_t>::min();
  if (!filter.from || !filter.to) {
    const auto today = day_number(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    const auto plausible = [&](std::int32_t d) { return d >= earliest_plausible_day && d <= today + 1; };
    for (const Row& row : _rows) {
      if (!row.has_facts) continue;
      if (plausible(row.created_day)) {
        data_first = std::min(data_first, row.created_day);
        data_last = std::max(data_last, row.created_day);
      }
      if (plausible(row.updated_day)) data_last = std::max(data_last, row.updated_day);
      if (row.withdrawn_ms != no_time && row.withdrawn_ms >= row.updated_ms &&
          plausible(day_number(row.withdrawn_ms))) {
        data_last = std::max(data_last, day_number(row.withdrawn_ms));
      }
    }
    if (data_last != std::numeric_limits<std::int32_t>::min() && data_first == never) data_first = data_last;
  }
  const bool no_data = data_first == never;
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
  std::array<char, 256> departement_ok{}, region_ok{};
  for (const auto& code : filter.departements) departement_ok[offer::departement_index(code)] = 1;
  for (const auto& code : filter.regions) region_ok[offer::region_index(code)] = 1;
  const bool by_departement = !filter.departements.empty(), by_region = !filter.regions.empty();
  const auto commune_ok = accepted(_pools.communes, filter.communes, false);
  const auto rome_ok = accepted(_pools.romes, filter.rome_codes, true);
  const auto contract_ok = accepted(_pools.contracts, filter.contract_types, false);

  // Counters.
  std::vector<std::uint64_t> new_offers(days), updated(days), withdrawn(days);
  std::vector<std::int64_t> open_delta(days + 1);
  std::vector<std::uint64_t> rome_count(_pools.romes.size()), skill_count(_pools.skills.size()),
      employer_count(_pools.employers.size()), contract_count(_pools.contracts.size()),
      experience_count(_pools.experiences.size()), qualification_count(_pools.qualifications.size()),
      sector_count(_pools.sectors.size()), commune_count(_pools.communes.size()),
      city_count(_pools.cities.size()), origin_count(_pools.origins.size()),
      partner_count(_pools.partners.size());
  std::vector<char> job_seen(_pools.job_keys.size(), 0);
  std::vector<Symbol> rome_label(_pools.romes.size()), sector_label(_pools.sectors.size()),
      commune_name(_pools.communes.size()), city_name(_pools.cities.size());
  std::array<std::uint64_t, 256> departement_count{}, region_count{};
  std::vector<std::uint32_t> salaries, market_days;
  std::uint64_t market_days_sum = 0;
  Totals& t = fig.totals;

  for (const Row& row : _rows) {
    if (!row.has_facts) continue;
    if (by_departement && !departement_ok[row.departement]) continue;
    if (by_region && !region_ok[row.region]) continue;
    if (commune_ok && !(*commune_ok)[row.commune]) continue;
    if (rome_ok && !(*rome_ok)[row.rome]) continue;
    if (contract_ok && !(*contract_ok)[row.contract]) continue;

    const std::int32_t created = row.created_day;
    const bool is_withdrawn = row.withdrawn_ms != no_time && row.withdrawn_ms >= row.updated_ms;
    const std::int32_t gone = is_withdrawn ? day_number(row.withdrawn_ms) : never;
    if (created >= first && created <= last) ++new_offers[created - first];
    if (row.updated_day >= first && row.updated_day <= last && row.updated_ms > row.created_ms) {
      ++updated[row.updated_day - first];
    }
    if (is_withdrawn && gone >= first && gone <= last) ++withdrawn[gone - first];
    // Open at the end of day d when created <= d < gone.
    const std::int32_t open_from = std::max(created, first);
    const std::int32_t open_to = std::min(gone == never ? last : gone - 1, last);
    if (open_from <= open_to) {
      ++open_delta[open_from - first];
      --open_delta[open_to - first + 1];
    }

    // In scope: open at some time during the period.
    if (created > last || gone < first) continue;
    ++t.offers;
    if (gone > last) {
      ++t.open_at_end;
      t.open_posts_at_end += row.posts;
    }
    if (row.remote) ++t.remote;
    if (row.part_time) ++t.part_time;
    if (row.departement == offer::unknown_geo) ++t.without_departement;
    ++t.place_scope[static_cast<std::size_t>(row.place_scope)];
    if (row.job_key == empty_symbol || !job_seen[row.job_key]) ++t.distinct_jobs;
    job_seen[row.job_key] = 1;
    ++fig.salary.reasons[static_cast<std::size_t>(row.salary_reason)];
    if (is_withdrawn && gone <= last) {
      // In unsigned arithmetic: the two times may be any values (a snapshot read back), and the
      // difference of a later and an earlier one always fits there.
      const std::uint64_t span =
          row.withdrawn_ms > row.created_ms
              ? (static_cast<std::uint64_t>(row.withdrawn_ms) - static_cast<std::uint64_t>(row.created_ms)) /
                    static_cast<std::uint64_t>(ms_per_day)
              : 0;
      market_days.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(span, UINT32_MAX)));
      market_days_sum += market_days.back();
    }
    switch (row.salary_status) {
      case SalaryStatus::parsed:
        ++fig.salary.parsed;
        if (row.salary_from_comment) ++fig.salary.from_comment;
        salaries.push_back(row.salary_annual);
        break;
      case SalaryStatus::implausible:
        ++fig.salary.implausible;
        break;
      case SalaryStatus::unparsed:
        ++fig.salary.unparsed;
        break;
      case SalaryStatus::absent:
        ++fig.salary.absent;
        break;
    }
    ++departement_count[row.departement];
    ++region_count[row.region];
    ++commune_count[row.commune];
    ++city_count[row.city];
    keep_smallest_label(_pools.commune_names, row.commune_name, city_name[row.city]);
    ++origin_count[row.origin];
    ++partner_count[row.partner];
    keep_smallest_label(_pools.commune_names, row.commune_name, commune_name[row.commune]);
    ++rome_count[row.rome];
    keep_smallest_label(_pools.rome_labels, row.rome_label, rome_label[row.rome]);
    ++sector_count[row.sector];
    keep_smallest_label(_pools.sector_labels, row.sector_label, sector_label[row.sector]);
    ++employer_count[row.employer];
    ++contract_count[row.contract];
    ++experience_count[row.experience];
    ++qualification_count[row.qualification];
    for (std::uint16_t i = 0; i < row.skills_count; ++i) ++skill_count[_skills[row.skills_offset + i]];
  }

  // Daily series.
  std::int64_t open = 0;
  fig.daily.resize(days);
  for (std::size_t d = 0; d < days; ++d) {
    open += open_delta[d];
    auto& day = fig.daily[d];
    day.day = day_from_number(first + static_cast<std::int32_t>(d));
    day.new_offers = new_offers[d];
    day.updated_offers = updated[d];
    day.withdrawn_offers = withdrawn[d];
    day.open_offers = static_cast<std::uint64_t>(open);
    t.new_offers += new_offers[d];
    t.updated_offers += updated[d];
    t.withdrawn_offers += withdrawn[d];
  }

  // Salary distribution.
  if (!salaries.empty()) {
    std::sort(salaries.begin(), salaries.end());
    auto& s = fig.salary;
    s.p10 = percentile(salaries, 10);
    s.p25 = percentile(salaries, 25);
    s.median = percentile(salaries, 50);
    s.p75 = percentile(salaries, 75);
    s.p90 = percentile(salaries, 90);
    std::uint64_t sum = 0;
    for (auto v : salaries) sum += v;
    s.mean = static_cast<std::uint32_t>((sum + salaries.size() / 2) / salaries.size());
    const std::uint32_t width = filter.salary_bin_width;
    const std::size_t bins = std::min<std::size_t>(salaries.back() / width + 1, max_histogram_bins);
    s.histogram.resize(bins);
    for (std::size_t b = 0; b < bins; ++b) {
      s.histogram[b].lower = static_cast<std::uint32_t>(b * width);
      s.histogram[b].upper = static_cast<std::uint32_t>((b + 1) * width);
    }
    if (salaries.back() / width + 1 > max_histogram_bins) s.histogram.back().upper.reset();
    for (auto v : salaries) ++s.histogram[std::min<std::size_t>(v / width, bins - 1)].count;
  }

  // Time on market.
  if (!market_days.empty()) {
    std::sort(market_days.begin(), market_days.end());
    auto& m = fig.time_on_market;
    m.count = market_days.size();
    m.median_days = percentile(market_days, 50);
    m.p90_days = percentile(market_days, 90);
    m.mean_days =
        std::round(static_cast<double>(market_days_sum) * 10.0 / static_cast<double>(m.count)) / 10.0;
  }

  // Rankings and breakdowns.
  fig.top_rome = entries(rome_count, _pools.romes, filter.top,
                         [&](Symbol s) { return _pools.rome_labels.text(rome_label[s]); });
  fig.top_skills =
      entries(skill_count, _pools.skills, filter.top, [&](Symbol s) { return _pools.skills.text(s); });
  fig.top_employers = entries(employer_count, _pools.employers, filter.top,
                              [&](Symbol s) { return _pools.employers.text(s); });
  fig.by_contract = entries(contract_count, _pools.contracts, 0,
                            [&](Symbol s) { return contract_type_label(_pools.contracts.text(s)); });
  fig.by_experience = entries(experience_count, _pools.experiences, 0,
                              [&](Symbol s) { return experience_label(_pools.experiences.text(s)); });
  fig.by_qualification = entries(qualification_count, _pools.qualifications, 0, [&](Symbol s) {
    return qualification_label(_pools.qualifications.text(s));
  });
  fig.by_sector = entries(sector_count, _pools.sectors, 0,
                          [&](Symbol s) { return _pools.sector_labels.text(sector_label[s]); });
  fig.by_commune = entries(commune_count, _pools.communes, filter.commune_limit,
                           [&](Symbol s) { return _pools.commune_names.text(commune_name[s]); });
  for (auto& c : fig.by_commune) {
    if (const auto* d = offer::departement_at(offer::departement_of_commune(c.code)))
      c.parent = std::string(d->code);
  }
  fig.by_city = entries(city_count, _pools.cities, filter.commune_limit, [&](Symbol s) {
    const auto name = city_label(_pools.cities.text(s));
    return name.empty() ? _pools.commune_names.text(city_name[s]) : name;
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
    if (region_count[i] == 0) continue;
    const offer::Region& r = *offer::region_at(static_cast<offer::GeoIndex>(i));
    fig.by_region.push_back({std::string(r.code), std::string(r.name), {}, region_count[i]});
  }
  for (std::size_t i = 1; i <= offer::all_departements().size(); ++i) {
    if (departement_count[i] == 0) continue;
    const offer::Departement& d = *offer::departement_at(static_cast<offer::GeoIndex>(i));
    fig.by_departement.push_back(
        {std::string(d.code), std::string(d.name), std::string(d.region_code), departement_count[i]});
  }
  return fig;
}

}  // namespace jobstream::analytics
