#include "web/web_server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <sys/socket.h>

#include <stdexcept>

namespace jobstream::web {
namespace {

constexpr const char* missing_dashboard =
    "<!doctype html><meta charset=utf-8><title>jobstream</title>"
    "<p>The dashboard is not built: run <code>scripts/build</code> (it builds <code>web/dist</code>), "
    "or point <code>JOBSTREAM_WEB_ROOT</code> at the built files. The API answers at "
    "<a href=\"/api/figures\">/api/figures</a> and <a href=\"/api/health\">/api/health</a>.</p>";

}  // namespace

const std::vector<std::pair<std::string, std::string>>& security_headers() {
  // The dashboard sets style attributes in the HTML it builds (bars, legend colours), hence
  // 'unsafe-inline' for styles only; its scripts are files of its own.
  static const std::vector<std::pair<std::string, std::string>> headers{
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
  };
  return headers;
}

WebServer::WebServer(HttpApi& api, std::optional<std::filesystem::path> web_root, HttpLimits limits)
    : _api(api), _server(std::make_unique<BoundedHttpServer>(limits)) {
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second server
  // bind the same port and silently share its connections.
  _server->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  const auto serve_api = [this](const httplib::Request& req, httplib::Response& res) {
    ApiRequest request{req.method, req.path, {}};
    for (const auto& [name, value] : req.params) request.params.emplace_back(name, value);
    auto response = _api.handle(request);
    res.status = response.status;
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    res.set_content(response.body, response.content_type.c_str());
  };
  // Source maps would hand out the dashboard's sources; the page does not need them.
  _server->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!req.path.ends_with(".map")) return httplib::Server::HandlerResponse::Unhandled;
    res.status = 404;
    return httplib::Server::HandlerResponse::Handled;
  });
  const char* api_paths = R"(/api(/.*)?)";
  _server->Get(api_paths, serve_api);
  _server->Post(api_paths, serve_api);
  _server->Put(api_paths, serve_api);
  _server->Patch(api_paths, serve_api);
  _server->Delete(api_paths, serve_api);
  _server->Options(api_paths, serve_api);

  if (web_root && _server->set_mount_point("/", web_root->string())) {
    spdlog::info("serve: dashboard files from {}", web_root->string());
  } else {
    spdlog::warn(
        "serve: no dashboard files found (build web/ or set JOBSTREAM_WEB_ROOT); serving the API only");
    _server->Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(missing_dashboard, "text/html; charset=utf-8");
    });
  }
  // The dashboard's files never change while the server runs, but a rebuild must show at once.
  _server->set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-cache");
    for (const auto& [name, value] : security_headers()) res.set_header(name, value);
  });
  _server->set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::debug("serve: {} {} -> {}", req.method, req.path, res.status);
  });
}

WebServer::~WebServer() { stop(); }

int WebServer::bind(const std::string& host, int port) {
  if (port == 0) {
    const int bound = _server->bind_bounded_to_any_port(host);
    if (bound < 0) throw std::runtime_error("cannot bind " + host + " to a free port");
    return bound;
  }
  if (!_server->bind_bounded(host, port))
    throw std::runtime_error(fmt::format("cannot bind {}:{}", host, port));
  return port;
}

bool WebServer::run() {
  // httplib ignores a stop() that comes before it listens (a signal during start-up).
  if (_stopped) return true;
  return _server->listen_after_bind();
}

void WebServer::stop() {
  _stopped = true;
  _server->stop();
}

}  // namespace jobstream::web
