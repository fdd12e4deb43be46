#pragma once
// A code and the label an offer gave it (a commune and its name, a ROME code and its label),
// interned together like strings. A query counts pairs, one increment per row, then gives each
// code the sum of its pairs' counts and the smallest label among the pairs it counted: the same
// figures as keeping the smallest label row by row, without a comparison in the pass over
// millions of rows.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "analytics/string_pool.hpp"

namespace jobstream::analytics {

class LabelledCodes {
 public:
  /// The pair's symbol, added if new; (empty, empty) is always 0.
  Symbol intern(Symbol code, Symbol label);
  Symbol code(Symbol pair) const { return _code[pair]; }
  Symbol label(Symbol pair) const { return _label[pair]; }
  std::size_t size() const { return _code.size(); }
  std::size_t memory_bytes() const;

 private:
  std::vector<Symbol> _code{empty_symbol}, _label{empty_symbol};
  std::unordered_map<std::uint64_t, Symbol> _index;  // code << 32 | label -> pair
};

}  // namespace jobstream::analytics
