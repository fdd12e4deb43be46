// `jobstream serve`: the dashboard and its read-only JSON API, over figures kept live while the
// pipeline runs (the `offers` table, then the offers topic followed).
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/cassandra_session.hpp"
#include "cli/commands.hpp"
#include "cli/metrics_endpoint.hpp"
#include "cli/stop_signals.hpp"
#include "common/settings_reader.hpp"
#include "kafka/kafka_settings.hpp"
#include "store/cassandra_settings.hpp"
#include "web/http_api.hpp"
#include "web/live_backend.hpp"
#include "web/live_feed.hpp"
#include "web/live_figures.hpp"
#include "web/offer_table_loader.hpp"
#include "web/web_server.hpp"
#include "web/web_settings.hpp"

namespace jobstream::cli {
namespace {

struct ServeOptions {
  std::optional<std::string> host;
  std::optional<int> port;
  MetricsOption metrics;
  bool full_read = false;
};

std::filesystem::path own_executable() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : path;
}

}  // namespace

void register_serve(CLI::App& app, CommandTable& table) {
  auto options = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve the dashboard and the figures' JSON API (read-only)");
  cmd->add_option("--host", options->host, "Address to listen on (JOBSTREAM_HTTP_HOST, default 127.0.0.1)");
  cmd->add_option("--port", options->port,
                  "Port to listen on, 0 for any free one (JOBSTREAM_HTTP_PORT, default 8080)")
      ->check(CLI::Range(0, 65535));
  cmd->add_flag(
      "--full-read", options->full_read,
      "Read the whole offers table even when a snapshot could be trusted (JOBSTREAM_SERVE_FULL_READ)");
  add_metrics_option(*cmd, options->metrics);
  table.add(cmd, [options] {
    common::SettingsReader env;
    auto web_settings = web::WebSettings::from_environment(env);
    const auto kafka_settings = kafka::KafkaSettings::read(env);
    const auto cassandra_settings = store::CassandraSettings::read(env);
    const auto metrics_settings = common::MetricsSettings::from_environment(env);
    env.throw_if_invalid();
    kafka_settings.apply_to_every_client();
    if (options->host) web_settings.host = *options->host;
    if (options->port) web_settings.port = *options->port;
    if (options->full_read) web_settings.snapshot.full_read = true;
    if (const auto warning = web::exposure_warning(web_settings.host)) spdlog::warn("{}", *warning);
    // A missing keyspace or table is refused now; Cassandra not answering yet is waited for by
    // the feed, as when it goes down later.
    try {
      auto session = connect_cassandra(cassandra_settings);
      web::require_offer_table(*session, cassandra_settings.keyspace.name);
    } catch (const std::invalid_argument&) {
      throw;
    } catch (const std::exception& e) {
      spdlog::warn("serve: Cassandra cannot be asked yet ({}); the figures load once it answers", e.what());
    }
    const auto stop = install_stop_signals();
    std::atomic<bool> listening{false};
    common::Readiness readiness;
    readiness.add("http", [&listening]() -> std::optional<std::string> {
      if (!listening) return "not listening yet";
      return std::nullopt;
    });
    const auto metrics = start_metrics_endpoint(options->metrics, metrics_settings, readiness, "serve");

    web::LiveFigures figures;
    web::LiveFeed feed(
        kafka_settings, cassandra_settings.keyspace.name,
        [cassandra_settings] { return connect_cassandra(cassandra_settings); }, figures,
        web_settings.snapshot);
    web::LiveBackend backend(figures, feed, kafka_settings);
    web::HttpApi api(backend);
    web::WebServer server(api, web::find_web_root(web_settings.web_root, own_executable()));
    const int port = server.bind(web_settings.host, web_settings.port);
    listening = true;
    // One line on stdout, for people and scripts alike (the logs go to stderr).
    std::cout << "jobstream serve: dashboard at http://" << web_settings.host << ':' << port << "/"
              << std::endl;

    std::stop_callback on_stop(stop, [&server] { server.stop(); });
    const bool ok = server.run();
    spdlog::info("serve: stopped");
    return ok || stop.stop_requested() ? 0 : 1;
  });
}

}  // namespace jobstream::cli
