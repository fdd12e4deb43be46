#include <gtest/gtest.h>

#include <variant>

#include "source/page_parser.hpp"

namespace jobstream::source {
namespace {

const std::string offer_a =
    R"({"id":"180HSFM","intitule":"Développeur \u00e9l\u00e9gant","dateCreation":"2024-08-30T16:52:28.632Z",)"
    R"("dateActualisation":"2024-09-01T08:00:00Z","lieuTravail":{"libelle":"2A - Ajaccio"},"salaire":{}})";
const std::string offer_b = "{ \"id\" : \"179PPHH\",\n  \"dateCreation\": \"2022-10-23T08:15:42Z\" }";

TEST(PageParser, KeepsEachOfferByteForByte) {
  PageParser parser;
  std::string error;
  const std::string body = R"({"resultats":[)" + offer_a + ",  " + offer_b +
                           R"(],"filtresPossibles":[{"filtre":"typeContrat","agregation":[]}]})";
  const auto page = parser.parse_search(body, error);
  ASSERT_TRUE(page) << error;
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_TRUE(page->malformed.empty());
  EXPECT_EQ(page->items[0].raw_json, offer_a);
  EXPECT_EQ(page->items[0].id, "180HSFM");
  EXPECT_EQ(page->items[0].date_creation, "2024-08-30T16:52:28.632Z");
  EXPECT_EQ(page->items[0].date_actualisation, "2024-09-01T08:00:00Z");
  EXPECT_EQ(format_api_time(page->items[0].created), "2024-08-30T16:52:28Z");
  EXPECT_EQ(page->items[1].raw_json, offer_b);
  EXPECT_EQ(page->items[1].date_actualisation, "");
}

TEST(PageParser, MalformedElementsAreCountedAndTheRestFlows) {
  PageParser parser;
  std::string error;
  const std::string body = R"({"resultats":[)"
                           R"({"intitule":"no id","dateCreation":"2024-01-01T00:00:00Z"},)" +
                           offer_a +
                           ","
                           R"({"id":{"x":1},"dateCreation":"2024-01-01T00:00:00Z"},)"
                           R"({"id":"A1","dateCreation":20240101},)"
                           R"({"id":"A2","dateCreation":"yesterday"},)"
                           R"({"id":"A3","dateCreation":"2024-01-01T00:00:00Z","dateActualisation":[1]},)"
                           R"("just a string",null,42,)"
                           R"({"id":"","dateCreation":"2024-01-01T00:00:00Z"},)" +
                           offer_b + "]}";
  const auto page = parser.parse_search(body, error);
  ASSERT_TRUE(page) << error;
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].raw_json, offer_a);
  EXPECT_EQ(page->items[1].raw_json, offer_b);
  ASSERT_EQ(page->malformed.size(), 9u);
  EXPECT_EQ(page->malformed[0].index, 0u);
  EXPECT_EQ(page->malformed[0].reason, "missing id");
  EXPECT_EQ(page->malformed[1].reason, "id is not a string");
  EXPECT_EQ(page->malformed[2].id, "A1");
  EXPECT_EQ(page->malformed[2].reason, "dateCreation is not a string");
  EXPECT_NE(page->malformed[3].reason.find("not an ISO date"), std::string::npos);
  EXPECT_EQ(page->malformed[4].reason, "dateActualisation is not a string");
  EXPECT_EQ(page->malformed[5].reason, "not an object");
  EXPECT_EQ(page->malformed[8].reason, "empty id");
  EXPECT_EQ(page->malformed[8].index, 9u);
}

TEST(PageParser, NumericIdIsKeptAsItsDigits) {
  PageParser parser;
  std::string error;
  const auto page =
      parser.parse_search(R"({"resultats":[{"id":2430874,"dateCreation":"2024-01-01T00:00:00Z"}]})", error);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, "2430874");
}

TEST(PageParser, RefusesBodiesThatAreNotAPage) {
  PageParser parser;
  std::string error;
  const std::string full = R"({"resultats":[)" + offer_a + "," + offer_b + "]}";
  for (std::size_t cut : {full.size() - 1, full.size() / 2, std::size_t{10}, std::size_t{0}}) {
    EXPECT_FALSE(parser.parse_search(full.substr(0, cut), error)) << cut;
    EXPECT_FALSE(error.empty());
  }
  EXPECT_FALSE(parser.parse_search("<html>Bad gateway</html>", error));
  EXPECT_FALSE(parser.parse_search(R"({"message":"erreur"})", error));
  EXPECT_NE(error.find("resultats"), std::string::npos);
  EXPECT_FALSE(parser.parse_search(R"({"resultats":{}})", error));
  EXPECT_FALSE(parser.parse_search("[]", error));
}

TEST(PageParser, EmptyResultsAreAnEmptyPage) {
  PageParser parser;
  std::string error;
  const auto page = parser.parse_search(R"({"resultats":[],"filtresPossibles":[]})", error);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->items.empty());
}

TEST(PageParser, ParsesABareOffer) {
  PageParser parser;
  auto ok = parser.parse_offer("  " + offer_a + "\r\n");
  ASSERT_TRUE(std::holds_alternative<OfferItem>(ok));
  EXPECT_EQ(std::get<OfferItem>(ok).raw_json, offer_a);
  auto bad = parser.parse_offer(R"({"id":"X"})", 7);
  ASSERT_TRUE(std::holds_alternative<MalformedItem>(bad));
  EXPECT_EQ(std::get<MalformedItem>(bad).index, 7u);
  EXPECT_EQ(std::get<MalformedItem>(bad).reason, "missing dateCreation");
  EXPECT_TRUE(std::holds_alternative<MalformedItem>(parser.parse_offer("{\"id\":")));
}

}  // namespace
}  // namespace jobstream::source
