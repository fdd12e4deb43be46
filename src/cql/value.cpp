#include "cql/value.hpp"

#include <bit>
#include <cstring>

#include "cql/error.hpp"
#include "cql/wire.hpp"

namespace jobstream::cql {

Varint Varint::from_int64(std::int64_t v) {
  Varint out;
  for (int s = 56; s >= 0; s -= 8)
    out.bytes.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> s));
  // Minimal form: drop a leading byte while the next byte's sign bit says the same thing.
  std::size_t i = 0;
  while (i + 1 < out.bytes.size() && ((out.bytes[i] == 0x00 && !(out.bytes[i + 1] & 0x80)) ||
                                      (out.bytes[i] == 0xFF && (out.bytes[i + 1] & 0x80))))
    ++i;
  out.bytes.erase(out.bytes.begin(), out.bytes.begin() + static_cast<std::ptrdiff_t>(i));
  return out;
}

std::int64_t Varint::to_int64() const {
  if (bytes.empty()) return 0;
  if (bytes.size() > 8) throw CqlError(ErrorCode::bad_argument, "varint does not fit in 64 bits");
  std::uint64_t v = (bytes[0] & 0x80) ? ~std::uint64_t{0} : 0;
  for (auto b : bytes) v = (v << 8) | b;
  return static_cast<std::int64_t>(v);
}

bool Value::operator==(const Value& o) const {
  if (v.index() != o.v.index()) return false;
  if (auto l = std::get_if<std::shared_ptr<List>>(&v)) return **l == *std::get<std::shared_ptr<List>>(o.v);
  if (auto m = std::get_if<std::shared_ptr<Map>>(&v)) return **m == *std::get<std::shared_ptr<Map>>(o.v);
  if (std::holds_alternative<Null>(v) || std::holds_alternative<Unset>(v)) return true;
  // NaN compares unequal, as in IEEE; tests use finite values.
  return v == o.v;
}

namespace {
template <typename U>
void put_be(std::vector<std::uint8_t>& out, U u) {
  for (int s = static_cast<int>(sizeof(U)) * 8 - 8; s >= 0; s -= 8)
    out.push_back(static_cast<std::uint8_t>(u >> s));
}

void put_element(const Value& e, std::vector<std::uint8_t>& out) {
  if (e.is_null()) {
    Writer(out).null_bytes();
    return;
  }
  if (std::holds_alternative<Unset>(e.v))
    throw CqlError(ErrorCode::bad_argument, "unset inside a collection");
  auto at = out.size();
  out.resize(at + 4);
  encode_into(e, out);
  auto n = static_cast<std::uint32_t>(out.size() - at - 4);
  for (int i = 0; i < 4; ++i)
    out[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (24 - 8 * i));
}
}  // namespace

void encode_into(const Value& value, std::vector<std::uint8_t>& out) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Null> || std::is_same_v<T, Unset>) {
          throw CqlError(ErrorCode::bad_argument, "null/unset has no content");
        } else if constexpr (std::is_same_v<T, bool>) {
          out.push_back(x ? 1 : 0);
        } else if constexpr (std::is_integral_v<T>) {
          put_be(out, static_cast<std::make_unsigned_t<T>>(x));
        } else if constexpr (std::is_same_v<T, float>) {
          put_be(out, std::bit_cast<std::uint32_t>(x));
        } else if constexpr (std::is_same_v<T, double>) {
          put_be(out, std::bit_cast<std::uint64_t>(x));
        } else if constexpr (std::is_same_v<T, std::string>) {
          append_chars(out, x);
        } else if constexpr (std::is_same_v<T, Ascii>) {
          for (char c : x.text)
            if (static_cast<unsigned char>(c) > 127)
              throw CqlError(ErrorCode::bad_argument, "non-ASCII byte in ascii value");
          append_chars(out, x.text);
        } else if constexpr (std::is_same_v<T, Blob>) {
          out.insert(out.end(), x.bytes.begin(), x.bytes.end());
        } else if constexpr (std::is_same_v<T, Uuid>) {
          out.insert(out.end(), x.bytes.begin(), x.bytes.end());
        } else if constexpr (std::is_same_v<T, Timestamp>) {
          put_be(out, static_cast<std::uint64_t>(x.ms));
        } else if constexpr (std::is_same_v<T, Date>) {
          put_be(out,
                 static_cast<std::uint32_t>(static_cast<std::int64_t>(x.days) + (std::int64_t{1} << 31)));
        } else if constexpr (std::is_same_v<T, Varint>) {
          if (x.bytes.empty()) throw CqlError(ErrorCode::bad_argument, "empty varint");
          out.insert(out.end(), x.bytes.begin(), x.bytes.end());
        } else if constexpr (std::is_same_v<T, Decimal>) {
          put_be(out, static_cast<std::uint32_t>(x.scale));
          if (x.unscaled.bytes.empty()) throw CqlError(ErrorCode::bad_argument, "empty decimal");
          out.insert(out.end(), x.unscaled.bytes.begin(), x.unscaled.bytes.end());
        } else if constexpr (std::is_same_v<T, std::shared_ptr<List>>) {
          put_be(out, static_cast<std::uint32_t>(x->size()));
          for (const auto& e : *x) put_element(e, out);
        } else if constexpr (std::is_same_v<T, std::shared_ptr<Map>>) {
          put_be(out, static_cast<std::uint32_t>(x->size()));
          for (const auto& [k, e] : *x) {
            put_element(k, out);
            put_element(e, out);
          }
        }
      },
      value.v);
}

