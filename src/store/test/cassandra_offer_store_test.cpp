// The offer writer against the stack's real Cassandra: write times that a future date cannot pin,
// a withdrawal that lands after the version it withdraws, values out of range stored as null.
#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <memory>
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
    session_ = cql::Session::connect(cfg);
    keyspace_.name = "store_it_" + std::to_string(std::random_device{}() % 100000000);
    migrate(*session_, keyspace_);
  }
  static void TearDownTestSuite() {
    try {
      session_->query("DROP KEYSPACE IF EXISTS " + keyspace_.name);
    } catch (const std::exception&) {
    }
    session_.reset();
  }

  static void write(CassandraOfferStore& store, const offer::OfferRecord& record) {
    std::promise<StoreResult> done;
    store.write(record, [&](StoreResult r) { done.set_value(std::move(r)); });
    const auto result = done.get_future().get();
    ASSERT_EQ(result.status, StoreResult::Status::stored) << result.error;
  }

  static std::vector<cql::Value> row(const std::string& id, const std::string& columns) {
    const auto res =
        session_->query("SELECT " + columns + " FROM " + keyspace_.name + ".offers WHERE id = ?", {id});
    if (res.rows.size() != 1) throw std::runtime_error("expected one row for " + id);
    return res.rows[0];
  }

  static inline std::unique_ptr<cql::Session> session_;
  static inline KeyspaceSettings keyspace_;
};

}  // namespace

// Before: dateActualisation 9999-12-31 became the write time, so the next version and the
// withdrawal were silently dropped by Cassandra.
TEST_F(CassandraOfferStoreTest, AFutureDateDoesNotPinTheRowAndTheWithdrawalLandsLast) {
  CassandraOfferStore store(*session_, keyspace_.name);
  write(store,
        offer::OfferUpsert{"PIN1", "test", at("2026-11-24T16:00:00Z"),
                           R"({"id":"PIN1","intitule":"v1","dateActualisation":"9999-12-31T00:00:00Z"})"});
  write(store,
        offer::OfferUpsert{"PIN1", "test", at("2026-11-25T16:00:00Z"),
                           R"({"id":"PIN1","intitule":"v2","dateActualisation":"2026-11-25T09:00:00Z"})"});
  EXPECT_EQ(row("PIN1", "intitule")[0].as<std::string>(), "v2");

  // A sweep that began before v3 was read finds the offer gone; its withdrawal is published after v3.
  write(store, offer::OfferUpsert{
                   "PIN1", "test", at("2026-11-26T10:00:00.250Z"),
                   R"({"id":"PIN1","intitule":"v3","dateActualisation":"2026-11-26T10:00:00.250Z"})"});
  write(store,
        offer::OfferWithdrawal{"PIN1", "test", at("2026-11-26T10:00:00.250Z"), at("2026-11-26T08:00:00Z")});
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

  write(store, offer::OfferUpsert{
                   "OK1", "test", at("2026-11-24T16:00:00Z"),
                   R"({"id":"OK1","nombrePostes":3,"lieuTravail":{"latitude":48.85,"longitude":2.35}})"});
  const auto ok = row("OK1", "nombre_postes, latitude");
  EXPECT_EQ(ok[0].as<std::int32_t>(), 3);
  EXPECT_DOUBLE_EQ(ok[1].as<double>(), 48.85);
  EXPECT_EQ(store.out_of_range_values(), 2u);
}

// An offer's creation version leaves its absent fields unset: a null would be a cell tombstone
// that every read of the row meets. Seen without sstabledump: a write older than the version, in
// the columns it lacks, is not shadowed (a null would have shadowed it).
TEST_F(CassandraOfferStoreTest, TheCreationVersionWritesNoNullForAnAbsentField) {
  CassandraOfferStore store(*session_, keyspace_.name);
  write(store, offer::OfferUpsert{"NEW1", "test", at("2026-11-24T16:00:00Z"),
                                  R"({"id":"NEW1","intitule":"v1","dateCreation":"2026-11-24T09:00:00Z",)"
                                  R"("dateActualisation":"2026-11-24T09:00:00Z"})"});
  const auto version_us = row("NEW1", "WRITETIME(intitule)")[0].as<std::int64_t>();
  session_->query("UPDATE " + keyspace_.name +
                      ".offers USING TIMESTAMP ? SET entreprise_nom = 'older', withdrawn_at = 0 WHERE id = ?",
                  {cql::Value(version_us - 1), cql::Value(std::string("NEW1"))});
  const auto r = row("NEW1", "intitule, entreprise_nom, withdrawn_at");
  EXPECT_EQ(r[0].as<std::string>(), "v1");
  EXPECT_FALSE(r[1].is_null()) << "the creation version wrote a null (a tombstone) for entreprise_nom";
  EXPECT_FALSE(r[2].is_null()) << "the creation version wrote a null (a tombstone) for withdrawn_at";

  // An updated version still writes its nulls: the same probe is shadowed.
  write(store, offer::OfferUpsert{"UPD1", "test", at("2026-11-24T16:00:00Z"),
                                  R"({"id":"UPD1","intitule":"v2","dateCreation":"2026-11-24T09:00:00Z",)"
                                  R"("dateActualisation":"2026-11-24T10:00:00Z"})"});
  const auto update_us = row("UPD1", "WRITETIME(intitule)")[0].as<std::int64_t>();
  session_->query(
      "UPDATE " + keyspace_.name + ".offers USING TIMESTAMP ? SET entreprise_nom = 'older' WHERE id = ?",
      {cql::Value(update_us - 1), cql::Value(std::string("UPD1"))});
  EXPECT_TRUE(row("UPD1", "entreprise_nom")[0].is_null());
}

