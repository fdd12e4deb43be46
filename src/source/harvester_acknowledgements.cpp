#include <mutex>

#include "source/harvester.hpp"
#include "source/source_metrics.hpp"

// What is durable: each event the harvester emits is entered in the ledger, released once it and
// every event before it were acknowledged, and only released progress reaches the state file, so
// a crash harvests again what the sink may not have kept, and never skips it.
namespace jobstream::source {

void Harvester::acknowledge(std::uint64_t seq) {
  std::lock_guard lock(_mutex);
  if (_ledger.acknowledge(seq)) release_locked();
}

void Harvester::release_locked() {
  while (auto entry = _ledger.pop_released()) {
    if (!entry->id.empty()) {
      if (entry->offer) _committed.known[entry->id] = *entry->offer;
      else _committed.known.erase(entry->id);
    }
    if (entry->watermark) {
      _committed.watermark = std::max(_committed.watermark.value_or(Seconds{}), *entry->watermark);
      source_metrics().watermark(_committed.watermark);
    }
    if (entry->slice_token) _unreleased_slices.erase(*entry->slice_token);
  }
}

std::size_t Harvester::unacknowledged() const {
  std::lock_guard lock(_mutex);
  // Markers are acknowledged at once; what stays pending waits on a real event.
  return _ledger.pending();
}

std::optional<Seconds> Harvester::committed_watermark() const {
  std::lock_guard lock(_mutex);
  return _committed.watermark;
}

void Harvester::checkpoint() {
  if (_settings.state_file.empty()) return;
  StateJournal::Batch batch;
  {
    std::lock_guard lock(_mutex);
    _committed.sweep_epoch = _epoch;
    _committed.sweep = _sweep_position;
    if (!_unreleased_slices.empty()) {
      // Harvested slices whose events are not all durable are harvested again after a restart.
      if (!_committed.sweep) _committed.sweep = SweepProgress{_epoch, api_now(), {}, 0};
      for (const auto& [token, s] : _unreleased_slices) _committed.sweep->pending.push_back(s);
    }
    batch = _journal.prepare(_committed);
  }
  _journal.write(batch);
  _last_checkpoint = std::chrono::steady_clock::now();
}

void Harvester::mark_committed(const std::string& id, std::uint64_t fp, std::uint32_t epoch) {
  std::lock_guard lock(_mutex);
  const auto it = _committed.known.find(id);
  if (it != _committed.known.end() && it->second.fingerprint == fp) {
    it->second.sweep_epoch = std::max(it->second.sweep_epoch, epoch);
    it->second.misses = 0;
  }
}

void Harvester::note_miss(const std::string& id, std::uint32_t misses) {
  std::lock_guard lock(_mutex);
  const auto it = _committed.known.find(id);
  if (it != _committed.known.end()) it->second.misses = misses;
}

void Harvester::emit_seen(OfferItem& item, SeenKind kind, const KnownOffer& state) {
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(_mutex);
    seq = _ledger.append(LedgerEntry{0, item.id, state, std::nullopt, std::nullopt, false});
  }
  OfferSeen event{seq,
                  kind,
                  std::move(item.id),
                  std::move(item.raw_json),
                  std::move(item.date_creation),
                  std::move(item.date_actualisation)};
  _sink.on_offer(event);
  if (_options.auto_ack) acknowledge(seq);
}

void Harvester::emit_withdrawn(const std::string& id) {
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(_mutex);
    seq = _ledger.append(LedgerEntry{0, id, std::nullopt, std::nullopt, std::nullopt, false});
  }
  _sink.on_withdrawn(OfferWithdrawn{seq, id, api_now()});
  if (_options.auto_ack) acknowledge(seq);
}

}  // namespace jobstream::source
