// Against a real two-node Cassandra cluster on 127.0.0.1 and 127.0.0.2 (private instances started
// and removed by the fixture): the session discovers both nodes and sends every write to the node
// that owns its partition, as python3-cassandra's token map (an independent client) says.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "cql/session.hpp"

using namespace jobstream::cql;

namespace {
constexpr std::uint16_t ring_port = 9342;

int node(int n, const std::string& verb) {
  const std::string address = "127.0.0." + std::to_string(n);
  // Node 2 joins through node 1 (the seed); a short ring delay keeps the join quick.
  std::string cmd =
      "timeout 500 env JOBSTREAM_STACK_NAME=cqlring" + std::to_string(n) +
      " CASSANDRA_LISTEN_ADDRESS=" + address + " CASSANDRA_SEEDS=127.0.0.1:7300" +
      " CASSANDRA_PORT=9342 CASSANDRA_STORAGE_PORT=7300 CASSANDRA_JMX_PORT=" + std::to_string(7400 + n) +
      " CASSANDRA_HEAP=768M CASSANDRA_RING_DELAY_MS=5000 " + JOBSTREAM_SOURCE_DIR "/scripts/stack " + verb +
      " >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

class CqlTwoNodes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    node(2, "down --wipe cassandra");
    node(1, "down --wipe cassandra");
    ASSERT_EQ(node(1, "up cassandra"), 0) << "node 1 did not start";
    ASSERT_EQ(node(2, "up cassandra"), 0) << "node 2 did not join";
  }
  static void TearDownTestSuite() {
    node(2, "down --wipe cassandra");
    node(1, "down --wipe cassandra");
  }
};

std::map<std::string, std::string> owners_by_python(const std::string& ks,
                                                    const std::vector<std::string>& keys) {
  std::string cmd =
      "/usr/bin/python3 " JOBSTREAM_CQL_REPLICAS " 127.0.0.1 " + std::to_string(ring_port) + " " + ks;
  for (const auto& k : keys) cmd += " " + k;
  std::unique_ptr<FILE, int (*)(FILE*)> p(::popen(cmd.c_str(), "r"), ::pclose);
  std::string out;
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, p.get())) out.append(buf, n);
  std::map<std::string, std::string> owners;
  std::istringstream lines(out);
  for (std::string key, address; lines >> key >> address;) owners[key] = address;
  return owners;
}
}  // namespace

TEST_F(CqlTwoNodes, EveryWriteGoesToTheNodeThatOwnsItsPartition) {
  SessionConfig cfg;
  cfg.port = ring_port;
  cfg.consistency = Consistency::one;
  cfg.request_timeout = std::chrono::seconds(20);
  auto session = Session::connect(cfg);
  EXPECT_EQ(session->ring_size(), 32u) << "16 tokens per node, two nodes";

  const std::string ks = "cql_ring_" + std::to_string(std::random_device{}() % 100000000);
  session->query("CREATE KEYSPACE " + ks +
                 " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  session->query("CREATE TABLE " + ks + ".offers (id text PRIMARY KEY, v int)");
  auto insert = session->prepare("INSERT INTO " + ks + ".offers (id, v) VALUES (?, ?)");

  std::vector<std::string> keys;
  keys.reserve(300);
  for (int i = 0; i < 300; ++i) keys.push_back("offer" + std::to_string(i * 7919));
  const auto expected = owners_by_python(ks, keys);
  ASSERT_EQ(expected.size(), keys.size()) << "python3-cassandra did not answer for every key";

  std::map<std::string, int> per_node;
  int mismatches = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    BoundStatement st(insert, {keys[i], static_cast<std::int32_t>(i)});
    // "address:port", or "" for the control node, which is the contact point 127.0.0.1.
    const auto endpoint = session->route(st);
    const auto address =
        endpoint.empty() ? std::string("127.0.0.1") : endpoint.substr(0, endpoint.rfind(':'));
    ++per_node[address];
    if (address != expected.at(keys[i])) ++mismatches;
    session->execute(st);
  }
  EXPECT_EQ(mismatches, 0) << "writes routed to a node that does not own the partition";
  EXPECT_EQ(per_node.size(), 2u) << "both nodes own partitions";
  EXPECT_GT(per_node["127.0.0.1"], 30);
  EXPECT_GT(per_node["127.0.0.2"], 30);
  std::printf(
      "300 writes routed: %d to 127.0.0.1, %d to 127.0.0.2, %d against python3-cassandra's token map\n",
      per_node["127.0.0.1"], per_node["127.0.0.2"], mismatches);

  // The writes went through connections to both nodes, and every row is there.
  const auto [frames, writes] = session->frames_and_writes();
  EXPECT_GE(frames, keys.size());
  EXPECT_GT(writes, 0u);
  auto rows = session->fetch_all({session->prepare("SELECT id FROM " + ks + ".offers"), {}});
  EXPECT_EQ(rows.size(), keys.size());
  session->query("DROP KEYSPACE " + ks);
}
