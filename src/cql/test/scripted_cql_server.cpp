#include "cql/test/scripted_cql_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cql/wire.hpp"

namespace jobstream::cql::fake {

struct ScriptedCqlServer::Peer {
  int fd = -1;
  std::mutex write_mu;
  std::atomic<int> outstanding{0};
  ~Peer() {
    if (fd >= 0) ::close(fd);
  }
};

namespace {

bool read_exact(int fd, std::uint8_t* p, std::size_t n) {
  while (n) {
    const auto got = ::recv(fd, p, n, 0);
    if (got <= 0) return false;
    p += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

void write_exact(int fd, const std::uint8_t* p, std::size_t n) {
  while (n) {
    const auto sent = ::send(fd, p, n, MSG_NOSIGNAL);
    if (sent <= 0) return;  // the client went away: nothing to tell it
    p += sent;
    n -= static_cast<std::size_t>(sent);
  }
}

// One blob column "ks.t.v": the bind variable of every prepared statement, and its result column.
void blob_column_metadata(Writer& w, bool prepared) {
  w.i32(0x0001);           // global table spec
  w.i32(1);                // one column
  if (prepared) w.i32(0);  // no partition key columns (the client routes to the control node)
  w.string("ks");
  w.string("t");
  w.string("v");
  w.u16(0x0003);  // blob
}

}  // namespace

ScriptedCqlServer::ScriptedCqlServer() {
  _listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (_listen_fd < 0) throw std::runtime_error("socket() failed");
  int one = 1;
  ::setsockopt(_listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  // Small receive buffers (inherited by accepted sockets): a connection that stops reading fills
  // up after a few hundred kilobytes, so a stalled-write test needs little data.
  int small = 64 * 1024;
  ::setsockopt(_listen_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(_listen_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(_listen_fd, 16) != 0 ||
      ::getsockname(_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(_listen_fd);
    throw std::runtime_error("cannot listen on a loopback port");
  }
  _port = ntohs(addr.sin_port);
  _acceptor = std::thread([this] { accept_loop(); });
}

ScriptedCqlServer::~ScriptedCqlServer() {
  _stopping = true;
  ::shutdown(_listen_fd, SHUT_RDWR);
  _acceptor.join();
  {
    std::lock_guard lk(_mu);
    for (auto& p : _peers) ::shutdown(p->fd, SHUT_RDWR);
    _held.clear();
  }
  _changed.notify_all();
  for (auto& t : _threads) t.join();
  ::close(_listen_fd);
}

ScriptedCqlServer& ScriptedCqlServer::on(Opcode op, Action action, int times) {
  std::lock_guard lk(_mu);
  for (int i = 0; i < times; ++i) _script[op].push_back(action);
  return *this;
}

int ScriptedCqlServer::received(Opcode op) const {
  std::lock_guard lk(_mu);
  auto it = _received.find(op);
  return it == _received.end() ? 0 : it->second;
}

std::size_t ScriptedCqlServer::held() const {
  std::lock_guard lk(_mu);
  return _held.size();
}

bool ScriptedCqlServer::wait_until(const std::function<bool()>& condition, std::chrono::milliseconds bound) {
  const auto until = std::chrono::steady_clock::now() + bound;
  std::unique_lock lk(_mu);
  for (;;) {
    lk.unlock();
    if (condition()) return true;
    lk.lock();
    if (_changed.wait_until(lk, until) == std::cv_status::timeout) {
      lk.unlock();
      return condition();
    }
  }
}

void ScriptedCqlServer::release_held() {
  std::vector<Held> held;
  {
    std::lock_guard lk(_mu);
    held.swap(_held);
  }
  std::reverse(held.begin(), held.end());
  for (auto& h : held) {
    --h.peer->outstanding;  // before the answer: the client may send its next request at once
    send(*h.peer, h.stream, Opcode::result, h.body);
  }
}

void ScriptedCqlServer::accept_loop() {
  for (;;) {
    const int fd = ::accept4(_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (_stopping) return;
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto peer = std::make_shared<Peer>();
    peer->fd = fd;
    ++_accepted;
    std::lock_guard lk(_mu);
    if (_stopping) return;  // the peer closes its socket
    _peers.push_back(peer);
    _threads.emplace_back([this, peer] { serve(peer); });
  }
}

Action ScriptedCqlServer::next_action(Opcode op) {
  auto& steps = _script[op];
  if (steps.empty()) return Action::answer;
  const auto a = steps.front();
  steps.pop_front();
  return a;
}

void ScriptedCqlServer::send(Peer& peer, std::int16_t stream, Opcode op,
                             const std::vector<std::uint8_t>& body) {
  std::vector<std::uint8_t> frame(header_size);
  FrameHeader h{0x84, 0, stream, op, static_cast<std::uint32_t>(body.size())};
  encode_header(h, frame.data());
  frame.insert(frame.end(), body.begin(), body.end());
  std::lock_guard lk(peer.write_mu);
  write_exact(peer.fd, frame.data(), frame.size());
}

std::vector<std::uint8_t> ScriptedCqlServer::default_answer(Opcode op, std::span<const std::uint8_t> body,
                                                            Opcode& reply) {
  std::vector<std::uint8_t> out;
  Writer w(out);
  Reader r(body);
  reply = Opcode::result;
  switch (op) {
    case Opcode::startup:
      reply = Opcode::ready;
      break;
    case Opcode::prepare: {
      const auto text = r.long_string();
      const auto digest = std::hash<std::string>{}(text);
      std::vector<std::uint8_t> id(8);
      for (std::size_t i = 0; i < 8; ++i) id[i] = static_cast<std::uint8_t>(digest >> (8 * i));
      w.i32(4);  // Prepared
      w.short_bytes(id);
      blob_column_metadata(w, true);
      blob_column_metadata(w, false);
      break;
    }
    case Opcode::execute: {
      r.short_bytes();  // statement id
      r.u16();          // consistency
      const auto flags = r.u8();
      std::span<const std::uint8_t> first;
      bool present = false;
      if ((flags & 0x01) && r.u16() > 0) present = r.bytes(first);
      w.i32(2);       // Rows
      w.i32(0x0004);  // no metadata: the client knows the columns from PREPARE
      w.i32(1);
      w.i32(1);  // one row: the first bound value, echoed
      if (present) {
        w.bytes(first);
      } else {
        w.null_bytes();
      }
      break;
    }
    default:  // QUERY (system.local, system.peers_v2, ...): no rows
      w.i32(2);
      w.i32(0x0004);
      w.i32(0);
      w.i32(0);
      break;
  }
  return out;
}

void ScriptedCqlServer::serve(std::shared_ptr<Peer> peer) {
  std::uint8_t header[header_size];
  while (read_exact(peer->fd, header, header_size)) {
    const auto stream = static_cast<std::int16_t>((header[2] << 8) | header[3]);
    const auto op = static_cast<Opcode>(header[4]);
    const std::uint32_t length = (std::uint32_t{header[5]} << 24) | (std::uint32_t{header[6]} << 16) |
                                 (std::uint32_t{header[7]} << 8) | header[8];
    std::vector<std::uint8_t> body(length);
    if (!read_exact(peer->fd, body.data(), body.size())) break;
    const int outstanding = ++peer->outstanding;
    int seen = _max_outstanding.load();
    while (outstanding > seen && !_max_outstanding.compare_exchange_weak(seen, outstanding)) {
    }
    Action action;
    {
      std::lock_guard lk(_mu);
      ++_received[op];
      action = next_action(op);
    }
    // Waiters look again once this request is handled (held, answered...).
    struct Notify {
      std::condition_variable& changed;
      ~Notify() { changed.notify_all(); }
    } notify{_changed};
    if (action == Action::drop_connection) {
      ::shutdown(peer->fd, SHUT_RDWR);
      return;
    }
    if (action == Action::stall) {
      std::unique_lock lk(_mu);
      _changed.wait(lk, [&] { return _stopping.load(); });
      return;
    }
    if (action == Action::unprepared) {
      std::vector<std::uint8_t> error;
      Writer w(error);
      Reader r(body);
      w.i32(0x2500);
      w.string("Prepared query with ID not found (the node restarted)");
      w.short_bytes(r.short_bytes());
      --peer->outstanding;
      send(*peer, stream, Opcode::error, error);
      continue;
    }
    Opcode reply{};
    auto answer = default_answer(op, body, reply);
    if (action == Action::hold) {
      std::lock_guard lk(_mu);
      _held.push_back(Held{peer, stream, std::move(answer)});
      continue;
    }
    --peer->outstanding;
    send(*peer, stream, reply, answer);
  }
}

}  // namespace jobstream::cql::fake
