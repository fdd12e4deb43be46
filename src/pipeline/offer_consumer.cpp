#include "pipeline/offer_consumer.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "kafka/group_lag.hpp"
#include "kafka/kafka_metrics.hpp"
#include "pipeline/pipeline_metrics.hpp"

namespace jobstream::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

std::string as_string(const void* data, std::size_t size) {
  return data ? std::string(static_cast<const char*>(data), size) : std::string();
}

RetryPolicy retry_policy(const ConsumerOptions& o) {
  RetryPolicy p;
  p.base = o.retry_base;
  p.max = o.retry_max;
  p.max_attempts = o.max_attempts;
  return p;
}

}  // namespace

OfferConsumer::OfferConsumer(const kafka::KafkaSettings& settings, OfferStore& store,
                             const ConsumerOptions& options)
    : _settings(settings), _store(store), _options(options), _tracker(retry_policy(options)) {
  auto conf = make_kafka_conf({
      {"bootstrap.servers", settings.bootstrap_servers},
      {"group.id", settings.group_id},
      {"client.id", "jobstream-consumer"},
      // Offsets move only when the store made the records durable (commit() below).
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      // While the store is down the partitions are paused, but poll() keeps running, so the
      // consumer stays in its group however long the outage lasts.
      {"max.poll.interval.ms", "300000"},
      {"session.timeout.ms", "10000"},
      // librdkafka prefetches up to 64 MB per partition by default: with a large backlog and six
      // partitions that alone would pass the consumer's memory budget. 8 MB per partition still
      // keeps hundreds of writes' worth of offers ahead of the store.
      {"queued.max.messages.kbytes", "8192"},
      // Bigger fetches per partition (the default is 1 MB), so that one round trip to the broker
      // brings seconds of work rather than a fraction of one.
      {"max.partition.fetch.bytes", "4194304"},
      // An idle fetch waits at most this long on the broker; shorter than the default 500 ms so that
      // the caught-up check and shutdown are not held behind it.
      {"fetch.wait.max.ms", "100"},
  });
  rd_kafka_conf_set_rebalance_cb(conf.get(), &OfferConsumer::rebalance_cb);
  kafka::enable_statistics(conf.get());  // lag per partition; served by consumer_poll
  rd_kafka_conf_set_opaque(conf.get(), this);
  _consumer = make_kafka_client(RD_KAFKA_CONSUMER, std::move(conf));
  rd_kafka_poll_set_consumer(_consumer.get());

  // Reports are served by poll() in drain_completions (this thread) and by flush().
  _dead_letters = std::make_unique<kafka::DeadLetterProducer>(
      settings.bootstrap_servers, settings.topic, settings.dead_letter_topic,
      [this](const kafka::DeadLetterReport& r) {
        const auto outcome = !r.err          ? DeadLetterOutcome::delivered
                             : r.too_large() ? DeadLetterOutcome::too_large
                                             : DeadLetterOutcome::failed;
        if (r.err) spdlog::error("consume: dead letter not delivered: {}", rd_kafka_err2str(r.err));
        _tracker.dead_letter_done({r.partition, r.offset}, outcome, rd_kafka_err2str(r.err), Clock::now());
      });
  ensure_topics(
      _dead_letters->handle(),
      {{settings.topic, settings.partitions, settings.replication_factor, settings.min_insync_replicas},
       {settings.dead_letter_topic, settings.partitions, settings.replication_factor,
        settings.min_insync_replicas}},
      std::chrono::seconds(30));

  PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(topics.get(), settings.topic.c_str(), RD_KAFKA_PARTITION_UA);
  if (const auto err = rd_kafka_subscribe(_consumer.get(), topics.get())) {
    throw KafkaError("subscribing to " + settings.topic, err);
  }
}

OfferConsumer::~OfferConsumer() {
  // Dead letters still queued must not be lost: give them a bounded time.
  _dead_letters->flush(_options.close_deadline);
}

void OfferConsumer::rebalance_cb(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                                 void* opaque) {
  static_cast<OfferConsumer*>(opaque)->on_rebalance(err, parts);
}

