// Against a private Cassandra with PasswordAuthenticator (started and removed by the fixture):
// wrong password -> authentication error; restart with requests in flight -> the client
// reconnects and re-prepares transparently.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <deque>
#include <random>
#include <thread>

#include "cql/error.hpp"
#include "cql/session.hpp"

using namespace jobstream::cql;

namespace {
constexpr std::uint16_t private_port = 9142;

int stack(const std::string& verb) {
  // A bounded run: scripts/stack waits until the server is really ready (or gives up).
  std::string cmd = "timeout 400 env JOBSTREAM_STACK_NAME=cqlauth CASSANDRA_PORT=9142 CASSANDRA_STORAGE_PORT=7100 "
                    "CASSANDRA_JMX_PORT=7299 CASSANDRA_AUTHENTICATOR=PasswordAuthenticator CASSANDRA_HEAP=1G "
                    JOBSTREAM_SOURCE_DIR "/scripts/stack " + verb + " >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

SessionConfig config(const std::string& user, const std::string& password) {
  SessionConfig cfg;
  cfg.port = private_port;
  cfg.username = user;
  cfg.password = password;
  cfg.consistency = Consistency::one;
  cfg.connect_timeout = std::chrono::seconds(5);
  cfg.request_timeout = std::chrono::seconds(20);
  return cfg;
}

// The private instance's superuser; overridable from the environment.
std::string user() { return env_or("CQL_TEST_USER", "cassandra"); }
std::string password() { return env_or("CQL_TEST_PASSWORD", "cassandra"); }

class CqlCluster : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(stack("up cassandra"), 0) << "private Cassandra did not start"; }
  static void TearDownTestSuite() { stack("down --wipe cassandra"); }
};
}  // namespace

TEST_F(CqlCluster, WrongPasswordIsAnAuthenticationError) {
  try {
    Session::connect(config(user(), "definitely-wrong"));
    FAIL() << "authentication error expected";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::authentication_error) << e.what();
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(std::string(e.what()).find("definitely-wrong"), std::string::npos) << "password leaked into the error";
  }
  try {
    Session::connect(config("", ""));
    FAIL() << "authentication required expected";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::authentication_error) << e.what();
  }
}

TEST_F(CqlCluster, RestartWithRequestsInFlightRecovers) {
  auto session = Session::connect(config(user(), password()));
  std::string ks = "cql_restart_" + std::to_string(std::random_device{}() % 100000000);
  session->query("CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  session->query("CREATE TABLE " + ks + ".t (id int PRIMARY KEY, v text)");
  auto ins = session->prepare("INSERT INTO " + ks + ".t (id, v) VALUES (?, ?)");
  session->execute({ins, {std::int32_t{-1}, std::string("before")}});

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, clear_failures{0}, other_failures{0};
  std::thread writer([&] {
    std::deque<PendingResult> inflight;
    auto settle = [&](PendingResult& p) {
      try {
        p.get();
        ++ok;
      } catch (const CqlError& e) {
        auto c = e.code();
        (c == ErrorCode::connection_lost || c == ErrorCode::connect_failed || c == ErrorCode::client_timeout)
            ? ++clear_failures : ++other_failures;
      }
    };
    for (std::int32_t i = 0; !stop; ++i) {
      try {
        inflight.push_back(session->execute_async({ins, {i, std::string("v")}}));
      } catch (const CqlError&) {
        ++clear_failures;
      }
      if (inflight.size() >= 64) {
        settle(inflight.front());
        inflight.pop_front();
      }
    }
    for (auto& p : inflight) settle(p);
  });
  auto flowing_deadline = Clock::now() + std::chrono::seconds(60);
  while (ok.load() < 500 && Clock::now() < flowing_deadline) std::this_thread::yield();  // writes flow first
  ASSERT_EQ(stack("restart cassandra"), 0);
  stop = true;
  writer.join();
  EXPECT_GE(ok.load(), 500);
  EXPECT_EQ(other_failures.load(), 0);

  // The same prepared statement works again: reconnect, UNPREPARED, re-prepare, resend.
  session->execute({ins, {std::int32_t{-2}, std::string("after")}}, Clock::now() + std::chrono::seconds(60));
  EXPECT_GE(session->connect_count(), 2u);
  auto sel = session->prepare("SELECT v FROM " + ks + ".t WHERE id = ?");
  auto r = session->execute({sel, {std::int32_t{-2}}});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0].as<std::string>(), "after");
  session->query("DROP KEYSPACE " + ks);
}
