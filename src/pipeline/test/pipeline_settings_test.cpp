#include "pipeline/pipeline_settings.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace jobstream;

namespace {
common::SettingsReader reader(std::map<std::string, std::string> vars) {
  return common::SettingsReader([vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  });
}
}  // namespace

TEST(PipelineSettings, DefaultsGiveTheLocalEmulatorSetup) {
  auto env = reader({});
  const auto s = pipeline::PipelineSettings::from_environment(env);
  EXPECT_TRUE(s.source.use_emulator);
  EXPECT_EQ(s.kafka.topic, "francetravail.offers");
  EXPECT_EQ(s.kafka.dead_letter_topic, "francetravail.offers.dead-letters");
  EXPECT_EQ(s.kafka.bootstrap_servers, "127.0.0.1:9092");
  EXPECT_EQ(s.cassandra.keyspace.name, "jobstream");
  EXPECT_EQ(s.cassandra.port, 9042);
  EXPECT_EQ(s.source.api_url, "https://api.francetravail.io/partenaire/offresdemploi/v2");
}

TEST(PipelineSettings, CredentialsSelectTheRealApi) {
  auto env = reader({{"FT_CLIENT_ID", "PAR_app_0123"}, {"FT_CLIENT_SECRET", "abcdef"}, {"KAFKA_TOPIC", "offers2"}});
  const auto s = pipeline::PipelineSettings::from_environment(env);
  EXPECT_FALSE(s.source.use_emulator);
  EXPECT_EQ(s.source.client_secret.reveal(), "abcdef");
  EXPECT_EQ(s.kafka.dead_letter_topic, "offers2.dead-letters");
}

TEST(PipelineSettings, WrongSettingsAreAllReportedAndSecretsStayHidden) {
  auto env = reader({{"FT_CLIENT_SECRET", "topsecret"}, {"CASSANDRA_PORT", "99999"}, {"KAFKA_TOPIC", "bad topic!"},
                     {"CASSANDRA_KEYSPACE", "drop;table"}, {"CASSANDRA_PASSWORD", "pw-hidden"},
                     {"FT_API_URL", "ftp://x"}});
  try {
    pipeline::PipelineSettings::from_environment(env);
    FAIL() << "expected invalid settings";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    for (const char* part : {"FT_CLIENT_ID and FT_CLIENT_SECRET", "CASSANDRA_PORT", "KAFKA_TOPIC", "CASSANDRA_KEYSPACE",
                             "CASSANDRA_USERNAME and CASSANDRA_PASSWORD", "FT_API_URL"}) {
      EXPECT_NE(what.find(part), std::string::npos) << part << " missing in: " << what;
    }
    EXPECT_EQ(what.find("topsecret"), std::string::npos);
    EXPECT_EQ(what.find("pw-hidden"), std::string::npos);
  }
}

TEST(PipelineSettings, TlsSettingsAreCheckedAtStart) {
  auto ok = reader({{"CASSANDRA_TLS", "1"}, {"CASSANDRA_TLS_CA_FILE", "/etc/hostname"}});
  const auto s = pipeline::PipelineSettings::from_environment(ok);
  EXPECT_TRUE(s.cassandra.tls);
  EXPECT_TRUE(s.cassandra.tls_verify);  // verification is the default
  EXPECT_EQ(s.cassandra.tls_ca_file, "/etc/hostname");

  auto bad = reader({{"CASSANDRA_TLS", "1"},
                     {"CASSANDRA_TLS_CA_FILE", "/nonexistent/ca.pem"},
                     {"CASSANDRA_TLS_CERT_FILE", "/etc/hostname"}});
  try {
    pipeline::PipelineSettings::from_environment(bad);
    FAIL() << "expected invalid TLS settings";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("CASSANDRA_TLS_CA_FILE: cannot read /nonexistent/ca.pem"), std::string::npos) << what;
    EXPECT_NE(what.find("CASSANDRA_TLS_CERT_FILE and CASSANDRA_TLS_KEY_FILE must be set together"), std::string::npos)
        << what;
  }
  auto forgotten = reader({{"CASSANDRA_TLS_CA_FILE", "/etc/hostname"}});
  EXPECT_THROW(pipeline::PipelineSettings::from_environment(forgotten), std::invalid_argument);
}

TEST(PipelineSettings, ClusterSettingsReplicationAndConsistency) {
  auto defaults = reader({});
  const auto d = pipeline::PipelineSettings::from_environment(defaults);
  EXPECT_EQ(d.kafka.min_insync_replicas, 1);
  EXPECT_EQ(d.cassandra.consistency, cql::Consistency::local_quorum);

  auto cluster = reader({{"KAFKA_REPLICATION_FACTOR", "3"}, {"CASSANDRA_CONSISTENCY", "quorum"},
                         {"CASSANDRA_REPLICATION_CLASS", "NetworkTopologyStrategy"}, {"CASSANDRA_LOCAL_DC", "dc_paris"}});
  const auto c = pipeline::PipelineSettings::from_environment(cluster);
  EXPECT_EQ(c.kafka.min_insync_replicas, 2) << "a replicated topic survives one broker";
  EXPECT_EQ(c.cassandra.consistency, cql::Consistency::quorum);

  auto wrong = reader({{"KAFKA_REPLICATION_FACTOR", "2"}, {"KAFKA_MIN_INSYNC_REPLICAS", "3"},
                       {"CASSANDRA_CONSISTENCY", "SERIAL"}});
  try {
    pipeline::PipelineSettings::from_environment(wrong);
    FAIL() << "accepted min.insync.replicas above the replication factor and a serial consistency";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("KAFKA_MIN_INSYNC_REPLICAS"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("CASSANDRA_CONSISTENCY"), std::string::npos) << e.what();
  }
}

TEST(PipelineSettings, InternalTopicsAndABlankGroupAreRefused) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"KAFKA_TOPIC", "__consumer_offsets"},
           {"KAFKA_TOPIC", "__transaction_state"},
           {"KAFKA_DEAD_LETTER_TOPIC", "__consumer_offsets"},
           {"KAFKA_TOPIC", ".."},
           {"KAFKA_GROUP_ID", "   "}}) {
    auto env = reader({{name, value}});
    EXPECT_THROW(pipeline::PipelineSettings::from_environment(env), std::invalid_argument)
        << name << '=' << value;
    ASSERT_FALSE(env.errors().empty()) << name << '=' << value;
    EXPECT_NE(env.errors().front().find(name), std::string::npos) << env.errors().front();
  }
  auto fine = reader({{"KAFKA_TOPIC", "_private.offers"}, {"KAFKA_GROUP_ID", "my-group"}});
  EXPECT_NO_THROW(pipeline::PipelineSettings::from_environment(fine));
}
