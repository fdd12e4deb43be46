#include "kafka/kafka_settings.hpp"

#include <gtest/gtest.h>

#include "common/test/settings_testing.hpp"

using namespace jobstream;
using common::settings_testing::reader;

namespace {
kafka::KafkaSettings read_valid(common::SettingsReader& env) {
  return common::settings_testing::read_valid<kafka::KafkaSettings>(env);
}
}  // namespace

TEST(KafkaSettings, DefaultsGiveTheLocalStack) {
  auto env = reader({});
  const auto s = read_valid(env);
  EXPECT_EQ(s.topic, "francetravail.offers");
  EXPECT_EQ(s.dead_letter_topic, "francetravail.offers.dead-letters");
  EXPECT_EQ(s.bootstrap_servers, "127.0.0.1:9092");
  EXPECT_EQ(s.group_id, "jobstream-consumer");
}

TEST(KafkaSettings, TheDeadLetterTopicFollowsTheTopic) {
  auto env = reader({{"KAFKA_TOPIC", "offers2"}});
  EXPECT_EQ(read_valid(env).dead_letter_topic, "offers2.dead-letters");
}

TEST(KafkaSettings, EveryProblemIsReportedOnce) {
  auto env = reader({{"KAFKA_TOPIC", "bad topic!"},
                     {"KAFKA_PARTITIONS", "0"},
                     {"KAFKA_SASL_PASSWORD", "pw-hidden"},
                     {"KAFKA_SECURITY_PROTOCOL", "sasl_ssl"}});
  kafka::KafkaSettings::read(env);
  ASSERT_FALSE(env.errors().empty());
  std::string all;
  for (const auto& e : env.errors()) all += e + '\n';
  for (const char* part : {"KAFKA_TOPIC", "KAFKA_PARTITIONS"}) {
    EXPECT_NE(all.find(part), std::string::npos) << part << " missing in: " << all;
  }
  EXPECT_EQ(all.find("pw-hidden"), std::string::npos);
}

TEST(KafkaSettings, ReplicationOfACluster) {
  auto defaults = reader({});
  EXPECT_EQ(read_valid(defaults).min_insync_replicas, 1);
  auto cluster = reader({{"KAFKA_REPLICATION_FACTOR", "3"}});
  EXPECT_EQ(read_valid(cluster).min_insync_replicas, 2) << "a replicated topic survives one broker";
  auto wrong = reader({{"KAFKA_REPLICATION_FACTOR", "2"}, {"KAFKA_MIN_INSYNC_REPLICAS", "3"}});
  kafka::KafkaSettings::read(wrong);
  ASSERT_EQ(wrong.errors().size(), 1u);
  EXPECT_NE(wrong.errors().front().find("KAFKA_MIN_INSYNC_REPLICAS"), std::string::npos);
}

TEST(KafkaSettings, InternalTopicsAndABlankGroupAreRefused) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"KAFKA_TOPIC", "__consumer_offsets"},
                                                        {"KAFKA_TOPIC", "__transaction_state"},
                                                        {"KAFKA_DEAD_LETTER_TOPIC", "__consumer_offsets"},
                                                        {"KAFKA_TOPIC", ".."},
                                                        {"KAFKA_GROUP_ID", "   "}}) {
    auto env = reader({{name, value}});
    EXPECT_THROW(read_valid(env), std::invalid_argument) << name << '=' << value;
    ASSERT_FALSE(env.errors().empty()) << name << '=' << value;
    EXPECT_NE(env.errors().front().find(name), std::string::npos) << env.errors().front();
  }
  auto fine = reader({{"KAFKA_TOPIC", "_private.offers"}, {"KAFKA_GROUP_ID", "my-group"}});
  EXPECT_NO_THROW(read_valid(fine));
}
