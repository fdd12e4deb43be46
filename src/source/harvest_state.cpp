#include "source/harvest_state.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace jobstream::source {
namespace {

using nlohmann::json;

json time_json(const std::optional<Seconds>& t) { return t ? json(format_api_time(*t)) : json(nullptr); }

std::optional<Seconds> time_from(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  const auto t = parse_api_time(j[key].get<std::string>());
  if (!t) throw std::runtime_error(fmt::format("'{}' is not a date", key));
  return t;
}

json slice_json(const Slice& s) {
  json j = {{"min", format_api_time(s.min)}, {"max", format_api_time(s.max)}};
  if (!s.filters.empty()) {
    json filters = json::array();
    for (const auto& f : s.filters) filters.push_back({{"param", f.param}, {"values", f.values}});
    j["filters"] = std::move(filters);
  }
  if (s.best_effort) j["bestEffort"] = true;
  return j;
}

Slice slice_from(const json& j) {
  Slice s;
  s.min = *time_from(j, "min");
  s.max = *time_from(j, "max");
  // States written before cuts were general name their two possible filters.
  for (const char* param : {"departement", "typeContrat"}) {
    if (j.contains(param)) s.filters.push_back({param, j[param].get<std::string>()});
  }
  if (j.contains("filters")) {
    for (const auto& f : j["filters"]) s.filters.push_back({f.at("param").get<std::string>(), f.at("values").get<std::string>()});
  }
  s.best_effort = j.value("bestEffort", false);
  return s;
}

}  // namespace

std::string HarvestState::to_json() const {
  json j;
  j["version"] = 1;
  if (!source.empty()) j["source"] = source;
  j["watermark"] = time_json(watermark);
  j["sweepEpoch"] = sweep_epoch;
  j["lastSweepStarted"] = time_json(last_sweep_started);
  if (last_complete_total > 0) j["lastCompleteTotal"] = last_complete_total;
  if (sweep) {
    json pending = json::array();
    for (const auto& s : sweep->pending) pending.push_back(slice_json(s));
    j["sweep"] = {{"epoch", sweep->epoch},
                  {"started", format_api_time(sweep->started)},
                  {"expectedTotal", sweep->expected_total},
                  {"pending", pending}};
  } else {
    j["sweep"] = nullptr;
  }
  // Compact per-offer triples: [fingerprint (hex), last sweep epoch, misses].
  json offers = json::object();
  for (const auto& [id, k] : known)
    offers[id] = json::array({fmt::format("{:016x}", k.fingerprint), k.sweep_epoch, k.misses});
  j["known"] = std::move(offers);
  return j.dump();
}

HarvestState HarvestState::from_json(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || j.value("version", 0) != 1)
    throw std::runtime_error("not a version-1 source state document");
  try {
    HarvestState s;
    s.source = j.value("source", std::string());
    s.watermark = time_from(j, "watermark");
    s.sweep_epoch = j.value("sweepEpoch", 0u);
    s.last_sweep_started = time_from(j, "lastSweepStarted");
    s.last_complete_total = j.value("lastCompleteTotal", std::int64_t{0});
    if (j.contains("sweep") && j["sweep"].is_object()) {
      const auto& w = j["sweep"];
      SweepProgress p;
      p.epoch = w.at("epoch").get<std::uint32_t>();
      p.started = *time_from(w, "started");
      p.expected_total = w.value("expectedTotal", std::int64_t{0});
      for (const auto& e : w.at("pending")) p.pending.push_back(slice_from(e));
      s.sweep = std::move(p);
    }
    if (j.contains("known")) {
      for (const auto& [id, v] : j["known"].items()) {
        KnownOffer k;
        k.fingerprint = std::stoull(v.at(0).get<std::string>(), nullptr, 16);
        k.sweep_epoch = v.at(1).get<std::uint32_t>();
        k.misses = v.at(2).get<std::uint32_t>();
        s.known.emplace(id, k);
      }
    }
    return s;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("malformed source state: ") + e.what());
  }
}

void HarvestState::save(const std::filesystem::path& path) const {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const auto tmp = std::filesystem::path(path.string() + ".tmp");
  const std::string text = to_json();
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error(fmt::format("cannot write {}: {}", tmp.string(), std::strerror(errno)));
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw std::runtime_error(fmt::format("cannot write {}: {}", tmp.string(), std::strerror(err)));
    }
    done += static_cast<std::size_t>(n);
  }
  // Data on disk before the rename makes it visible: a crash leaves the old or the new file.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    throw std::runtime_error(fmt::format("cannot flush {}: {}", tmp.string(), std::strerror(errno)));
  }
  std::filesystem::rename(tmp, path);
}

HarvestState HarvestState::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return {};
    throw std::runtime_error(fmt::format("cannot read source state {}", path.string()));
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return from_json(text.str());
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {} (move it away to start afresh)", path.string(), e.what()));
  }
}

}  // namespace jobstream::source
