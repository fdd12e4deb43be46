#include "web/web_settings.hpp"

namespace jobstream::web {

WebSettings WebSettings::from_environment(common::SettingsReader& env) {
  WebSettings s;
  s.host = env.text("JOBSTREAM_HTTP_HOST", s.host);
  s.port = static_cast<int>(env.integer("JOBSTREAM_HTTP_PORT", s.port, 0, 65535));
  s.web_root = env.text("JOBSTREAM_WEB_ROOT", "");
  if (s.host.empty()) env.fail("JOBSTREAM_HTTP_HOST must not be empty");
  return s;
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
