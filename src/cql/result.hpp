#pragma once
// RESULT bodies (v4 section 4.2.5): Void, Rows, Set_keyspace, Prepared, Schema_change.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cql/value.hpp"

namespace jobstream::cql {

enum class ResultKind : std::int32_t {
  void_ = 1,
  rows = 2,
  set_keyspace = 3,
  prepared = 4,
  schema_change = 5
};

struct ColumnSpec {
  std::string keyspace;
  std::string table;
  std::string name;
  ColumnType type;
};

struct RowsMetadata {
  std::vector<ColumnSpec> columns;
  std::optional<std::vector<std::uint8_t>> paging_state;  // set when there are more pages
  std::vector<std::uint16_t> pk_indexes;                  // prepared metadata only
};

/// A decoded RESULT.
struct Result {
  ResultKind kind = ResultKind::void_;
  RowsMetadata metadata;                     // rows: columns; prepared: bind markers
  std::vector<std::vector<Value>> rows;      // rows
  std::string keyspace;                      // set_keyspace
  std::vector<std::uint8_t> prepared_id;     // prepared
  RowsMetadata result_metadata;              // prepared: columns of the result
  std::string change_type, target, options;  // schema_change (options joined by '.')

  bool has_more_pages() const { return metadata.paging_state.has_value(); }
  /// Index of a column by name, or throws CqlError(bad_argument).
  std::size_t column(std::string_view name) const;
};

/// Decodes a RESULT body. `known_columns` is used when the server skipped metadata.
Result decode_result(std::span<const std::uint8_t> body,
                     const std::vector<ColumnSpec>* known_columns = nullptr);

}  // namespace jobstream::cql
