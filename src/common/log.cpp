#include "common/log.hpp"

#include <fmt/chrono.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <stdexcept>
#include <string>

namespace jobstream::common {
namespace {

// The scope's fields, per thread (LogFields pushes and pops).
thread_local std::vector<std::pair<std::string, std::string>> t_fields;

// A message's word and the token after it ("offer 180HSFM", "partition 3"), as a field.
void read_named_fields(std::string_view message, nlohmann::json& out) {
  static constexpr std::pair<std::string_view, std::string_view> words[] = {{"offer ", "offer_id"},
                                                                            {"slice ", "slice"},
                                                                            {"partition ", "partition"},
                                                                            {"offset ", "offset"},
                                                                            {"topic ", "topic"}};
  for (const auto& [word, field] : words) {
    if (out.contains(field)) continue;  // the scope said it already
    for (std::size_t at = message.find(word); at != std::string_view::npos; at = message.find(word, at + 1)) {
      // Whole words only: "offers " or "withdrawn offer " must not match "offer " in the middle of a word.
      if (at > 0 && std::isalpha(static_cast<unsigned char>(message[at - 1]))) continue;
      auto token = message.substr(at + word.size());
      token = token.substr(0, token.find_first_of(" ,;:()[]"));
      if (token.empty() || token == "{}") continue;
      const bool numeric = field == "partition" || field == "offset";
      if (numeric && token.find_first_not_of("0123456789") != std::string_view::npos) continue;
      if (numeric) {
        out[std::string(field)] = std::stoll(std::string(token));
      } else {
        out[std::string(field)] = std::string(token);
      }
      break;
    }
  }
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    const auto time =
        fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(seconds), static_cast<int>(ms % 1000));
    const auto level = spdlog::level::to_string_view(msg.level);
    const auto line = json_log_line(time, std::string_view(level.data(), level.size()),
                                    std::string_view(msg.payload.data(), msg.payload.size()), t_fields);
    dest.append(line.data(), line.data() + line.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

constexpr const char* text_pattern = "%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v";

}  // namespace

std::string json_log_line(std::string_view time, std::string_view level, std::string_view message,
                          const std::vector<std::pair<std::string, std::string>>& scope_fields) {
  nlohmann::ordered_json out;
  out["time"] = std::string(time);
  out["level"] = std::string(level);
  std::string_view component = "jobstream", text = message;
  // "consume: partitions 1,2 revoked" -> component "consume"; librdkafka's "kafka rdkafka#...: ..."
  // lines keep their first word.
  if (const auto colon = message.find(": "); colon != std::string_view::npos && colon > 0 && colon <= 24) {
    const auto head = message.substr(0, colon);
    const auto word = head.substr(0, head.find(' '));
    if (word.find_first_not_of("abcdefghijklmnopqrstuvwxyz-_") == std::string_view::npos && !word.empty()) {
      component = word;
      if (word.size() == head.size()) text = message.substr(colon + 2);
    }
  }
  out["component"] = std::string(component);
  out["message"] = std::string(text);
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [name, value] : scope_fields) fields[name] = value;
  read_named_fields(text, fields);
  for (auto& [name, value] : fields.items()) out[name] = value;
  // Messages may quote outside bytes that are not UTF-8: replaced, never a lost line.
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

LogFormat parse_log_format(std::string_view name) {
  if (name.empty() || name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  throw std::invalid_argument("JOBSTREAM_LOG_FORMAT must be text or json, not '" +
                              std::string(name.substr(0, 40)) + "'");
}

void set_log_format(LogFormat format) {
  auto logger = spdlog::default_logger();
  if (format == LogFormat::json) {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(text_pattern));
  }
}

void init_logging(std::string_view level, LogFormat format) {
  const auto parsed = spdlog::level::from_str(std::string(level));
  // from_str maps unknown names to "off": refuse them instead of silencing the program.
  if (parsed == spdlog::level::off && level != "off") {
    throw std::invalid_argument("unknown log level '" + std::string(level) + "'");
  }
  auto logger = spdlog::stderr_color_mt("jobstream");
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
  set_log_format(format);
}

LogFields::LogFields(std::initializer_list<std::pair<std::string_view, std::string>> fields)
    : _count(fields.size()) {
  for (const auto& [name, value] : fields) t_fields.emplace_back(std::string(name), value);
}

LogFields::~LogFields() { t_fields.resize(t_fields.size() - _count); }

}  // namespace jobstream::common
