#include "common/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace jobstream::common {
namespace {

prometheus::MetricFamily single(const char* name, const char* help, prometheus::MetricType type,
                                double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return prometheus::MetricFamily{name, help, type, {metric}};
}

std::string read_all(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Boot time (seconds since the epoch), from the `btime` line of /proc/stat.
double boot_time() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value) return value;
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

}  // namespace

bool parse_proc_stat(const std::string& text, ProcStat& out) {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(text.substr(close + 1));
  std::string field;
  double utime = 0, stime = 0;
  // Fields 3.. after the name; the numbers here are the proc(5) field numbers.
  for (int n = 3; fields >> field; ++n) {
    if (n == 14) utime = std::stod(field);
    if (n == 15) stime = std::stod(field);
    if (n == 22) out.start_ticks = std::stod(field);
    if (n == 23) out.virtual_bytes = std::stod(field);
    if (n == 24) {
      out.resident_pages = std::stod(field);
      out.cpu_ticks = utime + stime;
      return true;
    }
  }
  return false;
}

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> families;
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  ProcStat stat;
  if (parse_proc_stat(read_all("/proc/self/stat"), stat)) {
    families.push_back(single("process_cpu_seconds_total", "User and system CPU time spent, in seconds.",
                              MetricType::Counter, stat.cpu_ticks / ticks));
    families.push_back(single("process_resident_memory_bytes", "Resident memory size, in bytes.",
                              MetricType::Gauge, stat.resident_pages * page));
    families.push_back(single("process_virtual_memory_bytes", "Virtual memory size, in bytes.",
                              MetricType::Gauge, stat.virtual_bytes));
    families.push_back(single("process_start_time_seconds",
                              "Start time of the process since the Unix epoch, in seconds.",
                              MetricType::Gauge, boot_time() + stat.start_ticks / ticks));
  }
  std::error_code ec;
  double open = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec))
    ++open;
  // The directory's own descriptor, open while it is listed, is not one of the process's.
  if (open > 0) --open;
  families.push_back(single("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, open));
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    families.push_back(single("process_max_fds", "Maximum number of open file descriptors.",
                              MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return families;
}

}  // namespace jobstream::common
