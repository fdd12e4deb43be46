#pragma once
// A scripted CQL node for tests of the client's fault paths: an in-process server speaking
// protocol v4 on a loopback port, which answers like a node by default and follows a script for the
// faults a real Cassandra does not produce on demand (UNPREPARED, a connection dropped with
// requests in flight, answers held back, a peer that stops reading).
//
// Default answers: STARTUP -> READY; QUERY -> an empty Rows result; PREPARE -> one blob bind
// variable and one blob result column; EXECUTE -> one row echoing the first bound value, so a test
// sees which request each answer belongs to.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cql/frame.hpp"

namespace jobstream::cql::fake {

/// What the server does with a request a script step matches.
enum class Action {
  answer,           ///< the default answer
  unprepared,       ///< ERROR Unprepared with the statement's id (as a restarted node answers)
  hold,             ///< no answer until release_held()
  drop_connection,  ///< closes the connection at once: every request on it stays unanswered
  stall,            ///< stops reading the connection (and answers nothing more on it)
};

class ScriptedCqlServer {
 public:
  ScriptedCqlServer();
  ~ScriptedCqlServer();
  ScriptedCqlServer(const ScriptedCqlServer&) = delete;
  ScriptedCqlServer& operator=(const ScriptedCqlServer&) = delete;

  std::uint16_t port() const { return _port; }
  /// Appends a step: the next `times` requests with opcode `op` get `action`. Steps of one opcode
  /// apply in the order given; once they are used up, requests get the default answer.
  ScriptedCqlServer& on(Opcode op, Action action, int times = 1);
  /// Answers every held request now, the last held first (answers out of order, as nodes do).
  void release_held();
  /// Requests received so far with this opcode, over all connections.
  int received(Opcode op) const;
  /// Requests currently held.
  std::size_t held() const;
  int connections_accepted() const { return _accepted.load(); }
  /// The most requests that were ever outstanding (received, not yet answered) on one connection.
  int max_outstanding() const { return _max_outstanding.load(); }
  /// Waits until `condition` holds (checked on every request received), for at most `bound`.
  bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds bound);

 private:
  struct Peer;
  struct Held {
    std::shared_ptr<Peer> peer;
    std::int16_t stream;
    std::vector<std::uint8_t> body;  // the answer, ready to send
  };
  void accept_loop();
  void serve(std::shared_ptr<Peer> peer);
  Action next_action(Opcode op);
  std::vector<std::uint8_t> default_answer(Opcode op, std::span<const std::uint8_t> body, Opcode& reply);
  void send(Peer& peer, std::int16_t stream, Opcode op, const std::vector<std::uint8_t>& body);

  int _listen_fd = -1;
  std::uint16_t _port = 0;
  std::atomic<bool> _stopping{false};
  std::atomic<int> _accepted{0};
  std::atomic<int> _max_outstanding{0};
  mutable std::mutex _mu;
  std::condition_variable _changed;
  std::map<Opcode, std::deque<Action>> _script;
  std::map<Opcode, int> _received;
  std::vector<Held> _held;
  std::vector<std::shared_ptr<Peer>> _peers;
  std::vector<std::thread> _threads;
  std::thread _acceptor;
};

}  // namespace jobstream::cql::fake
