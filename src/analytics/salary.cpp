#include "analytics/salary.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "offer/text_fold.hpp"

namespace jobstream::analytics {
namespace {

struct Token {
  enum class Kind { number, currency, word, slash, separator } kind;
  double value = 0;        // number
  bool thousands = false;  // number followed by "k"
  std::string_view word;   // word
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'a' && c <= 'z'; }

std::size_t digit_run(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  return j - i;
}

// Splits folded text into tokens; nullopt when a character has no place in a salary text
// ('%', '?', '!' ...), which makes the whole text unparsed rather than half-read.
std::optional<std::vector<Token>> tokenize(std::string_view s) {
  static constexpr std::string_view euro_sign = "\xE2\x82\xAC";
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (is_digit(c)) {
      std::size_t run = digit_run(s, i);
      std::string digits(s.substr(i, run));
      i += run;
      // Thousands grouped by spaces ("38 000"), only right after a first group of 1-3 digits.
      if (digits.size() <= 3) {
        while (i + 3 < s.size() && s[i] == ' ' && digit_run(s, i + 1) == 3) {
          digits.append(s.substr(i + 1, 3));
          i += 4;
        }
      }
      if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
        const std::size_t frac = digit_run(s, i + 1);
        digits.push_back('.');
        digits.append(s.substr(i + 1, frac));
        i += 1 + frac;
      }
      // from_chars, unlike stod, ignores the process locale.
      double value = 0;
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
      out.push_back({Token::Kind::number, value, false, {}});
    } else if (is_letter(c)) {
      std::size_t j = i;
      while (j < s.size() && is_letter(s[j])) ++j;
      const std::string_view word = s.substr(i, j - i);
      i = j;
      if (word == "euros" || word == "euro" || word == "eur") {
        out.push_back({Token::Kind::currency, 0, false, {}});
      } else if ((word == "k" || word == "ke" || word == "keur" || word == "keuros") && !out.empty() &&
                 out.back().kind == Token::Kind::number) {
        out.back().thousands = true;
        if (word != "k") out.push_back({Token::Kind::currency, 0, false, {}});
      } else {
        out.push_back({Token::Kind::word, 0, false, word});
      }
    } else if (s.substr(i, euro_sign.size()) == euro_sign) {
      out.push_back({Token::Kind::currency, 0, false, {}});
      i += euro_sign.size();
    } else if (c == '/') {
      out.push_back({Token::Kind::slash, 0, false, {}});
      ++i;
    } else if (c == '-' || c == ':' || c == ',' || c == '.' || c == '(' || c == ')' || c == '\'') {
      out.push_back({Token::Kind::separator, 0, false, {}});
      ++i;
    } else if (c == '+') {
      break;  // "1800 € brut + primes": what follows are extras on top of the salary read so far
    } else {
      return std::nullopt;
    }
  }
  return out;
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (auto w : words) {
    if (word == w) return true;
  }
  return false;
}

double round_cents(double v) { return std::round(v * 100.0) / 100.0; }

Salary unparsed(Salary s, SalaryReason reason) {
  s.status = SalaryStatus::unparsed;
  s.reason = reason;
  s.annual_estimate.reset();
  s.annual_min.reset();
  s.annual_max.reset();
  return s;
}

}  // namespace

