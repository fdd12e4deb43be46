#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "source/api_time.hpp"

namespace jobstream::source {

/// What the harvester knows of one open offer, persisted across restarts.
struct KnownOffer {
  std::uint64_t fingerprint = 0;  ///< hash of the raw JSON: a change means an update
  std::uint32_t sweep_epoch = 0;  ///< the last full sweep that saw it
  std::uint32_t misses = 0;       ///< complete sweeps in a row that did not find it
};

/// A change that becomes durable only once every event before it is acknowledged.
struct LedgerEntry {
  std::uint64_t seq = 0;
  std::string id;                            ///< empty for a pure marker
  std::optional<KnownOffer> offer;           ///< new state of `id`; nullopt with an id = withdrawn
  std::optional<Seconds> watermark;          ///< a poll or sweep finished: all created before this is fetched
  std::optional<std::uint64_t> slice_token;  ///< a sweep slice finished
  bool acked = false;
};

/// Orders acknowledgements: events may be acknowledged in any order, but their effects are
/// released strictly in sequence, so a crash never persists a watermark beyond an event that was
/// not safely delivered. Pure; the harvester guards it with its mutex.
class AckLedger {
 public:
  /// Appends an entry; its seq is assigned and returned.
  std::uint64_t append(LedgerEntry entry);
  /// Marks `seq` acknowledged. Unknown or already released numbers are ignored (returns false).
  bool acknowledge(std::uint64_t seq);
  /// Removes and returns the next entry if it and all before it are acknowledged.
  std::optional<LedgerEntry> pop_released();
  std::size_t pending() const { return _entries.size(); }
  std::uint64_t next_seq() const { return _next_seq; }

 private:
  std::deque<LedgerEntry> _entries;
  std::uint64_t _next_seq = 1;
};

}  // namespace jobstream::source
