#include "source/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>

namespace jobstream::source {
namespace {

struct BodySink {
  std::string* body;
  std::size_t max;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  // libcurl hands over decoded bytes: the bound holds whatever the compression ratio.
  if (sink->body->size() + size * n > sink->max) {
    sink->too_large = true;
    return 0;  // stops the transfer (CURLE_WRITE_ERROR)
  }
  sink->body->append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  const std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) headers->clear();  // a new response (after 100-continue or a redirect)
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto value = line.substr(colon + 1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
    (*headers)[name] = std::string(value);
  }
  return size * n;
}

}  // namespace

void ensure_curl_global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("curl_global_init failed");
  });
}

std::string HttpResponse::header(const std::string& lower_name) const {
  const auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient() {
  ensure_curl_global_init();
  _easy.reset(curl_easy_init());
  if (!_easy) throw std::runtime_error("curl_easy_init failed");
}

std::string HttpClient::escape(const std::string& value) {
  CurlString out(curl_easy_escape(_easy.get(), value.data(), static_cast<int>(value.size())));
  if (!out) throw std::runtime_error("curl_easy_escape failed");
  return std::string(out.get());
}

HttpResponse HttpClient::perform(const HttpRequest& request) {
  CURL* h = _easy.get();
  curl_easy_reset(h);
  HttpResponse response;
  CurlSlist headers;
  for (const auto& line : request.headers) {
    curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
    if (!grown) throw std::runtime_error("curl_slist_append failed");
    (void)headers.release();
    headers.reset(grown);
  }
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // gzip when offered: pages are large
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  BodySink sink{&response.body, static_cast<std::size_t>(std::max<std::int64_t>(request.max_body_bytes, 0))};
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &response.headers);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  if (request.method == HttpRequest::Method::post) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  const CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  // Drop the form (it holds the client secret) from the reused handle right away.
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
  if (sink.too_large) {
    response.too_large = true;
    response.error = "answer larger than " + std::to_string(request.max_body_bytes) + " bytes once decoded";
    response.body.clear();
    response.body.shrink_to_fit();
    response.status = 0;
    return response;
  }
  if (rc != CURLE_OK) {
    response.error = curl_easy_strerror(rc);
    response.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    // A body cut short still counts as "no usable answer": the status alone is not trusted.
    response.transport_error = !response.timed_out;
    response.status = 0;
    return response;
  }
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace jobstream::source
