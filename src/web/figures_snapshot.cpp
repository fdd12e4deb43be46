#include "web/figures_snapshot.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

/// A file mapped read-only. A snapshot of millions of offers is hundreds of MB: copied whole into
/// memory beside the engine it becomes, it doubled serve's peak memory at a restart. Mapped, its
/// pages are read as the checksum and the decoder reach them, and handed back (release_before)
/// once behind them, so the file costs a few MB of resident memory whatever its size.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0) {
      throw SnapshotError("cannot open the snapshot " + path.string() + ": " + errno_text());
    }
    _size = static_cast<std::size_t>(st.st_size);
    if (_size == 0) return;  // nothing to map: decoding says "truncated"
    void* at = ::mmap(nullptr, _size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (at == MAP_FAILED)
      throw SnapshotError("cannot map the snapshot " + path.string() + ": " + errno_text());
    _data = static_cast<const char*>(at);
    ::madvise(const_cast<char*>(_data), _size, MADV_SEQUENTIAL);
  }
  ~MappedFile() {
    if (_data != nullptr) ::munmap(const_cast<char*>(_data), _size);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {_data, _size}; }
  /// The first `offset` bytes will not be read again: their whole pages go back to the kernel
  /// (read again from the file if ever touched, so this is never a loss of data).
  void release_before(std::size_t offset) {
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t end = std::min(offset, _size) / page * page;
    if (_data == nullptr || end <= _released) return;
    ::madvise(const_cast<char*>(_data) + _released, end - _released, MADV_DONTNEED);
    _released = end;
  }

 private:
  const char* _data = nullptr;
  std::size_t _size = 0, _released = 0;
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

SnapshotFileWriter::SnapshotFileWriter(std::filesystem::path path)
    : _path(std::move(path)),
      _dir(_path.has_parent_path() ? _path.parent_path() : std::filesystem::path(".")),
      _hash(analytics::fnv1a64_basis) {
  // Same directory, so the rename stays on one file system and is atomic.
  _temp = (_dir / ("." + _path.filename().string() + ".XXXXXX")).string();
  _fd = ::mkstemp(_temp.data());
  if (_fd < 0)
    throw SnapshotError("creating a temporary file beside " + _path.string() + ": " + errno_text());
  try {
    write_all(_fd, std::string(header_bytes, '\0'), _temp);  // the header's place, filled in by commit()
  } catch (...) {
    ::close(_fd);
    ::unlink(_temp.c_str());
    throw;
  }
}

SnapshotFileWriter::~SnapshotFileWriter() {
  if (_fd >= 0) {
    ::close(_fd);
    ::unlink(_temp.c_str());
  }
}

void SnapshotFileWriter::append(std::string_view piece) {
  write_all(_fd, piece, _temp);
  _hash = analytics::fnv1a64(piece, _hash);
  _length += piece.size();
}

void SnapshotFileWriter::commit() {
  analytics::ByteWriter header;
  header.bytes().append(magic);
  header.u32(snapshot_format_version);
  header.u64(_length);
  header.u64(_hash);
  if (::lseek(_fd, 0, SEEK_SET) != 0) throw SnapshotError("seeking in " + _temp + ": " + errno_text());
  write_all(_fd, header.bytes(), _temp);  // over the placeholder
  if (::fsync(_fd) != 0) throw SnapshotError("fsync of " + _temp + ": " + errno_text());
  const int fd = _fd;
  _fd = -1;  // closed below whatever happens; the destructor then only cleans up the name
  if (::close(fd) != 0) {
    ::unlink(_temp.c_str());
    throw SnapshotError("closing " + _temp + ": " + errno_text());
  }
  if (::rename(_temp.c_str(), _path.c_str()) != 0) {
    const auto error = errno_text();
    ::unlink(_temp.c_str());
    throw SnapshotError("renaming " + _temp + " to " + _path.string() + ": " + error);
  }
  // The rename is durable only once the directory entry is.
  Fd dir_fd(::open(_dir.c_str(), O_RDONLY | O_DIRECTORY));
  if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) {
    throw SnapshotError("fsync of the directory " + _dir.string() + ": " + errno_text());
  }
}

void write_snapshot_file(const std::filesystem::path& path, std::string_view body) {
  SnapshotFileWriter file(path);
  file.append(body);
  file.commit();
}

LoadedSnapshot decode_snapshot(std::string_view file, const std::function<void(std::size_t)>& consumed) {
  // Pieces of the file between two calls of `consumed`.
  constexpr std::size_t piece = std::size_t{32} << 20;
  if (file.size() < header_bytes) {
    throw SnapshotError("truncated: " + std::to_string(file.size()) + " bytes, shorter than the header");
  }
  if (file.substr(0, magic.size()) != magic) throw SnapshotError("not a figures snapshot (bad magic)");
  analytics::ByteReader header(file.substr(magic.size(), header_bytes - magic.size()));
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
  const std::string_view body = file.substr(header_bytes);
  std::uint64_t hash = analytics::fnv1a64_basis;
  for (std::size_t at = 0; at < body.size(); at += piece) {
    hash = analytics::fnv1a64(body.substr(at, piece), hash);
    if (consumed) consumed(header_bytes + std::min(at + piece, body.size()));
  }
  if (hash != checksum) throw SnapshotError("checksum mismatch (the file is damaged)");

  LoadedSnapshot loaded;
  loaded.file_bytes = file.size();
  try {
    analytics::ByteReader in(body);
    if (consumed) in.on_progress(piece, [&](std::size_t at) { consumed(header_bytes + at); });
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
  MappedFile file(path);
  try {
    return decode_snapshot(file.bytes(), [&](std::size_t offset) { file.release_before(offset); });
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
