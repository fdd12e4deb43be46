// A full sweep of the API emulator at national scale: does the harvest find every offer, at what
// cost in requests against the lower bound ceil(N/150), in what wall time against what the rate
// limit allows, with what peak memory and CPU, and what does a state checkpoint cost once every
// offer is known?
//
// The emulator runs in a child process (fork before any thread), so the peak RSS and CPU printed
// are the harvesting process's alone. One offer in 200 of the generated corpus is created in the
// same second: at 1,000,000 offers that second holds 5,000, over the 3,150 cap.
// usage: sweep_bench [OFFERS] [--rate R] [--api-rate R] [--state FILE] [BURST...]
//   --rate: the harvester's requests per second (0: as fast as the emulator answers);
//   --api-rate: the emulator's own limit before 429 (the API's 10/s; 0: none);
//   BURST as `jobstream emulate-api --burst` (offers=20000,dep=75,type=CDI).
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "emulator/emulator_host.hpp"
#include "source/harvester.hpp"

namespace {

using namespace jobstream;

const char* const client_id = "PAR_jobstream_bench";
const char* const client_secret = "bench-secret-not-a-real-one";

/// Discards every event (acknowledged at once): the harvest alone is measured.
class CountingSink : public source::OfferSink {
 public:
  void on_offer(const source::OfferSeen&) override { ++events; }
  void on_withdrawn(const source::OfferWithdrawn&) override {}
  std::int64_t events = 0;
};

struct Options {
  std::uint64_t offers = 1'000'000;
  double rate = 0;
  double api_rate = 0;
  std::string state_file;
  std::vector<std::string> bursts;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--rate") o.rate = std::strtod(value().c_str(), nullptr);
    else if (a == "--api-rate") o.api_rate = std::strtod(value().c_str(), nullptr);
    else if (a == "--state") o.state_file = value();
    else if (!a.empty() && a.find('=') == std::string::npos) o.offers = std::strtoull(a.c_str(), nullptr, 10);
    else o.bursts.push_back(a);
  }
  return o;
}

