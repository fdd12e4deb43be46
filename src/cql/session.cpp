#include "cql/session.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/metrics_registry.hpp"
#include "cql/error.hpp"
#include "cql/result_codec.hpp"

namespace jobstream::cql {

void SessionConfig::validate() const {
  auto bad = [](const std::string& m) { throw CqlError(ErrorCode::bad_argument, "session config: " + m); };
  if (contact_points.empty()) bad("no contact points");
  for (const auto& c : contact_points)
    if (c.empty()) bad("empty contact point");
  if (port == 0) bad("port 0");
  if (username.empty() != password.empty()) bad("username and password must be given together");
  if (connect_timeout.count() <= 0 || request_timeout.count() <= 0 || write_timeout.count() <= 0)
    bad("timeouts must be positive");
  if (max_in_flight == 0 || max_in_flight > 32768) bad("max_in_flight must be in 1..32768");
  if (max_retries < 0) bad("max_retries must be >= 0");
}

std::int64_t next_timestamp_us() {
  static std::atomic<std::int64_t> last{0};
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  auto prev = last.load();
  std::int64_t next;
  do {
    next = std::max(now, prev + 1);
  } while (!last.compare_exchange_weak(prev, next));
  return next;
}

namespace {
PoolSettings pool_settings(const SessionConfig& c, std::shared_ptr<const TlsContext> tls) {
  PoolSettings p;
  p.contact_points = c.contact_points;
  p.port = c.port;
  p.connection = ConnectionConfig{{},    c.port,         c.username,     c.password, c.max_in_flight,
                                  c.lz4, std::move(tls), c.write_timeout};
  p.connect_timeout = c.connect_timeout;
  p.retry_backoff = c.retry_backoff;
  p.max_backoff = c.max_backoff;
  p.on_node_change = c.on_node_change;
  return p;
}
}  // namespace

Session::Session(SessionConfig config)
    : _config(std::move(config)),
      _tls(_config.tls.enabled ? TlsContext::create(_config.tls) : nullptr),
      _pool(pool_settings(_config, _tls), _config.node_retry_interval),
      _metrics(std::make_shared<ConnectionsCollector>([this] { return connections(); })) {
  common::expose_collectable(_metrics);
}

Session::~Session() {
  _metrics->detach();
  // Nothing is resent from here on: queued retries and requests still pending on the connections
  // end with their error, through their handlers, before the members they use are destroyed.
  _closing = true;
  _retries.stop();
  _pool.close_all();
}

std::unique_ptr<Session> Session::connect(SessionConfig config) {
  config.validate();
  std::unique_ptr<Session> s(new Session(std::move(config)));
  s->_pool.connection(Clock::now() + s->_config.connect_timeout);
  s->refresh_topology();
  return s;
}

std::chrono::milliseconds Session::backoff_pause(int attempt) const {
  return std::min(_config.max_backoff, _config.retry_backoff * (1 << std::min(attempt, 10)));
}

void Session::backoff(int attempt, Deadline deadline) {
  std::this_thread::sleep_until(std::min(deadline, Clock::now() + backoff_pause(attempt)));
}

Frame Session::round_trip(Opcode op, std::vector<std::uint8_t> frame, Deadline deadline,
                          const std::string& endpoint) {
  auto fut = _pool.connection(deadline, endpoint)->request(op, std::move(frame), deadline);
  if (fut.wait_until(deadline) != std::future_status::ready)
    throw CqlError(ErrorCode::client_timeout, "no response before the deadline");
  auto f = fut.get();
  if (f.header.opcode == Opcode::error) throw decode_error_body(f.body);
  return f;
}

PreparedStatement Session::prepare(const std::string& cql) {
  {
    std::lock_guard lk(_cache_mu);
    if (auto it = _cache.find(cql); it != _cache.end()) return it->second;
  }
  auto deadline = default_deadline();
  auto frame = Connection::new_frame();
  write_prepare(frame, cql);
  auto res = expect_result(round_trip(Opcode::prepare, std::move(frame), deadline));
  if (res.kind != ResultKind::prepared)
    throw CqlError(ErrorCode::bad_response, "PREPARE did not return Prepared");
  auto p = std::make_shared<PreparedData>();
  p->cql = cql;
  p->id = std::move(res.prepared_id);
  p->bind_columns = std::move(res.metadata.columns);
  p->pk_indexes = std::move(res.metadata.pk_indexes);
  p->result_columns = std::move(res.result_metadata.columns);
  if (!p->pk_indexes.empty() && !p->bind_columns.empty())
    p->replicas = keyspace_replicas(p->bind_columns[0].keyspace);
  std::lock_guard lk(_cache_mu);
  return _cache.emplace(cql, std::move(p)).first->second;
}

void Session::reprepare(const PreparedStatement& st, Deadline deadline, const std::string& endpoint) {
  auto frame = Connection::new_frame();
  write_prepare(frame, st->cql);
  auto res = expect_result(round_trip(Opcode::prepare, std::move(frame), deadline, endpoint));
  ++_reprepares;
  // The id is a digest of the statement text and keyspace, so a restarted node hands back the same id.
  if (res.prepared_id != st->id)
    throw CqlError(ErrorCode::bad_response, "re-prepare returned a different statement id for: " + st->cql);
}

bool Session::await_schema_agreement(std::chrono::milliseconds bound) {
  // A table just created on one node is unknown to the others for a moment: a write or read there
  // fails (INCOMPATIBLE_SCHEMA). Both queries go to the control node, so they compare one view.
  const auto until = Clock::now() + bound;
  for (;;) {
    auto local = query("SELECT schema_version FROM system.local");
    auto peers = query("SELECT peer, schema_version FROM system.peers_v2");
    std::size_t disagreeing = 0;
    for (const auto& row : peers.rows) {
      if (local.rows.empty() || (!row[1].is_null() && !(row[1] == local.rows[0][0]))) ++disagreeing;
    }
    if (!local.rows.empty() && disagreeing == 0) return true;
    if (Clock::now() >= until) {
      spdlog::warn("cassandra: {} of {} peers still report another schema version after {} ms", disagreeing,
                   peers.rows.size(), bound.count());
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

Result Session::query(const std::string& cql, const std::vector<Value>& values) {
  auto wv = wire_values(values);
  QueryParams p;
  p.consistency = _config.consistency;
  p.values = wv;
  auto frame = Connection::new_frame();
  write_query(frame, cql, p);
  auto res = expect_result(round_trip(Opcode::query, std::move(frame), default_deadline()));
  if (res.kind == ResultKind::schema_change) await_schema_agreement(std::chrono::seconds(10));
  return res;
}

Result Session::execute_batch(const std::vector<BoundStatement>& statements, BatchType type,
                              bool idempotent) {
  auto deadline = default_deadline();
  auto ts = next_timestamp_us();
  std::vector<std::vector<WireValue>> wv;
  wv.reserve(statements.size());
  for (const auto& st : statements) {
    if (!st.prepared) throw CqlError(ErrorCode::bad_argument, "batch statement is not prepared");
    wv.push_back(wire_values(st.values));
  }
  for (int attempt = 0;; ++attempt) {
    std::vector<BatchEntry> entries;
    for (std::size_t i = 0; i < statements.size(); ++i)
      entries.push_back(BatchEntry{statements[i].prepared->id, {}, wv[i]});
    auto frame = Connection::new_frame();
    write_batch(frame, type, entries, _config.consistency, ts);
    try {
      return expect_result(round_trip(Opcode::batch, std::move(frame), deadline));
    } catch (const CqlError& e) {
      bool unprepared = e.code() == ErrorCode::unprepared;
      if (!(unprepared || (retry_rule(e.code()) == RetryRule::resend && idempotent)) ||
          attempt >= _config.max_retries + 1 || Clock::now() >= deadline)
        throw;
      if (unprepared) {
        for (const auto& st : statements)
          if (st.prepared->id == e.unprepared_id) reprepare(st.prepared, deadline);
      } else {
        backoff(attempt, deadline);
      }
    }
  }
}

std::vector<std::vector<Value>> Session::fetch_all(BoundStatement st) {
  if (st.page_size <= 0) st.page_size = 5000;
  std::vector<std::vector<Value>> rows;
  for (;;) {
    auto res = execute(st);
    for (auto& r : res.rows) rows.push_back(std::move(r));
    if (!res.has_more_pages()) return rows;
    st.paging_state = std::move(res.metadata.paging_state);
  }
}

}  // namespace jobstream::cql
