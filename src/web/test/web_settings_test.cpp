#include "web/web_settings.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

namespace jobstream::web {
namespace {

common::SettingsReader reader(const std::map<std::string, std::string>& values) {
  return common::SettingsReader([values](const char* name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  });
}

TEST(WebSettingsTest, ListeningBeyondLoopbackIsWarnedAbout) {
  for (const char* host : {"0.0.0.0", "::", "192.168.1.20", "example.org", "[::]"}) {
    EXPECT_TRUE(exposure_warning(host).has_value()) << host;
  }
  for (const char* host : {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"}) {
    EXPECT_FALSE(exposure_warning(host).has_value()) << host;
  }
  EXPECT_NE(exposure_warning("0.0.0.0")->find("every network"), std::string::npos);
}

TEST(WebSettingsTest, DefaultsListenOnLoopbackOnly) {
  auto env = reader({});
  const auto s = WebSettings::from_environment(env);
  EXPECT_EQ(s.host, "127.0.0.1");
  EXPECT_EQ(s.port, 8080);
  EXPECT_TRUE(s.web_root.empty());
  EXPECT_TRUE(env.errors().empty());
}

TEST(WebSettingsTest, TheEnvironmentOverridesAndBadValuesAreReported) {
  auto env = reader({{"JOBSTREAM_HTTP_HOST", "0.0.0.0"},
                     {"JOBSTREAM_HTTP_PORT", "9000"},
                     {"JOBSTREAM_WEB_ROOT", "/srv/dash"}});
  const auto s = WebSettings::from_environment(env);
  EXPECT_EQ(s.host, "0.0.0.0");
  EXPECT_EQ(s.port, 9000);
  EXPECT_EQ(s.web_root, "/srv/dash");
  auto bad = reader({{"JOBSTREAM_HTTP_PORT", "70000"}});
  WebSettings::from_environment(bad);
  ASSERT_EQ(bad.errors().size(), 1u);
  EXPECT_NE(bad.errors()[0].find("JOBSTREAM_HTTP_PORT"), std::string::npos);
}

TEST(WebSettingsTest, TheWebRootIsFoundBesideTheBuildOrWhereConfigured) {
  namespace fs = std::filesystem;
  const auto tree = fs::temp_directory_path() / ("jobstream-webroot-" + std::to_string(::getpid()));
  fs::remove_all(tree);
  fs::create_directories(tree / "build" / "bin");
  fs::create_directories(tree / "web" / "dist");
  const auto exe = tree / "build" / "bin" / "jobstream";
  EXPECT_FALSE(find_web_root("", exe));  // no index.html yet
  std::ofstream(tree / "web" / "dist" / "index.html") << "<!doctype html>";
  const auto found = find_web_root("", exe);
  ASSERT_TRUE(found);
  EXPECT_TRUE(fs::equivalent(*found, tree / "web" / "dist"));
  EXPECT_FALSE(find_web_root((tree / "elsewhere").string(), exe));  // configured wins, even when wrong
  EXPECT_EQ(*find_web_root((tree / "web" / "dist").string(), exe), tree / "web" / "dist");
  fs::remove_all(tree);
}

}  // namespace
}  // namespace jobstream::web
