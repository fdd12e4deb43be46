// The request path of execute_async: one Call per statement, sent with a response handler; a
// failure that may be retried goes to the retry thread (re-prepare, resend to another replica, or
// resend after a backoff given as a due time), so a reader thread never waits and no thread sleeps.
#include <algorithm>

#include "cql/result_codec.hpp"
#include "cql/session.hpp"

namespace jobstream::cql {

struct Session::Call {
  BoundStatement statement;
  Deadline deadline;
  std::int64_t timestamp_us;  // the same on every attempt: a resent write keeps its write time
  std::string endpoint;       // node the last attempt went to ("" = the control node)
  int attempt = 0;
  ResultHandler done;
};

void Session::send_call(const std::shared_ptr<Call>& call) {
  const auto& st = call->statement;
  if (!st.prepared) throw CqlError(ErrorCode::bad_argument, "statement is not prepared");
  if (st.values.size() != st.prepared->bind_columns.size())
    throw CqlError(ErrorCode::bad_argument, "statement expects " +
                                                std::to_string(st.prepared->bind_columns.size()) +
                                                " values, got " + std::to_string(st.values.size()));
  auto wv = wire_values(st.values);
  QueryParams p;
  p.consistency = st.consistency.value_or(_config.consistency);
  p.values = wv;
  p.page_size = st.page_size;
  p.paging_state = st.paging_state;
  p.timestamp_us = call->timestamp_us;
  // The result columns are known from PREPARE, so the server need not repeat them per page.
  p.skip_metadata = !st.prepared->result_columns.empty();
  auto frame = Connection::new_frame();
  frame.reserve(header_size + 64 + wv.size() * 8);
  write_execute(frame, st.prepared->id, p);
  auto conn = _pool.connection(call->deadline, call->endpoint);
  cql_metrics().request(conn->endpoint());
  // The handler holds the call, never the connection: a reader thread must not end up owning (and
  // destroying, i.e. joining) its own connection.
  conn->request(Opcode::execute, std::move(frame), call->deadline,
                [this, call](Frame f, std::exception_ptr error) { on_response(call, std::move(f), error); });
}

void Session::execute_async(BoundStatement st, Deadline deadline, ResultHandler done) {
  auto call = std::make_shared<Call>();
  call->statement = std::move(st);
  call->deadline = deadline;
  call->timestamp_us = next_timestamp_us();
  call->endpoint = route(call->statement);
  call->done = std::move(done);
  try {
    send_call(call);
  } catch (const CqlError& e) {
    if (retry_rule(e.code()) != RetryRule::resend) throw;
    // Connection lost while sending: retried (idempotent) or reported through `done`.
    on_failure(call, std::current_exception());
  }
}

void Session::on_response(const std::shared_ptr<Call>& call, Frame f, std::exception_ptr error) {
  if (error) return on_failure(call, error);
  if (f.header.opcode == Opcode::error)
    return on_failure(call, std::make_exception_ptr(decode_error_body(f.body)));
  Result result;
  try {
    result = expect_result(f, &call->statement.prepared->result_columns);
  } catch (const CqlError&) {
    return call->done({}, std::current_exception());
  }
  call->done(std::move(result), nullptr);
}

void Session::on_failure(const std::shared_ptr<Call>& call, std::exception_ptr error) {
  ErrorCode code = ErrorCode::bad_response;
  try {
    std::rethrow_exception(error);
  } catch (const CqlError& e) {
    code = e.code();
  } catch (...) {
    return call->done({}, error);
  }
  const bool unprepared = code == ErrorCode::unprepared;
  // Unprepared is always safe to resend: the node never ran the statement.
  const bool may_retry = unprepared || (retry_rule(code) == RetryRule::resend && call->statement.idempotent);
  const auto now = Clock::now();
  if (!may_retry || call->attempt >= _config.max_retries + (unprepared ? 1 : 0) || now >= call->deadline ||
      _closing.load()) {
    return call->done({}, error);
  }
  // A lost connection means a dead or restarting node: the retry goes to another replica at once
  // instead of waiting for it (the write is idempotent: same client timestamp). A node that
  // answered with an error (timeout, unavailable) is alive: back off, then try the next replica.
  const bool lost = code == ErrorCode::connection_lost || code == ErrorCode::connect_failed;
  const auto due = unprepared || lost ? now : std::min(call->deadline, now + backoff_pause(call->attempt));
  ++call->attempt;
  _retries.post([this, call, code] { retry_call(call, code); }, due);
}

void Session::retry_call(const std::shared_ptr<Call>& call, ErrorCode code) {
  try {
    if (_closing.load()) throw CqlError(ErrorCode::connection_lost, "the session is closing");
    if (code == ErrorCode::unprepared) {
      reprepare(call->statement.prepared, call->deadline, call->endpoint);
    } else {
      if (code == ErrorCode::connection_lost || code == ErrorCode::connect_failed)
        _pool.mark_down(call->endpoint);
      auto next = route(call->statement, call->endpoint);
      if (next != call->endpoint) ++_rerouted;
      call->endpoint = std::move(next);
    }
    send_call(call);
  } catch (const std::exception&) {
    // As for a blocking execute, a failure of the retry itself (the re-prepare, the new
    // connection) ends the request.
    call->done({}, std::current_exception());
  }
}

PendingResult Session::execute_async(BoundStatement st, Deadline deadline) {
  auto promise = std::make_shared<std::promise<Result>>();
  auto future = promise->get_future();
  execute_async(std::move(st), deadline, [promise](Result r, std::exception_ptr error) {
    if (error) {
      promise->set_exception(error);
    } else {
      promise->set_value(std::move(r));
    }
  });
  return PendingResult(std::move(future), deadline);
}

Result PendingResult::get() {
  // The connection ends a request at its deadline; the margin covers its scan interval and a
  // retry that was being sent just then.
  if (_future.wait_until(_deadline + std::chrono::seconds(2)) != std::future_status::ready)
    throw CqlError(ErrorCode::client_timeout, "no response before the deadline");
  return _future.get();
}

Result Session::execute(const BoundStatement& st, Deadline deadline) {
  return execute_async(st, deadline).get();
}
Result Session::execute(const BoundStatement& st) { return execute(st, default_deadline()); }

}  // namespace jobstream::cql
