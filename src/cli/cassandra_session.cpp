#include "cli/cassandra_session.hpp"

#include <spdlog/spdlog.h>

namespace jobstream::cli {

std::unique_ptr<cql::Session> connect_cassandra(const store::CassandraSettings& settings) {
  auto config = settings.session_config();
  config.on_node_change = [](const std::string& endpoint, bool up) {
    if (up) spdlog::info("cassandra: node {} is back; it gets requests again", endpoint);
    else spdlog::warn("cassandra: node {} unreachable; requests go to the other replicas", endpoint);
  };
  if (settings.tls && !settings.tls_verify) {
    spdlog::warn(
        "cassandra: CASSANDRA_TLS_VERIFY=0: the server's certificate is NOT verified (encrypted, but "
        "open to impersonation)");
  }
  spdlog::info("cassandra: connecting to {}:{}{}", fmt::join(settings.contact_points, ","), settings.port,
               settings.tls ? " over TLS" : "");
  return cql::Session::connect(std::move(config));
}

}  // namespace jobstream::cli
