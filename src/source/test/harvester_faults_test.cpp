// The harvester under API errors (loopback fake): 429, 5xx, truncated bodies and expiring tokens
// leave the result unchanged, and a sweep that cannot complete withdraws nothing.
#include <gtest/gtest.h>

#include "harvester_fake.hpp"

namespace jobstream::source {
namespace {

using namespace std::chrono_literals;
using namespace testing;

TEST(HarvesterFake, FaultsDoNotChangeTheResult) {
  FakeApi fake;
  const auto corpus = make_corpus(fake, 2000, 5);
  fake.faults(0.10, 0.05, 0.02);
  fake.token_ttl = 2;
  RecordingSink sink;
  const auto state = fresh_state("faults");
  Harvester h(settings_for(fake, state), sink, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  expect_exactly(sink, corpus);
  EXPECT_GT(h.api_stats().retries, 0);
  std::filesystem::remove(state);
}

TEST(HarvesterFake, AnIncompleteSweepNeverWithdrawsAnything) {
  FakeApi fake;
  make_corpus(fake, 500, 10);
  RecordingSink sink;
  const auto state = fresh_state("incomplete");
  Harvester h(settings_for(fake, state), sink, {});
  ASSERT_TRUE(h.full_sweep().complete);
  fake.remove("000T001");
  // The next sweep's first probe is refused for good (400): nothing can be harvested.
  fake.script({testing::ScriptedAnswer{400, R"({"message":"Paramètre invalide","codeHttp":400})", {}}});
  const auto report = h.full_sweep();
  EXPECT_FALSE(report.complete);
  EXPECT_EQ(report.failed_slices, 1);
  EXPECT_EQ(report.withdrawn, 0);
  EXPECT_TRUE(sink.withdrawn.empty());
  // The following sweep completes and withdraws exactly the removed offer.
  const auto next = h.full_sweep();
  EXPECT_TRUE(next.complete);
  ASSERT_EQ(sink.withdrawn.size(), 1u);
  EXPECT_EQ(sink.withdrawn[0].id, "000T001");
  std::filesystem::remove(state);
}

// The emulator scenario of the issue, on the loopback fake: 60,000 offers (départements "75" and
// "2A" each far over the cap), 10% 429, 5% 500, 2% truncated bodies, tokens living 30 s.
TEST(HarvesterFake, SixtyThousandOffersWithFaultsGiveTheSameResult) {
  FakeApi fake;
  fake.cap = 3150;
  fake.token_ttl = 30;
  const auto corpus = make_corpus(fake, 60000, 6);
  fake.faults(0.10, 0.05, 0.02);
  RecordingSink sink;
  const auto state = fresh_state("sixty-faults");
  auto settings = settings_for(fake, state);
  settings.result_cap = 3150;
  settings.page_size = 150;
  Harvester h(settings, sink, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  expect_exactly(sink, corpus);
  EXPECT_GT(h.api_stats().status_429, 0);
  EXPECT_GT(h.api_stats().status_5xx, 0);
  EXPECT_GT(h.api_stats().invalid_bodies, 0);
  EXPECT_GE(fake.token_requests.load(), 2);  // the sweep outlives a token
  std::filesystem::remove(state);
}

}  // namespace
}  // namespace jobstream::source
