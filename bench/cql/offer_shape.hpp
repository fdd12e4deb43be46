#pragma once
// The offer-shaped table and rows shared by the jobstream and Python benchmark writers.
// Python mirrors these definitions in python_insert_bench.py.

#include <string>

namespace jobstream::cql::bench {

inline const char* offer_table_columns =
    "id text PRIMARY KEY, title text, description text, rome_code text, rome_label text, city text, "
    "postal_code text, department text, latitude double, longitude double, contract_type text, "
    "salary_label text, created_at timestamp, updated_at timestamp, employer text, experience text, positions int";

inline const char* offer_insert_columns =
    "id, title, description, rome_code, rome_label, city, postal_code, department, latitude, longitude, "
    "contract_type, salary_label, created_at, updated_at, employer, experience, positions";

/// A 2-4 KB description, deterministic in `i` (64 variants).
inline std::string offer_description(int i) {
  std::string base =
      "Poste de technicien de maintenance industrielle, equipe de jour, secteur agroalimentaire. ";
  std::size_t target = 2048 + static_cast<std::size_t>((i % 64) * 32);
  std::string out;
  out.reserve(target);
  while (out.size() < target) out += base;
  out.resize(target);
  return out;
}

}  // namespace jobstream::cql::bench
