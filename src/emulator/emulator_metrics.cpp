#include "emulator/emulator_metrics.hpp"

#include <string>

namespace jobstream::emulator {

std::vector<prometheus::MetricFamily> EmulatorMetrics::Collect() const {
  const auto stats = _stats();
  prometheus::MetricFamily requests{"jobstream_emulator_requests_total",
                                    "Requests the API emulator received, by endpoint.",
                                    prometheus::MetricType::Counter,
                                    {}};
  const auto add = [](prometheus::MetricFamily& family, const char* label, std::string value, double count) {
    prometheus::ClientMetric m;
    m.label = {{label, std::move(value)}};
    m.counter.value = count;
    family.metric.push_back(std::move(m));
  };
  add(requests, "endpoint", "token", static_cast<double>(stats.token_requests));
  add(requests, "endpoint", "search", static_cast<double>(stats.search_requests));
  add(requests, "endpoint", "offer", static_cast<double>(stats.offer_requests));
  add(requests, "endpoint", "referentiel", static_cast<double>(stats.reference_requests));
  prometheus::MetricFamily responses{"jobstream_emulator_responses_total",
                                     "API answers of the emulator, by HTTP status.",
                                     prometheus::MetricType::Counter,
                                     {}};
  for (const auto& [status, n] : stats.by_status)
    add(responses, "status", std::to_string(status), static_cast<double>(n));
  prometheus::MetricFamily faults{"jobstream_emulator_faults_injected_total",
                                  "Faults the emulator injected.",
                                  prometheus::MetricType::Counter,
                                  {}};
  prometheus::ClientMetric f;
  f.counter.value = static_cast<double>(stats.faults_injected);
  faults.metric.push_back(f);
  return {requests, responses, faults};
}

}  // namespace jobstream::emulator
