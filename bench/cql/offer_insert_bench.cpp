// Writes N offer-shaped rows through one prepared INSERT with a window of requests in flight,
// then prints key=value figures (rows/s, client CPU, Cassandra CPU) for run.sh to compare.
//
// usage: cql_offer_insert_bench HOST PORT KEYSPACE ROWS IN_FLIGHT CASSANDRA_PID
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <memory>
#include <sstream>
#include <string>

#include "bench/cql/offer_shape.hpp"
#include "cql/error.hpp"
#include "cql/session.hpp"

using namespace jobstream::cql;

namespace {
double process_cpu_seconds(long pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/stat";
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "r"), std::fclose);
  if (!f) return 0;
  char buf[2048];
  std::string s(buf, std::fread(buf, 1, sizeof buf, f.get()));
  auto close = s.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(s.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // Fields after the command: state(3) ... utime(14) stime(15).
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double self_cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  auto tv = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr, "usage: %s HOST PORT KEYSPACE ROWS IN_FLIGHT CASSANDRA_PID\n", argv[0]);
    return 2;
  }
  try {
    SessionConfig cfg;
    cfg.contact_points = {argv[1]};
    cfg.port = static_cast<std::uint16_t>(std::stoi(argv[2]));
    cfg.consistency = Consistency::one;
    std::string ks = argv[3];
    int rows = std::stoi(argv[4]);
    std::size_t window = std::stoul(argv[5]);
    long cpid = std::stol(argv[6]);
    cfg.max_in_flight = std::max<std::size_t>(window, 1);
    auto session = Session::connect(cfg);
    auto insert =
        session->prepare(std::string("INSERT INTO ") + ks + ".offers (" + bench::offer_insert_columns +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    std::vector<std::string> descriptions;
    descriptions.reserve(64);
    for (int i = 0; i < 64; ++i) descriptions.push_back(bench::offer_description(i));

    auto cpu0 = self_cpu_seconds();
    auto c0 = process_cpu_seconds(cpid);
    auto t0 = std::chrono::steady_clock::now();
    std::deque<PendingResult> inflight;
    for (int i = 0; i < rows; ++i) {
      if (inflight.size() >= window) {
        inflight.front().get();
        inflight.pop_front();
      }
      BoundStatement st(
          insert, {std::string("js-") + std::to_string(i), std::string("Technicien de maintenance H/F"),
                   descriptions[static_cast<std::size_t>(i % 64)], std::string("I1304"),
                   std::string("Installation et maintenance d'equipements industriels"), std::string("Lyon"),
                   std::string("69003"), std::string("69"), 45.76 + i * 1e-6, 4.85, std::string("CDI"),
                   std::string("Mensuel de 2200 Euros a 2600 Euros"), Timestamp{1700000000000 + i},
                   Timestamp{1700000500000 + i}, std::string("Societe Exemple"), std::string("2 ans"),
                   std::int32_t{1 + i % 3}});
      inflight.push_back(session->execute_async(std::move(st)));
    }
    for (auto& p : inflight) p.get();
    auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto cpu = self_cpu_seconds() - cpu0;
    auto ccpu = process_cpu_seconds(cpid) - c0;
    std::printf("rows=%d\nseconds=%.3f\nrows_per_s=%.0f\nclient_cpu_s=%.3f\nclient_core_share=%.3f\n"
                "cassandra_cpu_s=%.3f\ncassandra_cores=%.3f\n",
                rows, wall, rows / wall, cpu, cpu / wall, ccpu, ccpu / wall);
    return 0;
  } catch (const CqlError& e) {
    std::fprintf(stderr, "cql error: %s\n", e.what());
    return 1;
  }
}
