#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "source/api_time.hpp"
#include "source/search_query.hpp"

namespace jobstream::source {

/// A part of the offer space: a creation-date window (bounds sent as they are, both meant
/// inclusive), optionally narrowed by attributes when a window cannot be cut any finer.
struct Slice {
  Seconds min{};
  Seconds max{};
  std::string departement;   ///< set only by the attribute fallback
  std::string type_contrat;  ///< idem, below a département
  /// True for the last-resort slices that may hold more than the cap: harvested up to the cap,
  /// and counted as possibly incomplete.
  bool best_effort = false;

  SearchQuery query() const;
  bool operator==(const Slice&) const = default;
};

struct PlannerConfig {
  std::int64_t cap = 3150;          ///< results reachable per query
  double fill = 0.8;                ///< aim children at this share of the cap (totals move while sweeping)
  int max_fanout = 64;              ///< at most this many children per split
  std::chrono::seconds overlap{1};  ///< each child window starts this much before its neighbour ends
  /// For windows of one second that still exceed the cap (bulk imports): codes from
  /// /referentiel/departements and /referentiel/typesContrats.
  std::vector<std::string> departements;
  std::vector<std::string> types_contrat;
};

/// Pure, adaptive split of the query space into slices whose total fits under the cap.
/// The harvester probes a slice (first page, which also gives the total) and reports the total;
/// the planner either accepts the slice or replaces it with children that together cover it.
///
/// Why date windows first: every offer has a dateCreation, so a date filter drops nothing,
/// whereas an attribute filter silently drops offers lacking the attribute (contract §0).
/// Attributes are used only when a single second holds more than the cap; then an unfiltered
/// best-effort slice is added so that offers without département still get a chance.
class SlicePlanner {
 public:
  SlicePlanner(PlannerConfig config, std::vector<Slice> roots);

  /// The next slice to probe, or nullopt when the plan is exhausted.
  std::optional<Slice> next();
  /// A probed slice's total. Returns true when the slice fits (harvest it), false when it was
  /// split (its children are queued, to be probed next).
  bool report(const Slice& slice, std::int64_t total);
  /// Puts a slice back (after a failed request or a stop): it is the next one handed out.
  void requeue(const Slice& slice) { _stack.push_back(slice); }

  /// Slices not yet handed out (for persistence), in the order they will come.
  std::vector<Slice> pending() const { return {_stack.rbegin(), _stack.rend()}; }
  std::int64_t splits() const { return _splits; }
  std::int64_t best_effort_slices() const { return _best_effort; }

  /// The children of an over-cap slice (exposed for the property tests).
  std::vector<Slice> split(const Slice& slice, std::int64_t total) const;

 private:
  PlannerConfig _config;
  std::vector<Slice> _stack;  // back = next; depth-first keeps the frontier small
  std::int64_t _splits = 0;
  std::int64_t _best_effort = 0;
};

}  // namespace jobstream::source
