#include "analytics/string_pool.hpp"

namespace jobstream::analytics {

StringPool::StringPool() {
  _texts.emplace_back();
  _index.emplace(std::string_view(_texts.back()), empty_symbol);
}

Symbol StringPool::intern(std::string_view text) {
  if (const auto it = _index.find(text); it != _index.end()) return it->second;
  const auto symbol = static_cast<Symbol>(_texts.size());
  _texts.emplace_back(text);
  _index.emplace(std::string_view(_texts.back()), symbol);
  return symbol;
}

bool StringPool::find(std::string_view text, Symbol& out) const {
  const auto it = _index.find(text);
  if (it == _index.end()) return false;
  out = it->second;
  return true;
}

std::size_t StringPool::memory_bytes() const {
  std::size_t bytes = _texts.size() * sizeof(std::string);
  for (const auto& t : _texts) {
    if (t.capacity() > 15) bytes += t.capacity() + 1;  // beyond the small-string buffer
  }
  // Node-based map: one node (key, value, next pointer, cached hash) per entry plus the buckets.
  bytes += _index.size() * (sizeof(std::string_view) + sizeof(Symbol) + 2 * sizeof(void*)) +
           _index.bucket_count() * sizeof(void*);
  return bytes;
}

}  // namespace jobstream::analytics
