// The session's fault paths against the scripted node (scripted_cql_server.hpp): UNPREPARED, a
// connection dropped with requests in flight, stream-id exhaustion, and a peer that stops reading.
#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>
#include <vector>

#include "cql/session.hpp"
#include "cql/test/scripted_cql_server.hpp"

using namespace jobstream::cql;
using fake::Action;
using fake::ScriptedCqlServer;
using namespace std::chrono_literals;

namespace {

SessionConfig config_for(const ScriptedCqlServer& server) {
  SessionConfig c;
  c.contact_points = {"127.0.0.1"};
  c.port = server.port();
  c.connect_timeout = 2s;
  c.request_timeout = 5s;
  c.retry_backoff = 10ms;
  return c;
}

Value blob(const std::string& s) { return Blob{std::vector<std::uint8_t>(s.begin(), s.end())}; }

/// The outcome of one execute_async with a completion callback.
struct Outcome {
  std::promise<std::pair<Result, std::exception_ptr>> promise;
  std::future<std::pair<Result, std::exception_ptr>> future = promise.get_future();
  ResultHandler handler() {
    return [this](Result r, std::exception_ptr e) { promise.set_value({std::move(r), e}); };
  }
  /// The result, or the error's code (ErrorCode::bad_argument stands for "no outcome in time").
  std::pair<Result, std::exception_ptr> wait() {
    if (future.wait_for(15s) != std::future_status::ready) {
      return {{}, std::make_exception_ptr(CqlError(ErrorCode::bad_argument, "no outcome within 15 s"))};
    }
    return future.get();
  }
};

CqlError error_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const CqlError& err) {
    return err;
  }
}

BoundStatement bound(const PreparedStatement& p, const std::string& value, bool idempotent = true) {
  BoundStatement st(p, {blob(value)});
  st.idempotent = idempotent;
  return st;
}

}  // namespace

TEST(CqlSessionFaults, UnpreparedIsRepreparedThenResentEvenWhenNotIdempotent) {
  ScriptedCqlServer server;
  server.on(Opcode::execute, Action::unprepared);
  auto session = Session::connect(config_for(server));
  auto insert = session->prepare("INSERT INTO ks.t (v) VALUES (?)");
  Outcome out;
  session->execute_async(bound(insert, "first", false), session->default_deadline(), out.handler());
  auto [result, error] = out.wait();
  ASSERT_FALSE(error) << error_of(error).what();
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0][0], blob("first"));
  EXPECT_EQ(session->reprepare_count(), 1u);
  EXPECT_EQ(server.received(Opcode::prepare), 2);  // the first prepare, and the re-prepare
  EXPECT_EQ(server.received(Opcode::execute), 2);  // refused once, then resent
  // The blocking API takes the same path.
  server.on(Opcode::execute, Action::unprepared);
  EXPECT_EQ(session->execute(bound(insert, "second")).rows.at(0)[0], blob("second"));
  EXPECT_EQ(session->reprepare_count(), 2u);
}

TEST(CqlSessionFaults, ADroppedConnectionResendsIdempotentRequestsOnly) {
  ScriptedCqlServer server;
  // Two requests are held unanswered; the third arrives and the node drops the connection.
  server.on(Opcode::execute, Action::hold, 2).on(Opcode::execute, Action::drop_connection);
  auto session = Session::connect(config_for(server));
  auto insert = session->prepare("INSERT INTO ks.t (v) VALUES (?)");
  Outcome a, b, c;
  session->execute_async(bound(insert, "a"), session->default_deadline(), a.handler());
  session->execute_async(bound(insert, "b", false), session->default_deadline(), b.handler());
  session->execute_async(bound(insert, "c"), session->default_deadline(), c.handler());
  auto ra = a.wait();
  auto rb = b.wait();
  auto rc = c.wait();
  ASSERT_FALSE(ra.second) << error_of(ra.second).what();
  ASSERT_FALSE(rc.second) << error_of(rc.second).what();
  EXPECT_EQ(ra.first.rows.at(0)[0], blob("a"));  // resent on a new connection, each its own answer
  EXPECT_EQ(rc.first.rows.at(0)[0], blob("c"));
  ASSERT_TRUE(rb.second) << "a request that is not idempotent must not be resent";
  EXPECT_EQ(error_of(rb.second).code(), ErrorCode::connection_lost);
  EXPECT_EQ(server.connections_accepted(), 2);
  EXPECT_EQ(server.received(Opcode::execute), 5);  // a, b, c, then a and c again
  EXPECT_EQ(session->connect_count(), 2u);
}

TEST(CqlSessionFaults, AReconnectionHoldsUpNoOtherCaller) {
  ScriptedCqlServer server;
  // The first handshake is answered; the reconnection's STARTUP is held, so its dial hangs until
  // the connect timeout, then the next attempt gets through.
  server.on(Opcode::startup, Action::answer).on(Opcode::startup, Action::hold);
  server.on(Opcode::execute, Action::drop_connection);
  auto session = Session::connect(config_for(server));
  auto insert = session->prepare("INSERT INTO ks.t (v) VALUES (?)");
  Outcome out;
  session->execute_async(bound(insert, "a"), Clock::now() + 8s, out.handler());
  ASSERT_TRUE(server.wait_until([&] { return server.held() == 1; }, 5s));  // dialling now
  // What reads the table of connections (/metrics) answers at once, dial or not.
  const auto start = Clock::now();
  const auto open = session->connections();
  session->frames_and_writes();
  EXPECT_LT(Clock::now() - start, 100ms);
  EXPECT_EQ(server.held(), 1u) << "the dial ended before the check: it proves nothing";
  EXPECT_TRUE(open.empty() || !open[0].up);
  auto [result, error] = out.wait();
  ASSERT_FALSE(error) << error_of(error).what();
  EXPECT_EQ(result.rows.at(0)[0], blob("a"));
  EXPECT_EQ(server.connections_accepted(), 3);  // the first, the hung dial, the one that worked
}

