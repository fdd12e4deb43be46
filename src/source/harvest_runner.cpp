#include "source/harvest_runner.hpp"

#include <spdlog/spdlog.h>

#include "source/replay_source.hpp"

namespace jobstream::source {

int run_harvest(const SourceSettings& settings, OfferSink& sink, const HarvestRun& run, std::stop_token stop,
                const std::function<void(Harvester&)>& on_harvester) {
  if (run.mode == HarvestMode::replay) {
    const auto r = replay_json_lines(run.replay_file, sink, stop);
    spdlog::info("source: replayed {}: {} lines, {} offers, {} duplicates, {} malformed", run.replay_file,
                 r.lines, r.offers, r.duplicates, r.malformed);
    return 0;
  }
  Harvester harvester(settings, sink, HarvesterOptions{run.auto_ack, run.progress}, stop);
  if (on_harvester) on_harvester(harvester);
  if (run.mode == HarvestMode::sweep) {
    const auto report = harvester.full_sweep();
    return report.complete ? 0 : 2;
  }
  harvester.run();
  return 0;
}

}  // namespace jobstream::source
