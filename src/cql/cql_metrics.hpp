#pragma once

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/metric_family.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace jobstream::cql {

/// One connection of a session, as /metrics shows it.
struct NodeConnection {
  std::string node;  ///< "host:port"
  bool up = false;
  std::size_t in_flight = 0;
};

/// The CQL client's metrics (jobstream_cql_*): requests and connection attempts per node, counted
/// at the call sites, and the connections' state read at each scrape.
///
/// @locks thread-safe.
class CqlMetrics {
 public:
  CqlMetrics();
  /// A request (EXECUTE) sent to `node`.
  void request(const std::string& node);
  /// A connection attempt to `node` and its result.
  void connect(const std::string& node, bool ok);

 private:
  prometheus::Family<prometheus::Counter>& _requests;
  prometheus::Family<prometheus::Counter>& _connects;
};

/// The process's one CqlMetrics.
CqlMetrics& cql_metrics();

/// Shows a session's connections at each scrape (jobstream_cql_connections{node,state},
/// jobstream_cql_requests_in_flight{node}) while the session lives: the session detaches it in its
/// destructor, so a scrape never reads a destroyed session.
class ConnectionsCollector : public prometheus::Collectable {
 public:
  explicit ConnectionsCollector(std::function<std::vector<NodeConnection>()> list) : _list(std::move(list)) {}
  void detach();
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  mutable std::mutex _mutex;
  std::function<std::vector<NodeConnection>()> _list;
};

}  // namespace jobstream::cql
