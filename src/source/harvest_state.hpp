#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "source/ack_ledger.hpp"
#include "source/known_offers.hpp"
#include "source/slice_planner.hpp"

namespace jobstream::source {

/// A full sweep that has not finished: resumed after a restart.
struct SweepProgress {
  std::uint32_t epoch = 0;
  Seconds started{};
  std::vector<Slice> pending;       ///< slices still to harvest
  std::int64_t expected_total = 0;  ///< the whole space's total at the start (for progress/ETA)
};

/// Everything the harvester persists. As a whole it is one JSON document written atomically (temp +
/// rename): the snapshot of the state journal, which appends only changes on top of it (see
/// state_journal.hpp). Only acknowledged effects are ever written.
struct HarvestState {
  std::string source;                         ///< SourceSettings::owner() it was harvested from
  std::optional<Seconds> watermark;           ///< every offer created before this was fetched
  std::uint32_t sweep_epoch = 0;              ///< the last sweep started
  std::optional<Seconds> last_sweep_started;  ///< start of the last complete sweep
  std::optional<SweepProgress> sweep;         ///< a sweep in progress
  std::int64_t last_complete_total = 0;       ///< offers found by the last complete sweep
  KnownOffers known;                          ///< open offers and their fingerprints
  std::uint64_t generation = 0;               ///< the snapshot's number: a journal log applies to one

  std::string to_json() const;
  /// Everything but the known offers, as one JSON object (a journal log's commit records).
  std::string meta_json() const;
  /// Sets everything but the known offers from meta_json()'s text; throws on malformed text.
  void apply_meta(const std::string& text);
  /// Throws std::runtime_error naming the problem when the text is not a state document.
  static HarvestState from_json(const std::string& text);

  /// Writes `path.tmp`, flushes it to disk, then renames it over `path`.
  void save(const std::filesystem::path& path) const;
  /// An empty state when the file does not exist; throws when it exists but is unreadable.
  static HarvestState load(const std::filesystem::path& path);
};

/// Writes `path.tmp`, flushes it to disk, then renames it over `path` (creating the folder):
/// a crash leaves the old file or the new one, never a mix.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace jobstream::source
