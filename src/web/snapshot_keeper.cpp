#include "web/snapshot_keeper.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "analytics/offer_facts.hpp"
#include "web/snapshot_trust.hpp"

namespace jobstream::web {
namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t ms_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
      .count();
}

}  // namespace

SnapshotKeeper::SnapshotKeeper(SnapshotSettings settings, std::string keyspace, std::string topic,
                               LiveFigures& figures)
    : _settings(std::move(settings)),
      _keyspace(std::move(keyspace)),
      _topic(std::move(topic)),
      _figures(figures),
      _next_due(std::chrono::steady_clock::now() + _settings.every) {}

std::optional<std::vector<PartitionLag>> SnapshotKeeper::restore(
    const std::vector<PartitionLag>& partitions) {
  const auto& path = _settings.path;
  if (_settings.full_read) {
    spdlog::info(
        "serve: not using the snapshot {}: a full read was asked for (JOBSTREAM_SERVE_FULL_READ or --full-read)",
        path);
    return std::nullopt;
  }
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    spdlog::info("serve: not using the snapshot {}: there is none yet", path);
    return std::nullopt;
  }
  const auto started = std::chrono::steady_clock::now();
  LoadedSnapshot loaded;
  try {
    loaded = read_snapshot_file(path);
  } catch (const SnapshotError& e) {
    spdlog::error("serve: {}; reading the whole table instead", e.what());
    return std::nullopt;
  }
  const PipelineNow now{analytics::facts_code_version, _keyspace, _topic, _table_id, partitions};
  if (const auto why = snapshot_refusal(loaded.meta, now)) {
    spdlog::warn("serve: not using the snapshot {}: {}; reading the whole table instead", path, *why);
    return std::nullopt;
  }
  const auto offers = loaded.engine.size();
  _figures.restore(std::move(loaded.engine), loaded.meta.last_harvested_at);
  std::vector<PartitionLag> from = partitions;
  for (auto& p : from) {
    for (const auto& saved : loaded.meta.positions) {
      if (saved.partition == p.partition) p.committed = saved.next;
    }
  }
  spdlog::info("serve: loaded the snapshot {} ({} offers, {} bytes, written {} s ago) in {} ms; following {} "
               "from its positions",
               path, offers, loaded.file_bytes, (wall_ms() - loaded.meta.written_at_ms) / 1000,
               ms_since(started), _topic);
  return from;
}

void SnapshotKeeper::after_batch(const std::vector<TopicPosition>& positions, TopicTail::Last last) {
  const auto now = std::chrono::steady_clock::now();
  if (last == TopicTail::Last::no && now < _next_due) return;
  _next_due = now + _settings.every;
  try {
    write(positions);
  } catch (const std::exception& e) {
    spdlog::warn("serve: writing the snapshot {} failed (tried again in {} s): {}", _settings.path,
                 _settings.every.count() / 1000, e.what());
  }
}

void SnapshotKeeper::write(const std::vector<TopicPosition>& positions) {
  if (_table_id.empty()) throw SnapshotError("the id of " + _keyspace + ".offers is not known");
  const auto started = std::chrono::steady_clock::now();
  SnapshotMeta meta;
  meta.facts_version = analytics::facts_code_version;
  meta.keyspace = _keyspace;
  meta.topic = _topic;
  meta.table_id = _table_id;
  meta.positions = positions;
  meta.written_at_ms = wall_ms();
  const auto status = _figures.status();
  meta.last_harvested_at = status.last_harvested_at;
  // Streamed to the file in pieces of 8 MiB: an image of millions of offers is hundreds of MB,
  // and held whole beside the engine it would set serve's peak memory.
  SnapshotFileWriter file(_settings.path);
  analytics::ByteWriter body(std::size_t{8} << 20, [&](std::string_view piece) { file.append(piece); });
  write_snapshot_meta(meta, body);
  const auto image_started = std::chrono::steady_clock::now();
  _figures.write_image(body);
  body.flush();
  const auto image_ms = ms_since(image_started);
  file.commit();
  spdlog::info("serve: wrote the snapshot {} ({} offers, {} bytes) in {} ms ({} ms writing under the lock)",
               _settings.path, status.offers, file.body_bytes(), ms_since(started), image_ms);
}

std::string read_offer_table_id(cql::Session& session, const std::string& keyspace) {
  const auto found = session.query(
      "SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = 'offers'", {keyspace});
  if (found.rows.empty() || found.rows[0].empty() || found.rows[0][0].is_null()) return {};
  const auto& uuid = found.rows[0][0].as<cql::Uuid>();
  return hex_id(uuid.bytes.data(), uuid.bytes.size());
}

}  // namespace jobstream::web
