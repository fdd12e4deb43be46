#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace jobstream::analytics {

/// Small integer standing for an interned string. 0 is always the empty string.
using Symbol = std::uint32_t;
inline constexpr Symbol empty_symbol = 0;

/// Interns strings so that a million offers share one copy of each employer, skill or commune.
/// Symbols are dense (0..size()-1) so per-query counters can be plain vectors indexed by symbol.
/// Symbol values depend on insertion order: figures must never order or break ties by symbol.
class StringPool {
 public:
  StringPool();
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;
  // Moving keeps the deque's elements in place (containers other than std::array never
  // invalidate references on move), so the index's views stay valid.
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  /// The symbol of `text`, added if new.
  Symbol intern(std::string_view text);
  /// The symbol of `text` if present.
  bool find(std::string_view text, Symbol& out) const;
  /// The text of a symbol; valid as long as the pool lives (a deque never moves its elements).
  std::string_view text(Symbol symbol) const { return _texts[symbol]; }
  std::size_t size() const { return _texts.size(); }
  /// Approximate heap bytes held (texts, index), for memory reports.
  std::size_t memory_bytes() const;

 private:
  std::deque<std::string> _texts;
  std::unordered_map<std::string_view, Symbol> _index;  // views into _texts
};

}  // namespace jobstream::analytics
