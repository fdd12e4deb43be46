#include "web/offer_table_loader.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace jobstream::web {
namespace {

TEST(TokenSlicesTest, SlicesCoverTheWholeRingWithoutGapOrOverlap) {
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  constexpr auto highest = std::numeric_limits<std::int64_t>::max();
  for (int count : {1, 2, 3, 7, 64, 1000}) {
    const auto slices = token_slices(count);
    ASSERT_EQ(slices.size(), static_cast<std::size_t>(count));
    EXPECT_EQ(slices.front().first, lowest) << count;
    EXPECT_EQ(slices.back().second, highest) << count;
    for (std::size_t i = 0; i < slices.size(); ++i) {
      EXPECT_LE(slices[i].first, slices[i].second) << count << " slice " << i;
      if (i > 0) {
        EXPECT_EQ(slices[i].first, slices[i - 1].second + 1) << count << " slice " << i;
      }
    }
  }
}

TEST(TokenSlicesTest, SlicesAreAboutEqual) {
  const auto slices = token_slices(4);
  // 2^62 tokens each, give or take the rounding.
  EXPECT_NEAR(static_cast<double>(slices[1].first),
              static_cast<double>(std::numeric_limits<std::int64_t>::min()) / 2, 4.0);
  EXPECT_NEAR(static_cast<double>(slices[2].first), 0.0, 4.0);
  EXPECT_THROW(token_slices(0), std::invalid_argument);
}

}  // namespace
}  // namespace jobstream::web
