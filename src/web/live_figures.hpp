#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "analytics/byte_codec.hpp"
#include "analytics/figures_engine.hpp"
#include "analytics/record_feed.hpp"
#include "offer/offer_record.hpp"

namespace jobstream::web {

/// What the live engine holds and when it last changed, for /api/health.
struct LiveStatus {
  bool snapshot_loaded = false;                    ///< the store's snapshot is in (the engine is complete)
  std::size_t offers = 0;                          ///< offers held
  std::uint64_t records_applied = 0;               ///< topic records applied since start
  std::uint64_t records_rejected = 0;              ///< upserts whose offer could not become facts
  std::optional<analytics::Timestamp> updated_at;  ///< wall-clock time of the last change
  std::optional<analytics::Timestamp> last_harvested_at;  ///< newest harvested_at seen (store or topic)
};

/// A FiguresEngine shared by the HTTP handlers (readers) and the loader and topic tail (writers).
///
/// @locks queries take the shared lock, so any number run at once; writers take the exclusive lock
/// once per batch, never per record, so a burst of records costs readers one short wait.
/// @locality any thread.
class LiveFigures {
 public:
  /// A row of the store, or a record of the topic, waiting to be applied.
  struct StoredOffer {
    std::string id;
    std::string raw;  ///< the offer JSON as the API gave it; empty for a row known only by its withdrawal
    std::optional<analytics::Timestamp> withdrawn_at;
    std::optional<analytics::Timestamp> harvested_at;
    /// The facts stored beside the offer (its `facts` column, decoded); used instead of `raw`.
    std::optional<analytics::OfferFacts> facts{};
  };

  /// Applies one page of the store's rows. Returns how many could not become facts.
  std::size_t apply_stored(std::vector<StoredOffer> rows);
  /// Applies decoded topic records; returns the rejected ones' reasons (for the caller's log).
  std::vector<std::string> apply_records(const std::vector<offer::OfferRecord>& records);
  /// The snapshot is complete: from now on the engine answers for the whole store.
  void mark_snapshot_loaded();

  /// Appends the engine's image (analytics::EngineImage) to `out`, under the shared lock: queries
  /// go on, writers wait. `out` may stream to a file as it fills (its sink runs under the lock).
  /// Call it from the writer's thread between batches, so the image matches the positions it has
  /// and the only writer kept waiting is the caller itself.
  void write_image(analytics::ByteWriter& out) const;
  /// Replaces the engine by one read back from a snapshot (before any record is applied).
  void restore(analytics::FiguresEngine engine, std::optional<analytics::Timestamp> last_harvested_at);

  /// Answers a query under the shared lock. Throws std::invalid_argument for a bad filter.
  analytics::Figures query(const analytics::Filter& filter) const;
  LiveStatus status() const;

 private:
  void touch(std::optional<analytics::Timestamp> harvested_at);

  mutable std::shared_mutex _mutex;
  analytics::FiguresEngine _engine;  // guarded by _mutex
  LiveStatus _status;                // guarded by _mutex (offers is filled in by status())
};

}  // namespace jobstream::web
