#include "pipeline/offer_consumer.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "kafka/kafka_metrics.hpp"
#include "pipeline/pipeline_metrics.hpp"

namespace jobstream::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

struct DeadLetterTicket {
  std::int32_t partition;
  std::int64_t offset;
};

std::string as_string(const void* data, std::size_t size) {
  return data ? std::string(static_cast<const char*>(data), size) : std::string();
}

}  // namespace

OfferConsumer::OfferConsumer(const KafkaSettings& settings, OfferStore& store, ConsumerOptions options)
    : _settings(settings), _store(store), _options(options) {
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

  auto dlq_conf = make_kafka_conf({
      {"bootstrap.servers", settings.bootstrap_servers},
      {"client.id", "jobstream-dead-letters"},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"message.timeout.ms", "120000"},
  });
  rd_kafka_conf_set_dr_msg_cb(dlq_conf.get(), &OfferConsumer::dead_letter_delivered);
  rd_kafka_conf_set_opaque(dlq_conf.get(), this);
  _dead_letters = make_kafka_client(RD_KAFKA_PRODUCER, std::move(dlq_conf));
  ensure_topics(_dead_letters.get(),
                {{settings.topic, settings.partitions, settings.replication_factor},
                 {settings.dead_letter_topic, settings.partitions, settings.replication_factor}},
                std::chrono::seconds(30));

  PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(topics.get(), settings.topic.c_str(), RD_KAFKA_PARTITION_UA);
  if (const auto err = rd_kafka_subscribe(_consumer.get(), topics.get())) {
    throw KafkaError("subscribing to " + settings.topic, err);
  }
}

OfferConsumer::~OfferConsumer() {
  // Dead letters still queued must not be lost: give them a bounded time.
  rd_kafka_flush(_dead_letters.get(), 10000);
}

void OfferConsumer::rebalance_cb(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                                 void* opaque) {
  static_cast<OfferConsumer*>(opaque)->on_rebalance(err, parts);
}

void OfferConsumer::on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions) {
  ++_stats.rebalances;
  pipeline_metrics().rebalance();
  std::vector<std::int32_t> listed;
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
  commit(true);
  for (auto p : listed) {
    _offsets.drop(p);
    std::erase_if(_pending, [p](const auto& entry) { return entry.first.first == p; });
  }
  _assigned.clear();
  pipeline_metrics().assigned(0);
  rd_kafka_assign(_consumer.get(), nullptr);
}

void OfferConsumer::drain_partitions(const std::vector<std::int32_t>& partitions) {
  const auto deadline = Clock::now() + _options.drain_deadline;
  const auto busy = [&] {
    return std::any_of(partitions.begin(), partitions.end(), [&](auto p) { return _offsets.in_flight(p) > 0; });
  };
  while (busy() && Clock::now() < deadline) {
    drain_completions(std::chrono::milliseconds(50));
    resubmit_due();
  }
  if (busy()) {
    spdlog::warn("consume: {} writes still unfinished after {} s; their offsets stay uncommitted and will be "
                 "read again", _offsets.in_flight(), _options.drain_deadline.count() / 1000);
  }
}

void OfferConsumer::handle(const rd_kafka_message_t& m) {
  if (m.err) {
    if (m.err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      spdlog::warn("consume: {}: {}", _settings.topic, rd_kafka_message_errstr(&m));
    }
    return;
  }
  const Key where{m.partition, m.offset};
  _offsets.start(where.first, where.second);
  std::string key = as_string(m.key, m.key_len);
  std::string value = as_string(m.payload, m.len);
  auto decoded = offer::decode_record(key, value);
  if (auto* error = std::get_if<offer::RecordError>(&decoded)) {
    auto [it, inserted] = _pending.insert_or_assign(where, Pending{std::nullopt, std::move(key), std::move(value),
                                                                   std::move(error->reason)});
    it->second.timestamp_ms = rd_kafka_message_timestamp(&m, nullptr);
    pipeline_metrics().dead_letter(DeadLetterReason::invalid_record);
    dead_letter(where, it->second);
    return;
  }
  auto [it, inserted] = _pending.insert_or_assign(
      where, Pending{std::move(std::get<OfferRecord>(decoded)), std::move(key), std::move(value), {}});
  it->second.timestamp_ms = rd_kafka_message_timestamp(&m, nullptr);
  submit(where, it->second);
}

