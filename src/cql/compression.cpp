#include "cql/compression.hpp"

#include <lz4.h>

#include "cql/frame.hpp"
#include "cql/wire.hpp"

namespace jobstream::cql {

void lz4_compress_body(std::span<const std::uint8_t> body, std::vector<std::uint8_t>& out) {
  Writer(out).u32(static_cast<std::uint32_t>(body.size()));
  auto at = out.size();
  auto bound = LZ4_compressBound(static_cast<int>(body.size()));
  out.resize(at + static_cast<std::size_t>(bound));
  int n =
      LZ4_compress_default(reinterpret_cast<const char*>(body.data()),
                           reinterpret_cast<char*>(out.data() + at), static_cast<int>(body.size()), bound);
  if (n <= 0 && !body.empty()) throw DecodeError("lz4 compression failed");
  out.resize(at + static_cast<std::size_t>(n));
}

std::vector<std::uint8_t> lz4_decompress_body(std::span<const std::uint8_t> body) {
  Reader r(body);
  auto size = r.u32();
  if (size > max_body_size) throw DecodeError("lz4 body claims " + std::to_string(size) + " bytes");
  std::vector<std::uint8_t> out(size);
  auto rest = r.take(r.remaining());
  if (size == 0) return out;
  int n = LZ4_decompress_safe(reinterpret_cast<const char*>(rest.data()), reinterpret_cast<char*>(out.data()),
                              static_cast<int>(rest.size()), static_cast<int>(size));
  if (n != static_cast<int>(size)) throw DecodeError("corrupt lz4 body");
  return out;
}

}  // namespace jobstream::cql
