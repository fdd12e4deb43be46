// Which failed writes the consumer retries and which it dead-letters: the CQL error table decides.
#include <gtest/gtest.h>

#include "store/cassandra_offer_store.hpp"

using namespace jobstream;

TEST(StoreResultOf, PermanentCqlErrorsAreRejectedTransientOnesRetried) {
  using store::StoreResult;
  EXPECT_EQ(store::result_of(cql::CqlError(cql::ErrorCode::invalid, "Request is too big")).status,
            StoreResult::Status::rejected);
  EXPECT_EQ(store::result_of(cql::CqlError(cql::ErrorCode::unauthorized, "no")).status,
            StoreResult::Status::rejected);
  EXPECT_EQ(store::result_of(cql::CqlError(cql::ErrorCode::syntax_error, "no")).status,
            StoreResult::Status::rejected);
  EXPECT_EQ(store::result_of(cql::CqlError(cql::ErrorCode::write_timeout, "slow")).status,
            StoreResult::Status::retryable);
  EXPECT_EQ(store::result_of(cql::CqlError(cql::ErrorCode::overloaded, "busy")).status,
            StoreResult::Status::retryable);
  EXPECT_EQ(store::result_of(cql::CqlError(cql::ErrorCode::unavailable, "down")).status,
            StoreResult::Status::retryable);
  EXPECT_EQ(store::result_of(cql::CqlError(cql::ErrorCode::client_timeout, "late")).status,
            StoreResult::Status::retryable);
  EXPECT_EQ(store::result_of(std::runtime_error("socket closed")).status, StoreResult::Status::retryable);
}
