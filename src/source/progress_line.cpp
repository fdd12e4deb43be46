#include "source/progress_line.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace jobstream::source {

void ProgressLine::start() {
  _started = std::chrono::steady_clock::now();
  _last = {};
}

void ProgressLine::draw(const Figures& f, bool final_line) {
  static const bool tty = ::isatty(STDERR_FILENO) != 0;
  if (!tty) return;
  const auto now = std::chrono::steady_clock::now();
  if (!final_line && now - _last < std::chrono::milliseconds(200)) return;
  _last = now;
  const double elapsed = std::chrono::duration<double>(now - _started).count();
  std::string eta = "?";
  if (f.expected > 0 && f.offers > 0) {
    const double left = std::max<double>(0, static_cast<double>(f.expected - f.offers));
    const auto secs = static_cast<std::int64_t>(elapsed * left / static_cast<double>(f.offers));
    eta = fmt::format("{}m{:02}s", secs / 60, secs % 60);
  }
  const auto line = fmt::format(
      "\r\033[Ksweep: slices {} done, {} queued | offers {}/{} | requests {} ({:.1f}/s) | ETA {}{}",
      f.slices_done, f.slices_queued, f.offers, f.expected, f.requests,
      elapsed > 0 ? static_cast<double>(f.requests) / elapsed : 0.0, eta, final_line ? "\n" : "");
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace jobstream::source
