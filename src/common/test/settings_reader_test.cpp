#include "common/settings_reader.hpp"

#include <gtest/gtest.h>

#include "common/test/settings_testing.hpp"

using jobstream::common::Secret;
using jobstream::common::SettingsReader;
using jobstream::common::settings_testing::reader;
using namespace std::chrono_literals;

TEST(SettingsReader, ReadsTypedValuesWithDefaults) {
  auto env = reader({{"PORT", " 9142 "},
                     {"RATE", "2.5"},
                     {"ON", "yes"},
                     {"WAIT", "250ms"},
                     {"HOSTS", "a, b,,c"},
                     {"EMPTY", ""},
                     {"MIN", "5m"}});
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
  auto env = reader({{"PORT", "90x"},
                     {"RF", "0"},
                     {"ON", "maybe"},
                     {"WAIT", "3 days"},
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

TEST(SettingsReader, DurationsThatOverflowAreRefused) {
  // 5124095576031h in milliseconds is past 2^63: it wrapped round to about 34 minutes.
  auto env = reader({{"LONG", "5124095576031h"},
                     {"MS", "9223372036854775807ms"},
                     {"S", "9223372036854776s"},
                     {"M", "153722867280913m"},
                     {"OK", "100000h"}});
  EXPECT_EQ(env.duration("LONG", 1s), 1s);
  EXPECT_EQ(env.duration("MS", 1s), std::chrono::milliseconds(9223372036854775807));
  EXPECT_EQ(env.duration("S", 1s), 1s);
  EXPECT_EQ(env.duration("M", 1s), 1s);
  EXPECT_EQ(env.duration("OK", 1s), 100000h);
  ASSERT_EQ(env.errors().size(), 3u);
  EXPECT_NE(env.errors()[0].find("LONG"), std::string::npos) << env.errors()[0];
}

TEST(SettingsReader, ValuesWithControlCharactersAreRefusedWithoutBeingQuoted) {
  auto env = reader({{"PARTS", "6\rFT_CLIENT_SECRET=leak"}, {"TOPIC", "a\x1b[2Jb"}, {"GROUP", "   "}});
  env.integer("PARTS", 6, 1, 100);
  env.text("TOPIC", "t");
  EXPECT_EQ(env.nonblank_text("GROUP", "g"), "g");
  ASSERT_EQ(env.errors().size(), 3u);
  for (const auto& e : env.errors()) EXPECT_EQ(e.find("leak"), std::string::npos) << e;
  EXPECT_NE(env.errors()[2].find("GROUP"), std::string::npos);
}

TEST(SecretMask, ASecretEchoedInAnOutsideAnswerIsMasked) {
  const Secret secret("s3cr3t/va+lue");
  EXPECT_EQ(jobstream::common::mask(R"({"error_description":"bad client_secret=s3cr3t/va+lue"})", secret),
            R"({"error_description":"bad client_secret=***"})");
  // As the form carried it (percent-encoded), and as a form decoder may echo it (+ for space).
  EXPECT_EQ(jobstream::common::mask("got s3cr3t%2Fva%2Blue", secret), "got ***");
  EXPECT_EQ(jobstream::common::mask("got S3CR3T%2fVA%2bLUE", Secret("S3CR3T/VA+LUE")), "got ***");
  EXPECT_EQ(jobstream::common::mask("nothing here", secret), "nothing here");
  EXPECT_EQ(jobstream::common::mask("empty", Secret()), "empty");
}
