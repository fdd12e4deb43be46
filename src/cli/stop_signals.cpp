#include "cli/stop_signals.hpp"

#include <csignal>
#include <cstdlib>
#include <thread>

namespace jobstream::cli {
namespace {

std::stop_source stop_source;
volatile std::sig_atomic_t signals_seen = 0;

extern "C" void on_stop_signal(int) {
  // Only async-signal-safe work here: count, and exit on the second signal.
  if (signals_seen > 0) std::_Exit(130);
  signals_seen = 1;
}

}  // namespace

std::stop_token install_stop_signals() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  // A watcher thread turns the flag into a stop request (request_stop is not signal-safe).
  static std::jthread watcher([](std::stop_token own) {
    while (!own.stop_requested()) {
      if (signals_seen > 0) {
        stop_source.request_stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  return stop_source.get_token();
}

}  // namespace jobstream::cli
