#include "store/cassandra_settings.hpp"

#include <gtest/gtest.h>

#include "common/test/settings_testing.hpp"

using namespace jobstream;
using common::settings_testing::all_errors;
using common::settings_testing::reader;

namespace {
store::CassandraSettings read_valid(common::SettingsReader& env) {
  return common::settings_testing::read_valid<store::CassandraSettings>(env);
}
}  // namespace

TEST(CassandraSettings, DefaultsGiveTheLocalStack) {
  auto env = reader({});
  const auto s = read_valid(env);
  EXPECT_EQ(s.keyspace.name, "jobstream");
  EXPECT_EQ(s.port, 9042);
  EXPECT_EQ(s.contact_points, std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(s.consistency, cql::Consistency::local_quorum);
}

TEST(CassandraSettings, TheSessionGetsWhatWasRead) {
  auto env = reader({{"CASSANDRA_CONTACT_POINTS", "n1, n2,n3"},
                     {"CASSANDRA_PORT", "9442"},
                     {"CASSANDRA_USERNAME", "app"},
                     {"CASSANDRA_PASSWORD", "pw"},
                     {"CASSANDRA_CONSISTENCY", "quorum"}});
  const auto config = read_valid(env).session_config();
  EXPECT_EQ(config.contact_points, (std::vector<std::string>{"n1", "n2", "n3"}));
  EXPECT_EQ(config.port, 9442);
  EXPECT_EQ(config.username, "app");
  EXPECT_EQ(config.password, "pw");
  EXPECT_EQ(config.consistency, cql::Consistency::quorum);
  EXPECT_NO_THROW(config.validate());
}

TEST(CassandraSettings, APortOutsideItsRangeIsOneProblemNeverAWrappedPort) {
  for (const char* port : {"0", "65536", "99999", "-1"}) {
    auto env = reader({{"CASSANDRA_PORT", port}});
    const auto s = store::CassandraSettings::read(env);
    ASSERT_EQ(env.errors().size(), 1u) << port << ": " << all_errors(env);
    EXPECT_NE(env.errors().front().find("CASSANDRA_PORT"), std::string::npos);
    EXPECT_EQ(s.port, 9042) << port;
  }
}

TEST(CassandraSettings, EachProblemIsOneMessageAndSecretsStayHidden) {
  auto env = reader({{"CASSANDRA_CONTACT_POINTS", " , "},
                     {"CASSANDRA_KEYSPACE", "drop;table"},
                     {"CASSANDRA_PASSWORD", "pw-hidden"},
                     {"CASSANDRA_CONSISTENCY", "SERIAL"}});
  store::CassandraSettings::read(env);
  const auto all = all_errors(env);
  EXPECT_EQ(env.errors().size(), 4u) << all;
  for (const char* part : {"CASSANDRA_CONTACT_POINTS", "CASSANDRA_KEYSPACE",
                           "CASSANDRA_USERNAME and CASSANDRA_PASSWORD", "CASSANDRA_CONSISTENCY"}) {
    EXPECT_NE(all.find(part), std::string::npos) << part << " missing in: " << all;
  }
  EXPECT_EQ(all.find("pw-hidden"), std::string::npos);
}

TEST(CassandraSettings, TlsSettingsAreCheckedAtStart) {
  auto ok = reader({{"CASSANDRA_TLS", "1"}, {"CASSANDRA_TLS_CA_FILE", "/etc/hostname"}});
  const auto s = read_valid(ok);
  EXPECT_TRUE(s.tls);
  EXPECT_TRUE(s.tls_verify);  // verification is the default
  EXPECT_EQ(s.tls_ca_file, "/etc/hostname");
  EXPECT_TRUE(s.session_config().tls.enabled);

  auto bad = reader({{"CASSANDRA_TLS", "1"},
                     {"CASSANDRA_TLS_CA_FILE", "/nonexistent/ca.pem"},
                     {"CASSANDRA_TLS_CERT_FILE", "/etc/hostname"}});
  store::CassandraSettings::read(bad);
  const auto all = all_errors(bad);
  EXPECT_NE(all.find("CASSANDRA_TLS_CA_FILE: cannot read /nonexistent/ca.pem"), std::string::npos) << all;
  EXPECT_NE(all.find("CASSANDRA_TLS_CERT_FILE and CASSANDRA_TLS_KEY_FILE must be set together"),
            std::string::npos)
      << all;
  auto forgotten = reader({{"CASSANDRA_TLS_CA_FILE", "/etc/hostname"}});
  EXPECT_THROW(read_valid(forgotten), std::invalid_argument);
}
