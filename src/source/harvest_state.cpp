#include "source/harvest_state.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
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
  if (s.walked_to) {
    j["walkedTo"] = format_api_time(*s.walked_to);
    j["walkTop"] = format_api_time(s.walk_top);
  }
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
    for (const auto& f : j["filters"])
      s.filters.push_back({f.at("param").get<std::string>(), f.at("values").get<std::string>()});
  }
  s.best_effort = j.value("bestEffort", false);
  if (j.contains("walkedTo")) {
    s.walked_to = time_from(j, "walkedTo");
    s.walk_top = time_from(j, "walkTop").value_or(s.max);
  }
  return s;
}

json meta_object(const HarvestState& s) {
  json j;
  j["version"] = 1;
  if (!s.source.empty()) j["source"] = s.source;
  if (s.generation != 0) j["generation"] = s.generation;
  j["watermark"] = time_json(s.watermark);
  j["sweepEpoch"] = s.sweep_epoch;
  j["lastSweepStarted"] = time_json(s.last_sweep_started);
  if (s.last_complete_total > 0) j["lastCompleteTotal"] = s.last_complete_total;
  if (s.sweep) {
    json pending = json::array();
    for (const auto& sl : s.sweep->pending) pending.push_back(slice_json(sl));
    j["sweep"] = {{"epoch", s.sweep->epoch},
                  {"started", format_api_time(s.sweep->started)},
                  {"expectedTotal", s.sweep->expected_total},
                  {"pending", pending}};
  } else {
    j["sweep"] = nullptr;
  }
  return j;
}

void read_meta(const json& j, HarvestState& s) {
  s.source = j.value("source", std::string());
  s.generation = j.value("generation", std::uint64_t{0});
  s.watermark = time_from(j, "watermark");
  s.sweep_epoch = j.value("sweepEpoch", 0u);
  s.last_sweep_started = time_from(j, "lastSweepStarted");
  s.last_complete_total = j.value("lastCompleteTotal", std::int64_t{0});
  s.sweep.reset();
  if (j.contains("sweep") && j["sweep"].is_object()) {
    const auto& w = j["sweep"];
    SweepProgress p;
    p.epoch = w.at("epoch").get<std::uint32_t>();
    p.started = *time_from(w, "started");
    p.expected_total = w.value("expectedTotal", std::int64_t{0});
    for (const auto& e : w.at("pending")) p.pending.push_back(slice_from(e));
    s.sweep = std::move(p);
  }
}

KnownOffer known_from(const json& v) {
  KnownOffer k;
  k.fingerprint = std::stoull(v.at(0).get<std::string>(), nullptr, 16);
  k.sweep_epoch = v.at(1).get<std::uint32_t>();
  k.misses = v.at(2).get<std::uint32_t>();
  return k;
}

}  // namespace

std::string HarvestState::meta_json() const { return meta_object(*this).dump(); }

void HarvestState::apply_meta(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) throw std::runtime_error("a state record is not a JSON object");
  read_meta(j, *this);
}

std::string HarvestState::to_json() const {
  // Written entry by entry, not through a JSON tree: at a million offers the tree alone would
  // cost several hundred MB. Compact per-offer triples: [fingerprint (hex), last sweep epoch, misses].
  std::string text = meta_object(*this).dump();
  text.pop_back();  // the closing brace: "known" follows
  text.reserve(text.size() + known.size() * 40 + 16);
  text += R"(,"known":{)";
  bool first = true;
  for (const auto& [id, k] : known) {
    if (!first) text += ',';
    first = false;
    text += json(id).dump();
    fmt::format_to(std::back_inserter(text), R"(:["{:016x}",{},{}])", k.fingerprint, k.sweep_epoch, k.misses);
  }
  text += "}}";
  return text;
}

HarvestState HarvestState::from_json(const std::string& text) {
  // The known offers are taken as the parser meets them and dropped from its tree, so loading a
  // million of them does not build a million-node document first.
  HarvestState s;
  bool in_known = false;
  std::string id;
  std::string problem;
  const json::parser_callback_t keep = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth == 1 && event == json::parse_event_t::key) in_known = parsed == "known";
    if (!in_known || depth != 2) return true;
    if (event == json::parse_event_t::key) {
      id = parsed.get<std::string>();
    } else if (event == json::parse_event_t::array_end || event == json::parse_event_t::value) {
      try {
        s.known.emplace(id, known_from(parsed));
      } catch (const std::exception& e) {
        if (problem.empty()) problem = fmt::format("known offer {}: {}", id, e.what());
      }
      return false;
    }
    return true;
  };
  const json j = json::parse(text, keep, false);
  if (!j.is_object() || j.value("version", 0) != 1)
    throw std::runtime_error("not a version-1 source state document");
  if (!problem.empty()) throw std::runtime_error("malformed source state: " + problem);
  try {
    read_meta(j, s);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("malformed source state: ") + e.what());
  }
  s.known.clear_changed();
  return s;
}

void HarvestState::save(const std::filesystem::path& path) const { write_file_atomically(path, to_json()); }

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const auto tmp = std::filesystem::path(path.string() + ".tmp");
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
