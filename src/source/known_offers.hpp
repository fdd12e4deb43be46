#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "source/ack_ledger.hpp"

namespace jobstream::source {

/// The known offers of a harvest state, and the ids changed since the state journal last wrote
/// them: a checkpoint then appends only those instead of rewriting a million entries.
/// Every access that can change an entry (operator[], a non-const find that hits, erase, emplace)
/// records its id; reads through a const object do not.
class KnownOffers {
 public:
  using Map = std::unordered_map<std::string, KnownOffer>;
  using iterator = Map::iterator;
  using const_iterator = Map::const_iterator;

  KnownOffer& operator[](const std::string& id) {
    _changed.insert(id);
    return _map[id];
  }
  iterator find(const std::string& id) {
    const auto it = _map.find(id);
    if (it != _map.end()) _changed.insert(id);
    return it;
  }
  const_iterator find(const std::string& id) const { return _map.find(id); }
  std::size_t erase(const std::string& id) {
    const auto n = _map.erase(id);
    if (n != 0) _changed.insert(id);
    return n;
  }
  template <class... Args>
  std::pair<iterator, bool> emplace(const std::string& id, Args&&... args) {
    _changed.insert(id);
    return _map.emplace(id, std::forward<Args>(args)...);
  }
  const KnownOffer& at(const std::string& id) const { return _map.at(id); }
  bool contains(const std::string& id) const { return _map.contains(id); }
  std::size_t size() const { return _map.size(); }
  bool empty() const { return _map.empty(); }
  const_iterator begin() const { return _map.begin(); }
  const_iterator end() const { return _map.end(); }
  iterator end() { return _map.end(); }  // compared with find()'s iterator
  void reserve(std::size_t n) { _map.reserve(n); }

  /// The entries themselves (the harvester's working copy starts from them).
  const Map& map() const { return _map; }
  operator const Map&() const { return _map; }  // NOLINT(google-explicit-constructor): drop-in for the map

  /// Ids changed (set, updated or erased) since the last call; clears the record.
  std::unordered_set<std::string> take_changed() { return std::exchange(_changed, {}); }
  /// Forgets the record (after a load, or a full snapshot that wrote everything).
  void clear_changed() { _changed.clear(); }

 private:
  Map _map;
  std::unordered_set<std::string> _changed;
};

}  // namespace jobstream::source
