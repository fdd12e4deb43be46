#include "common/metrics_server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "common/metrics_registry.hpp"

namespace jobstream::common {

MetricsSettings MetricsSettings::from_environment(SettingsReader& env) {
  MetricsSettings s;
  // Unset (the fallback, outside the range a value may take) means no endpoint.
  const auto port = env.integer("JOBSTREAM_METRICS_PORT", -1, 0, 65535);
  if (port >= 0) s.port = static_cast<int>(port);
  s.host = env.text("JOBSTREAM_METRICS_HOST", s.host);
  return s;
}

MetricsServer::MetricsServer(const MetricsSettings& settings, const Readiness& readiness)
    : _readiness(readiness), _server(std::make_unique<httplib::Server>()) {
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second process
  // bind the same port and answer half of the scrapes.
  _server->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Two threads are plenty for a scraper and a probe; the default pool would take one per core.
  // httplib's new_task_queue hands back a raw pointer that the server owns and deletes.
  _server->new_task_queue = [] {
    return new httplib::ThreadPool(2);  // NOLINT(cppcoreguidelines-owning-memory): owned by httplib
  };
  _server->Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  _server->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
  _server->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    const auto verdict = _readiness.evaluate();
    res.status = verdict.ready ? 200 : 503;
    res.set_content(verdict.text, "text/plain; charset=utf-8");
  });
  const int wanted = settings.port.value_or(0);
  _port = wanted == 0 ? _server->bind_to_any_port(settings.host)
                      : (_server->bind_to_port(settings.host, wanted) ? wanted : -1);
  if (_port < 0)
    throw std::runtime_error(fmt::format("metrics: cannot listen on {}:{}", settings.host, wanted));
  _thread = std::jthread([this] { _server->listen_after_bind(); });
  set_metrics_served(true);
  spdlog::info("metrics: http://{}:{}/metrics (probes /healthz, /readyz)", settings.host, _port);
}

MetricsServer::~MetricsServer() {
  // httplib ignores a stop() that comes before it listens: give it a moment to start (bounded).
  for (int i = 0; i < 1000 && !_server->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  _server->stop();
}

std::string MetricsServer::render() {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, collect_metrics());
  return out.str();
}

}  // namespace jobstream::common
