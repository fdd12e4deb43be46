#include "cql/transport.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>  // NOLINT(modernize-deprecated-headers): POSIX sigset_t and pthread_sigmask
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "cql/error.hpp"

namespace jobstream::cql {
namespace {

int poll_timeout(Deadline d) {
  if (d == no_deadline) return -1;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(std::min<long long>(ms, 1 << 30));
}

/// Waits for `events` on fd; false at the deadline.
bool wait_for(int fd, short events, Deadline d, int cap_ms = -1) {
  for (;;) {
    pollfd pfd{fd, events, 0};
    int timeout = poll_timeout(d);
    if (cap_ms >= 0 && (timeout < 0 || timeout > cap_ms)) timeout = cap_ms;
    const int r = ::poll(&pfd, 1, timeout);
    if (r > 0) return true;
    if (r == 0) return cap_ms >= 0 && Clock::now() < d;  // a capped wait ends early without timing out
    if (errno != EINTR) return true;                     // let the next call report the error
  }
}

[[noreturn]] void stalled(const std::string& endpoint) {
  throw CqlError(ErrorCode::connection_lost, "write to " + endpoint + " stalled: the peer stopped reading");
}

class PlainTransport final : public Transport {
 public:
  PlainTransport(int fd, std::string endpoint) : _fd(fd), _endpoint(std::move(endpoint)) {}
  ~PlainTransport() override { ::close(_fd); }

  std::size_t read_some(std::uint8_t* data, std::size_t n, Deadline d) override {
    for (;;) {
      const auto got = ::recv(_fd, data, n, 0);
      if (got > 0) return static_cast<std::size_t>(got);
      if (got == 0) return 0;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        throw CqlError(ErrorCode::connection_lost,
                       "recv from " + _endpoint + " failed: " + std::strerror(errno));
      }
      if (!wait_for(_fd, POLLIN, d))
        throw CqlError(ErrorCode::client_timeout, "read from " + _endpoint + " timed out");
    }
  }

  void write_all(const std::uint8_t* data, std::size_t n, Deadline d) override {
    while (n) {
      const auto sent = ::send(_fd, data, n, MSG_NOSIGNAL);
      if (sent > 0) {
        data += sent;
        n -= static_cast<std::size_t>(sent);
        continue;
      }
      if (sent < 0 && errno == EINTR) continue;
      if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_for(_fd, POLLOUT, d)) stalled(_endpoint);
        continue;
      }
      throw CqlError(ErrorCode::connection_lost, "send to " + _endpoint + " failed: " + std::strerror(errno));
    }
  }

  void shutdown() override { ::shutdown(_fd, SHUT_RDWR); }

 private:
  int _fd;
  std::string _endpoint;
};

/// OpenSSL writes to the socket with write(), which raises SIGPIPE when the peer has gone (a
/// refused handshake, a server restart) and would kill the process. For the duration of one
/// OpenSSL call, SIGPIPE is blocked in this thread and a SIGPIPE it raised is consumed; the
/// failure then surfaces as an ordinary error.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&_pipe);
    sigaddset(&_pipe, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    _was_pending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &_pipe, &_previous);
  }
  ~SigpipeGuard() {
    if (!_was_pending) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec none{0, 0};
        sigtimedwait(&_pipe, nullptr, &none);
      }
    }
    pthread_sigmask(SIG_SETMASK, &_previous, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t _pipe{}, _previous{};
  bool _was_pending = false;
};

class TlsTransport final : public Transport {
 public:
  TlsTransport(int fd, std::string endpoint, SSL* ssl) : _fd(fd), _endpoint(std::move(endpoint)), _ssl(ssl) {}
  ~TlsTransport() override {
    SSL_free(_ssl);
    ::close(_fd);
  }

