#include "emulator/emulator_host.hpp"

namespace jobstream::emulator {

EmulatorHost::EmulatorHost(EmulatorOptions options)
    : _options(std::move(options)),
      _catalog(std::make_shared<OfferCatalog>()),
      _generator(_options.corpus.seed) {
  fill_corpus(*_catalog, _generator, _options.corpus);
  _api = std::make_unique<ApiEmulator>(_options.server, _catalog);
  if (_options.live && _options.live_rates.any()) {
    // New offers take the numbers after the corpus, so their ids never collide with it.
    _live = std::make_unique<LiveActivity>(*_catalog, _generator, _options.corpus.offers, _options.live_rates,
                                           _options.corpus.seed ^ 0x5DEECE66DULL);
    _api->set_event_log_provider([live = _live.get()] { return live->events_json(); });
    _live->start();
  }
}

EmulatorHost::~EmulatorHost() {
  // The server first, so that no request reads the catalog while live activity stops.
  if (_api) _api->stop();
  if (_live) _live->stop();
}

}  // namespace jobstream::emulator
