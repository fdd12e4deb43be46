#pragma once
// The session's two conversions between its values and the wire: bound values to their encoded
// form, and a response frame to a Result (or the CqlError it carries).

#include <vector>

#include "cql/frame.hpp"
#include "cql/result.hpp"
#include "cql/value.hpp"

namespace jobstream::cql {

/// Decodes a RESULT frame; `columns` are the prepared result columns when the server skipped them.
/// Throws CqlError(bad_response) for another opcode or a body that does not decode.
Result expect_result(const Frame& f, const std::vector<ColumnSpec>* columns = nullptr);

/// Encodes bound values for QUERY, EXECUTE and BATCH.
std::vector<WireValue> wire_values(const std::vector<Value>& values);

}  // namespace jobstream::cql
