// The harvester's state and acknowledgements against the loopback fake: restarts, a state file of
// another source, the watermark held back by unacknowledged events, an interrupted sweep resumed.
#include <gtest/gtest.h>

#include <stop_token>

#include "harvester_fake.hpp"

namespace jobstream::source {
namespace {

using namespace std::chrono_literals;
using namespace testing;

/// Asks the harvester to stop after `limit` offers, as a Ctrl-C or a crash would.
class StoppingSink : public RecordingSink {
 public:
  StoppingSink(std::stop_source& stop, std::size_t limit) : _stop(stop), _limit(limit) {}
  void on_offer(const OfferSeen& o) override {
    RecordingSink::on_offer(o);
    if (seen.size() == _limit) _stop.request_stop();
  }

 private:
  std::stop_source& _stop;
  std::size_t _limit;
};

TEST(HarvesterFake, RestartResumesFromTheStateFileWithoutReemitting) {
  FakeApi fake;
  make_corpus(fake, 800, 3);
  const auto state = fresh_state("restart");
  EXPECT_EQ(sweep_into(fake, state), 800u);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  fake.put({"LATE1", now, "75", json_for("LATE1", now, 1)});
  RecordingSink sink;
  Harvester h(settings_for(fake, state), sink, {});
  const auto report = h.poll_once();
  EXPECT_TRUE(report.complete);
  ASSERT_EQ(sink.seen.size(), 1u);
  EXPECT_EQ(sink.seen[0].id, "LATE1");
  EXPECT_EQ(sink.seen[0].kind, SeenKind::created);
  std::filesystem::remove(state);
}

TEST(HarvesterFake, AStateOfAnotherSourceIsRefusedAndLeftAlone) {
  FakeApi fake;
  make_corpus(fake, 200, 5);
  const auto state = fresh_state("owner");
  EXPECT_EQ(sweep_into(fake, state), 200u);
  const auto before = HarvestState::load(state);
  EXPECT_EQ(before.source, fake.api_url());
  EXPECT_EQ(before.known.size(), 200u);

  // Another API (or the local emulator) with this state would skip its backfill and withdraw
  // offers it never had.
  auto other = settings_for(fake, state);
  other.state_owner = "another source";
  RecordingSink sink;
  try {
    Harvester h(other, sink, {});
    FAIL() << "a state of another source must be refused";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(fake.api_url()), std::string::npos) << what;
    EXPECT_NE(what.find("another source"), std::string::npos) << what;
    EXPECT_NE(what.find(state.string()), std::string::npos) << what;
  }
  EXPECT_EQ(HarvestState::load(state).known.size(), 200u);
  EXPECT_TRUE(sink.seen.empty());
  std::filesystem::remove(state);
}

TEST(HarvesterFake, WatermarkAdvancesOnlyOnceEverythingBeforeItIsAcknowledged) {
  FakeApi fake;
  make_corpus(fake, 400, 4);
  RecordingSink sink;
  const auto state = fresh_state("acks");
  Harvester h(settings_for(fake, state), sink, HarvesterOptions{false, false});
  ASSERT_TRUE(h.full_sweep().complete);
  ASSERT_EQ(sink.seen.size(), 400u);
  EXPECT_FALSE(h.committed_watermark());
  EXPECT_TRUE(HarvestState::load(state).known.empty());  // nothing acknowledged, nothing persisted
  // Acknowledge in reverse: nothing is released until the first event is acknowledged.
  for (std::size_t i = sink.seen.size(); i-- > 1;) h.acknowledge(sink.seen[i].seq);
  EXPECT_FALSE(h.committed_watermark());
  h.acknowledge(sink.seen[0].seq);
  EXPECT_TRUE(h.committed_watermark());
  EXPECT_EQ(h.unacknowledged(), 0u);
  h.checkpoint();
  EXPECT_EQ(HarvestState::load(state).known.size(), 400u);
  std::filesystem::remove(state);
}

TEST(HarvesterFake, InterruptedSweepResumesAfterARestartAndDeliversEachOfferOnce) {
  FakeApi fake;
  const auto corpus = make_corpus(fake, 2500, 9);
  const auto state = fresh_state("resume");
  std::stop_source stop;
  StoppingSink first(stop, 1000);
  {
    Harvester h(settings_for(fake, state), first, {}, stop.get_token());
    const auto report = h.full_sweep();
    EXPECT_FALSE(report.complete);
  }
  const auto saved = HarvestState::load(state);
  ASSERT_TRUE(saved.sweep);
  EXPECT_FALSE(saved.sweep->pending.empty());
  EXPECT_FALSE(saved.watermark);  // an interrupted sweep promises nothing

  RecordingSink second;
  Harvester h(settings_for(fake, state), second, {});
  const auto report = h.full_sweep();
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(report.withdrawn, 0);
  RecordingSink all;
  for (const auto& o : first.seen) all.seen.push_back(o);
  for (const auto& o : second.seen) all.seen.push_back(o);
  expect_exactly(all, corpus);
  EXPECT_TRUE(HarvestState::load(state).watermark);
  std::filesystem::remove(state);
}

}  // namespace
}  // namespace jobstream::source
