#pragma once

#include <chrono>
#include <cstdint>

namespace jobstream::source {

/// A one-line progress display for sweeps on a terminal (stderr): slices done and queued, offers
/// found of those announced, requests and their rate, and an ETA. Silent when stderr is not a
/// terminal; redrawn at most 5 times a second.
class ProgressLine {
 public:
  struct Figures {
    std::int64_t slices_done = 0;
    std::size_t slices_queued = 0;
    std::int64_t offers = 0;
    std::int64_t expected = 0;  ///< the API's total for the whole window, 0 when unknown
    std::int64_t requests = 0;
  };

  void start();
  void draw(const Figures& f, bool final_line);

 private:
  std::chrono::steady_clock::time_point _started{};
  std::chrono::steady_clock::time_point _last{};
};

}  // namespace jobstream::source
