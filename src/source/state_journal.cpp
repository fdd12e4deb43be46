#include "source/state_journal.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace jobstream::source {
namespace {

constexpr std::string_view log_magic = "jobstream-source-log 1 ";

using Clock = std::chrono::steady_clock;

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 14695981039346656037ull) {
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/// Ids as the API gives them are short and plain; anything else (spaces, quotes, control
/// characters) is written as a JSON string, so one line is always one record.
void append_id(std::string& out, const std::string& id) {
  const bool plain = !id.empty() && id.front() != '"' && std::all_of(id.begin(), id.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7f;
  });
  out += plain ? id : nlohmann::json(id).dump();
}

std::string read_id(std::string_view text) {
  if (text.empty() || text.front() != '"') return std::string(text);
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_string()) throw std::runtime_error("an id is not a JSON string");
  return j.get<std::string>();
}

struct Change {
  std::string id;
  std::optional<KnownOffer> offer;  // nullopt: erased
};

/// One record line (without its newline); throws std::runtime_error when it is not one.
Change parse_change(std::string_view line) {
  Change c;
  if (line.size() >= 2 && line.front() == '-') {
    c.id = read_id(line.substr(1));
    return c;
  }
  const auto tab = line.find('\t');
  if (line.size() < 2 || line.front() != '+' || tab == std::string_view::npos)
    throw std::runtime_error("not a record line");
  c.id = read_id(line.substr(1, tab - 1));
  KnownOffer k;
  std::istringstream fields{std::string(line.substr(tab + 1))};
  fields >> std::hex >> k.fingerprint >> std::dec >> k.sweep_epoch >> k.misses;
  if (!fields) throw std::runtime_error("a record's numbers are malformed");
  c.offer = k;
  return c;
}

