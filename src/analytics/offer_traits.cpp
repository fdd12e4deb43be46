#include "analytics/offer_traits.hpp"

namespace jobstream::analytics {

TraitsPool::TraitsPool() {
  _traits.emplace_back();
  _index.emplace(OfferTraits{}, empty_symbol);
}

Symbol TraitsPool::intern(const OfferTraits& traits) {
  const auto [it, added] = _index.try_emplace(traits, static_cast<Symbol>(_traits.size()));
  if (added) _traits.push_back(traits);
  return it->second;
}

std::size_t TraitsPool::Hash::operator()(const OfferTraits& t) const {
  std::uint64_t h = 0;
  for (const std::uint64_t v :
       {std::uint64_t{t.contract}, std::uint64_t{t.experience}, std::uint64_t{t.qualification},
        std::uint64_t{t.origin}, std::uint64_t{t.partner},
        static_cast<std::uint64_t>(t.salary_status) | static_cast<std::uint64_t>(t.salary_reason) << 8 |
            static_cast<std::uint64_t>(t.place_scope) << 16 | std::uint64_t{t.salary_from_comment} << 24 |
            std::uint64_t{t.remote} << 25 | std::uint64_t{t.part_time} << 26}) {
    h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
  }
  return static_cast<std::size_t>(h);
}

std::size_t TraitsPool::memory_bytes() const {
  // Node-based index: a copy of the key, value, next pointer and cached hash per entry, plus the buckets.
  return _traits.capacity() * sizeof(OfferTraits) +
         _index.size() * (sizeof(OfferTraits) + sizeof(Symbol) + 2 * sizeof(void*)) +
         _index.bucket_count() * sizeof(void*);
}

}  // namespace jobstream::analytics
