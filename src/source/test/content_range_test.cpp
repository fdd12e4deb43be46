#include <gtest/gtest.h>

#include "source/content_range.hpp"

namespace jobstream::source {
namespace {

TEST(ContentRange, ReadsTheUsualForm) {
  const auto r = parse_content_range("offres 0-149/15262");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 0);
  EXPECT_EQ(r->last, 149);
  EXPECT_EQ(r->total, 15262);
}

TEST(ContentRange, ReadsTheLastPartialPage) {
  const auto r = parse_content_range("offres 300-352/353");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->last, 352);
  EXPECT_EQ(r->total, 353);
}

TEST(ContentRange, StarMeansNoResult) {
  const auto r = parse_content_range("offres */0");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->first);
  EXPECT_EQ(r->total, 0);
}

TEST(ContentRange, MinusOneFormKeepsTheTotal) {
  const auto r = parse_content_range("offres -1--1/353");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->first);
  EXPECT_FALSE(r->last);
  EXPECT_EQ(r->total, 353);
}

TEST(ContentRange, ToleratesCaseSpacesAndMissingUnit) {
  EXPECT_EQ(parse_content_range("  Offres 0 - 149 / 20 ")->total, 20);
  EXPECT_EQ(parse_content_range("0-9/10")->total, 10);
}

TEST(ContentRange, RefusesWhatGivesNoTotal) {
  EXPECT_FALSE(parse_content_range(""));
  EXPECT_FALSE(parse_content_range("offres"));
  EXPECT_FALSE(parse_content_range("offres 0-149"));
  EXPECT_FALSE(parse_content_range("offres 0-149/*"));
  EXPECT_FALSE(parse_content_range("offres 0-149/abc"));
  EXPECT_FALSE(parse_content_range("offres 0-149/-5"));
  EXPECT_FALSE(parse_content_range("offres 0-149/12x"));
}

}  // namespace
}  // namespace jobstream::source
