#include "store/schema.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace jobstream::store {

bool valid_keyspace_name(std::string_view name) {
  if (name.empty() || name.size() > 48) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(name.front())) return false;
  for (char c : name) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '_') return false;
  }
  return true;
}

void KeyspaceSettings::validate() const {
  if (!valid_keyspace_name(name)) {
    throw std::invalid_argument(
        "CASSANDRA_KEYSPACE must be 1-48 letters, digits or _ and start with a letter");
  }
  if (replication_class != "SimpleStrategy" && replication_class != "NetworkTopologyStrategy") {
    throw std::invalid_argument("replication class must be SimpleStrategy or NetworkTopologyStrategy");
  }
  if (replication_factor < 1 || replication_factor > 10) {
    throw std::invalid_argument("replication factor must be between 1 and 10");
  }
  // The datacenter name is quoted in the statement: allow only characters that cannot close the quote.
  if (datacenter.empty() || datacenter.size() > 64 ||
      datacenter.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string::npos) {
    throw std::invalid_argument("datacenter name must be letters, digits, _ or -");
  }
}

std::string create_keyspace_cql(const KeyspaceSettings& s) {
  s.validate();
  if (s.replication_class == "SimpleStrategy") {
    return fmt::format("CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {{'class': 'SimpleStrategy', "
                       "'replication_factor': {}}}",
                       s.name, s.replication_factor);
  }
  return fmt::format(
      "CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {{'class': 'NetworkTopologyStrategy', '{}': {}}}",
      s.name, s.datacenter, s.replication_factor);
}

std::string create_migrations_table_cql(std::string_view ks) {
  return fmt::format("CREATE TABLE IF NOT EXISTS {}.schema_migrations ("
                     "version int PRIMARY KEY, description text, applied_at timestamp)",
                     ks);
}

std::vector<Migration> migrations(std::string_view ks) {
  std::vector<Migration> all;

  // v1: the offers themselves. One row per offer id; upserts only. Every write carries the offer's
  // own version time (dateActualisation, or the withdrawal time) as its CQL write timestamp, so an
  // older version can never overwrite a newer one, whatever the order writes arrive in, and replaying
  // the topic leaves the table as it was.
  all.push_back(
      {1,
       "offers table",
       {fmt::format("CREATE TABLE IF NOT EXISTS {}.offers ("
                    "id text PRIMARY KEY,"
                    "intitule text, description text,"
                    "date_creation timestamp, date_actualisation timestamp,"
                    "lieu_libelle text, commune text, code_postal text, departement text, region text,"
                    "latitude double, longitude double,"
                    "rome_code text, rome_libelle text, appellation_libelle text,"
                    "entreprise_nom text, type_contrat text, nature_contrat text,"
                    "experience_exige text, qualification_code text, secteur_activite text, code_naf text,"
                    "salaire_libelle text, duree_travail_libelle text, alternance boolean, nombre_postes int,"
                    "competences_libelles frozen<list<text>>,"
                    "source text, harvested_at timestamp, withdrawn_at timestamp,"
                    "raw text)",
                    ks)}});

  // v2: the API's reference lists, loaded by init-db as the original schema step did.
  std::vector<std::string> refs;
  for (const char* table :
       {"ref_departements", "ref_regions", "ref_communes", "ref_metiers", "ref_types_contrats"}) {
    refs.push_back(fmt::format(
        "CREATE TABLE IF NOT EXISTS {}.{} (code text PRIMARY KEY, libelle text, parent text, raw text)", ks,
        table));
  }
  all.push_back({2, "reference lists", std::move(refs)});

  // v3: the competences become a frozen list. A non-frozen CQL list is a set of cells keyed by
  // time: rewriting a row at the same write timestamp (a replay) appended every element again, so
  // replays doubled the list. A frozen list is one cell, which an equal rewrite leaves as it was.
  // The values are in `raw`; a replay of the topic fills the new column for rows written before.
  // A keyspace created since has the frozen column from v1, and both statements change nothing:
  // no schema change to agree on across a ring.
  // (IF [NOT] EXISTS, Cassandra 5: a migration cut short between its two statements can run again.)
  all.push_back(
      {3,
       "competences as a frozen list",
       {fmt::format("ALTER TABLE {}.offers ADD IF NOT EXISTS competences_libelles frozen<list<text>>", ks),
        fmt::format("ALTER TABLE {}.offers DROP IF EXISTS competences", ks)}});

  // v4: each offer's facts for the figures, compact (analytics/facts_codec.hpp), written with the
  // offer. A full read for the figures fetches these instead of `raw`: a tenth of the bytes, no
  // JSON to parse. Rows written before have none; readers make their facts from `raw`, and a
  // replay of the topic fills the column.
  all.push_back({4,
                 "compact facts beside each offer",
                 {fmt::format("ALTER TABLE {}.offers ADD IF NOT EXISTS facts blob", ks)}});
  return all;
}

}  // namespace jobstream::store
