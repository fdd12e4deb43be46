#include "cql/session.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/metrics_registry.hpp"
#include "cql/error.hpp"
#include "cql/wire.hpp"

namespace jobstream::cql {

void SessionConfig::validate() const {
  auto bad = [](const std::string& m) { throw CqlError(ErrorCode::bad_argument, "session config: " + m); };
  if (contact_points.empty()) bad("no contact points");
  for (const auto& c : contact_points)
    if (c.empty()) bad("empty contact point");
  if (port == 0) bad("port 0");
  if (username.empty() != password.empty()) bad("username and password must be given together");
  if (connect_timeout.count() <= 0 || request_timeout.count() <= 0) bad("timeouts must be positive");
  if (max_in_flight == 0 || max_in_flight > 32768) bad("max_in_flight must be in 1..32768");
  if (max_retries < 0) bad("max_retries must be >= 0");
}

std::int64_t next_timestamp_us() {
  static std::atomic<std::int64_t> last{0};
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch()).count();
  auto prev = last.load();
  std::int64_t next;
  do { next = std::max(now, prev + 1); } while (!last.compare_exchange_weak(prev, next));
  return next;
}

Session::Session(SessionConfig config)
    : _config(std::move(config)),
      _tls(_config.tls.enabled ? TlsContext::create(_config.tls) : nullptr),
      _health(_config.node_retry_interval),
      _metrics(std::make_shared<ConnectionsCollector>([this] { return connections(); })) {
  common::expose_collectable(_metrics);
}
Session::~Session() { _metrics->detach(); }

std::vector<NodeConnection> Session::connections() const {
  std::lock_guard lk(_conn_mu);
  std::vector<NodeConnection> out;
  if (_conn) out.push_back({_conn->endpoint(), _conn->alive(), _conn->in_flight()});
  for (const auto& [endpoint, c] : _pool) {
    if (c && c != _conn) out.push_back({endpoint, c->alive(), c->in_flight()});
  }
  return out;
}

std::unique_ptr<Session> Session::connect(SessionConfig config) {
  config.validate();
  std::unique_ptr<Session> s(new Session(std::move(config)));
  s->connection(Clock::now() + s->_config.connect_timeout);
  s->refresh_topology();
  return s;
}

std::pair<std::uint64_t, std::uint64_t> Session::frames_and_writes() const {
  std::lock_guard lk(_conn_mu);
  std::pair<std::uint64_t, std::uint64_t> total{0, 0};
  const auto add = [&](const std::shared_ptr<Connection>& c) {
    if (!c) return;
    total.first += c->frames();
    total.second += c->writes();
  };
  add(_conn);
  for (const auto& [endpoint, c] : _pool) {
    if (c != _conn) add(c);
  }
  return total;
}

bool Session::fatal_connect_error(const CqlError& e) const {
  // Retrying cannot fix a certificate the client refuses, nor credentials that never worked. But
  // credentials this session already logged in with are refused by a node that has just restarted
  // until its auth tables are readable ("Unable to perform authentication"): that passes, so the
  // reconnection keeps trying with backoff until the request's deadline.
  if (e.code() == ErrorCode::tls_failed) return true;
  return e.code() == ErrorCode::authentication_error && !_authenticated.load();
}

std::shared_ptr<Connection> Session::connection(Deadline deadline, const std::string& endpoint) {
  if (endpoint.empty()) return control_connection(deadline);
  {
    std::lock_guard lk(_conn_mu);
    auto& c = _pool[endpoint];
    if (c && c->alive()) return c;
    if (c) mark_node_down(endpoint);  // its connection was lost
    c.reset();
    auto colon = endpoint.rfind(':');
    ConnectionConfig cc{endpoint.substr(0, colon), static_cast<std::uint16_t>(std::stoi(endpoint.substr(colon + 1))),
                        _config.username, _config.password, _config.max_in_flight, _config.lz4, _tls};
    try {
      c = Connection::open(cc, std::min(deadline, Clock::now() + _config.connect_timeout));
      ++_connects;
      if (_health.mark_up(endpoint) && _config.on_node_change) _config.on_node_change(endpoint, true);
      cql_metrics().connect(endpoint, true);
      return c;
    } catch (const CqlError& e) {
      cql_metrics().connect(endpoint, false);
      if (fatal_connect_error(e)) throw;
      // The replica is unreachable: any node can coordinate the write; routing skips it for a while.
      mark_node_down(endpoint);
    }
  }
  return control_connection(deadline);
}

