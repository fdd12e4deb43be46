// `serve` under load and abuse, over loopback: slow clients, many ranges, big bodies and header
// blocks, bursts of connections, shutdown with clients still sending. Every client count and
// wait here is bounded.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "web/web_server.hpp"

namespace jobstream::web {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class StaticBackend : public ApiBackend {
 public:
  analytics::Figures figures(const analytics::Filter&) override {
    throw std::invalid_argument("no figures here");
  }
  nlohmann::ordered_json health() override { return {{"schema", "jobstream.health/1"}}; }
};

/// A raw loopback connection, for requests no well-behaved client would send.
class RawClient {
 public:
  explicit RawClient(int port, bool blocking = true) {
    _fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (!blocking) ::fcntl(_fd, F_SETFL, O_NONBLOCK);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    _connect_rc = ::connect(_fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  }
  ~RawClient() { ::close(_fd); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected_at_once() const { return _connect_rc == 0; }
  /// For a non-blocking connect: whether the handshake completed within `wait`.
  bool established_within(std::chrono::milliseconds wait) const {
    pollfd fd{_fd, POLLOUT, 0};
    if (::poll(&fd, 1, static_cast<int>(wait.count())) <= 0) return false;
    int error = 0;
    socklen_t len = sizeof(error);
    ::getsockopt(_fd, SOL_SOCKET, SO_ERROR, &error, &len);
    return error == 0;
  }
  /// Sends what it can; false once the server closed or reset the connection.
  bool send(std::string_view data) {
    while (!data.empty()) {
      const auto n = ::send(_fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  /// Everything the server sends until it closes, or until `wait` passes.
  std::string receive(std::chrono::milliseconds wait, bool* closed = nullptr) {
    std::string out;
    const auto until = Clock::now() + wait;
    char buf[4096];
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      if (left.count() <= 0) break;
      pollfd fd{_fd, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
      const auto n = ::recv(_fd, buf, sizeof(buf), 0);
      if (n <= 0) {
        if (closed) *closed = true;
        break;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  int _fd = -1;
  int _connect_rc = -1;
};

/// Clients that send a request one byte at a time, a byte every 200 ms, never finishing it: each
/// recv() returns well within any per-read timeout.
class Tricklers {
 public:
  Tricklers(int port, int count) {
    for (int i = 0; i < count; ++i) _clients.push_back(std::make_unique<RawClient>(port));
    _thread = std::jthread([this](std::stop_token stop) {
      for (int i = 0; !stop.stop_requested(); ++i) {
        for (auto& c : _clients) c->send(i == 0 ? "G" : "X");
        std::this_thread::sleep_for(200ms);
      }
    });
  }

 private:
  std::vector<std::unique_ptr<RawClient>> _clients;
  std::jthread _thread;
};

class WebLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = std::filesystem::temp_directory_path() / ("jobstream-limits-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root);
    std::ofstream(root / "index.html") << "<!doctype html><title>dashboard</title>";
    std::ofstream(root / "main.js") << std::string(6000, 'x');
    std::ofstream(root / "main.js.map") << R"({"version":3,"sources":["src/main.js"]})";
  }
  void TearDown() override {
    if (server) server->stop();  // a failed assertion may have left it running
    std::filesystem::remove_all(root);
  }

  void start(HttpLimits limits = {}) {
    server = std::make_unique<WebServer>(api, root, limits);
    port = server->bind("127.0.0.1", 0);
    done = std::async(std::launch::async, [this] { return server->run(); });
  }
  /// Stops the server; returns how long run() took to return.
  std::chrono::milliseconds stop() {
    const auto t0 = Clock::now();
    server->stop();
    EXPECT_EQ(done.wait_for(30s), std::future_status::ready);
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(3);
    c.set_read_timeout(3);
    return c;
  }

  std::filesystem::path root;
  StaticBackend backend;
  HttpApi api{backend};
  std::unique_ptr<WebServer> server;
  int port = 0;
  std::future<bool> done;
};

TEST_F(WebLimitsTest, SlowClientsDoNotHoldEveryWorker) {
  start();
  {
    Tricklers slow(port, 12);  // more than cpp-httplib's default pool of 8
    std::this_thread::sleep_for(500ms);
    const auto t0 = Clock::now();
    auto health = client().Get("/api/health");
    ASSERT_TRUE(health) << "a request waited behind slow clients";
    EXPECT_EQ(health->status, 200);
    EXPECT_LT(Clock::now() - t0, 2s);
  }
  stop();
}

TEST_F(WebLimitsTest, ASlowClientIsDroppedAtTheReadDeadline) {
  HttpLimits limits;
  limits.read_deadline = 1s;
  limits.workers = 2;
  start(limits);
  Tricklers slow(port, 2);
  std::this_thread::sleep_for(200ms);
  // Both workers are held by slow clients until their deadline; then this request is served.
  const auto t0 = Clock::now();
  auto health = client().Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_LT(Clock::now() - t0, 2500ms);
  RawClient alone(port);
  alone.send("GET /api/health HTTP/1.1\r\nHost: x\r\n");  // never finished
  bool closed = false;
  alone.receive(2500ms, &closed);
  EXPECT_TRUE(closed) << "an unfinished request was kept past its deadline";
  stop();
}

TEST_F(WebLimitsTest, StopIsNotDelayedBySlowClients) {
  start();
  Tricklers slow(port, 12);
  std::this_thread::sleep_for(500ms);
  EXPECT_LT(stop(), 1500ms);
}

TEST_F(WebLimitsTest, AManyRangeRequestGetsTheFileOnce) {
  start();
  std::string ranges = "bytes=0-5999";
  for (int i = 1; i < 1000; ++i) ranges += ",0-5999";
  auto many = client().Get("/main.js", {{"Range", ranges}});
  ASSERT_TRUE(many);
  EXPECT_EQ(many->status, 200);
  EXPECT_EQ(many->body.size(), 6000u);
  // One range is still honoured.
  auto one = client().Get("/main.js", {{"Range", "bytes=10-19"}});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 206);
  EXPECT_EQ(one->body.size(), 10u);
  stop();
}

TEST_F(WebLimitsTest, ABigBodyIsRefusedWithoutWaitingForIt) {
  start();
  RawClient big(port);
  big.send("POST /api/figures HTTP/1.1\r\nHost: x\r\nContent-Length: 300000000\r\n\r\n");
  big.send(std::string(std::size_t{64} * 1024, 'b'));
  const auto answer = big.receive(3s);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 40);

  // Chunked, so no length to refuse up front: the byte budget stops it.
  RawClient chunked(port);
  chunked.send("POST /api/figures HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (int i = 0; i < 8; ++i) chunked.send("10000\r\n" + std::string(0x10000, 'c') + "\r\n");
  const auto refused = chunked.receive(3s);
  EXPECT_TRUE(refused.starts_with("HTTP/1.1 4")) << refused.substr(0, 40);
  stop();
}

TEST_F(WebLimitsTest, AHugeHeaderBlockIsRefused) {
  start();
  RawClient raw(port);
  std::string request = "GET /api/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 2000; ++i)
    request += "X-Filler-" + std::to_string(i) + ": " + std::string(50, 'f') + "\r\n";
  request += "\r\n";
  raw.send(request);
  const auto answer = raw.receive(3s);
  EXPECT_FALSE(answer.starts_with("HTTP/1.1 200")) << "a 130 KB header block was accepted";
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer.substr(0, 40);
  stop();
}

TEST_F(WebLimitsTest, ABurstOfConnectionsIsQueuedNotDropped) {
  // Before run(), nothing accepts: every connection waits in the listen backlog.
  server = std::make_unique<WebServer>(api, root);
  port = server->bind("127.0.0.1", 0);
  std::vector<std::unique_ptr<RawClient>> burst;
  burst.reserve(200);
  for (int i = 0; i < 200; ++i) burst.push_back(std::make_unique<RawClient>(port, /*blocking=*/false));
  std::this_thread::sleep_for(300ms);
  int established = 0;
  for (auto& c : burst) established += c->connected_at_once() || c->established_within(0ms) ? 1 : 0;
  EXPECT_EQ(established, 200);
  // Five of them ask something once the server runs; the others leave (an idle connection would
  // hold a worker until the keep-alive timeout).
  std::vector<std::unique_ptr<RawClient>> asking;
  for (std::size_t i = 0; i < burst.size(); i += 40) asking.push_back(std::move(burst[i]));
  burst.clear();
  done = std::async(std::launch::async, [this] { return server->run(); });
  for (auto& c : asking) {
    ASSERT_TRUE(c->send("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    EXPECT_TRUE(c->receive(5s).starts_with("HTTP/1.1 200"));
  }
  stop();
}

TEST_F(WebLimitsTest, EveryAnswerCarriesTheSecurityHeaders) {
  start();
  for (const char* path : {"/", "/main.js", "/api/health", "/api/nothing", "/nothing"}) {
    auto res = client().Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer") << path;
    EXPECT_NE(res->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << path;
  }
  stop();
}

TEST_F(WebLimitsTest, SourceMapsAreNotServed) {
  start();
  auto map = client().Get("/main.js.map");
  ASSERT_TRUE(map);
  EXPECT_EQ(map->status, 404);
  EXPECT_EQ(map->body.find("sources"), std::string::npos);
  stop();
}

}  // namespace
}  // namespace jobstream::web
