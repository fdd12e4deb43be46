// ERROR bodies decode to typed errors with the server's message and the right retryable flag.
#include <gtest/gtest.h>

#include "cql/error.hpp"
#include "cql/wire.hpp"

using namespace jobstream::cql;
using Bytes = std::vector<std::uint8_t>;

namespace {
Bytes error_body(std::int32_t code, const std::string& msg, const Bytes& extra = {}) {
  Bytes b;
  Writer w(b);
  w.i32(code);
  w.string(msg);
  w.raw(extra);
  return b;
}
}  // namespace

TEST(CqlError, SyntaxErrorKeepsMessageAndIsNotRetryable) {
  auto e = decode_error_body(error_body(0x2000, "line 1:0 no viable alternative"));
  EXPECT_EQ(e.code(), ErrorCode::syntax_error);
  EXPECT_EQ(e.server_message(), "line 1:0 no viable alternative");
  EXPECT_FALSE(e.retryable());
  EXPECT_NE(std::string(e.what()).find("Syntax_error"), std::string::npos);
}

TEST(CqlError, EveryCodeHasANameAndAFlag) {
  struct Case {
    std::int32_t code;
    bool retryable;
  };
  Case cases[] = {{0x0000, true},  {0x000A, false}, {0x0100, false}, {0x1000, true},  {0x1001, true},
                  {0x1002, true},  {0x1003, true},  {0x1100, true},  {0x1200, true},  {0x1300, false},
                  {0x1400, false}, {0x1500, false}, {0x1600, false}, {0x1700, false}, {0x2000, false},
                  {0x2100, false}, {0x2200, false}, {0x2300, false}, {0x2400, false}, {0x2500, true}};
  for (auto c : cases) {
    auto code = static_cast<ErrorCode>(c.code);
    EXPECT_STRNE(error_name(code), "Unknown_error") << c.code;
    EXPECT_EQ(is_retryable(code), c.retryable) << c.code;
  }
}

TEST(CqlError, UnavailableExtraFields) {
  auto e = decode_error_body(
      error_body(0x1000, "Cannot achieve consistency", {0x00, 0x04, 0, 0, 0, 2, 0, 0, 0, 1}));
  EXPECT_EQ(e.code(), ErrorCode::unavailable);
  EXPECT_NE(e.server_message().find("QUORUM, required 2, alive 1"), std::string::npos);
}

TEST(CqlError, WriteTimeoutExtraFields) {
  Bytes extra{0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x06, 'S', 'I', 'M', 'P', 'L', 'E'};
  auto e = decode_error_body(error_body(0x1100, "timeout", extra));
  EXPECT_EQ(e.code(), ErrorCode::write_timeout);
  EXPECT_NE(e.server_message().find("write type SIMPLE"), std::string::npos);
}

TEST(CqlError, UnpreparedCarriesId) {
  auto e = decode_error_body(error_body(0x2500, "unknown id", {0x00, 0x02, 0xCA, 0xFE}));
  EXPECT_EQ(e.code(), ErrorCode::unprepared);
  EXPECT_EQ(e.unprepared_id, (Bytes{0xCA, 0xFE}));
}

TEST(CqlError, AlreadyExistsNamesTable) {
  auto e = decode_error_body(error_body(0x2400, "exists", {0x00, 0x02, 'k', 's', 0x00, 0x01, 't'}));
  EXPECT_NE(e.server_message().find("[ks.t]"), std::string::npos);
}

TEST(CqlError, TruncatedBodies) {
  EXPECT_THROW(decode_error_body(Bytes{0x00, 0x00}), DecodeError);
  EXPECT_THROW(decode_error_body(Bytes{0, 0, 0x20, 0, 0x00, 0x05, 'a'}), DecodeError);
  // Truncated extra fields keep code and message.
  auto e = decode_error_body(error_body(0x1000, "m", {0x00}));
  EXPECT_EQ(e.code(), ErrorCode::unavailable);
  EXPECT_NE(e.server_message().find("truncated"), std::string::npos);
}

TEST(CqlError, OneTableGivesEachCodeItsRetryRule) {
  // Transient: resent by the session and retried later by callers.
  for (auto c : {ErrorCode::write_timeout, ErrorCode::read_timeout, ErrorCode::unavailable,
                 ErrorCode::overloaded, ErrorCode::connection_lost, ErrorCode::unprepared}) {
    EXPECT_EQ(retry_rule(c), RetryRule::resend) << error_name(c);
  }
  // The client's own deadline passed: not resent within it, retried later.
  EXPECT_EQ(retry_rule(ErrorCode::client_timeout), RetryRule::later);
  EXPECT_TRUE(is_retryable(ErrorCode::client_timeout));
  // Permanent: the same request fails the same way every time.
  for (auto c : {ErrorCode::invalid, ErrorCode::syntax_error, ErrorCode::unauthorized,
                 ErrorCode::protocol_error, ErrorCode::bad_argument, static_cast<ErrorCode>(0x7777)}) {
    EXPECT_EQ(retry_rule(c), RetryRule::never) << error_name(c);
  }
  // Cassandra's answer to a request over its frame limit.
  auto e =
      decode_error_body(error_body(0x2200, "CQL Message of size 17000063 bytes exceeds allowed maximum"));
  EXPECT_FALSE(e.retryable());
}
