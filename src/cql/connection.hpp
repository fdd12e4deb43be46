#pragma once
// One TCP connection to one node: handshake, then many requests in flight (stream ids),
// responses matched out of order by a reader thread. Bounded in-flight: callers wait.
//
// Threads and locks:
// - request() runs on the caller's thread: it takes a stream id under _mu, then writes the frame
//   with no lock held, or queues it for the thread already writing (_write_mu guards that outbox
//   only); each write is bounded by write_timeout.
// - the reader thread reads frames, takes the request's handler out under _mu, and then, with no
//   lock held, decompresses the body and runs the handler. It also ends requests whose deadline
//   passed (their stream id stays taken until the late answer arrives, so it is never reused early).
// - _mu and _write_mu are never held together; no handler runs under either.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
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
  std::size_t max_in_flight = 1024;       // per connection; at most 32768
  bool lz4 = false;                       // negotiate LZ4 body compression
  std::shared_ptr<const TlsContext> tls;  // null: plain TCP
  /// How long one write may wait for a peer that stops reading before the connection is failed.
  std::chrono::milliseconds write_timeout{10000};
};

/// Receives the response frame of a request, or the error that ended it (`error` set, `frame`
/// empty): connection_lost, client_timeout at the request's deadline, bad_response.
/// @locality the connection's reader thread, or the thread whose write failed. It must not wait
/// for another request of the same connection (the reader would wait for itself).
using ResponseHandler = std::function<void(Frame frame, std::exception_ptr error)>;

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
  /// The same, answering through `on_response` (called exactly once when request() returns
  /// normally; not called when request() throws: no free slot before the deadline, closed).
  void request(Opcode op, std::vector<std::uint8_t> frame, Deadline deadline, ResponseHandler on_response);
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
  Connection(std::unique_ptr<Transport> transport, std::string endpoint, std::size_t max_in_flight, bool lz4,
             std::chrono::milliseconds write_timeout);
  void reader_loop();
  void deliver(Frame f);
  void expire_overdue();
  void fail_all(const std::string& why);
  void send(const std::vector<std::uint8_t>& frame);

  /// A stream id's request: waiting for its answer, or already ended at its deadline (the id is
  /// kept until the late answer arrives or the connection ends).
  struct Slot {
    ResponseHandler handler;
    Deadline deadline{};
    enum class State : std::uint8_t { free, waiting, expired } state = State::free;
  };

  std::unique_ptr<Transport> _transport;
  std::string _endpoint;
  std::size_t _max_in_flight;
  bool _lz4;
  std::chrono::milliseconds _write_timeout;
  std::atomic<bool> _alive{true};
  mutable std::mutex _mu;
  std::condition_variable _slot_free;
  std::vector<Slot> _slots;               // by stream id
  Clock::time_point _next_expiry_scan{};  // reader thread only
  std::vector<std::int16_t> _free_ids;
  std::size_t _in_flight = 0;
  bool _failed = false;               // pending requests already failed
  std::mutex _write_mu;               // guards _outbox and _writing
  std::vector<std::uint8_t> _outbox;  // frames waiting for the thread that is writing
  bool _writing = false;
  std::atomic<std::uint64_t> _frames{0}, _writes{0};
  std::thread _reader;
};

}  // namespace jobstream::cql
