#include "analytics/record_feed.hpp"

#include <variant>

namespace jobstream::analytics {

std::optional<FactsError> apply_record(FiguresEngine& engine, const offer::OfferRecord& record) {
  if (const auto* withdrawal = std::get_if<offer::OfferWithdrawal>(&record)) {
    engine.withdraw(withdrawal->id, withdrawal->withdrawn_at);
    return std::nullopt;
  }
  const auto& upsert = std::get<offer::OfferUpsert>(record);
  auto facts = facts_from_json(upsert.offer_json);
  if (auto* error = std::get_if<FactsError>(&facts)) return std::move(*error);
  auto& f = std::get<OfferFacts>(facts);
  // The record's key is the id the whole pipeline uses; an offer body saying otherwise is an error
  // rather than a silent second offer.
  if (f.id != upsert.id) return FactsError{"offer 'id' differs from the record id"};
  engine.apply(f);
  return std::nullopt;
}

}  // namespace jobstream::analytics
