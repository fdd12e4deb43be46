#include "emulator/corpus.hpp"

#include <cmath>

namespace jobstream::emulator {

Millis corpus_creation_time(const CorpusShape& shape, std::uint64_t index) {
  // A hash of (seed, index) rather than a sequential generator, so any offer's time is known alone.
  std::uint64_t h = (index + 1) * 0x9E3779B97F4A7C15ULL ^ shape.seed * 0xC2B2AE3D27D4EB4FULL;
  h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 29;
  if (index % 200 == 7)
    return std::chrono::floor<std::chrono::seconds>(shape.anchor - std::chrono::hours(30));
  const double u = static_cast<double>(h >> 11) * 0x1.0p-53;
  const double span_ms = static_cast<double>(shape.spread_days) * 86'400'000.0;
  return shape.anchor - std::chrono::milliseconds(static_cast<std::int64_t>(span_ms * std::pow(u, 1.6)));
}

void fill_corpus(OfferCatalog& catalog, const OfferGenerator& generator, const CorpusShape& shape) {
  for (std::uint64_t i = 0; i < shape.offers; ++i) {
    const auto created = corpus_creation_time(shape, i);
    auto offer = generator.make(i, created);
    // Nothing is actualised after the anchor ("now"): a later live update must be the newest version.
    if (offer.updated > shape.anchor) offer = generator.make(i, created, 0, shape.anchor);
    catalog.put(std::move(offer));
  }
  std::uint64_t index = shape.offers;
  for (const auto& burst : shape.bursts) {
    for (std::uint64_t k = 0; k < burst.offers; ++k)
      catalog.put(make_burst_offer(generator, burst, index++, k));
  }
}

}  // namespace jobstream::emulator
