#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "web/bounded_http_server.hpp"
#include "web/http_api.hpp"

namespace jobstream::web {

/// The HTTP server of `jobstream serve`: the JSON API under /api, the dashboard's static files
/// everywhere else. Read-only. Every client's cost is bounded by `HttpLimits`; every answer carries
/// the browser security headers (`security_headers()`); source maps are not served.
///
/// @locality the server's worker threads call the API concurrently; stop() may be called from any
/// thread (e.g. a signal watcher).
class WebServer {
 public:
  /// `web_root`: the dashboard's files; without it "/" explains how to build them.
  WebServer(HttpApi& api, std::optional<std::filesystem::path> web_root, HttpLimits limits = {});
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  /// Binds `host:port` (port 0: a free one) and returns the port. Throws std::runtime_error when
  /// the address cannot be bound.
  int bind(const std::string& host, int port);
  /// Serves until stop(); returns at once when stop() came first. Returns false if the server failed.
  bool run();
  void stop();

 private:
  HttpApi& _api;
  std::atomic<bool> _stopped{false};
  std::unique_ptr<BoundedHttpServer> _server;
};

/// The headers every answer carries: no MIME sniffing, no framing, no referrer, and a content
/// security policy that lets the dashboard load only its own files.
const std::vector<std::pair<std::string, std::string>>& security_headers();

}  // namespace jobstream::web
