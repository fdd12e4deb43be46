#include "source/source_settings.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <functional>
#include <stdexcept>

#include "source/api_time.hpp"

namespace jobstream::source {
namespace {

bool is_http_url(const std::string& url) { return url.starts_with("https://") || url.starts_with("http://"); }

// Every check in one list, shared by validate() and from_environment().
void check(const SourceSettings& s, const std::function<void(std::string)>& fail) {
  using namespace std::chrono_literals;
  if (s.client_id.empty() != s.client_secret.empty()) {
    fail("FT_CLIENT_ID and FT_CLIENT_SECRET must be set together");
  }
  if (!is_http_url(s.token_url)) fail("FT_TOKEN_URL must be an http(s) URL");
  if (!is_http_url(s.api_url)) fail("FT_API_URL must be an http(s) URL");
  if (s.api_url.ends_with("/")) fail("FT_API_URL must not end with '/' (it ends with .../offresdemploi/v2)");
  if (s.scope.empty()) fail("FT_SCOPE must not be empty");
  if (!(s.requests_per_second > 0 && s.requests_per_second <= 1000))
    fail("FT_RATE_LIMIT must be in (0, 1000]");
  if (s.burst < 1) fail("FT_RATE_BURST must be at least 1");
  if (s.request_timeout < 100ms) fail("FT_REQUEST_TIMEOUT must be at least 100ms");
  if (s.connect_timeout < 100ms) fail("FT_CONNECT_TIMEOUT must be at least 100ms");
  if (s.call_deadline < s.request_timeout) fail("FT_CALL_DEADLINE must be at least FT_REQUEST_TIMEOUT");
  if (s.max_attempts < 1 || s.max_attempts > 100) fail("FT_MAX_ATTEMPTS must be between 1 and 100");
  if (s.backoff_base < 1ms) fail("FT_BACKOFF_BASE must be at least 1ms");
  if (s.backoff_max < s.backoff_base) fail("FT_BACKOFF_MAX must be at least FT_BACKOFF_BASE");
  if (s.page_size < 1 || s.page_size > 150) fail("FT_PAGE_SIZE must be between 1 and 150 (API maximum)");
  if (s.result_cap < s.page_size) fail("FT_RESULT_CAP must be at least FT_PAGE_SIZE");
  if (const auto start = parse_api_time(s.sweep_start); !start) {
    fail("FT_SWEEP_START must be an ISO date such as 2000-01-01T00:00:00Z");
  } else if (*start > std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())) {
    // Nothing was created after now: a sweep from the future would find no offer and then
    // withdraw every known one. Compared in seconds: in the clock's nanoseconds, year 9999
    // overflows and would pass.
    fail("FT_SWEEP_START is in the future");
  }
  if (s.window_overlap < 0ms) fail("FT_WINDOW_OVERLAP must not be negative");
  if (s.poll_interval < 1s) fail("JOBSTREAM_POLL_INTERVAL must be at least 1s");
  if (s.full_sweep_interval < s.poll_interval) {
    fail("JOBSTREAM_FULL_SWEEP_INTERVAL must be at least JOBSTREAM_POLL_INTERVAL");
  }
  if (s.confirm_withdrawals_max < 0) fail("JOBSTREAM_CONFIRM_WITHDRAWALS_MAX must not be negative");
  if (s.max_response_bytes < std::int64_t{64} * 1024) fail("FT_MAX_RESPONSE_BYTES must be at least 65536");
  if (!(s.sweep_max_drop > 0 && s.sweep_max_drop <= 1)) fail("JOBSTREAM_SWEEP_MAX_DROP must be in (0, 1]");
  if (!(s.sweep_request_budget >= 1)) fail("JOBSTREAM_SWEEP_REQUEST_BUDGET must be at least 1");
}

}  // namespace

std::string read_state_dir(common::SettingsReader& env) {
  std::string dir = env.text("JOBSTREAM_STATE_DIR", "");
  if (!dir.empty()) return dir;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return std::string(xdg) + "/jobstream";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.local/state/jobstream";
  return ".jobstream-state";
}

