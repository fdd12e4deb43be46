#include "cql/token.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "cql/error.hpp"

namespace jobstream::cql {

namespace {
constexpr std::uint64_t c1 = 0x87c37b91114253d5ULL;
constexpr std::uint64_t c2 = 0x4cf5ad432745937fULL;

std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

std::uint64_t fmix(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

std::uint64_t block(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// One 64-bit lane's key scrambled before it is mixed into its hash: lane 1 uses (c1, 31, c2),
// lane 2 (c2, 33, c1).
std::uint64_t scramble(std::uint64_t k, std::uint64_t first, int rotation, std::uint64_t second) {
  return rotl(k * first, rotation) * second;
}

// Cassandra reads tail bytes as signed Java bytes, so they are sign-extended before shifting.
std::uint64_t tail_byte(std::uint8_t b, int shift) {
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int8_t>(b))) << shift;
}
}  // namespace

std::int64_t murmur3_token(std::span<const std::uint8_t> key) {
  const std::size_t len = key.size();
  const std::uint8_t* data = key.data();
  std::uint64_t h1 = 0, h2 = 0;
  const std::size_t nblocks = len / 16;
  for (std::size_t i = 0; i < nblocks; ++i) {
    h1 ^= scramble(block(data + i * 16), c1, 31, c2);
    h1 = rotl(h1, 27) + h2;
    h1 = h1 * 5 + 0x52dce729;
    h2 ^= scramble(block(data + i * 16 + 8), c2, 33, c1);
    h2 = rotl(h2, 31) + h1;
    h2 = h2 * 5 + 0x38495ab5;
  }
  // The last len % 16 bytes: the first eight into lane 1, the rest into lane 2.
  const std::uint8_t* tail = data + nblocks * 16;
  std::uint64_t k1 = 0, k2 = 0;
  const std::size_t rest = len & 15;
  for (std::size_t i = 0; i < rest; ++i) {
    if (i < 8) {
      k1 ^= tail_byte(tail[i], static_cast<int>(i * 8));
    } else {
      k2 ^= tail_byte(tail[i], static_cast<int>((i - 8) * 8));
    }
  }
  if (rest > 8) h2 ^= scramble(k2, c2, 33, c1);
  if (rest > 0) h1 ^= scramble(k1, c1, 31, c2);
  h1 ^= len;
  h2 ^= len;
  h1 += h2;
  h2 += h1;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 += h2;
  auto token = static_cast<std::int64_t>(h1);
  return token == std::numeric_limits<std::int64_t>::min() ? std::numeric_limits<std::int64_t>::max() : token;
}

std::optional<std::vector<std::uint8_t>> routing_key(const std::vector<Value>& values,
                                                     const std::vector<std::uint16_t>& pk_indexes) {
  if (pk_indexes.empty()) return std::nullopt;
  std::vector<std::uint8_t> out;
  for (auto idx : pk_indexes) {
    if (idx >= values.size()) return std::nullopt;
    const auto& v = values[idx];
    if (v.is_null() || std::holds_alternative<Unset>(v.v)) return std::nullopt;
    if (pk_indexes.size() == 1) {
      encode_into(v, out);
      return out;
    }
    auto at = out.size();
    out.resize(at + 2);
    encode_into(v, out);
    auto n = out.size() - at - 2;
    out[at] = static_cast<std::uint8_t>(n >> 8);
    out[at + 1] = static_cast<std::uint8_t>(n);
    out.push_back(0);
  }
  return out;
}

void TokenRing::add_node(const std::vector<std::string>& tokens, const std::string& host) {
  for (const auto& t : tokens) {
    try {
      add(std::stoll(t), host);
    } catch (const std::exception&) {
      throw CqlError(
          ErrorCode::bad_response,
          std::string("token '").append(t).append("' of ").append(host).append(" is not a Murmur3 token"));
    }
  }
}

std::vector<std::string> TokenRing::replicas(std::int64_t token, std::size_t count) const {
  std::vector<std::string> out;
  if (_owners.empty() || count == 0) return out;
  auto it = _owners.lower_bound(token);
  for (std::size_t steps = 0; steps < _owners.size() && out.size() < count; ++steps, ++it) {
    if (it == _owners.end()) it = _owners.begin();
    if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  }
  return out;
}

std::size_t TokenRing::host_count() const {
  std::set<std::string> hosts;
  for (const auto& [token, host] : _owners) hosts.insert(host);
  return hosts.size();
}

std::optional<std::string> TokenRing::owner(std::int64_t token) const {
  if (_owners.empty()) return std::nullopt;
  auto it = _owners.lower_bound(token);
  if (it == _owners.end()) it = _owners.begin();
  return it->second;
}

}  // namespace jobstream::cql
