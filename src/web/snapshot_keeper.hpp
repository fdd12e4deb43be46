#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cql/session.hpp"
#include "kafka/group_lag.hpp"
#include "web/figures_snapshot.hpp"
#include "web/live_figures.hpp"
#include "web/topic_tail.hpp"
#include "web/web_settings.hpp"

namespace jobstream::web {

/// The snapshot side of the live feed: at start, loads a snapshot it can trust instead of the
/// table; while tailing, writes one every `every` and at a clean stop.
///
/// @locality the feed's thread only (restore and after_batch are called between batches, so the
/// image written matches the positions given).
class SnapshotKeeper {
 public:
  SnapshotKeeper(SnapshotSettings settings, std::string keyspace, std::string topic, LiveFigures& figures);

  /// Notes the `offers` table's id, read before the table (or the snapshot) is loaded.
  void set_table_id(std::string id) { _table_id = std::move(id); }

  /// Loads the snapshot into `figures` when there is one and it can be trusted against
  /// `partitions` (the topic's now, with watermarks); returns where to tail from. Otherwise logs
  /// the one reason why and returns nullopt: the caller reads the table. Never throws for the file.
  std::optional<std::vector<PartitionLag>> restore(const std::vector<PartitionLag>& partitions);

  /// After each batch of the tail: writes a snapshot when one is due, or when `last`. A failure is
  /// logged and tried again at the next due time; the figures are not affected.
  void after_batch(const std::vector<TopicPosition>& positions, TopicTail::Last last);

  /// Writes a snapshot now. Throws SnapshotError.
  void write(const std::vector<TopicPosition>& positions);

 private:
  SnapshotSettings _settings;
  std::string _keyspace, _topic, _table_id;
  LiveFigures& _figures;
  std::chrono::steady_clock::time_point _next_due;
};

/// The id of `<keyspace>.offers` in system_schema.tables as 32 hex digits; empty when there is no
/// such table. Throws cql::CqlError when Cassandra fails.
std::string read_offer_table_id(cql::Session& session, const std::string& keyspace);

}  // namespace jobstream::web
