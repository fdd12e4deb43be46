#include "common/metrics_registry.hpp"

#include <atomic>
#include <mutex>

#include "common/process_metrics.hpp"

namespace jobstream::common {
namespace {

// What /metrics serves: the registry, the process figures, and collectables exposed later.
struct Exposed {
  std::mutex mutex;
  std::shared_ptr<prometheus::Collectable> process = std::make_shared<ProcessMetrics>();
  std::vector<std::weak_ptr<prometheus::Collectable>> collectables{shared_metrics_registry(), process};
};

Exposed& exposed() {
  static Exposed instance;
  return instance;
}

std::atomic<bool> served{false};

}  // namespace

std::shared_ptr<prometheus::Registry> shared_metrics_registry() {
  static const auto registry = std::make_shared<prometheus::Registry>();
  return registry;
}

prometheus::Registry& metrics_registry() { return *shared_metrics_registry(); }

prometheus::Family<prometheus::Counter>& counter_family(const std::string& name, const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(metrics_registry());
}

prometheus::Family<prometheus::Gauge>& gauge_family(const std::string& name, const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(metrics_registry());
}

prometheus::Family<prometheus::Histogram>& histogram_family(const std::string& name,
                                                            const std::string& help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(metrics_registry());
}

prometheus::Counter& single_counter(const std::string& name, const std::string& help) {
  return counter_family(name, help).Add({});
}

prometheus::Gauge& single_gauge(const std::string& name, const std::string& help) {
  return gauge_family(name, help).Add({});
}

void expose_collectable(std::weak_ptr<prometheus::Collectable> collectable) {
  auto& e = exposed();
  std::lock_guard lock(e.mutex);
  e.collectables.push_back(std::move(collectable));
}

std::vector<prometheus::MetricFamily> collect_metrics() {
  auto& e = exposed();
  std::vector<prometheus::MetricFamily> families;
  std::lock_guard lock(e.mutex);
  for (const auto& weak : e.collectables) {
    if (const auto collectable = weak.lock()) {
      auto collected = collectable->Collect();
      families.insert(families.end(), std::make_move_iterator(collected.begin()),
                      std::make_move_iterator(collected.end()));
    }
  }
  return families;
}

bool metrics_served() { return served.load(); }
void set_metrics_served(bool value) { served = value; }

double unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

prometheus::Histogram::BucketBoundaries exponential_buckets(double start, double factor, int count) {
  prometheus::Histogram::BucketBoundaries bounds;
  double bound = start;
  for (int i = 0; i < count; ++i, bound *= factor) bounds.push_back(bound);
  return bounds;
}

}  // namespace jobstream::common
