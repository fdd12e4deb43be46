#include "web/live_figures.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "analytics/figures_json.hpp"
#include "web/test/offer_json.hpp"

namespace jobstream::web {
namespace {

using testing::offer_json;

analytics::Timestamp at(const char* iso) { return *analytics::parse_timestamp(iso); }

offer::OfferUpsert upsert(const std::string& id, const std::string& commune, const char* harvested) {
  return {id, "test", at(harvested), offer_json(id, commune, "2026-11-02T10:00:00Z")};
}

TEST(LiveFiguresTest, StoredRowsBecomeFiguresAndBadOnesAreCounted) {
  LiveFigures figures;
  EXPECT_FALSE(figures.status().snapshot_loaded);
  const auto rejected = figures.apply_stored({
      {"A1", offer_json("A1", "2B033", "2026-11-02T10:00:00Z"), {}, at("2026-11-20T08:00:00Z")},
      {"A2", offer_json("A2", "97611", "2026-11-03T10:00:00Z"), at("2026-11-10T00:00:00Z"),
       at("2026-11-21T08:00:00Z")},
      {"BAD", R"({"intitule":"no id"})", {}, {}},
  });
  EXPECT_EQ(rejected, 1u);
  figures.mark_snapshot_loaded();
  const auto status = figures.status();
  EXPECT_TRUE(status.snapshot_loaded);
  EXPECT_EQ(status.offers, 2u);
  EXPECT_EQ(status.records_rejected, 1u);
  ASSERT_TRUE(status.last_harvested_at);
  EXPECT_EQ(*status.last_harvested_at, at("2026-11-21T08:00:00Z"));
  const auto json = analytics::to_json(figures.query({}));
  EXPECT_EQ(json["totals"]["withdrawn"], 1);
  EXPECT_EQ(json["by_departement"][0]["code"], "2B");
  EXPECT_EQ(json["by_departement"][1]["code"], "976");
}

TEST(LiveFiguresTest, AWithdrawalStoredBeforeItsOfferStillCounts) {
  LiveFigures figures;
  figures.apply_stored({{"A1", "", at("2026-11-05T00:00:00Z"), {}}});
  EXPECT_EQ(figures.status().offers, 0u);
  figures.apply_stored({{"A1", offer_json("A1", "75056", "2026-11-02T10:00:00Z"), {}, {}}});
  EXPECT_EQ(analytics::to_json(figures.query({}))["totals"]["withdrawn"], 1);
}

TEST(LiveFiguresTest, TopicRecordsOverlappingTheSnapshotChangeNothing) {
  LiveFigures snapshot_only, with_overlap;
  const std::vector<offer::OfferRecord> records{
      upsert("A1", "75056", "2026-11-20T08:00:00Z"), upsert("A2", "2A004", "2026-11-20T08:00:01Z"),
      offer::OfferWithdrawal{"A1", "test", at("2026-11-22T09:00:00Z"), at("2026-11-22T09:00:00Z")}};
  snapshot_only.apply_records(records);
  with_overlap.apply_records(records);
  with_overlap.apply_records(records);  // the snapshot's records read again from the topic
  EXPECT_EQ(analytics::to_json_text(snapshot_only.query({})),
            analytics::to_json_text(with_overlap.query({})));
  const auto status = with_overlap.status();
  EXPECT_EQ(status.records_applied, 6u);
  EXPECT_EQ(status.offers, 2u);
  EXPECT_EQ(*status.last_harvested_at, at("2026-11-22T09:00:00Z"));
  ASSERT_TRUE(status.updated_at);
}

TEST(LiveFiguresTest, QueriesRunWhileRecordsArrive) {
  // Batches of many records, so a query that could see part of one (a lock taken per record
  // instead of per batch) finds a count that is not a multiple of the batch size.
  constexpr int batches = 100, batch_size = 50;
  LiveFigures figures;
  std::jthread writer([&figures] {
    for (int b = 0; b < batches; ++b) {
      std::vector<offer::OfferRecord> batch;
      batch.reserve(batch_size);
      for (int i = 0; i < batch_size; ++i) {
        batch.emplace_back(upsert("W" + std::to_string(b * batch_size + i), "75056", "2026-11-20T08:00:00Z"));
      }
      figures.apply_records(batch);
    }
  });
  std::int64_t last = 0;
  int queries = 0, torn = 0;
  while (last < std::int64_t{batches} * batch_size) {
    const auto offers = analytics::to_json(figures.query({}))["totals"]["offers"].get<std::int64_t>();
    ++queries;
    if (offers % batch_size != 0) ++torn;
    EXPECT_GE(offers, last);  // never goes back
    last = offers;
  }
  EXPECT_EQ(torn, 0) << "of " << queries << " queries, " << torn << " saw part of a batch";
  EXPECT_EQ(last, batches * batch_size);
}

}  // namespace
}  // namespace jobstream::web
