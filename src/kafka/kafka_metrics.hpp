#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobstream::kafka {

/// What jobstream exposes of one client's librdkafka statistics (STATISTICS.md of librdkafka).
struct ClientStatistics {
  std::string client_id;      ///< `client.id`: the `client` label (a fixed name per role)
  double queue_messages = 0;  ///< msg_cnt: messages waiting in the producer queues
  double queue_bytes = 0;     ///< msg_size
  double reply_queue = 0;     ///< replyq: events waiting for the application to serve them
  int brokers_up = 0;         ///< brokers of the cluster (not bootstrap entries) in state UP
  struct Broker {
    std::int32_t node_id = 0;
    double rtt_seconds = 0;  ///< average round-trip time over the last interval
  };
  std::vector<Broker> brokers;
  struct Lag {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t messages = 0;  ///< high watermark minus the committed offset
  };
  std::vector<Lag> consumer_lag;  ///< assigned partitions whose lag librdkafka knows
  std::chrono::steady_clock::time_point received{};
};

/// Reads one statistics document; nullopt when it is not the JSON librdkafka emits. Pure.
std::optional<ClientStatistics> parse_statistics(std::string_view json);

/// When metrics are served, asks librdkafka for statistics every `interval` on this configuration
/// and keeps the latest of each client for /metrics (jobstream_kafka_* gauges). Does nothing
/// otherwise. Only for a client that is polled regularly: librdkafka queues each report until a
/// poll serves it.
void enable_statistics(rd_kafka_conf_t* conf, std::chrono::milliseconds interval = std::chrono::seconds(5));

/// Keeps one statistics document (what the statistics callback does with each report).
void record_statistics(std::string_view json);

/// Brokers UP as the client with this `client.id` last reported, or nullopt when it has not
/// reported in the last three intervals (for readiness checks).
std::optional<int> brokers_up(std::string_view client_id);

}  // namespace jobstream::kafka
