#include <gtest/gtest.h>

#include "emulator/search_request.hpp"

namespace jobstream::emulator {
namespace {

using namespace std::chrono;
using Params = std::multimap<std::string, std::string>;
const Millis now = Millis(sys_days(year(2026) / 11 / 24) + hours(12));

SearchRequest ok(const Params& p) {
  auto r = parse_search_request(p, now);
  if (auto* bad = std::get_if<BadRequest>(&r)) ADD_FAILURE() << bad->message;
  return std::get<SearchRequest>(r);
}
std::string bad(const Params& p) {
  auto r = parse_search_request(p, now);
  if (!std::holds_alternative<BadRequest>(r)) return "(accepted)";
  return std::get<BadRequest>(r).message;
}

TEST(SearchRequest, DefaultsToTheFirstPage) {
  const auto r = ok({});
  EXPECT_EQ(r.first, 0);
  EXPECT_EQ(r.last, 149);
  EXPECT_FALSE(r.filter.min_created.has_value());
}

TEST(SearchRequest, RangeMustStayWithinAPageAndTheCap) {
  EXPECT_EQ(ok({{"range", "3000-3149"}}).last, 3149);
  EXPECT_EQ(bad({{"range", "0-150"}}), "La plage de résultats demandée est trop importante.");
  EXPECT_NE(bad({{"range", "3001-3149"}}), "(accepted)");
  EXPECT_NE(bad({{"range", "3100-3150"}}), "(accepted)");
  EXPECT_NE(bad({{"range", "10-5"}}), "(accepted)");
  EXPECT_NE(bad({{"range", "abc"}}), "(accepted)");
}

TEST(SearchRequest, CreationDatesComeTogetherAndAreReadAsParisTime) {
  EXPECT_NE(bad({{"minCreationDate", "2026-11-01T00:00:00Z"}}), "(accepted)");
  EXPECT_NE(bad({{"minCreationDate", "2026-11-01"}, {"maxCreationDate", "2026-11-02"}}), "(accepted)");
  const auto r =
      ok({{"minCreationDate", "2026-11-01T10:00:00Z"}, {"maxCreationDate", "2026-11-02T10:00:00Z"}});
  EXPECT_EQ(*r.filter.min_created, Millis(sys_days(year(2026) / 11 / 1) + hours(9)));
  EXPECT_EQ(*r.filter.max_created, Millis(sys_days(year(2026) / 11 / 2) + hours(9)));
}

TEST(SearchRequest, ListParametersHaveTheApisLimits) {
  EXPECT_EQ(ok({{"departement", "75,2A,974"}}).filter.departements,
            (std::vector<std::string>{"75", "2A", "974"}));
  EXPECT_NE(bad({{"departement", "01,02,03,04,05,06"}}), "(accepted)");
  EXPECT_NE(bad({{"typeContrat", "CDI,CDD,MIS,SAI"}}), "(accepted)");
  EXPECT_EQ(ok({{"typeContrat", "CDI"}, {"typeContrat", "MIS"}}).filter.types_contrat.size(), 2u);
  EXPECT_NE(bad({{"publieeDepuis", "2"}}), "(accepted)");
  EXPECT_EQ(*ok({{"publieeDepuis", "7"}}).filter.published_after, now - days(7));
  EXPECT_NE(bad({{"sort", "3"}}), "(accepted)");
}

}  // namespace
}  // namespace jobstream::emulator
