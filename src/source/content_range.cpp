#include "source/content_range.hpp"

#include <cctype>
#include <charconv>

namespace jobstream::source {
namespace {

void skip_spaces(std::string_view& s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
}

// A possibly negative integer at the front of `s`.
std::optional<std::int64_t> take_int(std::string_view& s) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{}) return std::nullopt;
  s.remove_prefix(static_cast<std::size_t>(p - s.data()));
  return v;
}

}  // namespace

std::optional<ContentRange> parse_content_range(std::string_view s) {
  skip_spaces(s);
  // Optional unit word ("offres"; "items" or none tolerated).
  if (!s.empty() && std::isalpha(static_cast<unsigned char>(s.front()))) {
    while (!s.empty() && std::isalpha(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    skip_spaces(s);
  }
  ContentRange out;
  if (!s.empty() && s.front() == '*') {
    s.remove_prefix(1);
  } else {
    auto first = take_int(s);
    skip_spaces(s);
    if (!first || s.empty() || s.front() != '-') return std::nullopt;
    s.remove_prefix(1);
    skip_spaces(s);
    auto last = take_int(s);
    if (!last) return std::nullopt;
    // "-1--1" means "nothing in this range": keep only the total.
    if (*first >= 0 && *last >= *first) {
      out.first = first;
      out.last = last;
    }
  }
  skip_spaces(s);
  if (s.empty() || s.front() != '/') return std::nullopt;
  s.remove_prefix(1);
  skip_spaces(s);
  if (!s.empty() && s.front() == '*') return std::nullopt;  // unknown total
  auto total = take_int(s);
  skip_spaces(s);
  if (!total || *total < 0 || !s.empty()) return std::nullopt;
  out.total = *total;
  return out;
}

}  // namespace jobstream::source
