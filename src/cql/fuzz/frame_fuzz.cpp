// libFuzzer target: arbitrary bytes through the response-side decoders (header, extras,
// LZ4 body, ERROR, RESULT with rows). Any input must give a value or DecodeError, never a crash.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cql/compression.hpp"
#include "cql/error.hpp"
#include "cql/frame.hpp"
#include "cql/result.hpp"
#include "cql/wire.hpp"

using namespace jobstream::cql;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> in(data, size);
  try {
    if (size < header_size) return 0;
    auto h = decode_header(in.first(header_size));
    Frame f;
    f.header = h;
    f.body.assign(in.begin() + header_size, in.end());
    if (h.flags & frame_flag::compression) f.body = lz4_decompress_body(f.body);
    strip_response_extras(f);
    if (h.opcode == Opcode::error) (void)decode_error_body(f.body);
    else if (h.opcode == Opcode::supported) (void)read_supported(f.body);
    else (void)decode_result(f.body);
  } catch (const DecodeError&) {
  }
  return 0;
}