std::shared_ptr<Connection> Session::control_connection(Deadline deadline) {
  std::lock_guard lk(_conn_mu);
  if (_conn && _conn->alive()) return _conn;
  // Reconnect with bounded exponential backoff, trying each contact point in turn.
  std::string last_error = "no attempt";
  for (int attempt = 0;; ++attempt) {
    for (const auto& host : _config.contact_points) {
      ConnectionConfig cc{host,          _config.port,          _config.username, _config.password,
                          _config.max_in_flight, _config.lz4, _tls};
      try {
        _conn = Connection::open(cc, std::min(deadline, Clock::now() + _config.connect_timeout));
        ++_connects;
        _authenticated = true;
        cql_metrics().connect(_conn->endpoint(), true);
        return _conn;
      } catch (const CqlError& e) {
        cql_metrics().connect(host + ":" + std::to_string(_config.port), false);
        if (fatal_connect_error(e)) throw;
        last_error = e.what();
      }
    }
    auto pause = std::min(_config.max_backoff, _config.retry_backoff * (1 << std::min(attempt, 10)));
    if (Clock::now() + pause >= deadline)
      throw CqlError(ErrorCode::connect_failed, "no contact point reachable: " + last_error);
    std::this_thread::sleep_for(pause);
  }
}

void Session::mark_node_down(const std::string& endpoint) {
  if (_health.mark_down(endpoint, Clock::now()) && _config.on_node_change) _config.on_node_change(endpoint, false);
}

void Session::backoff(int attempt, Deadline deadline) {
  auto pause = std::min(_config.max_backoff, _config.retry_backoff * (1 << std::min(attempt, 10)));
  auto until = std::min(deadline, Clock::now() + pause);
  std::this_thread::sleep_until(until);
}

Frame Session::round_trip(Opcode op, std::vector<std::uint8_t> frame, Deadline deadline, const std::string& endpoint) {
  auto fut = connection(deadline, endpoint)->request(op, std::move(frame), deadline);
  if (fut.wait_until(deadline) != std::future_status::ready)
    throw CqlError(ErrorCode::client_timeout, "no response before the deadline");
  auto f = fut.get();
  if (f.header.opcode == Opcode::error) throw decode_error_body(f.body);
  return f;
}

namespace {
Result expect_result(const Frame& f, const std::vector<ColumnSpec>* cols = nullptr) {
  if (f.header.opcode != Opcode::result) throw CqlError(ErrorCode::bad_response, "expected a RESULT frame");
  try {
    return decode_result(f.body, cols);
  } catch (const DecodeError& e) {
    throw CqlError(ErrorCode::bad_response, e.what());
  }
}

std::vector<WireValue> wire_values(const std::vector<Value>& values) {
  std::vector<WireValue> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(encode_value(v));
  return out;
}
}  // namespace

