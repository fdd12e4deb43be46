// A full sweep of the API emulator at national scale: does the harvest find every offer, at what
// cost in requests against the lower bound ceil(N/150), in what wall time and peak memory?
//
// The emulator runs in a child process (fork before any thread), so the peak RSS printed is the
// harvesting process's alone. One offer in 200 of the generated corpus is created in the same
// second: at 1,000,000 offers that second holds 5,000, over the 3,150 cap.
// usage: sweep_bench [OFFERS] [BURST...]   (BURST as `jobstream emulate-api --burst`)
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <string>
#include <vector>

#include "emulator/emulator_host.hpp"
#include "source/harvester.hpp"

namespace {

using namespace jobstream;

const char* const client_id = "PAR_jobstream_bench";
const char* const client_secret = "bench-secret-not-a-real-one";

class CountingSink : public source::OfferSink {
 public:
  void on_offer(const source::OfferSeen&) override { ++events; }
  void on_withdrawn(const source::OfferWithdrawn&) override {}
  std::int64_t events = 0;
};

/// Child: serves the emulator until the parent closes `hold`; writes the URLs to `urls`.
[[noreturn]] void serve(std::uint64_t offers, const std::vector<std::string>& bursts, int urls, int hold) {
  emulator::EmulatorOptions o;
  o.corpus.offers = offers;
  o.corpus.anchor = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  for (const auto& spec : bursts) o.corpus.bursts.push_back(emulator::parse_burst(spec, o.corpus.anchor));
  o.server.client_id = client_id;
  o.server.client_secret = client_secret;
  o.server.rate_limit = 0;
  emulator::EmulatorHost host(o);
  const auto line = host.api().token_url() + "\n" + host.api().api_url() + "\n";
  if (::write(urls, line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::_Exit(2);
  ::close(urls);
  char c = 0;
  while (::read(hold, &c, 1) > 0) {
  }
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t offers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const std::vector<std::string> bursts(argv + std::min(argc, 2), argv + argc);
  int urls[2], hold[2];
  if (::pipe(urls) != 0 || ::pipe(hold) != 0) return 2;
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(urls[0]);
    ::close(hold[1]);
    serve(offers, bursts, urls[1], hold[0]);
  }
  ::close(urls[1]);
  ::close(hold[0]);
  std::string text;
  char buf[512];
  for (ssize_t n; (n = ::read(urls[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  const auto newline = text.find('\n');
  if (newline == std::string::npos) {
    std::fprintf(stderr, "the emulator did not start\n");
    return 1;
  }
  spdlog::set_level(spdlog::level::warn);
  source::SourceSettings s;
  s.client_id = client_id;
  s.client_secret = common::Secret(client_secret);
  s.token_url = text.substr(0, newline);
  s.api_url = text.substr(newline + 1, text.find('\n', newline + 1) - newline - 1);
  s.requests_per_second = 1000;
  s.burst = 100;
  s.request_timeout = std::chrono::seconds(60);
  s.state_file = fmt::format("/tmp/jobstream-sweep-bench-{}.json", ::getpid());
  CountingSink sink;
  source::HarvestReport r;
  {
    source::Harvester harvester(s, sink, {});
    r = harvester.full_sweep();
  }
  ::close(hold[1]);
  int status = 0;
  ::waitpid(child, &status, 0);
  std::remove(s.state_file.c_str());
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto bound = (r.expected_total + 149) / 150;
  std::printf("offers announced %lld, found %lld (%lld missed), %s, %lld best-effort slices\n",
              static_cast<long long>(r.expected_total), static_cast<long long>(r.distinct_offers),
              static_cast<long long>(r.expected_total - r.distinct_offers), r.complete ? "complete" : "INCOMPLETE",
              static_cast<long long>(r.best_effort_slices));
  std::printf("requests %lld for a bound of ceil(N/150) = %lld (%.3fx), %lld splits, %lld slices\n",
              static_cast<long long>(r.requests), static_cast<long long>(bound),
              static_cast<double>(r.requests) / static_cast<double>(std::max<std::int64_t>(bound, 1)),
              static_cast<long long>(r.splits), static_cast<long long>(r.slices));
  std::printf("sweep wall time %.1f s, harvesting process peak RSS %.0f MB\n", r.seconds,
              static_cast<double>(usage.ru_maxrss) / 1024.0);
  return r.complete && r.best_effort_slices == 0 && r.distinct_offers == r.expected_total ? 0 : 1;
}
