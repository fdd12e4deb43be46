#pragma once

#include <memory>

#include "common/settings_reader.hpp"
#include "emulator/emulator_host.hpp"
#include "source/source_settings.hpp"

namespace jobstream::cli {

/// The local default source. When no France Travail credentials are set (FT_CLIENT_ID and
/// FT_CLIENT_SECRET), the built-in API emulator on a free loopback port with credentials made up
/// for this process. Read from the environment with the command's other settings (problems are
/// recorded in `env`, so that a command lists them all before it starts anything):
///   JOBSTREAM_EMULATOR_OFFERS (20000), JOBSTREAM_EMULATOR_SEED (1),
///   JOBSTREAM_EMULATOR_LIVE_PER_MIN (offers created per minute in live mode; updates and
///   withdrawals at half that rate; 0 = no live activity; default `live_default`).
/// `reference_lists_only` serves no offers (for init-db). The corpus is anchored on the current
/// hour, so that restarting within the hour serves the same offers again. The emulator's harvest
/// state is kept apart from France Travail's (local-emulator-state.json beside the default state
/// file, unless JOBSTREAM_SOURCE_STATE_FILE is set).
struct LocalEmulatorPlan {
  bool wanted = false;  ///< no credentials are set
  bool reference_lists_only = false;
  double live_per_minute = 0;
  emulator::EmulatorOptions options;
};

LocalEmulatorPlan plan_local_emulator(const source::SourceSettings& settings, common::SettingsReader& env,
                                      double live_default, bool reference_lists_only = false);

/// Starts the planned emulator and points `settings` at it; nullptr (and `settings` unchanged)
/// when credentials are set.
std::unique_ptr<emulator::EmulatorHost> start_local_emulator(const LocalEmulatorPlan& plan,
                                                             source::SourceSettings& settings);

}  // namespace jobstream::cli
