#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "source/harvest_state.hpp"

namespace jobstream::source {

/// What the journal has written, for benchmarks and logs.
struct JournalStats {
  std::int64_t appends = 0;  ///< checkpoints written as a log batch
  std::int64_t append_bytes = 0;
  std::int64_t compactions = 0;  ///< checkpoints written as a whole new snapshot
  std::int64_t compaction_bytes = 0;
  double append_seconds = 0;
  double compaction_seconds = 0;
  double longest_append_seconds = 0;
  double longest_compaction_seconds = 0;
};

/// The harvest state on disk: a snapshot (the state file, one JSON document, replaced atomically)
/// plus an append-only log beside it (`<state file>.log`) of the known offers changed since.
///
/// A checkpoint appends one batch: a line per changed offer (`+id fingerprint epoch misses` or
/// `-id`), then a commit line `=<hash> <meta JSON>` carrying everything else (watermark, sweep
/// position) and a hash of the batch; the file is flushed to disk before the checkpoint returns.
/// Loading applies only batches whose commit line is whole and whose hash matches, so a crash in
/// the middle of an append loses that checkpoint, nothing before it. When the log grows past the
/// snapshot's size, the next checkpoint writes a new snapshot with the next generation number
/// (temp + fsync + rename) and then a new log naming that generation; a log naming another
/// generation than its snapshot (a crash between the two renames) is stale and ignored.
/// So the bytes written stay proportional to what changed, the whole state being rewritten at
/// most once per its own size of changes.
///
/// @locality prepare() under the owner's lock (it reads the state and takes its changed ids);
/// write() outside it. Not thread-safe itself: one checkpointing thread at a time.
class StateJournal {
 public:
  /// What one checkpoint puts on disk, prepared under the owner's lock.
  struct Batch {
    bool compaction = false;
    std::uint64_t generation = 0;
    std::string text;  ///< log lines to append, or the whole snapshot document
  };

  explicit StateJournal(std::filesystem::path snapshot);
  ~StateJournal();
  StateJournal(const StateJournal&) = delete;
  StateJournal& operator=(const StateJournal&) = delete;

  /// The snapshot plus every whole batch of its log (an empty state when neither exists). Throws
  /// std::runtime_error naming the file when the snapshot or a committed batch is malformed.
  HarvestState load();
  /// Takes `state`'s changed ids and serialises them (or the whole state when a new snapshot is due).
  Batch prepare(HarvestState& state);
  /// Appends the batch and flushes it, or writes the new snapshot and a fresh log. On failure the
  /// next checkpoint writes a whole snapshot (the changes taken by prepare() are not lost).
  void write(const Batch& batch);

  const JournalStats& stats() const { return _stats; }
  std::filesystem::path log_path() const;

 private:
  void append(const std::string& text);
  void compact(const Batch& batch);
  void close_log();

  std::filesystem::path _snapshot;
  std::uint64_t _generation = 0;  // the snapshot on disk
  std::uint64_t _snapshot_bytes = 0;
  std::uint64_t _log_bytes = 0;  // the log's committed length
  bool _must_compact = true;     // no usable snapshot+log pair yet, or a write failed
  int _log_fd = -1;
  JournalStats _stats;
};

}  // namespace jobstream::source
