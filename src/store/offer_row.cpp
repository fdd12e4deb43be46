#include "store/offer_row.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "offer/offer_fields.hpp"
#include "store/absent_fields.hpp"
#include "store/write_time.hpp"

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

Value timestamp(offer::SysTime t) { return cql::Timestamp{t.time_since_epoch().count()}; }

OfferRow upsert_row(const offer::OfferUpsert& u, offer::OfferFields& f, const FactsEncoder& encode_facts) {
  OfferRow row;
  row.kind = OfferRow::Kind::upsert;
  row.out_of_range = std::move(f.out_of_range);
  cql::List skills;
  for (auto& s : f.competences) skills.emplace_back(std::move(s));
  // The offer's own version time orders writes, bounded by the harvest time (see write_time.hpp).
  const auto version = upsert_write_time(u, f.date_actualisation, f.date_creation);
  // Made from the same JSON as `raw` and written in the same statement: never a version apart.
  std::optional<std::string> facts;
  if (encode_facts) facts = encode_facts(u.offer_json);
  row.values = {Value(f.id),
                optional_value(f.intitule),
                optional_value(f.description),
                optional_time(f.date_creation),
                optional_time(f.date_actualisation),
                optional_value(f.lieu_libelle),
                optional_value(f.commune),
                optional_value(f.code_postal),
                optional_value(f.departement),
                optional_value(f.latitude),
                optional_value(f.longitude),
                optional_value(f.rome_code),
                optional_value(f.rome_libelle),
                optional_value(f.appellation_libelle),
                optional_value(f.entreprise_nom),
                optional_value(f.type_contrat),
                optional_value(f.nature_contrat),
                optional_value(f.experience_exige),
                optional_value(f.qualification_code),
                optional_value(f.secteur_activite),
                optional_value(f.code_naf),
                optional_value(f.salaire_libelle),
                optional_value(f.duree_travail_libelle),
                optional_value(f.alternance),
                f.nombre_postes ? Value(static_cast<std::int32_t>(*f.nombre_postes)) : Value(cql::Null{}),
                Value::list(std::move(skills)),
                Value(u.source),
                timestamp(u.harvested_at),
                cql::Null{},  // withdrawn_at: a new version brings the offer back
                Value(u.offer_json),
                facts ? Value(cql::Blob{{facts->begin(), facts->end()}}) : Value(cql::Null{}),
                Value(version)};
  // The creation version has no older cells to clear: its absent fields are not written at all.
  if (is_creation_version(version, f.date_creation)) leave_nulls_unset(row.values);
  return row;
}

}  // namespace

std::string upsert_cql(std::string_view keyspace) {
  std::string markers;
  for (std::size_t i = 0; i < offer_columns.size(); ++i) markers += i ? ", ?" : "?";
  return fmt::format("INSERT INTO {}.offers ({}) VALUES ({}) USING TIMESTAMP ?", keyspace,
                     fmt::join(offer_columns, ", "), markers);
}

std::string withdrawal_cql(std::string_view keyspace) {
  return fmt::format(
      "UPDATE {}.offers USING TIMESTAMP ? SET withdrawn_at = ?, harvested_at = ?, source = ? WHERE id = ?",
      keyspace);
}

std::variant<OfferRow, RowRejection> offer_row(const offer::OfferRecord& record, const FactsEncoder& facts) {
  if (const auto* u = std::get_if<offer::OfferUpsert>(&record)) {
    auto parsed = offer::parse_offer_fields(u->offer_json);
    if (auto* e = std::get_if<offer::RecordError>(&parsed)) return RowRejection{std::move(e->reason)};
    auto& f = std::get<offer::OfferFields>(parsed);
    if (f.id != u->id) return RowRejection{"the offer's id differs from the record id"};
    return upsert_row(*u, f, facts);
  }
  const auto& w = std::get<offer::OfferWithdrawal>(record);
  // An offer cannot have been found missing after the withdrawal was published.
  const auto withdrawn_at = std::min(w.withdrawn_at, w.harvested_at);
  OfferRow row;
  row.kind = OfferRow::Kind::withdrawal;
  row.values = {Value(withdrawal_write_time(w)), timestamp(withdrawn_at), timestamp(w.harvested_at),
                Value(w.source), Value(w.id)};
  return row;
}

}  // namespace jobstream::store