// A field the creation version had and a later version lacks is cleared, whichever of the two
// writes arrives first; and the newer version's fields win.
TEST_F(CassandraOfferStoreTest, AnUpdateThatDropsAFieldClearsItInEitherOrder) {
  const std::string v1 =
      R"({"id":"DROP1","intitule":"v1","dateCreation":"2026-11-24T09:00:00Z","dateActualisation":"2026-11-24T09:00:00Z",)"
      R"("entreprise":{"nom":"ACME"},"salaire":{"libelle":"Annuel de 40000 Euros"},"nombrePostes":2})";
  const std::string v2 =
      R"({"id":"DROP1","intitule":"v2","dateCreation":"2026-11-24T09:00:00Z","dateActualisation":"2026-11-25T09:00:00Z"})";
  for (const bool creation_first : {true, false}) {
    CassandraOfferStore store(*session_, keyspace_.name);
    const std::string id = creation_first ? "DROP1" : "DROP2";
    auto with_id = [&](std::string json) { return json.replace(json.find("DROP1"), 5, id); };
    const offer::OfferUpsert first{id, "test", at("2026-11-26T16:00:00Z"), with_id(v1)};
    const offer::OfferUpsert second{id, "test", at("2026-11-26T16:00:00Z"), with_id(v2)};
    write(store, creation_first ? first : second);
    write(store, creation_first ? second : first);
    const auto r = row(id, "intitule, entreprise_nom, salaire_libelle, nombre_postes");
    EXPECT_EQ(r[0].as<std::string>(), "v2") << id;
    EXPECT_TRUE(r[1].is_null()) << id << ": the employer the update dropped is still there";
    EXPECT_TRUE(r[2].is_null()) << id << ": the salary the update dropped is still there";
    EXPECT_TRUE(r[3].is_null()) << id << ": the posts the update dropped are still there";
  }
}

// The `facts` column goes with the version it was made from: the newer version's facts win
// whichever write arrives first, and a newer version without facts leaves none of the older ones
// (a reader then makes them from `raw`, which is the newer version too).
TEST_F(CassandraOfferStoreTest, FactsFollowTheNewestVersionInEitherOrder) {
  const auto facts_of = [](std::string_view json) -> std::optional<std::string> {
    if (json.find("\"v3\"") != std::string_view::npos) return std::nullopt;  // no facts for this one
    return std::string(json.find("\"v2\"") != std::string_view::npos ? "facts v2" : "facts v1");
  };
  const auto version = [](const std::string& id, const char* title, const char* updated) {
    return offer::OfferUpsert{id, "test", at("2026-11-26T16:00:00Z"),
                              R"({"id":")" + id + R"(","intitule":")" + title +
                                  R"(","dateCreation":"2026-11-24T09:00:00Z","dateActualisation":")" +
                                  updated + R"("})"};
  };
  const auto facts_in = [&](const std::string& id) -> std::optional<std::string> {
    const auto value = row(id, "facts")[0];
    if (value.is_null()) return std::nullopt;
    const auto& bytes = std::get<cql::Blob>(value.v).bytes;
    return std::string(bytes.begin(), bytes.end());
  };
  CassandraOfferStore store(*session_, keyspace_.name, facts_of);
  for (const bool creation_first : {true, false}) {
    const std::string id = creation_first ? "FACTS1" : "FACTS2";
    const auto first = version(id, "v1", "2026-11-24T09:00:00Z"),
               second = version(id, "v2", "2026-11-25T09:00:00Z");
    write(store, creation_first ? first : second);
    write(store, creation_first ? second : first);
    EXPECT_EQ(facts_in(id), "facts v2") << id;
    write(store, version(id, "v3", "2026-11-26T09:00:00Z"));
    EXPECT_EQ(facts_in(id), std::nullopt) << id << ": facts of an older version outlived it";
  }
}
