// `jobstream consume`: the consumer service. Reads the offers topic in a consumer group and writes
// every offer into Cassandra; --until-caught-up exits 0 once the group's lag is zero.
#include <spdlog/spdlog.h>

#include <memory>

#include "analytics/facts_codec.hpp"
#include "cli/cassandra_session.hpp"
#include "cli/commands.hpp"
#include "cli/metrics_endpoint.hpp"
#include "cli/stop_signals.hpp"
#include "common/settings_reader.hpp"
#include "kafka/kafka_settings.hpp"
#include "pipeline/offer_consumer.hpp"
#include "store/cassandra_offer_store.hpp"
#include "store/cassandra_settings.hpp"

namespace jobstream::cli {

void register_consume(CLI::App& app, CommandTable& table) {
  auto until_caught_up = std::make_shared<bool>(false);
  auto metrics_option = std::make_shared<MetricsOption>();
  auto* cmd = app.add_subcommand("consume", "Read the offers topic and store every offer in Cassandra");
  cmd->add_flag("--until-caught-up", *until_caught_up, "Exit once the consumer group's lag is zero");
  add_metrics_option(*cmd, *metrics_option);
  table.add(cmd, [until_caught_up, metrics_option] {
    // Every setting is read, and every problem listed, before anything starts.
    common::SettingsReader env;
    const auto kafka_settings = kafka::KafkaSettings::read(env);
    const auto cassandra_settings = store::CassandraSettings::read(env);
    const auto metrics_settings = common::MetricsSettings::from_environment(env);
    env.throw_if_invalid();
    kafka_settings.apply_to_every_client();
    const auto stop = install_stop_signals();
    common::Readiness readiness;
    add_consumer_readiness(readiness);
    const auto metrics = start_metrics_endpoint(*metrics_option, metrics_settings, readiness, "consume");
    auto session = connect_cassandra(cassandra_settings);
    // Each offer's facts are written beside it: `serve` and `stats` read them instead of the JSON.
    store::CassandraOfferStore store(*session, cassandra_settings.keyspace.name,
                                     analytics::encoded_facts_of_json);
    pipeline::ConsumerOptions options;
    options.max_in_flight = cassandra_settings.max_writes_in_flight;
    options.until_caught_up = *until_caught_up;
    pipeline::OfferConsumer consumer(kafka_settings, store, options);
    const auto stats = consumer.run(stop);
    spdlog::info("consume: done ({} offers stored, {} dead letters)", stats.stored, stats.dead_lettered);
    spdlog::info("cassandra: {} node losses seen, {} returns, {} retries sent to another replica",
                 session->node_downs(), session->node_returns(), session->rerouted_retries());
    return 0;
  });
}

}  // namespace jobstream::cli
