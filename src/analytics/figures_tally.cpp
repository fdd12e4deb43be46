// One pass over a range of rows (figures_tally.hpp), and the merge of two passes' counts.
#include "analytics/figures_tally.hpp"

namespace jobstream::analytics {
namespace {

template <typename T>
void add(std::vector<T>& into, const std::vector<T>& from) {
  for (std::size_t i = 0; i < from.size(); ++i) into[i] += from[i];
}

}  // namespace

FiguresEngine::Tally::Tally(const Pools& pools, const CountKeys& keys, std::size_t days)
    : new_offers(days + 1),
      updated(days + 1),
      withdrawn(days + 1),
      open_delta(days + 3),
      commune_pair_count(keys.communes.size()),
      city_pair_count(keys.cities.size()),
      rome_pair_count(keys.romes.size()),
      sector_pair_count(keys.sectors.size()),
      traits_count(keys.traits.size()),
      skill_count(pools.skills.size()),
      employer_count(pools.employers.size()),
      job_seen(pools.job_keys.size(), 0) {}

void FiguresEngine::Tally::merge(const Tally& other) {
  using Counts = std::vector<std::uint64_t> Tally::*;
  for (const Counts counts :
       {&Tally::new_offers, &Tally::updated, &Tally::withdrawn, &Tally::commune_pair_count,
        &Tally::city_pair_count, &Tally::rome_pair_count, &Tally::sector_pair_count, &Tally::traits_count,
        &Tally::skill_count, &Tally::employer_count}) {
    add(this->*counts, other.*counts);
  }
  add(open_delta, other.open_delta);
  for (std::size_t i = 0; i < departement_count.size(); ++i)
    departement_count[i] += other.departement_count[i];
  for (std::size_t i = 0; i < region_count.size(); ++i) region_count[i] += other.region_count[i];
  for (std::size_t i = 0; i < job_seen.size(); ++i) job_seen[i] |= other.job_seen[i];
  offers_without_job_key += other.offers_without_job_key;
  salaries.insert(salaries.end(), other.salaries.begin(), other.salaries.end());
  market_days.insert(market_days.end(), other.market_days.begin(), other.market_days.end());
  market_days_sum += other.market_days_sum;

  Totals& t = totals;
  const Totals& o = other.totals;
  t.offers += o.offers;
  t.open_at_end += o.open_at_end;
  t.open_posts_at_end += o.open_posts_at_end;
}

// Branch-free wherever the outcome varies from one row to the next in an order nothing controls
// (rows come in the order Cassandra's tokens gave them) and a branch would save little: withdrawn
// or not, updated or not, salary kept or not. A mispredicted branch costs more than the additions
// it would save. A day outside the period is counted in a sink slot past its end; a salary is
// written, then kept or not. Left to branch on: the filters and the period, which skip all the
// rest of a row, and the skills loop. Codes with a label are counted as (code, label)
// pairs, so no label is compared here (labelled_codes.hpp), and the few-valued facts as one
// combination (offer_traits.hpp): the query spreads both counts afterwards.
void FiguresEngine::tally(const Scope& scope, std::size_t begin, std::size_t end, Tally& out) const {
  const std::int64_t first = scope.first, last = scope.last;
  const auto days = static_cast<std::uint64_t>(last - first + 1);
  // The slot of a day in a daily series: its offset in the period, else the sink.
  const auto slot = [&](std::int64_t day, bool counts) {
    const auto offset = static_cast<std::uint64_t>(day - first);  // wraps for days before the period
    return counts && offset < days ? offset : days;
  };
  // Two sinks for the open series, one per end: a row's two counts in one slot would make each
  // row wait for the last one's store twice.
  const std::size_t opened_sink = days + 1, closed_sink = days + 2;

  // Counted in locals, and through pointers read once: a count stored through a vector may be any
  // uint64_t to the compiler, the totals included, which would then be reloaded after each store.
  Totals totals{};
  std::uint64_t without_job_key = 0, market_days_sum = 0;
  std::uint64_t* const new_offers = out.new_offers.data();
  std::uint64_t* const updated = out.updated.data();
  std::uint64_t* const withdrawn = out.withdrawn.data();
  std::int64_t* const open_delta = out.open_delta.data();
  char* const job_seen = out.job_seen.data();
  std::uint64_t* const departement_count = out.departement_count.data();
  std::uint64_t* const region_count = out.region_count.data();
  std::uint64_t* const commune_pair_count = out.commune_pair_count.data();
  std::uint64_t* const city_pair_count = out.city_pair_count.data();
  std::uint64_t* const rome_pair_count = out.rome_pair_count.data();
  std::uint64_t* const sector_pair_count = out.sector_pair_count.data();
  std::uint64_t* const traits_count = out.traits_count.data();
  std::uint64_t* const employer_count = out.employer_count.data();
  std::uint64_t* const skill_count = out.skill_count.data();
  const std::size_t salaries_before = out.salaries.size(), market_days_before = out.market_days.size();
  out.salaries.resize(salaries_before + (end - begin));
  out.market_days.resize(market_days_before + (end - begin));
  std::uint32_t* const salaries = out.salaries.data() + salaries_before;
  std::uint32_t* const market_days = out.market_days.data() + market_days_before;
  std::size_t kept_salaries = 0, kept_market_days = 0;

  for (std::size_t r = begin; r < end; ++r) {
    const Row& row = _rows[r];
    if (!row.has_facts) continue;
    if (scope.by_departement && !scope.departement_ok[row.departement]) continue;
    if (scope.by_region && !scope.region_ok[row.region]) continue;
    if (scope.commune_ok && !(*scope.commune_ok)[row.commune]) continue;
    if (scope.rome_ok && !(*scope.rome_ok)[row.rome]) continue;
    if (scope.traits_ok && !(*scope.traits_ok)[row.traits]) continue;

    const std::int32_t created = row.created_day;
    const bool is_withdrawn = row.withdrawn();
    const std::int32_t withdrawn_day = day_of_ms(row.withdrawn_ms);
    const std::int32_t gone = is_withdrawn ? withdrawn_day : never_day;
    if (scope.series_in_pass) {
      ++new_offers[slot(created, true)];
      ++updated[slot(row.updated_day, row.updated_ms > row.created_ms)];
      ++withdrawn[slot(gone, is_withdrawn)];
      // Open at the end of day d when created <= d < gone.
      const std::int64_t open_from = std::max<std::int64_t>(created, first);
      const std::int64_t open_to =
          std::min<std::int64_t>(gone == never_day ? last : std::int64_t{gone} - 1, last);
      const bool open = open_from <= open_to;
      ++open_delta[open ? static_cast<std::size_t>(open_from - first) : opened_sink];
      --open_delta[open ? static_cast<std::size_t>(open_to - first + 1) : closed_sink];
    }

    // In scope: open at some time during the period. A branch: a row out of it skips all the
    // counts below, which costs less than counting them as 0 (measured both ways).
    if (created > last || gone < first) continue;
    ++totals.offers;
    const bool open_at_end = gone > last;
    totals.open_at_end += open_at_end;
    totals.open_posts_at_end += open_at_end ? row.posts : 0;
    // The empty key's flag is set too, and never read: an offer without one is a job of its own.
    without_job_key += row.job_key == empty_symbol;
    job_seen[row.job_key] = 1;

    // Time on market, of the offers withdrawn within the period. In unsigned arithmetic: the two
    // times may be any values (a snapshot read back), and the difference of a later and an
    // earlier one always fits there.
    const bool ended = is_withdrawn && gone <= last;
    const std::uint64_t span =
        row.withdrawn_ms > row.created_ms
            ? (static_cast<std::uint64_t>(row.withdrawn_ms) - static_cast<std::uint64_t>(row.created_ms)) /
                  static_cast<std::uint64_t>(ms_per_day)
            : 0;
    const auto span_days = static_cast<std::uint32_t>(std::min<std::uint64_t>(span, UINT32_MAX));
    market_days[kept_market_days] = span_days;
    kept_market_days += ended;
    market_days_sum += ended ? span_days : 0;

    const bool parsed = row.salary_status == SalaryStatus::parsed;
    salaries[kept_salaries] = row.salary_annual;
    kept_salaries += parsed;

    ++departement_count[row.departement];
    ++region_count[row.region];
    ++commune_pair_count[row.commune_named];
    ++city_pair_count[row.city_named];
    ++rome_pair_count[row.rome_labelled];
    ++sector_pair_count[row.sector_labelled];
    ++traits_count[row.traits];
    ++employer_count[row.employer];
    for (std::uint16_t i = 0; i < row.skills_count; ++i) ++skill_count[_skills[row.skills_offset + i]];
  }

  out.salaries.resize(salaries_before + kept_salaries);
  out.market_days.resize(market_days_before + kept_market_days);
  Totals& t = out.totals;
  t.offers += totals.offers;
  t.open_at_end += totals.open_at_end;
  t.open_posts_at_end += totals.open_posts_at_end;
  out.offers_without_job_key += without_job_key;
  out.market_days_sum += market_days_sum;
}

}  // namespace jobstream::analytics