void SourceSettings::validate() const {
  std::vector<std::string> errors;
  check(*this, [&](std::string m) { errors.push_back(std::move(m)); });
  if (errors.empty()) return;
  std::string all = "invalid source settings:";
  for (const auto& e : errors) all += "\n  - " + e;
  throw std::invalid_argument(all);
}

SourceSettings SourceSettings::from_environment(common::SettingsReader& env) {
  auto s = read(env);
  env.throw_if_invalid();
  return s;
}

SourceSettings SourceSettings::read(common::SettingsReader& env) {
  SourceSettings s;
  s.client_id = env.text("FT_CLIENT_ID", "");
  s.client_secret = env.secret("FT_CLIENT_SECRET");
  s.token_url = env.text("FT_TOKEN_URL", s.token_url);
  s.api_url = env.text("FT_API_URL", s.api_url);
  s.scope = env.text("FT_SCOPE", s.scope);
  s.requests_per_second = env.number("FT_RATE_LIMIT", s.requests_per_second, 0.001, 1000);
  s.burst = static_cast<int>(env.integer("FT_RATE_BURST", s.burst, 1, 1000));
  s.request_timeout = env.duration("FT_REQUEST_TIMEOUT", s.request_timeout);
  s.connect_timeout = env.duration("FT_CONNECT_TIMEOUT", s.connect_timeout);
  s.call_deadline = env.duration("FT_CALL_DEADLINE", s.call_deadline);
  s.max_attempts = static_cast<int>(env.integer("FT_MAX_ATTEMPTS", s.max_attempts, 1, 100));
  s.backoff_base = env.duration("FT_BACKOFF_BASE", s.backoff_base);
  s.backoff_max = env.duration("FT_BACKOFF_MAX", s.backoff_max);
  s.max_retry_after = env.duration("FT_MAX_RETRY_AFTER", s.max_retry_after);
  s.token_refresh_margin = env.duration("FT_TOKEN_REFRESH_MARGIN", s.token_refresh_margin);
  s.page_size = static_cast<int>(env.integer("FT_PAGE_SIZE", s.page_size, 1, 150));
  s.result_cap = static_cast<int>(env.integer("FT_RESULT_CAP", s.result_cap, 1, 1000000));
  s.sweep_start = env.text("FT_SWEEP_START", s.sweep_start);
  s.sweep_end_ahead = env.duration("FT_SWEEP_END_AHEAD", s.sweep_end_ahead);
  s.window_overlap = env.duration("FT_WINDOW_OVERLAP", s.window_overlap);
  s.poll_interval = env.duration("JOBSTREAM_POLL_INTERVAL", s.poll_interval);
  s.poll_overlap = env.duration("JOBSTREAM_POLL_OVERLAP", s.poll_overlap);
  s.full_sweep_interval = env.duration("JOBSTREAM_FULL_SWEEP_INTERVAL", s.full_sweep_interval);
  s.confirm_withdrawals_max = static_cast<int>(
      env.integer("JOBSTREAM_CONFIRM_WITHDRAWALS_MAX", s.confirm_withdrawals_max, 0, 10000000));
  s.max_response_bytes =
      env.integer("FT_MAX_RESPONSE_BYTES", s.max_response_bytes, 65536, std::int64_t{1} << 34);
  s.sweep_max_drop = env.number("JOBSTREAM_SWEEP_MAX_DROP", s.sweep_max_drop, 0.001, 1);
  s.sweep_request_budget = env.number("JOBSTREAM_SWEEP_REQUEST_BUDGET", s.sweep_request_budget, 1, 1000);
  s.state_dir = read_state_dir(env);
  s.state_file = env.text("JOBSTREAM_SOURCE_STATE_FILE", "");
  s.state_file_given = !s.state_file.empty();
  if (!s.state_file_given) s.state_file = s.state_dir + "/source-state.json";
  check(s, [&](std::string m) { env.fail(std::move(m)); });
  return s;
}

}  // namespace jobstream::source
