#pragma once
// Protocol v4 frame header and request bodies. Pure: builds and parses bytes only.
// v5 wraps these same envelopes in checksummed frames after the handshake; that layer
// would sit between Connection and these functions without changing them.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobstream::cql {

inline constexpr std::uint8_t protocol_version = 4;
inline constexpr std::size_t header_size = 9;
inline constexpr std::uint32_t max_body_size = 256u * 1024 * 1024;

enum class Opcode : std::uint8_t {
  error = 0x00,
  startup = 0x01,
  ready = 0x02,
  authenticate = 0x03,
  options = 0x05,
  supported = 0x06,
  query = 0x07,
  result = 0x08,
  prepare = 0x09,
  execute = 0x0A,
  register_ = 0x0B,
  event = 0x0C,
  batch = 0x0D,
  auth_challenge = 0x0E,
  auth_response = 0x0F,
  auth_success = 0x10,
};

namespace frame_flag {
inline constexpr std::uint8_t compression = 0x01;
inline constexpr std::uint8_t tracing = 0x02;
inline constexpr std::uint8_t custom_payload = 0x04;
inline constexpr std::uint8_t warning = 0x08;
}  // namespace frame_flag

enum class Consistency : std::uint16_t {
  any = 0,
  one = 1,
  two = 2,
  three = 3,
  quorum = 4,
  all = 5,
  local_quorum = 6,
  each_quorum = 7,
  serial = 8,
  local_serial = 9,
  local_one = 10,
};

/// The 9-byte header in front of every frame.
struct FrameHeader {
  std::uint8_t version = protocol_version;  // 0x04 request, 0x84 response
  std::uint8_t flags = 0;
  std::int16_t stream = 0;
  Opcode opcode = Opcode::options;
  std::uint32_t length = 0;
  bool operator==(const FrameHeader&) const = default;
};

/// Writes a header into out[0..9).
void encode_header(const FrameHeader& h, std::uint8_t* out);
/// Parses a response header; throws DecodeError on a wrong version or an oversized body.
FrameHeader decode_header(std::span<const std::uint8_t> in);

/// A received frame: header plus body (decompressed, tracing id / warnings stripped).
struct Frame {
  FrameHeader header;
  std::vector<std::uint8_t> body;
  std::vector<std::string> warnings;
};

/// Strips the tracing id, warnings and custom payload from a response body, according to
/// the header flags, so that `body` starts with the message proper.
void strip_response_extras(Frame& f);

/// One bound value as it goes on the wire: bytes, null or unset.
struct WireValue {
  enum class State : std::uint8_t { set, null, unset } state = State::null;
  std::vector<std::uint8_t> bytes;
};

/// Parameters shared by QUERY and EXECUTE.
struct QueryParams {
  Consistency consistency = Consistency::local_quorum;
  std::span<const WireValue> values;
  bool skip_metadata = false;
  std::int32_t page_size = 0;  // 0 = no paging
  std::optional<std::vector<std::uint8_t>> paging_state;
  std::optional<Consistency> serial_consistency;
  std::optional<std::int64_t> timestamp_us;
};

/// Body writers; each appends to `out`.
void write_startup(std::vector<std::uint8_t>& out,
                   const std::vector<std::pair<std::string, std::string>>& options);
void write_auth_response(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> token);
void write_query(std::vector<std::uint8_t>& out, std::string_view cql, const QueryParams& p);
void write_prepare(std::vector<std::uint8_t>& out, std::string_view cql);
void write_execute(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> id, const QueryParams& p);

enum class BatchType : std::uint8_t { logged = 0, unlogged = 1, counter = 2 };
struct BatchEntry {
  std::span<const std::uint8_t> prepared_id;  // empty => use `query`
  std::string_view query;
  std::span<const WireValue> values;
};
void write_batch(std::vector<std::uint8_t>& out, BatchType type, std::span<const BatchEntry> entries,
                 Consistency consistency, std::optional<std::int64_t> timestamp_us);

/// SUPPORTED body: multimap of option -> values.
std::vector<std::pair<std::string, std::vector<std::string>>> read_supported(
    std::span<const std::uint8_t> body);

}  // namespace jobstream::cql
