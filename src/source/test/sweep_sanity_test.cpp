#include <gtest/gtest.h>

#include "source/sweep_sanity.hpp"

namespace jobstream::source {
namespace {

TEST(SweepSanity, ASweepThatFoundNoneOfTheKnownOffersIsSuspect) {
  const auto why = suspect_sweep({0, 0, 5000, 0}, 0.3);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("none of the 5000"), std::string::npos);
  // Even when new offers make up the count.
  EXPECT_TRUE(suspect_sweep({6000, 5000, 5000, 0}, 0.3));
}

TEST(SweepSanity, AFallBeyondTheShareIsSuspectAndWithinItIsNot) {
  EXPECT_TRUE(suspect_sweep({690, 1000, 1000, 690}, 0.3));
  EXPECT_FALSE(suspect_sweep({700, 1000, 1000, 700}, 0.3));
  EXPECT_FALSE(suspect_sweep({1200, 1000, 1000, 990}, 0.3));
  EXPECT_TRUE(suspect_sweep({940, 1000, 1000, 940}, 0.05));
}

TEST(SweepSanity, TheFirstSweepHasNothingToCompareWith) {
  EXPECT_FALSE(suspect_sweep({0, 0, 0, 0}, 0.3));
  EXPECT_FALSE(suspect_sweep({10, 0, 0, 0}, 0.3));
}

}  // namespace
}  // namespace jobstream::source
