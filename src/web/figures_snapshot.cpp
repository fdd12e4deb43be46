#include "web/figures_snapshot.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "analytics/engine_image.hpp"

namespace jobstream::web {
namespace {

constexpr std::string_view magic = "JSFIGSNP";
constexpr std::size_t header_bytes = 8 + 4 + 8 + 8;

std::string errno_text() { return std::strerror(errno); }

/// A file descriptor closed on every path out.
class Fd {
 public:
  explicit Fd(int fd) : _fd(fd) {}
  ~Fd() {
    if (_fd >= 0) ::close(_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return _fd; }
  int release() {
    const int fd = _fd;
    _fd = -1;
    return fd;
  }

 private:
  int _fd;
};

void write_all(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SnapshotError("writing " + path + ": " + errno_text());
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

void write_snapshot_meta(const SnapshotMeta& meta, analytics::ByteWriter& body) {
  body.u32(meta.facts_version);
  body.text(meta.keyspace);
  body.text(meta.topic);
  body.text(meta.table_id);
  body.u64(meta.positions.size());
  for (const auto& p : meta.positions) {
    body.u32(static_cast<std::uint32_t>(p.partition));
    body.i64(p.next);
  }
  body.i64(meta.written_at_ms);
  body.u8(meta.last_harvested_at ? 1 : 0);
  body.i64(meta.last_harvested_at ? meta.last_harvested_at->time_since_epoch().count() : 0);
}

void write_snapshot_file(const std::filesystem::path& path, const std::string& body) {
  analytics::ByteWriter header;
  header.bytes().append(magic);
  header.u32(snapshot_format_version);
  header.u64(body.size());
  header.u64(analytics::fnv1a64(body));

  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  // Same directory, so the rename stays on one file system and is atomic.
  std::string temp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  Fd fd(::mkstemp(temp.data()));
  if (fd.get() < 0)
    throw SnapshotError("creating a temporary file beside " + path.string() + ": " + errno_text());
  try {
    write_all(fd.get(), header.bytes(), temp);
    write_all(fd.get(), body, temp);
    if (::fsync(fd.get()) != 0) throw SnapshotError("fsync of " + temp + ": " + errno_text());
    if (::close(fd.release()) != 0) throw SnapshotError("closing " + temp + ": " + errno_text());
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      throw SnapshotError("renaming " + temp + " to " + path.string() + ": " + errno_text());
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  // The rename is durable only once the directory entry is.
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY));
  if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) {
    throw SnapshotError("fsync of the directory " + dir.string() + ": " + errno_text());
  }
}

LoadedSnapshot decode_snapshot(const std::string& file) {
  if (file.size() < header_bytes) {
    throw SnapshotError("truncated: " + std::to_string(file.size()) + " bytes, shorter than the header");
  }
  if (std::string_view(file).substr(0, magic.size()) != magic)
    throw SnapshotError("not a figures snapshot (bad magic)");
  analytics::ByteReader header(std::string_view(file).substr(magic.size(), header_bytes - magic.size()));
  const auto version = header.u32();
  if (version != snapshot_format_version) {
    throw SnapshotError("format version " + std::to_string(version) + ", this build reads " +
                        std::to_string(snapshot_format_version));
  }
  const auto length = header.u64();
  const auto checksum = header.u64();
  if (length != file.size() - header_bytes) {
    throw SnapshotError("truncated or extended: the header announces " + std::to_string(length) +
                        " body bytes, the file holds " + std::to_string(file.size() - header_bytes));
  }
  const std::string_view body = std::string_view(file).substr(header_bytes);
  if (analytics::fnv1a64(body) != checksum) throw SnapshotError("checksum mismatch (the file is damaged)");

  LoadedSnapshot loaded;
  loaded.file_bytes = file.size();
  try {
    analytics::ByteReader in(body);
    auto& meta = loaded.meta;
    meta.facts_version = in.u32();
    meta.keyspace = in.text();
    meta.topic = in.text();
    meta.table_id = in.text();
    const auto partitions = in.count(12);
    for (std::size_t i = 0; i < partitions; ++i) {
      TopicPosition p;
      p.partition = static_cast<std::int32_t>(in.u32());
      p.next = in.i64();
      meta.positions.push_back(p);
    }
    meta.written_at_ms = in.i64();
    const bool harvested = in.u8() != 0;
    const auto harvested_ms = in.i64();
    if (harvested) meta.last_harvested_at = analytics::Timestamp(std::chrono::milliseconds(harvested_ms));
    loaded.engine = analytics::EngineImage::read(in);
    if (!in.at_end()) throw analytics::ImageError("bytes left after the engine image");
  } catch (const analytics::ImageError& e) {
    throw SnapshotError(std::string("damaged body: ") + e.what());
  }
  return loaded;
}

LoadedSnapshot read_snapshot_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SnapshotError("cannot open the snapshot " + path.string() + ": " + errno_text());
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw SnapshotError("reading the snapshot " + path.string() + " failed");
  try {
    return decode_snapshot(std::move(content).str());
  } catch (const SnapshotError& e) {
    throw SnapshotError("the snapshot " + path.string() + " cannot be used: " + e.what());
  }
}

std::string hex_id(const std::uint8_t* bytes, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0xF]);
  }
  return out;
}

}  // namespace jobstream::web
