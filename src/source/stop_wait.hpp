#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace jobstream::source {

/// Waits until `until` or until `stop` is requested, whichever comes first, without polling.
/// Returns false when stopped. Used for rate-limit pacing and bounded backoff only.
template <class Clock, class Duration>
bool wait_until_or_stopped(std::chrono::time_point<Clock, Duration> until, std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  return !cv.wait_until(lock, stop, until, [] { return false; }) && !stop.stop_requested();
}

}  // namespace jobstream::source