/// Child: serves the emulator until the parent closes `hold`; writes the URLs to `urls`.
[[noreturn]] void serve(const Options& opt, int urls, int hold) {
  emulator::EmulatorOptions o;
  o.corpus.offers = opt.offers;
  o.corpus.anchor = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  for (const auto& spec : opt.bursts) o.corpus.bursts.push_back(emulator::parse_burst(spec, o.corpus.anchor));
  o.server.client_id = client_id;
  o.server.client_secret = client_secret;
  o.server.rate_limit = opt.api_rate;
  o.server.rate_burst = 10;
  emulator::EmulatorHost host(o);
  const auto line = host.api().token_url() + "\n" + host.api().api_url() + "\n";
  if (::write(urls, line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::_Exit(2);
  ::close(urls);
  char c = 0;
  while (::read(hold, &c, 1) > 0) {
  }
  std::_Exit(0);
}

double cpu_seconds(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// Bytes this process handed to write(2) so far (/proc/self/io wchar): what a checkpoint writes.
std::int64_t bytes_written() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::int64_t value = 0;
  while (io >> key >> value) {
    if (key == "wchar:") return value;
  }
  return -1;
}

std::uintmax_t size_or_zero(const std::filesystem::path& p) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse(argc, argv);
  int urls[2], hold[2];
  if (::pipe(urls) != 0 || ::pipe(hold) != 0) return 2;
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(urls[0]);
    ::close(hold[1]);
    serve(opt, urls[1], hold[0]);
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
  s.requests_per_second = opt.rate > 0 ? opt.rate : 1000;
  s.burst = opt.rate > 0 ? source::SourceSettings{}.burst : 100;
  s.request_timeout = std::chrono::seconds(60);
  s.state_file =
      opt.state_file.empty() ? fmt::format("/tmp/jobstream-sweep-bench-{}.json", ::getpid()) : opt.state_file;
  std::filesystem::remove(s.state_file);
  std::filesystem::remove(s.state_file + ".log");
  CountingSink sink;
  source::HarvestReport r;
  rusage before_sweep{}, after_sweep{};
  source::JournalStats journal;
  std::vector<std::pair<double, std::int64_t>> checkpoints;
  std::int64_t sweep_bytes = 0;
  {
    source::Harvester harvester(s, sink, {});
    ::getrusage(RUSAGE_SELF, &before_sweep);
    const auto written_before = bytes_written();
    r = harvester.full_sweep();
    sweep_bytes = bytes_written() - written_before;
    ::getrusage(RUSAGE_SELF, &after_sweep);
    // Checkpoints with every offer known and nothing changed: what each poll's checkpoint costs.
    journal = harvester.state_journal_stats();
    for (int i = 0; i < 3; ++i) {
      const auto w = bytes_written();
      const auto t = std::chrono::steady_clock::now();
      harvester.checkpoint();
      checkpoints.emplace_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count(),
          bytes_written() - w);
    }
  }
  ::close(hold[1]);
  int status = 0;
  rusage child_usage{};
  ::wait4(child, &status, 0, &child_usage);
  const auto state_bytes = size_or_zero(s.state_file);
  const auto log_bytes = size_or_zero(s.state_file + ".log");
  if (opt.state_file.empty()) {
    std::filesystem::remove(s.state_file);
    std::filesystem::remove(s.state_file + ".log");
  }
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto bound = (r.expected_total + 149) / 150;
  std::printf("corpus %llu offers%s, harvester rate %s, emulator limit %s\n",
              static_cast<unsigned long long>(opt.offers), opt.bursts.empty() ? "" : " + bursts",
              opt.rate > 0 ? fmt::format("{}/s", opt.rate).c_str() : "none",
              opt.api_rate > 0 ? fmt::format("{}/s", opt.api_rate).c_str() : "none");
  std::printf("offers announced %lld, found %lld (%lld missed), %s, %lld best-effort slices\n",
              static_cast<long long>(r.expected_total), static_cast<long long>(r.distinct_offers),
              static_cast<long long>(r.expected_total - r.distinct_offers),
              r.complete ? "complete" : "INCOMPLETE", static_cast<long long>(r.best_effort_slices));
  std::printf(
      "requests %lld for a bound of ceil(N/150) = %lld (%.3fx), %lld splits, %lld walks, %lld slices\n",
      static_cast<long long>(r.requests), static_cast<long long>(bound),
      static_cast<double>(r.requests) / static_cast<double>(std::max<std::int64_t>(bound, 1)),
      static_cast<long long>(r.splits), static_cast<long long>(r.walks), static_cast<long long>(r.slices));
  if (opt.rate > 0) {
    const double floor_s = static_cast<double>(r.requests) / opt.rate;
    std::printf("sweep wall time %.1f s for requests / rate = %.1f s (%.3fx)\n", r.seconds, floor_s,
                r.seconds / floor_s);
  } else {
    std::printf("sweep wall time %.1f s (%.1f requests/s, no rate limit)\n", r.seconds,
                static_cast<double>(r.requests) / r.seconds);
  }
  std::printf(
      "harvesting process: peak RSS %.0f MB, CPU %.1f s in the sweep (%.1f s in all); emulator peak RSS "
      "%.0f MB\n",
      static_cast<double>(usage.ru_maxrss) / 1024.0, cpu_seconds(after_sweep) - cpu_seconds(before_sweep),
      cpu_seconds(usage), static_cast<double>(child_usage.ru_maxrss) / 1024.0);
  std::printf("state: %.1f MB written during the sweep; files at the end: snapshot %.1f MB, log %.1f MB\n",
              static_cast<double>(sweep_bytes) / 1e6, static_cast<double>(state_bytes) / 1e6,
              static_cast<double>(log_bytes) / 1e6);
  std::printf(
      "state checkpoints in the sweep: %lld appends (%.1f MB, longest %.0f ms, mean %.0f ms), %lld new "
      "snapshots (%.1f MB, longest %.0f ms)\n",
      static_cast<long long>(journal.appends), static_cast<double>(journal.append_bytes) / 1e6,
      journal.longest_append_seconds * 1e3,
      journal.appends > 0 ? journal.append_seconds * 1e3 / static_cast<double>(journal.appends) : 0.0,
      static_cast<long long>(journal.compactions), static_cast<double>(journal.compaction_bytes) / 1e6,
      journal.longest_compaction_seconds * 1e3);
  for (const auto& [ms, bytes] : checkpoints)
    std::printf("checkpoint with %lld known offers: %.1f ms, %lld bytes written\n",
                static_cast<long long>(r.distinct_offers), ms, static_cast<long long>(bytes));
  return r.complete && r.best_effort_slices == 0 && r.distinct_offers == r.expected_total ? 0 : 1;
}