  std::size_t read_some(std::uint8_t* data, std::size_t n, Deadline d) override {
    const int want = static_cast<int>(std::min<std::size_t>(n, 1 << 30));
    for (;;) {
      int r = 0, err = 0;
      {
        std::lock_guard lock(_mutex);
        SigpipeGuard guard;
        ERR_clear_error();
        r = SSL_read(_ssl, data, want);
        if (r > 0) return static_cast<std::size_t>(r);
        err = SSL_get_error(_ssl, r);
      }
      switch (err) {
        case SSL_ERROR_ZERO_RETURN:
          return 0;
        case SSL_ERROR_WANT_READ:
          // Capped: a writer's SSL_write may have pulled our next record into OpenSSL's buffer,
          // where poll() cannot see it.
          if (!wait_for(_fd, POLLIN, d, 50)) {
            throw CqlError(ErrorCode::client_timeout, "read from " + _endpoint + " timed out");
          }
          break;
        case SSL_ERROR_WANT_WRITE:
          wait_for(_fd, POLLOUT, d, 50);
          break;
        default:
          fail("read from");
      }
    }
  }

  void write_all(const std::uint8_t* data, std::size_t n, Deadline d) override {
    while (n) {
      if (Clock::now() >= d) stalled(_endpoint);
      int r = 0, err = 0;
      {
        std::lock_guard lock(_mutex);
        SigpipeGuard guard;
        ERR_clear_error();
        r = SSL_write(_ssl, data, static_cast<int>(std::min<std::size_t>(n, 1 << 30)));
        if (r <= 0) err = SSL_get_error(_ssl, r);
      }
      if (r > 0) {
        data += r;
        n -= static_cast<std::size_t>(r);
        continue;
      }
      if (err == SSL_ERROR_WANT_WRITE) {
        wait_for(_fd, POLLOUT, d, 50);
      } else if (err == SSL_ERROR_WANT_READ) {
        wait_for(_fd, POLLIN, d, 50);
      } else {
        fail("write to");
      }
    }
  }

  void shutdown() override { ::shutdown(_fd, SHUT_RDWR); }

 private:
  [[noreturn]] void fail(const char* what) {
    const auto reason = openssl_error_queue();
    throw CqlError(ErrorCode::connection_lost, std::string("TLS ") + what + " " + _endpoint + " failed" +
                                                   (reason.empty() ? std::string() : ": " + reason));
  }

  int _fd;
  std::string _endpoint;
  SSL* _ssl;
  std::mutex _mutex;  // every SSL_* call on _ssl
};

bool is_ip_address(const std::string& host) {
  in6_addr buf{};
  return ::inet_pton(AF_INET, host.c_str(), &buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), &buf) == 1;
}

}  // namespace

std::unique_ptr<Transport> plain_transport(int fd, std::string endpoint) {
  return std::make_unique<PlainTransport>(fd, std::move(endpoint));
}

std::unique_ptr<Transport> tls_transport(int fd, const std::string& endpoint, const TlsContext& context,
                                         const std::string& host, Deadline deadline) {
  SSL* ssl = SSL_new(context.native());
  if (!ssl) {
    ::close(fd);
    throw CqlError(ErrorCode::tls_failed, "cannot create a TLS session: " + openssl_error_queue());
  }
  auto transport = std::make_unique<TlsTransport>(fd, endpoint, ssl);  // owns fd and ssl from here
  SSL_set_fd(ssl, fd);
  if (context.verify()) {
    // The certificate must name the host we dialled: its DNS name, or its IP address.
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    const bool ok = is_ip_address(host) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1
                                        : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0) == 1;
    if (!ok) throw CqlError(ErrorCode::tls_failed, "cannot verify against host '" + host + "'");
  }
  if (!is_ip_address(host)) {
    // SNI (what SSL_set_tlsext_host_name expands to, without its C cast).
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str()));
  }
  for (;;) {
    ERR_clear_error();
    int r = 0;
    {
      SigpipeGuard guard;
      r = SSL_connect(ssl);
    }
    if (r == 1) break;
    const int err = SSL_get_error(ssl, r);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      if (!wait_for(fd, err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
        throw CqlError(ErrorCode::tls_failed, "TLS handshake with " + endpoint + " timed out");
      }
      continue;
    }
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK) {
      throw CqlError(ErrorCode::tls_failed, "the certificate of " + endpoint +
                                                " was refused: " + X509_verify_cert_error_string(verify));
    }
    const auto reason = openssl_error_queue();
    throw CqlError(ErrorCode::tls_failed,
                   "TLS handshake with " + endpoint + " failed" +
                       (reason.empty() ? std::string(" (is the port TLS-enabled?)") : ": " + reason));
  }
  return transport;
}

}  // namespace jobstream::cql
