// `jobstream produce`: the producer service. Harvests France Travail offers (a full sweep, then
// polling; or one sweep with --once; or a recorded dump with --replay) and publishes each to Kafka.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <memory>

#include "cli/commands.hpp"
#include "cli/stop_signals.hpp"
#include "common/settings_reader.hpp"
#include "pipeline/offer_publisher.hpp"
#include "pipeline/pipeline_settings.hpp"
#include "source/harvester.hpp"
#include "source/replay_source.hpp"
#include "source/source_settings.hpp"

namespace jobstream::cli {
namespace {

struct ProduceOptions {
  bool once = false;
  std::string replay;
  bool no_progress = false;
};

int produce(const ProduceOptions& opts) {
  common::SettingsReader env;
  const auto settings = pipeline::PipelineSettings::from_environment(env);
  common::SettingsReader source_env;
  const auto source_settings = source::SourceSettings::from_environment(source_env);
  if (opts.replay.empty() && !source_settings.has_credentials()) {
    // Never fall back to made-up offers silently: a production topic must only hold real ones.
    throw std::invalid_argument(
        "FT_CLIENT_ID and FT_CLIENT_SECRET are not set: set them (see .env.example), or run "
        "`jobstream run` for the local default with the API emulator");
  }
  const std::string source_name = !opts.replay.empty() ? "replay:" + opts.replay
                                                        : env.text("JOBSTREAM_SOURCE_NAME", "francetravail");
  const auto stop = install_stop_signals();

  // The publisher acknowledges to the harvester from its delivery thread; the pointer is set while
  // the harvester lives and cleared before it goes.
  std::atomic<source::Harvester*> harvester_ptr{nullptr};
  pipeline::OfferPublisher publisher(settings.kafka, source_name, [&](std::uint64_t seq) {
    if (auto* h = harvester_ptr.load()) h->acknowledge(seq);
  });
  spdlog::info("produce: publishing to {} on {} (source {})", settings.kafka.topic, settings.kafka.bootstrap_servers,
               source_name);

  int code = 0;
  if (!opts.replay.empty()) {
    const auto r = source::replay_json_lines(opts.replay, publisher, stop);
    spdlog::info("produce: replayed {}: {} lines, {} offers, {} duplicates, {} malformed", opts.replay, r.lines,
                 r.offers, r.duplicates, r.malformed);
  } else {
    source::Harvester harvester(source_settings, publisher,
                                source::HarvesterOptions{/*auto_ack=*/false, !opts.no_progress && ::isatty(2)}, stop);
    harvester_ptr.store(&harvester);
    if (opts.once) {
      const auto report = harvester.full_sweep();
      spdlog::info("produce: sweep {}: {} offers ({} created, {} updated, {} withdrawn, {} malformed), "
                   "{} requests (lower bound {})",
                   report.complete ? "complete" : "INCOMPLETE", report.distinct_offers, report.created, report.updated,
                   report.withdrawn, report.malformed, report.requests, report.lower_bound_requests);
      if (!report.complete) code = 2;
    } else {
      harvester.run();
    }
    // Everything sent must be acknowledged before the final checkpoint records it as harvested.
    if (!publisher.flush(std::chrono::minutes(5))) {
      spdlog::error("produce: some offers were not acknowledged by Kafka; they will be harvested again");
      code = 1;
    }
    harvester.checkpoint();
    harvester_ptr.store(nullptr);
  }
  if (!publisher.flush(std::chrono::minutes(5))) code = 1;
  spdlog::info("produce: {} messages delivered, {} failed", publisher.delivered(), publisher.failed());
  if (publisher.failed() > 0) code = 1;
  return code;
}

}  // namespace

void register_produce(CLI::App& app, CommandTable& table) {
  auto opts = std::make_shared<ProduceOptions>();
  auto* cmd = app.add_subcommand("produce", "Harvest France Travail offers continuously and publish them to Kafka");
  cmd->add_flag("--once", opts->once, "One complete sweep, then exit once Kafka acknowledged everything");
  cmd->add_option("--replay", opts->replay, "Publish a JSON Lines dump of API offer objects instead")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-progress", opts->no_progress, "No progress line on the terminal");
  table.add(cmd, [opts] { return produce(*opts); });
}

}  // namespace jobstream::cli
