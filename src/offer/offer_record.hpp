#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace jobstream::offer {

/// The value of every message on the offers topic: a versioned JSON envelope around the offer object
/// exactly as the API returned it. The message key is the offer id, so every version of one offer
/// lands in one partition, in order.
///
/// Schema "jobstream.offer/1" (documented in docs/offer-record.md):
///   {"schema":"jobstream.offer/1","kind":"upsert","id":"180HSFM","source":"francetravail",
///    "harvested_at":"2026-11-24T16:00:00.123Z","offer":{ ...the API object, byte for byte... }}
///   {"schema":"jobstream.offer/1","kind":"withdrawal","id":"180HSFM","source":"francetravail",
///    "harvested_at":"...","withdrawn_at":"2026-11-24T16:00:00.000Z"}
inline constexpr std::string_view offer_record_schema = "jobstream.offer/1";

using SysTime = std::chrono::sys_time<std::chrono::milliseconds>;

/// The largest record (key + value) the producer publishes: librdkafka's default message.max.bytes,
/// which the consumer's dead-letter producer shares. An offer whose record is larger is refused
/// before publishing and kept aside (see pipeline::RefusedOffers), never sent to fail later.
inline constexpr std::size_t max_record_bytes = 1'000'000;

/// Why `id` cannot be an offer id, or nullopt when it can: 1 to 64 printable ASCII characters, no
/// blank. The one rule for both ends: the consumer refuses a record with any other id, so the
/// producer refuses such an offer before publishing it.
std::optional<std::string_view> offer_id_problem(std::string_view id);

/// An offer seen by the harvester, as published.
struct OfferUpsert {
  std::string id;
  std::string source;  ///< "francetravail", "emulator", "replay:<file>"
  SysTime harvested_at{};
  std::string offer_json;  ///< the API object, byte-exact
};

/// An offer that disappeared from the API (found missing by a full sweep).
struct OfferWithdrawal {
  std::string id;
  std::string source;
  SysTime harvested_at{};
  SysTime withdrawn_at{};
};

using OfferRecord = std::variant<OfferUpsert, OfferWithdrawal>;

/// Why a message could not be read as an offer record. The text names the field at fault;
/// it never repeats the message's content.
struct RecordError {
  std::string reason;
};

/// Serializes a record into the message value. `offer_json` is spliced verbatim, so it must be
/// one JSON object (the harvester only emits objects it has parsed).
std::string encode_record(const OfferUpsert& upsert);
std::string encode_record(const OfferWithdrawal& withdrawal);

/// Parses a message value. `key` is the message key, which must equal the record's id.
/// Malformed input gives a RecordError, never an exception or a crash.
std::variant<OfferRecord, RecordError> decode_record(std::string_view key, std::string_view value);

/// The id of a decoded record (same for both kinds).
const std::string& record_id(const OfferRecord& record);

/// ISO-8601 UTC with milliseconds ("2026-11-24T16:00:00.123Z") and back. parse_time accepts the
/// API's forms too: "2026-11-24T16:00:00Z", "...00.1Z", "...00.123456Z", "+00:00" offsets.
std::string format_time(SysTime t);
bool parse_time(std::string_view text, SysTime& out);

}  // namespace jobstream::offer
