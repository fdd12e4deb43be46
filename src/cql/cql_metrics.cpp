#include "cql/cql_metrics.hpp"

#include "common/metrics_registry.hpp"

namespace jobstream::cql {

CqlMetrics::CqlMetrics()
    : _requests(common::counter_family("jobstream_cql_requests_total",
                                       "CQL requests (EXECUTE, resends included) sent, by node.")),
      _connects(common::counter_family("jobstream_cql_connects_total",
                                       "CQL connection attempts, by node and result (ok, failed).")) {}

void CqlMetrics::request(const std::string& node) { _requests.Add({{"node", node}}).Increment(); }

void CqlMetrics::connect(const std::string& node, bool ok) {
  _connects.Add({{"node", node}, {"result", ok ? "ok" : "failed"}}).Increment();
}

CqlMetrics& cql_metrics() {
  static CqlMetrics metrics;
  return metrics;
}

void ConnectionsCollector::detach() {
  std::lock_guard lock(_mutex);
  _list = nullptr;
}

std::vector<prometheus::MetricFamily> ConnectionsCollector::Collect() const {
  prometheus::MetricFamily connections{
      "jobstream_cql_connections",
      "The session's connection to each node, by state (up, down): 1 for the "
      "current state.",
      prometheus::MetricType::Gauge,
      {}};
  prometheus::MetricFamily in_flight{"jobstream_cql_requests_in_flight",
                                     "CQL requests waiting for an answer, by node.",
                                     prometheus::MetricType::Gauge,
                                     {}};
  std::lock_guard lock(_mutex);
  if (!_list) return {};
  for (const auto& c : _list()) {
    for (const bool up : {true, false}) {
      prometheus::ClientMetric m;
      m.label = {{"node", c.node}, {"state", up ? "up" : "down"}};
      m.gauge.value = c.up == up ? 1 : 0;
      connections.metric.push_back(std::move(m));
    }
    prometheus::ClientMetric m;
    m.label = {{"node", c.node}};
    m.gauge.value = static_cast<double>(c.in_flight);
    in_flight.metric.push_back(std::move(m));
  }
  return {connections, in_flight};
}

}  // namespace jobstream::cql
