#pragma once

#include <string_view>

#include "kafka/kafka_client.hpp"

namespace jobstream::kafka {

/// One message to queue: key and value are copied by librdkafka, `headers` are handed over only
/// when the message is queued (left with the caller otherwise), `opaque` comes back in its
/// delivery report.
struct ProduceRequest {
  std::string_view topic;
  std::string_view key;
  std::string_view value;
  HeadersPtr headers;
  void* opaque = nullptr;
};

/// Queues one message on `producer` (rd_kafka_produceva, the one place that fills its argument
/// array). Returns NO_ERROR when queued, else why not (__QUEUE_FULL, MSG_SIZE_TOO_LARGE...).
rd_kafka_resp_err_t produce(rd_kafka_t* producer, ProduceRequest& request);

}  // namespace jobstream::kafka
