#include "kafka/kafka_metrics.hpp"

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <mutex>

#include "common/metrics_registry.hpp"

namespace jobstream::kafka {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto freshness = std::chrono::seconds(15);  // three default intervals

double number(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0;
}

/// The latest statistics of every client, turned into metric families at each scrape: a client's
/// snapshot replaces the previous one whole, so partitions it no longer holds disappear with it.
class StatisticsCollector : public prometheus::Collectable {
 public:
  void update(ClientStatistics stats) {
    std::lock_guard lock(_mutex);
    _clients[stats.client_id] = std::move(stats);
  }

  std::optional<int> brokers_up(std::string_view client_id) const {
    std::lock_guard lock(_mutex);
    const auto it = _clients.find(std::string(client_id));
    if (it == _clients.end() || Clock::now() - it->second.received > freshness) return std::nullopt;
    return it->second.brokers_up;
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    using prometheus::MetricType;
    prometheus::MetricFamily queue{"jobstream_kafka_queue_messages",
                                   "Messages waiting in librdkafka's producer queues, by client.",
                                   MetricType::Gauge,
                                   {}};
    prometheus::MetricFamily queue_bytes{
        "jobstream_kafka_queue_bytes",
        "Bytes of the messages waiting in librdkafka's producer queues, by client.",
        MetricType::Gauge,
        {}};
    prometheus::MetricFamily reply{"jobstream_kafka_reply_queue_events",
                                   "librdkafka events waiting for the application to serve them, by client.",
                                   MetricType::Gauge,
                                   {}};
    prometheus::MetricFamily up{"jobstream_kafka_brokers_up",
                                "Kafka brokers connected (state UP), by client.",
                                MetricType::Gauge,
                                {}};
    prometheus::MetricFamily rtt{
        "jobstream_kafka_broker_rtt_seconds",
        "Average request round-trip time to each broker over the last statistics interval.",
        MetricType::Gauge,
        {}};
    prometheus::MetricFamily lag{"jobstream_kafka_consumer_lag_messages",
                                 "Messages of each assigned partition not yet committed by the group "
                                 "(high watermark minus committed offset).",
                                 MetricType::Gauge,
                                 {}};
    const auto gauge = [](prometheus::MetricFamily& family,
                          std::vector<prometheus::ClientMetric::Label> labels, double value) {
      prometheus::ClientMetric m;
      m.label = std::move(labels);
      m.gauge.value = value;
      family.metric.push_back(std::move(m));
    };
    std::lock_guard lock(_mutex);
    const auto now = Clock::now();
    for (const auto& [id, s] : _clients) {
      if (now - s.received > freshness) continue;  // a client that was closed
      gauge(queue, {{"client", id}}, s.queue_messages);
      gauge(queue_bytes, {{"client", id}}, s.queue_bytes);
      gauge(reply, {{"client", id}}, s.reply_queue);
      gauge(up, {{"client", id}}, s.brokers_up);
      for (const auto& b : s.brokers)
        gauge(rtt, {{"client", id}, {"broker", std::to_string(b.node_id)}}, b.rtt_seconds);
      for (const auto& l : s.consumer_lag) {
        gauge(lag, {{"client", id}, {"topic", l.topic}, {"partition", std::to_string(l.partition)}},
              static_cast<double>(l.messages));
      }
    }
    return {queue, queue_bytes, reply, up, rtt, lag};
  }

 private:
  mutable std::mutex _mutex;
  std::map<std::string, ClientStatistics, std::less<>> _clients;
};

std::shared_ptr<StatisticsCollector> collector() {
  static const auto instance = std::make_shared<StatisticsCollector>();
  return instance;
}

// @locality librdkafka's thread that serves the client's queue (its poll call).
int on_statistics(rd_kafka_t*, char* json, size_t json_len, void*) {
  record_statistics(std::string_view(json, json_len));
  return 0;  // librdkafka frees the text
}

}  // namespace

std::optional<ClientStatistics> parse_statistics(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("client_id") || !j["client_id"].is_string()) return std::nullopt;
  ClientStatistics s;
  s.client_id = j["client_id"].get<std::string>();
  s.queue_messages = number(j, "msg_cnt");
  s.queue_bytes = number(j, "msg_size");
  s.reply_queue = number(j, "replyq");
  s.received = Clock::now();
  if (const auto brokers = j.find("brokers"); brokers != j.end() && brokers->is_object()) {
    for (const auto& [name, b] : brokers->items()) {
      // Bootstrap entries and internal brokers have no node id (-1); they are not the cluster.
      const auto node = static_cast<std::int32_t>(number(b, "nodeid"));
      if (!b.is_object() || node < 0) continue;
      if (b.value("state", "") == "UP") ++s.brokers_up;
      double rtt = 0;
      if (const auto r = b.find("rtt"); r != b.end() && r->is_object()) rtt = number(*r, "avg") / 1e6;
      s.brokers.push_back({node, rtt});
    }
  }
  if (const auto topics = j.find("topics"); topics != j.end() && topics->is_object()) {
    for (const auto& [topic, t] : topics->items()) {
      const auto parts = t.find("partitions");
      if (parts == t.end() || !parts->is_object()) continue;
      for (const auto& [key, p] : parts->items()) {
        const auto partition = static_cast<std::int32_t>(number(p, "partition"));
        const auto lag = p.find("consumer_lag");
        // -1: not assigned here, or nothing known yet; partition -1 is librdkafka's internal one.
        if (partition < 0 || lag == p.end() || !lag->is_number() || lag->get<std::int64_t>() < 0) continue;
        s.consumer_lag.push_back({topic, partition, lag->get<std::int64_t>()});
      }
    }
  }
  return s;
}

void enable_statistics(rd_kafka_conf_t* conf, std::chrono::milliseconds interval) {
  if (!common::metrics_served()) return;
  static std::once_flag once;
  std::call_once(once, [] { common::expose_collectable(collector()); });
  char err[256];
  rd_kafka_conf_set(conf, "statistics.interval.ms", std::to_string(interval.count()).c_str(), err,
                    sizeof err);
  rd_kafka_conf_set_stats_cb(conf, &on_statistics);
}

void record_statistics(std::string_view json) {
  if (auto stats = parse_statistics(json)) collector()->update(std::move(*stats));
}

std::optional<int> brokers_up(std::string_view client_id) { return collector()->brokers_up(client_id); }

}  // namespace jobstream::kafka