void OfferConsumer::on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions) {
  ++_stats.rebalances;
  pipeline_metrics().rebalance();
  std::vector<std::int32_t> listed;
  listed.reserve(static_cast<std::size_t>(partitions->cnt));
  for (int i = 0; i < partitions->cnt; ++i) listed.push_back(partitions->elems[i].partition);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    spdlog::info("consume: assigned partitions {} of {}", fmt::join(listed, ","), _settings.topic);
    _assigned = listed;
    pipeline_metrics().assigned(_assigned.size());
    _paused = false;
    rd_kafka_assign(_consumer.get(), partitions);
    return;
  }
  // Revoked: finish (or, past the deadline, abandon) what is in flight there, commit what is
  // durable, and forget those partitions; whoever gets them next starts after the last commit.
  spdlog::info("consume: partitions {} revoked", fmt::join(listed, ","));
  drain_partitions(listed);
  commit(CommitMode::now);
  for (auto p : listed) _tracker.revoke(p);
  _assigned.clear();
  pipeline_metrics().assigned(0);
  rd_kafka_assign(_consumer.get(), nullptr);
}

void OfferConsumer::drain_partitions(const std::vector<std::int32_t>& partitions) {
  const auto deadline = Clock::now() + _options.drain_deadline;
  const auto busy = [&] {
    return std::any_of(partitions.begin(), partitions.end(),
                       [&](auto p) { return _tracker.in_flight(p) > 0; });
  };
  while (busy() && Clock::now() < deadline) {
    drain_completions(std::chrono::milliseconds(50));
    dispatch();
  }
  if (busy()) {
    spdlog::warn("consume: {} writes still unfinished after {} s; their offsets stay uncommitted and will be "
                 "read again",
                 _tracker.in_flight(), _options.drain_deadline.count() / 1000);
  }
}

void OfferConsumer::handle(const rd_kafka_message_t& m) {
  if (m.err) {
    if (m.err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      spdlog::warn("consume: {}: {}", _settings.topic, rd_kafka_message_errstr(&m));
    }
    return;
  }
  const MessageKey where{m.partition, m.offset};
  std::string key = as_string(m.key, m.key_len);
  std::string value = as_string(m.payload, m.len);
  const auto timestamp = rd_kafka_message_timestamp(&m, nullptr);
  auto decoded = offer::decode_record(key, value);
  if (auto* error = std::get_if<offer::RecordError>(&decoded)) {
    pipeline_metrics().dead_letter(DeadLetterReason::invalid_record);
    _tracker.start_poison(where, std::move(key), std::move(value), std::move(error->reason), timestamp);
  } else {
    _tracker.start_record(where, std::move(std::get<OfferRecord>(decoded)), std::move(key), std::move(value),
                          timestamp);
  }
}

void OfferConsumer::dispatch() {
  const auto due = _tracker.take_due(Clock::now());
  for (const auto& where : due.writes) {
    _store.write(*_tracker.find(where)->record, [this, where](StoreResult r) {
      complete(Completion{where, std::move(r)});
    });
  }
  for (const auto& where : due.dead_letters) send_dead_letter(where, *_tracker.find(where));
}

void OfferConsumer::send_dead_letter(MessageKey where, const TrackedMessage& m) {
  spdlog::warn("consume: poison message at {}/{}/{} ({}): sent to {}{}", _settings.topic, where.partition,
               where.offset, m.poison_reason, _settings.dead_letter_topic,
               m.shrink == 0 ? "" : fmt::format(" cut ({} bytes refused whole)", m.value.size()));
  const auto cut = m.shrink == 0   ? kafka::DeadLetterCut::whole
                   : m.shrink == 1 ? kafka::DeadLetterCut::cut
                                   : kafka::DeadLetterCut::headers_only;
  const auto err = _dead_letters->send(
      {where.partition, where.offset, m.key, m.value, m.poison_reason, m.timestamp_ms, cut});
  if (err) {
    // Not queued (queue full, too large, a local error): the offset stays unfinished and is retried.
    spdlog::error("consume: cannot queue dead letter: {}", rd_kafka_err2str(err));
    _tracker.dead_letter_done(where,
                              err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE ? DeadLetterOutcome::too_large
                                                                          : DeadLetterOutcome::failed,
                              rd_kafka_err2str(err), Clock::now());
  }
}

void OfferConsumer::complete(Completion c) {
  {
    std::lock_guard lock(_mutex);
    _completions.push_back(std::move(c));
  }
  _completed.notify_one();
}