Salary parse_salary(std::string_view text) {
  Salary out;
  const std::string folded = offer::fold_text(text);
  if (folded.find_first_not_of(" \t\r\n") == std::string::npos) return out;  // absent
  out.status = SalaryStatus::unparsed;

  const bool has_digit = folded.find_first_of("0123456789") != std::string::npos;
  if (has_digit && (folded.find('$') != std::string::npos || folded.find("\xC2\xA3") != std::string::npos)) {
    out.reason = SalaryReason::other_currency;
    return out;
  }
  const auto tokens = tokenize(folded);
  if (!tokens) {
    out.reason = has_digit ? SalaryReason::unreadable : SalaryReason::words_only;
    return out;
  }

  std::vector<double> amounts;
  std::vector<bool> thousands;
  std::array<bool, 4> periods{};  // indexed by SalaryPeriod
  bool refused = false;           // a word that makes the text unreadable as a gross salary
  bool net = false;               // "net": a net amount
  bool other_period = false;      // "Autre de", "Cachet de": the API's forms for no stated period
  bool pay_scale = false;         // "grille", "CCN 1966", "indice 500": a pay scale, not an amount
  bool other_currency = false;    // "CHF", "$": not euros
  bool bonus_month = false;       // "13ème mois"
  auto mark = [&](SalaryPeriod p) { periods[static_cast<std::size_t>(p)] = true; };

  const auto& t = *tokens;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Token& tok = t[i];
    const bool after_per = i > 0 && (t[i - 1].kind == Token::Kind::slash ||
                                     (t[i - 1].kind == Token::Kind::word && t[i - 1].word == "par"));
    switch (tok.kind) {
      case Token::Kind::number:
        amounts.push_back(tok.thousands ? tok.value * 1000.0 : tok.value);
        thousands.push_back(tok.thousands);
        break;
      case Token::Kind::currency:
      case Token::Kind::separator:
      case Token::Kind::slash:
        break;
      case Token::Kind::word: {
        const auto w = tok.word;
        // "sur 13 mois" or "13 mois": the number of monthly payments, not an amount.
        const bool months_follow = i + 2 < t.size() && t[i + 1].kind == Token::Kind::number &&
                                   !t[i + 1].thousands && t[i + 2].kind == Token::Kind::word &&
                                   t[i + 2].word == "mois";
        if (w == "sur" && months_follow) {
          if (out.months) refused = true;
          out.months = t[i + 1].value;
          i += 2;
        } else if (w == "mois" && i > 0 && t[i - 1].kind == Token::Kind::number && !t[i - 1].thousands &&
                   t[i - 1].value <= 24.0 && !amounts.empty()) {
          if (out.months) refused = true;
          out.months = amounts.back();
          amounts.pop_back();
          thousands.pop_back();
        } else if (one_of(w, {"eme", "e", "ieme"}) && i > 0 && t[i - 1].kind == Token::Kind::number &&
                   !amounts.empty()) {
          // "13ème mois": a bonus month, not an amount.
          amounts.pop_back();
          thousands.pop_back();
          if (i + 1 < t.size() && t[i + 1].kind == Token::Kind::word && t[i + 1].word == "mois") ++i;
          bonus_month = true;
        } else if (one_of(w, {"horaire", "horaires", "heure"}) || (w == "h" && after_per)) {
          mark(SalaryPeriod::hourly);
        } else if (one_of(w, {"mensuel", "mensuelle", "mensuels", "mensuelles"}) ||
                   (w == "mois" && after_per)) {
          mark(SalaryPeriod::monthly);
        } else if (one_of(w, {"annuel", "annuelle", "annuels", "annuelles"}) ||
                   (one_of(w, {"an", "annee"}) && after_per)) {
          mark(SalaryPeriod::annual);
        } else if (one_of(w, {"de",     "a",      "entre",        "et",    "brut",   "brute",
                              "bruts",  "brutes", "salaire",      "par",   "l",      "fixe",
                              "jusqu",  "au",     "bru",          "br",    "partir", "minimum",
                              "minima", "base",   "remuneration", "selon", "profil", "environ"})) {
          // Filler that does not change the reading ("de l'heure", "jusqu'à", "à partir de",
          // "selon profil", "brut" cut to "bru").
        } else {
          if (w == "net" || w == "nets" || w == "nette") net = true;
          if (w == "autre" || w == "cachet") other_period = true;
          if (one_of(w, {"grille", "ccn", "ccnt", "convention", "indice", "groupe", "coef", "coefficient",
                         "echelon", "categorie"}))
            pay_scale = true;
          if (one_of(w, {"chf", "usd", "cad", "gbp", "dollars", "dollar"})) other_currency = true;
          // "net", "autre", "cachet", "selon", "negocier", "primes", "semaine", ... : not a gross
          // salary for a known period, so it stays unparsed rather than guessed.
          refused = true;
        }
        break;
      }
    }
  }

  if (!amounts.empty()) out.min = amounts.front();
  if (amounts.size() >= 2) {
    // "De 30 à 35 k€": the multiplier written once applies to both ends.
    if (thousands[1] && !thousands[0] && amounts[0] < 1000.0) amounts[0] *= 1000.0;
    out.min = amounts[0];
    out.max = amounts[1];
  } else if (!amounts.empty()) {
    out.max = amounts.front();
  }
  int period_count = 0;
  for (std::size_t p = 1; p < periods.size(); ++p) {
    if (periods[p]) {
      ++period_count;
      out.period = static_cast<SalaryPeriod>(p);
    }
  }
  if (period_count != 1) out.period = SalaryPeriod::unknown;
  if (net) return unparsed(out, SalaryReason::net_amount);
  if (other_currency) return unparsed(out, SalaryReason::other_currency);
  if (pay_scale) return unparsed(out, SalaryReason::pay_scale);
  if (other_period && !amounts.empty() && amounts.size() <= 2) return unparsed(out, SalaryReason::no_period);
  if (refused) return unparsed(out, amounts.empty() ? SalaryReason::words_only : SalaryReason::unreadable);
  if (amounts.empty()) {
    const bool said_something = period_count > 0 || out.months || bonus_month;
    return unparsed(out, said_something ? SalaryReason::no_amount : SalaryReason::words_only);
  }
  if (amounts.size() > 2 || period_count > 1) return unparsed(out, SalaryReason::unreadable);
  if (period_count == 0) return unparsed(out, SalaryReason::no_period);
  // The API writes "sur 0.0 mois" when the recruiter left the months field empty.
  if (out.months && *out.months == 0.0) out.months.reset();
  if (out.months && (*out.months < 1.0 || *out.months > 24.0)) return unparsed(out, SalaryReason::unreadable);
  if (*out.min <= 0.0) return unparsed(out, SalaryReason::no_amount);

  return annualize(out);
}