void write_all(int fd, const std::string& text, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

StateJournal::StateJournal(std::filesystem::path snapshot) : _snapshot(std::move(snapshot)) {}

StateJournal::~StateJournal() { close_log(); }

std::filesystem::path StateJournal::log_path() const {
  return std::filesystem::path(_snapshot.string() + ".log");
}

void StateJournal::close_log() {
  if (_log_fd >= 0) ::close(_log_fd);
  _log_fd = -1;
}

HarvestState StateJournal::load() {
  HarvestState state = HarvestState::load(_snapshot);
  std::error_code ec;
  _snapshot_bytes = std::filesystem::exists(_snapshot, ec) ? std::filesystem::file_size(_snapshot, ec) : 0;
  _generation = state.generation;
  _must_compact = true;
  _log_bytes = 0;
  std::ifstream in(log_path(), std::ios::binary);
  if (!in) return state;
  std::stringstream whole;
  whole << in.rdbuf();
  const std::string text = whole.str();
  const auto header_end = text.find('\n');
  const std::string expected_header = fmt::format("{}{}", log_magic, _generation);
  if (_snapshot_bytes == 0 || header_end == std::string::npos ||
      text.substr(0, header_end) != expected_header) {
    // Written for another snapshot (a crash between a new snapshot and its log): the snapshot
    // already holds everything the log did.
    spdlog::warn("source: state log {} does not belong to snapshot generation {}; ignored",
                 log_path().string(), _generation);
    return state;
  }
  std::size_t pos = header_end + 1;
  std::size_t committed_end = pos;
  std::size_t batches = 0;
  std::vector<Change> batch;
  std::uint64_t hash = fnv1a("");
  try {
    while (pos < text.size()) {
      const auto nl = text.find('\n', pos);
      if (nl == std::string::npos) break;  // a torn last line
      const std::string_view line(text.data() + pos, nl - pos);
      if (!line.empty() && line.front() == '=') {
        const auto space = line.find(' ');
        if (space != 17) break;
        const auto meta = line.substr(space + 1);
        if (fmt::format("{:016x}", fnv1a(meta, hash)) != line.substr(1, 16)) break;  // torn or damaged batch
        for (auto& c : batch) {
          if (c.offer) state.known[c.id] = *c.offer;
          else state.known.erase(c.id);
        }
        state.apply_meta(std::string(meta));
        state.generation = _generation;
        batch.clear();
        hash = fnv1a("");
        committed_end = nl + 1;
        ++batches;
      } else {
        batch.push_back(parse_change(line));
        hash = fnv1a(text.substr(pos, nl + 1 - pos), hash);
      }
      pos = nl + 1;
    }
  } catch (const std::exception& e) {
    // A record that does not parse ends what can be trusted, as a torn write does.
    spdlog::warn("source: state log {}: {} at byte {}", log_path().string(), e.what(), pos);
  }
  state.known.clear_changed();
  if (committed_end < text.size()) {
    spdlog::warn("source: state log {}: the last {} bytes are an unfinished checkpoint; dropped",
                 log_path().string(), text.size() - committed_end);
    std::filesystem::resize_file(log_path(), committed_end);
  }
  _log_bytes = committed_end;
  _must_compact = false;
  spdlog::debug("source: state log {}: {} checkpoints applied", log_path().string(), batches);
  return state;
}

StateJournal::Batch StateJournal::prepare(HarvestState& state) {
  const auto changed = state.known.take_changed();
  Batch b;
  if (!_must_compact) {
    b.generation = _generation;
    b.text.reserve(changed.size() * 40 + 256);
    for (const auto& id : changed) {
      const auto& view = static_cast<const KnownOffers&>(state.known);
      const auto k = view.find(id);
      if (k == view.end()) {
        b.text += '-';
        append_id(b.text, id);
      } else {
        b.text += '+';
        append_id(b.text, id);
        fmt::format_to(std::back_inserter(b.text), "\t{:x} {} {}", k->second.fingerprint,
                       k->second.sweep_epoch, k->second.misses);
      }
      b.text += '\n';
    }
    const auto meta = state.meta_json();
    const auto hash = fnv1a(meta, fnv1a(b.text));
    fmt::format_to(std::back_inserter(b.text), "={:016x} {}\n", hash, meta);
    // Past the snapshot's own size, the log would cost more to replay than a new snapshot to write.
    if (_log_bytes + b.text.size() <= std::max<std::uint64_t>(_snapshot_bytes, 4096)) return b;
  }
  state.known.clear_changed();
  state.generation = _generation + 1;
  return Batch{true, state.generation, state.to_json()};
}

void StateJournal::write(const Batch& batch) {
  const auto started = Clock::now();
  try {
    if (batch.compaction) compact(batch);
    else append(batch.text);
  } catch (...) {
    _must_compact = true;  // what prepare() took is only in memory now: the next checkpoint writes it all
    throw;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const auto bytes = static_cast<std::int64_t>(batch.text.size());
  if (batch.compaction) {
    ++_stats.compactions;
    _stats.compaction_bytes += bytes;
    _stats.compaction_seconds += seconds;
    _stats.longest_compaction_seconds = std::max(_stats.longest_compaction_seconds, seconds);
  } else {
    ++_stats.appends;
    _stats.append_bytes += bytes;
    _stats.append_seconds += seconds;
    _stats.longest_append_seconds = std::max(_stats.longest_append_seconds, seconds);
  }
}

void StateJournal::append(const std::string& text) {
  if (_log_fd < 0) {
    _log_fd = ::open(log_path().c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (_log_fd < 0)
      throw std::runtime_error(fmt::format("cannot open {}: {}", log_path().string(), std::strerror(errno)));
  }
  try {
    write_all(_log_fd, text, log_path());
    if (::fdatasync(_log_fd) != 0)
      throw std::runtime_error(fmt::format("cannot flush {}: {}", log_path().string(), std::strerror(errno)));
  } catch (...) {
    close_log();
    throw;
  }
  _log_bytes += text.size();
}

void StateJournal::compact(const Batch& batch) {
  // Snapshot first, then the log that names it: between the two renames the old log names the
  // old generation and is ignored, and the new snapshot already holds everything.
  write_file_atomically(_snapshot, batch.text);
  close_log();
  const std::string header = fmt::format("{}{}\n", log_magic, batch.generation);
  write_file_atomically(log_path(), header);
  _generation = batch.generation;
  _snapshot_bytes = batch.text.size();
  _log_bytes = header.size();
  _must_compact = false;
}

}  // namespace jobstream::source
