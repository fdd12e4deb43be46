#pragma once
// One TCP connection to one node: handshake, then many requests in flight (stream ids),
// responses matched out of order by a reader thread. Bounded in-flight: callers wait.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cql/frame.hpp"
#include "cql/tls.hpp"
#include "cql/transport.hpp"

namespace jobstream::cql {

struct ConnectionConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9042;
  std::string username;  // empty: no authentication
  std::string password;
  std::size_t max_in_flight = 1024;  // per connection; at most 32768
  bool lz4 = false;                  // negotiate LZ4 body compression
  std::shared_ptr<const TlsContext> tls;  // null: plain TCP
};

/// A live connection. Thread-safe: any thread may call request().
class Connection {
 public:
  /// Connects and runs STARTUP (and SASL PLAIN when credentials are set) before `deadline`.
  static std::unique_ptr<Connection> open(const ConnectionConfig& config, Deadline deadline);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Sends one request. `frame` holds header_size reserved bytes followed by the body.
  /// Waits (until `deadline`) for a free slot when max_in_flight requests are pending.
  /// The future yields the response frame or a CqlError (connection_lost, ...).
  std::future<Frame> request(Opcode op, std::vector<std::uint8_t> frame, Deadline deadline);
  /// A fresh frame buffer with the header space reserved.
  static std::vector<std::uint8_t> new_frame() { return std::vector<std::uint8_t>(header_size); }

  bool alive() const { return _alive.load(); }
  const std::string& endpoint() const { return _endpoint; }
  std::size_t in_flight() const;
  /// Frames sent, and the write calls that carried them: requests queued while another thread
  /// writes leave together (write coalescing), so writes() can be far below frames().
  std::uint64_t frames() const { return _frames.load(); }
  std::uint64_t writes() const { return _writes.load(); }

 private:
  Connection(std::unique_ptr<Transport> transport, std::string endpoint, std::size_t max_in_flight, bool lz4);
  void reader_loop();
  void fail_all(const std::string& why);
  void send(const std::vector<std::uint8_t>& frame);

  std::unique_ptr<Transport> _transport;
  std::string _endpoint;
  std::size_t _max_in_flight;
  bool _lz4;
  std::atomic<bool> _alive{true};
  mutable std::mutex _mu;
  std::condition_variable _slot_free;
  std::vector<std::promise<Frame>> _pending;  // by stream id
  std::vector<bool> _used;
  std::vector<std::int16_t> _free_ids;
  std::size_t _in_flight = 0;
  bool _failed = false;  // pending requests already failed
  std::mutex _write_mu;               // guards _outbox and _writing
  std::vector<std::uint8_t> _outbox;  // frames waiting for the thread that is writing
  bool _writing = false;
  std::atomic<std::uint64_t> _frames{0}, _writes{0};
  std::thread _reader;
};

}  // namespace jobstream::cql
