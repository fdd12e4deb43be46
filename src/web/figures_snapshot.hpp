#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analytics/byte_codec.hpp"
#include "analytics/figures_engine.hpp"

namespace jobstream::web {

/// Where the topic tail stood on one partition: every record below `next` is in the engine.
struct TopicPosition {
  std::int32_t partition = 0;
  std::int64_t next = 0;
  bool operator==(const TopicPosition&) const = default;
};

/// What a snapshot of the live figures was taken from; `serve` trusts the file only when all of it
/// still describes the pipeline it follows (snapshot_trust.hpp).
struct SnapshotMeta {
  std::uint32_t facts_version = 0;  ///< analytics::facts_code_version of the writer
  std::string keyspace, topic;
  std::string table_id;  ///< system_schema.tables id of <keyspace>.offers, new when re-created
  std::vector<TopicPosition> positions;  ///< one per partition of the topic, sorted by partition
  std::int64_t written_at_ms = 0;
  std::optional<analytics::Timestamp> last_harvested_at;  ///< for /api/health, as before the restart
};

/// A snapshot file that cannot be used: missing, short, damaged or of another format. The message
/// names the path.
class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Format of the file, bumped when the layout (meta or engine image) changes.
inline constexpr std::uint32_t snapshot_format_version = 1;

/// The body of a snapshot starts with its meta; the engine image (analytics::EngineImage) follows.
void write_snapshot_meta(const SnapshotMeta& meta, analytics::ByteWriter& body);

/// Writes `body` (meta then engine image) to `path` behind a header: magic "JSFIGSNP", the format
/// version, the body's length and its FNV-1a checksum. Atomic: a temporary file in the same
/// directory is written, fsync'ed and renamed over `path`, then the directory is fsync'ed, so a
/// crash leaves the old file or the new one, never half of one. Throws SnapshotError.
void write_snapshot_file(const std::filesystem::path& path, std::string_view body);

/// The same, with the body handed over piece by piece (a ByteWriter's sink), so that a snapshot of
/// millions of offers never sits whole in memory beside the engine: the pieces go to the temporary
/// file as they come, the header (length, checksum) is written over its placeholder at commit().
/// Destroyed without commit(), it removes the temporary file and leaves `path` as it was.
class SnapshotFileWriter {
 public:
  explicit SnapshotFileWriter(std::filesystem::path path);
  ~SnapshotFileWriter();
  SnapshotFileWriter(const SnapshotFileWriter&) = delete;
  SnapshotFileWriter& operator=(const SnapshotFileWriter&) = delete;

  void append(std::string_view piece);
  /// Header, fsync, rename over the path, fsync of the directory. Throws SnapshotError.
  void commit();
  std::uint64_t body_bytes() const { return _length; }

 private:
  std::filesystem::path _path, _dir;  // the file, and the directory its temporary and rename live in
  std::string _temp;
  int _fd = -1;
  std::uint64_t _length = 0, _hash = 0;
};

/// A snapshot read back.
struct LoadedSnapshot {
  SnapshotMeta meta;
  analytics::FiguresEngine engine;
  std::size_t file_bytes = 0;
};

/// Reads and checks a snapshot file (magic, format version, length, checksum, then every field).
/// Throws SnapshotError naming the path and what is wrong; never reads past what the file holds.
LoadedSnapshot read_snapshot_file(const std::filesystem::path& path);

/// Decodes a snapshot's bytes (the file's whole content); what read_snapshot_file does over the
/// mapped file. `consumed(n)`, when set, is told now and then that the first n bytes will not be
/// read again. Throws SnapshotError (without a path).
LoadedSnapshot decode_snapshot(std::string_view file, const std::function<void(std::size_t)>& consumed = {});

/// "0a1b...": 32 hex digits of a CQL uuid's bytes, the form the table id is kept in.
std::string hex_id(const std::uint8_t* bytes, std::size_t size);

}  // namespace jobstream::web
