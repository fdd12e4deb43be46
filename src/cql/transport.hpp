#pragma once
// The byte stream under a CQL connection: plain TCP, or TLS over it. Built on a non-blocking
// socket and poll(), so that one reader thread and any writing thread can use it at once (OpenSSL
// objects are not thread-safe: the TLS transport serializes its calls without ever blocking inside
// them).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "cql/tls.hpp"

namespace jobstream::cql {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;
inline constexpr Deadline no_deadline = Deadline::max();

class Transport {
 public:
  virtual ~Transport() = default;
  /// Reads between 1 and n bytes; 0 means the peer closed the stream. Throws
  /// CqlError(client_timeout) at the deadline and CqlError(connection_lost) on a broken stream.
  virtual std::size_t read_some(std::uint8_t* data, std::size_t n, Deadline deadline) = 0;
  /// Writes all n bytes before `deadline`. Callers serialize their writes (one writer at a time).
  /// Throws CqlError(connection_lost) on a broken stream, and also at the deadline: a peer that
  /// stops reading would otherwise block the writer forever, and a frame cut in the middle leaves
  /// the stream unusable anyway.
  virtual void write_all(const std::uint8_t* data, std::size_t n, Deadline deadline) = 0;
  /// Wakes a blocked reader and writer; the stream is unusable afterwards.
  virtual void shutdown() = 0;
};

/// Takes ownership of a connected socket.
std::unique_ptr<Transport> plain_transport(int fd, std::string endpoint);

/// Takes ownership of a connected socket and runs the TLS handshake before `deadline`, verifying
/// the server's certificate for `host` (a name or an IP address) when the context says so.
/// Throws CqlError(tls_failed) with the reason (e.g. the certificate verification error).
std::unique_ptr<Transport> tls_transport(int fd, const std::string& endpoint, const TlsContext& context,
                                         const std::string& host, Deadline deadline);

}  // namespace jobstream::cql
