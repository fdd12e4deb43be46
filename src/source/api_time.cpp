#include "source/api_time.hpp"

#include <fmt/format.h>

#include "common/iso_time.hpp"

namespace jobstream::source {

Seconds api_now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::string format_api_time(Seconds t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::optional<Seconds> parse_api_time(std::string_view s) {
  const auto t = common::parse_iso8601(s);
  if (!t) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(*t);
}

}  // namespace jobstream::source
