#include "pipeline/offer_publisher.hpp"

#include <spdlog/spdlog.h>

#include "kafka/kafka_metrics.hpp"
#include "offer/offer_record.hpp"
#include "pipeline/pipeline_metrics.hpp"

namespace jobstream::pipeline {
namespace {

using offer::SysTime;

// From the message's creation time (set when it was produced) to its delivery report.
std::chrono::milliseconds delivery_latency(const rd_kafka_message_t& message) {
  const auto created = rd_kafka_message_timestamp(&message, nullptr);
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return created > 0 ? std::max(std::chrono::milliseconds(0), now - std::chrono::milliseconds(created))
                     : std::chrono::milliseconds(0);
}

SysTime now_ms() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

}  // namespace

OfferPublisher::OfferPublisher(const KafkaSettings& settings, std::string source_name,
                               std::function<void(std::uint64_t)> on_durable)
    : _settings(settings), _source_name(std::move(source_name)), _on_durable(std::move(on_durable)) {
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
      {"message.timeout.ms", "300000"},
  });
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &OfferPublisher::on_delivery);
  kafka::enable_statistics(conf.get());  // served by the delivery thread's poll
  rd_kafka_conf_set_opaque(conf.get(), this);
  _producer = make_kafka_client(RD_KAFKA_PRODUCER, std::move(conf));
  ensure_topics(_producer.get(),
                {{settings.topic, settings.partitions, settings.replication_factor},
                 {settings.dead_letter_topic, settings.partitions, settings.replication_factor}},
                std::chrono::seconds(30));
  _delivery_thread = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) rd_kafka_poll(_producer.get(), 100);
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
  } else {
    self->_failed.fetch_add(1);
    pipeline_metrics().delivery_failed();
    spdlog::error("produce: offer {} not delivered to {}: {} (it will be harvested again)",
                  std::string(static_cast<const char*>(message->key), message->key_len), self->_settings.topic,
                  rd_kafka_err2str(message->err));
  }
}

void OfferPublisher::send(const std::string& key, const std::string& value, std::uint64_t seq) {
  rd_kafka_vu_t vus[5] = {};
  vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vus[0].u.cstr = _settings.topic.c_str();
  vus[1].vtype = RD_KAFKA_VTYPE_KEY;
  vus[1].u.mem.ptr = const_cast<char*>(key.data());
  vus[1].u.mem.size = key.size();
  vus[2].vtype = RD_KAFKA_VTYPE_VALUE;
  vus[2].u.mem.ptr = const_cast<char*>(value.data());
  vus[2].u.mem.size = value.size();
  vus[3].vtype = RD_KAFKA_VTYPE_OPAQUE;
  vus[3].u.ptr = reinterpret_cast<void*>(static_cast<std::uintptr_t>(seq));
  // Without F_COPY librdkafka would keep pointing at `key` and `value`, which die with this call.
  vus[4].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vus[4].u.i = RD_KAFKA_MSG_F_COPY;
  for (;;) {
    rd_kafka_error_t* error = rd_kafka_produceva(_producer.get(), vus, 5);
    if (!error) return;
    const auto err = rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) throw KafkaError("producing offer " + key, err);
    // The local queue is full: a short bounded wait lets the delivery thread make room; this is the
    // backpressure that slows the harvester down to what Kafka takes.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void OfferPublisher::on_offer(const source::OfferSeen& offer) {
  send(offer.id, offer::encode_record(offer::OfferUpsert{offer.id, _source_name, now_ms(), offer.raw_json}), offer.seq);
}

void OfferPublisher::on_withdrawn(const source::OfferWithdrawn& w) {
  send(w.id, offer::encode_record(offer::OfferWithdrawal{w.id, _source_name, now_ms(), SysTime(w.detected_at)}), w.seq);
}

bool OfferPublisher::flush(std::chrono::milliseconds deadline) {
  return rd_kafka_flush(_producer.get(), static_cast<int>(deadline.count())) == RD_KAFKA_RESP_ERR_NO_ERROR &&
         rd_kafka_outq_len(_producer.get()) == 0;
}

}  // namespace jobstream::pipeline
