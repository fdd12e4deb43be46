#include "web/bounded_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>

namespace jobstream::web {
namespace {

using Clock = std::chrono::steady_clock;

// How often a waiting worker looks whether the server is stopping: the bound on how long a slow
// client can delay shutdown.
constexpr std::chrono::milliseconds stop_check{100};

void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text.data(), text.size());
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text.data(), text.size());
    port = ntohs(in6->sin6_port);
  }
  ip = text.data();
}

/// One client connection as httplib's parser reads it: buffered reads under the current request's
/// deadline and byte budget, writes under its write deadline, every wait cut short by stop().
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(socket_t sock, const HttpLimits& limits, const std::atomic<socket_t>& listener)
      : _sock(sock), _limits(limits), _listener(listener) {}

  /// Waits for the first byte of the next request; false when the connection stays idle, closes
  /// or the server stops.
  bool wait_for_request() {
    if (_begin < _end) return true;
    return wait(POLLIN, Clock::now() + _limits.keep_alive_idle);
  }

  void begin_request() {
    const auto now = Clock::now();
    _read_deadline = now + _limits.read_deadline;
    _write_deadline = now + _limits.write_deadline;
    _budget = _limits.max_head_bytes + _limits.max_body_bytes;
  }

  /// The request announced a body beyond the limit: it is answered without reading the body.
  void refuse_body() {
    _budget = 0;
    _exhausted = true;
  }

  /// The request overran its budget or a deadline: what is left of it cannot be trusted, so the
  /// connection closes after the answer.
  bool exhausted() const { return _exhausted; }

  bool is_readable() const override { return _begin < _end || wait(POLLIN, _read_deadline); }
  bool is_writable() const override { return wait(POLLOUT, _write_deadline); }

  ssize_t read(char* ptr, size_t size) override {
    if (_budget == 0) {
      _exhausted = true;
      return -1;
    }
    if (_begin == _end) {
      if (!wait(POLLIN, _read_deadline)) return -1;
      const auto n = ::recv(_sock, _buffer.data(), _buffer.size(), 0);
      if (n <= 0) return n;
      _begin = 0;
      _end = static_cast<std::size_t>(n);
    }
    const auto n = std::min({size, _end - _begin, _budget});
    std::memcpy(ptr, _buffer.data() + _begin, n);
    _begin += n;
    _budget -= n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    for (;;) {
      if (!wait(POLLOUT, _write_deadline)) return -1;
      const auto n = ::send(_sock, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return n;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address_of(_sock, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address_of(_sock, false, ip, port);
  }
  socket_t socket() const override { return _sock; }

 private:
  /// Polls for `events` until `deadline`, in short steps so that stop() is noticed. A missed
  /// deadline marks the connection exhausted.
  bool wait(short events, Clock::time_point deadline) const {
    for (;;) {
      if (_listener.load() == INVALID_SOCKET) return false;  // the server is stopping
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        _exhausted = true;
        return false;
      }
      pollfd fd{_sock, events, 0};
      const int rc = ::poll(&fd, 1, static_cast<int>(std::min(left, stop_check).count()));
      if (rc > 0) return (fd.revents & (events | POLLHUP | POLLERR)) != 0;
      if (rc < 0 && errno != EINTR) return false;
    }
  }

  socket_t _sock;
  const HttpLimits& _limits;
  const std::atomic<socket_t>& _listener;
  std::array<char, 4096> _buffer{};
  std::size_t _begin = 0, _end = 0;
  std::size_t _budget = 0;
  Clock::time_point _read_deadline{}, _write_deadline{};
  mutable bool _exhausted = false;
};

/// Closing a socket whose client is still sending makes the kernel reset the connection, and the
/// client may lose the answer it was sent (a 413, a 400). Stop writing, then read and drop what
/// arrives for a moment, within a small bound.
void linger(socket_t sock) {
  ::shutdown(sock, SHUT_WR);
  std::array<char, 4096> sink{};
  const auto until = Clock::now() + std::chrono::milliseconds(500);
  for (std::size_t drained = 0; drained < std::size_t{1024} * 1024;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0) return;
    pollfd fd{sock, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) return;
    const auto n = ::recv(sock, sink.data(), sink.size(), MSG_DONTWAIT);
    if (n <= 0) return;
    drained += static_cast<std::size_t>(n);
  }
}

}  // namespace

BoundedHttpServer::BoundedHttpServer(HttpLimits limits) : _limits(limits) {
  set_payload_max_length(_limits.max_body_bytes);
  // Only for the Keep-Alive header httplib writes: the connection loop below applies the limits.
  set_keep_alive_max_count(std::max<std::size_t>(1, _limits.keep_alive_requests));
  set_keep_alive_timeout(
      std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(_limits.keep_alive_idle).count()));
  const auto workers = std::max<std::size_t>(1, _limits.workers);
  // httplib's new_task_queue hands back a raw pointer that the server owns and deletes.
  new_task_queue = [workers] {
    return new httplib::ThreadPool(workers);  // NOLINT(cppcoreguidelines-owning-memory): owned by httplib
  };
}

bool BoundedHttpServer::bind_bounded(const std::string& host, int port) {
  if (!bind_to_port(host, port)) return false;
  widen_backlog();
  return true;
}

int BoundedHttpServer::bind_bounded_to_any_port(const std::string& host) {
  const int port = bind_to_any_port(host);
  if (port >= 0) widen_backlog();
  return port;
}

void BoundedHttpServer::widen_backlog() {
  // httplib listened with the backlog it was compiled with (5): a burst of connections beyond it
  // is dropped by the kernel and retried by clients seconds later. Linux lets listen() be called
  // again on a listening socket to change its backlog.
  ::listen(svr_sock_.load(), _limits.listen_backlog);
}

bool BoundedHttpServer::process_and_close_socket(socket_t sock) {
  // An answer leaves in two writes (headers, then body). With Nagle's algorithm the body waited for
  // the client's delayed ACK of the headers: every answer on a kept-alive connection took 40 ms.
  int nodelay = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof(nodelay));
  ConnectionStream stream(sock, _limits, svr_sock_);
  bool ok = false;
  for (std::size_t left = std::max<std::size_t>(1, _limits.keep_alive_requests); left > 0; --left) {
    if (!stream.wait_for_request()) break;
    stream.begin_request();
    bool client_closes = false;
    ok = process_request(stream, left == 1, client_closes, [this, &stream](httplib::Request& req) {
      if (req.has_header("Content-Length") &&
          req.get_header_value<std::uint64_t>("Content-Length") > _limits.max_body_bytes) {
        stream.refuse_body();
      }
      // Each range of a multi-range answer is a copy of the file in memory: 2,000 ranges of a 6 KB
      // request made a 316 MB answer. Ignoring Range is allowed (RFC 9110 §14.2): send it whole.
      if (req.ranges.size() > _limits.max_ranges) {
        req.ranges.clear();
        req.headers.erase("Range");  // the file handler answers 206 to any Range header
      }
    });
    if (!ok || client_closes || stream.exhausted()) break;
  }
  if (stream.exhausted()) linger(sock);
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace jobstream::web
