#pragma once

#include <chrono>

namespace jobstream::analytics {

/// The SMIC (France's legal minimum wage) in force on a day: gross euros per hour and per month
/// for 35 hours a week, as the decrees set them (JORF). Offers saying "SMIC" are read with the
/// rate of the day of their version, so a 2024 offer and a 2026 one differ as the law did.
struct SmicRate {
  std::chrono::sys_days since;
  double hourly;
  double monthly;
};

/// The rate in force on `day`; the oldest known rate for days before the table starts.
SmicRate smic_on(std::chrono::sys_days day);

}  // namespace jobstream::analytics
