#include "cql/result_codec.hpp"

#include "cql/error.hpp"
#include "cql/wire.hpp"

namespace jobstream::cql {

Result expect_result(const Frame& f, const std::vector<ColumnSpec>* columns) {
  if (f.header.opcode != Opcode::result) throw CqlError(ErrorCode::bad_response, "expected a RESULT frame");
  try {
    return decode_result(f.body, columns);
  } catch (const DecodeError& e) {
    throw CqlError(ErrorCode::bad_response, e.what());
  }
}

std::vector<WireValue> wire_values(const std::vector<Value>& values) {
  std::vector<WireValue> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(encode_value(v));
  return out;
}

}  // namespace jobstream::cql
