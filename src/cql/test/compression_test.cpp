// LZ4 body codec: length prefix, round trip, corrupt input.
#include <gtest/gtest.h>

#include "cql/compression.hpp"
#include "cql/wire.hpp"

using namespace jobstream::cql;
using Bytes = std::vector<std::uint8_t>;

TEST(CqlCompression, RoundTripWithBigEndianLengthPrefix) {
  Bytes body(5000, 'x');
  for (std::size_t i = 0; i < body.size(); i += 7) body[i] = static_cast<std::uint8_t>(i);
  Bytes packed;
  lz4_compress_body(body, packed);
  EXPECT_EQ((Bytes{packed.begin(), packed.begin() + 4}), (Bytes{0, 0, 0x13, 0x88}));  // 5000
  EXPECT_LT(packed.size(), body.size());
  EXPECT_EQ(lz4_decompress_body(packed), body);
  Bytes empty;
  lz4_compress_body({}, empty);
  EXPECT_TRUE(lz4_decompress_body(empty).empty());
}

TEST(CqlCompression, CorruptBodiesThrow) {
  Bytes body(1000, 'a');
  Bytes packed;
  lz4_compress_body(body, packed);
  Bytes wrong_len = packed;
  wrong_len[3] ^= 0x01;
  EXPECT_THROW(lz4_decompress_body(wrong_len), DecodeError);
  Bytes cut(packed.begin(), packed.end() - 3);
  EXPECT_THROW(lz4_decompress_body(cut), DecodeError);
  EXPECT_THROW(lz4_decompress_body(Bytes{0, 0}), DecodeError);
  EXPECT_THROW(lz4_decompress_body(Bytes{0x7F, 0xFF, 0xFF, 0xFF, 0x00}), DecodeError);
}
