#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "emulator/api_emulator.hpp"

namespace jobstream::emulator {
namespace {

using namespace std::chrono;

EmulatorConfig config() {
  EmulatorConfig c;
  c.client_id = "PAR_test_client";
  c.client_secret = "test-secret-value";
  c.rate_limit = 0;
  return c;
}

std::shared_ptr<OfferCatalog> catalog_of(int n) {
  auto c = std::make_shared<OfferCatalog>();
  const auto t0 = Millis(sys_days(year(2026) / 11 / 1));
  for (int i = 0; i < n; ++i) {
    EmulatedOffer o;
    o.id = "OFF" + std::to_string(1000 + i);
    o.created = t0 + minutes(i);
    o.attributes.departement = i % 2 ? "2A" : "974";
    o.attributes.type_contrat = "CDI";
    o.json = R"({"id":")" + o.id + R"(","intitule":"Développeur"})";
    c->put(std::move(o));
  }
  return c;
}

class ApiEmulatorTest : public ::testing::Test {
 protected:
  void start(EmulatorConfig c, int offers) {
    emulator = std::make_unique<ApiEmulator>(std::move(c), catalog_of(offers));
    client = std::make_unique<httplib::Client>("127.0.0.1", emulator->port());
  }
  httplib::Result token_request(const std::string& id, const std::string& secret, const std::string& scope) {
    httplib::Params form{
        {"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}, {"scope", scope}};
    return client->Post("/connexion/oauth2/access_token?realm=%2Fpartenaire", form);
  }
  std::string token() {
    auto res = token_request("PAR_test_client", "test-secret-value", "api_offresdemploiv2 o2dsoffre");
    EXPECT_EQ(res->status, 200);
    return nlohmann::json::parse(res->body).at("access_token");
  }
  httplib::Result get(const std::string& path, const std::string& bearer) {
    return client->Get(("/partenaire/offresdemploi/v2" + path).c_str(),
                       {{"Authorization", "Bearer " + bearer}});
  }
  std::unique_ptr<ApiEmulator> emulator;
  std::unique_ptr<httplib::Client> client;
};

TEST_F(ApiEmulatorTest, TokenEndpointFollowsTheContract) {
  start(config(), 0);
  auto wrong = token_request("PAR_test_client", "nope", "api_offresdemploiv2 o2dsoffre");
  EXPECT_EQ(wrong->status, 400);
  EXPECT_EQ(nlohmann::json::parse(wrong->body).at("error"), "invalid_client");
  auto scope = token_request("PAR_test_client", "test-secret-value", "api_autre");
  EXPECT_EQ(nlohmann::json::parse(scope->body).at("error"), "invalid_scope");
  auto good = token_request("PAR_test_client", "test-secret-value",
                            "o2dsoffre application_PAR_test_client api_offresdemploiv2");
  ASSERT_EQ(good->status, 200);
  const auto body = nlohmann::json::parse(good->body);
  EXPECT_EQ(body.at("token_type"), "Bearer");
  EXPECT_EQ(body.at("expires_in"), 1499);
  EXPECT_EQ(good->get_header_value("Cache-Control"), "no-store");
}

TEST_F(ApiEmulatorTest, ApiCallsNeedAValidToken) {
  start(config(), 4);
  EXPECT_EQ(get("/offres/search", "forged")->status, 401);
  EXPECT_EQ(get("/offres/search", token())->status, 200);
}

TEST_F(ApiEmulatorTest, PagingAnswersWithTheDocumentedStatusesAndContentRange) {
  start(config(), 400);
  const auto t = token();
  auto first = get("/offres/search?range=0-149", t);
  EXPECT_EQ(first->status, 206);
  EXPECT_EQ(first->get_header_value("Content-Range"), "offres 0-149/400");
  EXPECT_EQ(nlohmann::json::parse(first->body).at("resultats").size(), 150u);
  EXPECT_EQ(nlohmann::json::parse(first->body).at("filtresPossibles").at(0).at("filtre"), "typeContrat");
  auto last = get("/offres/search?range=300-449", t);
  EXPECT_EQ(last->status, 200);  // an even total: the last page answers 200
  EXPECT_EQ(last->get_header_value("Content-Range"), "offres 300-399/400");
  auto past = get("/offres/search?range=450-599", t);
  EXPECT_EQ(past->status, 204);
  EXPECT_EQ(past->get_header_value("Content-Range"), "offres -1--1/400");
  EXPECT_TRUE(past->body.empty());
  auto none = get("/offres/search?departement=75", t);
  EXPECT_EQ(none->status, 204);
  EXPECT_EQ(none->get_header_value("Content-Range"), "offres */0");
  auto corsica = get("/offres/search?departement=2A&range=0-9", t);
  EXPECT_EQ(corsica->get_header_value("Content-Range"), "offres 0-9/200");
  EXPECT_EQ(get("/offres/search?range=0-150", t)->status, 400);
  EXPECT_EQ(get("/offres/search?range=3001-3100", t)->status, 400);
}

TEST_F(ApiEmulatorTest, OfferByIdAndReferenceLists) {
  start(config(), 3);
  const auto t = token();
  auto found = get("/offres/OFF1001", t);
  EXPECT_EQ(found->status, 200);
  EXPECT_EQ(found->body, R"({"id":"OFF1001","intitule":"Développeur"})");
  EXPECT_EQ(get("/offres/GONE123", t)->status, 400);
  auto deps = nlohmann::json::parse(get("/referentiel/departements", t)->body);
  std::set<std::string> codes;
  for (const auto& d : deps) codes.insert(d.at("code"));
  for (const char* code : {"01", "2A", "2B", "971", "972", "973", "974", "975", "976", "95"}) {
    EXPECT_TRUE(codes.contains(code)) << code;
  }
  EXPECT_EQ(codes.size(), 102u);  // 96 in Europe, 5 overseas, Saint-Pierre-et-Miquelon
  EXPECT_EQ(nlohmann::json::parse(get("/referentiel/typesContrats", t)->body).size(), 8u);
  EXPECT_EQ(get("/referentiel/inconnu", t)->status, 404);
}

TEST_F(ApiEmulatorTest, RateLimitAnswers429WithRetryAfter) {
  auto c = config();
  c.rate_limit = 1;
  c.rate_burst = 2;
  start(c, 3);
  const auto t = token();
  int limited = 0;
  for (int i = 0; i < 5; ++i) {
    auto res = get("/offres/search", t);
    if (res->status == 429) {
      ++limited;
      EXPECT_EQ(res->get_header_value("Retry-After"), "1");
    }
  }
  EXPECT_GE(limited, 2);
}

TEST_F(ApiEmulatorTest, InjectedFaults) {
  start(config(), 20);
  const auto t = token();
  FaultRates f;
  f.too_many_requests = 1;
  emulator->set_faults(f);
  EXPECT_EQ(get("/offres/search", t)->status, 429);
  f = {};
  f.server_error = 1;
  emulator->set_faults(f);
  const int status = get("/offres/search", t)->status;
  EXPECT_TRUE(status == 500 || status == 503) << status;
  f = {};
  f.invalid_json = 1;
  emulator->set_faults(f);
  auto corrupt = get("/offres/search", t);
  EXPECT_FALSE(nlohmann::json::accept(corrupt->body));
  f = {};
  f.truncated = 1;
  emulator->set_faults(f);
  auto cut = get("/offres/search", t);
  EXPECT_TRUE(!cut || !nlohmann::json::accept(cut->body));  // the connection drops mid-body
  f = {};
  f.token_revoked_after = seconds(1);
  emulator->set_faults(f);
  const auto short_lived = token();
  EXPECT_EQ(get("/offres/search", short_lived)->status, 200);
  std::this_thread::sleep_for(milliseconds(1100));  // the revocation delay itself is what is tested
  EXPECT_EQ(get("/offres/search", short_lived)->status, 401);
  EXPECT_GT(emulator->stats().faults_injected, 3);
}

}  // namespace
}  // namespace jobstream::emulator
