#pragma once
// Typed errors of the CQL client: every server ERROR code, plus client-side failures.

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace jobstream::cql {

/// Server error codes (protocol v4 section 9, plus the v5 additions) and client-side kinds.
enum class ErrorCode : std::int32_t {
  server_error = 0x0000,
  protocol_error = 0x000A,
  authentication_error = 0x0100,
  unavailable = 0x1000,
  overloaded = 0x1001,
  is_bootstrapping = 0x1002,
  truncate_error = 0x1003,
  write_timeout = 0x1100,
  read_timeout = 0x1200,
  read_failure = 0x1300,
  function_failure = 0x1400,
  write_failure = 0x1500,
  cdc_write_failure = 0x1600,
  cas_write_unknown = 0x1700,
  syntax_error = 0x2000,
  unauthorized = 0x2100,
  invalid = 0x2200,
  config_error = 0x2300,
  already_exists = 0x2400,
  unprepared = 0x2500,
  // Client-side kinds, outside the server's code space.
  client_timeout = -1,
  connection_lost = -2,
  connect_failed = -3,
  bad_response = -4,
  bad_argument = -5,
  tls_failed = -6,  ///< TLS setup or certificate verification failed: not retried
};

/// Name of a code, e.g. "Syntax_error".
const char* error_name(ErrorCode code);

/// Whether retrying the same (idempotent) request may succeed.
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
