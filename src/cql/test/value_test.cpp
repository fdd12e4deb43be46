// Every value type: encoded bytes derived by hand from the v4 spec section 6, and decoded back.
#include <gtest/gtest.h>

#include <cmath>

#include "cql/error.hpp"
#include "cql/value.hpp"
#include "cql/wire.hpp"

using namespace jobstream::cql;
using Bytes = std::vector<std::uint8_t>;

namespace {
ColumnType t(TypeId id, std::vector<ColumnType> children = {}) {
  return ColumnType{id, std::move(children), {}};
}

Bytes enc(const Value& v) { return encode_value(v).bytes; }

void round_trip(TypeId id, const Value& v, const Bytes& want) {
  EXPECT_EQ(enc(v), want) << static_cast<int>(id);
  EXPECT_EQ(decode_value(t(id), want), v) << static_cast<int>(id);
}
}  // namespace

TEST(CqlValue, Integers) {
  round_trip(TypeId::int_, std::int32_t{-2}, {0xFF, 0xFF, 0xFF, 0xFE});
  round_trip(TypeId::int_, std::int32_t{0x01020304}, {1, 2, 3, 4});
  round_trip(TypeId::bigint, std::int64_t{-1}, Bytes(8, 0xFF));
  round_trip(TypeId::bigint, std::int64_t{256}, {0, 0, 0, 0, 0, 0, 1, 0});
  round_trip(TypeId::smallint, std::int16_t{-32768}, {0x80, 0x00});
  round_trip(TypeId::tinyint, std::int8_t{-128}, {0x80});
  round_trip(TypeId::tinyint, std::int8_t{127}, {0x7F});
}

TEST(CqlValue, BooleanFloatDouble) {
  round_trip(TypeId::boolean, true, {0x01});
  round_trip(TypeId::boolean, false, {0x00});
  round_trip(TypeId::float_, 1.0f, {0x3F, 0x80, 0x00, 0x00});
  round_trip(TypeId::double_, -2.5, {0xC0, 0x04, 0, 0, 0, 0, 0, 0});
  EXPECT_TRUE(std::isnan(decode_value(t(TypeId::double_), Bytes{0x7F, 0xF8, 0, 0, 0, 0, 0, 0}).as<double>()));
}

TEST(CqlValue, TextAsciiBlob) {
  round_trip(TypeId::varchar, std::string("é"), {0xC3, 0xA9});
  round_trip(TypeId::varchar, std::string(), {});
  round_trip(TypeId::ascii, Ascii{"ok"}, {'o', 'k'});
  EXPECT_THROW(enc(Ascii{"\xC3\xA9"}), CqlError);
  round_trip(TypeId::blob, Blob{{0x00, 0xFF}}, {0x00, 0xFF});
}

TEST(CqlValue, TimestampDateUuid) {
  round_trip(TypeId::timestamp, Timestamp{1000}, {0, 0, 0, 0, 0, 0, 0x03, 0xE8});
  round_trip(TypeId::timestamp, Timestamp{-1}, Bytes(8, 0xFF));
  round_trip(TypeId::date, Date{0}, {0x80, 0x00, 0x00, 0x00});  // 2^31 = epoch
  round_trip(TypeId::date, Date{-1}, {0x7F, 0xFF, 0xFF, 0xFF});
  round_trip(TypeId::date, Date{1}, {0x80, 0x00, 0x00, 0x01});
  Uuid u;
  for (std::uint8_t i = 0; i < 16; ++i) u.bytes[i] = i;
  Bytes ub(u.bytes.begin(), u.bytes.end());
  round_trip(TypeId::uuid, u, ub);
  round_trip(TypeId::timeuuid, u, ub);
  EXPECT_THROW(decode_value(t(TypeId::uuid), Bytes(15, 0)), DecodeError);
}

