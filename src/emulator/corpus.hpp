#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "emulator/offer_burst.hpp"
#include "emulator/offer_catalog.hpp"
#include "emulator/offer_generator.hpp"

namespace jobstream::emulator {

/// How the initial offers are spread.
struct CorpusShape {
  std::uint64_t offers = 20000;
  std::uint64_t seed = 1;
  Millis anchor{};  ///< the newest creation time; everything is created before it
  int spread_days = 90;
  /// Bursts added after the spread offers (their offers are numbered from `offers` on).
  std::vector<OfferBurst> bursts{};
};

/// Fills `catalog` with offers 0..offers-1 of the generator: creation times spread over
/// `spread_days` before the anchor (denser near it, as fresh offers dominate the open ones), and
/// one offer in 200 created in the same second (a bulk import, as partners publish them). No
/// offer is actualised after the anchor.
/// The same shape always gives the same corpus.
void fill_corpus(OfferCatalog& catalog, const OfferGenerator& generator, const CorpusShape& shape);

/// The creation time fill_corpus gives offer `index`.
Millis corpus_creation_time(const CorpusShape& shape, std::uint64_t index);

}  // namespace jobstream::emulator
