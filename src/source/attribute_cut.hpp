#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "source/slice_planner.hpp"

namespace jobstream::source {

/// Children of a slice that dates cannot cut any finer, and the parameter they filter on.
struct AttributeCut {
  std::string param;
  std::vector<Slice> children;  ///< disjoint: each offer having the attribute is in exactly one
};

/// The cheapest attribute cut of an over-cap slice, or nullopt when no filter can split it.
/// In order of preference:
/// 1. a multi-value filter of the slice split into smaller lists (exact, free of loss);
/// 2. an attribute the answer counted (filtresPossibles) whose counts add up to the total, so no
///    offer lacks it: only the values present are asked for, packed several to a request where
///    the API takes lists; the cut leaving the fewest requests wins;
/// 3. codeROME lists, then origineOffre, then départements (lists of 5): counts unknown, checked
///    by the planner once the children are probed.
/// typeContrat and natureContrat are never combined: the API ORs them (contract §2.1).
/// Pure.
std::optional<AttributeCut> choose_attribute_cut(const Slice& slice, std::int64_t total,
                                                 const std::vector<Facet>& facets,
                                                 const PlannerConfig& config);

/// How many comma-separated values the API takes for `param` (contract §0).
std::size_t values_per_request(const std::string& param);

}  // namespace jobstream::source
