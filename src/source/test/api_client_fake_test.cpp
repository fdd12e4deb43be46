#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>

#include "fake_api.hpp"
#include "source/api_client.hpp"
#include "source/source_error.hpp"

namespace jobstream::source {
namespace {

using namespace std::chrono_literals;
using testing::FakeApi;
using testing::FakeOffer;
using testing::ScriptedAnswer;

SourceSettings settings_for(const FakeApi& api) {
  SourceSettings s = testing::fake_api_settings(api);
  s.backoff_base = 10ms;
  s.backoff_max = 50ms;
  s.request_timeout = 2s;
  s.call_deadline = 10s;
  s.state_file = "";
  return s;
}

std::string offer_json(const std::string& id) {
  return fmt::format(
      R"({{"id":"{}","intitule":"Soudeur H/F à Ajaccio","dateCreation":"2026-11-20T10:00:00.000Z","dateActualisation":"2026-11-21T10:00:00Z"}})",
      id);
}

struct Client {
  explicit Client(const SourceSettings& s)
      : settings(s),
        tokens(std::make_shared<TokenProvider>(settings)),
        api(settings, tokens, std::make_shared<RateLimiter>(settings.requests_per_second, settings.burst)) {}
  SourceSettings settings;
  std::shared_ptr<TokenProvider> tokens;
  ApiClient api;
};

TEST(ApiClientFake, TokenRequestFollowsTheContractAndIsCached) {
  FakeApi fake;
  fake.put({"180HSFM", *parse_api_time("2026-11-20T10:00:00Z"), "2A", offer_json("180HSFM")});
  Client c(settings_for(fake));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.api.search({}, 0, 149).page.items.size(), 1u);
  EXPECT_EQ(fake.token_requests.load(), 1);
  EXPECT_EQ(fake.last_token_query(), "/partenaire");
  const auto form = fake.last_token_form();
  EXPECT_NE(form.find("grant_type=client_credentials"), std::string::npos);
  EXPECT_NE(form.find("client_id=PAR_jobstream_test"), std::string::npos);
  EXPECT_NE(form.find("scope=api_offresdemploiv2%20o2dsoffre"), std::string::npos);
}

TEST(ApiClientFake, RevokedTokenIsRenewedOnceOn401) {
  FakeApi fake;
  Client c(settings_for(fake));
  c.api.search({}, 0, 149);
  fake.revoke_tokens();
  const auto page = c.api.search({}, 0, 149);
  EXPECT_EQ(page.status, 204);
  EXPECT_EQ(fake.token_requests.load(), 2);
  EXPECT_EQ(fake.unauthorized.load(), 1);
  EXPECT_EQ(c.api.stats().token_renewals, 1);
}

TEST(ApiClientFake, ShortLivedTokenIsRenewedBeforeItExpires) {
  FakeApi fake;
  fake.token_ttl = 2;  // renewed after 1 s (half the lifetime)
  Client c(settings_for(fake));
  c.api.search({}, 0, 149);
  std::this_thread::sleep_for(1100ms);  // lets the token age; the assertion is on the request count
  c.api.search({}, 0, 149);
  EXPECT_EQ(fake.token_requests.load(), 2);
  EXPECT_EQ(fake.unauthorized.load(), 0);
}

TEST(ApiClientFake, WrongSecretIsAFatalAuthErrorThatNeverShowsTheSecret) {
  FakeApi fake;
  auto s = settings_for(fake);
  s.client_secret = common::Secret("wrong-secret-value");
  Client c(s);
  try {
    c.api.search({}, 0, 149);
    FAIL() << "accepted a wrong secret";
  } catch (const SourceError& e) {
    EXPECT_EQ(e.kind(), SourceErrorKind::auth);
    EXPECT_FALSE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("invalid_client"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("wrong-secret-value"), std::string::npos);
  }
  EXPECT_EQ(fake.token_requests.load(), 1);  // not retried
}

TEST(ApiClientFake, EmptyAnswersAndBothContentRangeForms) {
  FakeApi fake;
  Client c(settings_for(fake));
  auto none = c.api.search({}, 0, 149);
  EXPECT_EQ(none.status, 204);
  EXPECT_EQ(none.total, 0);
  for (int i = 0; i < 3; ++i)
    fake.put({fmt::format("ID{}", i), *parse_api_time("2026-11-20T10:00:00Z"), "75",
              offer_json(fmt::format("ID{}", i))});
  auto past_end = c.api.search({}, 150, 299);
  EXPECT_EQ(past_end.status, 204);
  EXPECT_EQ(past_end.total, 3);
  EXPECT_TRUE(past_end.page.items.empty());
  auto all = c.api.search({}, 0, 149);
  EXPECT_EQ(all.status, 200);
  EXPECT_EQ(all.total, 3);
  ASSERT_EQ(all.page.items.size(), 3u);
  EXPECT_EQ(all.page.items[0].raw_json, offer_json(all.page.items[0].id));
}

TEST(ApiClientFake, RetriesThrottlingServerErrorsAndTruncatedBodies) {
  FakeApi fake;
  fake.put({"A", *parse_api_time("2026-11-20T10:00:00Z"), "75", offer_json("A")});
  fake.script({ScriptedAnswer{429, "", {{"Retry-After", "1"}}}, ScriptedAnswer{503, "", {}},
               ScriptedAnswer{206, R"({"resultats":[{"id":"A","dateCr)", {{"Content-Range", "offres 0-0/1"}}},
               ScriptedAnswer{200, "<html>proxy error</html>", {}}});
  Client c(settings_for(fake));
  const auto start = std::chrono::steady_clock::now();
  const auto page = c.api.search({}, 0, 149);
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(page.page.items.size(), 1u);
  EXPECT_EQ(page.page.items[0].id, "A");
  EXPECT_GE(waited, 1s);  // Retry-After was honoured
  EXPECT_EQ(fake.search_requests.load(), 5);
  EXPECT_EQ(c.api.stats().status_429, 1);
  EXPECT_EQ(c.api.stats().status_5xx, 1);
  EXPECT_EQ(c.api.stats().invalid_bodies, 2);
}

TEST(ApiClientFake, BadRequestIsNotRetriedAndCarriesTheApiMessage) {
  FakeApi fake;
  Client c(settings_for(fake));
  try {
    c.api.search({}, 0, 199);
    FAIL() << "a range of 200 must be refused";
  } catch (const SourceError& e) {
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_FALSE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("trop importante"), std::string::npos);
  }
  EXPECT_EQ(fake.search_requests.load(), 1);
}

