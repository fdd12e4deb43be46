#include "store/cassandra_offer_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "store/offer_row.hpp"
#include "store/store_metrics.hpp"

namespace jobstream::store {

StoreResult result_of(const std::exception& e) {
  // The CQL error table decides: timeouts, unavailable, overloaded and lost connections may pass on
  // a later attempt; invalid (a request over the frame limit included), syntax and unauthorized
  // fail the same way every time, so the record goes to the dead-letter topic instead of stalling
  // its partition. Anything that is not a CQL error is a client-side failure and is retried.
  const auto* cql_error = dynamic_cast<const cql::CqlError*>(&e);
  const bool permanent = cql_error && !cql::is_retryable(cql_error->code());
  return StoreResult{permanent ? StoreResult::Status::rejected : StoreResult::Status::retryable, e.what()};
}

CassandraOfferStore::CassandraOfferStore(cql::Session& session, const std::string& keyspace,
                                         FactsEncoder facts)
    : _session(session), _facts(std::move(facts)) {
  _upsert = session.prepare(upsert_cql(keyspace));
  _withdraw = session.prepare(withdrawal_cql(keyspace));
}

CassandraOfferStore::~CassandraOfferStore() {
  // Every write started is finished first (its completion runs, then the store may go).
  std::unique_lock lock(_mutex);
  _drained.wait(lock, [&] { return _in_flight == 0; });
}

void CassandraOfferStore::write(const OfferRecord& record, std::function<void(StoreResult)> done) {
  auto mapped = offer_row(record, _facts);
  if (auto* rejection = std::get_if<RowRejection>(&mapped)) {
    store_metrics().write_rejected();
    done(StoreResult{StoreResult::Status::rejected, std::move(rejection->reason)});
    return;
  }
  auto& row = std::get<OfferRow>(mapped);
  if (!row.out_of_range.empty()) {
    _out_of_range.fetch_add(row.out_of_range.size());
    spdlog::warn("store: offer {}: {} out of range, stored as null (raw keeps the value as served)",
                 std::get<offer::OfferUpsert>(record).id, fmt::join(row.out_of_range, ", "));
  }
  cql::BoundStatement st(row.kind == OfferRow::Kind::upsert ? _upsert : _withdraw, std::move(row.values));
  st.idempotent = true;  // upserts with an explicit write time
  const auto sent = std::chrono::steady_clock::now();
  store_metrics().write_started();
  {
    std::lock_guard lock(_mutex);
    ++_in_flight;
  }
  // `done` is shared by the completion and the failure below: exactly one of them runs it.
  auto shared_done = std::make_shared<std::function<void(StoreResult)>>(std::move(done));
  try {
    _session.execute_async(std::move(st), _session.default_deadline(),
                           [this, shared_done, sent](const cql::Result&, std::exception_ptr error) {
                             finished(*shared_done, sent, error);
                           });
  } catch (const std::exception& e) {
    // Could not even send: no connection (retried with backoff) or a request the client refuses.
    store_metrics().write_unsent();
    (*shared_done)(result_of(e));
    std::lock_guard lock(_mutex);
    if (--_in_flight == 0) _drained.notify_all();
  }
}

void CassandraOfferStore::finished(const std::function<void(StoreResult)>& done,
                                   std::chrono::steady_clock::time_point sent, std::exception_ptr error) {
  const auto took = std::chrono::steady_clock::now() - sent;
  if (!error) {
    store_metrics().write_finished(true, took);
    done(StoreResult{});
  } else {
    store_metrics().write_finished(false, took);
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      done(result_of(e));
    }
  }
  std::lock_guard lock(_mutex);
  if (--_in_flight == 0) _drained.notify_all();
}

}  // namespace jobstream::store
