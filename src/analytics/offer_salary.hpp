#pragma once

#include <chrono>
#include <string_view>

#include "analytics/salary.hpp"

namespace jobstream::analytics {

/// The salary texts of one offer (`salaire.*`), trimmed; empty when absent.
struct SalaryTexts {
  std::string_view libelle, commentaire, complement1, complement2;
};

/// Reads an offer's salary. The libellé wins when it gives a figure (parsed or implausible).
/// Otherwise the comment, then the complements, are read for figures (source = comment):
///   - "SMIC" without an amount: the legal monthly minimum in force on `day` (smic.hpp), x 12;
///   - a text parse_salary reads ("45 - 55 k€ brut annuel");
///   - a bare amount or range without a period ("11,88 €", "Entre 12 et 14€ brut"): the period its
///     size makes plausible: under 100 € hourly, 500-9,999 € monthly, 10,000 € and more yearly.
/// When none gives a figure, the result is the libellé's reading (unparsed with its reason), or,
/// without a libellé, the comment's; complements alone ("Primes", "Mutuelle") are no salary text.
Salary read_offer_salary(const SalaryTexts& texts, std::chrono::sys_days day);

}  // namespace jobstream::analytics
