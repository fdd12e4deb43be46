#pragma once

#include <stdexcept>
#include <string>

namespace jobstream::source {

/// What went wrong at the API boundary.
enum class SourceErrorKind {
  config,        ///< settings are wrong (never retried)
  transport,     ///< connection refused, DNS, TLS, reset
  timeout,       ///< the request or its deadline expired
  http,          ///< an HTTP status the client does not accept
  auth,          ///< the token endpoint refused the credentials or scope
  bad_response,  ///< a body or header that does not follow the contract
  cancelled,     ///< the caller asked to stop
};

/// The one error type of the source stage. It says whether retrying may help and carries the
/// context (endpoint, status, attempt). Its message never contains a secret or a token.
class SourceError : public std::runtime_error {
 public:
  SourceError(SourceErrorKind kind, bool retryable, const std::string& message, int http_status = 0)
      : std::runtime_error(message), _kind(kind), _retryable(retryable), _http_status(http_status) {}

  SourceErrorKind kind() const { return _kind; }
  bool retryable() const { return _retryable; }
  /// The HTTP status when the error came from an answer, else 0.
  int http_status() const { return _http_status; }

 private:
  SourceErrorKind _kind;
  bool _retryable;
  int _http_status;
};

}  // namespace jobstream::source
