#include "store/write_time.hpp"

#include <gtest/gtest.h>

using namespace jobstream::store;
using namespace jobstream::offer;

namespace {

SysTime at(std::string_view text) {
  SysTime t{};
  EXPECT_TRUE(parse_time(text, t)) << text;
  return t;
}

std::int64_t micros(std::string_view text) {
  return std::chrono::duration_cast<std::chrono::microseconds>(at(text).time_since_epoch()).count();
}

}  // namespace

TEST(WriteTime, UpsertIsItsVersionWhenThePastIsSane) {
  const OfferUpsert u{"A1", "s", at("2026-11-24T16:00:00Z"), "{}"};
  EXPECT_EQ(upsert_write_time(u, at("2026-11-20T08:00:00.250Z"), at("2026-11-01T00:00:00Z")),
            micros("2026-11-20T08:00:00.250Z"));
  EXPECT_EQ(upsert_write_time(u, std::nullopt, at("2026-11-01T00:00:00Z")), micros("2026-11-01T00:00:00Z"));
  EXPECT_EQ(upsert_write_time(u, std::nullopt, std::nullopt), micros("2026-11-24T16:00:00Z"));
}

// dateActualisation 9999-12-31 used to become the write time, so no later version and no
// withdrawal could ever overwrite the row.
TEST(WriteTime, AFutureDateCannotPinTheRow) {
  const OfferUpsert pinned{"A1", "s", at("2026-11-24T16:00:00Z"), "{}"};
  const auto future = upsert_write_time(pinned, at("9999-12-31T00:00:00Z"), at("9999-12-31T00:00:00Z"));
  EXPECT_EQ(future, micros("2026-11-24T16:00:00Z"));

  // The next version, read a day later with a sane date, wins over it.
  const OfferUpsert next{"A1", "s", at("2026-11-25T16:00:00Z"), "{}"};
  EXPECT_GT(upsert_write_time(next, at("2026-11-25T09:00:00Z"), std::nullopt), future);
  // So does the withdrawal published after it.
  const OfferWithdrawal gone{"A1", "s", at("2026-11-24T18:00:00Z"), at("2026-11-24T17:00:00Z")};
  EXPECT_GT(withdrawal_write_time(gone), future);
}

// A sweep that began before the offer's last version was read still withdraws that version: the
// withdrawal is ordered by its publish time, not by when the sweep started.
TEST(WriteTime, AWithdrawalLandsAfterTheLastVersionItWithdraws) {
  const OfferUpsert last{"A1", "s", at("2026-11-24T16:00:00.500Z"), "{}"};
  const auto version = upsert_write_time(last, at("2026-11-24T16:00:00.500Z"), std::nullopt);
  const OfferWithdrawal gone{"A1", "s", at("2026-11-24T16:00:00.500Z"), at("2026-11-24T12:00:00Z")};
  EXPECT_GT(withdrawal_write_time(gone), version);  // same millisecond, still after
}
