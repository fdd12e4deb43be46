#include "cli/local_emulator.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <random>

namespace jobstream::cli {
namespace {

std::string random_hex(std::size_t n) {
  std::random_device device;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back("0123456789abcdef"[device() % 16]);
  return out;
}

}  // namespace

LocalEmulatorPlan plan_local_emulator(const source::SourceSettings& settings, common::SettingsReader& env,
                                      double live_default, bool reference_lists_only) {
  LocalEmulatorPlan plan;
  if (settings.has_credentials()) return plan;
  plan.wanted = true;
  plan.reference_lists_only = reference_lists_only;
  auto& options = plan.options;
  options.corpus.offers =
      static_cast<std::uint64_t>(env.integer("JOBSTREAM_EMULATOR_OFFERS", 20000, 0, 5'000'000));
  if (reference_lists_only) options.corpus.offers = 0;
  options.corpus.seed =
      static_cast<std::uint64_t>(env.integer("JOBSTREAM_EMULATOR_SEED", 1, 0, 1'000'000'000));
  const double live =
      reference_lists_only ? 0 : env.number("JOBSTREAM_EMULATOR_LIVE_PER_MIN", live_default, 0, 100000);
  plan.live_per_minute = live;
  options.live = live > 0;
  options.live_rates = emulator::LiveRates{live, live / 2, live / 2};
  return plan;
}

std::unique_ptr<emulator::EmulatorHost> start_local_emulator(const LocalEmulatorPlan& plan,
                                                             source::SourceSettings& settings) {
  if (!plan.wanted) return nullptr;
  auto options = plan.options;
  options.corpus.anchor = std::chrono::floor<std::chrono::hours>(std::chrono::system_clock::now());
  const double live = plan.live_per_minute;
  const bool reference_lists_only = plan.reference_lists_only;
  // Credentials that exist only in this process: nothing to configure, nothing to leak.
  options.server.client_id = "PAR_jobstream-local_" + random_hex(64);
  options.server.client_secret = random_hex(64);
  auto host = std::make_unique<emulator::EmulatorHost>(options);
  settings.client_id = options.server.client_id;
  settings.client_secret = common::Secret(options.server.client_secret);
  settings.token_url = host->api().token_url();
  settings.api_url = host->api().api_url();
  // The emulator's offers are not France Travail's: their harvest state lives apart, so that a later
  // run with real credentials starts with a full backfill and never withdraws an emulator offer.
  settings.state_owner = "jobstream's built-in API emulator";
  if (!settings.state_file_given) {
    settings.state_file =
        (std::filesystem::path(settings.state_file).parent_path() / "local-emulator-state.json").string();
  }
  // The emulator enforces the real quota (10/s); use it rather than the cautious default.
  settings.requests_per_second = 10;
  if (reference_lists_only) {
    spdlog::warn(
        "source: FT_CLIENT_ID/FT_CLIENT_SECRET are not set: reference lists from the built-in France "
        "Travail API emulator");
  } else {
    spdlog::warn(
        "source: FT_CLIENT_ID/FT_CLIENT_SECRET are not set: harvesting the built-in France Travail API "
        "emulator ({} offers{}) at {}",
        options.corpus.offers, options.live ? fmt::format(", {:g} new per minute", live) : std::string(),
        settings.api_url);
  }
  return host;
}

}  // namespace jobstream::cli
