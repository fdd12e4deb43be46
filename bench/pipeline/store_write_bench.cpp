// The ceiling for `jobstream consume`: the same offers written straight into Cassandra through the
// same store code (CQL client, prepared upsert, same in-flight bound), with no Kafka in between.
// usage: store_write_bench HOST PORT KEYSPACE OFFERS.jsonl IN_FLIGHT
// prints key=value lines: rows, seconds, rows_per_s
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include "offer/offer_fields.hpp"
#include "store/cassandra_offer_store.hpp"

using namespace jobstream;

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: store_write_bench HOST PORT KEYSPACE OFFERS.jsonl IN_FLIGHT\n";
    return 2;
  }
  cql::SessionConfig config;
  config.contact_points = {argv[1]};
  config.port = static_cast<std::uint16_t>(std::stoi(argv[2]));
  const std::size_t window = std::stoul(argv[5]);
  config.max_in_flight = window * 2;
  auto session = cql::Session::connect(config);
  store::CassandraOfferStore store(*session, argv[3]);

  // Records are prepared before the clock starts: the figure is the write path alone.
  std::vector<offer::OfferRecord> records;
  std::ifstream in(argv[4]);
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  for (std::string line; std::getline(in, line);) {
    auto fields = offer::parse_offer_fields(line);
    if (auto* f = std::get_if<offer::OfferFields>(&fields)) {
      records.emplace_back(offer::OfferUpsert{f->id, "bench", now, line});
    }
  }

  std::mutex m;
  std::condition_variable cv;
  std::size_t in_flight = 0, failed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& r : records) {
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return in_flight < window; });
      ++in_flight;
    }
    store.write(r, [&](const store::StoreResult& result) {
      std::lock_guard lock(m);
      --in_flight;
      if (result.status != store::StoreResult::Status::stored) ++failed;
      cv.notify_all();
    });
  }
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return in_flight == 0; });
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("rows=%zu\nfailed=%zu\nseconds=%.2f\nrows_per_s=%.0f\n", records.size(), failed, seconds,
              static_cast<double>(records.size()) / seconds);
  return failed == 0 ? 0 : 1;
}