void OfferConsumer::drain_completions(std::chrono::milliseconds wait) {
  _dead_letters->poll();  // serves dead-letter reports into the tracker
  std::vector<Completion> done;
  {
    std::unique_lock lock(_mutex);
    if (_completions.empty() && wait.count() > 0) _completed.wait_for(lock, wait);
    done.swap(_completions);
  }
  const auto now = Clock::now();
  const auto before = _tracker.counts();
  for (auto& c : done) {
    if (c.result.status == StoreResult::Status::rejected)
      pipeline_metrics().dead_letter(DeadLetterReason::store_rejected);
    _tracker.write_done(c.where, c.result, now);
  }
  // The metrics follow the tracker's own counts, so they cannot disagree with what it decided.
  const auto& after = _tracker.counts();
  for (auto n = after.stored - before.stored; n > 0; --n) pipeline_metrics().stored();
  for (auto n = after.retries - before.retries; n > 0; --n) pipeline_metrics().store_retry();
  pipeline_metrics().store_failing(_tracker.store_failing());
}

void OfferConsumer::commit(CommitMode mode) {
  const auto now = Clock::now();
  if (mode == CommitMode::periodic && now - _last_commit < _options.commit_interval) return;
  _last_commit = now;
  const auto offsets = _tracker.offsets().uncommitted();
  if (offsets.empty()) return;
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [partition, offset] : offsets) {
    rd_kafka_topic_partition_list_add(list.get(), _settings.topic.c_str(), partition)->offset = offset;
  }
  // The periodic commit is asynchronous, so the loop never stalls on the coordinator while writes
  // complete; its offsets stay "uncommitted" here and are sent again until a commit made now
  // (revoke, caught-up check, shutdown) confirms them.
  const bool wait = mode == CommitMode::now;
  if (const auto err = rd_kafka_commit(_consumer.get(), list.get(), wait ? 0 : 1)) {
    // Not fatal: the same offsets (or later ones) are committed at the next interval.
    spdlog::warn("consume: offset commit failed: {}", rd_kafka_err2str(err));
    pipeline_metrics().commit(false);
    return;
  }
  if (wait) {
    // A commit can succeed as a request and still fail for some partitions (the coordinator
    // answers an error per partition): only what the broker took is marked, the rest is sent again.
    std::size_t refused = 0;
    for (int i = 0; i < list->cnt; ++i) {
      const auto& e = list->elems[i];
      if (e.err) {
        ++refused;
        spdlog::warn("consume: offset commit of partition {} failed: {}", e.partition,
                     rd_kafka_err2str(e.err));
      } else {
        _tracker.offsets().mark_committed(e.partition, e.offset);
      }
    }
    if (refused) {
      pipeline_metrics().commit(false);
      return;
    }
  }
  ++_stats.commits;
  pipeline_metrics().commit(true);
}

void OfferConsumer::update_pause() {
  // Pausing costs a refetch on resume, so it is kept for store outages (records waiting for a retry),
  // where the consumer must keep polling to stay in its group while taking no new messages. The
  // in-flight bound is enforced in run() by not polling until writes finish, which takes milliseconds.
  const bool waiting = _tracker.should_pause();
  if (_paused == waiting || _assigned.empty()) return;
  rd_kafka_topic_partition_list_t* raw = nullptr;
  if (rd_kafka_assignment(_consumer.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  PartitionListPtr list(raw);
  if (waiting) {
    rd_kafka_pause_partitions(_consumer.get(), list.get());
  } else {
    rd_kafka_resume_partitions(_consumer.get(), list.get());
  }
  _paused = waiting;
}

bool OfferConsumer::assignment_caught_up() {
  // Cheap and local: the positions of our own partitions against the end offsets librdkafka last
  // saw in fetch answers. Only when these say "caught up" is the group asked over the network.
  if (_assigned.empty()) return false;
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(_assigned.size())));
  for (auto p : _assigned) rd_kafka_topic_partition_list_add(list.get(), _settings.topic.c_str(), p);
  if (rd_kafka_position(_consumer.get(), list.get())) return false;
  for (int i = 0; i < list->cnt; ++i) {
    std::int64_t low = -1, high = -1;
    if (rd_kafka_get_watermark_offsets(_consumer.get(), _settings.topic.c_str(), list->elems[i].partition,
                                       &low, &high) ||
        high < 0) {
      return false;  // no fetch answer yet
    }
    // No message taken from this partition yet: the local view does not know where the group
    // stands there, so let the network check decide.
    if (list->elems[i].offset < 0) continue;
    if (list->elems[i].offset < high) return false;
  }
  return true;
}

