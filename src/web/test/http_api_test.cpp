#include "web/http_api.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "web/live_figures.hpp"
#include "web/test/offer_json.hpp"

namespace jobstream::web {
namespace {

using testing::offer_json;

/// A backend over an engine of its own, counting what the API asked.
class FakeBackend : public ApiBackend {
 public:
  FakeBackend() {
    figures_.apply_stored({{"A1", offer_json("A1", "75056", "2026-11-02T10:00:00Z"), {}, {}},
                           {"A2", offer_json("A2", "2A004", "2026-11-03T10:00:00Z", "D1106", "CDD"), {}, {}},
                           {"A3", offer_json("A3", "97411", "2026-11-04T10:00:00Z"), {}, {}}});
    figures_.mark_snapshot_loaded();
  }
  analytics::Figures figures(const analytics::Filter& filter) override {
    ++figure_queries;
    if (fail) throw std::runtime_error("secret detail of the failure");
    return figures_.query(filter);
  }
  nlohmann::ordered_json health() override {
    ++health_queries;
    return {{"schema", "jobstream.health/1"}};
  }
  int figure_queries = 0, health_queries = 0;
  bool fail = false;

 private:
  LiveFigures figures_;
};

class HttpApiTest : public ::testing::Test {
 protected:
  ApiResponse get(std::string path, std::vector<std::pair<std::string, std::string>> params = {}) {
    return api.handle({"GET", std::move(path), std::move(params)});
  }
  static nlohmann::json body(const ApiResponse& r) { return nlohmann::json::parse(r.body); }

  FakeBackend backend;
  HttpApi api{backend};
};

TEST_F(HttpApiTest, FiguresAreJsonOfTheFiguresSchema) {
  const auto r = get("/api/figures");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  const auto json = body(r);
  EXPECT_EQ(json["schema"], "jobstream.figures/1");
  EXPECT_EQ(json["totals"]["offers"], 3);
  EXPECT_EQ(backend.figure_queries, 1);
}

TEST_F(HttpApiTest, QueryParametersBecomeTheFilter) {
  const auto r = get("/api/figures", {{"dept", "2a,974"}, {"top", "5"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto json = body(r);
  EXPECT_EQ(json["totals"]["offers"], 2);
  EXPECT_EQ(json["filter"]["departements"], nlohmann::json::parse(R"(["2A","974"])"));
  EXPECT_EQ(json["filter"]["top"], 5);
  EXPECT_EQ(body(get("/api/figures", {{"contract", "CDD"}}))["totals"]["offers"], 1);
  EXPECT_EQ(body(get("/api/figures", {{"rome", "M"}, {"dept", "75"}}))["totals"]["offers"], 1);
}

TEST_F(HttpApiTest, ABadFilterIs400WithAJsonErrorNamingTheParameter) {
  for (const auto& params : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"colour", "red"}}, {{"from", "2026-13-01"}}, {{"top", "0"}}, {{"top", "many"}}}) {
    const auto r = get("/api/figures", params);
    EXPECT_EQ(r.status, 400) << params[0].first;
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    const auto json = body(r);
    EXPECT_EQ(json["error"], "bad_request");
    EXPECT_NE(json["message"].get<std::string>().find(params[0].first), std::string::npos) << json["message"];
  }
  EXPECT_EQ(backend.figure_queries, 0);
}

TEST_F(HttpApiTest, ParametersThatAreNotUtf8Are400NotAFailure) {
  // "%FF" decodes to a lone byte that is not UTF-8: a JSON error quoting it cannot be written.
  for (const auto& params : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"dept", "\xFF"}}, {{"rome", "M\xC3"}}, {{"\xFF", "1"}}, {{"contract", "CD\xE9"}}}) {
    const auto r = get("/api/figures", params);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(body(r)["error"], "bad_request");
  }
  EXPECT_EQ(backend.figure_queries, 0);
}

TEST(HttpApiErrors, AnErrorBodyQuotingBytesThatAreNotUtf8IsStillJson) {
  const auto json = nlohmann::json::parse(error_body(400, "unknown d\xE9partement '\xFF'"));
  EXPECT_EQ(json["error"], "bad_request");
}

