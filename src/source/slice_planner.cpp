#include "source/slice_planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "source/attribute_cut.hpp"

namespace jobstream::source {

SearchQuery Slice::query() const {
  SearchQuery q;
  q.min_creation = min;
  q.max_creation = max;
  for (const auto& f : filters) q.extra.emplace_back(f.param, f.values);
  return q;
}

const SliceFilter* Slice::filter(std::string_view param) const {
  for (const auto& f : filters) {
    if (f.param == param) return &f;
  }
  return nullptr;
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

std::vector<Slice> SlicePlanner::pending() const {
  std::vector<Slice> out(_stack.rbegin(), _stack.rend());
  // Probed children waiting for their siblings are probed again after a restart.
  for (const auto& [id, record] : _open) {
    for (const auto& [slice, total] : record.over_cap) out.push_back(slice);
  }
  return out;
}

std::map<std::uint64_t, SlicePlanner::SplitRecord>::iterator SlicePlanner::account(const Slice& slice,
                                                                                   std::int64_t total) {
  const auto open = slice.split != 0 ? _open.find(slice.split) : _open.end();
  if (open != _open.end()) {
    auto& record = open->second;
    --record.outstanding;
    record.children_total += total;
    if (record.parent_total > _config.cap && total >= record.parent_total) {
      // Two disjoint children each holding the parent's whole total: the API ignores the filter,
      // or its Content-Range lies. Splitting further would never end.
      const bool disjoint =
          record.partition ||
          record.echoes.end() != std::find_if(record.echoes.begin(), record.echoes.end(),
                                              [&](int i) { return std::abs(i - slice.sibling) >= 2; });
      record.echoes.push_back(slice.sibling);
      if (record.echoes.size() >= 2 && disjoint) {
        _distrust = fmt::format(
            "the children of {} (total {}) report its whole total when filtered by {}: the API ignores the "
            "filter or its Content-Range does not count",
            record.parent.query().describe(), record.parent_total, record.cut);
        _stack.clear();
        _open.clear();
        return _open.end();
      }
    }
  }
  return open;
}

bool SlicePlanner::report(const Slice& slice, std::int64_t total, const std::vector<Facet>& facets) {
  if (_distrust) return false;
  const auto open = account(slice, total);
  if (_distrust) return false;
  const bool fits = total <= _config.cap || slice.best_effort;
  if (fits) {
    if (total > _config.cap) _best_effort.emplace_back(slice, total);
  } else if (open != _open.end()) {
    open->second.over_cap.emplace_back(slice, total);  // split once its siblings are probed
    open->second.over_cap_facets.push_back(facets);
  } else {
    push_children(slice, total, facets);
  }
  if (open != _open.end() && open->second.outstanding == 0) close_split(open->first);
  return fits;
}

bool SlicePlanner::walkable(const Slice& slice) const {
  return _walking && !_distrust && slice.filters.empty() && !slice.best_effort && slice.max > slice.min &&
         std::find(slice.excluded.begin(), slice.excluded.end(), "date") == slice.excluded.end();
}

bool SlicePlanner::walked(const Slice& slice, std::int64_t total, Seconds rest_max, Seconds oldest,
                          bool burst) {
  if (_distrust || rest_max < slice.min || rest_max > slice.max || (!burst && rest_max == slice.max))
    return false;
  const auto open = account(slice, total);
  if (_distrust) return true;
  ++_walks;
  // The rest belongs to no split: a date window drops no offer, so there is no sum to check.
  Slice rest = slice;
  rest.split = 0;
  rest.sibling = 0;
  rest.walked_to = oldest;
  rest.walk_top = slice.max;
  if (burst) {
    // The oldest second holds a page or more: walking on from it would read it again, up to the
    // cap. It is a slice of its own (cut by attributes when over the cap), checked like a rest.
    Slice top = rest;
    top.min = rest_max;
    top.max = rest_max;
    rest.walked_to.reset();
    rest.max = rest_max - std::chrono::seconds(1);
    if (rest_max > slice.min) _stack.push_back(std::move(rest));
    _stack.push_back(std::move(top));
  } else {
    rest.max = rest_max;
    _stack.push_back(std::move(rest));
  }
  if (open != _open.end() && open->second.outstanding == 0) close_split(open->first);
  return true;
}

void SlicePlanner::mend(const Slice& rest) {
  _walking = false;
  if (!rest.walked_to || rest.walk_top <= rest.max) return;
  Slice above = rest;
  above.min = rest.max;
  above.max = rest.walk_top;
  above.split = 0;
  above.sibling = 0;
  above.walked_to.reset();
  _stack.push_back(std::move(above));
}

void SlicePlanner::drop(const Slice& slice) {
  const auto open = slice.split != 0 ? _open.find(slice.split) : _open.end();
  if (open == _open.end()) return;
  open->second.partition = false;
  if (--open->second.outstanding == 0) close_split(open->first);
}

void SlicePlanner::close_split(std::uint64_t id) {
  auto record = std::move(_open.at(id));
  _open.erase(id);
  if (record.partition && record.children_total < record.parent_total) {
    // The cut dropped offers lacking the attribute: cut the parent another way. What the children
    // found is kept (the harvester drops duplicates).
    Slice parent = record.parent;
    parent.excluded.push_back(record.cut);
    _stack.push_back(std::move(parent));
    return;
  }
  for (std::size_t i = record.over_cap.size(); i-- > 0;) {
    push_children(record.over_cap[i].first, record.over_cap[i].second, record.over_cap_facets[i]);
  }
}

void SlicePlanner::push_children(const Slice& slice, std::int64_t total, const std::vector<Facet>& facets) {
  auto children = split(slice, total, facets);
  ++_splits;
  // A walked window's rest was checked when probed; its parts are not walk rests themselves.
  for (auto& child : children) child.walked_to.reset();
  if (children.size() == 1 && children.front().best_effort) {
    children.front().split = 0;
    _stack.push_back(std::move(children.front()));
    return;
  }
  const auto id = _next_split++;
  SplitRecord record;
  record.parent = slice;
  record.parent_total = total;
  record.outstanding = children.size();
  const auto span = (slice.max - slice.min).count();
  const bool by_date =
      slice.filters.empty() && span >= 1 &&
      std::find(slice.excluded.begin(), slice.excluded.end(), "date") == slice.excluded.end();
  record.cut = "date";
  if (!by_date) {
    // The filter the children changed or added.
    const auto& f = children.front().filters;
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (i >= slice.filters.size() || !(f[i] == slice.filters[i])) {
        record.cut = f[i].param;
        break;
      }
    }
  }
  // Windows overlap and are not checked; a split of two seconds into each and attribute cuts are
  // partitions.
  record.partition = !by_date || span == 1;
  for (std::size_t i = children.size(); i-- > 0;) {
    children[i].split = id;
    children[i].sibling = static_cast<int>(i);
    _stack.push_back(std::move(children[i]));
  }
  _open.emplace(id, std::move(record));
}

std::vector<Slice> SlicePlanner::split(const Slice& slice, std::int64_t total,
                                       const std::vector<Facet>& facets) const {
  std::vector<Slice> children;
  const auto span = (slice.max - slice.min).count();
  const bool date_usable = slice.filters.empty() && std::find(slice.excluded.begin(), slice.excluded.end(),
                                                              "date") == slice.excluded.end();
  if (date_usable && span >= 2) {
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
  if (date_usable && span == 1) {
    // Both bounds are inclusive to the second: a burst across a second boundary is two seconds.
    Slice first = slice, second = slice;
    first.max = slice.min;
    second.min = slice.max;
    return {first, second};
  }
  if (auto cut = choose_attribute_cut(slice, total, facets, _config)) return std::move(cut->children);
  Slice rest = slice;
  rest.best_effort = true;
  children.push_back(rest);
  return children;
}

}  // namespace jobstream::source