bool OfferConsumer::group_caught_up() {
  try {
    const auto lag = kafka::read_group_lag(_consumer.get(), _settings.topic, std::chrono::seconds(5));
    return !lag.empty() && kafka::total_lag(lag) == 0;
  } catch (const KafkaError& e) {
    spdlog::debug("consume: lag check: {}", e.what());
    return false;
  }
}

void OfferConsumer::close() {
  // Leaves the group (which revokes, and so drains and commits again through the rebalance
  // callback) within the close deadline: a coordinator that stopped answering must not hold the
  // shutdown forever, as rd_kafka_consumer_close() would.
  kafka::KafkaQueuePtr queue(rd_kafka_queue_new(_consumer.get()));
  kafka::ErrorPtr error(rd_kafka_consumer_close_queue(_consumer.get(), queue.get()));
  const auto deadline = Clock::now() + _options.close_deadline;
  while (!error && !rd_kafka_consumer_closed(_consumer.get()) && Clock::now() < deadline) {
    // The revocation comes back either through the rebalance callback or as an event.
    kafka::KafkaEventPtr event(rd_kafka_queue_poll(queue.get(), 100));
    if (event && rd_kafka_event_type(event.get()) == RD_KAFKA_EVENT_REBALANCE) {
      on_rebalance(rd_kafka_event_error(event.get()), rd_kafka_event_topic_partition_list(event.get()));
    }
  }
  if (error || !rd_kafka_consumer_closed(_consumer.get())) {
    spdlog::warn(
        "consume: leaving the group did not finish within {} s{}; the group notices it by the session "
        "timeout",
        _options.close_deadline.count() / 1000,
        error ? std::string(": ") + rd_kafka_error_string(error.get()) : "");
    rd_kafka_destroy_flags(_consumer.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  }
}

ConsumerStats OfferConsumer::run(std::stop_token stop) {
  spdlog::info("consume: group {} reading {} from {}", _settings.group_id, _settings.topic,
               _settings.bootstrap_servers);
  _last_report = Clock::now();
  while (!stop.stop_requested()) {
    // poll → tracker → store or dead letter → commit → pause.
    pipeline_metrics().consumer_loop();
    drain_completions(std::chrono::milliseconds(0));
    dispatch();
    commit(CommitMode::periodic);
    update_pause();

    if (_tracker.in_flight() >= static_cast<std::size_t>(_options.max_in_flight)) {
      // At the bound: wait for writes to finish before taking more (backpressure).
      drain_completions(std::chrono::milliseconds(10));
      continue;
    }
    KafkaMessagePtr message(rd_kafka_consumer_poll(_consumer.get(), _tracker.in_flight() > 0 ? 0 : 100));
    if (message) {
      handle(*message);
      dispatch();
    } else if (_tracker.in_flight() > 0) {
      drain_completions(std::chrono::milliseconds(1));
    }

    const auto now = Clock::now();
    if (now - _last_report > std::chrono::seconds(10)) {
      _last_report = now;
      spdlog::info("consume: stored {} offers, {} dead letters, {} in flight, {} retries",
                   _tracker.counts().stored, _tracker.counts().dead_lettered, _tracker.in_flight(),
                   _tracker.counts().retries);
    }
    if (_options.until_caught_up && !message && _tracker.in_flight() == 0 &&
        now - _last_lag_check > std::chrono::milliseconds(500) &&
        (!_options.producers_done || _options.producers_done()) && assignment_caught_up()) {
      commit(CommitMode::now);
      if (_tracker.offsets().uncommitted().empty()) {
        if (group_caught_up()) {
          spdlog::info("consume: the group's lag is zero");
          break;
        }
        // Everything is marked committed here, yet the group still lags: a commit was acknowledged
        // and not kept (a coordinator that moved or failed over). Send every offset again, or this
        // check would wait forever with nothing left to commit.
        _tracker.offsets().forget_commits();
      }
      _last_lag_check = Clock::now();
    }
  }
  // Shutdown: finish what is in flight within the deadline, commit only what is durable, then leave
  // the group.
  std::vector<std::int32_t> all = _assigned;
  drain_partitions(all);
  commit(CommitMode::now);
  _dead_letters->flush(_options.close_deadline);
  close();
  _stats.stored = _tracker.counts().stored;
  _stats.dead_lettered = _tracker.counts().dead_lettered;
  _stats.retries = _tracker.counts().retries;
  spdlog::info("consume: stored {} offers, {} dead letters, {} retries, {} commits", _stats.stored,
               _stats.dead_lettered, _stats.retries, _stats.commits);
  return _stats;
}

}  // namespace jobstream::pipeline
