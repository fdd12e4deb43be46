#include "kafka/kafka_security.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include "common/test/settings_testing.hpp"
#include "kafka/kafka_client.hpp"

using namespace jobstream;
using namespace jobstream::kafka;
using common::settings_testing::all_errors;
using common::settings_testing::reader;

TEST(KafkaSecurity, PlaintextByDefaultAddsNothing) {
  auto env = reader({});
  const auto s = KafkaSecurity::from_environment(env);
  EXPECT_TRUE(env.errors().empty()) << all_errors(env);
  EXPECT_TRUE(s.client_properties().empty());
}

TEST(KafkaSecurity, SaslSslBecomesLibrdkafkaProperties) {
  const auto ca = std::filesystem::temp_directory_path() / "jobstream-kafka-security-ca.pem";
  std::ofstream(ca) << "not checked here\n";
  auto env = reader({{"KAFKA_SECURITY_PROTOCOL", "SASL_SSL"},
                     {"KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"},
                     {"KAFKA_SASL_USERNAME", "jobstream"},
                     {"KAFKA_SASL_PASSWORD", "s3cret-pw"},
                     {"KAFKA_SSL_CA_FILE", ca.string()},
                     {"KAFKA_PROPERTIES", " socket.keepalive.enable = true ; statistics.interval.ms=0;"}});
  const auto s = KafkaSecurity::from_environment(env);
  EXPECT_TRUE(env.errors().empty()) << all_errors(env);
  const auto p = s.client_properties();
  EXPECT_EQ(p.at("security.protocol"), "sasl_ssl");
  EXPECT_EQ(p.at("sasl.mechanism"), "SCRAM-SHA-512");
  EXPECT_EQ(p.at("sasl.username"), "jobstream");
  EXPECT_EQ(p.at("sasl.password"), "s3cret-pw");
  EXPECT_EQ(p.at("ssl.ca.location"), ca.string());
  EXPECT_EQ(p.at("ssl.endpoint.identification.algorithm"), "https");
  EXPECT_EQ(p.at("socket.keepalive.enable"), "true");
  EXPECT_EQ(p.at("statistics.interval.ms"), "0");
  // librdkafka takes every one of them.
  EXPECT_NO_THROW({
    set_connection_properties(p);
    make_kafka_conf({{"client.id", "test"}});
    set_connection_properties({});
  });
  std::filesystem::remove(ca);
}

TEST(KafkaSecurity, EveryProblemIsReportedAndNoSecretIsQuoted) {
  auto env =
      reader({{"KAFKA_SECURITY_PROTOCOL", "sasl_ssl"},
              {"KAFKA_SASL_MECHANISM", "GSSAPI"},
              {"KAFKA_SASL_PASSWORD", "s3cret-pw"},
              {"KAFKA_SSL_CA_FILE", "/nonexistent/ca.pem"},
              {"KAFKA_SSL_CERT_FILE", "/nonexistent/client.pem"},
              {"KAFKA_PROPERTIES", "sasl.password=other-s3cret;oops;sasl.oauthbearer.client.secret=x"}});
  KafkaSecurity::from_environment(env);
  const auto errors = all_errors(env);
  EXPECT_NE(errors.find("KAFKA_SASL_MECHANISM must be"), std::string::npos) << errors;
  EXPECT_NE(errors.find("KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("KAFKA_SSL_CA_FILE: cannot read"), std::string::npos) << errors;
  EXPECT_NE(errors.find("KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE must be set together"),
            std::string::npos);
  EXPECT_NE(errors.find("sasl.password has a setting of its own"), std::string::npos) << errors;
  EXPECT_NE(errors.find("must be name=value"), std::string::npos) << errors;
  EXPECT_NE(errors.find("sasl.oauthbearer.client.secret holds a secret"), std::string::npos) << errors;
  EXPECT_EQ(errors.find("s3cret"), std::string::npos) << errors;

  auto plain =
      reader({{"KAFKA_SASL_USERNAME", "u"}, {"KAFKA_SSL_CA_FILE", "/x"}, {"KAFKA_SECURITY_PROTOCOL", "tls"}});
  KafkaSecurity::from_environment(plain);
  const auto plain_errors = all_errors(plain);
  EXPECT_NE(plain_errors.find("KAFKA_SECURITY_PROTOCOL must be plaintext, ssl, sasl_plaintext or sasl_ssl"),
            std::string::npos);
}

TEST(KafkaSecurity, HostNameVerificationCanBeTurnedOff) {
  auto env = reader({{"KAFKA_SECURITY_PROTOCOL", "ssl"}, {"KAFKA_SSL_VERIFY_HOSTNAME", "0"}});
  const auto p = KafkaSecurity::from_environment(env).client_properties();
  EXPECT_EQ(p.at("ssl.endpoint.identification.algorithm"), "none");
  EXPECT_FALSE(p.contains("sasl.password"));
}

TEST(KafkaSecurity, SecretPropertiesAreKnown) {
  for (const auto* name : {"sasl.password", "ssl.key.password", "ssl.keystore.password",
                           "sasl.oauthbearer.client.secret", "ssl.key.pem"}) {
    EXPECT_TRUE(is_secret_property(name)) << name;
  }
  for (const auto* name : {"sasl.username", "ssl.ca.location", "bootstrap.servers"}) {
    EXPECT_FALSE(is_secret_property(name)) << name;
  }
}
