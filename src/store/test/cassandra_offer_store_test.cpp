// The offer writer against the stack's real Cassandra: write times that a future date cannot pin,
// a withdrawal that lands after the version it withdraws, values out of range stored as null.
#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <random>

#include "cql/session.hpp"
#include "store/cassandra_offer_store.hpp"
#include "store/schema_migrator.hpp"

using namespace jobstream;
using namespace jobstream::store;

namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

offer::SysTime at(std::string_view text) {
  offer::SysTime t{};
  EXPECT_TRUE(offer::parse_time(text, t)) << text;
  return t;
}

class CassandraOfferStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cql::SessionConfig cfg;
    cfg.contact_points = {env_or("CASSANDRA_CONTACT_POINTS", "127.0.0.1")};
    cfg.port = static_cast<std::uint16_t>(std::stoi(env_or("CASSANDRA_PORT", "9042")));
    cfg.consistency = cql::Consistency::one;
    cfg.request_timeout = std::chrono::seconds(60);
    session_ = cql::Session::connect(cfg).release();
    keyspace_.name = "store_it_" + std::to_string(std::random_device{}() % 100000000);
    migrate(*session_, keyspace_);
  }
  static void TearDownTestSuite() {
    try {
      session_->query("DROP KEYSPACE IF EXISTS " + keyspace_.name);
    } catch (const std::exception&) {
    }
    delete session_;
  }

  static void write(CassandraOfferStore& store, const offer::OfferRecord& record) {
    std::promise<StoreResult> done;
    store.write(record, [&](StoreResult r) { done.set_value(std::move(r)); });
    const auto result = done.get_future().get();
    ASSERT_EQ(result.status, StoreResult::Status::stored) << result.error;
  }

  static std::vector<cql::Value> row(const std::string& id, const std::string& columns) {
    const auto res = session_->query("SELECT " + columns + " FROM " + keyspace_.name + ".offers WHERE id = ?", {id});
    if (res.rows.size() != 1) throw std::runtime_error("expected one row for " + id);
    return res.rows[0];
  }

  static inline cql::Session* session_ = nullptr;
  static inline KeyspaceSettings keyspace_;
};

}  // namespace

// Before: dateActualisation 9999-12-31 became the write time, so the next version and the
// withdrawal were silently dropped by Cassandra.
TEST_F(CassandraOfferStoreTest, AFutureDateDoesNotPinTheRowAndTheWithdrawalLandsLast) {
  CassandraOfferStore store(*session_, keyspace_.name);
  write(store, offer::OfferUpsert{"PIN1", "test", at("2026-11-24T16:00:00Z"),
                                  R"({"id":"PIN1","intitule":"v1","dateActualisation":"9999-12-31T00:00:00Z"})"});
  write(store, offer::OfferUpsert{"PIN1", "test", at("2026-11-25T16:00:00Z"),
                                  R"({"id":"PIN1","intitule":"v2","dateActualisation":"2026-11-25T09:00:00Z"})"});
  EXPECT_EQ(row("PIN1", "intitule")[0].as<std::string>(), "v2");

  // A sweep that began before v3 was read finds the offer gone; its withdrawal is published after v3.
  write(store, offer::OfferUpsert{"PIN1", "test", at("2026-11-26T10:00:00.250Z"),
                                  R"({"id":"PIN1","intitule":"v3","dateActualisation":"2026-11-26T10:00:00.250Z"})"});
  write(store, offer::OfferWithdrawal{"PIN1", "test", at("2026-11-26T10:00:00.250Z"), at("2026-11-26T08:00:00Z")});
  const auto r = row("PIN1", "intitule, withdrawn_at");
  EXPECT_EQ(r[0].as<std::string>(), "v3");
  EXPECT_FALSE(r[1].is_null()) << "the withdrawal was lost";
}

// Before: nombrePostes 99,999,999,999 was stored as 1,215,752,191 and a latitude of 123.4 as served.
TEST_F(CassandraOfferStoreTest, ValuesOutOfRangeAreStoredAsNullAndCounted) {
  CassandraOfferStore store(*session_, keyspace_.name);
  const std::string raw =
      R"({"id":"BIG1","nombrePostes":99999999999,"lieuTravail":{"latitude":123.4,"longitude":2.35}})";
  write(store, offer::OfferUpsert{"BIG1", "test", at("2026-11-24T16:00:00Z"), raw});
  const auto r = row("BIG1", "nombre_postes, latitude, longitude, raw");
  EXPECT_TRUE(r[0].is_null());
  EXPECT_TRUE(r[1].is_null());
  EXPECT_TRUE(r[2].is_null());
  EXPECT_EQ(r[3].as<std::string>(), raw);  // kept as served
  EXPECT_EQ(store.out_of_range_values(), 2u);

  write(store, offer::OfferUpsert{"OK1", "test", at("2026-11-24T16:00:00Z"),
                                  R"({"id":"OK1","nombrePostes":3,"lieuTravail":{"latitude":48.85,"longitude":2.35}})"});
  const auto ok = row("OK1", "nombre_postes, latitude");
  EXPECT_EQ(ok[0].as<std::int32_t>(), 3);
  EXPECT_DOUBLE_EQ(ok[1].as<double>(), 48.85);
  EXPECT_EQ(store.out_of_range_values(), 2u);
}
