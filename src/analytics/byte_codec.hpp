#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
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
///
/// Given a sink, it hands its bytes over each time it holds `flush_at` of them (and at flush()),
/// so that an image of millions of rows goes to a file without ever being whole in memory.
class ByteWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  ByteWriter() = default;
  ByteWriter(std::size_t flush_at, Sink sink) : _flush_at(flush_at), _sink(std::move(sink)) {
    _out.reserve(flush_at);
  }

  void u8(std::uint8_t v) {
    _out.push_back(static_cast<char>(v));
    maybe_flush();
  }
  void u16(std::uint16_t v) { put(v, 2); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void i64(std::int64_t v) { put(static_cast<std::uint64_t>(v), 8); }
  void text(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    raw(s);
  }
  /// Bytes as they are, without their length: the reader must know it.
  void raw(std::string_view s) {
    _out.append(s);
    maybe_flush();
  }
  /// Room for `bytes` more; a writer with a sink never holds more than it flushes at.
  void reserve(std::size_t bytes) {
    if (!_sink) _out.reserve(bytes);
  }
  /// What is held and not yet handed to the sink (everything, without a sink).
  std::string& bytes() { return _out; }
  /// Hands what is held to the sink.
  void flush() {
    if (_sink && !_out.empty()) {
      _sink(_out);
      _out.clear();
    }
  }

 private:
  void put(std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) _out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    maybe_flush();
  }
  void maybe_flush() {
    if (_sink && _out.size() >= _flush_at) flush();
  }
  std::string _out;
  std::size_t _flush_at = 0;
  Sink _sink;
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
  std::string_view text() { return raw(u32()); }
  /// The next `size` bytes as they are.
  std::string_view raw(std::size_t size) {
    need(size);
    const auto s = _in.substr(_at, size);
    advance(size);
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
  /// Calls `callback(position())` each time reading passes another `every` bytes, so that a reader
  /// over a mapped file can hand the pages behind it back to the kernel.
  void on_progress(std::size_t every, std::function<void(std::size_t)> callback) {
    _every = every;
    _progress = std::move(callback);
    _next_progress = _at + every;
  }

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
    advance(static_cast<std::size_t>(width));
    return v;
  }
  void advance(std::size_t n) {
    _at += n;
    if (_at >= _next_progress) {
      _next_progress = _at + _every;
      _progress(_at);
    }
  }
  std::string_view _in;
  std::size_t _at = 0;
  std::size_t _every = 0, _next_progress = std::numeric_limits<std::size_t>::max();
  std::function<void(std::size_t)> _progress;
};

inline constexpr std::uint64_t fnv1a64_basis = 14695981039346656037ULL;

/// FNV-1a over 64 bits: fixed by definition, so a checksum written on one machine checks on another.
/// `h` carries on a hash of the bytes before these, so a file can be checked piece by piece.
inline std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = fnv1a64_basis) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace jobstream::analytics
