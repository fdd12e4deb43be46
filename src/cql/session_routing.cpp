// Token-aware routing: the ring read from the control node, the replicas of a statement's
// partition, and which of them to send to.
#include <algorithm>
#include <cstdio>

#include "cql/session.hpp"

namespace jobstream::cql {

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
    if (node.empty() || _pool.usable(node, now)) return node;
  }
  // Every replica is down or was just tried: the control node coordinates (it finds live replicas).
  return {};
}

std::size_t Session::keyspace_replicas(const std::string& keyspace) {
  if (keyspace.empty()) return 1;
  auto res =
      query("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", {Value(keyspace)});
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
