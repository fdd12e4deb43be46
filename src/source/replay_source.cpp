#include "source/replay_source.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <variant>

#include "source/harvester.hpp"
#include "source/page_parser.hpp"

namespace jobstream::source {

ReplayReport replay_json_lines(const std::filesystem::path& path, OfferSink& sink, std::stop_token stop) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open replay file " + path.string());
  ReplayReport report;
  PageParser parser;
  std::unordered_map<std::string, std::uint64_t> seen;  // id -> fingerprint of the last emitted text
  std::string line;
  std::uint64_t number = 0;
  while (!stop.stop_requested() && std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++report.lines;
    auto parsed = parser.parse_offer(line, number);
    if (auto* bad = std::get_if<MalformedItem>(&parsed)) {
      ++report.malformed;
      spdlog::warn("source: {} line {}: {}; text: {}", path.string(), number, bad->reason, bad->excerpt);
      continue;
    }
    auto& item = std::get<OfferItem>(parsed);
    const auto fp = fingerprint(item.raw_json);
    auto [it, inserted] = seen.try_emplace(item.id, fp);
    if (!inserted && it->second == fp) {
      ++report.duplicates;
      continue;
    }
    it->second = fp;
    ++report.offers;
    sink.on_offer(OfferSeen{number, inserted ? SeenKind::created : SeenKind::updated, std::move(item.id),
                            std::move(item.raw_json), std::move(item.date_creation),
                            std::move(item.date_actualisation)});
  }
  return report;
}

}  // namespace jobstream::source
