#include "emulator/search_request.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

#include "common/paris_time.hpp"

namespace jobstream::emulator {
namespace {

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

/// Exactly `yyyy-MM-ddTHH:mm:ssZ`, the only form the API documents for its date parameters.
std::optional<std::chrono::sys_seconds> parse_date_param(std::string_view s) {
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s[19] != 'Z') {
    return std::nullopt;
  }
  const auto y = to_int(s.substr(0, 4)), mo = to_int(s.substr(5, 2)), d = to_int(s.substr(8, 2));
  const auto h = to_int(s.substr(11, 2)), mi = to_int(s.substr(14, 2)), se = to_int(s.substr(17, 2));
  if (!y || !mo || !d || !h || !mi || !se || *h > 23 || *mi > 59 || *se > 59) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(static_cast<int>(*y)),
                                        std::chrono::month(static_cast<unsigned>(*mo)),
                                        std::chrono::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd) + std::chrono::hours(*h) + std::chrono::minutes(*mi) +
         std::chrono::seconds(*se);
}

std::vector<std::string> split_list(const std::multimap<std::string, std::string>& params, const char* name) {
  std::vector<std::string> out;
  auto [begin, end] = params.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto item = rest.substr(0, comma);
      if (!item.empty()) out.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

std::optional<std::string> single(const std::multimap<std::string, std::string>& params, const char* name) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::variant<SearchRequest, BadRequest> parse_search_request(
    const std::multimap<std::string, std::string>& params, Millis now, RangeLimits limits) {
  SearchRequest req;
  req.last = limits.page_max - 1;
  if (auto range = single(params, "range")) {
    const auto dash = range->find('-');
    const auto p =
        dash == std::string::npos ? std::nullopt : to_int(std::string_view(*range).substr(0, dash));
    const auto d =
        dash == std::string::npos ? std::nullopt : to_int(std::string_view(*range).substr(dash + 1));
    if (!p || !d || *p < 0 || *d < *p)
      return BadRequest{fmt::format("Le paramètre range '{}' est invalide.", *range)};
    if (*d - *p + 1 > limits.page_max)
      return BadRequest{"La plage de résultats demandée est trop importante."};
    if (*p > limits.result_cap - limits.page_max || *d > limits.result_cap - 1) {
      return BadRequest{fmt::format(
          "La position de début doit être inférieure ou égale à {} et la position de fin inférieure ou égale à {}.",
          limits.result_cap - limits.page_max, limits.result_cap - 1)};
    }
    req.first = *p;
    req.last = *d;
  }
  if (auto sort = single(params, "sort")) {
    const auto v = to_int(*sort);
    if (!v || *v < 0 || *v > 2) return BadRequest{"Le paramètre sort doit valoir 0, 1 ou 2."};
    req.sort = static_cast<int>(*v);
  }

  const auto min = single(params, "minCreationDate");
  const auto max = single(params, "maxCreationDate");
  if (min.has_value() != max.has_value()) {
    return BadRequest{"Les paramètres minCreationDate et maxCreationDate doivent être renseignés ensemble."};
  }
  if (min) {
    const auto lo = parse_date_param(*min), hi = parse_date_param(*max);
    if (!lo || !hi) return BadRequest{"Le format des dates doit être yyyy-MM-ddTHH:mm:ssZ."};
    req.filter.min_created = Millis(common::paris_wall_clock_to_utc(*lo));
    req.filter.max_created = Millis(common::paris_wall_clock_to_utc(*hi));
  }
  if (auto days = single(params, "publieeDepuis")) {
    const auto v = to_int(*days);
    if (!v || (*v != 1 && *v != 3 && *v != 7 && *v != 14 && *v != 31)) {
      return BadRequest{"Le paramètre publieeDepuis doit valoir 1, 3, 7, 14 ou 31."};
    }
    req.filter.published_after = now - std::chrono::days(*v);
  }

  // List parameters and the number of values the real API accepts (contract §0).
  struct ListLimit {
    const char* name;
    std::size_t max;
    std::vector<std::string>* into;
  };
  std::vector<std::string> experiences, qualifications, years, origines;
  const ListLimit lists[] = {
      {"departement", 5, &req.filter.departements},
      {"region", 5, &req.filter.regions},
      {"commune", 5, &req.filter.communes},
      {"codeROME", 200, &req.filter.rome_codes},
      {"typeContrat", 3, &req.filter.types_contrat},
      {"experienceExigence", 3, &experiences},
      {"qualification", 2, &qualifications},
      {"natureContrat", 2, &req.filter.natures_contrat},
      {"paysContinent", 5, &req.filter.pays},
      {"secteurActivite", 1, &req.filter.secteurs},
      {"experience", 1, &years},
      {"origineOffre", 1, &origines},
  };
  for (const auto& list : lists) {
    *list.into = split_list(params, list.name);
    if (list.into->size() > list.max) {
      return BadRequest{fmt::format("Le paramètre {} accepte au plus {} valeurs.", list.name, list.max)};
    }
  }
  for (const auto& e : experiences) {
    if (e != "D" && e != "S" && e != "E")
      return BadRequest{"Le paramètre experienceExigence doit valoir D, S ou E."};
    req.filter.experiences.push_back(e[0]);
  }
  for (const auto& y : years) {
    // Years of experience: 1 (< 1 year), 2 (1 to 3), 3 (> 3): beginners, "1 An(s)", "3 An(s)" here.
    if (y != "1" && y != "2" && y != "3") return BadRequest{"Le paramètre experience doit valoir 1, 2 ou 3."};
    req.filter.experiences.push_back("DSE"[y[0] - '1']);
  }
  for (const auto& o : origines) {
    if (o != "1" && o != "2") return BadRequest{"Le paramètre origineOffre doit valoir 1 ou 2."};
    req.filter.origines.push_back(o[0]);
  }
  for (const auto& q : qualifications) {
    if (q != "0" && q != "9") return BadRequest{"Le paramètre qualification doit valoir 0 ou 9."};
    // 9 = cadre; 0 = every other qualification code.
    if (q == "9") {
      req.filter.qualifications.emplace_back("9");
    } else {
      for (const char* c : {"1", "2", "3", "4", "5", "6", "7", "8"})
        req.filter.qualifications.emplace_back(c);
    }
  }
  return req;
}

}  // namespace jobstream::emulator
