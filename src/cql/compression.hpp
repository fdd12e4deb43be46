#pragma once
// LZ4 body compression of protocol v4 (section 5): a 4-byte big-endian uncompressed length,
// then one LZ4 block. Pure: no I/O.

#include <cstdint>
#include <span>
#include <vector>

namespace jobstream::cql {

/// Appends the compressed form of `body` to `out`.
void lz4_compress_body(std::span<const std::uint8_t> body, std::vector<std::uint8_t>& out);
/// Decompresses a body; throws DecodeError on a corrupt block or an absurd length.
std::vector<std::uint8_t> lz4_decompress_body(std::span<const std::uint8_t> body);

}  // namespace jobstream::cql
