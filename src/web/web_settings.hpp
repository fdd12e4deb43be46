#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "common/settings_reader.hpp"

namespace jobstream::web {

/// Settings of `jobstream serve`; command-line flags override the environment.
struct WebSettings {
  std::string host = "127.0.0.1";  ///< JOBSTREAM_HTTP_HOST: loopback only unless asked
  int port = 8080;                 ///< JOBSTREAM_HTTP_PORT (0: any free port, printed at start)
  std::string web_root;            ///< JOBSTREAM_WEB_ROOT: the dashboard's built files (web/dist)

  /// Reads the JOBSTREAM_HTTP_* and JOBSTREAM_WEB_ROOT variables; problems are recorded in `env`.
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
