#include "emulator/live_activity.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace jobstream::emulator {

LiveActivity::LiveActivity(OfferCatalog& catalog, const OfferGenerator& generator,
                           std::uint64_t first_new_index, LiveRates rates, std::uint64_t seed)
    : _catalog(catalog), _generator(generator), _rates(rates), _next_index(first_new_index), _rng(seed) {}

LiveActivity::~LiveActivity() { stop(); }

bool LiveActivity::pick_untouched(std::string& id) {
  const auto ids = _catalog.ids();
  if (ids.empty()) return false;
  // Random probes first (cheap while few offers are touched), then a scan from a random start.
  for (int attempt = 0; attempt < 16; ++attempt) {
    const auto& candidate = ids[_rng() % ids.size()];
    if (!_touched.contains(candidate)) {
      id = candidate;
      return true;
    }
  }
  const auto start = _rng() % ids.size();
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const auto& candidate = ids[(start + k) % ids.size()];
    if (!_touched.contains(candidate)) {
      id = candidate;
      return true;
    }
  }
  return false;
}

void LiveActivity::advance(Millis now, std::chrono::duration<double> elapsed) {
  std::lock_guard lock(_mutex);
  const double minutes = elapsed.count() / 60.0;
  _due_creations += _rates.creations * minutes;
  _due_updates += _rates.updates * minutes;
  _due_withdrawals += _rates.withdrawals * minutes;
  const auto log = [&](LiveEvent::Kind kind, const std::string& id, int version) {
    _touched.insert(id);
    _events.push_back(LiveEvent{_events.size() + 1, kind, id, now, version});
  };
  for (; _due_creations >= 1; _due_creations -= 1) {
    auto offer = _generator.make(_next_index++, now, 0, now);
    const auto id = offer.id;
    _catalog.put(std::move(offer));
    log(LiveEvent::Kind::created, id, 0);
  }
  std::string id;
  for (; _due_updates >= 1; _due_updates -= 1) {
    if (!pick_untouched(id)) break;
    auto current = _catalog.find(id);
    if (!current) continue;
    auto next = _generator.make(current->index, current->created, current->version + 1, now);
    const int version = next.version;
    _catalog.put(std::move(next));
    log(LiveEvent::Kind::updated, id, version);
  }
  for (; _due_withdrawals >= 1; _due_withdrawals -= 1) {
    if (!pick_untouched(id)) break;
    if (_catalog.remove(id)) log(LiveEvent::Kind::withdrawn, id, 0);
  }
}

void LiveActivity::start(std::chrono::milliseconds tick) {
  if (_thread.joinable() || !_rates.any()) return;
  _thread = std::thread([this, tick] {
    auto last = std::chrono::steady_clock::now();
    std::unique_lock lock(_stop_mutex);
    while (!_stop_cv.wait_for(lock, tick, [this] { return _stopping; })) {
      const auto now = std::chrono::steady_clock::now();
      advance(std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()),
              now - last);
      last = now;
    }
  });
}

void LiveActivity::stop() {
  {
    std::lock_guard lock(_stop_mutex);
    _stopping = true;
  }
  _stop_cv.notify_all();
  if (_thread.joinable()) _thread.join();
}

std::vector<LiveEvent> LiveActivity::events() const {
  std::lock_guard lock(_mutex);
  return _events;
}

std::string LiveActivity::events_json() const {
  auto out = nlohmann::json::array();
  for (const auto& e : events()) {
    const char* kind = e.kind == LiveEvent::Kind::created   ? "created"
                       : e.kind == LiveEvent::Kind::updated ? "updated"
                                                            : "withdrawn";
    out.push_back(
        {{"seq", e.seq},
         {"kind", kind},
         {"id", e.id},
         {"at", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(e.at))},
         {"version", e.version}});
  }
  return out.dump();
}

}  // namespace jobstream::emulator
