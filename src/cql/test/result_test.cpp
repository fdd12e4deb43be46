// RESULT bodies: Rows (with paging state), Prepared (pk indexes), Void, Schema_change; corrupt input.
#include <gtest/gtest.h>

#include "cql/result.hpp"
#include "cql/wire.hpp"

using namespace jobstream::cql;
using Bytes = std::vector<std::uint8_t>;

namespace {
Bytes rows_body() {
  Bytes b;
  Writer w(b);
  w.i32(2);                    // Rows
  w.i32(0x0001 | 0x0002);      // global spec + has more pages
  w.i32(2);                    // 2 columns
  w.bytes(Bytes{0x0A, 0x0B});  // paging state
  w.string("ks");
  w.string("t");
  w.string("id");
  w.u16(0x000D);
  w.string("n");
  w.u16(0x0009);
  w.i32(2);  // 2 rows
  w.bytes(Bytes{'a'});
  w.bytes(Bytes{0, 0, 0, 7});
  w.bytes(Bytes{'b'});
  w.null_bytes();
  return b;
}
}  // namespace

TEST(CqlResult, RowsWithPagingState) {
  auto r = decode_result(rows_body());
  EXPECT_EQ(r.kind, ResultKind::rows);
  ASSERT_EQ(r.metadata.columns.size(), 2u);
  EXPECT_EQ(r.metadata.columns[1].table, "t");
  EXPECT_TRUE(r.has_more_pages());
  EXPECT_EQ(*r.metadata.paging_state, (Bytes{0x0A, 0x0B}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0].as<std::string>(), "a");
  EXPECT_EQ(r.rows[0][1].as<std::int32_t>(), 7);
  EXPECT_TRUE(r.rows[1][1].is_null());
  EXPECT_EQ(r.column("n"), 1u);
}

TEST(CqlResult, EveryTruncationThrowsDecodeError) {
  auto full = rows_body();
  for (std::size_t n = 0; n < full.size(); ++n) {
    Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_THROW(decode_result(cut), DecodeError) << n;
  }
}

TEST(CqlResult, NoMetadataUsesKnownColumns) {
  Bytes b;
  Writer w(b);
  w.i32(2);
  w.i32(0x0004);
  w.i32(1);
  w.i32(1);
  w.bytes(Bytes{0, 0, 0, 5});
  std::vector<ColumnSpec> known{{"ks", "t", "n", ColumnType{TypeId::int_, {}, {}}}};
  auto r = decode_result(b, &known);
  EXPECT_EQ(r.rows.at(0).at(0).as<std::int32_t>(), 5);
  EXPECT_THROW(decode_result(b), DecodeError);
}

TEST(CqlResult, PreparedWithPartitionKeyIndexes) {
  Bytes b;
  Writer w(b);
  w.i32(4);
  w.short_bytes(Bytes{0x11, 0x22});
  w.i32(0x0001);
  w.i32(2);
  w.i32(2);
  w.u16(1);
  w.u16(0);  // pk = markers 1, 0
  w.string("ks");
  w.string("t");
  w.string("a");
  w.u16(0x000D);
  w.string("b");
  w.u16(0x0002);
  w.i32(0x0004);
  w.i32(0);  // result metadata: none
  auto r = decode_result(b);
  EXPECT_EQ(r.kind, ResultKind::prepared);
  EXPECT_EQ(r.prepared_id, (Bytes{0x11, 0x22}));
  EXPECT_EQ(r.metadata.pk_indexes, (std::vector<std::uint16_t>{1, 0}));
  EXPECT_EQ(r.metadata.columns.at(1).type.id, TypeId::bigint);
}

TEST(CqlResult, VoidSetKeyspaceSchemaChange) {
  EXPECT_EQ(decode_result(Bytes{0, 0, 0, 1}).kind, ResultKind::void_);
  Bytes b;
  Writer w(b);
  w.i32(3);
  w.string("ks");
  EXPECT_EQ(decode_result(b).keyspace, "ks");
  Bytes s;
  Writer ws(s);
  ws.i32(5);
  ws.string("CREATED");
  ws.string("TABLE");
  ws.string("ks");
  ws.string("t");
  auto r = decode_result(s);
  EXPECT_EQ(r.change_type, "CREATED");
  EXPECT_EQ(r.options, "ks.t");
  EXPECT_THROW(decode_result(Bytes{0, 0, 0, 9}), DecodeError);
}
