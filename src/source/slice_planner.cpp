#include "source/slice_planner.hpp"

#include <algorithm>
#include <cmath>

namespace jobstream::source {

SearchQuery Slice::query() const {
  SearchQuery q;
  q.min_creation = min;
  q.max_creation = max;
  q.departement = departement;
  q.type_contrat = type_contrat;
  return q;
}

SlicePlanner::SlicePlanner(PlannerConfig config, std::vector<Slice> roots) : _config(std::move(config)) {
  _stack.assign(roots.rbegin(), roots.rend());
}

std::optional<Slice> SlicePlanner::next() {
  if (_stack.empty()) return std::nullopt;
  Slice s = std::move(_stack.back());
  _stack.pop_back();
  return s;
}

bool SlicePlanner::report(const Slice& slice, std::int64_t total) {
  if (total <= _config.cap || slice.best_effort) {
    if (total > _config.cap) ++_best_effort;
    return true;
  }
  auto children = split(slice, total);
  ++_splits;
  for (auto it = children.rbegin(); it != children.rend(); ++it) _stack.push_back(*it);
  return false;
}

std::vector<Slice> SlicePlanner::split(const Slice& slice, std::int64_t total) const {
  std::vector<Slice> children;
  const auto span = (slice.max - slice.min).count();
  if (span >= 2 && slice.departement.empty() && slice.type_contrat.empty()) {
    // Enough children that each should land near `fill * cap`, assuming offers spread evenly;
    // where they do not, the child is split again.
    const double target = std::max(1.0, static_cast<double>(_config.cap) * _config.fill);
    auto k = static_cast<std::int64_t>(std::ceil(static_cast<double>(total) / target));
    k = std::clamp<std::int64_t>(k, 2, std::min<std::int64_t>(_config.max_fanout, span));
    const std::int64_t step = span / k;
    const auto overlap = _config.overlap.count();
    for (std::int64_t i = 0; i < k; ++i) {
      Slice c = slice;
      c.min = slice.min + std::chrono::seconds(i * step);
      c.max = i + 1 == k ? slice.max : slice.min + std::chrono::seconds((i + 1) * step);
      // Overlap only when it still leaves the child strictly smaller than its parent.
      if (i > 0 && overlap > 0 && step > overlap) c.min -= std::chrono::seconds(overlap);
      children.push_back(c);
    }
    return children;
  }
  if (slice.departement.empty() && slice.type_contrat.empty() && !_config.departements.empty()) {
    // One second holds more than the cap: cut by département, plus the unfiltered window itself,
    // best effort, for offers without a département (their place is a region or "France").
    for (const auto& code : _config.departements) {
      Slice c = slice;
      c.departement = code;
      children.push_back(c);
    }
    Slice rest = slice;
    rest.best_effort = true;
    children.push_back(rest);
    return children;
  }
  if (!slice.departement.empty() && slice.type_contrat.empty() && !_config.types_contrat.empty()) {
    for (const auto& code : _config.types_contrat) {
      Slice c = slice;
      c.type_contrat = code;
      c.best_effort = true;  // nothing finer is available below this
      children.push_back(c);
    }
    Slice rest = slice;
    rest.best_effort = true;
    children.push_back(rest);
    return children;
  }
  Slice rest = slice;
  rest.best_effort = true;
  children.push_back(rest);
  return children;
}

}  // namespace jobstream::source
