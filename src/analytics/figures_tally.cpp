// One pass over a range of rows (figures_tally.hpp), and the merge of two passes' counts.
#include "analytics/figures_tally.hpp"

namespace jobstream::analytics {
namespace {

// The smallest of two labels by text: `best` becomes `candidate` if it is empty or greater.
[[gnu::noinline]] void keep_smaller(const StringPool& labels, Symbol candidate, Symbol& best) {
  if (best == empty_symbol || labels.text(candidate) < labels.text(best)) best = candidate;
}

// Keeps, per code, the smallest non-empty label seen, so the label shown does not depend on
// which offer came first. An empty code is never listed, so its label is not kept: that saves a
// string comparison per offer without a city (most of them). The common case, the label already
// kept, is a comparison of two symbols.
inline void keep_smallest_label(const StringPool& labels, Symbol code, Symbol candidate,
                                std::vector<Symbol>& best_of) {
  if (code == empty_symbol || candidate == empty_symbol) return;
  Symbol& best = best_of[code];
  if (candidate != best) keep_smaller(labels, candidate, best);
}

template <typename T>
void add(std::vector<T>& into, const std::vector<T>& from) {
  for (std::size_t i = 0; i < from.size(); ++i) into[i] += from[i];
}

void keep_smallest_labels(const StringPool& labels, std::vector<Symbol>& into,
                          const std::vector<Symbol>& from) {
  for (Symbol code = 1; code < from.size(); ++code) keep_smallest_label(labels, code, from[code], into);
}

}  // namespace

FiguresEngine::Tally::Tally(const Pools& pools, std::size_t days)
    : new_offers(days),
      updated(days),
      withdrawn(days),
      open_delta(days + 1),
      rome_count(pools.romes.size()),
      skill_count(pools.skills.size()),
      employer_count(pools.employers.size()),
      contract_count(pools.contracts.size()),
      experience_count(pools.experiences.size()),
      qualification_count(pools.qualifications.size()),
      sector_count(pools.sectors.size()),
      commune_count(pools.communes.size()),
      city_count(pools.cities.size()),
      origin_count(pools.origins.size()),
      partner_count(pools.partners.size()),
      rome_label(pools.romes.size()),
      sector_label(pools.sectors.size()),
      commune_name(pools.communes.size()),
      city_name(pools.cities.size()),
      job_seen(pools.job_keys.size(), 0) {}

void FiguresEngine::Tally::merge(const Tally& other, const Pools& pools) {
  using Counts = std::vector<std::uint64_t> Tally::*;
  for (const Counts counts :
       {&Tally::new_offers, &Tally::updated, &Tally::withdrawn, &Tally::rome_count, &Tally::skill_count,
        &Tally::employer_count, &Tally::contract_count, &Tally::experience_count, &Tally::qualification_count,
        &Tally::sector_count, &Tally::commune_count, &Tally::city_count, &Tally::origin_count,
        &Tally::partner_count}) {
    add(this->*counts, other.*counts);
  }
  add(open_delta, other.open_delta);
  for (std::size_t i = 0; i < departement_count.size(); ++i)
    departement_count[i] += other.departement_count[i];
  for (std::size_t i = 0; i < region_count.size(); ++i) region_count[i] += other.region_count[i];
  keep_smallest_labels(pools.rome_labels, rome_label, other.rome_label);
  keep_smallest_labels(pools.sector_labels, sector_label, other.sector_label);
  keep_smallest_labels(pools.commune_names, commune_name, other.commune_name);
  keep_smallest_labels(pools.commune_names, city_name, other.city_name);
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
  t.remote += o.remote;
  t.part_time += o.part_time;
  t.without_departement += o.without_departement;
  for (std::size_t i = 0; i < t.place_scope.size(); ++i) t.place_scope[i] += o.place_scope[i];
  SalaryDistribution& s = salary;
  s.parsed += other.salary.parsed;
  s.implausible += other.salary.implausible;
  s.unparsed += other.salary.unparsed;
  s.absent += other.salary.absent;
  s.from_comment += other.salary.from_comment;
  for (std::size_t i = 0; i < s.reasons.size(); ++i) s.reasons[i] += other.salary.reasons[i];
}

void FiguresEngine::tally(const Scope& scope, std::size_t begin, std::size_t end, Tally& out) const {
  for (std::size_t r = begin; r < end; ++r) {
    const Row& row = _rows[r];
    if (!row.has_facts) continue;
    if (scope.by_departement && !scope.departement_ok[row.departement]) continue;
    if (scope.by_region && !scope.region_ok[row.region]) continue;
    if (scope.commune_ok && !(*scope.commune_ok)[row.commune]) continue;
    if (scope.rome_ok && !(*scope.rome_ok)[row.rome]) continue;
    if (scope.contract_ok && !(*scope.contract_ok)[row.contract]) continue;

    const std::int32_t created = row.created_day;
    const bool is_withdrawn = row.withdrawn_ms != no_time && row.withdrawn_ms >= row.updated_ms;
    const std::int32_t gone = is_withdrawn ? day_of_ms(row.withdrawn_ms) : never_day;
    if (created >= scope.first && created <= scope.last) ++out.new_offers[created - scope.first];
    if (row.updated_day >= scope.first && row.updated_day <= scope.last && row.updated_ms > row.created_ms) {
      ++out.updated[row.updated_day - scope.first];
    }
    if (is_withdrawn && gone >= scope.first && gone <= scope.last) ++out.withdrawn[gone - scope.first];
    // Open at the end of day d when created <= d < gone.
    const std::int32_t open_from = std::max(created, scope.first);
    const std::int32_t open_to = std::min(gone == never_day ? scope.last : gone - 1, scope.last);
    if (open_from <= open_to) {
      ++out.open_delta[open_from - scope.first];
      --out.open_delta[open_to - scope.first + 1];
    }

    // In scope: open at some time during the period.
    if (created > scope.last || gone < scope.first) continue;
    ++out.totals.offers;
    if (gone > scope.last) {
      ++out.totals.open_at_end;
      out.totals.open_posts_at_end += row.posts;
    }
    if (row.remote) ++out.totals.remote;
    if (row.part_time) ++out.totals.part_time;
    if (row.departement == offer::unknown_geo) ++out.totals.without_departement;
    ++out.totals.place_scope[static_cast<std::size_t>(row.place_scope)];
    if (row.job_key == empty_symbol) {
      ++out.offers_without_job_key;
    } else {
      out.job_seen[row.job_key] = 1;
    }
    ++out.salary.reasons[static_cast<std::size_t>(row.salary_reason)];
    if (is_withdrawn && gone <= scope.last) {
      // In unsigned arithmetic: the two times may be any values (a snapshot read back), and the
      // difference of a later and an earlier one always fits there.
      const std::uint64_t span =
          row.withdrawn_ms > row.created_ms
              ? (static_cast<std::uint64_t>(row.withdrawn_ms) - static_cast<std::uint64_t>(row.created_ms)) /
                    static_cast<std::uint64_t>(ms_per_day)
              : 0;
      out.market_days.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(span, UINT32_MAX)));
      out.market_days_sum += out.market_days.back();
    }
    switch (row.salary_status) {
      case SalaryStatus::parsed:
        ++out.salary.parsed;
        if (row.salary_from_comment) ++out.salary.from_comment;
        out.salaries.push_back(row.salary_annual);
        break;
      case SalaryStatus::implausible:
        ++out.salary.implausible;
        break;
      case SalaryStatus::unparsed:
        ++out.salary.unparsed;
        break;
      case SalaryStatus::absent:
        ++out.salary.absent;
        break;
    }
    ++out.departement_count[row.departement];
    ++out.region_count[row.region];
    ++out.commune_count[row.commune];
    ++out.city_count[row.city];
    keep_smallest_label(_pools.commune_names, row.city, row.commune_name, out.city_name);
    ++out.origin_count[row.origin];
    ++out.partner_count[row.partner];
    keep_smallest_label(_pools.commune_names, row.commune, row.commune_name, out.commune_name);
    ++out.rome_count[row.rome];
    keep_smallest_label(_pools.rome_labels, row.rome, row.rome_label, out.rome_label);
    ++out.sector_count[row.sector];
    keep_smallest_label(_pools.sector_labels, row.sector, row.sector_label, out.sector_label);
    ++out.employer_count[row.employer];
    ++out.contract_count[row.contract];
    ++out.experience_count[row.experience];
    ++out.qualification_count[row.qualification];
    for (std::uint16_t i = 0; i < row.skills_count; ++i) ++out.skill_count[_skills[row.skills_offset + i]];
  }
}

}  // namespace jobstream::analytics