Salary annualize(Salary out) {
  const double months = out.months.value_or(12.0);
  double factor = 1.0;
  if (out.period == SalaryPeriod::hourly) factor = legal_monthly_hours * months;
  if (out.period == SalaryPeriod::monthly) factor = months;
  out.annual_min = round_cents(*out.min * factor);
  out.annual_max = round_cents(*out.max * factor);
  out.annual_estimate = round_cents((*out.min + *out.max) / 2.0 * factor);

  const bool inverted = *out.min > *out.max;
  const bool extra_zero = *out.max > 5.0 * *out.min;
  // Per unit too: 40,000 € a month is a yearly figure typed with the wrong unit, even though
  // 480,000 € a year is not impossible.
  const double unit_ceiling = out.period == SalaryPeriod::hourly    ? hourly_ceiling
                              : out.period == SalaryPeriod::monthly ? monthly_ceiling
                                                                    : annual_ceiling;
  const bool outside =
      *out.annual_estimate < annual_floor || *out.annual_estimate > annual_ceiling || *out.max > unit_ceiling;
  if (inverted || extra_zero || outside) {
    out.status = SalaryStatus::implausible;
    out.reason =
        (inverted || extra_zero) ? SalaryReason::inconsistent_range : SalaryReason::implausible_for_unit;
    out.annual_estimate.reset();
    out.annual_min.reset();
    out.annual_max.reset();
    return out;
  }
  out.status = SalaryStatus::parsed;
  out.reason = SalaryReason::none;
  return out;
}

std::string_view to_string(SalaryStatus status) {
  switch (status) {
    case SalaryStatus::absent:
      return "absent";
    case SalaryStatus::parsed:
      return "parsed";
    case SalaryStatus::implausible:
      return "implausible";
    case SalaryStatus::unparsed:
      return "unparsed";
  }
  return "unknown";
}

std::string_view to_string(SalaryReason reason) {
  switch (reason) {
    case SalaryReason::none:
      return "none";
    case SalaryReason::no_amount:
      return "no_amount";
    case SalaryReason::no_period:
      return "no_period";
    case SalaryReason::net_amount:
      return "net_amount";
    case SalaryReason::words_only:
      return "words_only";
    case SalaryReason::implausible_for_unit:
      return "implausible_for_unit";
    case SalaryReason::inconsistent_range:
      return "inconsistent_range";
    case SalaryReason::pay_scale:
      return "pay_scale";
    case SalaryReason::other_currency:
      return "other_currency";
    case SalaryReason::unreadable:
      return "unreadable";
  }
  return "unknown";
}

std::string_view to_string(SalaryPeriod period) {
  switch (period) {
    case SalaryPeriod::unknown:
      return "unknown";
    case SalaryPeriod::hourly:
      return "hourly";
    case SalaryPeriod::monthly:
      return "monthly";
    case SalaryPeriod::annual:
      return "annual";
  }
  return "unknown";
}

}  // namespace jobstream::analytics
