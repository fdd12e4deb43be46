// Seconds that hold far more than the 3,150 results a query can reach, swept by the source's
// harvester against the in-process emulator: every offer exactly once, no best-effort slice.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "emulator/emulator_host.hpp"
#include "source/harvester.hpp"

namespace jobstream::emulator {
namespace {

using namespace std::chrono_literals;

class CountingSink : public source::OfferSink {
 public:
  void on_offer(const source::OfferSeen& o) override {
    std::lock_guard lock(mutex);
    ++seen[o.id];
    if (!o.raw_json.empty() && o.raw_json.front() != '{') ++not_json;
  }
  void on_withdrawn(const source::OfferWithdrawn&) override {}
  std::mutex mutex;
  std::map<std::string, int> seen;
  int not_json = 0;
};

const std::string client_id = "PAR_jobstream_emulated_client";
const std::string client_secret = "emulated-secret-for-tests";

Millis now_ms() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

EmulatorOptions options_with(OfferBurst burst) {
  EmulatorOptions o;
  o.corpus.offers = 5000;
  o.corpus.seed = 17;
  o.corpus.anchor = now_ms();
  o.corpus.bursts = {std::move(burst)};
  o.server.client_id = client_id;
  o.server.client_secret = client_secret;
  o.server.rate_limit = 0;
  return o;
}

OfferBurst burst_of(std::uint64_t offers) {
  OfferBurst b;
  b.at = now_ms() - std::chrono::hours(50);
  b.offers = offers;
  b.departement = "75";
  b.type_contrat = "CDI";
  return b;
}

source::HarvestReport sweep(EmulatorHost& host, CountingSink& sink, const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / fmt::format("jobstream-hard-{}-{}", name, ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  source::SourceSettings s;
  s.client_id = client_id;
  s.client_secret = common::Secret(client_secret);
  s.token_url = host.api().token_url();
  s.api_url = host.api().api_url();
  s.requests_per_second = 1000;
  s.burst = 100;
  s.request_timeout = 20s;
  s.state_file = (dir / "source-state.json").string();
  source::Harvester harvester(s, sink, {});
  auto report = harvester.full_sweep();
  std::filesystem::remove_all(dir);
  std::puts(fmt::format("{}: {} offers, {} requests (bound {}), {} splits, {} best-effort slices", name,
                        report.distinct_offers, report.requests, report.lower_bound_requests, report.splits,
                        report.best_effort_slices)
                .c_str());
  return report;
}

void expect_each_once(EmulatorHost& host, CountingSink& sink, const source::HarvestReport& report) {
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(report.best_effort_slices, 0);
  for (const auto& [slice, total] : report.best_effort)
    ADD_FAILURE() << "best effort: " << slice << " " << total;
  const auto ids = host.catalog().ids();
  EXPECT_EQ(sink.seen.size(), ids.size());
  int missing = 0, repeated = 0;
  for (const auto& id : ids) {
    const auto it = sink.seen.find(id);
    missing += it == sink.seen.end() ? 1 : 0;
    repeated += it != sink.seen.end() && it->second != 1 ? 1 : 0;
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(repeated, 0);
  EXPECT_EQ(sink.not_json, 0);
}

TEST(HardCases, ASecondOf20000OffersInOneDepartementAndOneContractType) {
  EmulatorHost host(options_with(burst_of(20000)));
  SearchFilter f;
  f.departements = {"75"};
  f.types_contrat = {"CDI"};
  const auto at = std::chrono::floor<std::chrono::seconds>(host.options().corpus.bursts[0].at);
  f.min_created = Millis(at);
  f.max_created = Millis(at);
  ASSERT_GE(host.catalog().search(f, 0, 0).total, 20000);
  CountingSink sink;
  expect_each_once(host, sink, sweep(host, sink, "one second, one département, one contract"));
}

TEST(HardCases, OffersWithoutADepartementInSuchASecond) {
  auto burst = burst_of(20000);
  burst.without_departement = 0.3;
  EmulatorHost host(options_with(burst));
  SearchFilter regional;
  regional.regions = {"11"};
  ASSERT_GT(host.catalog().search(regional, 0, 0).total, 0);
  CountingSink sink;
  expect_each_once(host, sink, sweep(host, sink, "one second, 30% without département"));
}

TEST(HardCases, ABurstAcrossASecondBoundary) {
  auto burst = burst_of(20000);
  burst.spans_boundary = true;
  EmulatorHost host(options_with(burst));
  CountingSink sink;
  expect_each_once(host, sink, sweep(host, sink, "a burst across a second boundary"));
}

}  // namespace
}  // namespace jobstream::emulator
