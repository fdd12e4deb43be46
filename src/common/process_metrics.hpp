#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <string>
#include <vector>

namespace jobstream::common {

/// The process's own figures under the names every Prometheus client library uses:
/// process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
/// process_open_fds, process_max_fds and process_start_time_seconds. Read from /proc/self at
/// each scrape, so they cost nothing between scrapes.
class ProcessMetrics : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

/// The fields of /proc/<pid>/stat that matter here, parsed from its text. Pure (for tests).
struct ProcStat {
  double cpu_ticks = 0;    ///< utime + stime, in clock ticks
  double start_ticks = 0;  ///< start time after boot, in clock ticks
  double virtual_bytes = 0;
  double resident_pages = 0;
};
bool parse_proc_stat(const std::string& text, ProcStat& out);

}  // namespace jobstream::common
