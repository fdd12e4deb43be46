#include "pipeline/write_tracker.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace jobstream::pipeline {

void WriteTracker::start_record(MessageKey where, store::OfferRecord record, std::string key,
                                std::string value, std::int64_t timestamp_ms) {
  _offsets.start(where.partition, where.offset);
  auto& m = _messages[where] = TrackedMessage{};
  m.record = std::move(record);
  m.key = std::move(key);
  m.value = std::move(value);
  m.timestamp_ms = timestamp_ms;
  _due_now.writes.push_back(where);
}

void WriteTracker::start_poison(MessageKey where, std::string key, std::string value, std::string reason,
                                std::int64_t timestamp_ms) {
  _offsets.start(where.partition, where.offset);
  auto& m = _messages[where] = TrackedMessage{};
  m.key = std::move(key);
  m.value = std::move(value);
  m.poison_reason = std::move(reason);
  m.timestamp_ms = timestamp_ms;
  _due_now.dead_letters.push_back(where);
}

const TrackedMessage* WriteTracker::find(MessageKey where) const {
  const auto it = _messages.find(where);
  return it == _messages.end() ? nullptr : &it->second;
}

void WriteTracker::finish(MessageKey where) {
  _offsets.finish(where.partition, where.offset);
  _messages.erase(where);
}

void WriteTracker::to_dead_letters(MessageKey where, TrackedMessage& m, std::string reason) {
  m.record.reset();
  m.poison_reason = std::move(reason);
  m.attempts = 0;
  m.waiting_retry = false;
  m.exhausted = false;
  _due_now.dead_letters.push_back(where);
}

void WriteTracker::write_done(MessageKey where, const store::StoreResult& result, Clock::time_point now) {
  const auto it = _messages.find(where);
  if (it == _messages.end() || !it->second.record) return;  // revoked meanwhile
  switch (result.status) {
    case store::StoreResult::Status::stored:
      _last_stored = now;
      ++_counts.stored;
      if (_store_failing) {
        spdlog::info("consume: store answering again; resuming");
        _store_failing = false;
      }
      finish(where);
      return;
    case store::StoreResult::Status::rejected:
      // A permanent error: the same write would fail the same way every time.
      to_dead_letters(where, it->second, "store rejected the record: " + result.error);
      return;
    case store::StoreResult::Status::retryable: {
      auto& m = it->second;
      if (m.attempts <= 1 || m.first_failure == Clock::time_point{}) m.first_failure = now;
      // Out of attempts while the store took other records since this one first failed: the record,
      // not the store, is at fault; give it up so that its partition moves on.
      if (m.attempts >= _policy.max_attempts && _last_stored > m.first_failure) {
        to_dead_letters(where, m,
                        fmt::format("the store failed this record {} times while storing others: {}",
                                    m.attempts, result.error));
        return;
      }
      retry_later(where, m, result.error, now);
      return;
    }
  }
}

void WriteTracker::dead_letter_done(MessageKey where, DeadLetterOutcome outcome, const std::string& error,
                                    Clock::time_point now) {
  const auto it = _messages.find(where);
  if (it == _messages.end() || it->second.record) return;
  auto& m = it->second;
  if (outcome == DeadLetterOutcome::delivered) {
    ++_counts.dead_lettered;
    finish(where);
    return;
  }
  if (outcome == DeadLetterOutcome::too_large && m.shrink < 2) {
    // The topic refused its size: send it again at once, cut, then as headers only.
    ++m.shrink;
    m.waiting_retry = false;
    _due_now.dead_letters.push_back(where);
    return;
  }
  // The dead-letter topic did not take it: nowhere else to put it, so it is retried without bound.
  retry_later(where, m, "dead-letter topic: " + error, now);
}

void WriteTracker::retry_later(MessageKey, TrackedMessage& m, const std::string& error,
                               Clock::time_point now) {
  // Back off exponentially; consumption pauses while a message with attempts left waits. One out of
  // attempts waits at the longest backoff without holding the pause, so that other records flow
  // and show whether the store or the record is at fault.
  m.exhausted = m.record && m.attempts >= _policy.max_attempts;
  const auto factor = 1LL << std::clamp(m.attempts - 1, 0, 16);
  const auto backoff =
      m.exhausted ? _policy.max : std::min<std::chrono::milliseconds>(_policy.max, _policy.base * factor);
  m.waiting_retry = true;
  m.retry_at = now + backoff;
  _retries_waiting = true;
  _pause_wanted = _pause_wanted || !m.exhausted;
  ++_counts.retries;
  if (!_store_failing) {
    _store_failing = true;
    spdlog::warn("consume: {} failed ({}); pausing consumption and retrying with backoff",
                 m.record ? "store write" : "dead letter", error);
  } else if (m.attempts % 10 == 0) {
    spdlog::warn("consume: still failing after {} attempts ({}); retrying in {} ms", m.attempts, error,
                 backoff.count());
  }
}

WriteTracker::Due WriteTracker::take_due(Clock::time_point now) {
  Due due;
  due.writes.swap(_due_now.writes);
  due.dead_letters.swap(_due_now.dead_letters);
  // Scan for retries only while some wait: this runs once per message.
  if (_retries_waiting) {
    bool still_waiting = false, pause = false;
    for (auto& [where, m] : _messages) {
      if (m.waiting_retry && m.retry_at <= now) {
        m.waiting_retry = false;
        (m.record ? due.writes : due.dead_letters).push_back(where);
      }
      still_waiting = still_waiting || m.waiting_retry;
      pause = pause || (m.waiting_retry && !m.exhausted);
    }
    _retries_waiting = still_waiting;
    _pause_wanted = pause;
  }
  for (const auto* list : {&due.writes, &due.dead_letters}) {
    for (const auto& where : *list) ++_messages.at(where).attempts;
  }
  return due;
}

void WriteTracker::revoke(std::int32_t partition) {
  _offsets.drop(partition);
  std::erase_if(_messages, [partition](const auto& entry) { return entry.first.partition == partition; });
  const auto in_partition = [partition](const MessageKey& k) { return k.partition == partition; };
  std::erase_if(_due_now.writes, in_partition);
  std::erase_if(_due_now.dead_letters, in_partition);
}

}  // namespace jobstream::pipeline
