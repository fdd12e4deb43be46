#include "source/ack_ledger.hpp"

namespace jobstream::source {

std::uint64_t AckLedger::append(LedgerEntry entry) {
  entry.seq = _next_seq++;
  entry.acked = false;
  _entries.push_back(std::move(entry));
  return _entries.back().seq;
}

bool AckLedger::acknowledge(std::uint64_t seq) {
  if (_entries.empty() || seq < _entries.front().seq || seq > _entries.back().seq) return false;
  // Sequence numbers are contiguous in the deque, so the entry is found by offset.
  auto& entry = _entries[static_cast<std::size_t>(seq - _entries.front().seq)];
  if (entry.acked) return false;
  entry.acked = true;
  return true;
}

std::optional<LedgerEntry> AckLedger::pop_released() {
  if (_entries.empty() || !_entries.front().acked) return std::nullopt;
  LedgerEntry e = std::move(_entries.front());
  _entries.pop_front();
  return e;
}

}  // namespace jobstream::source
