#include "cli/cassandra_session.hpp"

#include <spdlog/spdlog.h>

namespace jobstream::cli {

std::unique_ptr<cql::Session> connect_cassandra(const pipeline::CassandraSettings& settings) {
  cql::SessionConfig config;
  config.contact_points = settings.contact_points;
  config.port = static_cast<std::uint16_t>(settings.port);
  config.username = settings.username;
  config.password = settings.password.reveal();
  // A single-node default cluster has one replica: LOCAL_QUORUM of one is that node.
  config.max_in_flight = static_cast<std::size_t>(std::max(settings.max_writes_in_flight * 2, 64));
  config.validate();
  spdlog::info("cassandra: connecting to {}:{}", fmt::join(settings.contact_points, ","), settings.port);
  return cql::Session::connect(std::move(config));
}

}  // namespace jobstream::cli
