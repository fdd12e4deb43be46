#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/api_time.hpp"
#include "source/search_query.hpp"

namespace jobstream::source {

/// One attribute filter of a slice: a search parameter and its comma-separated values.
struct SliceFilter {
  std::string param;
  std::string values;
  bool operator==(const SliceFilter&) const = default;
};

/// A part of the offer space: a creation-date window (bounds sent as they are, both meant
/// inclusive), narrowed by attribute filters when a window cannot be cut any finer.
struct Slice {
  Seconds min{};
  Seconds max{};
  std::vector<SliceFilter> filters;  ///< set only by attribute cuts, in the order they were made
  /// True for the last-resort slices that may hold more than the cap: harvested up to the cap,
  /// and counted as possibly incomplete.
  bool best_effort = false;
  /// Cuts that failed to partition this slice (their children missed offers): not tried again
  /// below it. "date" stands for the last date split. Not persisted.
  std::vector<std::string> excluded{};
  std::uint64_t split = 0;  ///< the split that made it (0 for roots and slices read back from a state)
  int sibling = 0;          ///< its place among that split's children
  /// Set on the older rest of a walked window (or its burst second): the oldest creation second the
  /// walk read. Its newest offer must be from that second or later, or its bound missed part of the
  /// walk (mend()).
  std::optional<Seconds> walked_to{};
  Seconds walk_top{};  ///< with walked_to: the end of the walked window

  SearchQuery query() const;
  const SliceFilter* filter(std::string_view param) const;
  bool operator==(const Slice& o) const {
    return min == o.min && max == o.max && filters == o.filters && best_effort == o.best_effort;
  }
};

struct PlannerConfig {
  std::int64_t cap = 3150;          ///< results reachable per query
  double fill = 0.8;                ///< aim children at this share of the cap (totals move while sweeping)
  int max_fanout = 64;              ///< at most this many children per split
  std::chrono::seconds overlap{1};  ///< each child window starts this much before its neighbour ends
  /// For seconds that still exceed the cap: the values of filters answers do not count for us
  /// (codes from /referentiel/metiers and /referentiel/departements).
  std::vector<std::string> rome_codes;
  std::vector<std::string> departements;
};

/// Pure, adaptive split of the query space into slices whose total fits under the cap.
/// The harvester probes a slice (first page, which also gives the total and the answer's
/// filtresPossibles counts) and reports them; the planner accepts the slice or replaces it with
/// children that together cover it.
///
/// Why date windows first: every offer has a dateCreation, so a date filter drops nothing,
/// whereas an attribute filter silently drops offers lacking the attribute (contract §0).
/// A second that still holds more than the cap is cut by attributes, cheapest first: a cut whose
/// counts the answer gave (they must add up to the total: then no offer lacks the attribute),
/// then codeROME lists, origineOffre, départements. Every cut is checked once its children are
/// all probed: when their totals fall short of the parent's, the cut dropped offers lacking the
/// attribute, and the parent is cut again another way. Only a slice no filter can split further
/// is harvested best effort, up to the cap.
///
/// The planner also refuses to believe an API whose totals do not fall when filtered: when two
/// children of one split each report the parent's whole total (filters ignored, or a lying
/// Content-Range), it stops planning and says why (distrust()).
class SlicePlanner {
 public:
  SlicePlanner(PlannerConfig config, std::vector<Slice> roots);

  /// The next slice to probe, or nullopt when the plan is exhausted.
  std::optional<Slice> next();
  /// A probed slice's total, with the answer's filtresPossibles. Returns true when the slice fits
  /// (harvest it), false when it was split or set aside until its siblings are probed.
  bool report(const Slice& slice, std::int64_t total, const std::vector<Facet>& facets = {});

  /// Whether an over-cap slice may be walked instead of split: read up to the cap in the API's
  /// newest-first order (sort=1), then its older rest as the next slice. Every page of a walk is
  /// full, where a split pays a probe for the parent and a part-filled last page for each child.
  bool walkable(const Slice& slice) const;
  /// A walked slice, read newest first down to `oldest` (the oldest creation second read, in UTC):
  /// its older rest [min, rest_max] comes next, rest_max being the bound the API reads as `oldest`
  /// (contract §0: Paris time). When that second is a `burst` (the walk read a page or more of it),
  /// it is a slice of its own, [rest_max, rest_max], and the rest ends a second before. Returns
  /// false when the rest would not be smaller than the slice; the caller then reports the slice,
  /// which splits it.
  bool walked(const Slice& slice, std::int64_t total, Seconds rest_max, Seconds oldest, bool burst = false);
  /// A rest (or a burst second) whose newest offer is older than its walk's oldest: the API read
  /// its bound as an earlier time than assumed, so offers between them were not read. Walks stop,
  /// and the walked window above the rest's bound is read again, split.
  void mend(const Slice& rest);
  /// The API broke the newest-first order, or answered outside the window: no more walks; over-cap
  /// slices are split.
  void stop_walking() { _walking = false; }
  /// Puts a slice back (after a failed request or a stop): it is the next one handed out.
  void requeue(const Slice& slice) { _stack.push_back(slice); }
  /// A slice given up (its requests kept failing): its split can no longer be checked.
  void drop(const Slice& slice);
  /// Drops every slice not yet harvested (a sweep given up).
  void abandon() {
    _stack.clear();
    _open.clear();
  }

  /// Slices not yet harvested (for persistence), in the order they will come.
  std::vector<Slice> pending() const;
  std::int64_t splits() const { return _splits; }
  std::int64_t walks() const { return _walks; }
  std::int64_t best_effort_slices() const { return static_cast<std::int64_t>(_best_effort.size()); }
  /// The best-effort slices and their totals, for the report.
  const std::vector<std::pair<Slice, std::int64_t>>& best_effort() const { return _best_effort; }
  /// Why the API's answers cannot be planned on, when they cannot (then the plan is dropped).
  const std::optional<std::string>& distrust() const { return _distrust; }

  /// The children of an over-cap slice (exposed for the property tests).
  std::vector<Slice> split(const Slice& slice, std::int64_t total,
                           const std::vector<Facet>& facets = {}) const;

 private:
  struct SplitRecord {
    Slice parent;
    std::int64_t parent_total = 0;
    std::size_t outstanding = 0;  // children not yet probed
    std::int64_t children_total = 0;
    std::vector<int> echoes;  // children (by place) reporting the parent's whole total
    bool partition = false;   // children are disjoint: their totals must add up to the parent's
    std::string cut;          // the parameter cut, "date" for a date split
    std::vector<std::pair<Slice, std::int64_t>> over_cap;  // children to split once all are probed
    std::vector<std::vector<Facet>> over_cap_facets;
  };
  /// Counts a probed slice in the split that made it; returns that split's record (or end).
  std::map<std::uint64_t, SplitRecord>::iterator account(const Slice& slice, std::int64_t total);
  void push_children(const Slice& slice, std::int64_t total, const std::vector<Facet>& facets);
  void close_split(std::uint64_t id);

  PlannerConfig _config;
  std::vector<Slice> _stack;  // back = next; depth-first keeps the frontier small
  std::map<std::uint64_t, SplitRecord> _open;
  std::uint64_t _next_split = 1;
  std::int64_t _splits = 0;
  std::int64_t _walks = 0;
  bool _walking = true;
  std::vector<std::pair<Slice, std::int64_t>> _best_effort;
  std::optional<std::string> _distrust;
};

}  // namespace jobstream::source