TEST_F(HttpApiTest, APeriodEndingBeforeItStartsIs400) {
  const auto r = get("/api/figures", {{"from", "2026-11-10"}, {"to", "2026-11-01"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(body(r)["error"], "bad_request");
}

TEST_F(HttpApiTest, HealthComesFromTheBackendAndTakesNoParameters) {
  const auto r = get("/api/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(body(r)["schema"], "jobstream.health/1");
  EXPECT_EQ(get("/api/health", {{"x", "1"}}).status, 400);
  EXPECT_EQ(backend.health_queries, 1);
}

TEST_F(HttpApiTest, LabelsAreTheTablesTheFiguresUse) {
  const auto r = get("/api/labels");
  ASSERT_EQ(r.status, 200);
  const auto labels = body(r);
  EXPECT_EQ(labels["schema"], "jobstream.labels/1");
  const auto find = [](const nlohmann::json& list, const std::string& code) {
    for (const auto& entry : list) {
      if (entry["code"] == code) return entry;
    }
    return nlohmann::json();
  };
  EXPECT_EQ(find(labels["regions"], "94")["label"], "Corse");
  EXPECT_EQ(find(labels["departements"], "2A")["label"], "Corse-du-Sud");
  EXPECT_EQ(find(labels["departements"], "2A")["region"], "94");
  EXPECT_EQ(find(labels["departements"], "974")["label"], "La Réunion");
  EXPECT_TRUE(find(labels["departements"], "975")["region"].is_null()) << "a collectivity has no région";
  EXPECT_EQ(find(labels["contracts"], "CDI")["label"], "Contrat à durée indéterminée");
  EXPECT_EQ(labels["regions"].size(), 18u);
  // The figures' own labels are the same text: one table for both.
  const auto figures = body(get("/api/figures", {{"contract", "CDD"}}));
  ASSERT_FALSE(figures["by_contract"].empty());
  EXPECT_EQ(figures["by_contract"][0]["label"], find(labels["contracts"], "CDD")["label"]);
  EXPECT_EQ(get("/api/labels", {{"x", "1"}}).status, 400);
}

TEST_F(HttpApiTest, UnknownApiPathsAre404Json) {
  for (const char* path : {"/api", "/api/", "/api/figure", "/api/figures/extra", "/api/health/"}) {
    const auto r = get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(body(r)["error"], "not_found");
  }
}

TEST_F(HttpApiTest, TheApiIsReadOnly) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    const auto r = api.handle({method, "/api/figures", {}});
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(body(r)["error"], "method_not_allowed");
    const auto allow =
        std::find_if(r.headers.begin(), r.headers.end(), [](auto& h) { return h.first == "Allow"; });
    ASSERT_NE(allow, r.headers.end());
    EXPECT_EQ(allow->second, "GET, HEAD");
  }
  EXPECT_EQ(api.handle({"HEAD", "/api/figures", {}}).status, 200);
  EXPECT_EQ(backend.figure_queries, 1);
}

TEST_F(HttpApiTest, AnswersAreNeverCached) {
  for (const auto& r : {get("/api/figures"), get("/api/health"), get("/api/nothing")}) {
    const auto cache =
        std::find_if(r.headers.begin(), r.headers.end(), [](auto& h) { return h.first == "Cache-Control"; });
    ASSERT_NE(cache, r.headers.end());
    EXPECT_EQ(cache->second, "no-store");
  }
}

TEST_F(HttpApiTest, AFailureIs500WithoutItsDetail) {
  backend.fail = true;
  const auto r = get("/api/figures");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(body(r)["error"], "internal_error");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(HttpApiRouting, OwnsOnlyTheApiPaths) {
  EXPECT_TRUE(HttpApi::owns("/api"));
  EXPECT_TRUE(HttpApi::owns("/api/figures"));
  EXPECT_TRUE(HttpApi::owns("/api/anything"));
  EXPECT_FALSE(HttpApi::owns("/"));
  EXPECT_FALSE(HttpApi::owns("/index.html"));
  EXPECT_FALSE(HttpApi::owns("/apix"));
  EXPECT_FALSE(HttpApi::owns("/assets/api/x.js"));
}

}  // namespace
}  // namespace jobstream::web
