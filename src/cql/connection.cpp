#include "cql/connection.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "cql/compression.hpp"
#include "cql/error.hpp"
#include "cql/wire.hpp"

namespace jobstream::cql {

namespace {
// How often the reader looks for requests whose deadline passed without an answer.
constexpr std::chrono::milliseconds expiry_scan_interval{100};

int remaining_ms(Deadline d) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(std::min<long long>(ms, 1 << 30));
}

struct FdGuard {
  int fd;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
  int release() {
    int f = fd;
    fd = -1;
    return f;
  }
};

// Reads exactly n bytes before the deadline (handshake only).
void read_exact(Transport& t, std::uint8_t* p, std::size_t n, Deadline d, const std::string& ep) {
  while (n) {
    const auto got = t.read_some(p, n, d);
    if (got == 0)
      throw CqlError(ErrorCode::connect_failed, "connection to " + ep + " closed during handshake");
    p += got;
    n -= got;
  }
}

Frame read_frame_blocking(Transport& t, Deadline d, const std::string& ep) {
  std::uint8_t h[header_size];
  read_exact(t, h, header_size, d, ep);
  Frame f;
  f.header = decode_header(h);
  f.body.resize(f.header.length);
  read_exact(t, f.body.data(), f.body.size(), d, ep);
  if (f.header.flags & frame_flag::compression) f.body = lz4_decompress_body(f.body);
  strip_response_extras(f);
  return f;
}

void finish_frame(std::vector<std::uint8_t>& frame, Opcode op, std::int16_t stream) {
  FrameHeader h{protocol_version, 0, stream, op, static_cast<std::uint32_t>(frame.size() - header_size)};
  encode_header(h, frame.data());
}

Frame handshake_step(Transport& t, Opcode op, std::vector<std::uint8_t> frame, Deadline d,
                     const std::string& ep) {
  finish_frame(frame, op, 0);
  t.write_all(frame.data(), frame.size(), d);
  auto f = read_frame_blocking(t, d, ep);
  if (f.header.opcode == Opcode::error) throw decode_error_body(f.body);
  return f;
}
}  // namespace

