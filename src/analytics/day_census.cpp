#include "analytics/day_census.hpp"

#include <algorithm>

namespace jobstream::analytics {

void DayCensus::add(std::int32_t day) {
  if (!near(day)) {
    ++_far[day];
    return;
  }
  if (_near.empty()) _near.resize(near_days);
  ++_near[static_cast<std::size_t>(day - near_first)];
}

void DayCensus::remove(std::int32_t day) {
  if (!near(day)) {
    const auto it = _far.find(day);
    if (it != _far.end() && --it->second == 0) _far.erase(it);
    return;
  }
  if (_near.empty()) return;
  if (auto& count = _near[static_cast<std::size_t>(day - near_first)]; count > 0) --count;
}

std::optional<std::int32_t> DayCensus::first_in(std::int32_t lo, std::int32_t hi) const {
  if (lo > hi) return std::nullopt;
  // Far days before the near ones, then near days, then far days after them: in day order.
  if (const auto it = _far.lower_bound(lo); it != _far.end() && it->first < near_first && it->first <= hi)
    return it->first;
  if (!_near.empty()) {
    const std::int32_t from = std::max(lo, near_first);
    const std::int32_t to = std::min<std::int64_t>(hi, std::int64_t{near_first} + near_days - 1);
    for (std::int32_t d = from; d <= to; ++d) {
      if (_near[static_cast<std::size_t>(d - near_first)] > 0) return d;
    }
  }
  if (const auto it = _far.lower_bound(std::max(lo, near_first)); it != _far.end() && it->first <= hi)
    return it->first;
  return std::nullopt;
}

std::optional<std::int32_t> DayCensus::last_in(std::int32_t lo, std::int32_t hi) const {
  if (lo > hi) return std::nullopt;
  // The first far day after hi, stepped back once: the last far day at or before hi.
  const auto after = [&](std::int32_t day) -> std::optional<std::int32_t> {
    auto it = _far.upper_bound(day);
    if (it == _far.begin()) return std::nullopt;
    return std::prev(it)->first;
  };
  if (const auto d = after(hi); d && *d >= lo && *d >= near_first) return d;  // after the near days
  if (!_near.empty()) {
    const std::int32_t from = std::max(lo, near_first);
    const std::int32_t to = std::min<std::int64_t>(hi, std::int64_t{near_first} + near_days - 1);
    for (std::int32_t d = to; d >= from; --d) {
      if (_near[static_cast<std::size_t>(d - near_first)] > 0) return d;
    }
  }
  if (const auto d = after(std::min(hi, near_first - 1)); d && *d >= lo) return d;
  return std::nullopt;
}

std::uint64_t DayCensus::on(std::int32_t day) const {
  if (!near(day)) {
    const auto it = _far.find(day);
    return it == _far.end() ? 0 : it->second;
  }
  return _near.empty() ? 0 : _near[static_cast<std::size_t>(day - near_first)];
}

std::uint64_t DayCensus::before(std::int32_t day) const {
  std::uint64_t sum = 0;
  for (auto it = _far.begin(); it != _far.end() && it->first < day; ++it) sum += it->second;
  if (!_near.empty() && day > near_first) {
    const auto end = std::min<std::int64_t>(std::int64_t{day} - near_first, near_days);
    for (std::int64_t i = 0; i < end; ++i) sum += _near[static_cast<std::size_t>(i)];
  }
  return sum;
}

std::size_t DayCensus::memory_bytes() const {
  return _near.capacity() * sizeof(std::uint64_t) + _far.size() * 48;
}

}  // namespace jobstream::analytics
