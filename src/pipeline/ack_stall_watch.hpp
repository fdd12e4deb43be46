#pragma once

#include <chrono>
#include <cstdint>

namespace jobstream::pipeline {

/// Notices when Kafka stops acknowledging while messages wait: with acks=all a partition takes a
/// message only when min.insync.replicas replicas have it, so with too few brokers alive every send
/// is retried (NOT_ENOUGH_REPLICAS, or a request timeout when the leader itself waits for a dead
/// follower) and nothing is acknowledged. Says when to tell: once the stall reaches `stall_after`,
/// again at most once every `tell_every` while it lasts, and once when acknowledgements resume.
/// Pure: the caller gives the clock and the counts.
class AckStallWatch {
 public:
  using Clock = std::chrono::steady_clock;

  AckStallWatch(std::chrono::seconds stall_after, std::chrono::seconds tell_every)
      : _stall_after(stall_after), _tell_every(tell_every) {}

  enum class Say {
    nothing,
    stalled,  ///< the stall reached stall_after (first time), or tell_every passed since the last telling
    resumed,  ///< an acknowledgement arrived (or nothing waits any more) after a told stall
  };
  struct Turn {
    Say say = Say::nothing;
    /// How long nothing was acknowledged while messages waited (for `resumed`: the whole stall).
    std::chrono::seconds stalled_for{0};
  };

  /// Called regularly: `waiting` is how many messages are neither acknowledged nor failed yet,
  /// `acknowledged` the count of acknowledgements since the start.
  Turn observe(Clock::time_point now, std::uint64_t waiting, std::uint64_t acknowledged);

  /// How long nothing was acknowledged while messages waited, as of the last observe(); 0 when
  /// acknowledgements flow or nothing waits.
  std::chrono::seconds stalled_for() const { return _stalled_for; }
  /// Whether the stall passed stall_after (until acknowledgements resume).
  bool stalled() const { return _told; }

 private:
  std::chrono::seconds _stall_after;
  std::chrono::seconds _tell_every;
  bool _started = false;
  Clock::time_point _progress_at{};  // the last acknowledgement, or the last moment nothing waited
  std::uint64_t _acknowledged = 0;
  bool _told = false;
  Clock::time_point _told_at{};
  std::chrono::seconds _stalled_for{0};
};

}  // namespace jobstream::pipeline
