#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace jobstream::web {

/// What one client may cost `jobstream serve`. The defaults serve the dashboard to a few people
/// comfortably; tests pass smaller ones.
struct HttpLimits {
  /// Whole request (line, headers and body) read within this time, however slowly it trickles in.
  std::chrono::milliseconds read_deadline{std::chrono::seconds(10)};
  /// Whole response written within this time (a client that stops reading is dropped).
  std::chrono::milliseconds write_deadline{std::chrono::seconds(30)};
  /// An idle keep-alive connection is closed after this time.
  std::chrono::milliseconds keep_alive_idle{std::chrono::seconds(5)};
  std::size_t keep_alive_requests = 100;                ///< requests per connection
  std::size_t max_head_bytes = std::size_t{32} * 1024;  ///< request line and headers together
  std::size_t max_body_bytes =
      std::size_t{16} * 1024;  ///< the API is read-only: bodies are refused beyond this
  std::size_t max_ranges = 1;  ///< a Range with more is ignored (the whole file is sent)
  std::size_t workers = 32;    ///< requests served at once
  int listen_backlog = 1024;   ///< connections waiting to be accepted (the kernel caps it at somaxconn)
};

/// cpp-httplib's server with every cost bounded. cpp-httplib 0.11 (Debian 12) has a read timeout
/// per recv() but no deadline per request, a listen backlog fixed at 5 when it was compiled, no
/// bound on the size of a header block or of a chunked body, and builds a multi-range answer in
/// memory. This class keeps its parser and routing and owns the connection loop instead: a stream
/// with a read and a write deadline and a byte budget per request, the backlog set again after
/// bind, multi-range requests served whole, and slow clients dropped as soon as stop() is called.
///
/// @locality the connection loop runs on the worker threads; stop() from any thread.
class BoundedHttpServer : public httplib::Server {
 public:
  explicit BoundedHttpServer(HttpLimits limits = {});

  /// bind_to_port()/bind_to_any_port() with the backlog of the limits. Returns false / -1 as they do.
  bool bind_bounded(const std::string& host, int port);
  int bind_bounded_to_any_port(const std::string& host);

  const HttpLimits& limits() const { return _limits; }

 private:
  bool process_and_close_socket(socket_t sock) override;
  void widen_backlog();

  HttpLimits _limits;
};

}  // namespace jobstream::web