void OfferConsumer::submit(const Key& where, Pending& pending) {
  ++pending.attempts;
  pending.waiting_retry = false;
  _store.write(*pending.record, [this, where](StoreResult r) { complete(Completion{where, std::move(r)}); });
}

void OfferConsumer::dead_letter(const Key& where, Pending& pending) {
  const std::string& key = pending.key;
  const std::string& value = pending.value;
  const std::string& reason = pending.poison_reason;
  ++pending.attempts;
  pending.waiting_retry = false;
  spdlog::warn("consume: poison message at {}/{}/{} ({}): sent to {}", _settings.topic, where.first, where.second,
               reason, _settings.dead_letter_topic);
  rd_kafka_headers_t* headers = rd_kafka_headers_new(5);
  const auto partition = std::to_string(where.first);
  const auto offset = std::to_string(where.second);
  rd_kafka_header_add(headers, "jobstream.error", -1, reason.data(), static_cast<ssize_t>(reason.size()));
  rd_kafka_header_add(headers, "jobstream.source.topic", -1, _settings.topic.data(),
                      static_cast<ssize_t>(_settings.topic.size()));
  rd_kafka_header_add(headers, "jobstream.source.partition", -1, partition.data(), static_cast<ssize_t>(partition.size()));
  rd_kafka_header_add(headers, "jobstream.source.offset", -1, offset.data(), static_cast<ssize_t>(offset.size()));
  if (pending.timestamp_ms >= 0) {
    const auto timestamp = std::to_string(pending.timestamp_ms);
    rd_kafka_header_add(headers, "jobstream.source.timestamp", -1, timestamp.data(),
                        static_cast<ssize_t>(timestamp.size()));
  }

  auto* ticket = new DeadLetterTicket{where.first, where.second};
  rd_kafka_vu_t vus[6] = {};
  vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vus[0].u.cstr = _settings.dead_letter_topic.c_str();
  vus[1].vtype = RD_KAFKA_VTYPE_KEY;
  vus[1].u.mem.ptr = const_cast<char*>(key.data());
  vus[1].u.mem.size = key.size();
  vus[2].vtype = RD_KAFKA_VTYPE_VALUE;
  vus[2].u.mem.ptr = const_cast<char*>(value.data());
  vus[2].u.mem.size = value.size();
  vus[3].vtype = RD_KAFKA_VTYPE_HEADERS;
  vus[3].u.headers = headers;  // owned by librdkafka once the call succeeds
  vus[4].vtype = RD_KAFKA_VTYPE_OPAQUE;
  vus[4].u.ptr = ticket;
  vus[5].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vus[5].u.i = RD_KAFKA_MSG_F_COPY;
  if (rd_kafka_error_t* error = rd_kafka_produceva(_dead_letters.get(), vus, 6)) {
    // Not sent (queue full or a local error): the offset stays unfinished and is retried.
    spdlog::error("consume: cannot queue dead letter: {}", rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
    rd_kafka_headers_destroy(headers);
    delete ticket;
    pending.waiting_retry = true;
    _retries_waiting = true;
    pending.retry_at = Clock::now() + _options.retry_base;
  }
}

void OfferConsumer::dead_letter_delivered(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<OfferConsumer*>(opaque);
  auto* ticket = static_cast<DeadLetterTicket*>(message->_private);
  StoreResult r;
  if (message->err) {
    r.status = StoreResult::Status::retryable;
    r.error = rd_kafka_err2str(message->err);
  }
  Completion c{{ticket->partition, ticket->offset}, std::move(r), true};
  delete ticket;
  if (c.result.status != StoreResult::Status::stored) {
    // Keep the message so it can be dead-lettered again.
    c.result.error = "dead-letter topic: " + c.result.error;
    c.result.status = StoreResult::Status::retryable;
  }
  self->complete(std::move(c));
}

void OfferConsumer::complete(Completion c) {
  {
    std::lock_guard lock(_mutex);
    _completions.push_back(std::move(c));
  }
  _completed.notify_one();
}

void OfferConsumer::drain_completions(std::chrono::milliseconds wait) {
  rd_kafka_poll(_dead_letters.get(), 0);  // serve dead-letter delivery reports
  std::vector<Completion> done;
  {
    std::unique_lock lock(_mutex);
    if (_completions.empty() && wait.count() > 0) _completed.wait_for(lock, wait);
    done.swap(_completions);
  }
  for (auto& c : done) {
    if (c.result.status == StoreResult::Status::stored) {
      _offsets.finish(c.where.first, c.where.second);
      _pending.erase(c.where);
      ++(c.dead_letter ? _stats.dead_lettered : _stats.stored);
      if (!c.dead_letter) pipeline_metrics().stored();
      if (_store_failing) {
        spdlog::info("consume: store answering again after {} s; resuming",
                     std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - _store_failing_since).count());
        _store_failing = false;
        pipeline_metrics().store_failing(false);
      }
      continue;
    }
    auto it = _pending.find(c.where);
    if (it == _pending.end()) continue;  // its partition was revoked meanwhile
    if (c.result.status == StoreResult::Status::rejected) {
      it->second.record.reset();
      it->second.poison_reason = "store rejected the record: " + c.result.error;
      it->second.attempts = 0;
      pipeline_metrics().dead_letter(DeadLetterReason::store_rejected);
      dead_letter(c.where, it->second);
      continue;
    }
    // Retryable: back off exponentially; the partitions pause while anything waits for a retry.
    auto& p = it->second;
    const auto factor = 1LL << std::min(p.attempts - 1, 16);
    const auto backoff = std::min<std::chrono::milliseconds>(_options.retry_max, _options.retry_base * factor);
    p.waiting_retry = true;
    _retries_waiting = true;
    p.retry_at = Clock::now() + backoff;
    ++_stats.retries;
    pipeline_metrics().store_retry();
    if (!_store_failing) {
      _store_failing = true;
      pipeline_metrics().store_failing(true);
      _store_failing_since = Clock::now();
      spdlog::warn("consume: store write failed ({}); pausing consumption and retrying with backoff",
                   c.result.error);
    } else if (p.attempts % 10 == 0) {
      spdlog::warn("consume: store still failing after {} attempts ({}); retrying in {} ms", p.attempts,
                   c.result.error, backoff.count());
    }
  }
}