PreparedStatement Session::prepare(const std::string& cql) {
  {
    std::lock_guard lk(_cache_mu);
    if (auto it = _cache.find(cql); it != _cache.end()) return it->second;
  }
  auto deadline = default_deadline();
  auto frame = Connection::new_frame();
  write_prepare(frame, cql);
  auto res = expect_result(round_trip(Opcode::prepare, std::move(frame), deadline));
  if (res.kind != ResultKind::prepared) throw CqlError(ErrorCode::bad_response, "PREPARE did not return Prepared");
  auto p = std::make_shared<PreparedData>();
  p->cql = cql;
  p->id = std::move(res.prepared_id);
  p->bind_columns = std::move(res.metadata.columns);
  p->pk_indexes = std::move(res.metadata.pk_indexes);
  p->result_columns = std::move(res.result_metadata.columns);
  if (!p->pk_indexes.empty() && !p->bind_columns.empty()) p->replicas = keyspace_replicas(p->bind_columns[0].keyspace);
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



std::future<Frame> Session::send_execute(const BoundStatement& st, std::int64_t ts, Deadline deadline,
                                         const std::string& endpoint) {
  if (!st.prepared) throw CqlError(ErrorCode::bad_argument, "statement is not prepared");
  if (st.values.size() != st.prepared->bind_columns.size())
    throw CqlError(ErrorCode::bad_argument, "statement expects " + std::to_string(st.prepared->bind_columns.size()) +
                                                " values, got " + std::to_string(st.values.size()));
  auto wv = wire_values(st.values);
  QueryParams p;
  p.consistency = st.consistency.value_or(_config.consistency);
  p.values = wv;
  p.page_size = st.page_size;
  p.paging_state = st.paging_state;
  p.timestamp_us = ts;
  // The result columns are known from PREPARE, so the server need not repeat them per page.
  p.skip_metadata = !st.prepared->result_columns.empty();
  auto frame = Connection::new_frame();
  frame.reserve(header_size + 64 + wv.size() * 8);
  write_execute(frame, st.prepared->id, p);
  auto conn = connection(deadline, endpoint);
  cql_metrics().request(conn->endpoint());
  return conn->request(Opcode::execute, std::move(frame), deadline);
}

PendingResult Session::execute_async(BoundStatement st, Deadline deadline) {
  auto ts = next_timestamp_us();
  auto endpoint = route(st);
  std::future<Frame> fut;
  try {
    fut = send_execute(st, ts, deadline, endpoint);
  } catch (const CqlError& e) {
    if (retry_rule(e.code()) != RetryRule::resend) throw;
    // Connection lost while sending: finish() retries (idempotent) or reports it.
    std::promise<Frame> failed;
    failed.set_exception(std::current_exception());
    fut = failed.get_future();
  }
  return PendingResult(this, std::move(st), std::move(fut), deadline, ts, std::move(endpoint));
}

Result PendingResult::get() { return _session->finish(*this); }

Result Session::finish(PendingResult& p) {
  for (int attempt = 0;; ++attempt) {
    try {
      if (p._future.wait_until(p._deadline) != std::future_status::ready)
        throw CqlError(ErrorCode::client_timeout, "no response before the deadline for: " + p._statement.prepared->cql);
      auto f = p._future.get();
      if (f.header.opcode == Opcode::error) throw decode_error_body(f.body);
      return expect_result(f, &p._statement.prepared->result_columns);
    } catch (const CqlError& e) {
      bool unprepared = e.code() == ErrorCode::unprepared;
      // Unprepared is always safe to resend: the node never ran the statement.
      bool may_retry = unprepared || (retry_rule(e.code()) == RetryRule::resend && p._statement.idempotent);
      if (!may_retry || attempt >= _config.max_retries + (unprepared ? 1 : 0) || Clock::now() >= p._deadline) throw;
      if (unprepared) {
        reprepare(p._statement.prepared, p._deadline, p._endpoint);
      } else {
        // A lost connection means a dead or restarting node: the retry goes to another replica at
        // once instead of waiting for it (the write is idempotent: same client timestamp). A node
        // that answered with an error (timeout, unavailable) is alive: back off, then try the next replica.
        if (e.code() == ErrorCode::connection_lost || e.code() == ErrorCode::connect_failed) {
          mark_node_down(p._endpoint);
        } else {
          backoff(attempt, p._deadline);
        }
        auto next = route(p._statement, p._endpoint);
        if (next != p._endpoint) ++_rerouted;
        p._endpoint = std::move(next);
      }
      // Same client timestamp on every attempt: a resent write keeps its write time.
      p._future = send_execute(p._statement, p._timestamp_us, p._deadline, p._endpoint);
    }
  }
}

Result Session::execute(const BoundStatement& st, Deadline deadline) { return execute_async(st, deadline).get(); }
Result Session::execute(const BoundStatement& st) { return execute(st, default_deadline()); }

Result Session::execute_batch(const std::vector<BoundStatement>& statements, BatchType type, bool idempotent) {
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

std::vector<std::string> Session::replicas(const BoundStatement& st) const {
  if (!st.prepared) return {};
  auto key = routing_key(st.values, st.prepared->pk_indexes);
  if (!key) return {};
  std::lock_guard lk(_ring_mu);
  return _ring.replicas(murmur3_token(*key), st.prepared->replicas);
}

std::string Session::route(const BoundStatement& st, const std::string& avoid) {
  auto candidates = replicas(st);
  if (candidates.empty()) return {};
  const auto now = Clock::now();
  // Start at a rotating replica, so that writes of one partition spread over all its replicas.
  const auto start = _round_robin.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& node = candidates[(start + i) % candidates.size()];
    // (An empty `avoid` avoids nothing: "" is the control node, which reconnects by itself.)
    if (!avoid.empty() && node == avoid) continue;
    if (node.empty() || _health.usable(node, now)) return node;
  }
  // Every replica is down or was just tried: the control node coordinates (it finds live replicas).
  return {};
}

std::size_t Session::keyspace_replicas(const std::string& keyspace) {
  if (keyspace.empty()) return 1;
  auto res = query("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", {Value(keyspace)});
  if (res.rows.empty() || res.rows[0][0].is_null()) return 1;
  std::size_t factor = 1;
  for (const auto& [name, value] : res.rows[0][0].as_map()) {
    const auto& n = name.as<std::string>();
    if (n == "class") continue;
    // SimpleStrategy: replication_factor; NetworkTopologyStrategy: one entry per data centre (the
    // ring read from this node's peers is taken as one data centre).
    try {
      factor = std::max<std::size_t>(factor, std::stoul(value.as<std::string>()));
    } catch (const std::exception&) {
      // "3/1" (transient replicas) or anything unexpected: keep the safe primary-only routing
    }
  }
  return factor;
}

std::size_t Session::ring_size() const {
  std::lock_guard lk(_ring_mu);
  return _ring.size();
}

namespace {
std::vector<std::string> string_list(const Value& v) {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  for (const auto& e : v.as_list()) out.push_back(e.as<std::string>());
  return out;
}

std::string inet_text(const Value& v) {
  const auto& b = v.as<Blob>().bytes;
  char buf[64] = {};
  if (b.size() == 4) ::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
  else if (b.size() == 16) {
    std::string s;
    for (std::size_t i = 0; i < 16; i += 2) {
      char part[8];
      ::snprintf(part, sizeof part, "%s%x", i ? ":" : "", (b[i] << 8) | b[i + 1]);
      s += part;
    }
    return s;
  }
  return buf;
}
}  // namespace

void Session::refresh_topology() {
  TokenRing ring;
  // The control node keeps the "" key: it is reached through the contact point actually used.
  auto local = query("SELECT tokens FROM system.local");
  if (!local.rows.empty()) ring.add_node(string_list(local.rows[0][0]), "");
  auto peers = query("SELECT native_address, native_port, tokens FROM system.peers_v2");
  for (const auto& row : peers.rows) {
    if (row[0].is_null()) continue;
    auto port = row[1].is_null() ? _config.port : static_cast<std::uint16_t>(row[1].as<std::int32_t>());
    ring.add_node(string_list(row[2]), inet_text(row[0]) + ":" + std::to_string(port));
  }
  std::lock_guard lk(_ring_mu);
  _ring = std::move(ring);
}

}  // namespace jobstream::cql
