// The ceiling for `jobstream consume`: the same offers written straight into Cassandra through the
// same store code (CQL client, prepared upsert, same in-flight bound), with no Kafka in between.
// usage: store_write_bench HOST PORT KEYSPACE OFFERS.jsonl IN_FLIGHT
// prints key=value lines: rows, seconds, rows_per_s
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "analytics/facts_codec.hpp"
#include "bench/common/bounded_store_writes.hpp"
#include "offer/offer_fields.hpp"
#include "store/cassandra_offer_store.hpp"

using namespace jobstream;

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: store_write_bench HOST PORT KEYSPACE OFFERS.jsonl IN_FLIGHT\n";
    return 2;
  }
  const std::size_t window = std::stoul(argv[5]);
  auto session = cql::Session::connect(bench::session_config(argv[1], argv[2], window));
  store::CassandraOfferStore store(*session, argv[3], analytics::encoded_facts_of_json);  // as consume does

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

  bench::BoundedStoreWrites writes(store, window);
  const auto start = std::chrono::steady_clock::now();
  for (const auto& r : records) writes.write(r);
  const std::size_t failed = writes.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("rows=%zu\nfailed=%zu\nseconds=%.2f\nrows_per_s=%.0f\n", records.size(), failed, seconds,
              static_cast<double>(records.size()) / seconds);
  return failed == 0 ? 0 : 1;
}
