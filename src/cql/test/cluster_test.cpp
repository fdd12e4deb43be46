// Against a private Cassandra with PasswordAuthenticator and optional TLS (started and removed by
// the fixture): wrong password -> authentication error; restart with requests in flight -> the
// client reconnects and re-prepares transparently; TLS -> the server certificate is verified.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <unistd.h>

#include "cql/error.hpp"
#include "cql/session.hpp"

using namespace jobstream::cql;

namespace {
constexpr std::uint16_t private_port = 9142;

// Certificates made for this run: a CA, a server certificate for IP 127.0.0.1 signed by it (in
// the PKCS12 keystore Cassandra reads), and an unrelated CA.
const std::string tls_dir = "/tmp/jobstream-cqltls-" + std::to_string(::getpid());
const std::string keystore_password = "ks-" + std::to_string(std::random_device{}());

int make_certificates() {
  const std::string cmd =
      "set -e; rm -rf " + tls_dir + "; mkdir -p " + tls_dir + "; cd " + tls_dir +
      "; "
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj '/CN=jobstream test CA'; "
      "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1'; "
      "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext; "
      "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 "
      "-extfile san.ext; "
      "openssl pkcs12 -export -in server.crt -inkey server.key -certfile ca.crt -out keystore.p12 -passout pass:" +
      keystore_password +
      "; "
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -days 2 -subj '/CN=other CA'";
  return std::system(("bash -c \"" + cmd + "\" >/dev/null 2>&1").c_str());
}

int stack(const std::string& verb) {
  // A bounded run: scripts/stack waits until the server is really ready (or gives up).
  std::string cmd =
      "timeout 400 env JOBSTREAM_STACK_NAME=cqlauth CASSANDRA_PORT=9142 CASSANDRA_STORAGE_PORT=7100 "
      "CASSANDRA_JMX_PORT=7299 CASSANDRA_AUTHENTICATOR=PasswordAuthenticator CASSANDRA_HEAP=1G "
      "CASSANDRA_TLS_KEYSTORE=" +
      tls_dir + "/keystore.p12 CASSANDRA_TLS_KEYSTORE_PASSWORD=" + keystore_password +
      " " JOBSTREAM_SOURCE_DIR "/scripts/stack " + verb + " >/dev/null 2>&1";
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
  static void SetUpTestSuite() {
    ASSERT_EQ(make_certificates(), 0) << "openssl could not make the test certificates";
    stack("down --wipe cassandra");  // an instance left over by an interrupted run has other certificates
    ASSERT_EQ(stack("up cassandra"), 0) << "private Cassandra did not start";
  }
  static void TearDownTestSuite() {
    stack("down --wipe cassandra");
    std::filesystem::remove_all(tls_dir);
  }
};
}  // namespace

TEST_F(CqlCluster, WrongPasswordIsAnAuthenticationError) {
  try {
    Session::connect(config(user(), "definitely-wrong"));
    FAIL() << "authentication error expected";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::authentication_error) << e.what();
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(std::string(e.what()).find("definitely-wrong"), std::string::npos)
        << "password leaked into the error";
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
  session->query("CREATE KEYSPACE " + ks +
                 " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  session->query("CREATE TABLE " + ks + ".t (id int PRIMARY KEY, v text)");
  auto ins = session->prepare("INSERT INTO " + ks + ".t (id, v) VALUES (?, ?)");
  session->execute({ins, {std::int32_t{-1}, std::string("before")}});

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, clear_failures{0}, other_failures{0};
  std::mutex other_mutex;
  std::set<std::string> other_errors;  // what an unexpected failure said, for the report
  std::thread writer([&] {
    std::deque<PendingResult> inflight;
    auto settle = [&](PendingResult& p) {
      try {
        p.get();
        ++ok;
      } catch (const CqlError& e) {
        // Clear: the connection broke, or the restarting server said it could not take the write
        // (a transient state such as overloaded or shutting down) after the retries.
        if (e.retryable()) {
          ++clear_failures;
        } else {
          ++other_failures;
          std::lock_guard lock(other_mutex);
          other_errors.insert(e.what());
        }
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
  EXPECT_EQ(other_failures.load(), 0) << [&] {
    std::string all;
    for (const auto& e : other_errors) all += "\n  " + e;
    return all;
  }();

  // The same prepared statement works again: reconnect, UNPREPARED, re-prepare, resend.
  session->execute({ins, {std::int32_t{-2}, std::string("after")}}, Clock::now() + std::chrono::seconds(60));
  EXPECT_GE(session->connect_count(), 2u);
  auto sel = session->prepare("SELECT v FROM " + ks + ".t WHERE id = ?");
  auto r = session->execute({sel, {std::int32_t{-2}}});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0].as<std::string>(), "after");
  session->query("DROP KEYSPACE " + ks);
}

TEST_F(CqlCluster, TlsVerifiesTheServerCertificate) {
  auto tls_config = [](const std::string& host, const std::string& ca, bool verify) {
    auto cfg = config(user(), password());
    cfg.contact_points = {host};
    cfg.tls.enabled = true;
    cfg.tls.ca_file = ca;
    cfg.tls.verify = verify;
    return cfg;
  };
  const auto refused = [&](const SessionConfig& cfg, const std::string& why) {
    try {
      Session::connect(cfg);
      ADD_FAILURE() << "connection accepted: " << why;
    } catch (const CqlError& e) {
      EXPECT_EQ(e.code(), ErrorCode::tls_failed) << why << ": " << e.what();
      EXPECT_FALSE(e.retryable());
      EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
    }
  };

  // The right CA and the address the certificate names: a working, encrypted session.
  auto session = Session::connect(tls_config("127.0.0.1", tls_dir + "/ca.crt", true));
  const std::string ks = "cql_tls_" + std::to_string(std::random_device{}() % 100000000);
  session->query("CREATE KEYSPACE " + ks +
                 " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  session->query("CREATE TABLE " + ks + ".t (id int PRIMARY KEY, v text)");
  auto ins = session->prepare("INSERT INTO " + ks + ".t (id, v) VALUES (?, ?)");
  std::vector<PendingResult> writes;
  writes.reserve(2000);
  for (std::int32_t i = 0; i < 2000; ++i)
    writes.push_back(session->execute_async({ins, {i, std::string(300, 'x')}}));
  for (auto& w : writes) w.get();
  auto rows = session->fetch_all({session->prepare("SELECT id, v FROM " + ks + ".t"), {}});
  EXPECT_EQ(rows.size(), 2000u);
  session->query("DROP KEYSPACE " + ks);

  refused(tls_config("127.0.0.1", tls_dir + "/other.crt", true), "a server certificate from an unknown CA");
  refused(tls_config("localhost", tls_dir + "/ca.crt", true), "a certificate that does not name the host");
  // Verification off is an explicit choice, and then any certificate is accepted.
  EXPECT_NO_THROW(Session::connect(tls_config("127.0.0.1", tls_dir + "/other.crt", false)));
  // A CA file that does not exist is a clear configuration error, before any connection.
  try {
    Session::connect(tls_config("127.0.0.1", tls_dir + "/missing.crt", true));
    ADD_FAILURE() << "a missing CA file was accepted";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::tls_failed);
    EXPECT_NE(std::string(e.what()).find("missing.crt"), std::string::npos) << e.what();
  }
}
