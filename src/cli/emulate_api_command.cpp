// `jobstream emulate-api`: serves the project's France Travail API emulator until stopped, for
// pointing any harvester (this one, or a user's own script) at a faithful local stand-in.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/metrics_endpoint.hpp"
#include "cli/stop_signals.hpp"
#include "common/metrics_registry.hpp"
#include "common/settings_reader.hpp"
#include "emulator/emulator_host.hpp"
#include "emulator/emulator_metrics.hpp"

namespace jobstream::cli {
namespace {

struct EmulateOptions {
  emulator::EmulatorOptions emulator;
  std::string anchor = "hour";
  double live_creations = 60, live_updates = 30, live_withdrawals = 20;
  int token_revoke_after_s = 0;
  int slow_ms = 2000;
  std::string env_out;
  MetricsOption metrics;
  std::vector<std::string> bursts;
};

int emulate(EmulateOptions opts) {
  common::SettingsReader env;
  // The credentials the emulator accepts are the ones the harvester will send: the same variables.
  opts.emulator.server.client_id = env.required_text("FT_CLIENT_ID");
  opts.emulator.server.client_secret = env.secret("FT_CLIENT_SECRET").reveal();
  if (opts.emulator.server.client_secret.empty())
    env.fail("FT_CLIENT_SECRET: required (the secret to accept)");
  const auto metrics_settings = common::MetricsSettings::from_environment(env);
  env.throw_if_invalid();
  const auto now = std::chrono::system_clock::now();
  if (opts.anchor == "now") {
    opts.emulator.corpus.anchor = std::chrono::time_point_cast<std::chrono::milliseconds>(now);
  } else if (opts.anchor == "hour") {
    opts.emulator.corpus.anchor = std::chrono::floor<std::chrono::hours>(now);
  } else {
    throw std::invalid_argument("--anchor must be 'now' or 'hour'");
  }
  for (const auto& spec : opts.bursts) {
    opts.emulator.corpus.bursts.push_back(emulator::parse_burst(spec, opts.emulator.corpus.anchor));
  }
  opts.emulator.live_rates = {opts.live_creations, opts.live_updates, opts.live_withdrawals};
  opts.emulator.server.faults.token_revoked_after = std::chrono::seconds(opts.token_revoke_after_s);
  opts.emulator.server.faults.slow_delay = std::chrono::milliseconds(opts.slow_ms);

  const auto stop = install_stop_signals();
  emulator::EmulatorHost host(opts.emulator);
  // Declared after the host, so the endpoint stops before the counters it reads go away.
  const auto counters = std::make_shared<emulator::EmulatorMetrics>([&host] { return host.api().stats(); });
  common::expose_collectable(counters);
  common::Readiness readiness;
  readiness.add("emulator", [] { return std::optional<std::string>(); });
  const auto metrics = start_metrics_endpoint(opts.metrics, metrics_settings, readiness, "emulate-api");
  spdlog::info("emulate-api: {} offers, serving FT_TOKEN_URL={} FT_API_URL={}{}", host.catalog().size(),
               host.api().token_url(), host.api().api_url(), host.live() ? " (live mode)" : "");
  if (!opts.env_out.empty()) {
    // For scripts: the two URLs to export, written once the server listens.
    std::ofstream out(opts.env_out);
    out << "FT_TOKEN_URL=" << host.api().token_url() << "\nFT_API_URL=" << host.api().api_url() << "\n";
    if (!out) throw std::runtime_error("cannot write " + opts.env_out);
  }
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  cv.wait(lock, stop, [] { return false; });
  spdlog::info("emulate-api: stopping");
  return 0;
}

}  // namespace

void register_emulate_api(CLI::App& app, CommandTable& table) {
  auto opts = std::make_shared<EmulateOptions>();
  auto& e = opts->emulator;
  e.server.port = 8089;
  auto* cmd = app.add_subcommand(
      "emulate-api",
      "Serve an emulator of the France Travail offers API (tokens, paging, cap, 206/204/429, reference lists) "
      "over generated offers; it accepts the FT_CLIENT_ID/FT_CLIENT_SECRET of the environment");
  cmd->add_option("--host", e.server.host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", e.server.port, "Port (0: any free port)")->capture_default_str();
  cmd->add_option("--offers", e.corpus.offers, "Offers in the generated corpus")->capture_default_str();
  cmd->add_option("--seed", e.corpus.seed, "Corpus seed (same seed and anchor: same offers)")
      ->capture_default_str();
  cmd->add_option("--anchor", opts->anchor, "Newest creation time: 'now', or 'hour' (the current hour)")
      ->capture_default_str();
  cmd->add_option("--spread-days", e.corpus.spread_days, "Days over which creations are spread")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  cmd->add_option("--token-lifetime", e.server.token_lifetime, "expires_in of tokens, seconds")
      ->capture_default_str();
  cmd->add_option("--rate-limit", e.server.rate_limit, "Requests per second before 429 (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--rate-burst", e.server.rate_burst, "Requests allowed back to back")
      ->capture_default_str();
  cmd->add_flag("--live", e.live, "Create, update and withdraw offers over time (log at /_emulator/events)");
  cmd->add_option("--creations-per-min", opts->live_creations, "Live mode")->capture_default_str();
  cmd->add_option("--updates-per-min", opts->live_updates, "Live mode")->capture_default_str();
  cmd->add_option("--withdrawals-per-min", opts->live_withdrawals, "Live mode")->capture_default_str();
  auto probability = CLI::Range(0.0, 1.0);
  cmd->add_option("--fault-429", e.server.faults.too_many_requests, "Share of API answers that are 429")
      ->check(probability);
  cmd->add_option("--fault-5xx", e.server.faults.server_error, "Share of API answers that are 500/503")
      ->check(probability);
  cmd->add_option("--fault-truncated", e.server.faults.truncated,
                  "Share of bodies cut by a dropped connection")
      ->check(probability);
  cmd->add_option("--fault-invalid-json", e.server.faults.invalid_json,
                  "Share of bodies that are invalid JSON")
      ->check(probability);
  cmd->add_option("--fault-slow", e.server.faults.slow, "Share of answers delayed by --slow-ms")
      ->check(probability);
  cmd->add_option("--slow-ms", opts->slow_ms, "Delay of slow answers")->capture_default_str();
  cmd->add_option("--token-revoke-after", opts->token_revoke_after_s,
                  "Tokens stop working after this many seconds, whatever expires_in said (0: never)");
  cmd->add_option(
      "--burst", opts->bursts,
      "Also create offers in one second (repeatable): offers=N[,dep=75][,type=CDI][,without-dep=SHARE]"
      "[,across][,hours-ago=H] (across: over a second boundary)");
  cmd->add_option("--env-out", opts->env_out,
                  "Write FT_TOKEN_URL and FT_API_URL lines to this file once listening");
  add_metrics_option(*cmd, opts->metrics);
  table.add(cmd, [opts] { return emulate(*opts); });
}

}  // namespace jobstream::cli
