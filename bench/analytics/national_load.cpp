// Loads offers (JSON Lines on stdin, one API offer object a line) into `<keyspace>.offers` through
// the store's own writer (prepared upsert, the offer's version as write time, IN_FLIGHT requests
// at once), and writes the same offers' facts, as the figures engine reads them, to FACTS.csv: the
// one export DuckDB computes its figures from in bench/analytics/national.sh.
// Streams: memory stays bounded by the in-flight window, whatever the number of offers.
// usage: national_load HOST PORT KEYSPACE IN_FLIGHT FACTS.csv < offers.jsonl
// prints key=value lines: rows, failed, seconds, rows_per_s
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <variant>

#include "analytics/facts_codec.hpp"
#include "analytics/offer_facts.hpp"
#include "bench/common/bounded_store_writes.hpp"
#include "offer/geo_reference.hpp"
#include "store/cassandra_offer_store.hpp"

using namespace jobstream;

namespace {

std::int32_t day_number(analytics::Day d) { return static_cast<std::int32_t>(d.time_since_epoch().count()); }

// One CSV line of the facts the four benchmark queries and their figures need. Codes hold no
// comma or quote (INSEE and ROME codes, contract types, offer ids of the API's shape).
void write_facts(std::ostream& out, const analytics::OfferFacts& f) {
  const auto* dept = offer::departement_at(f.place.departement);
  const auto* region = offer::region_at(f.place.region);
  const bool parsed = f.salary.status == analytics::SalaryStatus::parsed && f.salary.annual_estimate;
  out << f.id << ',' << f.created_at.time_since_epoch().count() << ','
      << f.updated_at.time_since_epoch().count() << ',' << day_number(f.created_day()) << ','
      << day_number(f.updated_day()) << ',' << (dept ? dept->code : "") << ',' << (region ? region->code : "")
      << ',' << f.rome_code << ',' << f.contract_type << ',' << static_cast<int>(f.salary.status) << ',';
  if (parsed) out << std::llround(*f.salary.annual_estimate);
  out << ',' << f.posts << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: national_load HOST PORT KEYSPACE IN_FLIGHT FACTS.csv < offers.jsonl\n";
    return 2;
  }
  const std::size_t window = std::stoul(argv[4]);
  auto config = bench::session_config(argv[1], argv[2], window);
  config.request_timeout = std::chrono::seconds(60);
  auto session = cql::Session::connect(config);
  store::CassandraOfferStore store(*session, argv[3], analytics::encoded_facts_of_json);
  std::ofstream facts(argv[5]);
  facts << "id,created_ms,updated_ms,created_day,updated_day,departement,region,rome,contract,salary_status,"
           "salary_annual,posts\n";

  bench::BoundedStoreWrites writes(store, window);
  std::size_t rows = 0, no_facts = 0;
  const auto harvested =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto start = std::chrono::steady_clock::now();
  std::ios::sync_with_stdio(false);
  for (std::string line; std::getline(std::cin, line);) {
    if (line.empty()) continue;
    auto parsed = analytics::facts_from_json(line);
    auto* f = std::get_if<analytics::OfferFacts>(&parsed);
    if (!f) {
      ++no_facts;
      continue;
    }
    write_facts(facts, *f);
    ++rows;
    writes.write(offer::OfferUpsert{f->id, "bench", harvested, std::move(line)});
  }
  const std::size_t failed = writes.finish();
  facts.close();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("rows=%zu\nfailed=%zu\nno_facts=%zu\nseconds=%.1f\nrows_per_s=%.0f\n", rows, failed, no_facts,
              seconds, static_cast<double>(rows) / seconds);
  return failed == 0 && no_facts == 0 && facts ? 0 : 1;
}
