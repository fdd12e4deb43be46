#include <gtest/gtest.h>

#include "store/absent_fields.hpp"
#include "store/write_time.hpp"

using namespace jobstream;
using namespace jobstream::store;

namespace {

offer::SysTime at(std::string_view text) {
  offer::SysTime t{};
  EXPECT_TRUE(offer::parse_time(text, t)) << text;
  return t;
}

const offer::OfferUpsert harvested{"A1", "test", at("2026-11-24T16:00:00Z"), "{}"};

}  // namespace

TEST(AbsentFields, AVersionDatedAtItsCreationIsTheCreationVersion) {
  const auto created = at("2026-11-24T09:00:00Z");
  EXPECT_TRUE(is_creation_version(upsert_write_time(harvested, created, created), created));
  // No dateActualisation: the version is its dateCreation.
  EXPECT_TRUE(is_creation_version(upsert_write_time(harvested, std::nullopt, created), created));
}

TEST(AbsentFields, AnUpdatedOrUndatedVersionIsNot) {
  const auto created = at("2026-11-24T09:00:00Z");
  EXPECT_FALSE(
      is_creation_version(upsert_write_time(harvested, at("2026-11-24T09:00:00.001Z"), created), created));
  EXPECT_FALSE(is_creation_version(upsert_write_time(harvested, std::nullopt, std::nullopt), std::nullopt));
  // Created after its harvest (a clock ahead): written at the harvest time, so not at its creation.
  const auto future = at("2026-11-25T09:00:00Z");
  EXPECT_FALSE(is_creation_version(upsert_write_time(harvested, future, future), future));
}

TEST(AbsentFields, NullsBecomeUnsetAndValuesStay) {
  std::vector<cql::Value> values{cql::Value(std::string("x")), cql::Value(cql::Null{}),
                                 cql::Value(std::int64_t{7})};
  leave_nulls_unset(values);
  EXPECT_EQ(values[0].as<std::string>(), "x");
  EXPECT_TRUE(std::holds_alternative<cql::Unset>(values[1].v));
  EXPECT_EQ(values[2].as<std::int64_t>(), 7);
}
