#include "web/live_feed.hpp"

#include <spdlog/spdlog.h>

#include <utility>

#include "web/offer_table_loader.hpp"
#include "web/pipeline_probe.hpp"
#include "web/topic_tail.hpp"

namespace jobstream::web {
namespace {

constexpr std::chrono::milliseconds retry_delay{2000};
constexpr std::chrono::milliseconds kafka_timeout{5000};

}  // namespace

LiveFeed::LiveFeed(kafka::KafkaSettings kafka, std::string keyspace, SessionFactory connect,
                   LiveFigures& figures, SnapshotSettings snapshot)
    : _kafka(std::move(kafka)),
      _keyspace(std::move(keyspace)),
      _connect(std::move(connect)),
      _figures(figures),
      _snapshots(snapshot.path.empty() ? std::nullopt
                                       : std::make_optional<SnapshotKeeper>(std::move(snapshot), _keyspace,
                                                                            _kafka.topic, figures)),
      _thread([this](std::stop_token stop) { run(stop); }) {}

LiveFeed::~LiveFeed() {
  _thread.request_stop();
  _wakeup.notify_all();
}

std::pair<std::string, std::string> LiveFeed::state() const {
  std::lock_guard lock(_state_mutex);
  return {_phase, _error};
}

void LiveFeed::set_state(std::string phase, std::string error) {
  std::lock_guard lock(_state_mutex);
  _phase = std::move(phase);
  _error = std::move(error);
}

bool LiveFeed::pause(std::stop_token stop, std::chrono::milliseconds delay) {
  std::unique_lock lock(_wait_mutex);
  _wakeup.wait_for(lock, stop, delay, [] { return false; });
  return !stop.stop_requested();
}

void LiveFeed::run(std::stop_token stop) {
  std::vector<PartitionLag> from;
  // The snapshot is tried once; a failure after it (Kafka or Cassandra down) retries the full read.
  bool try_snapshot = _snapshots.has_value();
  // Steps 1 and 2, until both succeed.
  while (!stop.stop_requested()) {
    try {
      set_state("loading");
      PipelineProbe probe(_kafka);
      from = probe.check(kafka_timeout).partitions;
      auto session = _connect();
      if (_snapshots) {
        // Read before the table, like the offsets: the snapshot written later must name the table
        // its rows came from.
        _snapshots->set_table_id(read_offer_table_id(*session, _keyspace));
        if (std::exchange(try_snapshot, false)) {
          if (auto saved = _snapshots->restore(from)) {
            from = std::move(*saved);
            _figures.mark_snapshot_loaded();
            break;
          }
        }
      }
      TableLoadOptions options;
      options.stop = stop;
      const auto load = load_offer_table(*session, _keyspace, _figures, options);
      if (!load.complete) return;  // stopped while loading
      _figures.mark_snapshot_loaded();
      spdlog::info("serve: loaded {} offers from {}.offers in {} ms ({} left out)", load.rows, _keyspace,
                   load.took.count(), load.rejected);
      break;
    } catch (const std::exception& e) {
      spdlog::warn("serve: loading the figures failed, retrying in {} s: {}", retry_delay.count() / 1000,
                   e.what());
      set_state("loading", e.what());
      if (!pause(stop, retry_delay)) return;
    }
  }
  // Step 3. A topic that did not exist at step 1 is read from its start once it appears: every
  // record it holds came after the snapshot.
  while (!stop.stop_requested()) {
    try {
      if (from.empty()) {
        set_state("waiting for the offers topic");
        from = PipelineProbe(_kafka).check(kafka_timeout).partitions;
        if (from.empty()) {
          if (!pause(stop, retry_delay)) return;
          continue;
        }
        // Whatever the group committed since, it was stored after the snapshot: read it all.
        for (auto& p : from) p.committed = -1;
      }
      set_state("following");
      TopicTail tail(_kafka, _figures);
      TopicTail::BatchDone on_batch;
      if (_snapshots) {
        on_batch = [this](const std::vector<TopicPosition>& positions, TopicTail::Last last) {
          _snapshots->after_batch(positions, last);
        };
      }
      tail.run(stop, from, on_batch);
      return;
    } catch (const std::exception& e) {
      spdlog::warn("serve: following the offers topic failed, retrying in {} s: {}",
                   retry_delay.count() / 1000, e.what());
      set_state("following", e.what());
      if (!pause(stop, retry_delay)) return;
    }
  }
}

}  // namespace jobstream::web
