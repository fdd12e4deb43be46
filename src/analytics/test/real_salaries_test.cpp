// Every real salaire.libelle string, and every real offer's salary, read and classified. The
// API's own form ("Mensuel de N Euros à N Euros sur N mois") is also read here independently,
// with a regular expression, and the parser's yearly figures must match it.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <iostream>
#include <regex>
#include <variant>

#include "analytics/offer_facts.hpp"
#include "analytics/test/real_data.hpp"

namespace jobstream::analytics {
namespace {

using realdata::read_lines;

double number(std::string text) {
  for (auto& c : text) {
    if (c == ',') c = '.';
  }
  return std::atof(text.c_str());
}

TEST(RealSalariesTest, AtLeast995PerMilleReadOrClassified) {
  const auto texts = read_lines("salaires.txt");
  ASSERT_EQ(texts.size(), 2514u);
  const std::regex api_form(
      R"(^(Annuel|Mensuel|Horaire) de ([0-9.,]+) Euros(?: à ([0-9.,]+) Euros)?(?: sur ([0-9.,]+) mois)?$)");
  std::array<int, 4> by_status{};
  std::array<int, salary_reason_count> by_reason{};
  int api_forms = 0, checked = 0;
  for (const auto& text : texts) {
    const Salary s = parse_salary(text);
    ++by_status[static_cast<std::size_t>(s.status)];
    ++by_reason[static_cast<std::size_t>(s.reason)];
    EXPECT_NE(s.status, SalaryStatus::absent) << text;
    EXPECT_EQ(s.status == SalaryStatus::parsed, s.reason == SalaryReason::none) << text;
    std::smatch m;
    if (!std::regex_match(text, m, api_form)) continue;
    ++api_forms;
    const double low = number(m[2]), high = m[3].matched ? number(m[3]) : low;
    double months = m[4].matched ? number(m[4]) : 12.0;
    if (months == 0.0) months = 12.0;  // "sur 0.0 mois": the field left empty
    const std::string unit = m[1];
    const double factor = unit == "Horaire" ? 151.67 * months : unit == "Mensuel" ? months : 1.0;
    const double estimate = (low + high) / 2.0 * factor;
    const double unit_ceiling = unit == "Horaire" ? 500.0 : unit == "Mensuel" ? 30000.0 : 1e6;
    const bool plausible = low > 0 && low <= high && high <= 5 * low && estimate >= 3000 && estimate <= 1e6 &&
                           high <= unit_ceiling;
    if (low <= 0) {
      EXPECT_EQ(s.reason, SalaryReason::no_amount) << text;
    } else if (plausible) {
      ++checked;
      ASSERT_EQ(s.status, SalaryStatus::parsed) << text;
      EXPECT_NEAR(*s.annual_estimate, estimate, 0.01) << text;
    } else {
      EXPECT_EQ(s.status, SalaryStatus::implausible) << text;
    }
  }
  const int unreadable = by_reason[static_cast<std::size_t>(SalaryReason::unreadable)];
  EXPECT_LE(unreadable * 1000, static_cast<int>(texts.size()) * 5) << unreadable << " unreadable";
  EXPECT_GE(api_forms, 2400);
  std::cout << "salaires.txt: " << texts.size() << " strings, " << api_forms << " in the API's form ("
            << checked << " checked against the independent reading); parsed "
            << by_status[static_cast<std::size_t>(SalaryStatus::parsed)] << ", implausible "
            << by_status[static_cast<std::size_t>(SalaryStatus::implausible)] << ", unparsed "
            << by_status[static_cast<std::size_t>(SalaryStatus::unparsed)] << "; by reason:";
  for (std::size_t i = 1; i < by_reason.size(); ++i)
    std::cout << ' ' << to_string(static_cast<SalaryReason>(i)) << ' ' << by_reason[i];
  std::cout << '\n';
}

TEST(RealSalariesTest, EveryOffersSalaryIsReadOrClassified) {
  const auto offers = read_lines("offers.jsonl");
  ASSERT_EQ(offers.size(), 5737u);
  std::array<int, 4> by_status{};
  std::array<int, salary_reason_count> by_reason{};
  int from_comment = 0, with_text = 0;
  for (const auto& line : offers) {
    const auto facts = facts_from_json(line);
    ASSERT_TRUE(std::holds_alternative<OfferFacts>(facts)) << std::get<FactsError>(facts).reason;
    const Salary& s = std::get<OfferFacts>(facts).salary;
    ++by_status[static_cast<std::size_t>(s.status)];
    ++by_reason[static_cast<std::size_t>(s.reason)];
    if (s.status != SalaryStatus::absent) ++with_text;
    if (s.status == SalaryStatus::parsed && s.source == SalarySource::comment) ++from_comment;
  }
  const int unreadable = by_reason[static_cast<std::size_t>(SalaryReason::unreadable)];
  EXPECT_LE(unreadable * 1000, with_text * 5) << unreadable << " unreadable of " << with_text;
  EXPECT_GT(from_comment, 0);
  std::cout << "offers.jsonl salaries: parsed " << by_status[static_cast<std::size_t>(SalaryStatus::parsed)]
            << " (" << from_comment << " from a comment or complement), implausible "
            << by_status[static_cast<std::size_t>(SalaryStatus::implausible)] << ", unparsed "
            << by_status[static_cast<std::size_t>(SalaryStatus::unparsed)] << ", absent "
            << by_status[static_cast<std::size_t>(SalaryStatus::absent)] << "; by reason:";
  for (std::size_t i = 1; i < by_reason.size(); ++i)
    std::cout << ' ' << to_string(static_cast<SalaryReason>(i)) << ' ' << by_reason[i];
  std::cout << '\n';
}

}  // namespace
}  // namespace jobstream::analytics
