#pragma once

#include <optional>

#include "analytics/figures_engine.hpp"
#include "analytics/offer_facts.hpp"
#include "offer/offer_record.hpp"

namespace jobstream::analytics {

/// Feeds one decoded offers-topic record (jobstream.offer/1) to the engine: an upsert is
/// normalized and applied, a withdrawal recorded. Returns the reason when an upsert's offer cannot
/// become facts (the caller logs it with the record's topic, partition and offset); the engine is
/// then unchanged. Safe to call again for redelivered records.
std::optional<FactsError> apply_record(FiguresEngine& engine, const offer::OfferRecord& record);

}  // namespace jobstream::analytics
