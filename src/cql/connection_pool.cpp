#include "cql/connection_pool.hpp"

#include <algorithm>
#include <thread>

#include "cql/error.hpp"

namespace jobstream::cql {

ConnectionPool::ConnectionPool(PoolSettings settings, std::chrono::milliseconds node_retry_interval)
    : _settings(std::move(settings)), _health(node_retry_interval) {}

std::shared_ptr<Connection> ConnectionPool::claim(const std::string& key, Deadline deadline, bool& claimed) {
  std::unique_lock lk(_mu);
  for (;;) {
    auto& slot = _slots[key];
    if (slot.connection && slot.connection->alive()) {
      claimed = false;
      return slot.connection;
    }
    if (!slot.dialling) {
      slot.dialling = true;
      claimed = true;
      // The dead connection is handed back to be destroyed outside the lock.
      return std::exchange(slot.connection, nullptr);
    }
    if (_dialled.wait_until(lk, deadline) == std::cv_status::timeout) {
      throw CqlError(ErrorCode::client_timeout, "no connection to " +
                                                    (key.empty() ? std::string("the control node") : key) +
                                                    " before the deadline (still connecting)");
    }
  }
}

void ConnectionPool::release(const std::string& key, std::shared_ptr<Connection> c) {
  {
    std::lock_guard lk(_mu);
    auto& slot = _slots[key];
    slot.connection = std::move(c);
    slot.dialling = false;
  }
  _dialled.notify_all();
}

std::shared_ptr<Connection> ConnectionPool::connection(Deadline deadline, const std::string& endpoint) {
  bool claimed = false;
  auto c = claim(endpoint, deadline, claimed);
  if (!claimed) return c;
  const bool lost = c != nullptr;
  c.reset();  // a lost connection: its destructor joins its reader, with no lock held
  if (endpoint.empty()) return open_control(deadline);
  if (lost) mark_down(endpoint);
  auto opened = open_node(endpoint, deadline);
  if (opened) return opened;
  // The replica is unreachable: any node can coordinate the write; routing skips it for a while.
  return connection(deadline);
}

std::shared_ptr<Connection> ConnectionPool::open_node(const std::string& endpoint, Deadline deadline) {
  std::shared_ptr<Connection> c;
  try {
    auto cc = _settings.connection;
    const auto colon = endpoint.rfind(':');
    cc.host = endpoint.substr(0, colon);
    cc.port = static_cast<std::uint16_t>(std::stoi(endpoint.substr(colon + 1)));
    c = Connection::open(cc, std::min(deadline, Clock::now() + _settings.connect_timeout));
  } catch (const CqlError& e) {
    release(endpoint, nullptr);
    cql_metrics().connect(endpoint, false);
    if (fatal_connect_error(e)) throw;
    mark_down(endpoint);
    return nullptr;
  } catch (...) {
    release(endpoint, nullptr);  // the slot must never stay marked as dialling
    throw;
  }
  ++_connects;
  release(endpoint, c);
  if (_health.mark_up(endpoint) && _settings.on_node_change) _settings.on_node_change(endpoint, true);
  cql_metrics().connect(endpoint, true);
  return c;
}

std::shared_ptr<Connection> ConnectionPool::open_control(Deadline deadline) {
  // Reconnect with bounded exponential backoff, trying each contact point in turn. Other callers
  // of the control node wait on _dialled meanwhile; callers of other nodes are not held up.
  std::string last_error = "no attempt";
  try {
    for (int attempt = 0;; ++attempt) {
      for (const auto& host : _settings.contact_points) {
        auto cc = _settings.connection;
        cc.host = host;
        cc.port = _settings.port;
        try {
          std::shared_ptr<Connection> c =
              Connection::open(cc, std::min(deadline, Clock::now() + _settings.connect_timeout));
          ++_connects;
          _authenticated = true;
          cql_metrics().connect(c->endpoint(), true);
          release({}, c);
          return c;
        } catch (const CqlError& e) {
          cql_metrics().connect(host + ":" + std::to_string(_settings.port), false);
          if (fatal_connect_error(e)) throw;
          last_error = e.what();
        }
      }
      auto pause = std::min(_settings.max_backoff, _settings.retry_backoff * (1 << std::min(attempt, 10)));
      if (Clock::now() + pause >= deadline)
        throw CqlError(ErrorCode::connect_failed, "no contact point reachable: " + last_error);
      std::this_thread::sleep_for(pause);  // no lock held: the slot is only marked as dialling
    }
  } catch (...) {
    release({}, nullptr);
    throw;
  }
}

bool ConnectionPool::fatal_connect_error(const CqlError& e) const {
  // Retrying cannot fix a certificate the client refuses, nor credentials that never worked. But
  // credentials this session already logged in with are refused by a node that has just restarted
  // until its auth tables are readable ("Unable to perform authentication"): that passes, so the
  // reconnection keeps trying with backoff until the request's deadline.
  if (e.code() == ErrorCode::tls_failed) return true;
  return e.code() == ErrorCode::authentication_error && !_authenticated.load();
}

void ConnectionPool::mark_down(const std::string& endpoint) {
  if (_health.mark_down(endpoint, Clock::now()) && _settings.on_node_change)
    _settings.on_node_change(endpoint, false);
}

std::vector<NodeConnection> ConnectionPool::connections() const {
  std::lock_guard lk(_mu);
  std::vector<NodeConnection> out;
  if (auto it = _slots.find({}); it != _slots.end() && it->second.connection) {
    const auto& c = it->second.connection;
    out.push_back({c->endpoint(), c->alive(), c->in_flight()});
  }
  for (const auto& [endpoint, slot] : _slots) {
    if (!endpoint.empty() && slot.connection) {
      out.push_back({endpoint, slot.connection->alive(), slot.connection->in_flight()});
    }
  }
  return out;
}

std::pair<std::uint64_t, std::uint64_t> ConnectionPool::frames_and_writes() const {
  std::lock_guard lk(_mu);
  std::pair<std::uint64_t, std::uint64_t> total{0, 0};
  for (const auto& [endpoint, slot] : _slots) {
    if (!slot.connection) continue;
    total.first += slot.connection->frames();
    total.second += slot.connection->writes();
  }
  return total;
}

void ConnectionPool::close_all() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lk(_mu);
    for (auto& [endpoint, slot] : _slots) {
      if (slot.connection) open.push_back(std::exchange(slot.connection, nullptr));
    }
  }
  open.clear();  // each destructor fails its pending requests and joins its reader
}

}  // namespace jobstream::cql
