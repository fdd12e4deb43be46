#include "cli/cassandra_session.hpp"

#include <spdlog/spdlog.h>

namespace jobstream::cli {

std::unique_ptr<cql::Session> connect_cassandra(const pipeline::CassandraSettings& settings) {
  cql::SessionConfig config;
  config.contact_points = settings.contact_points;
  config.port = static_cast<std::uint16_t>(settings.port);
  config.username = settings.username;
  config.password = settings.password.reveal();
  // A single-node default cluster has one replica: LOCAL_QUORUM of one is that node. On a ring with
  // replication factor 3, LOCAL_QUORUM writes and reads overlap in one replica: newest version wins.
  config.consistency = settings.consistency;
  config.on_node_change = [](const std::string& endpoint, bool up) {
    if (up) spdlog::info("cassandra: node {} is back; it gets requests again", endpoint);
    else spdlog::warn("cassandra: node {} unreachable; requests go to the other replicas", endpoint);
  };
  config.max_in_flight = static_cast<std::size_t>(std::max(settings.max_writes_in_flight * 2, 64));
  config.tls.enabled = settings.tls;
  config.tls.ca_file = settings.tls_ca_file;
  config.tls.cert_file = settings.tls_cert_file;
  config.tls.key_file = settings.tls_key_file;
  config.tls.verify = settings.tls_verify;
  if (settings.tls && !settings.tls_verify) {
    spdlog::warn("cassandra: CASSANDRA_TLS_VERIFY=0: the server's certificate is NOT verified (encrypted, but "
                 "open to impersonation)");
  }
  config.validate();
  spdlog::info("cassandra: connecting to {}:{}{}", fmt::join(settings.contact_points, ","), settings.port,
               settings.tls ? " over TLS" : "");
  return cql::Session::connect(std::move(config));
}

}  // namespace jobstream::cli
