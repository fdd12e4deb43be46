#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analytics/offer_facts.hpp"

namespace jobstream::analytics {

/// What a figures query looks at. Within one list values are OR-ed; different lists are AND-ed.
/// An empty list does not filter.
struct Filter {
  std::optional<Day> from;                  ///< first day, inclusive; default: the first creation day held
  std::optional<Day> to;                    ///< last day, inclusive; default: the last day any offer changed
  std::vector<std::string> departements;    ///< "75", "2A", "974"
  std::vector<std::string> regions;         ///< INSEE région codes: "11", "94", "04"
  std::vector<std::string> communes;        ///< INSEE commune codes: "75056", "2A004"
  std::vector<std::string> rome_codes;      ///< "M1805"; shorter values are prefixes ("M18", "M")
  std::vector<std::string> contract_types;  ///< "CDI", "CDD", "MIS", ...
  std::uint32_t top = 20;                   ///< length of the top lists, 1..1000
  std::uint32_t commune_limit = 0;          ///< longest by_commune list; 0 = every commune
  std::uint32_t salary_bin_width = 5000;    ///< euros per histogram bin, 500..100000
};

/// Longest period a query may cover, so that a typo in a date cannot allocate a century of days.
inline constexpr int max_query_days = 3660;

/// Why a filter cannot be answered ("unknown département '20' (Corsica is 2A or 2B)"), or nullopt.
std::optional<std::string> validate(const Filter& filter);

/// Figures of one day of the period, for the offers that match the filter.
struct DayFigures {
  Day day{};
  std::uint64_t new_offers = 0;        ///< created that day
  std::uint64_t updated_offers = 0;    ///< whose latest version is dated that day, after their creation
  std::uint64_t withdrawn_offers = 0;  ///< withdrawn that day
  std::uint64_t open_offers =
      0;  ///< open at the end of that day: created on or before it, not withdrawn on or before it
};

/// Headline counts over the period.
struct Totals {
  std::uint64_t offers = 0;             ///< matching offers open at some time during the period ("in scope")
  std::uint64_t open_at_end = 0;        ///< open at the end of the last day
  std::uint64_t open_posts_at_end = 0;  ///< nombrePostes summed over those
  std::uint64_t new_offers = 0;         ///< sums of the daily series
  std::uint64_t updated_offers = 0;
  std::uint64_t withdrawn_offers = 0;
  std::uint64_t remote = 0;               ///< in-scope offers mentioning remote work
  std::uint64_t part_time = 0;            ///< in-scope part-time offers
  std::uint64_t without_departement = 0;  ///< in-scope offers placed at région or country level only
  /// In-scope offers by how precisely their place is known, indexed by offer::PlaceScope; the
  /// last four (région, France, abroad, unlocated) make up without_departement.
  std::array<std::uint64_t, offer::place_scope_count> place_scope{};
  /// Estimate of the distinct jobs behind the in-scope offers: offers sharing a job_key
  /// (offer_facts.hpp) count once, offers without one count each.
  std::uint64_t distinct_jobs = 0;
};

/// One histogram bin of annual gross salaries: [lower, upper) euros; upper absent for the last
/// bin when it also holds everything above.
struct SalaryBin {
  std::uint32_t lower = 0;
  std::optional<std::uint32_t> upper;
  std::uint64_t count = 0;
};

/// Annual gross salary estimates (euros, see salary.hpp) of the in-scope offers whose salary
/// parsed. Percentiles use the nearest-rank method, so every figure is one of the offers' values.
struct SalaryDistribution {
  std::uint64_t parsed = 0, implausible = 0, unparsed = 0, absent = 0;
  std::uint64_t from_comment = 0;  ///< parsed ones read from a comment or complement, not the libellé
  /// Implausible and unparsed ones by reason, indexed by SalaryReason (index 0, none, stays 0).
  std::array<std::uint64_t, salary_reason_count> reasons{};
  std::optional<std::uint32_t> p10, p25, median, p75, p90, mean;
  std::uint32_t bin_width = 0;
  std::vector<SalaryBin> histogram;
};

/// One line of a ranking or breakdown. `parent` is the région of a département and the
/// département of a commune; empty elsewhere.
struct CountEntry {
  std::string code;
  std::string label;
  std::string parent;
  std::uint64_t count = 0;
};

/// How long the offers withdrawn during the period stayed open (withdrawal minus creation, in
/// whole days rounded down).
struct TimeOnMarket {
  std::uint64_t count = 0;
  std::optional<std::uint32_t> median_days, p90_days;
  std::optional<double> mean_days;  ///< rounded to 0.1 day
};

/// Everything one query answers. Lists are sorted by count descending, then code ascending,
/// except by_region and by_departement, which follow the reference tables' code order (map use).
struct Figures {
  Filter filter;  ///< as asked, with from/to resolved (absent when no offer is held)
  Totals totals;
  std::vector<DayFigures> daily;  ///< one entry per day from..to
  SalaryDistribution salary;
  TimeOnMarket time_on_market;
  std::vector<CountEntry> top_rome, top_skills, top_employers;                      ///< at most filter.top
  std::vector<CountEntry> by_contract, by_experience, by_qualification, by_sector;  ///< every value
  std::vector<CountEntry> by_region, by_departement;                                ///< non-zero entries
  std::vector<CountEntry> by_commune;  ///< at most commune_limit (0 = all)
  /// Communes rolled up to their city (Paris, Lyon, Marseille arrondissements count once, under
  /// 75056, 69123, 13055); at most commune_limit.
  std::vector<CountEntry> by_city;
  std::vector<CountEntry> by_origin;   ///< "1" France Travail, "2" partner (origineOffre.origine)
  std::vector<CountEntry> by_partner;  ///< partner offers by origineOffre.partenaires[0].nom
};

}  // namespace jobstream::analytics
