#pragma once
// CQL values and their codecs (protocol v4 section 6). Pure: no I/O.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "cql/frame.hpp"

namespace jobstream::cql {

/// Column type option ids (v4 section 4.2.5.2).
enum class TypeId : std::uint16_t {
  custom = 0x0000,
  ascii = 0x0001,
  bigint = 0x0002,
  blob = 0x0003,
  boolean = 0x0004,
  counter = 0x0005,
  decimal = 0x0006,
  double_ = 0x0007,
  float_ = 0x0008,
  int_ = 0x0009,
  timestamp = 0x000B,
  uuid = 0x000C,
  varchar = 0x000D,
  varint = 0x000E,
  timeuuid = 0x000F,
  inet = 0x0010,
  date = 0x0011,
  time = 0x0012,
  smallint = 0x0013,
  tinyint = 0x0014,
  duration = 0x0015,
  list = 0x0020,
  map = 0x0021,
  set = 0x0022,
  udt = 0x0030,
  tuple = 0x0031,
};

/// A column type with its element types (list/set: 1, map: 2, tuple/udt: n).
struct ColumnType {
  TypeId id = TypeId::blob;
  std::vector<ColumnType> children;
  std::string custom_class;
};

struct Unset {
  bool operator==(const Unset&) const = default;
};
struct Null {
  bool operator==(const Null&) const = default;
};
struct Uuid {
  std::array<std::uint8_t, 16> bytes{};
  bool operator==(const Uuid&) const = default;
};
struct Blob {
  std::vector<std::uint8_t> bytes;
  bool operator==(const Blob&) const = default;
};
/// Milliseconds since the Unix epoch.
struct Timestamp {
  std::int64_t ms = 0;
  bool operator==(const Timestamp&) const = default;
};
/// Days since 1970-01-01 (signed; the wire form adds 2^31).
struct Date {
  std::int32_t days = 0;
  bool operator==(const Date&) const = default;
};
/// Arbitrary-precision integer as minimal big-endian two's complement bytes.
struct Varint {
  std::vector<std::uint8_t> bytes;
  static Varint from_int64(std::int64_t v);
  /// Throws if the value does not fit in 64 bits.
  std::int64_t to_int64() const;
  bool operator==(const Varint&) const = default;
};
/// unscaled * 10^-scale.
struct Decimal {
  std::int32_t scale = 0;
  Varint unscaled;
  bool operator==(const Decimal&) const = default;
};
/// ASCII text; kept apart from UTF-8 text so that binding checks the range.
struct Ascii {
  std::string text;
  bool operator==(const Ascii&) const = default;
};

struct Value;
using List = std::vector<Value>;  // list, set and tuple
using Map = std::vector<std::pair<Value, Value>>;

/// One CQL value. Collections hold Values; list and set share the List form.
struct Value {
  using Variant = std::variant<Null, Unset, bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t,
                               float, double, std::string, Ascii, Blob, Uuid, Timestamp, Date, Varint,
                               Decimal, std::shared_ptr<List>, std::shared_ptr<Map>>;
  Variant v;

  Value() = default;
  // The constraint keeps Value itself out (a Variant is not made from a Value), so the copy and
  // move constructors stay chosen for Values.
  template <typename T>
  // NOLINTNEXTLINE(bugprone-forwarding-reference-overload): the check does not read requires-clauses
  requires std::is_constructible_v<Variant, T&&> Value(T&& x)
      : v(std::forward<T>(x)) {}  // NOLINT: implicit on purpose, values read like literals
  Value(const char* s) : v(std::string(s)) {}
  static Value list(List items) { return Value(std::make_shared<List>(std::move(items))); }
  static Value map(Map items) { return Value(std::make_shared<Map>(std::move(items))); }

  bool is_null() const { return std::holds_alternative<Null>(v); }
  template <typename T>
  const T& as() const {
    return std::get<T>(v);
  }
  const List& as_list() const { return *std::get<std::shared_ptr<List>>(v); }
  const Map& as_map() const { return *std::get<std::shared_ptr<Map>>(v); }
  bool operator==(const Value& o) const;
};

/// Serializes a value in the form its C++ alternative implies (int32 -> int, etc.).
WireValue encode_value(const Value& v);
/// Appends the [bytes] content of a non-null value (no length prefix).
void encode_into(const Value& v, std::vector<std::uint8_t>& out);
/// Decodes the content of a [bytes] of the given type; `present == false` means null.
Value decode_value(const ColumnType& type, std::span<const std::uint8_t> bytes, bool present = true);

/// Reads a type option; nested depth is bounded so hostile input cannot exhaust the stack.
class Reader;
ColumnType read_type(Reader& r, int depth = 0);

}  // namespace jobstream::cql