TEST(CqlValue, VarintMinimalTwosComplement) {
  // Values from the spec's varint table: 0 -> 00, 1 -> 01, 127 -> 7F, 128 -> 0080, 129 -> 0081,
  // -1 -> FF, -128 -> 80, -129 -> FF7F.
  struct Case {
    std::int64_t v;
    Bytes b;
  };
  Case cases[] = {{0, {0x00}},         {1, {0x01}},  {127, {0x7F}},  {128, {0x00, 0x80}},
                  {129, {0x00, 0x81}}, {-1, {0xFF}}, {-128, {0x80}}, {-129, {0xFF, 0x7F}}};
  for (const auto& c : cases) {
    auto vi = Varint::from_int64(c.v);
    EXPECT_EQ(vi.bytes, c.b) << c.v;
    EXPECT_EQ(vi.to_int64(), c.v);
    round_trip(TypeId::varint, vi, c.b);
  }
  EXPECT_EQ(Varint::from_int64(INT64_MIN).to_int64(), INT64_MIN);
  EXPECT_THROW(decode_value(t(TypeId::varint), Bytes{}), DecodeError);
}

TEST(CqlValue, Decimal) {
  // 12.345 = 12345 * 10^-3: scale 3, unscaled 0x3039.
  round_trip(TypeId::decimal, Decimal{3, Varint::from_int64(12345)}, {0, 0, 0, 3, 0x30, 0x39});
  EXPECT_THROW(decode_value(t(TypeId::decimal), Bytes{0, 0, 0, 3}), DecodeError);
}

TEST(CqlValue, ListSetMap) {
  auto list = Value::list({std::int32_t{1}, Value(Null{})});
  Bytes lb{0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF};
  EXPECT_EQ(enc(list), lb);
  EXPECT_EQ(decode_value(t(TypeId::list, {t(TypeId::int_)}), lb), list);
  EXPECT_EQ(decode_value(t(TypeId::set, {t(TypeId::int_)}), lb), list);
  auto map = Value::map({{std::string("a"), std::int64_t{1}}});
  Bytes mb{0, 0, 0, 1, 0, 0, 0, 1, 'a', 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(enc(map), mb);
  EXPECT_EQ(decode_value(t(TypeId::map, {t(TypeId::varchar), t(TypeId::bigint)}), mb), map);
  EXPECT_THROW(enc(Value::list({Value(Unset{})})), CqlError);
}

TEST(CqlValue, NullUnsetEmptyAreDistinct) {
  EXPECT_EQ(encode_value(Value(Null{})).state, WireValue::State::null);
  EXPECT_EQ(encode_value(Value(Unset{})).state, WireValue::State::unset);
  auto empty = encode_value(std::string());
  EXPECT_EQ(empty.state, WireValue::State::set);
  EXPECT_TRUE(empty.bytes.empty());
  EXPECT_TRUE(decode_value(t(TypeId::int_), {}, false).is_null());
}

TEST(CqlValue, CorruptInputsThrow) {
  EXPECT_THROW(decode_value(t(TypeId::int_), Bytes{1, 2, 3}), DecodeError);
  EXPECT_THROW(decode_value(t(TypeId::bigint), Bytes{1}), DecodeError);
  auto lt = t(TypeId::list, {t(TypeId::int_)});
  EXPECT_THROW(decode_value(lt, Bytes{0x7F, 0xFF, 0xFF, 0xFF}), DecodeError);        // absurd count
  EXPECT_THROW(decode_value(lt, Bytes{0, 0, 0, 1, 0, 0, 0, 9, 1}), DecodeError);     // element past end
  EXPECT_THROW(decode_value(lt, Bytes{0, 0, 0, 1, 0, 0, 0, 2, 0, 1}), DecodeError);  // int of 2 bytes
}

TEST(CqlValue, TypeOptions) {
  // map<text, frozen<list<int>>>: 0021 000D 0020 0009
  Bytes b{0x00, 0x21, 0x00, 0x0D, 0x00, 0x20, 0x00, 0x09};
  Reader r(b);
  auto ty = read_type(r);
  EXPECT_EQ(ty.id, TypeId::map);
  ASSERT_EQ(ty.children.size(), 2u);
  EXPECT_EQ(ty.children[1].id, TypeId::list);
  EXPECT_EQ(ty.children[1].children.at(0).id, TypeId::int_);
  Bytes deep;
  for (int i = 0; i < 100; ++i) deep.insert(deep.end(), {0x00, 0x20});
  Reader rd(deep);
  EXPECT_THROW(read_type(rd), DecodeError);
  Bytes unknown{0x00, 0x40};
  Reader ru(unknown);
  EXPECT_THROW(read_type(ru), DecodeError);
}