TEST(ApiClientFake, PersistentServerErrorsGiveUpWithinBounds) {
  FakeApi fake;
  auto s = settings_for(fake);
  s.max_attempts = 3;
  fake.script({ScriptedAnswer{500, "", {}}, ScriptedAnswer{502, "", {}}, ScriptedAnswer{503, "", {}}});
  Client c(s);
  try {
    c.api.search({}, 0, 149);
    FAIL() << "three failures with max_attempts 3 must give up";
  } catch (const SourceError& e) {
    EXPECT_TRUE(e.retryable());
    EXPECT_EQ(e.http_status(), 503);
  }
  EXPECT_EQ(fake.search_requests.load(), 3);
}

TEST(ApiClientFake, UnreachableServerTimesOutWithinTheDeadline) {
  auto s = settings_for(FakeApi{});  // the fake is gone: nothing listens on its port
  s.max_attempts = 2;
  s.connect_timeout = 200ms;
  s.request_timeout = 500ms;
  s.call_deadline = 2s;
  Client c(s);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(c.api.search({}, 0, 149), SourceError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(ApiClientFake, OfferByIdAndReferenceLists) {
  FakeApi fake;
  fake.put({"180HSFM", *parse_api_time("2026-11-20T10:00:00Z"), "2A", offer_json("180HSFM")});
  Client c(settings_for(fake));
  const auto found = c.api.offer("180HSFM");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->raw_json, offer_json("180HSFM"));
  EXPECT_FALSE(c.api.offer("GONE123"));
  const auto deps = c.api.referentiel("departements");
  ASSERT_EQ(deps.size(), 3u);
  EXPECT_EQ(deps[1].code, "2A");
  EXPECT_EQ(deps[1].libelle, "Corse-du-Sud");
}

}  // namespace
}  // namespace jobstream::source
