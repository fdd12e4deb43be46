#pragma once
// The few-valued facts of an offer (contract, experience, qualification, origin, partner, salary
// form, place precision, remote, part time), interned together. Offers share few combinations
// (the 5,737 real offers have 812): a query counts one per row, then adds each combination's count
// to every value it holds, where eleven counts per row were made before.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "analytics/salary.hpp"
#include "analytics/string_pool.hpp"
#include "offer/place.hpp"

namespace jobstream::analytics {

struct OfferTraits {
  Symbol contract = empty_symbol, experience = empty_symbol, qualification = empty_symbol;
  Symbol origin = empty_symbol, partner = empty_symbol;  ///< symbols of the engine's pools
  SalaryStatus salary_status = SalaryStatus::absent;
  SalaryReason salary_reason = SalaryReason::none;
  offer::PlaceScope place_scope = offer::PlaceScope::unlocated;
  bool salary_from_comment = false, remote = false, part_time = false;

  bool operator==(const OfferTraits&) const = default;
};

class TraitsPool {
 public:
  TraitsPool();
  /// The symbol of a combination, added if new; OfferTraits{} is always 0.
  Symbol intern(const OfferTraits& traits);
  const OfferTraits& at(Symbol symbol) const { return _traits[symbol]; }
  std::size_t size() const { return _traits.size(); }
  std::size_t memory_bytes() const;

 private:
  struct Hash {
    std::size_t operator()(const OfferTraits& t) const;
  };
  std::vector<OfferTraits> _traits;
  std::unordered_map<OfferTraits, Symbol, Hash> _index;
};

}  // namespace jobstream::analytics
