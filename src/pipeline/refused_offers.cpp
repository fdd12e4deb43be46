#include "pipeline/refused_offers.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>

#include "offer/offer_record.hpp"

namespace jobstream::pipeline {
namespace {

// Metadata as JSON strings; an id that is not UTF-8 is written with replacement characters rather
// than failing the whole line.
std::string json_text(std::string_view s) {
  return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

RefusedOffers::RefusedOffers(std::filesystem::path file) : _file(std::move(file)) {}

bool RefusedOffers::keep(std::string_view id, std::string_view reason, std::string_view record) {
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  std::string line = fmt::format(R"({{"refused_at":"{}","id":{},"reason":{},"bytes":{},"record":)",
                                 offer::format_time(now), json_text(id), json_text(reason), record.size());
  line.append(record);
  line += "}\n";
  std::lock_guard lock(_mutex);
  std::error_code ec;
  if (_file.has_parent_path()) std::filesystem::create_directories(_file.parent_path(), ec);
  std::ofstream out(_file, std::ios::binary | std::ios::app);
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
  out.flush();
  if (!out) {
    spdlog::error("produce: cannot write {} to keep refused offer {}", _file.string(), json_text(id));
    return false;
  }
  _count.fetch_add(1);
  return true;
}

std::optional<std::string> id_refusal(std::string_view id) {
  if (const auto problem = offer::offer_id_problem(id)) return "offer id refused: " + std::string(*problem);
  return std::nullopt;
}

std::string quoted_id(std::string_view id) { return json_text(id.substr(0, 80)); }

std::filesystem::path refused_offers_file(const std::string& state_dir) {
  return std::filesystem::path(state_dir) / "refused-offers.jsonl";
}

}  // namespace jobstream::pipeline
