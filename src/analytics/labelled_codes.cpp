#include "analytics/labelled_codes.hpp"

namespace jobstream::analytics {

Symbol LabelledCodes::intern(Symbol code, Symbol label) {
  if (code == empty_symbol && label == empty_symbol) return 0;
  const std::uint64_t key = std::uint64_t{code} << 32 | label;
  const auto [it, added] = _index.try_emplace(key, static_cast<Symbol>(_code.size()));
  if (added) {
    _code.push_back(code);
    _label.push_back(label);
  }
  return it->second;
}

std::size_t LabelledCodes::memory_bytes() const {
  // Node-based index: key, value, next pointer and cached hash per entry, plus the buckets.
  return (_code.capacity() + _label.capacity()) * sizeof(Symbol) +
         _index.size() * (sizeof(std::uint64_t) + sizeof(Symbol) + 2 * sizeof(void*)) +
         _index.bucket_count() * sizeof(void*);
}

}  // namespace jobstream::analytics
