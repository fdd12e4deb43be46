// Frame header and request bodies, byte for byte against layouts read off the v4 spec.
#include <gtest/gtest.h>

#include "cql/frame.hpp"
#include "cql/wire.hpp"

using namespace jobstream::cql;
using Bytes = std::vector<std::uint8_t>;

TEST(CqlFrame, HeaderEncodesBigEndian) {
  std::uint8_t out[9];
  encode_header({4, 0, 0x0102, Opcode::query, 0x00000A0B}, out);
  EXPECT_EQ(Bytes(out, out + 9), (Bytes{0x04, 0x00, 0x01, 0x02, 0x07, 0x00, 0x00, 0x0A, 0x0B}));
}

TEST(CqlFrame, HeaderDecodesResponse) {
  Bytes in{0x84, 0x08, 0xFF, 0xFF, 0x0C, 0x00, 0x00, 0x01, 0x00};
  auto h = decode_header(in);
  EXPECT_EQ(h.version, 0x84);
  EXPECT_EQ(h.flags, 0x08);
  EXPECT_EQ(h.stream, -1);
  EXPECT_EQ(h.opcode, Opcode::event);
  EXPECT_EQ(h.length, 256u);
}

TEST(CqlFrame, HeaderRejectsBadInput) {
  EXPECT_THROW(decode_header(Bytes{0x84, 0, 0, 0}), DecodeError);                       // truncated
  EXPECT_THROW(decode_header(Bytes{0x83, 0, 0, 0, 0x08, 0, 0, 0, 0}), DecodeError);     // v3
  EXPECT_THROW(decode_header(Bytes{0x84, 0, 0, 0, 0x04, 0, 0, 0, 0}), DecodeError);     // opcode 4 unused
  EXPECT_THROW(decode_header(Bytes{0x84, 0, 0, 0, 0x08, 0x7F, 0, 0, 0}), DecodeError);  // > 256 MB
}

TEST(CqlFrame, StartupBodyIsStringMap) {
  Bytes out;
  write_startup(out, {{"CQL_VERSION", "3.0.0"}});
  Bytes want{0x00, 0x01, 0x00, 0x0B};
  for (char c : std::string("CQL_VERSION")) want.push_back(static_cast<std::uint8_t>(c));
  want.insert(want.end(), {0x00, 0x05, '3', '.', '0', '.', '0'});
  EXPECT_EQ(out, want);
}

TEST(CqlFrame, QueryWithValuesPagingTimestamp) {
  Bytes out;
  WireValue vals[3];
  vals[0].state = WireValue::State::set;
  vals[0].bytes = {0x2A};
  vals[1].state = WireValue::State::null;
  vals[2].state = WireValue::State::unset;
  QueryParams p;
  p.consistency = Consistency::one;
  p.values = vals;
  p.page_size = 100;
  p.paging_state = Bytes{0xAB};
  p.timestamp_us = 0x0102030405060708;
  write_query(out, "Q", p);
  Bytes want{0,
             0,
             0,
             1,
             'Q',  // [long string]
             0x00,
             0x01,                       // consistency ONE
             0x01 | 0x04 | 0x08 | 0x20,  // values, page size, paging state, timestamp
             0x00,
             0x03,  // 3 values
             0,
             0,
             0,
             1,
             0x2A,  // set
             0xFF,
             0xFF,
             0xFF,
             0xFF,  // null  (-1)
             0xFF,
             0xFF,
             0xFF,
             0xFE,  // unset (-2)
             0,
             0,
             0,
             100,  // page size
             0,
             0,
             0,
             1,
             0xAB,  // paging state
             1,
             2,
             3,
             4,
             5,
             6,
             7,
             8};  // timestamp
  EXPECT_EQ(out, want);
}

TEST(CqlFrame, ExecuteStartsWithShortBytesId) {
  Bytes out;
  Bytes id{0xDE, 0xAD};
  QueryParams p;
  p.consistency = Consistency::local_quorum;
  p.skip_metadata = true;
  write_execute(out, id, p);
  EXPECT_EQ(out, (Bytes{0x00, 0x02, 0xDE, 0xAD, 0x00, 0x06, 0x02}));
}

TEST(CqlFrame, BatchLayout) {
  Bytes out;
  Bytes id{0x01};
  WireValue v;
  v.state = WireValue::State::set;
  v.bytes = {0x07};
  BatchEntry entries[2] = {{id, {}, std::span<const WireValue>(&v, 1)}, {{}, "X", {}}};
  write_batch(out, BatchType::unlogged, entries, Consistency::quorum, 9);
  Bytes want{0x01, 0x00, 0x02,                                            // UNLOGGED, 2 entries
             0x01, 0x00, 0x01, 0x01, 0x00, 0x01, 0,    0,    0, 1, 0x07,  // prepared id + 1 value
             0x00, 0,    0,    0,    1,    'X',  0x00, 0x00,              // query string, 0 values
             0x00, 0x04, 0x20, 0,    0,    0,    0,    0,    0, 0, 9};
  EXPECT_EQ(out, want);
}

TEST(CqlFrame, StripsTracingAndWarnings) {
  Frame f;
  f.header.flags = frame_flag::tracing | frame_flag::warning;
  f.body.assign(16, 0xEE);
  f.body.insert(f.body.end(), {0x00, 0x01, 0x00, 0x02, 'h', 'i', 0x00, 0x00, 0x00, 0x01});
  strip_response_extras(f);
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_EQ(f.warnings[0], "hi");
  EXPECT_EQ(f.body, (Bytes{0x00, 0x00, 0x00, 0x01}));
  Frame bad;
  bad.header.flags = frame_flag::tracing;
  bad.body.assign(5, 0);
  EXPECT_THROW(strip_response_extras(bad), DecodeError);
}

TEST(CqlFrame, SupportedMultimap) {
  Bytes body{0x00, 0x01, 0x00, 0x01, 'C', 0x00, 0x02, 0x00, 0x01, 'a', 0x00, 0x01, 'b'};
  auto s = read_supported(body);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].first, "C");
  EXPECT_EQ(s[0].second, (std::vector<std::string>{"a", "b"}));
  body.pop_back();
  EXPECT_THROW(read_supported(body), DecodeError);
}
