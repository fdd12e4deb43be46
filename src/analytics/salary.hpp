#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace jobstream::analytics {

/// What a salary amount is paid for.
enum class SalaryPeriod : std::uint8_t { unknown, hourly, monthly, annual };

/// How far a salary text could be read.
enum class SalaryStatus : std::uint8_t {
  absent,       ///< no text, or only blanks
  parsed,       ///< period and amount(s) read, and the annual estimate is plausible
  implausible,  ///< read, but the figures contradict themselves (min > max, max > 5 x min) or the
                ///< annual estimate falls outside [annual_floor, annual_ceiling]: kept, never charted
  unparsed,     ///< text present but not one of the known shapes ("Selon profil", "A négocier",
                ///< "Autre de ...", net amounts): counted, never guessed
};

/// Why a salary text gave no charted figure (none for parsed texts and absent ones). Every
/// present text gets one, so the figures can say what the unread salaries are.
enum class SalaryReason : std::uint8_t {
  none,
  no_amount,   ///< a period without an amount, or an amount of 0 ("Annuel de", "Annuel de 0.0 Euros")
  no_period,   ///< amounts without a period the text states ("Autre de ...", "De N Euros à N Euros")
  net_amount,  ///< a net amount: not comparable with gross ones
  words_only,  ///< no figure at all ("Selon profil", "A négocier")
  implausible_for_unit,  ///< the yearly estimate falls outside [annual_floor, annual_ceiling] for the
                         ///< unit stated ("Mensuel de 11,88 Euros", "Horaire de 2200.0 Euros")
  inconsistent_range,    ///< min > max, or max > 5 x min
  pay_scale,             ///< a pay scale instead of an amount ("Selon grille CCN66", "Indice 500")
  other_currency,        ///< not euros ("100000 à 120000 chf", "27,46 $")
  unreadable,            ///< figures in a shape the parser does not know
};

inline constexpr std::size_t salary_reason_count = 10;

/// Which text the salary was read from.
enum class SalarySource : std::uint8_t { libelle, comment };

/// Legal full-time hours per month in France (35 h x 52 / 12), used to annualize hourly rates.
inline constexpr double legal_monthly_hours = 151.67;
/// Annual estimates outside this window are recruiter errors (an hourly rate typed as annual,
/// an extra zero), not salaries. The floor admits part-time jobs paid monthly.
inline constexpr double annual_floor = 3000.0;
inline constexpr double annual_ceiling = 1000000.0;
/// The highest amount believable for its unit; above it the unit is wrong (a yearly figure typed
/// as monthly), so the text is implausible for its unit.
inline constexpr double monthly_ceiling = 30000.0;
inline constexpr double hourly_ceiling = 500.0;

/// A salary text read into figures. Amounts are gross euros per `period`.
struct Salary {
  SalaryStatus status = SalaryStatus::absent;
  SalaryPeriod period = SalaryPeriod::unknown;
  std::optional<double> min;     ///< the first (or only) amount
  std::optional<double> max;     ///< the second amount of a range; equals min for a single amount
  std::optional<double> months;  ///< "sur 13 mois" -> 13; absent when the text does not say
  /// Gross euros per year, for parsed texts only: the midpoint of min and max, times
  /// legal_monthly_hours x months for hourly rates and times months for monthly ones
  /// (months defaults to 12); annual amounts are taken as they are. Rounded to the cent.
  std::optional<double> annual_estimate;
  std::optional<double> annual_min;  ///< same conversion applied to min
  std::optional<double> annual_max;  ///< same conversion applied to max
  SalaryReason reason = SalaryReason::none;
  SalarySource source = SalarySource::libelle;

  bool operator==(const Salary&) const = default;
};

/// Reads `salaire.libelle` (or a comment of the same kind). Shapes understood, case and accents
/// ignored, '.' or ',' as decimal separator, "Euros", "Euro", "EUR" or "€" as currency:
///   "Mensuel de 1800.00 Euros à 2000.00 Euros sur 12 mois"   (the API's generated form)
///   "Annuel de 40000 Euros", "Horaire de 11.65 Euros sur 12.0 mois"
///   "De 30 à 35 k€ brut annuel", "25 - 45 k€ brut annuel", "Entre 2000 et 2200 € brut par mois",
///   "12,50 €/h", "2 000 € brut mensuel", "45K€ / an", "Salaire annuel brut : 38 000 €"
/// "sur 0.0 mois" (a months field the recruiter left at zero) reads as not stated.
/// Anything else, including amounts without a stated period ("Autre de ...", "Cachet de ...",
/// "De 40000 Euros à 40000 Euros") and net amounts, is unparsed, with its reason.
Salary parse_salary(std::string_view text);

/// Completes a salary whose period, min and max (> 0) are known: the yearly figures, then parsed
/// or implausible with its reason, as parse_salary does.
Salary annualize(Salary salary);

/// Stable names for JSON and CSV: "absent", "parsed", ...; "unknown", "hourly", "monthly", "annual".
std::string_view to_string(SalaryStatus status);
std::string_view to_string(SalaryPeriod period);
/// "none", "no_amount", "no_period", "net_amount", "words_only", "implausible_for_unit",
/// "inconsistent_range", "pay_scale", "other_currency", "unreadable".
std::string_view to_string(SalaryReason reason);

}  // namespace jobstream::analytics