WireValue encode_value(const Value& v) {
  WireValue w;
  if (v.is_null()) return w;
  if (std::holds_alternative<Unset>(v.v)) {
    w.state = WireValue::State::unset;
    return w;
  }
  w.state = WireValue::State::set;
  encode_into(v, w.bytes);
  return w;
}

namespace {
template <typename U>
U get_be(std::span<const std::uint8_t> b, std::size_t n) {
  if (b.size() != n)
    throw DecodeError("value has " + std::to_string(b.size()) + " bytes, expected " + std::to_string(n));
  U u = 0;
  for (auto c : b) u = static_cast<U>((u << 8) | c);
  return u;
}

Value decode_element(const ColumnType& t, Reader& r) {
  std::span<const std::uint8_t> b;
  bool present = r.bytes(b);
  return decode_value(t, b, present);
}

std::size_t read_count(Reader& r) {
  auto n = r.i32();
  // Each element takes at least 4 bytes, so a count larger than that is corrupt.
  if (n < 0 || static_cast<std::size_t>(n) > r.remaining() / 4 + 1) throw DecodeError("bad collection size");
  return static_cast<std::size_t>(n);
}
}  // namespace

Value decode_value(const ColumnType& type, std::span<const std::uint8_t> b, bool present) {
  if (!present) return Null{};
  switch (type.id) {
    case TypeId::boolean:
      return get_be<std::uint8_t>(b, 1) != 0;
    case TypeId::tinyint:
      return static_cast<std::int8_t>(get_be<std::uint8_t>(b, 1));
    case TypeId::smallint:
      return static_cast<std::int16_t>(get_be<std::uint16_t>(b, 2));
    case TypeId::int_:
      return static_cast<std::int32_t>(get_be<std::uint32_t>(b, 4));
    case TypeId::bigint:
    case TypeId::counter:
      return static_cast<std::int64_t>(get_be<std::uint64_t>(b, 8));
    case TypeId::time:
      return static_cast<std::int64_t>(get_be<std::uint64_t>(b, 8));
    case TypeId::timestamp:
      return Timestamp{static_cast<std::int64_t>(get_be<std::uint64_t>(b, 8))};
    case TypeId::float_:
      return std::bit_cast<float>(get_be<std::uint32_t>(b, 4));
    case TypeId::double_:
      return std::bit_cast<double>(get_be<std::uint64_t>(b, 8));
    case TypeId::date:
      return Date{static_cast<std::int32_t>(static_cast<std::int64_t>(get_be<std::uint32_t>(b, 4)) -
                                            (std::int64_t{1} << 31))};
    case TypeId::ascii:
      return Ascii{std::string(b.begin(), b.end())};
    case TypeId::varchar:
      return std::string(b.begin(), b.end());
    case TypeId::uuid:
    case TypeId::timeuuid: {
      if (b.size() != 16) throw DecodeError("uuid must be 16 bytes");
      Uuid u;
      std::memcpy(u.bytes.data(), b.data(), 16);
      return u;
    }
    case TypeId::varint:
      if (b.empty()) throw DecodeError("empty varint");
      return Varint{{b.begin(), b.end()}};
    case TypeId::decimal: {
      if (b.size() < 5) throw DecodeError("decimal shorter than 5 bytes");
      Decimal d;
      d.scale = static_cast<std::int32_t>(get_be<std::uint32_t>(b.first(4), 4));
      d.unscaled.bytes.assign(b.begin() + 4, b.end());
      return d;
    }
    case TypeId::list:
    case TypeId::set: {
      if (type.children.size() != 1) throw DecodeError("list/set type without element type");
      Reader r(b);
      List items;
      auto n = read_count(r);
      items.reserve(n);
      for (std::size_t i = 0; i < n; ++i) items.push_back(decode_element(type.children[0], r));
      return Value::list(std::move(items));
    }
    case TypeId::map: {
      if (type.children.size() != 2) throw DecodeError("map type without key/value types");
      Reader r(b);
      Map items;
      auto n = read_count(r);
      items.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        auto k = decode_element(type.children[0], r);
        items.emplace_back(std::move(k), decode_element(type.children[1], r));
      }
      return Value::map(std::move(items));
    }
    case TypeId::tuple:
    case TypeId::udt: {
      Reader r(b);
      List items;
      for (const auto& child : type.children) {
        if (r.empty()) break;  // a UDT value may carry fewer fields than its type
        items.push_back(decode_element(child, r));
      }
      return Value::list(std::move(items));
    }
    default:
      // inet, duration, custom: handed back raw so that nothing is lost.
      return Blob{{b.begin(), b.end()}};
  }
}

ColumnType read_type(Reader& r, int depth) {
  if (depth > 16) throw DecodeError("type nesting too deep");
  ColumnType t;
  auto id = r.u16();
  t.id = static_cast<TypeId>(id);
  switch (t.id) {
    case TypeId::custom:
      t.custom_class = r.string();
      break;
    case TypeId::list:
    case TypeId::set:
      t.children.push_back(read_type(r, depth + 1));
      break;
    case TypeId::map:
      t.children.push_back(read_type(r, depth + 1));
      t.children.push_back(read_type(r, depth + 1));
      break;
    case TypeId::udt: {
      r.string();
      t.custom_class = r.string();
      auto n = r.u16();
      for (std::uint16_t i = 0; i < n; ++i) {
        r.string();
        t.children.push_back(read_type(r, depth + 1));
      }
      break;
    }
    case TypeId::tuple: {
      auto n = r.u16();
      for (std::uint16_t i = 0; i < n; ++i) t.children.push_back(read_type(r, depth + 1));
      break;
    }
    default:
      if (id > 0x0015) throw DecodeError("unknown type option id " + std::to_string(id));
  }
  return t;
}

}  // namespace jobstream::cql
