#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analytics/figures.hpp"

namespace jobstream::web {

/// A request as the API sees it: the server adapter fills it from the HTTP library's request.
struct ApiRequest {
  std::string method;                                       ///< "GET", "HEAD", ...
  std::string path;                                         ///< "/api/figures" (no query string)
  std::vector<std::pair<std::string, std::string>> params;  ///< decoded query parameters, in order
};

struct ApiResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// What the API reads from. The server gives it the live figures and the pipeline probe; unit
/// tests give it an engine of their own.
class ApiBackend {
 public:
  virtual ~ApiBackend() = default;
  /// Throws std::invalid_argument for a filter the engine refuses.
  virtual analytics::Figures figures(const analytics::Filter& filter) = 0;
  /// The jobstream.health/1 document.
  virtual nlohmann::ordered_json health() = 0;
};

/// The read-only JSON API, with no server in it:
///   GET /api/figures?<filter>  -> jobstream.figures/1 (400 and a JSON error for a bad filter)
///   GET /api/health            -> jobstream.health/1
///   GET /api/labels            -> jobstream.labels/1: the labels of the filters' codes
/// Other /api paths are 404, other methods 405; every answer is JSON and never cached.
class HttpApi {
 public:
  explicit HttpApi(ApiBackend& backend) : _backend(backend) {}

  /// Whether `path` belongs to the API (the rest is static files).
  static bool owns(std::string_view path);
  ApiResponse handle(const ApiRequest& request) const;

 private:
  ApiBackend& _backend;
};

/// The JSON error body: {"error": <status text>, "message": <detail>}.
std::string error_body(int status, std::string_view message);

}  // namespace jobstream::web
