#include "cql/result.hpp"

#include "cql/error.hpp"
#include "cql/wire.hpp"

namespace jobstream::cql {

std::size_t Result::column(std::string_view name) const {
  for (std::size_t i = 0; i < metadata.columns.size(); ++i)
    if (metadata.columns[i].name == name) return i;
  throw CqlError(ErrorCode::bad_argument, "no column named " + std::string(name));
}

namespace {
RowsMetadata read_metadata(Reader& r, bool prepared) {
  RowsMetadata m;
  auto flags = r.i32();
  auto count = r.i32();
  if (count < 0 || count > 65535) throw DecodeError("bad column count");
  if (prepared) {
    auto pk = r.i32();
    if (pk < 0 || pk > count) throw DecodeError("bad partition key count");
    for (std::int32_t i = 0; i < pk; ++i) m.pk_indexes.push_back(r.u16());
  }
  if (flags & 0x0002) {
    std::span<const std::uint8_t> ps;
    if (r.bytes(ps)) m.paging_state.emplace(ps.begin(), ps.end());
  }
  if (flags & 0x0004) return m;  // No_metadata
  std::string gks, gtable;
  bool global = flags & 0x0001;
  if (global) {
    gks = r.string();
    gtable = r.string();
  }
  m.columns.reserve(static_cast<std::size_t>(count));
  for (std::int32_t i = 0; i < count; ++i) {
    ColumnSpec c;
    if (global) {
      c.keyspace = gks;
      c.table = gtable;
    } else {
      c.keyspace = r.string();
      c.table = r.string();
    }
    c.name = r.string();
    c.type = read_type(r);
    m.columns.push_back(std::move(c));
  }
  return m;
}
}  // namespace

Result decode_result(std::span<const std::uint8_t> body, const std::vector<ColumnSpec>* known_columns) {
  Reader r(body);
  Result res;
  auto kind = r.i32();
  switch (kind) {
    case 1:
      res.kind = ResultKind::void_;
      break;
    case 2: {
      res.kind = ResultKind::rows;
      res.metadata = read_metadata(r, false);
      if (res.metadata.columns.empty() && known_columns) res.metadata.columns = *known_columns;
      auto n = r.i32();
      if (n < 0) throw DecodeError("negative row count");
      const auto& cols = res.metadata.columns;
      if (n > 0 && cols.empty()) throw DecodeError("rows without column metadata");
      // Every cell takes at least 4 bytes: reject counts the body cannot hold before reserving.
      if (static_cast<std::size_t>(n) * cols.size() > r.remaining() / 4)
        throw DecodeError("row count exceeds body");
      res.rows.reserve(static_cast<std::size_t>(n));
      for (std::int32_t i = 0; i < n; ++i) {
        std::vector<Value> row;
        row.reserve(cols.size());
        for (const auto& c : cols) {
          std::span<const std::uint8_t> b;
          bool present = r.bytes(b);
          row.push_back(decode_value(c.type, b, present));
        }
        res.rows.push_back(std::move(row));
      }
      break;
    }
    case 3:
      res.kind = ResultKind::set_keyspace;
      res.keyspace = r.string();
      break;
    case 4:
      res.kind = ResultKind::prepared;
      res.prepared_id = r.short_bytes();
      res.metadata = read_metadata(r, true);
      res.result_metadata = read_metadata(r, false);
      break;
    case 5: {
      res.kind = ResultKind::schema_change;
      res.change_type = r.string();
      res.target = r.string();
      res.options = r.string();
      if (res.target != "KEYSPACE") res.options += "." + r.string();
      if (res.target == "FUNCTION" || res.target == "AGGREGATE") {
        for (auto& a : r.string_list()) res.options += "," + a;
      }
      break;
    }
    default:
      throw DecodeError("unknown result kind " + std::to_string(kind));
  }
  return res;
}

}  // namespace jobstream::cql
