#include "store/cassandra_offer_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "offer/offer_fields.hpp"
#include "store/absent_fields.hpp"
#include "store/write_time.hpp"
#include "store/store_metrics.hpp"

namespace jobstream::store {
namespace {

using cql::Value;

template <typename T>
Value optional_value(const std::optional<T>& v) {
  if (!v) return cql::Null{};
  return Value(*v);
}

Value optional_time(const std::optional<offer::SysTime>& t) {
  if (!t) return cql::Null{};
  return cql::Timestamp{t->time_since_epoch().count()};
}

}  // namespace

StoreResult result_of(const std::exception& e) {
  // The CQL error table decides: timeouts, unavailable, overloaded and lost connections may pass on
  // a later attempt; invalid (a request over the frame limit included), syntax and unauthorized
  // fail the same way every time, so the record goes to the dead-letter topic instead of stalling
  // its partition. Anything that is not a CQL error is a client-side failure and is retried.
  const auto* cql_error = dynamic_cast<const cql::CqlError*>(&e);
  const bool permanent = cql_error && !cql::is_retryable(cql_error->code());
  return StoreResult{permanent ? StoreResult::Status::rejected : StoreResult::Status::retryable, e.what()};
}

CassandraOfferStore::CassandraOfferStore(cql::Session& session, const std::string& keyspace) : _session(session) {
  _upsert = session.prepare(fmt::format(
      "INSERT INTO {}.offers (id, intitule, description, date_creation, date_actualisation, lieu_libelle, commune, "
      "code_postal, departement, latitude, longitude, rome_code, rome_libelle, appellation_libelle, entreprise_nom, "
      "type_contrat, nature_contrat, experience_exige, qualification_code, secteur_activite, code_naf, "
      "salaire_libelle, duree_travail_libelle, alternance, nombre_postes, competences_libelles, source, harvested_at, "
      "withdrawn_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?) USING TIMESTAMP ?",
      keyspace));
  _withdraw = session.prepare(fmt::format(
      "UPDATE {}.offers USING TIMESTAMP ? SET withdrawn_at = ?, harvested_at = ?, source = ? WHERE id = ?", keyspace));
  for (std::size_t lane = 0; lane < lanes; ++lane) {
    _reapers.emplace_back([this, lane](std::stop_token stop) { reap(stop, lane); });
  }
}

CassandraOfferStore::~CassandraOfferStore() {
  for (auto& r : _reapers) r.request_stop();
  _ready.notify_all();
  _reapers.clear();  // joins; every queued request is finished first
}

void CassandraOfferStore::write(const OfferRecord& record, std::function<void(StoreResult)> done) {
  cql::BoundStatement st;
  if (const auto* u = std::get_if<offer::OfferUpsert>(&record)) {
    auto parsed = offer::parse_offer_fields(u->offer_json);
    if (const auto* e = std::get_if<offer::RecordError>(&parsed)) {
      store_metrics().write_rejected();
      done(StoreResult{StoreResult::Status::rejected, e->reason});
      return;
    }
    const auto& f = std::get<offer::OfferFields>(parsed);
    if (f.id != u->id) {
      store_metrics().write_rejected();
      done(StoreResult{StoreResult::Status::rejected, "the offer's id differs from the record id"});
      return;
    }
    // The offer's own version time orders writes, bounded by the harvest time (see write_time.hpp).
    const auto version = upsert_write_time(*u, f.date_actualisation, f.date_creation);
    if (!f.out_of_range.empty()) {
      _out_of_range.fetch_add(f.out_of_range.size());
      spdlog::warn("store: offer {}: {} out of range, stored as null (raw keeps the value as served)", f.id,
                   fmt::join(f.out_of_range, ", "));
    }
    cql::List skills;
    for (const auto& s : f.competences) skills.emplace_back(s);
    st = cql::BoundStatement(
        _upsert,
        {Value(f.id), optional_value(f.intitule), optional_value(f.description), optional_time(f.date_creation),
         optional_time(f.date_actualisation), optional_value(f.lieu_libelle), optional_value(f.commune),
         optional_value(f.code_postal), optional_value(f.departement), optional_value(f.latitude),
         optional_value(f.longitude), optional_value(f.rome_code), optional_value(f.rome_libelle),
         optional_value(f.appellation_libelle), optional_value(f.entreprise_nom), optional_value(f.type_contrat),
         optional_value(f.nature_contrat), optional_value(f.experience_exige), optional_value(f.qualification_code),
         optional_value(f.secteur_activite), optional_value(f.code_naf), optional_value(f.salaire_libelle),
         optional_value(f.duree_travail_libelle), optional_value(f.alternance),
         f.nombre_postes ? Value(static_cast<std::int32_t>(*f.nombre_postes)) : Value(cql::Null{}),
         Value::list(std::move(skills)), Value(u->source), cql::Timestamp{u->harvested_at.time_since_epoch().count()},
         cql::Null{}, Value(u->offer_json), Value(version)});
    // The creation version has no older cells to clear: its absent fields are not written at all.
    if (is_creation_version(version, f.date_creation)) leave_nulls_unset(st.values);
  } else {
    const auto& w = std::get<offer::OfferWithdrawal>(record);
    // An offer cannot have been found missing after the withdrawal was published.
    const auto withdrawn_at = std::min(w.withdrawn_at, w.harvested_at);
    st = cql::BoundStatement(
        _withdraw, {Value(withdrawal_write_time(w)), cql::Timestamp{withdrawn_at.time_since_epoch().count()},
                    cql::Timestamp{w.harvested_at.time_since_epoch().count()}, Value(w.source), Value(w.id)});
  }
  st.idempotent = true;  // upserts with an explicit write time
  try {
    const auto sent = std::chrono::steady_clock::now();
    auto pending = _session.execute_async(std::move(st));
    store_metrics().write_started();
    {
      std::lock_guard lock(_mutex);
      _queues[_next_lane].push_back(InFlight{std::move(pending), std::move(done), sent});
      _next_lane = (_next_lane + 1) % lanes;
    }
    _ready.notify_all();
  } catch (const std::exception& e) {
    // Could not even send: no connection (retried with backoff) or a request the client refuses.
    store_metrics().write_unsent();
    done(result_of(e));
  }
}

void CassandraOfferStore::reap(std::stop_token stop, std::size_t lane) {
  for (;;) {
    std::optional<InFlight> next;
    {
      std::unique_lock lock(_mutex);
      _ready.wait(lock, [&] { return !_queues[lane].empty() || stop.stop_requested(); });
      if (_queues[lane].empty()) return;  // stopping, nothing left
      next.emplace(std::move(_queues[lane].front()));
      _queues[lane].pop_front();
    }
    try {
      next->result.get();
      store_metrics().write_finished(true, std::chrono::steady_clock::now() - next->sent);
      next->done(StoreResult{});
    } catch (const std::exception& e) {
      store_metrics().write_finished(false, std::chrono::steady_clock::now() - next->sent);
      next->done(result_of(e));
    }
  }
}

}  // namespace jobstream::store
