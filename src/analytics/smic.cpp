#include "analytics/smic.hpp"

#include <array>

namespace jobstream::analytics {
namespace {

using namespace std::chrono;

// Each revaluation since 2019, oldest first (décrets de revalorisation du SMIC).
constexpr std::array<SmicRate, 11> rates{{
    {sys_days{2019y / January / 1}, 10.03, 1521.22},
    {sys_days{2020y / January / 1}, 10.15, 1539.42},
    {sys_days{2021y / January / 1}, 10.25, 1554.58},
    {sys_days{2021y / October / 1}, 10.48, 1589.47},
    {sys_days{2022y / May / 1}, 10.85, 1645.58},
    {sys_days{2022y / August / 1}, 11.07, 1678.95},
    {sys_days{2023y / January / 1}, 11.27, 1709.28},
    {sys_days{2023y / May / 1}, 11.52, 1747.20},
    {sys_days{2024y / January / 1}, 11.65, 1766.92},
    {sys_days{2024y / November / 1}, 11.88, 1801.80},
    {sys_days{2026y / January / 1}, 12.02, 1823.03},
}};

}  // namespace

SmicRate smic_on(sys_days day) {
  SmicRate found = rates.front();
  for (const auto& rate : rates) {
    if (rate.since <= day) found = rate;
  }
  return found;
}

}  // namespace jobstream::analytics
