#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cql/session.hpp"

namespace jobstream::store {

/// One entry of an API reference list, as stored in its `ref_<list>` table.
struct ReferenceRow {
  std::string code;
  std::string libelle;
  std::string parent;  ///< région of a département, département of a commune; empty otherwise
  std::string raw;     ///< the entry's JSON as the API gave it
};

/// The API lists init-db loads and the table each goes to (schema v2).
inline constexpr std::pair<std::string_view, std::string_view> reference_tables[] = {
    {"departements", "ref_departements"},
    {"regions", "ref_regions"},
    {"communes", "ref_communes"},
    {"metiers", "ref_metiers"},
    {"typesContrats", "ref_types_contrats"},
};

/// Upserts the rows of one list into its table with a prepared statement, many in flight.
/// Idempotent: loading the same list again leaves the same rows. Returns the rows written.
std::size_t store_reference_list(cql::Session& session, std::string_view keyspace, std::string_view table,
                                 const std::vector<ReferenceRow>& rows);

}  // namespace jobstream::store
