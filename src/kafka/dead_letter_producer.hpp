#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "kafka/kafka_client.hpp"

namespace jobstream::kafka {

/// How much of a message goes to the dead-letter topic. A message the topic refuses as too large
/// is sent again cut, then as headers only: its reason, origin and original sizes stay inspectable.
enum class DeadLetterCut { whole, cut, headers_only };

/// A message that cannot be processed, with why and where it came from.
struct DeadLetter {
  std::int32_t partition = 0;  ///< in the source topic
  std::int64_t offset = 0;
  std::string_view key, value;
  std::string_view reason;
  std::int64_t timestamp_ms = -1;  ///< the source message's timestamp; -1 when unknown
  DeadLetterCut cut = DeadLetterCut::whole;
};

/// The outcome of one dead letter, identified by its source partition and offset.
struct DeadLetterReport {
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  /// The broker or the producer refused its size: sending it cut may succeed.
  bool too_large() const {
    return err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE || err == RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE;
  }
};

/// An idempotent producer (acks=all) for `<topic>.dead-letters`. Headers: `jobstream.error`,
/// `jobstream.source.topic`, `.partition`, `.offset`, `.timestamp` (ms), and when cut
/// `jobstream.truncated.original.size` and `.original.key.size`.
///
/// @locality send(), poll(), flush(): one thread at a time. `on_report` runs inside poll() or
/// flush(), on the caller's thread.
class DeadLetterProducer {
 public:
  static constexpr std::size_t cut_value_bytes = std::size_t{64} * 1024;
  static constexpr std::size_t cut_key_bytes = 1024;

  DeadLetterProducer(const std::string& bootstrap_servers, std::string source_topic,
                     std::string dead_letter_topic, std::function<void(const DeadLetterReport&)> on_report);
  DeadLetterProducer(const DeadLetterProducer&) = delete;
  DeadLetterProducer& operator=(const DeadLetterProducer&) = delete;

  /// Queues one dead letter. NO_ERROR: its report comes through on_report; otherwise it was not
  /// queued (MSG_SIZE_TOO_LARGE: send it again cut).
  rd_kafka_resp_err_t send(const DeadLetter& letter);
  /// Serves delivery reports without waiting.
  void poll();
  /// Waits up to `deadline` for every queued dead letter; false if some are still queued.
  bool flush(std::chrono::milliseconds deadline);
  rd_kafka_t* handle() const { return _producer.get(); }

 private:
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque);

  std::string _source_topic, _topic;
  std::function<void(const DeadLetterReport&)> _on_report;
  KafkaPtr _producer;
  // Reports name their message by a sequence number (the opaque), mapped back to its origin here.
  std::mutex _mutex;
  std::map<std::uintptr_t, std::pair<std::int32_t, std::int64_t>> _queued;
  std::uintptr_t _next = 1;
};

}  // namespace jobstream::kafka
