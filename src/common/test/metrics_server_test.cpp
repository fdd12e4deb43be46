#include "common/metrics_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include "common/metrics_registry.hpp"
#include "common/process_metrics.hpp"

using jobstream::common::MetricsServer;
using jobstream::common::MetricsSettings;
using jobstream::common::Readiness;

namespace {

MetricsSettings any_port() {
  MetricsSettings s;
  s.port = 0;
  return s;
}

}  // namespace

TEST(ProcStat, ReadsCpuMemoryAndStartFieldsAfterTheCommandName) {
  // A command name with spaces and a parenthesis, as proc(5) allows.
  const std::string text =
      "4242 (my (odd) name) S 1 2 3 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 7 0 12345 987654321 2048 "
      "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
  jobstream::common::ProcStat stat;
  ASSERT_TRUE(jobstream::common::parse_proc_stat(text, stat));
  EXPECT_EQ(stat.cpu_ticks, 200);
  EXPECT_EQ(stat.start_ticks, 12345);
  EXPECT_EQ(stat.virtual_bytes, 987654321);
  EXPECT_EQ(stat.resident_pages, 2048);
  EXPECT_FALSE(jobstream::common::parse_proc_stat("no fields", stat));
}

TEST(Readiness, NotReadyWithoutChecksThenListsEveryFailingCheck) {
  Readiness readiness;
  EXPECT_FALSE(readiness.evaluate().ready);
  bool kafka_up = false;
  readiness.add("kafka", [&]() -> std::optional<std::string> {
    if (!kafka_up) return "no broker";
    return std::nullopt;
  });
  readiness.add("store", [] { return std::optional<std::string>(); });
  auto verdict = readiness.evaluate();
  EXPECT_FALSE(verdict.ready);
  EXPECT_EQ(verdict.text, "kafka: no broker\n");
  kafka_up = true;
  verdict = readiness.evaluate();
  EXPECT_TRUE(verdict.ready);
  EXPECT_EQ(verdict.text, "ready\n");
}

TEST(MetricsServer, ServesMetricsAndProbes) {
  auto& hits = prometheus::BuildCounter()
                   .Name("jobstream_test_hits_total")
                   .Help("Test counter.")
                   .Register(jobstream::common::metrics_registry())
                   .Add({{"kind", "a"}});
  hits.Increment(3);
  Readiness readiness;
  bool ready = false;
  readiness.add("part", [&]() -> std::optional<std::string> {
    if (!ready) return "still starting";
    return std::nullopt;
  });
  MetricsServer server(any_port(), readiness);
  ASSERT_GT(server.port(), 0);
  EXPECT_TRUE(jobstream::common::metrics_served());
  httplib::Client client("127.0.0.1", server.port());

  const auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->get_header_value("Content-Type").find("text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(metrics->body.find("jobstream_test_hits_total{kind=\"a\"} 3"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("# TYPE process_cpu_seconds_total counter"), std::string::npos);
  EXPECT_NE(metrics->body.find("process_resident_memory_bytes "), std::string::npos);
  EXPECT_NE(metrics->body.find("process_open_fds "), std::string::npos);

  const auto alive = client.Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);

  auto probe = client.Get("/readyz");
  ASSERT_TRUE(probe);
  EXPECT_EQ(probe->status, 503);
  EXPECT_EQ(probe->body, "part: still starting\n");
  ready = true;
  probe = client.Get("/readyz");
  ASSERT_TRUE(probe);
  EXPECT_EQ(probe->status, 200);
  EXPECT_EQ(probe->body, "ready\n");
}

TEST(MetricsServer, RefusesAPortThatIsTaken) {
  Readiness readiness;
  MetricsServer first(any_port(), readiness);
  MetricsSettings same;
  same.port = first.port();
  EXPECT_THROW(MetricsServer(same, readiness), std::runtime_error);
}

TEST(MetricsSettings, OffUnlessAPortIsSet) {
  jobstream::common::SettingsReader none([](const char*) { return std::optional<std::string>(); });
  EXPECT_FALSE(MetricsSettings::from_environment(none).port);
  jobstream::common::SettingsReader set([](const char* name) -> std::optional<std::string> {
    if (std::string(name) == "JOBSTREAM_METRICS_PORT") return "9464";
    if (std::string(name) == "JOBSTREAM_METRICS_HOST") return "0.0.0.0";
    return std::nullopt;
  });
  const auto s = MetricsSettings::from_environment(set);
  EXPECT_EQ(s.port, 9464);
  EXPECT_EQ(s.host, "0.0.0.0");
  jobstream::common::SettingsReader bad([](const char* name) -> std::optional<std::string> {
    if (std::string(name) == "JOBSTREAM_METRICS_PORT") return "70000";
    return std::nullopt;
  });
  MetricsSettings::from_environment(bad);
  EXPECT_FALSE(bad.errors().empty());
}
