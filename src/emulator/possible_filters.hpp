#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "emulator/offer_generator.hpp"

namespace jobstream::emulator {

/// filtresPossibles (contract §4.1): for each of four attributes, how many offers of a result hold
/// each value. The values are few (a dozen contract types at most), so the catalog keeps each
/// offer's as small codes beside it in its indexes: a result's counts are then a pass over its hits
/// alone, without reading the offers, which matters when a window holds a million of them.
class PossibleFilters {
 public:
  static constexpr std::size_t attributes = 4;  ///< typeContrat, experience, qualification, natureContrat
  using Codes = std::array<std::uint16_t, attributes>;
  using Counts = std::array<std::vector<std::int64_t>, attributes>;

  /// The codes of an offer's values; a value not seen before gets the next code. Not thread-safe:
  /// the catalog calls it under its write lock.
  Codes codes_of(const EmulatedOffer& offer);

  /// Counts of zero for every value known now.
  Counts no_counts() const;
  static void add(Counts& counts, const Codes& codes) {
    for (std::size_t a = 0; a < attributes; ++a) ++counts[a][codes[a]];
  }
  /// The filtresPossibles array: per attribute, its values held by at least one offer, by value.
  std::string json(const Counts& counts) const;

 private:
  std::array<std::vector<std::string>, attributes> _values;
};

}  // namespace jobstream::emulator
