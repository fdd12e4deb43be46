#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace jobstream::analytics {

/// A file or buffer that is not what its format says: short, or holding impossible values.
class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Appends fixed-width little-endian integers and length-prefixed texts to a byte string. The
/// width and byte order are fixed so a file reads the same on every machine.
class ByteWriter {
 public:
  void u8(std::uint8_t v) { _out.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { put(v, 2); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void i64(std::int64_t v) { put(static_cast<std::uint64_t>(v), 8); }
  void text(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    _out.append(s);
  }
  void reserve(std::size_t bytes) { _out.reserve(bytes); }
  std::string& bytes() { return _out; }

 private:
  void put(std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) _out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  std::string _out;
};

/// Reads what ByteWriter wrote. Every read checks the bytes left and throws ImageError naming the
/// position, so a truncated file is an error, never a read past the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : _in(bytes) {}
  std::uint8_t u8() { return static_cast<std::uint8_t>(get(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(get(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
  std::uint64_t u64() { return get(8); }
  std::int64_t i64() { return static_cast<std::int64_t>(get(8)); }
  std::string_view text() {
    const auto size = u32();
    need(size);
    const auto s = _in.substr(_at, size);
    _at += size;
    return s;
  }
  /// A count of items of at least `min_item_bytes` each, refused when the bytes left cannot hold
  /// them (so a damaged count never reserves gigabytes).
  std::size_t count(std::size_t min_item_bytes) {
    const auto n = u64();
    if (min_item_bytes > 0 && n > (_in.size() - _at) / min_item_bytes) {
      throw ImageError("count " + std::to_string(n) + " at byte " + std::to_string(_at - 8) +
                       " exceeds the bytes left");
    }
    return static_cast<std::size_t>(n);
  }
  std::size_t position() const { return _at; }
  bool at_end() const { return _at == _in.size(); }

 private:
  void need(std::size_t n) const {
    if (n > _in.size() - _at) {
      throw ImageError("truncated: " + std::to_string(n) + " bytes needed at byte " + std::to_string(_at) +
                       " of " + std::to_string(_in.size()));
    }
  }
  std::uint64_t get(int width) {
    need(static_cast<std::size_t>(width));
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(_in[_at + i])) << (8 * i);
    _at += static_cast<std::size_t>(width);
    return v;
  }
  std::string_view _in;
  std::size_t _at = 0;
};

/// FNV-1a over 64 bits: fixed by definition, so a checksum written on one machine checks on another.
inline std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace jobstream::analytics
