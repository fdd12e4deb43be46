#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace jobstream::pipeline {

/// Offers the producer will not publish, kept whole in a JSON Lines file so that nothing is lost
/// and each can be looked at (and published again once the cause is fixed). Reasons: a record over
/// offer::max_record_bytes (librdkafka or the broker refuses it; it could not even be
/// dead-lettered), or an id the consumer would reject. One line per refusal:
///   {"refused_at":"2026-11-30T17:00:00.000Z","id":"180HSFM","reason":"...","bytes":1048600,
///    "record":{ ...the jobstream.offer/1 record, verbatim... }}
///
/// @locality keep(): any thread (the harvesting thread, the publisher's delivery thread).
/// @locks its own mutex, held while a line is appended.
class RefusedOffers {
 public:
  explicit RefusedOffers(std::filesystem::path file);

  /// Appends one line. `record` must be one JSON value (records are built by encode_record).
  /// Returns false, after logging why, when the file cannot be written: the caller must then treat
  /// the offer as not handled.
  bool keep(std::string_view id, std::string_view reason, std::string_view record);

  std::uint64_t count() const { return _count.load(); }
  const std::filesystem::path& file() const { return _file; }

 private:
  std::filesystem::path _file;
  std::mutex _mutex;
  std::atomic<std::uint64_t> _count{0};
};

/// Why an offer with this id must not be published (the consumer would reject its record), or
/// nullopt. The rule itself is offer::offer_id_problem, shared with the consumer.
std::optional<std::string> id_refusal(std::string_view id);

/// The id as a JSON string, at most 80 bytes of it, for logs: a refused id may hold anything.
std::string quoted_id(std::string_view id);

/// `<state_dir>/refused-offers.jsonl`.
std::filesystem::path refused_offers_file(const std::string& state_dir);

}  // namespace jobstream::pipeline
