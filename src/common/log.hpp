#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobstream::common {

/// How log lines look: `text` for people (the default), `json` for log shippers.
enum class LogFormat { text, json };

/// Sets up the process-wide logger on stderr, level from `level` ("trace".."critical", "off");
/// an unknown level throws std::invalid_argument.
void init_logging(std::string_view level, LogFormat format = LogFormat::text);

/// "text" or "json" (JOBSTREAM_LOG_FORMAT; empty means text); anything else throws
/// std::invalid_argument.
LogFormat parse_log_format(std::string_view name);

/// Switches the format of the logger set up by init_logging.
void set_log_format(LogFormat format);

/// Structured fields added to every JSON log line written by this thread while the scope lives
/// (an offer id, a partition, an offset, a slice), besides those read from the message itself.
/// Text lines are unchanged: their message already says it. Scopes nest.
///
/// @locality the thread that creates it; it must be destroyed on that thread.
class LogFields {
 public:
  LogFields(std::initializer_list<std::pair<std::string_view, std::string>> fields);
  ~LogFields();
  LogFields(const LogFields&) = delete;
  LogFields& operator=(const LogFields&) = delete;

 private:
  std::size_t _count;
};

/// One JSON object (no newline) for a log line: time, level, component, message and the fields.
/// The component is the message's "name: " prefix ("consume: ..."), else "jobstream"; fields are
/// the scope's, then those the message names in the project's usual words: "offer <id>",
/// "slice <key>", "partition <n>", "offset <n>", "topic <name>". Exposed for tests.
std::string json_log_line(std::string_view time, std::string_view level, std::string_view message,
                          const std::vector<std::pair<std::string, std::string>>& scope_fields = {});

}  // namespace jobstream::common
