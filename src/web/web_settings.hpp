#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "common/settings_reader.hpp"

namespace jobstream::web {

/// Where and how often `serve` keeps a snapshot of its figures, so a restart skips the table read.
struct SnapshotSettings {
  std::string path;                             ///< JOBSTREAM_SERVE_SNAPSHOT; empty: no snapshot
  std::chrono::milliseconds every{5 * 60'000};  ///< JOBSTREAM_SERVE_SNAPSHOT_EVERY (also at clean stop)
  bool full_read = false;  ///< JOBSTREAM_SERVE_FULL_READ or --full-read: ignore the snapshot at start
};

/// Settings of `jobstream serve`; command-line flags override the environment.
struct WebSettings {
  std::string host = "127.0.0.1";  ///< JOBSTREAM_HTTP_HOST: loopback only unless asked
  int port = 8080;                 ///< JOBSTREAM_HTTP_PORT (0: any free port, printed at start)
  std::string web_root;            ///< JOBSTREAM_WEB_ROOT: the dashboard's built files (web/dist)
  SnapshotSettings snapshot;

  /// Reads the JOBSTREAM_HTTP_*, JOBSTREAM_WEB_ROOT and JOBSTREAM_SERVE_* variables; problems are recorded in
  /// `env`.
  static WebSettings from_environment(common::SettingsReader& env);
};

/// A warning to print when `host` lets other machines reach the server (the API and dashboard have
/// no authentication); nullopt for a loopback address.
std::optional<std::string> exposure_warning(const std::string& host);

/// The dashboard's files: `configured` when set (it must hold index.html), else web/dist of the
/// source tree the binary was built in (build/bin/jobstream -> web/dist), else
/// <prefix>/share/jobstream/web beside an installed binary. nullopt when none holds index.html.
std::optional<std::filesystem::path> find_web_root(const std::string& configured,
                                                   const std::filesystem::path& executable);

}  // namespace jobstream::web
