#include "source/source_metrics.hpp"

#include <gtest/gtest.h>

#include "common/metrics_registry.hpp"

using jobstream::source::ApiEndpoint;
using jobstream::source::endpoint_of;
using jobstream::source::HttpResponse;
using jobstream::source::outcome_of;

namespace {

HttpResponse answer(int status, bool timed_out = false) {
  HttpResponse r;
  r.status = status;
  r.timed_out = timed_out;
  r.transport_error = status == 0 && !timed_out;
  return r;
}

}  // namespace

TEST(SourceMetrics, EndpointOfAPath) {
  EXPECT_EQ(endpoint_of("/offres/search?range=0-149"), ApiEndpoint::search);
  EXPECT_EQ(endpoint_of("/offres/123ABC"), ApiEndpoint::offer);
  EXPECT_EQ(endpoint_of("/referentiel/departements"), ApiEndpoint::referentiel);
}

TEST(SourceMetrics, OutcomesAreAFixedSet) {
  EXPECT_EQ(outcome_of(answer(200)), "2xx");
  EXPECT_EQ(outcome_of(answer(206)), "206");
  EXPECT_EQ(outcome_of(answer(204)), "204");
  EXPECT_EQ(outcome_of(answer(400)), "400");
  EXPECT_EQ(outcome_of(answer(401)), "401");
  EXPECT_EQ(outcome_of(answer(429)), "429");
  EXPECT_EQ(outcome_of(answer(418)), "other_4xx");
  EXPECT_EQ(outcome_of(answer(503)), "5xx");
  EXPECT_EQ(outcome_of(answer(599)), "5xx");
  EXPECT_EQ(outcome_of(answer(0)), "transport_error");
  EXPECT_EQ(outcome_of(answer(0, true)), "timeout");
}

TEST(SourceMetrics, ACycleAddsItsEventsAndRecordsItsResult) {
  auto& metrics = jobstream::source::source_metrics();
  EXPECT_FALSE(metrics.last_cycle_failed());
  jobstream::source::HarvestReport report;
  report.complete = false;
  report.created = 5;
  metrics.cycle(jobstream::source::HarvestCycle::poll, report);
  EXPECT_TRUE(metrics.last_cycle_failed());
  report.complete = true;
  metrics.cycle(jobstream::source::HarvestCycle::poll, report);
  EXPECT_FALSE(metrics.last_cycle_failed());

  double created = -1, cycles_complete = -1;
  for (const auto& family : jobstream::common::metrics_registry().Collect()) {
    for (const auto& m : family.metric) {
      const auto has = [&](const char* name, const char* value) {
        for (const auto& l : m.label)
          if (l.name == name && l.value == value) return true;
        return false;
      };
      if (family.name == "jobstream_harvest_offers_total" && has("kind", "new")) created = m.counter.value;
      if (family.name == "jobstream_harvest_cycles_total" && has("cycle", "poll") &&
          has("result", "complete"))
        cycles_complete = m.counter.value;
    }
  }
  EXPECT_EQ(created, 10);
  EXPECT_EQ(cycles_complete, 1);
}
