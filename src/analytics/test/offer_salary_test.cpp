// Why a salary gave no figure, figures read from comments and complements, and the dated SMIC.
#include <gtest/gtest.h>

#include "analytics/offer_salary.hpp"
#include "analytics/smic.hpp"

namespace jobstream::analytics {
namespace {

using namespace std::chrono;
using R = SalaryReason;

const sys_days day_2025{2025y / March / 10};

TEST(SalaryReasonTest, EveryUnreadTextSaysWhy) {
  const std::pair<const char*, R> cases[] = {
      {"Annuel de", R::no_amount},
      {"Annuel de 0.0 Euros", R::no_amount},
      {"Autre de 11,26 Euros à 13,30 Euros", R::no_period},
      {"De 1355,00 Euros à 1627,00 Euros", R::no_period},
      {"De 11,00 Euros", R::no_period},
      {"1700€ net pour 39h/semaine", R::net_amount},
      {"1 800 € net mensuel", R::net_amount},
      {"Selon profil", R::words_only},
      {"A négocier", R::words_only},
      {"Mensuel de 11,88 Euros à 11,88 Euros", R::implausible_for_unit},
      {"Horaire de 2200.0 Euros", R::implausible_for_unit},
      {"Mensuel de 40000.0 Euros", R::implausible_for_unit},
      {"Mensuel de 2500 Euros à 2000 Euros", R::inconsistent_range},
      {"Mensuel de 1000 Euros à 9000 Euros", R::inconsistent_range},
      {"Mensuel de 1800 Euros ou 2000 Euros", R::unreadable},
      {"Selon grille CCN66", R::pay_scale},
      {"CCN 1966", R::pay_scale},
      {"100000 à 120000 chf brut annuel", R::other_currency},
      {"Entre 27,46 $ et 50,39 $ de l'heure", R::other_currency},
      {"13ème mois", R::no_amount},
      {"Sur 12 mois", R::no_amount},
      {"Mensuel de 2000.0 Euros", R::none},
  };
  for (const auto& [text, reason] : cases) {
    EXPECT_EQ(parse_salary(text).reason, reason)
        << "'" << text << "' is " << to_string(parse_salary(text).reason);
  }
  EXPECT_EQ(parse_salary("").reason, R::none);
}

TEST(SmicTest, FollowsTheDecrees) {
  EXPECT_DOUBLE_EQ(smic_on(sys_days{2024y / October / 31}).hourly, 11.65);
  EXPECT_DOUBLE_EQ(smic_on(sys_days{2024y / November / 1}).hourly, 11.88);
  EXPECT_DOUBLE_EQ(smic_on(sys_days{2025y / December / 31}).monthly, 1801.80);
  EXPECT_DOUBLE_EQ(smic_on(sys_days{2026y / January / 1}).hourly, 12.02);
  EXPECT_DOUBLE_EQ(smic_on(sys_days{2010y / January / 1}).hourly,
                   10.03);  // before the table: its oldest rate
}

TEST(OfferSalaryTest, TheLibelleWinsWhenItGivesAFigure) {
  const Salary s = read_offer_salary({"Mensuel de 2000 Euros sur 12 mois", "SMIC", "", ""}, day_2025);
  EXPECT_EQ(s.status, SalaryStatus::parsed);
  EXPECT_EQ(s.source, SalarySource::libelle);
  EXPECT_DOUBLE_EQ(*s.annual_estimate, 24000);
  // An implausible libellé is still the offer's reading: a comment does not overrule it.
  EXPECT_EQ(read_offer_salary({"Mensuel de 11,88 Euros", "11,88 €", "", ""}, day_2025).status,
            SalaryStatus::implausible);
}

TEST(OfferSalaryTest, SmicIsTheLegalMinimumOfTheOffersDay) {
  const Salary s2024 = read_offer_salary({"", "SMIC", "", ""}, sys_days{2024y / June / 1});
  ASSERT_EQ(s2024.status, SalaryStatus::parsed);
  EXPECT_EQ(s2024.source, SalarySource::comment);
  EXPECT_NEAR(*s2024.annual_estimate, 1766.92 * 12, 0.01);
  const Salary s2026 = read_offer_salary({"", "smic + primes", "", ""}, sys_days{2026y / February / 1});
  ASSERT_EQ(s2026.status, SalaryStatus::parsed);
  EXPECT_NEAR(*s2026.annual_estimate, 1823.03 * 12, 0.01);
  // With a figure, the figure is read, not the SMIC.
  EXPECT_EQ(read_offer_salary({"", "SMIC + 10%", "", ""}, day_2025).status, SalaryStatus::unparsed);
}

TEST(OfferSalaryTest, BareAmountsInCommentsTakeThePeriodTheirSizeMakesPlausible) {
  const Salary hourly = read_offer_salary({"", "11,88 €", "", ""}, day_2025);
  ASSERT_EQ(hourly.status, SalaryStatus::parsed);
  EXPECT_EQ(hourly.period, SalaryPeriod::hourly);
  EXPECT_NEAR(*hourly.annual_estimate, 11.88 * 151.67 * 12, 0.01);
  const Salary monthly = read_offer_salary({"", "Entre 2000 et 2400 € brut", "", ""}, day_2025);
  ASSERT_EQ(monthly.status, SalaryStatus::parsed);
  EXPECT_EQ(monthly.period, SalaryPeriod::monthly);
  const Salary annual = read_offer_salary({"", "45 à 60K€", "", ""}, day_2025);
  ASSERT_EQ(annual.status, SalaryStatus::parsed);
  EXPECT_EQ(annual.period, SalaryPeriod::annual);
  EXPECT_DOUBLE_EQ(*annual.annual_estimate, 52500);
  const Salary from = read_offer_salary({"", "A partir de 3 254 euros brut/mois", "", ""}, day_2025);
  ASSERT_EQ(from.status, SalaryStatus::parsed);
  EXPECT_DOUBLE_EQ(*from.annual_estimate, 3254 * 12);
  // Between 100 and 500 € nothing is plausible: left unread.
  EXPECT_EQ(read_offer_salary({"", "300 €", "", ""}, day_2025).status, SalaryStatus::unparsed);
}

TEST(OfferSalaryTest, ComplementsAreReadOnlyForFigures) {
  const Salary s = read_offer_salary({"", "Selon profil", "Primes", "12,50 €/h"}, day_2025);
  ASSERT_EQ(s.status, SalaryStatus::parsed);
  EXPECT_EQ(s.source, SalarySource::comment);
  // Without figures anywhere the comment's reading stays; complements alone are no salary text.
  const Salary words = read_offer_salary({"", "Selon profil", "Mutuelle", ""}, day_2025);
  EXPECT_EQ(words.status, SalaryStatus::unparsed);
  EXPECT_EQ(words.reason, R::words_only);
  EXPECT_EQ(read_offer_salary({"", "", "Mutuelle", "Primes"}, day_2025).status, SalaryStatus::absent);
  // An unread libellé keeps its own reason when no comment has figures.
  EXPECT_EQ(read_offer_salary({"Annuel de", "A négocier", "", ""}, day_2025).reason, R::no_amount);
}

}  // namespace
}  // namespace jobstream::analytics
