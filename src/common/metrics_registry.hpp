#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace jobstream::common {

/// The process's one metrics registry. Each stage declares its own families on it, in a small
/// `<stage>_metrics` module of its own; the metrics endpoint (metrics_server.hpp) exposes it.
/// Metrics are always counted (an increment is one atomic add) and served only when a metrics port
/// is set, so call sites never ask whether metrics are on.
prometheus::Registry& metrics_registry();
/// The same registry, for the endpoint that collects it.
std::shared_ptr<prometheus::Registry> shared_metrics_registry();

/// A family registered on the registry under `name`, described by `help`; its series are added
/// by label (`.Add({{"endpoint", "search"}})`).
prometheus::Family<prometheus::Counter>& counter_family(const std::string& name, const std::string& help);
prometheus::Family<prometheus::Gauge>& gauge_family(const std::string& name, const std::string& help);
prometheus::Family<prometheus::Histogram>& histogram_family(const std::string& name, const std::string& help);
/// The one series, without labels, of a family registered as above.
prometheus::Counter& single_counter(const std::string& name, const std::string& help);
prometheus::Gauge& single_gauge(const std::string& name, const std::string& help);

/// Collectables computed at scrape time (librdkafka statistics, the emulator's counters), served
/// beside the registry. A weak reference: an expired one is skipped.
void expose_collectable(std::weak_ptr<prometheus::Collectable> collectable);
/// The registry, the process figures and the exposed collectables, collected now.
std::vector<prometheus::MetricFamily> collect_metrics();

/// Whether this process serves its metrics (set by the metrics endpoint when it starts). Costly
/// sources (librdkafka statistics) only report when it does.
bool metrics_served();
void set_metrics_served(bool served);

/// Seconds since the Unix epoch, the unit of every `*_timestamp_seconds` gauge.
double unix_seconds(std::chrono::system_clock::time_point t);

/// Histogram buckets `start, start*factor, ...` (`count` of them).
prometheus::Histogram::BucketBoundaries exponential_buckets(double start, double factor, int count);

}  // namespace jobstream::common
