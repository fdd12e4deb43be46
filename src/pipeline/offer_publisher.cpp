#include "pipeline/offer_publisher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/log.hpp"
#include "kafka/kafka_metrics.hpp"
#include "kafka/produce.hpp"
#include "offer/offer_record.hpp"
#include "pipeline/pipeline_metrics.hpp"

namespace jobstream::pipeline {
namespace {

using offer::SysTime;

// As long as librdkafka keeps a message before reporting it failed (message.timeout.ms below).
constexpr std::chrono::milliseconds queue_full_deadline{300000};

// From the message's creation time (set when it was produced) to its delivery report.
std::chrono::milliseconds delivery_latency(const rd_kafka_message_t& message) {
  const auto created = rd_kafka_message_timestamp(&message, nullptr);
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return created > 0 ? std::max(std::chrono::milliseconds(0), now - std::chrono::milliseconds(created))
                     : std::chrono::milliseconds(0);
}

SysTime now_ms() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace

OfferPublisher::OfferPublisher(const kafka::KafkaSettings& settings, std::string source_name,
                               std::function<void(std::uint64_t)> on_durable,
                               std::filesystem::path refused_file, std::stop_token stop_sending)
    : _settings(settings),
      _source_name(std::move(source_name)),
      _on_durable(std::move(on_durable)),
      _stop(stop_sending),
      _refused(std::move(refused_file)) {
  auto conf = make_kafka_conf({
      {"bootstrap.servers", settings.bootstrap_servers},
      {"client.id", "jobstream-producer"},
      // Idempotence implies acks=all and bounded in-flight requests: retries never duplicate
      // or reorder messages of a partition.
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"compression.type", "lz4"},
      {"linger.ms", "20"},
      {"batch.size", "1000000"},
      // A message librdkafka could not deliver in 5 minutes is reported failed (not acknowledged):
      // the watermark stays behind it and the next harvest fetches it again.
      {"message.timeout.ms", std::to_string(queue_full_deadline.count())},
      // The record size limit, stated rather than inherited: a larger record is refused by
      // produce() at once and kept aside (see refuse), never half-sent.
      {"message.max.bytes", std::to_string(offer::max_record_bytes)},
  });
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &OfferPublisher::on_delivery);
  kafka::enable_statistics(conf.get());  // served by the delivery thread's poll
  rd_kafka_conf_set_opaque(conf.get(), this);
  _producer = make_kafka_client(RD_KAFKA_PRODUCER, std::move(conf));
  ensure_topics(
      _producer.get(),
      {{settings.topic, settings.partitions, settings.replication_factor, settings.min_insync_replicas},
       {settings.dead_letter_topic, settings.partitions, settings.replication_factor,
        settings.min_insync_replicas}},
      std::chrono::seconds(30));
  _delivery_thread = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      rd_kafka_poll(_producer.get(), 100);
      watch_acknowledgements();
    }
  });
}

OfferPublisher::~OfferPublisher() {
  flush(std::chrono::seconds(30));
  _delivery_thread.request_stop();
  if (_delivery_thread.joinable()) _delivery_thread.join();
}

void OfferPublisher::on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<OfferPublisher*>(opaque);
  const auto seq = reinterpret_cast<std::uintptr_t>(message->_private);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    self->_delivered.fetch_add(1);
    pipeline_metrics().delivered(delivery_latency(*message));
    if (self->_on_durable) self->_on_durable(seq);
  } else if (message->err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
    // The broker's limit (the topic's max.message.bytes) is below ours: sending it again would fail
    // the same way on every harvest, so it is refused like an over-size record.
    self->refuse(std::string_view(static_cast<const char*>(message->key), message->key_len),
                 fmt::format("the broker refused the record's size ({} bytes)", message->len),
                 std::string_view(static_cast<const char*>(message->payload), message->len), seq);
  } else {
    self->delivery_failed(std::string_view(static_cast<const char*>(message->key), message->key_len),
                          message->err);
  }
}

void OfferPublisher::delivery_failed(std::string_view key, rd_kafka_resp_err_t err) {
  _failed.fetch_add(1);
  pipeline_metrics().delivery_failed();
  std::lock_guard lock(_failure_log_mutex);
  ++_failures_unlogged;
  const auto now = std::chrono::steady_clock::now();
  if (_failure_logged_at != std::chrono::steady_clock::time_point{} &&
      now - _failure_logged_at < acknowledgement_stall_retell) {
    return;
  }
  spdlog::error(
      "produce: {} offer(s) not delivered to {}, the last {}: {} (they will be harvested again; {} failed "
      "in all)",
      _failures_unlogged, _settings.topic, quoted_id(key), rd_kafka_err2str(err), _failed.load());
  _failures_unlogged = 0;
  _failure_logged_at = now;
}

