// The shapes `jobstream stats` and the HTTP API print: JSON keys, CSV lines, table sections, and
// the filter parameters both accept.
#include <gtest/gtest.h>

#include "analytics/figures_engine.hpp"
#include "analytics/figures_json.hpp"
#include "analytics/figures_render.hpp"
#include "analytics/filter_params.hpp"
#include "facts_builder.hpp"

namespace jobstream::analytics {
namespace {

using testing::FactsBuilder;

FiguresEngine small_engine() {
  FiguresEngine engine;
  engine.apply(FactsBuilder("A", "2026-11-01T09:00:00Z")
                   .place("2A004", "2A - Ajaccio")
                   .rome("M1805", "Dév, \"info\"")
                   .contract("CDI")
                   .salary("Annuel de 40000 Euros")
                   .skills({"SQL"})
                   .employer("ACME"));
  engine.apply(FactsBuilder("B", "2026-11-02T09:00:00Z")
                   .withdrawn("2026-11-03T09:00:00Z")
                   .place("97411", "974 - ST DENIS")
                   .rome("K2111")
                   .contract("CDD"));
  return engine;
}

TEST(FiguresOutputTest, JsonShape) {
  const auto json = to_json(small_engine().query(Filter{}));
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"schema", "filter", "totals", "daily", "salary", "time_on_market",
                                      "top_rome", "top_skills", "top_employers", "by_contract",
                                      "by_experience", "by_qualification", "by_sector", "by_region",
                                      "by_departement", "by_commune", "by_city", "by_origin", "by_partner"}));
  EXPECT_EQ(json["schema"], "jobstream.figures/1");
  EXPECT_EQ(json["filter"]["from"], "2026-11-01");
  EXPECT_EQ(json["filter"]["to"], "2026-11-03");
  EXPECT_EQ(json["totals"]["offers"], 2);
  EXPECT_EQ(json["daily"].size(), 3u);
  EXPECT_EQ(json["daily"][2].dump(), R"({"day":"2026-11-03","new":0,"updated":0,"withdrawn":1,"open":1})");
  EXPECT_EQ(json["salary"]["median"], 40000);
  EXPECT_TRUE(json["salary"]["histogram"].back()["upper"].is_number());
  EXPECT_TRUE(json["time_on_market"]["median_days"] == 1);
  EXPECT_EQ(json["by_departement"][0].dump(),
            R"({"code":"2A","label":"Corse-du-Sud","region":"94","count":1})");
  EXPECT_EQ(json["by_commune"][1].dump(),
            R"({"code":"97411","label":"ST DENIS","departement":"974","count":1})");

  EXPECT_EQ(json["totals"]["place_scope"].dump(),
            R"({"commune":2,"departement":0,"region":0,"france":0,"abroad":0,"unlocated":0})");
  EXPECT_EQ(json["salary"]["reasons"].size(), salary_reason_count - 1);

  const auto empty = to_json(FiguresEngine{}.query(Filter{}));
  EXPECT_TRUE(empty["filter"]["from"].is_null());
  EXPECT_TRUE(empty["salary"]["median"].is_null());
}

TEST(FiguresOutputTest, CsvIsLongFormatAndQuoted) {
  const std::string csv = render_csv(small_engine().query(Filter{}));
  EXPECT_EQ(csv.rfind("section,key,label,parent,metric,value\r\n", 0), 0u);
  EXPECT_NE(csv.find("totals,,,,offers,2\r\n"), std::string::npos);
  EXPECT_NE(csv.find("daily,2026-11-03,,,withdrawn,1\r\n"), std::string::npos);
  EXPECT_NE(csv.find("salary,,,,median,40000\r\n"), std::string::npos);
  EXPECT_NE(csv.find("top_rome,M1805,\"Dév, \"\"info\"\"\",,count,1\r\n"), std::string::npos);
  EXPECT_NE(csv.find("by_departement,974,La Réunion,04,count,1\r\n"), std::string::npos);
  EXPECT_EQ(csv.find("p10,\r\n"), std::string::npos);
}

TEST(FiguresOutputTest, TableHasEverySection) {
  const std::string table = render_table(small_engine().query(Filter{}), 1);
  for (const char* part :
       {"Period 2026-11-01 .. 2026-11-03", "(all offers)", "Open at the end", "median 40000", "2026-11-03",
        "Top ROME codes (2 entries)", "... 1 more", "Départements", "Communes"}) {
    EXPECT_NE(table.find(part), std::string::npos) << part << "\n" << table;
  }
}

TEST(FiguresOutputTest, FilterParameters) {
  auto parsed = parse_filter({{"from", "2026-11-01"},
                              {"to", "2026-11-30"},
                              {"dept", "75, 2a"},
                              {"dept", "974"},
                              {"rome", "m1805"},
                              {"contract", "cdi,CDD"},
                              {"top", "5"}});
  ASSERT_TRUE(std::holds_alternative<Filter>(parsed)) << std::get<std::string>(parsed);
  const Filter& f = std::get<Filter>(parsed);
  EXPECT_EQ(f.departements, (std::vector<std::string>{"75", "2A", "974"}));
  EXPECT_EQ(f.rome_codes, (std::vector<std::string>{"M1805"}));
  EXPECT_EQ(f.contract_types, (std::vector<std::string>{"CDI", "CDD"}));
  EXPECT_EQ(f.top, 5u);
  EXPECT_EQ(format_day(*f.from), "2026-11-01");

  const std::pair<const char*, const char*> bad[] = {{"from", "2026-13-01"}, {"dept", "20"},
                                                     {"top", "many"},        {"colour", "blue"},
                                                     {"region", "05"},       {"rome", "M18055"}};
  for (const auto& [name, value] : bad) {
    auto r = parse_filter({{name, value}});
    ASSERT_TRUE(std::holds_alternative<std::string>(r)) << name << "=" << value;
    EXPECT_FALSE(std::get<std::string>(r).empty());
  }
  EXPECT_NE(std::get<std::string>(parse_filter({{"dept", "20"}})).find("2A or 2B"), std::string::npos);
}

}  // namespace
}  // namespace jobstream::analytics
