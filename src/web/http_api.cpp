#include "web/http_api.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <variant>

#include "analytics/figures_json.hpp"
#include "analytics/filter_params.hpp"
#include "web/reference_labels.hpp"

namespace jobstream::web {
namespace {

constexpr const char* json_type = "application/json; charset=utf-8";

const char* status_text(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 500:
      return "internal_error";
    default:
      return "error";
  }
}

ApiResponse json_response(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.content_type = json_type;
  response.body = std::move(body);
  // Figures change while the pipeline runs: a cached answer would be stale.
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

ApiResponse error_response(int status, std::string_view message) {
  return json_response(status, error_body(status, message));
}

}  // namespace

std::string error_body(int status, std::string_view message) {
  nlohmann::ordered_json body;
  body["error"] = status_text(status);
  body["message"] = message;
  // A message may quote what the client sent: bytes that are not UTF-8 are replaced, never thrown on.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool HttpApi::owns(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

ApiResponse HttpApi::handle(const ApiRequest& request) const {
  const bool figures = request.path == "/api/figures";
  const bool health = request.path == "/api/health";
  const bool labels = request.path == "/api/labels";
  if (!figures && !health && !labels) {
    return error_response(404, "no such endpoint; see /api/figures, /api/health and /api/labels");
  }
  if (request.method != "GET" && request.method != "HEAD") {
    auto response = error_response(405, "the API is read-only: use GET");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  // A parameter that is not UTF-8 ("%FF") cannot be quoted in a JSON answer nor match any code.
  for (const auto& [name, value] : request.params) {
    if (!is_utf8(name) || !is_utf8(value)) return error_response(400, "query parameters must be UTF-8");
  }
  try {
    if (health || labels) {
      if (!request.params.empty()) return error_response(400, request.path + " takes no parameters");
      return json_response(200, health ? _backend.health().dump() : reference_labels().dump());
    }
    auto parsed = analytics::parse_filter(request.params);
    if (auto* message = std::get_if<std::string>(&parsed)) return error_response(400, *message);
    return json_response(200, analytics::to_json_text(_backend.figures(std::get<analytics::Filter>(parsed))));
  } catch (const std::invalid_argument& e) {
    return error_response(400, e.what());
  } catch (const std::exception& e) {
    spdlog::error("serve: {} failed: {}", request.path, e.what());
    return error_response(500, "the figures could not be computed; see the server's log");
  }
}

}  // namespace jobstream::web
