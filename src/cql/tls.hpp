#pragma once
// TLS for CQL connections (OpenSSL): the server's certificate is verified against a CA file and
// its name or IP address by default; a client certificate is optional.

#include <memory>
#include <string>

struct ssl_ctx_st;

namespace jobstream::cql {

/// What OpenSSL queued about the last failure, oldest first, emptying its error queue ("" if none).
std::string openssl_error_queue();

struct TlsOptions {
  bool enabled = false;
  std::string ca_file;    ///< PEM bundle of trusted CAs; empty: the system's default trust store
  std::string cert_file;  ///< client certificate (PEM), for servers that require client auth
  std::string key_file;   ///< its private key (PEM)
  /// Verify the chain and the host name/IP. Turning it off accepts any server: an explicit choice,
  /// warned about at connect time.
  bool verify = true;
};

/// An OpenSSL context built once from TlsOptions and shared by every connection of a session.
class TlsContext {
 public:
  /// Throws CqlError(tls_failed) naming the file or setting at fault.
  static std::shared_ptr<const TlsContext> create(const TlsOptions& options);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  ssl_ctx_st* native() const { return _ctx; }
  bool verify() const { return _verify; }

 private:
  TlsContext(ssl_ctx_st* ctx, bool verify) : _ctx(ctx), _verify(verify) {}
  ssl_ctx_st* _ctx;
  bool _verify;
};

}  // namespace jobstream::cql
