#include "emulator/offer_catalog.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "offer/geo_reference.hpp"

namespace jobstream::emulator {
namespace {

template <typename T, typename V>
bool allowed(const std::vector<T>& wanted, const V& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

std::string region_of(const std::string& departement) {
  const auto dep = offer::departement_index(departement);
  const auto* region = offer::region_at(offer::region_of_departement(dep));
  return region ? std::string(region->code) : std::string();
}

bool matches(const SearchFilter& f, const EmulatedOffer& o) {
  const auto& a = o.attributes;
  // An attribute filter drops the offers that lack the attribute (contract §0).
  if (!allowed(f.departements, a.departement) || !allowed(f.communes, a.commune)) return false;
  if (!f.regions.empty() && !allowed(f.regions, a.departement.empty() ? a.region : region_of(a.departement)))
    return false;
  if (!allowed(f.pays, std::string("01"))) return false;
  // typeContrat and natureContrat select the union of their offers (contract §2.1).
  if (!f.types_contrat.empty() || !f.natures_contrat.empty()) {
    const bool by_type = !f.types_contrat.empty() && allowed(f.types_contrat, a.type_contrat);
    const bool by_nature = !f.natures_contrat.empty() && allowed(f.natures_contrat, a.nature_contrat);
    if (!by_type && !by_nature) return false;
  }
  if (!allowed(f.experiences, a.experience)) return false;
  if (!allowed(f.origines, a.origine) || !allowed(f.secteurs, a.secteur_activite)) return false;
  if (!allowed(f.qualifications, a.qualification_code)) return false;
  if (!f.rome_codes.empty() && !allowed(f.rome_codes, a.rome_code)) return false;
  if (f.published_after && o.created < *f.published_after) return false;
  return true;
}

/// filtresPossibles: the counts per value of a few attributes over the whole result (§4.1).
template <typename Hits>
nlohmann::json possible_filters(const Hits& hits) {
  std::map<std::string, std::int64_t> contract, experience, qualification, nature;
  for (const auto& o : hits) {
    ++contract[o->attributes.type_contrat];
    ++nature[o->attributes.nature_contrat];
    ++experience[std::string(1, o->attributes.experience)];
    ++qualification[o->attributes.qualification_code == "9" ? "9" : "0"];
  }
  const auto aggregate = [](const char* name, const std::map<std::string, std::int64_t>& counts) {
    auto values = nlohmann::json::array();
    for (const auto& [value, n] : counts) values.push_back({{"valeurPossible", value}, {"nbResultats", n}});
    return nlohmann::json{{"filtre", name}, {"agregation", std::move(values)}};
  };
  return nlohmann::json::array({aggregate("typeContrat", contract), aggregate("experience", experience),
                                aggregate("qualification", qualification),
                                aggregate("natureContrat", nature)});
}

}  // namespace

void OfferCatalog::put(EmulatedOffer offer) {
  auto entry = std::make_shared<const EmulatedOffer>(std::move(offer));
  std::unique_lock lock(_mutex);
  if (auto it = _by_id.find(entry->id); it != _by_id.end()) {
    _by_created.erase({it->second->created, it->first});
    it->second = entry;
  } else {
    _by_id.emplace(entry->id, entry);
  }
  _by_created.emplace(std::pair(entry->created, entry->id), entry);
  ++_generation;
}

bool OfferCatalog::remove(const std::string& id) {
  std::unique_lock lock(_mutex);
  auto it = _by_id.find(id);
  if (it == _by_id.end()) return false;
  _by_created.erase({it->second->created, id});
  _by_id.erase(it);
  ++_generation;
  return true;
}

std::optional<std::string> OfferCatalog::find_json(const std::string& id) const {
  std::shared_lock lock(_mutex);
  auto it = _by_id.find(id);
  if (it == _by_id.end()) return std::nullopt;
  return it->second->json;
}

std::optional<EmulatedOffer> OfferCatalog::find(const std::string& id) const {
  std::shared_lock lock(_mutex);
  auto it = _by_id.find(id);
  if (it == _by_id.end()) return std::nullopt;
  return *it->second;
}

std::size_t OfferCatalog::size() const {
  std::shared_lock lock(_mutex);
  return _by_id.size();
}

std::vector<std::string> OfferCatalog::ids() const {
  std::shared_lock lock(_mutex);
  std::vector<std::string> out;
  out.reserve(_by_id.size());
  for (const auto& [id, entry] : _by_id) out.push_back(id);
  return out;
}

std::shared_ptr<const OfferCatalog::Result> OfferCatalog::result_for(const SearchFilter& filter) const {
  auto result = std::make_shared<Result>();
  result->filter = filter;
  {
    std::shared_lock lock(_mutex);
    result->generation = _generation;
    {
      std::lock_guard results(_results_mutex);
      for (const auto& r : _results) {
        if (r->generation == _generation && r->filter == filter) return r;
      }
    }
    auto begin = _by_created.begin();
    auto end = _by_created.end();
    if (filter.min_created) begin = _by_created.lower_bound({*filter.min_created, std::string()});
    if (filter.max_created) {
      // Inclusive to the second: everything before the next whole second.
      const auto bound =
          std::chrono::floor<std::chrono::seconds>(*filter.max_created) + std::chrono::seconds(1);
      end = _by_created.lower_bound({Millis(bound), std::string()});
    }
    for (auto it = begin; it != end; ++it) {
      if (matches(filter, *it->second)) result->hits.push_back(it->second);
    }
  }
  // Newest first; ties (same millisecond) by id, so the order is the same on every call.
  std::sort(result->hits.begin(), result->hits.end(), [](const Entry& a, const Entry& b) {
    return a->created != b->created ? a->created > b->created : a->id < b->id;
  });
  result->facets = possible_filters(result->hits).dump();
  std::lock_guard results(_results_mutex);
  if (_results.size() >= 4) _results.erase(_results.begin());
  _results.push_back(result);
  return result;
}

SearchPage OfferCatalog::search(const SearchFilter& filter, std::int64_t first, std::int64_t last) const {
  if (filter.min_created && filter.max_created && *filter.min_created > *filter.max_created) {
    return SearchPage{0, first, -1, {}};
  }
  const auto result = result_for(filter);
  const auto& hits = result->hits;
  SearchPage page;
  page.total = static_cast<std::int64_t>(hits.size());
  page.first = first;
  if (first >= page.total) return page;
  page.last = std::min(last, page.total - 1);
  std::string body = R"({"resultats":[)";
  for (auto i = first; i <= page.last; ++i) {
    if (i > first) body.push_back(',');
    body += hits[static_cast<std::size_t>(i)]->json;
  }
  body += R"(],"filtresPossibles":)";
  body += result->facets;
  body.push_back('}');
  page.body = std::move(body);
  return page;
}

}  // namespace jobstream::emulator
