#pragma once
// The client API: connect, prepare (cached, re-prepared transparently), execute (blocking, with a
// future, or with a completion callback), batch, paging, client-side timestamps, retries for
// idempotent statements. Threads and lock order: src/cql/README.md ("Threads and locks").

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cql/connection.hpp"
#include "cql/connection_pool.hpp"
#include "cql/cql_metrics.hpp"
#include "cql/delayed_tasks.hpp"
#include "cql/error.hpp"
#include "cql/node_health.hpp"
#include "cql/result.hpp"
#include "cql/token.hpp"

namespace jobstream::cql {

/// Settings of a session; validate() is the one place that checks them.
struct SessionConfig {
  std::vector<std::string> contact_points{"127.0.0.1"};
  std::uint16_t port = 9042;
  std::string username;  // from the environment, never from code
  std::string password;
  Consistency consistency = Consistency::local_quorum;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{12000};
  /// How long a write to a node may wait for it to read before its connection is failed (its
  /// requests then fail with connection_lost and idempotent ones are resent).
  std::chrono::milliseconds write_timeout{10000};
  std::size_t max_in_flight = 1024;
  bool lz4 = false;     // LZ4 body compression
  TlsOptions tls;       // TLS with certificate verification (off unless tls.enabled)
  int max_retries = 3;  // idempotent statements only
  std::chrono::milliseconds retry_backoff{100};
  std::chrono::milliseconds max_backoff{2000};
  /// How long a node whose connection failed is left out of routing before one request tries it again.
  std::chrono::milliseconds node_retry_interval{2000};
  /// Told when a node is marked down (up == false) or seen back (up == true).
  /// @locality any thread that sends a request; must not call back into the session.
  std::function<void(const std::string& endpoint, bool up)> on_node_change;
  /// Throws CqlError(bad_argument) when a field is out of range.
  void validate() const;
};

/// Shared state of a prepared statement; the id may change after a re-prepare.
struct PreparedData {
  std::string cql;
  std::vector<std::uint8_t> id;
  std::vector<ColumnSpec> bind_columns;
  std::vector<ColumnSpec> result_columns;
  std::vector<std::uint16_t> pk_indexes;
  std::size_t replicas = 1;  // replication factor of the statement's keyspace (routing spreads over them)
};
using PreparedStatement = std::shared_ptr<const PreparedData>;

/// A prepared statement with its values and per-execution options.
struct BoundStatement {
  BoundStatement() = default;
  BoundStatement(PreparedStatement p, std::vector<Value> v = {})
      : prepared(std::move(p)), values(std::move(v)) {}  // NOLINT

  PreparedStatement prepared;
  std::vector<Value> values;
  bool idempotent = true;  // INSERT/UPDATE with client timestamps are; counters and appends are not
  std::int32_t page_size = 0;
  std::optional<std::vector<std::uint8_t>> paging_state;
  std::optional<Consistency> consistency;
};

class Session;

/// Receives the result of an asynchronous execute, or the error that ended it (`error` set): after
/// the session's own retries, exactly once.
/// @locality a connection's reader thread, the session's retry thread, or the calling thread when
/// the request fails before it is sent. It must be short and must not wait for another request.
using ResultHandler = std::function<void(Result result, std::exception_ptr error)>;

/// A request in flight; get() waits for its result (the session re-prepares or retries if needed).
class PendingResult {
 public:
  Result get();
  bool ready() const { return _future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }

 private:
  friend class Session;
  PendingResult(std::future<Result> f, Deadline d) : _future(std::move(f)), _deadline(d) {}
  std::future<Result> _future;
  Deadline _deadline;
};

/// A connected session. Thread-safe.
class Session {
 public:
  static std::unique_ptr<Session> connect(SessionConfig config);
  ~Session();

