#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <functional>
#include <vector>

#include "emulator/api_emulator.hpp"

namespace jobstream::emulator {

/// The emulator's own counters on /metrics, read at each scrape: jobstream_emulator_requests_total
/// by endpoint (token, search, offer, referentiel) and jobstream_emulator_responses_total by HTTP
/// status, so a harvest's client-side counts can be checked against what the server saw.
class EmulatorMetrics : public prometheus::Collectable {
 public:
  explicit EmulatorMetrics(std::function<EmulatorStats()> stats) : _stats(std::move(stats)) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::function<EmulatorStats()> _stats;
};

}  // namespace jobstream::emulator
