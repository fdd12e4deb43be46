#pragma once
// Partition tokens as Cassandra's Murmur3Partitioner computes them, and the token ring that
// maps a token to the node owning it. Pure: no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cql/value.hpp"

namespace jobstream::cql {

/// Murmur3Partitioner token of a serialized partition key: h1 of MurmurHash3_x64_128 (seed 0),
/// with Cassandra's sign-extension of tail bytes, and Long.MIN mapped to Long.MAX.
std::int64_t murmur3_token(std::span<const std::uint8_t> key);

/// Serialized partition key from the bound values and the prepared pk indexes: the value itself
/// for one column; for a composite key, per component `u16 length | bytes | 0x00`.
/// Empty optional when a key component is null/unset or no indexes are known.
std::optional<std::vector<std::uint8_t>> routing_key(const std::vector<Value>& values,
                                                     const std::vector<std::uint16_t>& pk_indexes);

/// Sorted tokens -> owning host. The replica of a token is the owner of the first token >= it
/// (wrapping around), which is the primary replica under every replication strategy.
class TokenRing {
 public:
  void add(std::int64_t token, const std::string& host) { _owners[token] = host; }
  /// Adds every token of a node given in Cassandra's text form (system.local/peers_v2 `tokens`).
  void add_node(const std::vector<std::string>& tokens, const std::string& host);
  bool empty() const { return _owners.empty(); }
  std::size_t size() const { return _owners.size(); }
  /// Host owning `token`; empty when the ring is empty.
  std::optional<std::string> owner(std::int64_t token) const;
  /// The first `count` distinct hosts from `token` clockwise: the replicas of its partition under
  /// SimpleStrategy, and under NetworkTopologyStrategy in a single data centre with one rack.
  std::vector<std::string> replicas(std::int64_t token, std::size_t count) const;
  /// Every distinct host of the ring.
  std::size_t host_count() const;

 private:
  std::map<std::int64_t, std::string> _owners;
};

}  // namespace jobstream::cql
