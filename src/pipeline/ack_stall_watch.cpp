#include "pipeline/ack_stall_watch.hpp"

namespace jobstream::pipeline {

AckStallWatch::Turn AckStallWatch::observe(Clock::time_point now, std::uint64_t waiting,
                                           std::uint64_t acknowledged) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  const bool progressed = !_started || acknowledged != _acknowledged || waiting == 0;
  _started = true;
  _acknowledged = acknowledged;
  if (progressed) {
    Turn turn;
    if (_told) turn = {Say::resumed, duration_cast<seconds>(now - _progress_at)};
    _told = false;
    _progress_at = now;
    _stalled_for = seconds(0);
    return turn;
  }
  _stalled_for = duration_cast<seconds>(now - _progress_at);
  if (_stalled_for < _stall_after) return {Say::nothing, _stalled_for};
  if (!_told || now - _told_at >= _tell_every) {
    _told = true;
    _told_at = now;
    return {Say::stalled, _stalled_for};
  }
  return {Say::nothing, _stalled_for};
}

}  // namespace jobstream::pipeline