void OfferConsumer::resubmit_due() {
  // Runs once per message: scan the pending records only while some wait for a retry.
  if (!_retries_waiting) return;
  const auto now = Clock::now();
  bool still_waiting = false;
  for (auto& [where, p] : _pending) {
    if (p.waiting_retry && p.retry_at <= now) {
      if (p.record) {
        submit(where, p);
      } else {
        dead_letter(where, p);  // the dead-letter topic did not take it yet
      }
    }
    still_waiting = still_waiting || p.waiting_retry;
  }
  _retries_waiting = still_waiting;
}

void OfferConsumer::commit(bool force) {
  const auto now = Clock::now();
  if (!force && now - _last_commit < _options.commit_interval) return;
  _last_commit = now;
  const auto offsets = _offsets.uncommitted();
  if (offsets.empty()) return;
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [partition, offset] : offsets) {
    rd_kafka_topic_partition_list_add(list.get(), _settings.topic.c_str(), partition)->offset = offset;
  }
  // The periodic commit is asynchronous, so the loop never stalls on the coordinator while writes
  // complete; its offsets stay "uncommitted" here and are sent again until a synchronous commit
  // (forced: revoke, caught-up check, shutdown) confirms them.
  const bool wait = force;
  if (const auto err = rd_kafka_commit(_consumer.get(), list.get(), wait ? 0 : 1)) {
    // Not fatal: the same offsets (or later ones) are committed at the next interval.
    spdlog::warn("consume: offset commit failed: {}", rd_kafka_err2str(err));
    pipeline_metrics().commit(false);
    return;
  }
  if (wait) {
    for (const auto& [partition, offset] : offsets) _offsets.mark_committed(partition, offset);
  }
  ++_stats.commits;
  pipeline_metrics().commit(true);
}

