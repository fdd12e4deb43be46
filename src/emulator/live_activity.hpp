#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "emulator/offer_catalog.hpp"
#include "emulator/offer_generator.hpp"

namespace jobstream::emulator {

/// How busy the live market is, in events per minute.
struct LiveRates {
  double creations = 60;
  double updates = 30;
  double withdrawals = 20;
  bool any() const { return creations > 0 || updates > 0 || withdrawals > 0; }
};

struct LiveEvent {
  enum class Kind { created, updated, withdrawn };
  std::uint64_t seq = 0;
  Kind kind = Kind::created;
  std::string id;
  Millis at{};
  int version = 0;  ///< the offer's version after the event
};

/// Live mode: offers created, updated and withdrawn over time in the catalog, each change logged.
/// Every offer changes at most once while live (a created one is not also updated or withdrawn,
/// an updated one is not withdrawn): the API only shows the current state of an offer, so this is
/// what lets a test check that a harvester observed every single event.
class LiveActivity {
 public:
  LiveActivity(OfferCatalog& catalog, const OfferGenerator& generator, std::uint64_t first_new_index,
               LiveRates rates, std::uint64_t seed);
  ~LiveActivity();
  LiveActivity(const LiveActivity&) = delete;
  LiveActivity& operator=(const LiveActivity&) = delete;

  /// Runs the events due in `elapsed` at time `now` (what the background thread calls each tick).
  void advance(Millis now, std::chrono::duration<double> elapsed);

  /// A background thread ticking every `tick` until stop().
  void start(std::chrono::milliseconds tick = std::chrono::milliseconds(200));
  void stop();

  std::vector<LiveEvent> events() const;
  /// The event log as a JSON array: [{"seq","kind","id","at","version"}...].
  std::string events_json() const;

 private:
  bool pick_untouched(std::string& id);

  OfferCatalog& _catalog;
  const OfferGenerator& _generator;
  LiveRates _rates;

  mutable std::mutex _mutex;  // guards everything below
  std::uint64_t _next_index;
  std::mt19937_64 _rng;
  double _due_creations = 0, _due_updates = 0, _due_withdrawals = 0;
  std::set<std::string> _touched;
  std::vector<LiveEvent> _events;

  std::mutex _stop_mutex;
  std::condition_variable _stop_cv;
  bool _stopping = false;
  std::thread _thread;
};

}  // namespace jobstream::emulator
