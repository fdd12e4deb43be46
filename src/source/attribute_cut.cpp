#include "source/attribute_cut.hpp"

#include <algorithm>
#include <cmath>

namespace jobstream::source {
namespace {

std::vector<std::string> split_values(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    const auto end = comma == std::string::npos ? list.size() : comma;
    if (end > start) out.push_back(list.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& values, std::size_t from, std::size_t to) {
  std::string out;
  for (auto i = from; i < to; ++i) {
    if (i > from) out.push_back(',');
    out += values[i];
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

/// typeContrat and natureContrat are OR-ed by the API: a slice filtered on one can't use the other.
bool usable(const Slice& slice, const std::string& param) {
  if (slice.filter(param) || contains(slice.excluded, param)) return false;
  if (param == "typeContrat" && slice.filter("natureContrat")) return false;
  if (param == "natureContrat" && slice.filter("typeContrat")) return false;
  return true;
}

Slice child_of(const Slice& slice, const std::string& param, std::string values) {
  Slice c = slice;
  c.best_effort = false;
  bool replaced = false;
  for (auto& f : c.filters) {
    if (f.param == param) {
      f.values = values;
      replaced = true;
    }
  }
  if (!replaced) c.filters.push_back({param, std::move(values)});
  return c;
}

/// `values` in `parts` contiguous lists of at most `limit` values each.
AttributeCut chunked(const Slice& slice, const std::string& param, const std::vector<std::string>& values,
                     std::size_t parts, std::size_t limit) {
  parts = std::max<std::size_t>({parts, (values.size() + limit - 1) / limit, 1});
  parts = std::min(parts, values.size());
  AttributeCut cut{param, {}};
  for (std::size_t i = 0; i < parts; ++i) {
    const auto from = values.size() * i / parts, to = values.size() * (i + 1) / parts;
    cut.children.push_back(child_of(slice, param, join(values, from, to)));
  }
  return cut;
}

/// The query parameter that filters on a filtresPossibles entry, judged by its values too (the
/// "experience" counts may be by requirement, D/S/E, or by years, 1/2/3).
std::optional<std::string> param_of(const Facet& facet) {
  const auto all_in = [&](std::string_view allowed) {
    return std::all_of(facet.counts.begin(), facet.counts.end(), [&](const auto& c) {
      return c.first.size() == 1 && allowed.find(c.first[0]) != std::string_view::npos;
    });
  };
  if (facet.name == "typeContrat" || facet.name == "natureContrat") return facet.name;
  if (facet.name == "qualification" && all_in("09")) return facet.name;
  if (facet.name == "experience" && all_in("DSE")) return std::string("experienceExigence");
  if (facet.name == "experience" && all_in("123")) return std::string("experience");
  return std::nullopt;
}

struct Scored {
  double score = 0;
  AttributeCut cut;
};

/// First-fit decreasing of the counted values into requests of at most `target` offers.
std::optional<Scored> counted_cut(const Slice& slice, std::int64_t total, const Facet& facet, double target) {
  const auto param = param_of(facet);
  if (!param || !usable(slice, *param)) return std::nullopt;
  std::vector<std::pair<std::string, std::int64_t>> present;
  std::int64_t sum = 0;
  for (const auto& [value, n] : facet.counts) {
    if (n > 0) present.emplace_back(value, n);
    sum += std::max<std::int64_t>(n, 0);
  }
  // Counts short of the total: some offers lack the attribute and this cut would drop them.
  if (present.size() < 2 || sum != total) return std::nullopt;
  std::sort(present.begin(), present.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  struct Group {
    std::vector<std::string> values;
    std::int64_t count = 0;
  };
  std::vector<Group> groups;
  const auto limit = values_per_request(*param);
  for (const auto& entry : present) {
    const std::int64_t n = entry.second;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.values.size() < limit && static_cast<double>(g.count + n) <= target;
    });
    if (it == groups.end()) it = groups.insert(groups.end(), Group{});
    it->values.push_back(entry.first);
    it->count += n;
  }
  Scored s;
  s.cut.param = *param;
  for (const auto& g : groups) {
    s.cut.children.push_back(child_of(slice, *param, join(g.values, 0, g.values.size())));
    // A child still over the cap costs at least two more probes.
    s.score += 1 + (static_cast<double>(g.count) > target ? 4.0 * static_cast<double>(g.count) / target : 0);
  }
  return s;
}

}  // namespace

std::size_t values_per_request(const std::string& param) {
  if (param == "codeROME") return 200;
  if (param == "departement") return 5;
  if (param == "typeContrat") return 3;
  if (param == "natureContrat") return 2;
  return 1;
}

std::optional<AttributeCut> choose_attribute_cut(const Slice& slice, std::int64_t total,
                                                 const std::vector<Facet>& facets,
                                                 const PlannerConfig& config) {
  const double target = std::max(1.0, static_cast<double>(config.cap) * config.fill);
  const auto wanted = static_cast<std::size_t>(std::ceil(static_cast<double>(total) / target));
  // 1. A list filter of the slice in shorter lists.
  for (const auto& f : slice.filters) {
    const auto values = split_values(f.values);
    if (values.size() >= 2 && !contains(slice.excluded, f.param)) {
      return chunked(slice, f.param, values, std::clamp<std::size_t>(wanted, 2, values.size()),
                     values.size());
    }
  }
  // 2. Counted attributes that partition the slice.
  std::optional<Scored> best;
  for (const auto& facet : facets) {
    auto s = counted_cut(slice, total, facet, target);
    if (s && (!best || s->score < best->score)) best = std::move(s);
  }
  if (best) return std::move(best->cut);
  // 3. Attributes whose counts the answer does not give.
  const auto fanout = static_cast<std::size_t>(std::max(config.max_fanout, 2));
  if (!config.rome_codes.empty() && usable(slice, "codeROME")) {
    return chunked(slice, "codeROME", config.rome_codes, std::min(std::max<std::size_t>(wanted, 2), fanout),
                   200);
  }
  if (usable(slice, "origineOffre")) return chunked(slice, "origineOffre", {"1", "2"}, 2, 1);
  if (!config.departements.empty() && usable(slice, "departement")) {
    return chunked(slice, "departement", config.departements, 1, values_per_request("departement"));
  }
  return std::nullopt;
}

}  // namespace jobstream::source
