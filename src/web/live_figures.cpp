#include "web/live_figures.hpp"

#include <mutex>
#include <variant>

#include "analytics/engine_image.hpp"

namespace jobstream::web {
namespace {

analytics::Timestamp now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace

void LiveFigures::touch(std::optional<analytics::Timestamp> harvested_at) {
  if (harvested_at && (!_status.last_harvested_at || *harvested_at > *_status.last_harvested_at)) {
    _status.last_harvested_at = harvested_at;
  }
}

std::size_t LiveFigures::apply_stored(std::vector<StoredOffer> rows) {
  // Facts are built outside the lock: that is most of the work, and it needs no engine.
  std::vector<analytics::OfferFacts> facts;
  facts.reserve(rows.size());
  std::size_t rejected = 0;
  for (auto& row : rows) {
    if (row.facts) {
      facts.push_back(std::move(*row.facts));
      continue;
    }
    if (row.raw.empty()) continue;
    auto parsed = analytics::facts_from_json(row.raw, row.withdrawn_at);
    if (auto* f = std::get_if<analytics::OfferFacts>(&parsed)) {
      facts.push_back(std::move(*f));
    } else {
      ++rejected;
    }
  }
  std::unique_lock lock(_mutex);
  for (const auto& f : facts) _engine.apply(f);
  // A withdrawal stored before its offer: the engine keeps it until the offer arrives.
  for (const auto& row : rows) {
    if (!row.facts && row.raw.empty() && row.withdrawn_at) _engine.withdraw(row.id, *row.withdrawn_at);
  }
  for (const auto& row : rows) touch(row.harvested_at);
  _status.records_rejected += rejected;
  _status.updated_at = now();
  return rejected;
}

std::vector<std::string> LiveFigures::apply_records(const std::vector<offer::OfferRecord>& records) {
  std::vector<std::string> reasons;
  if (records.empty()) return reasons;
  std::unique_lock lock(_mutex);
  for (const auto& record : records) {
    if (auto error = analytics::apply_record(_engine, record)) {
      reasons.push_back(std::move(error->reason));
      ++_status.records_rejected;
    }
    ++_status.records_applied;
    std::visit([this](const auto& r) { touch(r.harvested_at); }, record);
  }
  _status.updated_at = now();
  return reasons;
}

void LiveFigures::mark_snapshot_loaded() {
  std::unique_lock lock(_mutex);
  _status.snapshot_loaded = true;
  _status.updated_at = now();
}

void LiveFigures::write_image(analytics::ByteWriter& out) const {
  std::shared_lock lock(_mutex);
  analytics::EngineImage::write(_engine, out);
}

void LiveFigures::restore(analytics::FiguresEngine engine,
                          std::optional<analytics::Timestamp> last_harvested_at) {
  std::unique_lock lock(_mutex);
  _engine = std::move(engine);
  touch(last_harvested_at);
  _status.updated_at = now();
}

analytics::Figures LiveFigures::query(const analytics::Filter& filter) const {
  std::shared_lock lock(_mutex);
  return _engine.query(filter);
}

LiveStatus LiveFigures::status() const {
  std::shared_lock lock(_mutex);
  auto status = _status;
  status.offers = _engine.size();
  return status;
}

}  // namespace jobstream::web
