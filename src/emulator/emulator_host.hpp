#pragma once

#include <memory>

#include "emulator/api_emulator.hpp"
#include "emulator/corpus.hpp"
#include "emulator/live_activity.hpp"

namespace jobstream::emulator {

struct EmulatorOptions {
  CorpusShape corpus;
  EmulatorConfig server;
  bool live = false;
  LiveRates live_rates;
};

/// A running emulator: the generated corpus, the HTTP API over it and, if asked, live activity
/// (whose event log is served at /_emulator/events). Stops everything when destroyed.
class EmulatorHost {
 public:
  explicit EmulatorHost(EmulatorOptions options);
  ~EmulatorHost();

  ApiEmulator& api() { return *_api; }
  OfferCatalog& catalog() { return *_catalog; }
  /// nullptr unless live mode is on.
  LiveActivity* live() { return _live.get(); }
  const EmulatorOptions& options() const { return _options; }

 private:
  EmulatorOptions _options;
  std::shared_ptr<OfferCatalog> _catalog;
  OfferGenerator _generator;
  std::unique_ptr<ApiEmulator> _api;
  std::unique_ptr<LiveActivity> _live;
};

}  // namespace jobstream::emulator
