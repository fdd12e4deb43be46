#include "common/settings_reader.hpp"

#include <gtest/gtest.h>

#include <map>

using jobstream::common::Secret;
using jobstream::common::SettingsReader;
using namespace std::chrono_literals;

namespace {
SettingsReader reader(std::map<std::string, std::string> vars) {
  return SettingsReader([vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  });
}
}  // namespace

TEST(SettingsReader, ReadsTypedValuesWithDefaults) {
  auto env = reader({{"PORT", " 9142 "}, {"RATE", "2.5"}, {"ON", "yes"}, {"WAIT", "250ms"},
                     {"HOSTS", "a, b,,c"}, {"EMPTY", ""}, {"MIN", "5m"}});
  EXPECT_EQ(env.integer("PORT", 9042, 1, 65535), 9142);
  EXPECT_EQ(env.integer("ABSENT", 9042, 1, 65535), 9042);
  EXPECT_DOUBLE_EQ(env.number("RATE", 1, 0, 10), 2.5);
  EXPECT_TRUE(env.boolean("ON", false));
  EXPECT_EQ(env.duration("WAIT", 1s), 250ms);
  EXPECT_EQ(env.duration("MIN", 1s), 5min);
  EXPECT_EQ(env.list("HOSTS", {}), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(env.text("EMPTY", "fallback"), "fallback");
  EXPECT_NO_THROW(env.throw_if_invalid());
}

TEST(SettingsReader, ReportsEveryProblemAtOnceWithoutSecrets) {
  auto env = reader({{"PORT", "90x"}, {"RF", "0"}, {"ON", "maybe"}, {"WAIT", "3 days"},
                     {"FT_CLIENT_SECRET", "s3cr3t-value"}});
  env.integer("PORT", 9042, 1, 65535);
  env.integer("RF", 1, 1, 10);
  env.boolean("ON", false);
  env.duration("WAIT", 1s);
  env.required_text("KAFKA_TOPIC");
  const Secret secret = env.secret("FT_CLIENT_SECRET");
  EXPECT_EQ(secret.reveal(), "s3cr3t-value");
  EXPECT_EQ(fmt::format("{}", secret), "***");
  ASSERT_EQ(env.errors().size(), 5u);
  try {
    env.throw_if_invalid();
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    for (const char* name : {"PORT", "RF", "ON", "WAIT", "KAFKA_TOPIC is required"}) {
      EXPECT_NE(what.find(name), std::string::npos) << name << " in " << what;
    }
    EXPECT_EQ(what.find("s3cr3t"), std::string::npos);
  }
}