void OfferPublisher::watch_acknowledgements() {
  const auto waiting = static_cast<std::uint64_t>(std::max(0, rd_kafka_outq_len(_producer.get())));
  const auto turn = _stall_watch.observe(std::chrono::steady_clock::now(), waiting, _delivered.load());
  pipeline_metrics().acknowledgements_stalled(_stall_watch.stalled_for());
  if (turn.say == AckStallWatch::Say::stalled) {
    spdlog::warn(
        "produce: Kafka has acknowledged nothing for {} s while {} messages wait: acks=all needs {} "
        "in-sync replicas of a partition (min.insync.replicas), so with brokers down each send is "
        "retried (NOT_ENOUGH_REPLICAS or a timeout); the harvest position stays at the last "
        "acknowledged offer, retries go on for up to {} s",
        turn.stalled_for.count(), waiting,
        _settings.min_insync_replicas > 0 ? std::to_string(_settings.min_insync_replicas) : "the topic's",
        queue_full_deadline.count() / 1000);
  } else if (turn.say == AckStallWatch::Say::resumed) {
    spdlog::info(
        "produce: Kafka acknowledges again after {} s without an acknowledgement; the harvest position "
        "moves on",
        turn.stalled_for.count());
  }
}

void OfferPublisher::send(const std::string& key, const std::string& value, std::uint64_t seq) {
  // The message's opaque carries the sequence number itself; it is never dereferenced.
  // NOLINTNEXTLINE(performance-no-int-to-ptr): a number, not an address
  void* const opaque = reinterpret_cast<void*>(static_cast<std::uintptr_t>(seq));
  kafka::ProduceRequest request{_settings.topic, key, value, nullptr, opaque};
  // The local queue is full: short waits let the delivery thread make room; this is the
  // backpressure that slows the harvester down to what Kafka takes. Bounded by the message
  // timeout (a broker gone that long will not take it), and by the stop request.
  const auto deadline = std::chrono::steady_clock::now() + queue_full_deadline;
  for (;;) {
    const auto err = kafka::produce(_producer.get(), request);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
      refuse(key,
             fmt::format("record of {} bytes is over the {} bytes a record may have",
                         key.size() + value.size(), offer::max_record_bytes),
             value, seq);
      return;
    }
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) throw KafkaError("producing offer " + key, err);
    if (_stop.stop_requested()) {
      spdlog::info("produce: stopping; offer {} not sent (it will be harvested again)", key);
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw KafkaError("producing offer " + key + ": the local queue stayed full for " +
                       std::to_string(queue_full_deadline.count() / 1000) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void OfferPublisher::refuse(std::string_view key, std::string_view reason, std::string_view value,
                            std::uint64_t seq) {
  if (!_refused.keep(key, reason, value)) {
    // Not kept anywhere: not acknowledged either, so the next harvest sees it again.
    _failed.fetch_add(1);
    return;
  }
  const common::LogFields fields{{"offer_id", std::string(key)}};
  spdlog::error("produce: offer {} refused ({}); kept in {}", quoted_id(key), reason,
                _refused.file().string());
  if (_on_durable) _on_durable(seq);
}

void OfferPublisher::on_offer(const source::OfferSeen& offer) {
  if (const auto reason = id_refusal(offer.id)) {
    // An id the consumer would reject: refused here by the same rule, rather than dead-lettered there.
    refuse(offer.id, *reason,
           offer::encode_record(offer::OfferUpsert{offer.id, _source_name, now_ms(), offer.raw_json}),
           offer.seq);
    return;
  }
  send(offer.id, offer::encode_record(offer::OfferUpsert{offer.id, _source_name, now_ms(), offer.raw_json}),
       offer.seq);
}

void OfferPublisher::on_withdrawn(const source::OfferWithdrawn& w) {
  send(w.id,
       offer::encode_record(offer::OfferWithdrawal{w.id, _source_name, now_ms(), SysTime(w.detected_at)}),
       w.seq);
}

bool OfferPublisher::flush(std::chrono::milliseconds deadline) {
  return rd_kafka_flush(_producer.get(), static_cast<int>(deadline.count())) == RD_KAFKA_RESP_ERR_NO_ERROR &&
         rd_kafka_outq_len(_producer.get()) == 0;
}

}  // namespace jobstream::pipeline
