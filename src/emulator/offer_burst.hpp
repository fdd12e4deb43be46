#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "emulator/offer_generator.hpp"

namespace jobstream::emulator {

/// Many offers created in the same second, as partners publish them in bulk: the cases a harvest
/// must still read whole although they exceed the per-query cap. On demand (tests, benchmarks).
struct OfferBurst {
  Millis at{};  ///< the second they are created in
  std::uint64_t offers = 0;
  std::string departement;         ///< all placed in this département ("": as generated)
  std::string type_contrat;        ///< all of this contract type ("": as generated)
  double without_departement = 0;  ///< this share placed at région or country level instead
  bool spans_boundary = false;     ///< half in the second before `at`, half in the one at `at`
};

/// Offer number `k` of a burst, generated as offer `index` and then pinned to the burst's place
/// and contract (JSON and attributes alike, so filters and bodies agree).
EmulatedOffer make_burst_offer(const OfferGenerator& generator, const OfferBurst& burst, std::uint64_t index,
                               std::uint64_t k);

/// Reads a burst from `offers=20000,dep=75,type=CDI,without-dep=0.3,across,hours-ago=50` (only
/// `offers` is required; it comes `hours-ago` hours, default 50, before `anchor`). Throws
/// std::invalid_argument naming what is wrong.
OfferBurst parse_burst(std::string_view spec, Millis anchor);

}  // namespace jobstream::emulator
