#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "source/curl_handles.hpp"

namespace jobstream::source {

struct HttpRequest {
  enum class Method { get, post };
  Method method = Method::get;
  std::string url;
  std::vector<std::string> headers;  ///< "Name: value"
  std::string body;                  ///< POST only
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{10000};
  /// The answer's body is refused beyond this many bytes once decoded (a gzip bomb expands
  /// a thousandfold): the transfer stops and `too_large` is set.
  std::int64_t max_body_bytes = std::int64_t{32} * 1024 * 1024;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  ///< names lower-cased; last value wins
  std::string body;
  bool timed_out = false;        ///< no complete answer within the timeout
  bool transport_error = false;  ///< no answer at all (refused, reset, DNS, TLS)
  bool too_large = false;        ///< the decoded body outgrew max_body_bytes (transfer stopped)
  std::string error;             ///< libcurl's description when no answer came

  /// A header's value or "" (name in lower case).
  std::string header(const std::string& lower_name) const;
};

/// One libcurl easy handle, reused across requests so connections stay alive. Every request has
/// a timeout. Not thread-safe: one per thread. Never logs or returns request bodies or headers,
/// which carry secrets and tokens.
class HttpClient {
 public:
  HttpClient();
  HttpResponse perform(const HttpRequest& request);

  /// Percent-encodes a form or query value.
  std::string escape(const std::string& value);

 private:
  CurlEasy _easy;
};

}  // namespace jobstream::source
