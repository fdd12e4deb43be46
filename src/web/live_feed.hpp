#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cql/session.hpp"
#include "kafka/kafka_settings.hpp"
#include "web/live_figures.hpp"
#include "web/snapshot_keeper.hpp"
#include "web/web_settings.hpp"

namespace jobstream::web {

/// Keeps the live figures up to date while the pipeline runs, on a thread of its own:
///
///   1. note the consumer group's committed offsets: everything before them is in Cassandra;
///   2. load the `offers` table (a snapshot at least that recent);
///   3. tail the offers topic from those offsets, applying each record.
///
/// Records between the committed offsets and the snapshot are applied twice; the engine keeps one
/// state per offer, so that overlap changes no figure. Failures (Kafka or Cassandra down, the
/// topic or table not created yet) are logged and retried from step 1.
///
/// With a snapshot path, step 2 loads the snapshot instead of the table when it can be trusted
/// (SnapshotKeeper, snapshot_trust.hpp) and step 3 starts from the positions it saved; the tail
/// writes a new one every so often and at a clean stop.
class LiveFeed {
 public:
  using SessionFactory = std::function<std::unique_ptr<cql::Session>()>;

  /// Follows `kafka`'s offers topic over the `offers` table of `keyspace`.
  LiveFeed(kafka::KafkaSettings kafka, std::string keyspace, SessionFactory connect, LiveFigures& figures,
           SnapshotSettings snapshot = {});
  /// Stops the thread and waits for it (the topic tail polls with a short timeout).
  ~LiveFeed();
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  /// What the feed is doing ("loading", "following", ...) and its last error, for /api/health.
  std::pair<std::string, std::string> state() const;

 private:
  void run(std::stop_token stop);
  void set_state(std::string phase, std::string error = {});
  /// Waits `delay` unless stopped first; returns false when stopped.
  bool pause(std::stop_token stop, std::chrono::milliseconds delay);

  kafka::KafkaSettings _kafka;
  std::string _keyspace;
  SessionFactory _connect;
  LiveFigures& _figures;
  std::optional<SnapshotKeeper> _snapshots;  // none without a snapshot path
  mutable std::mutex _state_mutex;
  std::string _phase = "starting", _error;  // guarded by _state_mutex
  std::mutex _wait_mutex;
  std::condition_variable_any _wakeup;
  std::jthread _thread;  // last: started once every member above exists, stopped first
};

}  // namespace jobstream::web
