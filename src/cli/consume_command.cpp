// `jobstream consume`: the consumer service. Reads the offers topic in a consumer group and writes
// every offer into Cassandra; --until-caught-up exits 0 once the group's lag is zero.
#include <spdlog/spdlog.h>

#include <memory>

#include "cli/cassandra_session.hpp"
#include "cli/commands.hpp"
#include "cli/metrics_endpoint.hpp"
#include "cli/stop_signals.hpp"
#include "common/settings_reader.hpp"
#include "pipeline/offer_consumer.hpp"
#include "store/cassandra_offer_store.hpp"

namespace jobstream::cli {

void register_consume(CLI::App& app, CommandTable& table) {
  auto until_caught_up = std::make_shared<bool>(false);
  auto metrics_option = std::make_shared<MetricsOption>();
  auto* cmd = app.add_subcommand("consume", "Read the offers topic and store every offer in Cassandra");
  cmd->add_flag("--until-caught-up", *until_caught_up, "Exit once the consumer group's lag is zero");
  add_metrics_option(*cmd, *metrics_option);
  table.add(cmd, [until_caught_up, metrics_option] {
    common::SettingsReader env;
    const auto settings = pipeline::PipelineSettings::from_environment(env);
    const auto stop = install_stop_signals();
    common::Readiness readiness;
    add_consumer_readiness(readiness);
    const auto metrics = start_metrics_endpoint(*metrics_option, readiness, "consume");
    auto session = connect_cassandra(settings.cassandra);
    store::CassandraOfferStore store(*session, settings.cassandra.keyspace.name);
    pipeline::ConsumerOptions options;
    options.max_in_flight = settings.cassandra.max_writes_in_flight;
    options.until_caught_up = *until_caught_up;
    pipeline::OfferConsumer consumer(settings.kafka, store, options);
    const auto stats = consumer.run(stop);
    spdlog::info("consume: done ({} offers stored, {} dead letters)", stats.stored, stats.dead_lettered);
    spdlog::info("cassandra: {} node losses seen, {} returns, {} retries sent to another replica",
                 session->node_downs(), session->node_returns(), session->rerouted_retries());
    return 0;
  });
}

}  // namespace jobstream::cli
