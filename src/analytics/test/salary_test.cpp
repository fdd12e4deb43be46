// Salary texts in the shapes the API generates (salaire.libelle) and the free-text shapes
// recruiters write in salaire.commentaire, with the figures worked out by hand.
#include <gtest/gtest.h>

#include "analytics/salary.hpp"

namespace jobstream::analytics {
namespace {

constexpr double none = -1;  // "no value" in the table below

struct Case {
  const char* text;
  SalaryStatus status;
  SalaryPeriod period;
  double min, max, months, annual;
};

using S = SalaryStatus;
using P = SalaryPeriod;

const Case cases[] = {
    // The API's generated forms.
    {"Mensuel de 1800.00 Euros à 2000.00 Euros sur 12 mois", S::parsed, P::monthly, 1800, 2000, 12, 22800},
    {"Annuel de 35000,00 Euros à 45000,00 Euros sur 13 mois", S::parsed, P::annual, 35000, 45000, 13, 40000},
    {"Horaire de 11.65 Euros sur 12 mois", S::parsed, P::hourly, 11.65, 11.65, 12, 21203.47},
    {"Mensuel de 2500 Euros sur 12 mois", S::parsed, P::monthly, 2500, 2500, 12, 30000},
    {"Annuel de 40000 Euros", S::parsed, P::annual, 40000, 40000, none, 40000},
    {"Mensuel de 1923.00 Euros sur 12 mois", S::parsed, P::monthly, 1923, 1923, 12, 23076},
    {"Annuel de 26400,00 Euros sur 12 mois", S::parsed, P::annual, 26400, 26400, 12, 26400},
    {"Annuel de 48000.0 Euros sur 12.0 mois", S::parsed, P::annual, 48000, 48000, 12, 48000},
    {"Annuel de 50000,00 Euros", S::parsed, P::annual, 50000, 50000, none, 50000},
    {"Horaire de 12.06 Euros sur 12.0 mois", S::parsed, P::hourly, 12.06, 12.06, 12, 21949.68},
    {"Horaire de 11.88 Euros sur 12 mois", S::parsed, P::hourly, 11.88, 11.88, 12, 21622.08},
    {"Horaire de 12.31 Euros", S::parsed, P::hourly, 12.31, 12.31, none, 22404.69},
    {"Mensuel de 1833.0 Euros à 2250.0 Euros sur 12.0 mois", S::parsed, P::monthly, 1833, 2250, 12, 24498},
    {"Annuel de 38000.0 Euros à 45000.0 Euros sur 12.0 mois", S::parsed, P::annual, 38000, 45000, 12, 41500},
    {"Annuel de 60000.0 Euros à 90000.0 Euros sur 13.0 mois", S::parsed, P::annual, 60000, 90000, 13, 75000},
    {"Mensuel de 1767.00 Euros à 2600.00 Euros", S::parsed, P::monthly, 1767, 2600, none, 26202},
    {"Mensuel de 2000.00 Euros sur 13 mois", S::parsed, P::monthly, 2000, 2000, 13, 26000},
    {"Mensuel de 1747,20 Euros sur 12 mois", S::parsed, P::monthly, 1747.2, 1747.2, 12, 20966.4},
    {"Mensuel de 3000 Euros à 3500 Euros sur 14 mois", S::parsed, P::monthly, 3000, 3500, 14, 45500},
    {"Horaire de 11,65 Euros à 13,00 Euros sur 12 mois", S::parsed, P::hourly, 11.65, 13, 12, 22431.99},
    {"Horaire de 15 Euros sur 13 mois", S::parsed, P::hourly, 15, 15, 13, 29575.65},
    {"MENSUEL DE 2100,00 EUROS SUR 12 MOIS", S::parsed, P::monthly, 2100, 2100, 12, 25200},
    {"Annuel de 32 000 Euros à 36 000 Euros", S::parsed, P::annual, 32000, 36000, none, 34000},
    {"Mensuel de 1 766,92 Euros sur 12 mois", S::parsed, P::monthly, 1766.92, 1766.92, 12, 21203.04},
    {"Mensuel de 1900 Euros sur 12 mois\n", S::parsed, P::monthly, 1900, 1900, 12, 22800},
    {"Mensuel de 1\xC2\xA0"
     "800,00 Euros à 2\xC2\xA0"
     "000,00 Euros sur 12 mois",
     S::parsed, P::monthly, 1800, 2000, 12, 22800},
    {"Mensuel de 9000 Euros à 12000 Euros sur 12 mois", S::parsed, P::monthly, 9000, 12000, 12, 126000},
    {"Mensuel de 800 Euros sur 12 mois", S::parsed, P::monthly, 800, 800, 12, 9600},
    // Free text, as in salaire.commentaire.
    {"De 30 à 35 k€ brut annuel", S::parsed, P::annual, 30000, 35000, none, 32500},
    {"25 - 45 k€ brut annuel", S::parsed, P::annual, 25000, 45000, none, 35000},
    {"Entre 2000 et 2200 € brut par mois", S::parsed, P::monthly, 2000, 2200, none, 25200},
    {"12,50 €/h", S::parsed, P::hourly, 12.5, 12.5, none, 22750.5},
    {"2 000 € brut mensuel", S::parsed, P::monthly, 2000, 2000, none, 24000},
    {"45K€ / an", S::parsed, P::annual, 45000, 45000, none, 45000},
    {"Salaire annuel brut : 38 000 €", S::parsed, P::annual, 38000, 38000, none, 38000},
    {"De 11,65 € à 12 € de l'heure", S::parsed, P::hourly, 11.65, 12, none, 21521.97},
    {"Jusqu'à 3000 € brut mensuel", S::parsed, P::monthly, 3000, 3000, none, 36000},
    // Read, but the figures contradict themselves: kept out of the distribution.
    {"Annuel de 1800,00 Euros à 2000,00 Euros", S::implausible, P::annual, 1800, 2000, none, none},
    {"Annuel de 80000,00 Euros à 850000,00 Euros", S::implausible, P::annual, 80000, 850000, none, none},
    {"Annuel de 11,00 Euros", S::implausible, P::annual, 11, 11, none, none},
    {"Mensuel de 2200 Euros à 2000 Euros sur 12 mois", S::implausible, P::monthly, 2200, 2000, 12, none},
    {"Annuel de 1200000 Euros", S::implausible, P::annual, 1200000, 1200000, none, none},
    // Not a gross salary for a known period: counted as unparsed, never guessed.
    {"Selon profil", S::unparsed, P::unknown, none, none, none, none},
    {"A négocier", S::unparsed, P::unknown, none, none, none, none},
    {"Selon expérience", S::unparsed, P::unknown, none, none, none, none},
    {"Salaire selon convention collective", S::unparsed, P::unknown, none, none, none, none},
    {"Autre de 1910,00 Euros à 2050,00 Euros", S::unparsed, P::unknown, 1910, 2050, none, none},
    {"Cachet de 50000,00 Euros à 55000,00 Euros", S::unparsed, P::unknown, 50000, 55000, none, none},
    {"De 40000,00 Euros à 40000,00 Euros", S::unparsed, P::unknown, 40000, 40000, none, none},
    {"1 800 € net mensuel", S::unparsed, P::monthly, 1800, 1800, none, none},
    // What follows a '+' is extras on top of the salary ("+ primes"), and a bonus month is no amount.
    {"Mensuel de 1800 Euros + primes", S::parsed, P::monthly, 1800, 1800, none, 21600},
    {"Hebdomadaire de 500 Euros", S::unparsed, P::unknown, 500, 500, none, none},
    // "sur 0.0 mois": the months field left empty, read as not stated (12 months).
    {"Annuel de 40000 Euros sur 0 mois", S::parsed, P::annual, 40000, 40000, none, 40000},
    {"Horaire de 11.65 Euros sur 0.0 mois", S::parsed, P::hourly, 11.65, 11.65, none, 21203.47},
    {"Horaire de 0 Euros", S::unparsed, P::hourly, 0, 0, none, none},
    {"35000", S::unparsed, P::unknown, 35000, 35000, none, none},
    {"Mensuel ou annuel de 2000 Euros", S::unparsed, P::unknown, none, none, none, none},
    {"Annuel de 30000 Euros à 40000 Euros sur 12 mois, 13ème mois", S::parsed, P::annual, 30000, 40000, 12,
     35000},
    {"Annuel de 30000 Euros ou 40000 Euros", S::unparsed, P::unknown, none, none, none, none},
    // Nothing written.
    {"", S::absent, P::unknown, none, none, none, none},
    {"   ", S::absent, P::unknown, none, none, none, none},
};

void expect_value(const std::optional<double>& actual, double expected, const char* what, const char* text) {
  if (expected == none) return;  // not asserted for this case (see the explicit checks below)
  ASSERT_TRUE(actual.has_value()) << what << " of '" << text << "'";
  EXPECT_NEAR(*actual, expected, 0.001) << what << " of '" << text << "'";
}

TEST(SalaryTest, ReadsEveryKnownShape) {
  ASSERT_GE(std::size(cases), 40u);
  for (const auto& c : cases) {
    const Salary s = parse_salary(c.text);
    EXPECT_EQ(s.status, c.status) << "'" << c.text << "' is " << to_string(s.status);
    if (c.status == S::parsed || c.status == S::implausible) {
      EXPECT_EQ(s.period, c.period) << "'" << c.text << "' is " << to_string(s.period);
    }
    expect_value(s.min, c.min, "min", c.text);
    expect_value(s.max, c.max, "max", c.text);
    expect_value(s.months, c.months, "months", c.text);
    expect_value(s.annual_estimate, c.annual, "annual estimate", c.text);
    if (c.annual == none) {
      EXPECT_FALSE(s.annual_estimate.has_value()) << "'" << c.text << "' got an estimate";
    }
    if (c.months == none && c.status == S::parsed) {
      EXPECT_FALSE(s.months.has_value()) << c.text;
    }
  }
}

TEST(SalaryTest, RangeEndsAreAnnualizedLikeTheEstimate) {
  const Salary s = parse_salary("Mensuel de 1833.0 Euros à 2250.0 Euros sur 12.0 mois");
  ASSERT_TRUE(s.annual_min && s.annual_max);
  EXPECT_DOUBLE_EQ(*s.annual_min, 21996.0);
  EXPECT_DOUBLE_EQ(*s.annual_max, 27000.0);
  const Salary h = parse_salary("Horaire de 11.65 Euros sur 12 mois");
  ASSERT_TRUE(h.annual_min && h.annual_max);
  EXPECT_DOUBLE_EQ(*h.annual_min, *h.annual_max);
}

TEST(SalaryTest, TextsWithoutAmountsKeepNone) {
  for (const char* text : {"Selon profil", "A négocier", "", "Mensuel"}) {
    const Salary s = parse_salary(text);
    EXPECT_FALSE(s.min.has_value()) << text;
    EXPECT_FALSE(s.max.has_value()) << text;
    EXPECT_FALSE(s.annual_estimate.has_value()) << text;
  }
}

TEST(SalaryTest, HourlyRatesUseTheLegalMonthlyHours) {
  // 10 euros an hour over 12 months is 10 x 151.67 x 12.
  const Salary s = parse_salary("Horaire de 10 Euros sur 12 mois");
  ASSERT_EQ(s.status, S::parsed);
  EXPECT_NEAR(*s.annual_estimate, 18200.40, 0.001);
}

TEST(SalaryTest, NamesAreStable) {
  EXPECT_EQ(to_string(S::parsed), "parsed");
  EXPECT_EQ(to_string(S::unparsed), "unparsed");
  EXPECT_EQ(to_string(P::hourly), "hourly");
  EXPECT_EQ(to_string(P::annual), "annual");
}

}  // namespace
}  // namespace jobstream::analytics