void OfferConsumer::update_pause() {
  // Pausing costs a refetch on resume, so it is kept for store outages (records waiting for a retry),
  // where the consumer must keep polling to stay in its group while taking no new messages. The
  // in-flight bound is enforced in run() by not polling until writes finish, which takes milliseconds.
  const bool waiting = _retries_waiting;  // recomputed by resubmit_due() just before
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
    if (rd_kafka_get_watermark_offsets(_consumer.get(), _settings.topic.c_str(), list->elems[i].partition, &low,
                                       &high) ||
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
  // The group's lag: for every partition of the topic, its end offset minus the group's committed
  // offset (or the partition start when nothing is committed yet).
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_topic_t* topic = rd_kafka_topic_new(_consumer.get(), _settings.topic.c_str(), nullptr);
  const auto err = rd_kafka_metadata(_consumer.get(), 0, topic, &md, 5000);
  rd_kafka_topic_destroy(topic);
  if (err || !md || md->topic_cnt != 1) {
    if (md) rd_kafka_metadata_destroy(md);
    return false;
  }
  PartitionListPtr list(rd_kafka_topic_partition_list_new(md->topics[0].partition_cnt));
  for (int i = 0; i < md->topics[0].partition_cnt; ++i) {
    rd_kafka_topic_partition_list_add(list.get(), _settings.topic.c_str(), md->topics[0].partitions[i].id);
  }
  rd_kafka_metadata_destroy(md);
  if (rd_kafka_committed(_consumer.get(), list.get(), 5000)) return false;
  // End offsets of every partition in one batch of ListOffsets requests (one query per partition
  // would queue each behind the broker's long-polling fetch on the same connection).
  PartitionListPtr ends(rd_kafka_topic_partition_list_copy(list.get()));
  PartitionListPtr starts(rd_kafka_topic_partition_list_copy(list.get()));
  for (int i = 0; i < ends->cnt; ++i) {
    ends->elems[i].offset = RD_KAFKA_OFFSET_END;
    starts->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  if (rd_kafka_offsets_for_times(_consumer.get(), ends.get(), 5000)) return false;
  bool need_starts = false;
  for (int i = 0; i < list->cnt; ++i) need_starts = need_starts || list->elems[i].offset < 0;
  if (need_starts && rd_kafka_offsets_for_times(_consumer.get(), starts.get(), 5000)) return false;
  std::int64_t lag = 0;
  for (int i = 0; i < list->cnt; ++i) {
    const auto* end = rd_kafka_topic_partition_list_find(ends.get(), _settings.topic.c_str(), list->elems[i].partition);
    const auto* start =
        rd_kafka_topic_partition_list_find(starts.get(), _settings.topic.c_str(), list->elems[i].partition);
    if (!end || end->err || end->offset < 0) return false;
    // Nothing committed yet: the group would start from the beginning (auto.offset.reset=earliest).
    const auto committed = list->elems[i].offset >= 0 ? list->elems[i].offset : (start ? start->offset : 0);
    lag += std::max<std::int64_t>(0, end->offset - committed);
  }
  return lag == 0;
}

ConsumerStats OfferConsumer::run(std::stop_token stop) {
  spdlog::info("consume: group {} reading {} from {}", _settings.group_id, _settings.topic, _settings.bootstrap_servers);
  _last_report = Clock::now();
  while (!stop.stop_requested()) {
    pipeline_metrics().consumer_loop();
    drain_completions(std::chrono::milliseconds(0));
    resubmit_due();
    commit(false);
    update_pause();

    KafkaMessagePtr message;
    if (_offsets.in_flight() >= static_cast<std::size_t>(_options.max_in_flight)) {
      // At the bound: wait for writes to finish before taking more (backpressure).
      drain_completions(std::chrono::milliseconds(10));
      continue;
    }
    message.reset(rd_kafka_consumer_poll(_consumer.get(), _offsets.in_flight() > 0 ? 0 : 100));
    if (message) handle(*message);
    if (!message && _offsets.in_flight() > 0) drain_completions(std::chrono::milliseconds(1));

    const auto now = Clock::now();
    if (now - _last_report > std::chrono::seconds(10)) {
      _last_report = now;
      spdlog::info("consume: stored {} offers, {} dead letters, {} in flight, {} retries", _stats.stored,
                   _stats.dead_lettered, _offsets.in_flight(), _stats.retries);
    }
    if (_options.until_caught_up && !message && _offsets.in_flight() == 0 &&
        now - _last_lag_check > std::chrono::milliseconds(500) &&
        (!_options.producers_done || _options.producers_done()) && assignment_caught_up()) {
      commit(true);
      if (_offsets.uncommitted().empty() && group_caught_up()) {
        spdlog::info("consume: the group's lag is zero");
        break;
      }
      _last_lag_check = Clock::now();
    }
  }
  // Shutdown: finish what is in flight within the deadline, commit only what is durable, then leave
  // the group (which revokes and commits again through the rebalance callback).
  std::vector<std::int32_t> all = _assigned;
  drain_partitions(all);
  commit(true);
  rd_kafka_flush(_dead_letters.get(), 10000);
  rd_kafka_consumer_close(_consumer.get());
  spdlog::info("consume: stored {} offers, {} dead letters, {} retries, {} commits", _stats.stored,
               _stats.dead_lettered, _stats.retries, _stats.commits);
  return _stats;
}

}  // namespace jobstream::pipeline
