#pragma once

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "common/readiness.hpp"
#include "common/settings_reader.hpp"

namespace httplib {
class Server;
}

namespace jobstream::common {

/// Where the metrics endpoint listens. Off unless a port is set.
struct MetricsSettings {
  std::optional<int> port;         ///< JOBSTREAM_METRICS_PORT (0: any free port, logged)
  std::string host = "127.0.0.1";  ///< JOBSTREAM_METRICS_HOST

  static MetricsSettings from_environment(SettingsReader& env);
};

/// The operator's endpoint of a long-running command, on its own port:
///   GET /metrics  every registered metric, in Prometheus' text format (prometheus-cpp's serializer)
///   GET /healthz  200 while the process serves requests (liveness)
///   GET /readyz   200 "ready" when every Readiness check passes, else 503 with the reasons
///
/// @locality requests are answered on the server's own threads; stops and joins in the destructor.
class MetricsServer {
 public:
  /// Binds (throws std::runtime_error when the address is taken) and starts serving.
  MetricsServer(const MetricsSettings& settings, const Readiness& readiness);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const { return _port; }

  /// The exposition text of everything exposed (what GET /metrics answers).
  static std::string render();

 private:
  const Readiness& _readiness;
  std::unique_ptr<httplib::Server> _server;
  int _port = 0;
  std::jthread _thread;
};

}  // namespace jobstream::common
