// `jobstream harvest`: runs the source alone and prints offers as JSON Lines.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"
#include "cli/stop_signals.hpp"
#include "common/settings_reader.hpp"
#include "source/harvest_runner.hpp"
#include "source/source_settings.hpp"

namespace jobstream::cli {
namespace {

/// Writes each offer's exact text on its own line (and withdrawals when asked); stores
/// synchronously, so every event counts as acknowledged when the call returns.
class JsonLinesSink : public source::OfferSink {
 public:
  JsonLinesSink(std::FILE* out, bool withdrawals) : _out(out), _withdrawals(withdrawals) {}
  void on_offer(const source::OfferSeen& offer) override {
    std::fwrite(offer.raw_json.data(), 1, offer.raw_json.size(), _out);
    std::fputc('\n', _out);
  }
  void on_withdrawn(const source::OfferWithdrawn& w) override {
    spdlog::info("harvest: offer {} withdrawn", w.id);
    if (_withdrawals) {
      std::fprintf(_out, "{\"withdrawn\":\"%s\",\"detectedAt\":\"%s\"}\n", w.id.c_str(),
                   source::format_api_time(w.detected_at).c_str());
    }
  }

 private:
  std::FILE* _out;
  bool _withdrawals;
};

struct FileCloser {
  void operator()(std::FILE* f) const {
    // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): the deleter of the unique_ptr that owns f
    if (f && f != stdout) std::fclose(f);
  }
};

struct HarvestOptions {
  std::string mode = "sweep";
  std::string output = "-";
  std::string replay;
  std::string state;
  bool no_progress = false;
  bool withdrawals = false;
};

int run_harvest_command(const HarvestOptions& opts) {
  if (opts.mode == "replay" && opts.replay.empty())
    throw std::invalid_argument("--mode replay needs --replay FILE");
  common::SettingsReader env;
  auto settings = source::SourceSettings::from_environment(env);
  if (!opts.state.empty()) settings.state_file = opts.state;
  if (opts.mode != "replay" && !settings.has_credentials()) {
    throw std::invalid_argument(
        "FT_CLIENT_ID and FT_CLIENT_SECRET are not set: set them (see .env.example), or point FT_TOKEN_URL "
        "and "
        "FT_API_URL at the project's API emulator with its test credentials");
  }
  std::unique_ptr<std::FILE, FileCloser> out(opts.output == "-" ? stdout
                                                                : std::fopen(opts.output.c_str(), "wb"));
  if (!out) throw std::runtime_error("cannot open " + opts.output + " for writing");
  JsonLinesSink sink(out.get(), opts.withdrawals);
  source::HarvestRun run;
  run.mode = opts.mode == "sweep"  ? source::HarvestMode::sweep
             : opts.mode == "poll" ? source::HarvestMode::poll
                                   : source::HarvestMode::replay;
  run.replay_file = opts.replay;
  run.progress = !opts.no_progress;
  const int code = source::run_harvest(settings, sink, run, install_stop_signals());
  if (std::fflush(out.get()) != 0) throw std::runtime_error("cannot write " + opts.output);
  return code;
}

}  // namespace

void register_harvest(CLI::App& app, CommandTable& table) {
  auto opts = std::make_shared<HarvestOptions>();
  auto* cmd =
      app.add_subcommand("harvest", "Harvest France Travail offers (full sweep, polling, or a replayed dump) "
                                    "and print them as JSON Lines");
  cmd->add_option("--mode", opts->mode,
                  "sweep: one complete sweep; poll: sweep when due, then poll until Ctrl-C; "
                  "replay: read --replay instead of the API")
      ->check(CLI::IsMember({"sweep", "poll", "replay"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", opts->output, "Output file ('-' = stdout)")->capture_default_str();
  cmd->add_option("--replay", opts->replay, "JSON Lines file of API offer objects (with --mode replay)");
  cmd->add_option("--state", opts->state,
                  "State file (default JOBSTREAM_SOURCE_STATE_FILE or the state dir)");
  cmd->add_flag("--no-progress", opts->no_progress, "No progress line on the terminal");
  cmd->add_flag("--withdrawals", opts->withdrawals, "Also print {\"withdrawn\":id} lines");
  // Exit codes: 0 done, 2 sweep incomplete (details logged); errors propagate to main (exit 1).
  table.add(cmd, [opts] { return run_harvest_command(*opts); });
}

}  // namespace jobstream::cli
