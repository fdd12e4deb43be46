#pragma once

#include <functional>
#include <stop_token>
#include <string>

#include "source/harvester.hpp"
#include "source/offer_sink.hpp"
#include "source/source_settings.hpp"

namespace jobstream::source {

enum class HarvestMode {
  sweep,   ///< one full sweep (backfill), withdrawals included, then return
  poll,    ///< run(): sweep when due, poll every JOBSTREAM_POLL_INTERVAL until stopped
  replay,  ///< a JSON Lines dump instead of the API
};

struct HarvestRun {
  HarvestMode mode = HarvestMode::sweep;
  std::string replay_file;  ///< for HarvestMode::replay
  bool progress = true;     ///< progress line on a terminal
  /// False when the sink acknowledges later through `on_harvester` (e.g. Kafka delivery reports).
  bool auto_ack = true;
};

/// The entry point for `jobstream produce` and `jobstream harvest`: runs the source in the given
/// mode into `sink` until done or `stop`. `on_harvester`, when set, receives the harvester before
/// it starts, so the caller can wire acknowledge() to its delivery reports.
/// Returns 0 on a complete run, 2 when a sweep ended incomplete (some slices failed; details
/// logged), and throws SourceError / std::invalid_argument on fatal errors (credentials, settings).
int run_harvest(const SourceSettings& settings, OfferSink& sink, const HarvestRun& run,
                std::stop_token stop = {}, const std::function<void(Harvester&)>& on_harvester = {});

}  // namespace jobstream::source
