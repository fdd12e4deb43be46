#include "kafka/dead_letter_producer.hpp"

#include <algorithm>

#include "kafka/produce.hpp"

namespace jobstream::kafka {

DeadLetterProducer::DeadLetterProducer(const std::string& bootstrap_servers, std::string source_topic,
                                       std::string dead_letter_topic,
                                       std::function<void(const DeadLetterReport&)> on_report)
    : _source_topic(std::move(source_topic)),
      _topic(std::move(dead_letter_topic)),
      _on_report(std::move(on_report)) {
  auto conf = make_kafka_conf({
      {"bootstrap.servers", bootstrap_servers},
      {"client.id", "jobstream-dead-letters"},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"message.timeout.ms", "120000"},
  });
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &DeadLetterProducer::on_delivery);
  rd_kafka_conf_set_opaque(conf.get(), this);
  _producer = make_kafka_client(RD_KAFKA_PRODUCER, std::move(conf));
}

rd_kafka_resp_err_t DeadLetterProducer::send(const DeadLetter& letter) {
  const bool cut = letter.cut != DeadLetterCut::whole;
  const std::size_t value_bytes = letter.cut == DeadLetterCut::whole ? letter.value.size()
                                  : letter.cut == DeadLetterCut::cut
                                      ? std::min(letter.value.size(), cut_value_bytes)
                                      : 0;
  const std::size_t key_bytes = cut ? std::min(letter.key.size(), cut_key_bytes) : letter.key.size();
  HeadersPtr headers(rd_kafka_headers_new(8));
  const auto add = [&headers](const char* name, std::string_view v) {
    rd_kafka_header_add(headers.get(), name, -1, v.data(), static_cast<ssize_t>(v.size()));
  };
  add("jobstream.error", letter.reason);
  add("jobstream.source.topic", _source_topic);
  add("jobstream.source.partition", std::to_string(letter.partition));
  add("jobstream.source.offset", std::to_string(letter.offset));
  if (letter.timestamp_ms >= 0) add("jobstream.source.timestamp", std::to_string(letter.timestamp_ms));
  if (cut) {
    add("jobstream.truncated.original.size", std::to_string(letter.value.size()));
    add("jobstream.truncated.original.key.size", std::to_string(letter.key.size()));
  }
  std::uintptr_t ticket = 0;
  {
    std::lock_guard lock(_mutex);
    ticket = _next++;
    _queued.emplace(ticket, std::pair{letter.partition, letter.offset});
  }
  // The message's opaque carries the ticket number itself; it is never dereferenced.
  // NOLINTNEXTLINE(performance-no-int-to-ptr): a number, not an address
  void* const opaque = reinterpret_cast<void*>(ticket);
  ProduceRequest request{_topic, letter.key.substr(0, key_bytes), letter.value.substr(0, value_bytes),
                         std::move(headers), opaque};
  const auto err = produce(_producer.get(), request);
  if (err) {
    std::lock_guard lock(_mutex);
    _queued.erase(ticket);
  }
  return err;
}

void DeadLetterProducer::on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<DeadLetterProducer*>(opaque);
  DeadLetterReport report;
  {
    std::lock_guard lock(self->_mutex);
    const auto it = self->_queued.find(reinterpret_cast<std::uintptr_t>(message->_private));
    if (it == self->_queued.end()) return;
    report.partition = it->second.first;
    report.offset = it->second.second;
    self->_queued.erase(it);
  }
  report.err = message->err;
  self->_on_report(report);
}

void DeadLetterProducer::poll() { rd_kafka_poll(_producer.get(), 0); }

bool DeadLetterProducer::flush(std::chrono::milliseconds deadline) {
  return rd_kafka_flush(_producer.get(), static_cast<int>(deadline.count())) == RD_KAFKA_RESP_ERR_NO_ERROR &&
         rd_kafka_outq_len(_producer.get()) == 0;
}

}  // namespace jobstream::kafka