TEST(CqlSessionFaults, RequestsBeyondTheStreamIdsWaitOrFailClearlyAndEachGetsItsOwnAnswer) {
  ScriptedCqlServer server;
  auto config = config_for(server);
  config.max_in_flight = 4;
  server.on(Opcode::execute, Action::hold, 4);
  auto session = Session::connect(config);
  auto insert = session->prepare("INSERT INTO ks.t (v) VALUES (?)");
  std::vector<std::unique_ptr<Outcome>> outcomes;
  for (int i = 0; i < 4; ++i) {
    outcomes.push_back(std::make_unique<Outcome>());
    session->execute_async(bound(insert, "v" + std::to_string(i)), session->default_deadline(),
                           outcomes.back()->handler());
  }
  ASSERT_TRUE(server.wait_until([&] { return server.held() == 4; }, 5s));
  // Every stream id is taken: a request with a short deadline fails at once, and says why.
  try {
    session->execute_async(bound(insert, "late"), Clock::now() + 200ms,
                           [](const Result&, std::exception_ptr) {});
    ADD_FAILURE() << "a request beyond the stream ids was accepted";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::client_timeout);
    EXPECT_NE(std::string(e.what()).find("no free request slot"), std::string::npos) << e.what();
  }
  // More requests wait for a free stream id (on their own thread), then go out.
  for (int i = 4; i < 12; ++i) outcomes.push_back(std::make_unique<Outcome>());
  std::thread more([&] {
    for (int i = 4; i < 12; ++i) {
      session->execute_async(bound(insert, "v" + std::to_string(i)), session->default_deadline(),
                             outcomes[static_cast<std::size_t>(i)]->handler());
    }
  });
  std::this_thread::sleep_for(100ms);  // (only gives the waiting thread a chance to send too early)
  EXPECT_EQ(server.received(Opcode::execute), 4);
  server.release_held();  // answered in reverse order
  more.join();
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    auto [result, error] = outcomes[i]->wait();
    ASSERT_FALSE(error) << i << ": " << error_of(error).what();
    EXPECT_EQ(result.rows.at(0)[0], blob("v" + std::to_string(i))) << i;
  }
  EXPECT_LE(server.max_outstanding(), 4);
}

TEST(CqlSessionFaults, AnExpiredRequestKeepsItsStreamIdUntilItsLateAnswer) {
  ScriptedCqlServer server;
  auto config = config_for(server);
  config.max_in_flight = 1;
  server.on(Opcode::execute, Action::hold);
  auto session = Session::connect(config);
  auto insert = session->prepare("INSERT INTO ks.t (v) VALUES (?)");
  Outcome expired;
  session->execute_async(bound(insert, "x"), Clock::now() + 300ms, expired.handler());
  auto [r, error] = expired.wait();
  ASSERT_TRUE(error);
  EXPECT_EQ(error_of(error).code(), ErrorCode::client_timeout);
  // The node may still answer it: its stream id must not carry another request before then.
  Outcome next;
  std::thread sender(
      [&] { session->execute_async(bound(insert, "y"), session->default_deadline(), next.handler()); });
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(server.received(Opcode::execute), 1);
  server.release_held();  // the late answer ("x") is dropped; "y" goes out on the freed id
  sender.join();
  auto [result, next_error] = next.wait();
  ASSERT_FALSE(next_error) << error_of(next_error).what();
  EXPECT_EQ(result.rows.at(0)[0], blob("y"));
}

TEST(CqlSessionFaults, APeerThatStopsReadingFailsTheWriteAtItsDeadline) {
  ScriptedCqlServer server;
  auto config = config_for(server);
  config.request_timeout = 30s;
  config.write_timeout = 300ms;
  server.on(Opcode::execute, Action::stall);
  auto session = Session::connect(config);
  auto insert = session->prepare("INSERT INTO ks.t (v) VALUES (?)");
  const std::string big(1 << 20, 'z');  // 32 MB in all: far beyond the socket buffers
  std::vector<std::unique_ptr<Outcome>> outcomes;
  const auto start = Clock::now();
  for (int i = 0; i < 32; ++i) {
    outcomes.push_back(std::make_unique<Outcome>());
    session->execute_async(bound(insert, big, false), session->default_deadline(),
                           outcomes.back()->handler());
  }
  int stalled = 0;
  for (auto& o : outcomes) {
    auto [result, error] = o->wait();
    if (!error) continue;  // sent on the connection opened after the stalled one failed
    const auto e = error_of(error);
    EXPECT_EQ(e.code(), ErrorCode::connection_lost) << e.what();
    if (std::string(e.what()).find("stalled") != std::string::npos) ++stalled;
  }
  const auto took = Clock::now() - start;
  EXPECT_GE(stalled, 1) << "no request failed because of the stalled write";
  // The write deadline ended it, not the 30 s request deadline.
  EXPECT_LT(took, 10s) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  // The session goes on over a new connection.
  EXPECT_EQ(session->execute(bound(insert, "after")).rows.at(0)[0], blob("after"));
  EXPECT_GE(server.connections_accepted(), 2);
}
