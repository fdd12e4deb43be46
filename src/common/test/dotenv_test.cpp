#include "common/dotenv.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using jobstream::common::parse_dotenv;

TEST(Dotenv, ParsesPlainQuotedAndExportedLines) {
  const auto vars = parse_dotenv("# credentials\n"
                                 "FT_CLIENT_ID=PAR_app_123\n"
                                 "export KAFKA_TOPIC = francetravail.offers  # inline comment\n"
                                 "FT_SCOPE=\"api_offresdemploiv2 o2dsoffre\"\n"
                                 "RAW='a#b \\n c'\n"
                                 "ESC=\"line1\\nline2 \\\"q\\\"\"\n"
                                 "EMPTY=\n");
  EXPECT_EQ(vars.at("FT_CLIENT_ID"), "PAR_app_123");
  EXPECT_EQ(vars.at("KAFKA_TOPIC"), "francetravail.offers");
  EXPECT_EQ(vars.at("FT_SCOPE"), "api_offresdemploiv2 o2dsoffre");
  EXPECT_EQ(vars.at("RAW"), "a#b \\n c");
  EXPECT_EQ(vars.at("ESC"), "line1\nline2 \"q\"");
  EXPECT_EQ(vars.at("EMPTY"), "");
  EXPECT_EQ(vars.size(), 6u);
}

TEST(Dotenv, MalformedLineNamesTheLineButNotTheValue) {
  try {
    parse_dotenv("A=1\nthis-is-secret-no-equals\n");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("line 2"), std::string::npos) << what;
    EXPECT_EQ(what.find("secret"), std::string::npos) << what;
  }
  EXPECT_THROW(parse_dotenv("BAD KEY=1\n"), std::invalid_argument);
  EXPECT_THROW(parse_dotenv("K=\"unterminated\n"), std::invalid_argument);
}

TEST(Dotenv, RealEnvironmentWinsOverTheFile) {
  const auto path = std::filesystem::temp_directory_path() / "jobstream_dotenv_test.env";
  std::ofstream(path) << "JOBSTREAM_TEST_A=from_file\nJOBSTREAM_TEST_B=from_file\n";
  ::setenv("JOBSTREAM_TEST_A", "from_env", 1);
  ::unsetenv("JOBSTREAM_TEST_B");
  EXPECT_EQ(jobstream::common::load_dotenv(path), 1);
  EXPECT_EQ(*jobstream::common::env("JOBSTREAM_TEST_A"), "from_env");
  EXPECT_EQ(*jobstream::common::env("JOBSTREAM_TEST_B"), "from_file");
  EXPECT_EQ(jobstream::common::load_dotenv(path.string() + ".missing"), 0);
  std::filesystem::remove(path);
}

TEST(Dotenv, OldMacLineEndingsAreLineEndingsAndNeverQuoteTheNextLine) {
  // CR-only: read as one line, the first value swallowed the rest of the file, secret included.
  const auto vars = parse_dotenv("KAFKA_PARTITIONS=6\rFT_CLIENT_SECRET=cr-secret\rFT_CLIENT_ID=app\r");
  EXPECT_EQ(vars.at("KAFKA_PARTITIONS"), "6");
  EXPECT_EQ(vars.at("FT_CLIENT_SECRET"), "cr-secret");
  EXPECT_EQ(vars.at("FT_CLIENT_ID"), "app");
  EXPECT_EQ(parse_dotenv("A=1\r\nB=2\r\n").at("B"), "2");
  try {
    parse_dotenv("A=1\rnot a setting cr-secret\r");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("cr-secret"), std::string::npos) << e.what();
  }
}

TEST(Dotenv, AUtf8ByteOrderMarkIsAccepted) {
  const auto vars = parse_dotenv("\xEF\xBB\xBF"
                                 "FT_CLIENT_ID=app\nKAFKA_TOPIC=t\n");
  EXPECT_EQ(vars.at("FT_CLIENT_ID"), "app");
  EXPECT_EQ(vars.size(), 2u);
}

TEST(Dotenv, AMissingFileNamedOnPurposeIsAnError) {
  const auto missing = std::filesystem::temp_directory_path() / "jobstream_no_such.env";
  EXPECT_EQ(jobstream::common::load_dotenv(missing, jobstream::common::IfMissing::skip), 0);
  try {
    jobstream::common::load_dotenv(missing, jobstream::common::IfMissing::fail);
    FAIL() << "a missing --env-file was ignored";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
  }
}
