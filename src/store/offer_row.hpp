#pragma once
// An offer record as the row written to the `offers` table: the statements' text and the values
// bound to them. Pure (no session, no I/O), so the mapping of every column is unit-tested.

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cql/value.hpp"
#include "offer/offer_record.hpp"

namespace jobstream::store {

/// The columns an upsert writes, in the order of its bind markers (the write time comes after them).
inline constexpr std::array<std::string_view, 31> offer_columns{"id",
                                                                "intitule",
                                                                "description",
                                                                "date_creation",
                                                                "date_actualisation",
                                                                "lieu_libelle",
                                                                "commune",
                                                                "code_postal",
                                                                "departement",
                                                                "latitude",
                                                                "longitude",
                                                                "rome_code",
                                                                "rome_libelle",
                                                                "appellation_libelle",
                                                                "entreprise_nom",
                                                                "type_contrat",
                                                                "nature_contrat",
                                                                "experience_exige",
                                                                "qualification_code",
                                                                "secteur_activite",
                                                                "code_naf",
                                                                "salaire_libelle",
                                                                "duree_travail_libelle",
                                                                "alternance",
                                                                "nombre_postes",
                                                                "competences_libelles",
                                                                "source",
                                                                "harvested_at",
                                                                "withdrawn_at",
                                                                "raw",
                                                                "facts"};

/// The figures' compact form of an offer (analytics::encoded_facts_of_json), written to the
/// `facts` column so that a full read for the figures need not fetch and parse every offer's JSON.
/// Handed in by whoever builds the store: the store neither makes nor reads these bytes. Nullopt
/// (or no encoder) stores null, which readers take as "make the facts from `raw`".
using FactsEncoder = std::function<std::optional<std::string>(std::string_view offer_json)>;

/// INSERT of every offer column, USING TIMESTAMP the last bind marker.
std::string upsert_cql(std::string_view keyspace);
/// UPDATE of a withdrawal: write time, withdrawn_at, harvested_at, source, then the id.
std::string withdrawal_cql(std::string_view keyspace);

/// The values of one record's statement.
struct OfferRow {
  enum class Kind { upsert, withdrawal };
  Kind kind = Kind::upsert;
  /// upsert: offer_columns then the write time; withdrawal: as in withdrawal_cql.
  std::vector<cql::Value> values;
  /// Fields served out of their sane range and bound as null (upserts only).
  std::vector<std::string_view> out_of_range;
};

/// Why a record cannot become a row (the offer fails validation): it is rejected, never retried.
struct RowRejection {
  std::string reason;
};

/// Maps a record to its row. An upsert's write time is the offer's own version, bounded by the
/// harvest time (store/write_time.hpp); a withdrawal's withdrawn_at is never after its harvest time.
std::variant<OfferRow, RowRejection> offer_row(const offer::OfferRecord& record,
                                               const FactsEncoder& facts = {});

}  // namespace jobstream::store
