#include "cql/delayed_tasks.hpp"

namespace jobstream::cql {

DelayedTasks::DelayedTasks() : _thread([this](std::stop_token stop) { run(stop); }) {}

DelayedTasks::~DelayedTasks() { stop(); }

void DelayedTasks::post(std::function<void()> task, Clock::time_point due) {
  {
    std::lock_guard lk(_mu);
    if (!_stopping) {
      _queue.push(Entry{due, _posted++, std::move(task)});
      _changed.notify_one();
      return;
    }
  }
  task();
}

void DelayedTasks::stop() {
  {
    std::lock_guard lk(_mu);
    _stopping = true;
  }
  _changed.notify_one();
  if (_thread.joinable()) _thread.join();
}

void DelayedTasks::run(std::stop_token) {
  std::unique_lock lk(_mu);
  for (;;) {
    if (_queue.empty()) {
      if (_stopping) return;
      _changed.wait(lk);
      continue;
    }
    if (!_stopping && Clock::now() < _queue.top().due) {
      _changed.wait_until(lk, _queue.top().due);
      continue;
    }
    auto task = std::move(const_cast<Entry&>(_queue.top()).task);
    _queue.pop();
    lk.unlock();
    task();
    lk.lock();
  }
}

}  // namespace jobstream::cql
