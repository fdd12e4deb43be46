#include <gtest/gtest.h>

#include "analytics/record_feed.hpp"
#include "facts_builder.hpp"

namespace jobstream::analytics {
namespace {

offer::OfferRecord upsert(const char* id, const std::string& offer_json) {
  return offer::OfferUpsert{id, "test", testing::at("2026-11-05T00:00:00Z"), offer_json};
}

TEST(RecordFeedTest, UpsertsAndWithdrawalsFromTheTopic) {
  FiguresEngine engine;
  const std::string body =
      R"({"id":"180HSFM","dateCreation":"2026-11-01T08:00:00Z","lieuTravail":{"libelle":"2B - BASTIA","commune":"2B033"}})";
  EXPECT_EQ(apply_record(engine, upsert("180HSFM", body)), std::nullopt);
  EXPECT_EQ(apply_record(engine, upsert("180HSFM", body)), std::nullopt);  // redelivered
  const offer::OfferRecord gone = offer::OfferWithdrawal{
      "180HSFM", "test", testing::at("2026-11-04T00:00:00Z"), testing::at("2026-11-03T10:00:00Z")};
  EXPECT_EQ(apply_record(engine, gone), std::nullopt);
  EXPECT_EQ(engine.size(), 1u);

  const Figures fig = engine.query(Filter{});
  EXPECT_EQ(fig.totals.withdrawn_offers, 1u);
  ASSERT_EQ(fig.by_departement.size(), 1u);
  EXPECT_EQ(fig.by_departement[0].code, "2B");
  EXPECT_EQ(fig.time_on_market.median_days, 2u);
}

TEST(RecordFeedTest, BadOffersAreReportedAndChangeNothing) {
  FiguresEngine engine;
  auto error = apply_record(engine, upsert("X", R"({"id":"X"})"));
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->reason.find("dateCreation"), std::string::npos);
  error = apply_record(engine, upsert("X", R"({"id":"Y","dateCreation":"2026-11-01T08:00:00Z"})"));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(engine.size(), 0u);
}

}  // namespace
}  // namespace jobstream::analytics
