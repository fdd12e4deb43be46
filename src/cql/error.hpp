#pragma once
// Typed errors of the CQL client: every server ERROR code, plus client-side failures.

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace jobstream::cql {

/// How a failed request may be tried again.
enum class RetryRule {
  resend,  ///< transient (timeouts, unavailable, overloaded, lost connection): the session resends
           ///< an idempotent request within its deadline, and a caller may try again later
  later,   ///< the client's own deadline passed: not resent within it, but a caller may try later
  never,   ///< permanent (invalid, too big, syntax, unauthorized...): the same request fails again
};

/// The one table of CQL errors: enumerator, code, name and retry rule. Server codes are those of
/// protocol v4 section 9 plus the v5 additions; negative codes are client-side kinds. Cassandra
/// answers a request larger than its frame limit ("Request is too big", "CQL Message of size ...
/// exceeds allowed maximum") with Invalid, so such a record is never retried.
#define JOBSTREAM_CQL_ERRORS(X)                                    \
  X(server_error, 0x0000, "Server_error", resend)                  \
  X(protocol_error, 0x000A, "Protocol_error", never)               \
  X(authentication_error, 0x0100, "Authentication_error", never)   \
  X(unavailable, 0x1000, "Unavailable", resend)                    \
  X(overloaded, 0x1001, "Overloaded", resend)                      \
  X(is_bootstrapping, 0x1002, "Is_bootstrapping", resend)          \
  X(truncate_error, 0x1003, "Truncate_error", resend)              \
  X(write_timeout, 0x1100, "Write_timeout", resend)                \
  X(read_timeout, 0x1200, "Read_timeout", resend)                  \
  X(read_failure, 0x1300, "Read_failure", never)                   \
  X(function_failure, 0x1400, "Function_failure", never)           \
  X(write_failure, 0x1500, "Write_failure", never)                 \
  X(cdc_write_failure, 0x1600, "CDC_write_failure", never)         \
  X(cas_write_unknown, 0x1700, "CAS_write_unknown", never)         \
  X(syntax_error, 0x2000, "Syntax_error", never)                   \
  X(unauthorized, 0x2100, "Unauthorized", never)                   \
  X(invalid, 0x2200, "Invalid", never)                             \
  X(config_error, 0x2300, "Config_error", never)                   \
  X(already_exists, 0x2400, "Already_exists", never)               \
  /* re-prepared, then resent: the node never ran the statement */ \
  X(unprepared, 0x2500, "Unprepared", resend)                      \
  X(client_timeout, -1, "Client_timeout", later)                   \
  X(connection_lost, -2, "Connection_lost", resend)                \
  X(connect_failed, -3, "Connect_failed", resend)                  \
  X(bad_response, -4, "Bad_response", never)                       \
  X(bad_argument, -5, "Bad_argument", never)                       \
  /* TLS setup or certificate verification failed */               \
  X(tls_failed, -6, "Tls_failed", never)

enum class ErrorCode : std::int32_t {
#define JOBSTREAM_CQL_ENUM(name, code, text, rule) name = (code),
  JOBSTREAM_CQL_ERRORS(JOBSTREAM_CQL_ENUM)
#undef JOBSTREAM_CQL_ENUM
};

/// Name of a code, e.g. "Syntax_error".
const char* error_name(ErrorCode code);

/// How a request that failed with `code` may be tried again (codes outside the table: never).
RetryRule retry_rule(ErrorCode code);

/// Whether trying the same (idempotent) request again, now or later, may succeed.
bool is_retryable(ErrorCode code);

/// The one error type of the CQL boundary: code, server (or client) message, retryable flag.
class CqlError : public std::runtime_error {
 public:
  CqlError(ErrorCode code, std::string message);
  ErrorCode code() const { return _code; }
  bool retryable() const { return is_retryable(_code); }
  /// The server's own message (without the code prefix).
  const std::string& server_message() const { return _message; }
  /// For Unprepared: the statement id the node did not know.
  std::vector<std::uint8_t> unprepared_id;

 private:
  ErrorCode _code;
  std::string _message;
};

/// Decodes the body of an ERROR response into a CqlError (extra fields folded into the text).
CqlError decode_error_body(std::span<const std::uint8_t> body);

}  // namespace jobstream::cql
