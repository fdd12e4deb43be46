#include "common/log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

using namespace jobstream::common;

namespace {

// The process logger, writing into `out` instead of stderr, formatted as init_logging does.
class CapturedLog {
 public:
  explicit CapturedLog(LogFormat format) {
    _previous = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(_out);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
    set_log_format(format);
  }
  ~CapturedLog() { spdlog::set_default_logger(_previous); }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(_out.str());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  std::ostringstream _out;
  std::shared_ptr<spdlog::logger> _previous;
};

}  // namespace

TEST(Log, JsonFormatWritesOneObjectPerLineWithStructuredFields) {
  CapturedLog log(LogFormat::json);
  spdlog::warn("consume: partition {} offset {}: store failed, retrying", 3, 42);
  {
    LogFields fields{{"offer_id", "180HSFM"}, {"slice", "2026-11-01/75"}};
    spdlog::error("produce: refused (record too large)\nsecond line");
  }
  spdlog::info("no component here");
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 3u);  // the newline inside a message stays inside its object

  const auto first = nlohmann::json::parse(lines[0]);
  EXPECT_TRUE(std::regex_match(first["time"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << first["time"];
  EXPECT_EQ(first["level"], "warning");
  EXPECT_EQ(first["component"], "consume");
  EXPECT_EQ(first["message"], "partition 3 offset 42: store failed, retrying");
  EXPECT_EQ(first["partition"], 3);
  EXPECT_EQ(first["offset"], 42);

  const auto second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["level"], "error");
  EXPECT_EQ(second["component"], "produce");
  EXPECT_EQ(second["offer_id"], "180HSFM");
  EXPECT_EQ(second["slice"], "2026-11-01/75");
  EXPECT_EQ(second["message"], "refused (record too large)\nsecond line");

  const auto third = nlohmann::json::parse(lines[2]);
  EXPECT_EQ(third["component"], "jobstream");
  EXPECT_FALSE(third.contains("offer_id"));  // the scope ended
}

TEST(Log, TextFormatStaysHumanReadable) {
  CapturedLog log(LogFormat::text);
  spdlog::info("source: offer {} withdrawn", "180HSFM");
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(std::regex_match(
      lines[0], std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} info source: offer 180HSFM withdrawn)")))
      << lines[0];
}

TEST(Log, JsonLineReadsTheProjectsWordsAndSurvivesBadBytes) {
  const auto line = nlohmann::json::parse(json_log_line(
      "2026-11-30T17:00:00.000Z", "info", "source: slice 2026-11 failed for offer \xff\xfe (x)"));
  EXPECT_EQ(line["component"], "source");
  EXPECT_EQ(line["slice"], "2026-11");
  EXPECT_TRUE(line.contains("offer_id"));  // replaced bytes, but the line is kept
  const auto plain = nlohmann::json::parse(json_log_line("t", "info", "3 offers harvested, partitions 1,2"));
  EXPECT_FALSE(plain.contains("offer_id"));
  EXPECT_FALSE(plain.contains("partition"));
}

TEST(Log, FormatSettingIsTextOrJson) {
  EXPECT_EQ(parse_log_format(""), LogFormat::text);
  EXPECT_EQ(parse_log_format("text"), LogFormat::text);
  EXPECT_EQ(parse_log_format("json"), LogFormat::json);
  EXPECT_THROW(parse_log_format("xml"), std::invalid_argument);
}
