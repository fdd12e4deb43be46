#include "cql/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "cql/error.hpp"

namespace jobstream::cql {
namespace {

std::string openssl_reason() {
  auto out = openssl_error_queue();
  return out.empty() ? "unknown OpenSSL error" : out;
}

}  // namespace

std::string openssl_error_queue() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

std::shared_ptr<const TlsContext> TlsContext::create(const TlsOptions& options) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) throw CqlError(ErrorCode::tls_failed, "cannot create a TLS context: " + openssl_reason());
  std::shared_ptr<const TlsContext> out(new TlsContext(ctx, options.verify));
  // Cassandra 5 speaks TLS 1.2 and 1.3; older versions are refused.
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (options.verify) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    const bool loaded = options.ca_file.empty()
                            ? SSL_CTX_set_default_verify_paths(ctx) == 1
                            : SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) == 1;
    if (!loaded) {
      throw CqlError(ErrorCode::tls_failed,
                     "cannot load the CA file '" + options.ca_file + "': " + openssl_reason());
    }
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  }
  if (!options.cert_file.empty() || !options.key_file.empty()) {
    if (options.cert_file.empty() || options.key_file.empty()) {
      throw CqlError(ErrorCode::tls_failed,
                     "a client certificate needs both its certificate and its key file");
    }
    if (SSL_CTX_use_certificate_chain_file(ctx, options.cert_file.c_str()) != 1) {
      throw CqlError(ErrorCode::tls_failed,
                     "cannot load the client certificate '" + options.cert_file + "': " + openssl_reason());
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
      // The key's path is named, never its content.
      throw CqlError(ErrorCode::tls_failed,
                     "cannot use the client key '" + options.key_file + "': " + openssl_reason());
    }
  }
  return out;
}

TlsContext::~TlsContext() { SSL_CTX_free(_ctx); }

}  // namespace jobstream::cql
