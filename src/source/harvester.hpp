#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

#include "source/ack_ledger.hpp"
#include "source/api_client.hpp"
#include "source/harvest_state.hpp"
#include "source/offer_sink.hpp"
#include "source/progress_line.hpp"
#include "source/slice_planner.hpp"
#include "source/source_settings.hpp"
#include "source/state_journal.hpp"

namespace jobstream::source {

/// What one sweep or poll did.
struct HarvestReport {
  bool complete = false;    ///< every slice harvested (withdrawals only after a complete sweep)
  std::int64_t slices = 0;  ///< slices harvested
  std::int64_t splits = 0;
  std::int64_t walks = 0;  ///< over-cap windows read newest first to the cap, their older rest next
  std::int64_t best_effort_slices = 0;  ///< slices no filter could split under the cap (possibly incomplete)
  std::vector<std::pair<std::string, std::int64_t>> best_effort;  ///< those slices and their totals
  bool suspect = false;  ///< ran to its end but found too little to be believed (withdrew nothing)
  std::int64_t failed_slices = 0;
  std::int64_t expected_total = 0;   ///< the whole window's total when it started
  std::int64_t distinct_offers = 0;  ///< different ids returned
  std::int64_t created = 0;          ///< events emitted
  std::int64_t updated = 0;
  std::int64_t withdrawn = 0;
  std::int64_t duplicates = 0;  ///< items already known unchanged (overlaps, re-reads)
  std::int64_t malformed = 0;
  std::int64_t requests = 0;              ///< search/offer/referentiel attempts, retries included
  std::int64_t lower_bound_requests = 0;  ///< ceil(expected_total / page size)
  double seconds = 0;
};

struct HarvesterOptions {
  /// The sink stores synchronously: each event is acknowledged as soon as on_* returns.
  /// Otherwise the caller calls acknowledge(seq) (e.g. from Kafka delivery reports).
  bool auto_ack = true;
  /// Draw a progress line on stderr (only when it is a terminal).
  bool progress = false;
};

/// Harvests every open offer despite the per-query cap, and keeps the copy fresh.
/// - full_sweep(): the whole creation-date space, adaptively sliced; then offers missing from a
///   complete sweep are confirmed gone and emitted as withdrawals.
/// - poll_once(): the creation window since the last watermark, minus an overlap.
/// - run(): sweeps when due, polls in between, until stopped.
/// Updates of an offer are noticed when a read returns different JSON for a known id: in every
/// sweep (all offers) and in every poll (offers created within the overlap). The API has no
/// "updated since" filter, so updates of older offers wait for the next sweep.
///
/// @locality sweeps, polls and sink calls run on the caller's thread; acknowledge() may be
/// called from any thread.
///
/// Its members are defined in three files, one per responsibility: harvester.cpp (the cycles:
/// sweep, poll, run), harvester_slices.cpp (paging through slices, withdrawals) and
/// harvester_acknowledgements.cpp (the ledger of emitted events and the state file).
class Harvester {
 public:
  Harvester(SourceSettings settings, OfferSink& sink, HarvesterOptions options, std::stop_token stop = {});
  ~Harvester();

  HarvestReport full_sweep();
  HarvestReport poll_once();
  /// Loops until `stop`: a sweep when due (first start, interrupted sweep, interval elapsed),
  /// polls every poll_interval otherwise. Throws SourceError only for fatal errors (credentials).
  void run();

  /// Marks event `seq` durable. Thread-safe.
  void acknowledge(std::uint64_t seq);
  /// Writes the acknowledged state to the state file (atomic). Called after each sweep/poll and
  /// periodically during a sweep.
  void checkpoint();
  /// Events emitted but not yet acknowledged.
  std::size_t unacknowledged() const;
  /// The watermark as persisted (only acknowledged progress).
  std::optional<Seconds> committed_watermark() const;

  const ApiStats& api_stats() const { return _api->stats(); }
  /// What the checkpoints wrote (appends to the state log, new snapshots).
  const JournalStats& state_journal_stats() const { return _journal.stats(); }
  ApiClient& api() { return *_api; }

 private:
  void harvest(SlicePlanner& planner, std::uint32_t epoch, HarvestReport& report, bool is_sweep);
  void harvest_slice(SlicePlanner& planner, const Slice& slice, std::uint32_t epoch, HarvestReport& report,
                     bool is_sweep);
  void take(OfferItem& item, std::uint32_t epoch, HarvestReport& report);
  void emit_seen(OfferItem& item, SeenKind kind, const KnownOffer& state);
  void emit_withdrawn(const std::string& id);
  void detect_withdrawals(std::uint32_t epoch, HarvestReport& report);
  void note_miss(const std::string& id, std::uint32_t misses);
  void mark_committed(const std::string& id, std::uint64_t fingerprint, std::uint32_t epoch);
  void release_locked();
  void load_reference_lists();
  void draw_progress(const HarvestReport& report, const SlicePlanner& planner, bool final_line);
  PlannerConfig planner_config() const;

  SourceSettings _settings;
  OfferSink& _sink;
  HarvesterOptions _options;
  std::stop_token _stop;
  std::unique_ptr<ApiClient> _api;
  StateJournal _journal;  // the state file: snapshot + append-only log; used by checkpoint()

  // Harvesting thread only.
  std::unordered_map<std::string, KnownOffer> _known;  // includes unacknowledged changes
  std::optional<Seconds> _watermark;
  std::uint32_t _epoch = 0;
  std::vector<std::string> _departements;
  std::vector<std::string> _rome_codes;
  std::chrono::steady_clock::time_point _started{};
  ProgressLine _progress;
  std::chrono::steady_clock::time_point _last_checkpoint{};
  std::int64_t _requests_at_start = 0;
  bool _record_total = false;  // the next probe's total is the whole window's

  // Guarded by _mutex: what is durable, and the sweep position to persist.
  mutable std::mutex _mutex;
  AckLedger _ledger;
  HarvestState _committed;
  std::optional<SweepProgress> _sweep_position;       // pending slices of the running sweep
  std::map<std::uint64_t, Slice> _unreleased_slices;  // harvested, events not yet all acknowledged
  std::uint64_t _next_slice_token = 1;
};

/// The creation-date window a poll asks for: from the watermark minus `overlap` to `now` plus
/// `ahead` (the API reads bounds as Paris time, so the newest window ends in the future). Pure.
Slice poll_window(Seconds watermark, Seconds now, std::chrono::seconds overlap, std::chrono::seconds ahead);

/// ceil(total / page_size): the fewest search requests that read `total` offers. Pure.
std::int64_t requests_lower_bound(std::int64_t total, int page_size);

/// 64-bit FNV-1a of the raw JSON: cheap change detection, persisted in the state file.
std::uint64_t fingerprint(std::string_view raw_json);

}  // namespace jobstream::source
