// How the Cassandra offer store reports a failed write, against the Cassandra of the local stack: a
// record the server refuses for what it is (too big for a CQL frame) is rejected, so the consumer
// dead-letters it, instead of being reported retryable and retried forever.
#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <memory>
#include <random>

#include "store/cassandra_offer_store.hpp"
#include "store/schema_migrator.hpp"

using namespace jobstream;
using namespace std::chrono_literals;

namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

class OfferStoreErrors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cql::SessionConfig cfg;
    cfg.contact_points = {env_or("CASSANDRA_CONTACT_POINTS", "127.0.0.1")};
    cfg.port = static_cast<std::uint16_t>(std::stoi(env_or("CASSANDRA_PORT", "9042")));
    cfg.consistency = cql::Consistency::one;
    cfg.request_timeout = 30s;
    session_ = cql::Session::connect(cfg);
    keyspace_.name = "store_errors_" + std::to_string(std::random_device{}() % 100000000);
    store::migrate(*session_, keyspace_);
  }
  static void TearDownTestSuite() {
    try {
      session_->query("DROP KEYSPACE IF EXISTS " + keyspace_.name);
    } catch (const std::exception&) {
    }
    session_.reset();
  }

  static store::StoreResult write(store::OfferStore& s, const offer::OfferRecord& record) {
    std::promise<store::StoreResult> result;
    s.write(record, [&](store::StoreResult r) { result.set_value(std::move(r)); });
    auto f = result.get_future();
    if (f.wait_for(120s) != std::future_status::ready) ADD_FAILURE() << "the write never completed";
    return f.get();
  }

  static offer::OfferUpsert offer_with_description(const std::string& id, std::size_t size) {
    offer::OfferUpsert u;
    u.id = id;
    u.source = "test";
    u.harvested_at = offer::SysTime(std::chrono::milliseconds(1'700'000'000'000));
    u.offer_json =
        R"({"id":")" + id + R"(","intitule":"Grande offre","description":")" + std::string(size, 'x') + "\"}";
    return u;
  }

  static inline std::unique_ptr<cql::Session> session_;
  static inline store::KeyspaceSettings keyspace_;
};

}  // namespace

TEST_F(OfferStoreErrors, AnOfferTooBigForACqlFrameIsRejectedNotRetried) {
  store::CassandraOfferStore s(*session_, keyspace_.name);
  // The description is stored twice (raw and its column): 9 MB makes an 18 MB frame, over the
  // server's 16 MB limit.
  const auto r = write(s, offer_with_description("BIG1", 9'000'000));
  EXPECT_EQ(r.status, store::StoreResult::Status::rejected) << r.error;
  EXPECT_NE(r.error.find("Invalid"), std::string::npos) << r.error;
  // The session is still usable: the next ordinary offer is stored.
  const auto ok = write(s, offer_with_description("SMALL1", 100));
  EXPECT_EQ(ok.status, store::StoreResult::Status::stored) << ok.error;
}
