#pragma once
// The session's connections: one to the control node (reached through the contact points) and
// one to each other node that requests are routed to. Opens them on first use, re-opens lost ones,
// and tells NodeHealth which nodes answer.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cql/connection.hpp"
#include "cql/cql_metrics.hpp"
#include "cql/error.hpp"
#include "cql/node_health.hpp"

namespace jobstream::cql {

/// How the pool dials: the connection settings shared by every node, and the reconnection policy.
struct PoolSettings {
  std::vector<std::string> contact_points;
  std::uint16_t port = 9042;
  ConnectionConfig connection;  // host and port are filled in per node
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds retry_backoff{100};
  std::chrono::milliseconds max_backoff{2000};
  std::function<void(const std::string& endpoint, bool up)> on_node_change;
};

/// @locks _mu guards the table of connections only: no socket is opened, no handshake run and no
/// backoff slept under it, so a reconnection never holds up requests to other nodes nor /metrics.
/// One thread dials a given node at a time; others that need that node wait for its outcome on
/// _dialled (bounded by their own deadline). Connections are destroyed outside the lock too (their
/// destructor joins the reader thread).
/// @locality any thread that sends a request; on_node_change runs there, with no lock held.
class ConnectionPool {
 public:
  ConnectionPool(PoolSettings settings, std::chrono::milliseconds node_retry_interval);

  /// The connection to `endpoint` ("" = the control node), opened first if needed. A node other
  /// than the control node that cannot be reached is marked down and the control connection is
  /// returned instead (any node can coordinate). The control connection is re-opened with bounded
  /// exponential backoff over the contact points until `deadline`.
  /// Throws CqlError: connect_failed (no contact point before the deadline), client_timeout
  /// (another thread's dial outlasted the deadline), tls_failed / authentication_error (fatal).
  std::shared_ptr<Connection> connection(Deadline deadline, const std::string& endpoint = {});
  /// Marks a node down (its connection was lost); tells on_node_change when it was up.
  void mark_down(const std::string& endpoint);
  /// Whether routing may send to the node now (see NodeHealth::usable).
  bool usable(const std::string& endpoint, Clock::time_point now) { return _health.usable(endpoint, now); }

  std::uint64_t connect_count() const { return _connects.load(); }
  std::uint64_t node_downs() const { return _health.downs(); }
  std::uint64_t node_returns() const { return _health.returns(); }
  /// The open connections (control node first).
  std::vector<NodeConnection> connections() const;
  std::pair<std::uint64_t, std::uint64_t> frames_and_writes() const;
  /// Closes every connection: their pending requests fail with connection_lost.
  void close_all();

 private:
  struct Slot {
    std::shared_ptr<Connection> connection;
    bool dialling = false;  // a thread is opening it, without the lock
  };
  /// Takes the slot for dialling, or returns the live connection (waits while another thread dials).
  std::shared_ptr<Connection> claim(const std::string& key, Deadline deadline, bool& claimed);
  void release(const std::string& key, std::shared_ptr<Connection> c);
  std::shared_ptr<Connection> open_node(const std::string& endpoint, Deadline deadline);
  std::shared_ptr<Connection> open_control(Deadline deadline);
  bool fatal_connect_error(const CqlError& e) const;

  PoolSettings _settings;
  NodeHealth _health;
  std::atomic<bool> _authenticated{false};  // a connection has been opened with these credentials
  std::atomic<std::uint64_t> _connects{0};
  mutable std::mutex _mu;
  std::condition_variable _dialled;
  std::unordered_map<std::string, Slot> _slots;  // "" = the control node
};

}  // namespace jobstream::cql