  /// PREPARE, cached by CQL text.
  PreparedStatement prepare(const std::string& cql);
  /// Simple statement (DDL, USE): values are still bound, never spliced.
  Result query(const std::string& cql, const std::vector<Value>& values = {});
  /// Waits until every node the control node knows reports the same schema version, for at most
  /// `bound`; false when they still disagree then (a node that is down keeps its old version).
  bool await_schema_agreement(std::chrono::milliseconds bound);
  /// Blocking execute with the configured request timeout.
  Result execute(const BoundStatement& st);
  Result execute(const BoundStatement& st, Deadline deadline);
  /// Sends now; waits only when max_in_flight requests are already pending.
  PendingResult execute_async(BoundStatement st, Deadline deadline);
  PendingResult execute_async(BoundStatement st) { return execute_async(std::move(st), default_deadline()); }
  /// Sends now and calls `done` with the result (see ResultHandler). Throws, without calling
  /// `done`, what cannot be sent at all: a bad statement, no free request slot before the deadline.
  void execute_async(BoundStatement st, Deadline deadline, ResultHandler done);
  /// BATCH of bound statements (all prepared), logged or unlogged.
  Result execute_batch(const std::vector<BoundStatement>& statements, BatchType type, bool idempotent = true);
  /// Every row of a paged read, page after page (checks has-more-pages, not the count).
  std::vector<std::vector<Value>> fetch_all(BoundStatement st);

  Deadline default_deadline() const { return Clock::now() + _config.request_timeout; }
  const SessionConfig& config() const { return _config; }
  /// How many times a statement was re-prepared after an UNPREPARED answer (node restarted).
  std::uint64_t reprepare_count() const { return _reprepares.load(); }
  /// Node ("host:port", "" = the control node) to send the statement to: one of the replicas of its
  /// partition in turn, skipping nodes believed down and `avoid` (the node a retry comes from).
  std::string route(const BoundStatement& st, const std::string& avoid = {});
  /// Replicas of the statement's partition, primary first (empty when it cannot be routed).
  std::vector<std::string> replicas(const BoundStatement& st) const;
  /// Nodes that went down, came back, and retries sent to another node than the failed attempt.
  std::uint64_t node_downs() const { return _pool.node_downs(); }
  std::uint64_t node_returns() const { return _pool.node_returns(); }
  std::uint64_t rerouted_retries() const { return _rerouted.load(); }
  /// Number of tokens known in the ring.
  std::size_t ring_size() const;
  /// How many connections were opened (1 + reconnects).
  std::uint64_t connect_count() const { return _pool.connect_count(); }
  /// Frames sent over the open connections, and the write calls that carried them (see
  /// Connection::writes: requests from concurrent callers are coalesced).
  std::pair<std::uint64_t, std::uint64_t> frames_and_writes() const { return _pool.frames_and_writes(); }
  /// The open connections (control node first), for /metrics.
  std::vector<NodeConnection> connections() const { return _pool.connections(); }

 private:
  struct Call;  // one execute in flight, across its attempts (session_requests.cpp)
  explicit Session(SessionConfig config);
  void reprepare(const PreparedStatement& st, Deadline deadline, const std::string& endpoint = {});
  void send_call(const std::shared_ptr<Call>& call);
  void on_response(const std::shared_ptr<Call>& call, Frame frame, std::exception_ptr error);
  void on_failure(const std::shared_ptr<Call>& call, std::exception_ptr error);
  void retry_call(const std::shared_ptr<Call>& call, ErrorCode code);
  /// Reads system.local / system.peers_v2 into the token ring.
  void refresh_topology();
  /// Replication factor of a keyspace in this data centre, from system_schema (1 when unknown).
  std::size_t keyspace_replicas(const std::string& keyspace);
  void backoff(int attempt, Deadline deadline);
  std::chrono::milliseconds backoff_pause(int attempt) const;
  Frame round_trip(Opcode op, std::vector<std::uint8_t> frame, Deadline deadline,
                   const std::string& endpoint = {});

  SessionConfig _config;
  std::shared_ptr<const TlsContext> _tls;  // built once from _config.tls
  ConnectionPool _pool;
  std::atomic<std::uint64_t> _reprepares{0};
  std::atomic<std::uint64_t> _rerouted{0};
  std::atomic<std::uint64_t> _round_robin{0};
  std::atomic<bool> _closing{false};  // set first in the destructor: nothing is resent any more
  mutable std::mutex _ring_mu;
  TokenRing _ring;
  std::mutex _cache_mu;
  std::unordered_map<std::string, std::shared_ptr<PreparedData>> _cache;
  DelayedTasks _retries;                           // re-prepares, resends and backoffs of execute_async
  std::shared_ptr<ConnectionsCollector> _metrics;  // exposed on /metrics while the session lives
};

/// Microseconds since the epoch, strictly increasing within the process (client timestamps).
std::int64_t next_timestamp_us();

}  // namespace jobstream::cql
