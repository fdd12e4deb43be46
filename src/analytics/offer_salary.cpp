#include "analytics/offer_salary.hpp"

#include <string>

#include "analytics/smic.hpp"
#include "offer/text_fold.hpp"

namespace jobstream::analytics {
namespace {

bool has_figure(const Salary& s) {
  return s.status == SalaryStatus::parsed || s.status == SalaryStatus::implausible;
}

bool has_digit(std::string_view text) { return text.find_first_of("0123456789") != std::string_view::npos; }

// A comment's figures, when it carries any; nullopt otherwise.
std::optional<Salary> figures_of_comment(std::string_view text, std::chrono::sys_days day) {
  if (text.empty()) return std::nullopt;
  const std::string words = " " + offer::fold_words(text) + " ";
  if (!has_digit(text) && words.find(" smic ") != std::string::npos) {
    Salary s;
    s.period = SalaryPeriod::monthly;
    s.min = s.max = smic_on(day).monthly;
    s = annualize(s);
    s.source = SalarySource::comment;
    return s;
  }
  Salary s = parse_salary(text);
  if (s.status == SalaryStatus::unparsed && s.reason == SalaryReason::no_period && s.min && s.max &&
      *s.min > 0.0 && *s.max > 0.0) {
    // Recruiters' comments rarely name the period; the size of the amount does.
    const double top = *s.max;
    if (top < 100.0) {
      s.period = SalaryPeriod::hourly;
    } else if (top >= 500.0 && top < 10000.0) {
      s.period = SalaryPeriod::monthly;
    } else if (top >= 10000.0) {
      s.period = SalaryPeriod::annual;
    }
    if (s.period != SalaryPeriod::unknown) s = annualize(s);
  }
  if (s.status != SalaryStatus::parsed) return std::nullopt;
  s.source = SalarySource::comment;
  return s;
}

}  // namespace

Salary read_offer_salary(const SalaryTexts& texts, std::chrono::sys_days day) {
  const Salary from_libelle = parse_salary(texts.libelle);
  if (has_figure(from_libelle)) return from_libelle;
  for (auto text : {texts.commentaire, texts.complement1, texts.complement2}) {
    if (auto s = figures_of_comment(text, day)) return *s;
  }
  if (from_libelle.status != SalaryStatus::absent) return from_libelle;
  Salary from_comment = parse_salary(texts.commentaire);
  from_comment.source = SalarySource::comment;
  return from_comment;
}

}  // namespace jobstream::analytics
