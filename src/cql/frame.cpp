#include "cql/frame.hpp"

#include "cql/wire.hpp"

namespace jobstream::cql {

void encode_header(const FrameHeader& h, std::uint8_t* out) {
  out[0] = h.version;
  out[1] = h.flags;
  out[2] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(h.stream) >> 8);
  out[3] = static_cast<std::uint8_t>(h.stream);
  out[4] = static_cast<std::uint8_t>(h.opcode);
  out[5] = static_cast<std::uint8_t>(h.length >> 24);
  out[6] = static_cast<std::uint8_t>(h.length >> 16);
  out[7] = static_cast<std::uint8_t>(h.length >> 8);
  out[8] = static_cast<std::uint8_t>(h.length);
}

FrameHeader decode_header(std::span<const std::uint8_t> in) {
  Reader r(in);
  FrameHeader h;
  h.version = r.u8();
  if ((h.version & 0x7F) != protocol_version)
    throw DecodeError("unsupported protocol version byte " + std::to_string(h.version));
  h.flags = r.u8();
  h.stream = static_cast<std::int16_t>(r.u16());
  auto op = r.u8();
  if (op > static_cast<std::uint8_t>(Opcode::auth_success) || op == 0x04)
    throw DecodeError("unknown opcode " + std::to_string(op));
  h.opcode = static_cast<Opcode>(op);
  h.length = r.u32();
  if (h.length > max_body_size) throw DecodeError("frame body too large: " + std::to_string(h.length));
  return h;
}

void strip_response_extras(Frame& f) {
  Reader r(f.body);
  if (f.header.flags & frame_flag::tracing) r.take(16);
  if (f.header.flags & frame_flag::warning) f.warnings = r.string_list();
  if (f.header.flags & frame_flag::custom_payload) {
    auto n = r.u16();
    for (std::uint16_t i = 0; i < n; ++i) {
      r.string();
      std::span<const std::uint8_t> v;
      r.bytes(v);
    }
  }
  auto consumed = f.body.size() - r.remaining();
  if (consumed) f.body.erase(f.body.begin(), f.body.begin() + static_cast<std::ptrdiff_t>(consumed));
}

void write_startup(std::vector<std::uint8_t>& out,
                   const std::vector<std::pair<std::string, std::string>>& options) {
  Writer w(out);
  w.u16(static_cast<std::uint16_t>(options.size()));
  for (const auto& [k, v] : options) {
    w.string(k);
    w.string(v);
  }
}

void write_auth_response(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> token) {
  Writer(out).bytes(token);
}

namespace {
void write_value(Writer& w, const WireValue& v) {
  switch (v.state) {
    case WireValue::State::set:
      w.bytes(v.bytes);
      break;
    case WireValue::State::null:
      w.null_bytes();
      break;
    case WireValue::State::unset:
      w.unset_bytes();
      break;
  }
}

void write_params(Writer& w, const QueryParams& p) {
  w.u16(static_cast<std::uint16_t>(p.consistency));
  std::uint8_t flags = 0;
  if (!p.values.empty()) flags |= 0x01;
  if (p.skip_metadata) flags |= 0x02;
  if (p.page_size > 0) flags |= 0x04;
  if (p.paging_state) flags |= 0x08;
  if (p.serial_consistency) flags |= 0x10;
  if (p.timestamp_us) flags |= 0x20;
  w.u8(flags);
  if (!p.values.empty()) {
    w.u16(static_cast<std::uint16_t>(p.values.size()));
    for (const auto& v : p.values) write_value(w, v);
  }
  if (p.page_size > 0) w.i32(p.page_size);
  if (p.paging_state) w.bytes(*p.paging_state);
  if (p.serial_consistency) w.u16(static_cast<std::uint16_t>(*p.serial_consistency));
  if (p.timestamp_us) w.i64(*p.timestamp_us);
}
}  // namespace

void write_query(std::vector<std::uint8_t>& out, std::string_view cql, const QueryParams& p) {
  Writer w(out);
  w.long_string(cql);
  write_params(w, p);
}

void write_prepare(std::vector<std::uint8_t>& out, std::string_view cql) { Writer(out).long_string(cql); }

void write_execute(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> id, const QueryParams& p) {
  Writer w(out);
  w.short_bytes(id);
  write_params(w, p);
}

void write_batch(std::vector<std::uint8_t>& out, BatchType type, std::span<const BatchEntry> entries,
                 Consistency consistency, std::optional<std::int64_t> timestamp_us) {
  Writer w(out);
  w.u8(static_cast<std::uint8_t>(type));
  w.u16(static_cast<std::uint16_t>(entries.size()));
  for (const auto& e : entries) {
    if (!e.prepared_id.empty()) {
      w.u8(1);
      w.short_bytes(e.prepared_id);
    } else {
      w.u8(0);
      w.long_string(e.query);
    }
    w.u16(static_cast<std::uint16_t>(e.values.size()));
    for (const auto& v : e.values) write_value(w, v);
  }
  w.u16(static_cast<std::uint16_t>(consistency));
  w.u8(timestamp_us ? 0x20 : 0x00);
  if (timestamp_us) w.i64(*timestamp_us);
}

std::vector<std::pair<std::string, std::vector<std::string>>> read_supported(
    std::span<const std::uint8_t> body) {
  Reader r(body);
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  auto n = r.u16();
  for (std::uint16_t i = 0; i < n; ++i) {
    auto k = r.string();
    out.emplace_back(std::move(k), r.string_list());
  }
  return out;
}

}  // namespace jobstream::cql
