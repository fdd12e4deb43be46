#include "web/web_settings.hpp"

namespace jobstream::web {

WebSettings WebSettings::from_environment(common::SettingsReader& env) {
  WebSettings s;
  s.host = env.text("JOBSTREAM_HTTP_HOST", s.host);
  s.port = static_cast<int>(env.integer("JOBSTREAM_HTTP_PORT", s.port, 0, 65535));
  s.web_root = env.text("JOBSTREAM_WEB_ROOT", "");
  s.snapshot.path = env.text("JOBSTREAM_SERVE_SNAPSHOT", "");
  s.snapshot.every = env.duration("JOBSTREAM_SERVE_SNAPSHOT_EVERY", s.snapshot.every);
  s.snapshot.full_read = env.boolean("JOBSTREAM_SERVE_FULL_READ", false);
  if (s.host.empty()) env.fail("JOBSTREAM_HTTP_HOST must not be empty");
  if (s.snapshot.every.count() < 1000) env.fail("JOBSTREAM_SERVE_SNAPSHOT_EVERY must be at least 1s");
  return s;
}

std::optional<std::string> exposure_warning(const std::string& host) {
  std::string bare = host;
  if (bare.size() >= 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
  if (bare == "localhost" || bare == "::1" || bare.starts_with("127.")) return std::nullopt;
  if (bare == "0.0.0.0" || bare == "::" || bare.empty()) {
    return "serve: listening on " + host +
           ", every network interface: the dashboard and the API have no authentication, so anyone "
           "who can reach this machine can read them (use 127.0.0.1, or a reverse proxy that "
           "authenticates)";
  }
  return "serve: listening on " + host +
         ", beyond this machine: the dashboard and the API have no authentication";
}

std::optional<std::filesystem::path> find_web_root(const std::string& configured,
                                                   const std::filesystem::path& executable) {
  namespace fs = std::filesystem;
  const auto holds_index = [](const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "index.html", ec);
  };
  if (!configured.empty()) {
    if (holds_index(configured)) return fs::path(configured);
    return std::nullopt;
  }
  const auto bin_dir = executable.parent_path();
  for (const auto& candidate :
       {bin_dir / ".." / ".." / "web" / "dist", bin_dir / ".." / "share" / "jobstream" / "web"}) {
    if (holds_index(candidate)) return candidate.lexically_normal();
  }
  return std::nullopt;
}

}  // namespace jobstream::web