std::unique_ptr<Connection> Connection::open(const ConnectionConfig& cfg, Deadline deadline) {
  std::string ep = cfg.host + ":" + std::to_string(cfg.port);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(cfg.host.c_str(), std::to_string(cfg.port).c_str(), &hints, &res); rc != 0)
    throw CqlError(ErrorCode::connect_failed, "cannot resolve " + ep + ": " + ::gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> ai(res, &::freeaddrinfo);
  FdGuard fd{::socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
  if (fd.fd < 0) throw CqlError(ErrorCode::connect_failed, "socket(): " + std::string(std::strerror(errno)));
  if (::connect(fd.fd, res->ai_addr, res->ai_addrlen) != 0) {
    if (errno != EINPROGRESS)
      throw CqlError(ErrorCode::connect_failed, "connect to " + ep + ": " + std::strerror(errno));
    pollfd pfd{fd.fd, POLLOUT, 0};
    if (::poll(&pfd, 1, remaining_ms(deadline)) <= 0)
      throw CqlError(ErrorCode::connect_failed, "connect to " + ep + " timed out");
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) throw CqlError(ErrorCode::connect_failed, "connect to " + ep + ": " + std::strerror(err));
  }
  int one = 1;
  ::setsockopt(fd.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // The socket stays non-blocking: the transport waits with poll(), which TLS needs.
  auto transport = cfg.tls ? tls_transport(fd.release(), ep, *cfg.tls, cfg.host, deadline)
                           : plain_transport(fd.release(), ep);

  auto startup = new_frame();
  std::vector<std::pair<std::string, std::string>> options{{"CQL_VERSION", "3.0.0"}};
  if (cfg.lz4) options.emplace_back("COMPRESSION", "lz4");
  write_startup(startup, options);
  auto reply = handshake_step(*transport, Opcode::startup, std::move(startup), deadline, ep);
  if (reply.header.opcode == Opcode::authenticate) {
    if (cfg.username.empty())
      throw CqlError(ErrorCode::authentication_error,
                     ep + " requires authentication and no credentials are configured");
    std::vector<std::uint8_t> token;  // SASL PLAIN: \0user\0password
    token.push_back(0);
    token.insert(token.end(), cfg.username.begin(), cfg.username.end());
    token.push_back(0);
    token.insert(token.end(), cfg.password.begin(), cfg.password.end());
    auto auth = new_frame();
    write_auth_response(auth, token);
    std::fill(token.begin(), token.end(), 0);
    reply = handshake_step(*transport, Opcode::auth_response, std::move(auth), deadline, ep);
    if (reply.header.opcode != Opcode::auth_success)
      throw CqlError(ErrorCode::authentication_error, "unexpected reply to credentials from " + ep);
  } else if (reply.header.opcode != Opcode::ready) {
    throw CqlError(ErrorCode::bad_response, "unexpected reply to STARTUP from " + ep);
  }
  return std::unique_ptr<Connection>(
      new Connection(std::move(transport), ep, cfg.max_in_flight, cfg.lz4, cfg.write_timeout));
}

Connection::Connection(std::unique_ptr<Transport> transport, std::string endpoint, std::size_t max_in_flight,
                       bool lz4, std::chrono::milliseconds write_timeout)
    : _transport(std::move(transport)),
      _endpoint(std::move(endpoint)),
      _max_in_flight(std::clamp<std::size_t>(max_in_flight, 1, 32768)),
      _lz4(lz4),
      _write_timeout(write_timeout) {
  _slots.resize(_max_in_flight);
  for (std::size_t i = _max_in_flight; i-- > 0;) _free_ids.push_back(static_cast<std::int16_t>(i));
  _reader = std::thread([this] { reader_loop(); });
}

Connection::~Connection() {
  _alive = false;
  _transport->shutdown();
  if (_reader.joinable()) _reader.join();
}

std::size_t Connection::in_flight() const {
  std::lock_guard lk(_mu);
  return _in_flight;
}

std::future<Frame> Connection::request(Opcode op, std::vector<std::uint8_t> frame, Deadline deadline) {
  auto promise = std::make_shared<std::promise<Frame>>();
  auto fut = promise->get_future();
  request(op, std::move(frame), deadline, [promise](Frame f, std::exception_ptr error) {
    if (error) {
      promise->set_exception(error);
    } else {
      promise->set_value(std::move(f));
    }
  });
  return fut;
}

void Connection::request(Opcode op, std::vector<std::uint8_t> frame, Deadline deadline,
                         ResponseHandler on_response) {
  std::int16_t id;
  {
    std::unique_lock lk(_mu);
    if (!_slot_free.wait_until(lk, deadline, [&] { return !_free_ids.empty() || !_alive; }))
      throw CqlError(ErrorCode::client_timeout, "no free request slot on " + _endpoint +
                                                    " before the deadline (" +
                                                    std::to_string(_max_in_flight) + " requests in flight)");
    if (!_alive) throw CqlError(ErrorCode::connection_lost, "connection to " + _endpoint + " is closed");
    id = _free_ids.back();
    _free_ids.pop_back();
    auto& slot = _slots[static_cast<std::size_t>(id)];
    slot.handler = std::move(on_response);
    slot.deadline = deadline;
    slot.state = Slot::State::waiting;
    ++_in_flight;
  }
  if (_lz4) {
    std::vector<std::uint8_t> packed(header_size);
    lz4_compress_body({frame.data() + header_size, frame.size() - header_size}, packed);
    frame = std::move(packed);
  }
  finish_frame(frame, op, id);
  if (_lz4) frame[1] |= frame_flag::compression;
  send(frame);
}

void Connection::send(const std::vector<std::uint8_t>& frame) {
  // Write coalescing: a frame queued while another thread writes leaves with that thread's next
  // write, so many requests share one system call (and one TLS record) under load. The queue is
  // bounded by max_in_flight, since every frame holds a stream id until it is answered. A frame
  // that finds nobody writing is written straight from the caller's buffer, without a copy.
  bool direct = false;
  {
    std::lock_guard wl(_write_mu);
    ++_frames;
    if (_writing) {
      _outbox.insert(_outbox.end(), frame.begin(), frame.end());
      return;
    }
    _writing = true;
    direct = true;
  }
  std::vector<std::uint8_t> batch;
  for (;;) {
    try {
      // A peer that stops reading fails the connection after write_timeout instead of blocking
      // this writer (and every caller queued behind it) for ever.
      const auto write_deadline = Clock::now() + _write_timeout;
      if (direct) {
        _transport->write_all(frame.data(), frame.size(), write_deadline);
        direct = false;
      } else {
        _transport->write_all(batch.data(), batch.size(), write_deadline);
        batch.clear();
      }
      ++_writes;
    } catch (const CqlError& e) {
      {
        std::lock_guard wl(_write_mu);
        _outbox.clear();
        _writing = false;
      }
      fail_all(e.server_message());
      return;
    }
    std::lock_guard wl(_write_mu);
    if (_outbox.empty()) {
      _writing = false;
      return;
    }
    batch.swap(_outbox);
  }
}

void Connection::fail_all(const std::string& why) {
  std::vector<ResponseHandler> waiting;
  bool first = false;
  {
    // The reason is taken before the stream is shut down: the reader, woken by the shutdown, would
    // otherwise report "closed by server" for what was, say, a stalled write.
    std::lock_guard lk(_mu);
    _alive = false;
    if (!_failed) {
      first = true;
      _failed = true;
      for (auto& slot : _slots) {
        if (slot.state == Slot::State::waiting) waiting.push_back(std::move(slot.handler));
        slot.handler = nullptr;
        slot.state = Slot::State::free;
      }
      _in_flight = 0;
      _slot_free.notify_all();
    }
  }
  _transport->shutdown();  // wakes the reader (and a blocked writer)
  if (!first) return;
  // Handlers run with no lock held: they may resend on another connection.
  const auto error = std::make_exception_ptr(CqlError(ErrorCode::connection_lost, _endpoint + ": " + why));
  for (auto& handler : waiting) handler(Frame{}, error);
}

void Connection::expire_overdue() {
  // Reader thread only (so is _next_expiry_scan): at most one scan per interval.
  const auto now = Clock::now();
  if (now < _next_expiry_scan) return;
  _next_expiry_scan = now + expiry_scan_interval;
  std::vector<ResponseHandler> overdue;
  {
    std::lock_guard lk(_mu);
    for (auto& slot : _slots) {
      if (slot.state != Slot::State::waiting || slot.deadline > now) continue;
      overdue.push_back(std::move(slot.handler));
      slot.handler = nullptr;
      slot.state = Slot::State::expired;  // the id stays taken until the late answer arrives
    }
  }
  if (overdue.empty()) return;
  const auto error = std::make_exception_ptr(
      CqlError(ErrorCode::client_timeout, "no response from " + _endpoint + " before the deadline"));
  for (auto& handler : overdue) handler(Frame{}, error);
}

void Connection::deliver(Frame f) {
  ResponseHandler handler;
  {
    std::lock_guard lk(_mu);
    const auto idx = static_cast<std::size_t>(f.header.stream);
    if (idx >= _slots.size() || _slots[idx].state == Slot::State::free)
      return;  // late reply to a failed stream
    auto& slot = _slots[idx];
    const bool expired = slot.state == Slot::State::expired;
    handler = std::move(slot.handler);
    slot.handler = nullptr;
    slot.state = Slot::State::free;
    _free_ids.push_back(f.header.stream);
    --_in_flight;
    _slot_free.notify_one();
    if (expired) return;  // its caller was already told of the timeout
  }
  // Decompression and decoding run outside the lock, so other requests are not held up by them.
  try {
    if (f.header.flags & frame_flag::compression) f.body = lz4_decompress_body(f.body);
    strip_response_extras(f);
  } catch (const DecodeError& e) {
    handler(Frame{}, std::make_exception_ptr(CqlError(ErrorCode::bad_response, e.what())));
    return;
  }
  handler(std::move(f), nullptr);
}

void Connection::reader_loop() {
  std::vector<std::uint8_t> buf(std::size_t{256} * 1024);
  std::size_t have = 0;
  std::string why = "connection closed by server";
  try {
    for (;;) {
      if (have == buf.size()) buf.resize(buf.size() * 2);
      std::size_t n = 0;
      try {
        // Woken at least every scan interval, to end requests whose deadline has passed.
        n = _transport->read_some(buf.data() + have, buf.size() - have, Clock::now() + expiry_scan_interval);
      } catch (const CqlError& e) {
        if (e.code() != ErrorCode::client_timeout) throw;
        expire_overdue();
        continue;
      }
      if (n == 0) break;
      have += n;
      std::size_t off = 0;
      while (have - off >= header_size) {
        auto h = decode_header({buf.data() + off, header_size});
        if (have - off < header_size + h.length) {
          if (buf.size() < header_size + h.length) buf.resize(header_size + h.length);
          break;
        }
        Frame f;
        f.header = h;
        f.body.assign(buf.begin() + static_cast<std::ptrdiff_t>(off + header_size),
                      buf.begin() + static_cast<std::ptrdiff_t>(off + header_size + h.length));
        off += header_size + h.length;
        if (h.stream < 0) continue;  // server events: not registered for
        deliver(std::move(f));
      }
      if (off) {
        std::memmove(buf.data(), buf.data() + off, have - off);
        have -= off;
      }
      expire_overdue();
    }
  } catch (const DecodeError& e) {
    why = std::string("corrupt frame: ") + e.what();
  } catch (const CqlError& e) {
    why = e.server_message();
  }
  fail_all(why);
}

}  // namespace jobstream::cql
