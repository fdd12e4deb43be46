#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kafka/partition_offsets.hpp"
#include "store/offer_store.hpp"

namespace jobstream::pipeline {

/// Where a message came from: its partition and offset.
struct MessageKey {
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): the check sees the 0 inside the compiler-made comparison
  auto operator<=>(const MessageKey&) const = default;
};

/// When and how often a failed write or dead letter is tried again.
struct RetryPolicy {
  std::chrono::milliseconds base{200};  ///< first wait; doubles at every attempt
  std::chrono::milliseconds max{std::chrono::seconds(30)};
  /// Store attempts after which a record that keeps failing while the store takes other records is
  /// given up to the dead-letter topic. During a general outage (nothing stored) none is given up.
  int max_attempts = 20;
};

/// A message on its way: an offer record to store, or (record empty) a dead letter to send.
struct TrackedMessage {
  std::optional<store::OfferRecord> record;
  std::string key, value;     ///< the original message, for the dead-letter topic
  std::string poison_reason;  ///< why it is dead-lettered
  std::int64_t timestamp_ms = -1;
  int attempts = 0;
  int shrink = 0;  ///< dead letter: 0 whole, 1 cut, 2 headers only (the topic refused its size)
  std::chrono::steady_clock::time_point retry_at{};
  std::chrono::steady_clock::time_point first_failure{};  ///< of the current series of store failures
  bool waiting_retry = false;
  bool exhausted = false;  ///< out of attempts: waits at the longest backoff without pausing
};

/// How a dead letter ended.
enum class DeadLetterOutcome { delivered, failed, too_large };

/// The consumer's decisions, without Kafka or a store: which messages are in flight, what is due
/// (writes, dead letters, retries), whether to pause, and which offsets may be committed. A record
/// finishes when stored or dead-lettered; its offset is committable only once everything below it
/// in its partition finished (PartitionOffsets), so a commit never passes a write still retrying.
/// Pure: no I/O, not thread-safe (the consumer's thread only).
class WriteTracker {
 public:
  using Clock = std::chrono::steady_clock;
  explicit WriteTracker(RetryPolicy policy) : _policy(policy) {}

  /// Messages started, in offset order per partition. Both become due at once.
  void start_record(MessageKey where, store::OfferRecord record, std::string key, std::string value,
                    std::int64_t timestamp_ms);
  void start_poison(MessageKey where, std::string key, std::string value, std::string reason,
                    std::int64_t timestamp_ms);

  /// Outcomes (unknown keys, e.g. of a revoked partition, are ignored).
  void write_done(MessageKey where, const store::StoreResult& result, Clock::time_point now);
  void dead_letter_done(MessageKey where, DeadLetterOutcome outcome, const std::string& error,
                        Clock::time_point now);

  struct Due {
    std::vector<MessageKey> writes;        ///< store these records
    std::vector<MessageKey> dead_letters;  ///< send these to the dead-letter topic
    bool empty() const { return writes.empty() && dead_letters.empty(); }
  };
  /// Takes what is due now (new messages, retries whose time came); each counts as one attempt.
  Due take_due(Clock::time_point now);
  const TrackedMessage* find(MessageKey where) const;

  /// Whether consumption should pause: a record with attempts left waits for a retry.
  bool should_pause() const { return _retries_waiting && _pause_wanted; }
  bool retries_waiting() const { return _retries_waiting; }
  /// Whether the last failure began a store outage (for the "failing"/"answering again" logs).
  bool store_failing() const { return _store_failing; }

  kafka::PartitionOffsets& offsets() { return _offsets; }
  const kafka::PartitionOffsets& offsets() const { return _offsets; }
  std::size_t in_flight() const { return _offsets.in_flight(); }
  std::size_t in_flight(std::int32_t partition) const { return _offsets.in_flight(partition); }

  /// A partition was revoked: its in-flight messages are forgotten, later outcomes ignored.
  void revoke(std::int32_t partition);

  struct Counts {
    std::uint64_t stored = 0, dead_lettered = 0, retries = 0;
  };
  const Counts& counts() const { return _counts; }

 private:
  void retry_later(MessageKey where, TrackedMessage& m, const std::string& error, Clock::time_point now);
  void to_dead_letters(MessageKey where, TrackedMessage& m, std::string reason);
  void finish(MessageKey where);

  RetryPolicy _policy;
  kafka::PartitionOffsets _offsets;
  std::map<MessageKey, TrackedMessage> _messages;
  Due _due_now;                   // started or re-routed, not taken yet
  bool _retries_waiting = false;  // some message waits for a retry (take_due scans only then)
  bool _pause_wanted = false;     // some message with attempts left waits for a retry
  bool _store_failing = false;
  Clock::time_point _last_stored{};
  Counts _counts;
};

}  // namespace jobstream::pipeline
