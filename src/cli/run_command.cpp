// `jobstream run`: the producer and the consumer in one process, for the local default. Without
// France Travail credentials it harvests the built-in API emulator (with live activity), so the
// whole pipeline runs on a fresh machine with nothing to configure.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <thread>

#include "analytics/facts_codec.hpp"
#include "cli/cassandra_session.hpp"
#include "cli/commands.hpp"
#include "cli/local_emulator.hpp"
#include "cli/metrics_endpoint.hpp"
#include "cli/producer_service.hpp"
#include "cli/stop_signals.hpp"
#include "common/metrics_registry.hpp"
#include "common/settings_reader.hpp"
#include "emulator/emulator_metrics.hpp"
#include "kafka/kafka_settings.hpp"
#include "pipeline/offer_consumer.hpp"
#include "store/cassandra_offer_store.hpp"
#include "store/cassandra_settings.hpp"

namespace jobstream::cli {
namespace {

struct RunOptions {
  bool once = false;
  bool no_progress = false;
  MetricsOption metrics;
};

int run_pipeline(const RunOptions& opts) {
  // Every setting is read, and every problem listed, before anything starts.
  common::SettingsReader env;
  auto source_settings = source::SourceSettings::read(env);
  // Live activity only matters when running on; a single sweep takes the corpus as it is.
  const auto emulator_plan = plan_local_emulator(source_settings, env, opts.once ? 0 : 30);
  const auto source_name = env.text("JOBSTREAM_SOURCE_NAME", "francetravail");
  const auto kafka_settings = kafka::KafkaSettings::read(env);
  const auto cassandra_settings = store::CassandraSettings::read(env);
  const auto metrics_settings = common::MetricsSettings::from_environment(env);
  env.throw_if_invalid();
  kafka_settings.apply_to_every_client();
  const auto local = start_local_emulator(emulator_plan, source_settings);
  const auto stop = install_stop_signals();
  // The built-in emulator's own counters beside the client's (declared before the endpoint, so
  // they outlive it).
  std::shared_ptr<emulator::EmulatorMetrics> emulator_counters;
  if (local) {
    emulator_counters =
        std::make_shared<emulator::EmulatorMetrics>([&local] { return local->api().stats(); });
    common::expose_collectable(emulator_counters);
  }
  common::Readiness readiness;
  add_producer_readiness(readiness);
  add_consumer_readiness(readiness);
  const auto metrics = start_metrics_endpoint(opts.metrics, metrics_settings, readiness, "run");

  auto session = connect_cassandra(cassandra_settings);
  // Each offer's facts are written beside it: `serve` and `stats` read them instead of the JSON.
  store::CassandraOfferStore store(*session, cassandra_settings.keyspace.name,
                                   analytics::encoded_facts_of_json);

  // The producer runs on its own thread; the consumer on this one. Ctrl-C stops both; with --once
  // the consumer leaves once the producer is done and the group has caught up.
  std::stop_source producer_stop;
  std::stop_callback forward(stop, [&] { producer_stop.request_stop(); });
  std::stop_source consumer_stop;
  std::stop_callback forward_to_consumer(stop, [&] { consumer_stop.request_stop(); });
  std::atomic<bool> producer_done{false};
  std::atomic<int> producer_code{0};
  ProducerRun run{opts.once, !opts.no_progress && ::isatty(2) != 0,
                  local ? "francetravail-emulator" : source_name};
  std::jthread producer([&] {
    try {
      producer_code = run_producer(kafka_settings, source_settings, run, producer_stop.get_token());
    } catch (const std::exception& e) {
      spdlog::error("run: the producer stopped: {}", e.what());
      producer_code = 1;
    }
    producer_done = true;
    // A producer that fails for good (bad credentials) ends the run rather than leaving a consumer
    // waiting for offers that never come. With --once the consumer leaves by itself once caught up.
    if (!opts.once) consumer_stop.request_stop();
  });

  pipeline::ConsumerOptions options;
  options.max_in_flight = cassandra_settings.max_writes_in_flight;
  options.until_caught_up = opts.once;
  options.producers_done = [&] { return producer_done.load(); };
  pipeline::OfferConsumer consumer(kafka_settings, store, options);
  const auto stats = consumer.run(consumer_stop.get_token());
  producer_stop.request_stop();
  producer.join();
  spdlog::info("run: done ({} offers stored, {} dead letters)", stats.stored, stats.dead_lettered);
  return producer_code.load();
}

}  // namespace

void register_run(CLI::App& app, CommandTable& table) {
  auto opts = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run",
      "Producer and consumer in one process (without FT credentials: over the built-in API emulator, live)");
  cmd->add_flag("--once", opts->once, "One complete sweep, then exit once every offer is stored");
  cmd->add_flag("--no-progress", opts->no_progress, "No progress line on the terminal");
  add_metrics_option(*cmd, opts->metrics);
  table.add(cmd, [opts] { return run_pipeline(*opts); });
}

}  // namespace jobstream::cli
