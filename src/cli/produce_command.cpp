// `jobstream produce`: the producer service. Harvests France Travail offers (a full sweep, then
// polling; or one sweep with --once; or a recorded dump with --replay) and publishes each to Kafka.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/metrics_endpoint.hpp"
#include "cli/producer_service.hpp"
#include "cli/stop_signals.hpp"
#include "common/settings_reader.hpp"
#include "kafka/kafka_settings.hpp"
#include "source/replay_source.hpp"
#include "source/source_settings.hpp"

namespace jobstream::cli {
namespace {

struct ProduceOptions {
  bool once = false;
  std::string replay;
  bool no_progress = false;
  MetricsOption metrics;
};

int produce(const ProduceOptions& opts) {
  // Every setting this command uses is read before anything starts, and every problem is listed
  // at once (env.throw_if_invalid() throws with all that `env` recorded).
  common::SettingsReader env;
  source::SourceSettings source_settings;
  std::string state_dir;
  if (opts.replay.empty()) {
    source_settings = source::SourceSettings::read(env);
    state_dir = source_settings.state_dir;
    const bool neither = source_settings.client_id.empty() && source_settings.client_secret.empty();
    if (neither) {
      // Never fall back to made-up offers silently: a production topic must only hold real ones.
      env.fail("FT_CLIENT_ID and FT_CLIENT_SECRET are not set: set them (see .env.example), or run "
               "`jobstream run` for the local default with the API emulator");
    }
  } else {
    state_dir = source::read_state_dir(env);
  }
  const auto source_name = env.text("JOBSTREAM_SOURCE_NAME", "francetravail");
  const auto kafka_settings = kafka::KafkaSettings::read(env);
  const auto metrics_settings = common::MetricsSettings::from_environment(env);
  env.throw_if_invalid();
  kafka_settings.apply_to_every_client();
  const auto stop = install_stop_signals();
  common::Readiness readiness;
  add_producer_readiness(readiness);
  const auto metrics = start_metrics_endpoint(opts.metrics, metrics_settings, readiness, "produce");

  int code = 0;
  if (!opts.replay.empty()) {
    pipeline::OfferPublisher publisher(
        kafka_settings, "replay:" + opts.replay, [](std::uint64_t) {},
        pipeline::refused_offers_file(state_dir), stop);
    spdlog::info("produce: publishing {} to {} on {}", opts.replay, kafka_settings.topic,
                 kafka_settings.bootstrap_servers);
    const auto r = source::replay_json_lines(opts.replay, publisher, stop);
    spdlog::info("produce: replayed {}: {} lines, {} offers, {} duplicates, {} malformed", opts.replay,
                 r.lines, r.offers, r.duplicates, r.malformed);
    const bool acknowledged = await_acknowledgements(publisher);
    code = report_deliveries(publisher) != 0 || !acknowledged ? 1 : 0;
  } else {
    ProducerRun run{opts.once, !opts.no_progress && ::isatty(2) != 0, source_name};
    code = run_producer(kafka_settings, source_settings, run, stop);
  }
  return code;
}

}  // namespace

void register_produce(CLI::App& app, CommandTable& table) {
  auto opts = std::make_shared<ProduceOptions>();
  auto* cmd =
      app.add_subcommand("produce", "Harvest France Travail offers continuously and publish them to Kafka");
  cmd->add_flag("--once", opts->once, "One complete sweep, then exit once Kafka acknowledged everything");
  cmd->add_option("--replay", opts->replay, "Publish a JSON Lines dump of API offer objects instead")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-progress", opts->no_progress, "No progress line on the terminal");
  add_metrics_option(*cmd, opts->metrics);
  table.add(cmd, [opts] { return produce(*opts); });
}

}  // namespace jobstream::cli
