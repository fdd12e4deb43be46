#include "store/schema.hpp"

#include <gtest/gtest.h>

using namespace jobstream::store;

TEST(Schema, KeyspaceStatementFollowsTheSettings) {
  KeyspaceSettings s;
  EXPECT_EQ(create_keyspace_cql(s),
            "CREATE KEYSPACE IF NOT EXISTS jobstream WITH replication = {'class': 'SimpleStrategy', "
            "'replication_factor': 1}");
  s.name = "jobs_prod";
  s.replication_class = "NetworkTopologyStrategy";
  s.replication_factor = 3;
  s.datacenter = "dc-paris";
  EXPECT_EQ(create_keyspace_cql(s),
            "CREATE KEYSPACE IF NOT EXISTS jobs_prod WITH replication = {'class': 'NetworkTopologyStrategy', "
            "'dc-paris': 3}");
}

TEST(Schema, RefusesNamesThatCouldInjectCql) {
  KeyspaceSettings s;
  for (const char* bad : {"", "1abc", "a-b", "ks; DROP TABLE x", "ks.offers", "é", "a b"}) {
    s.name = bad;
    EXPECT_THROW(s.validate(), std::invalid_argument) << bad;
  }
  s.name = "ok";
  s.datacenter = "dc1' : 1}; DROP";
  s.replication_class = "NetworkTopologyStrategy";
  EXPECT_THROW(s.validate(), std::invalid_argument);
  s.datacenter = "dc1";
  s.replication_factor = 0;
  EXPECT_THROW(s.validate(), std::invalid_argument);
  s.replication_factor = 1;
  s.replication_class = "LocalStrategy";
  EXPECT_THROW(s.validate(), std::invalid_argument);
}

TEST(Schema, MigrationsAreOrderedIdempotentAndQualified) {
  const auto all = migrations("ks1");
  ASSERT_FALSE(all.empty());
  int previous = 0;
  for (const auto& m : all) {
    EXPECT_EQ(m.version, previous + 1) << "versions must be consecutive";
    previous = m.version;
    ASSERT_FALSE(m.statements.empty());
    for (const auto& cql : m.statements) {
      EXPECT_NE(cql.find(" ks1."), std::string::npos) << cql;
      EXPECT_TRUE(cql.find("IF NOT EXISTS") != std::string::npos ||
                  cql.find("IF EXISTS") != std::string::npos)
          << "every statement can run again: " << cql;
    }
  }
  EXPECT_NE(all[0].statements[0].find("raw text"), std::string::npos);
  EXPECT_NE(all[0].statements[0].find("id text PRIMARY KEY"), std::string::npos);
}

TEST(Schema, CompetencesAreAFrozenListSoThatARewriteCannotAppendThemAgain) {
  bool frozen = false;
  bool dropped = false;
  for (const auto& m : migrations("ks1")) {
    for (const auto& cql : m.statements) {
      frozen = frozen || cql.find("competences_libelles frozen<list<text>>") != std::string::npos;
      dropped = dropped || cql.find("DROP IF EXISTS competences") != std::string::npos;
    }
  }
  EXPECT_TRUE(frozen);
  EXPECT_TRUE(dropped);
}
