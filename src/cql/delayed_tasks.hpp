#pragma once
// One thread that runs tasks at their due time: the session's retries (re-prepare, resend,
// backoff) run here, never on a connection's reader thread, and a backoff is a due time, not a
// sleep.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "cql/transport.hpp"

namespace jobstream::cql {

/// @locks _mu guards the queue only; tasks run with no lock held.
/// @locality post(): any thread. Tasks: the task thread, in due-time order (ties in post order).
class DelayedTasks {
 public:
  DelayedTasks();
  /// Runs every task still queued (at once, whatever its due time), then joins the thread.
  ~DelayedTasks();
  DelayedTasks(const DelayedTasks&) = delete;
  DelayedTasks& operator=(const DelayedTasks&) = delete;

  /// Queues `task` to run at `due` (now or earlier: as soon as the thread is free).
  void post(std::function<void()> task, Clock::time_point due = {});
  /// Stops taking new due times into account: queued tasks run at once, then the thread ends.
  /// Tasks posted afterwards run on the posting thread.
  void stop();

 private:
  struct Entry {
    Clock::time_point due;
    std::uint64_t order;
    std::function<void()> task;
    bool operator>(const Entry& o) const { return due != o.due ? due > o.due : order > o.order; }
  };
  void run(std::stop_token stop);

  std::mutex _mu;
  std::condition_variable _changed;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> _queue;
  std::uint64_t _posted = 0;
  bool _stopping = false;
  std::jthread _thread;  // last: started after the members it uses
};

}  // namespace jobstream::cql
