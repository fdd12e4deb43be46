// The HTTP adapter over loopback: what the pure API answers must reach a real client unchanged,
// and the dashboard's files must be served beside it.
#include "web/web_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "web/live_figures.hpp"
#include "web/test/offer_json.hpp"

namespace jobstream::web {
namespace {

using testing::offer_json;

class EngineBackend : public ApiBackend {
 public:
  EngineBackend() {
    figures_.apply_stored({{"A1", offer_json("A1", "75056", "2026-11-02T10:00:00Z"), {}, {}},
                           {"A2", offer_json("A2", "2A004", "2026-11-03T10:00:00Z"), {}, {}},
                           {"A3", offer_json("A3", "97411", "2026-11-04T10:00:00Z"), {}, {}}});
  }
  analytics::Figures figures(const analytics::Filter& filter) override { return figures_.query(filter); }
  nlohmann::ordered_json health() override { return {{"schema", "jobstream.health/1"}}; }

 private:
  LiveFigures figures_;
};

/// A server on a free loopback port, run on a thread of its own and stopped at the end.
class RunningServer {
 public:
  RunningServer(HttpApi& api, std::optional<std::filesystem::path> root) : server(api, std::move(root)) {
    port = server.bind("127.0.0.1", 0);
    done = std::async(std::launch::async, [this] { return server.run(); });
  }
  ~RunningServer() {
    server.stop();
    EXPECT_EQ(done.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(5);
    c.set_read_timeout(5);
    return c;
  }
  WebServer server;
  int port = 0;
  std::future<bool> done;
};

class WebServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = std::filesystem::temp_directory_path() / ("jobstream-web-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root);
    std::ofstream(root / "index.html") << "<!doctype html><title>dashboard</title>";
    std::ofstream(root / "main.js") << "console.log(1);";
  }
  void TearDown() override { std::filesystem::remove_all(root); }

  std::filesystem::path root;
  EngineBackend backend;
  HttpApi api{backend};
};

TEST_F(WebServerTest, ServesTheApiAndTheDashboardFiles) {
  RunningServer running(api, root);
  auto client = running.client();

  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("dashboard"), std::string::npos);
  auto script = client.Get("/main.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_NE(script->get_header_value("Content-Type").find("javascript"), std::string::npos);

  // Repeated parameters reach the filter, in order.
  auto figures = client.Get("/api/figures?dept=974&dept=2A&top=3");
  ASSERT_TRUE(figures);
  EXPECT_EQ(figures->status, 200);
  EXPECT_EQ(figures->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(figures->get_header_value("Cache-Control"), "no-store");
  const auto json = nlohmann::json::parse(figures->body);
  EXPECT_EQ(json["totals"]["offers"], 2);
  EXPECT_EQ(json["filter"]["top"], 3);

  auto bad = client.Get("/api/figures?dept=ZZ");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad->body)["error"], "bad_request");
  auto post = client.Post("/api/figures", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto unknown = client.Get("/api/nothing");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->get_header_value("Content-Type"), "application/json; charset=utf-8");
  auto missing = client.Get("/nothing.html");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  // Files outside the root stay out of reach.
  auto escape = client.Get("/../../etc/passwd");
  ASSERT_TRUE(escape);
  EXPECT_NE(escape->status, 200);
}

TEST_F(WebServerTest, WithoutTheBuiltDashboardTheRootSaysHowToBuildIt) {
  RunningServer running(api, std::nullopt);
  auto client = running.client();
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("scripts/build"), std::string::npos);
  auto health = client.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(nlohmann::json::parse(health->body)["schema"], "jobstream.health/1");
}

TEST_F(WebServerTest, AStopBeforeRunEndsRunAtOnce) {
  WebServer server(api, root);
  server.bind("127.0.0.1", 0);
  server.stop();
  auto done = std::async(std::launch::async, [&server] { return server.run(); });
  EXPECT_EQ(done.wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST_F(WebServerTest, ABusyPortIsAnError) {
  RunningServer running(api, root);
  WebServer second(api, root);
  EXPECT_THROW(second.bind("127.0.0.1", running.port), std::runtime_error);
}

}  // namespace
}  // namespace jobstream::web
