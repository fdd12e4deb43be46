#include "emulator/offer_catalog.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

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
  if (!allowed(f.pays, std::string_view("01"))) return false;
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

/// The offers of [begin, end) of a creation index that `filter` matches, appended newest
/// first, ties (same millisecond) by id: the index is read backwards one millisecond at a time,
/// each millisecond's offers forwards. No sort: a window can hold most of the catalog.
template <typename It, typename Hits>
void collect_newest_first(It begin, It end, const SearchFilter& filter, Hits& hits) {
  auto it = end;
  while (it != begin) {
    const auto run_end = it;
    --it;
    const auto created = it->first.first;
    while (it != begin && std::prev(it)->first.first == created) --it;
    for (auto r = it; r != run_end; ++r) {
      if (matches(filter, *r->second.offer)) hits.push_back(r->second);
    }
  }
}

/// Where a window's creation dates start (inclusive) and end (exclusive): the upper bound is
/// inclusive to the second, so the window ends at the next whole second.
Millis window_start(const SearchFilter& f) { return f.min_created.value_or(Millis::min()); }
Millis window_end(const SearchFilter& f) {
  if (!f.max_created) return Millis::max();
  return Millis(std::chrono::floor<std::chrono::seconds>(*f.max_created) + std::chrono::seconds(1));
}

/// Whether `narrow` selects a part of what `wide` does: the same filter but for a creation window
/// within wide's.
bool within(const SearchFilter& wide, const SearchFilter& narrow) {
  SearchFilter same = narrow;
  same.min_created = wide.min_created;
  same.max_created = wide.max_created;
  return same == wide && window_start(narrow) >= window_start(wide) && window_end(narrow) <= window_end(wide);
}

}  // namespace

void OfferCatalog::index(const Entry& entry) {
  auto key = std::pair(entry->created, entry->id);
  const Hit hit{entry, _possible_filters.codes_of(*entry)};
  _by_departement[entry->attributes.departement].emplace(key, hit);
  _by_created.emplace(std::move(key), hit);
}

void OfferCatalog::unindex(const Entry& entry) {
  const auto key = std::pair(entry->created, entry->id);
  _by_created.erase(key);
  if (auto it = _by_departement.find(entry->attributes.departement); it != _by_departement.end()) {
    it->second.erase(key);
    if (it->second.empty()) _by_departement.erase(it);
  }
}

void OfferCatalog::put(EmulatedOffer offer) {
  auto entry = std::make_shared<const EmulatedOffer>(std::move(offer));
  std::unique_lock lock(_mutex);
  if (auto it = _by_id.find(entry->id); it != _by_id.end()) {
    unindex(it->second);
    it->second = entry;
  } else {
    _by_id.emplace(entry->id, entry);
  }
  index(entry);
  ++_generation;
}

bool OfferCatalog::remove(const std::string& id) {
  std::unique_lock lock(_mutex);
  auto it = _by_id.find(id);
  if (it == _by_id.end()) return false;
  unindex(it->second);
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

OfferCatalog::Hits OfferCatalog::scan(const SearchFilter& filter) const {
  Hits hits;
  // Only the window's range of an index is read: the named départements' own when the filter
  // names some, the whole country's otherwise.
  const auto read = [&](const CreatedIndex& by_created) {
    auto begin = by_created.begin();
    auto end = by_created.end();
    if (filter.min_created) begin = by_created.lower_bound({window_start(filter), std::string()});
    if (filter.max_created) end = by_created.lower_bound({window_end(filter), std::string()});
    // search() turned away a window whose dates cross, so begin is never past end.
    collect_newest_first(begin, end, filter, hits);
  };
  if (filter.departements.empty()) {
    read(_by_created);
    return hits;
  }
  std::vector<std::string> named = filter.departements;
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  for (const auto& departement : named) {
    if (auto it = _by_departement.find(departement); it != _by_departement.end()) read(it->second);
  }
  if (named.size() > 1) {
    // Each département's hits are in order; together they are merged into one order.
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
      return a.offer->created != b.offer->created ? a.offer->created > b.offer->created
                                                  : a.offer->id < b.offer->id;
    });
  }
  return hits;
}

std::shared_ptr<const OfferCatalog::Result> OfferCatalog::result_for(const SearchFilter& filter) const {
  std::shared_lock lock(_mutex);
  std::shared_ptr<const Result> wider;
  {
    std::lock_guard results(_results_mutex);
    for (auto r = _results.rbegin(); r != _results.rend(); ++r) {
      if ((*r)->generation != _generation) continue;
      if ((*r)->filter == filter) return *r;
      if (!wider && within((*r)->filter, filter)) wider = *r;
    }
  }
  auto result = std::make_shared<Result>();
  result->filter = filter;
  result->generation = _generation;
  if (wider) {
    // The wider result's hits, newest first, hold this window's as one run: after those created
    // at or after its end, up to the first created before its start.
    const auto& all = *wider->all;
    const auto first = all.begin() + static_cast<std::ptrdiff_t>(wider->begin);
    const auto last = all.begin() + static_cast<std::ptrdiff_t>(wider->end);
    const auto end = window_end(filter), start = window_start(filter);
    const auto from =
        std::partition_point(first, last, [&](const Hit& h) { return h.offer->created >= end; });
    const auto to = std::partition_point(from, last, [&](const Hit& h) { return h.offer->created >= start; });
    result->all = wider->all;
    result->begin = static_cast<std::size_t>(from - all.begin());
    result->end = static_cast<std::size_t>(to - all.begin());
  } else {
    auto hits = std::make_shared<Hits>(scan(filter));
    result->end = hits->size();
    result->all = std::move(hits);
  }
  auto counts = _possible_filters.no_counts();
  for (auto i = result->begin; i < result->end; ++i) PossibleFilters::add(counts, (*result->all)[i].codes);
  result->facets = _possible_filters.json(counts);
  lock.unlock();
  std::lock_guard results(_results_mutex);
  if (_results.size() >= 8) _results.erase(_results.begin());
  _results.push_back(result);
  return result;
}

SearchPage OfferCatalog::search(const SearchFilter& filter, std::int64_t first, std::int64_t last) const {
  if (filter.min_created && filter.max_created && *filter.min_created > *filter.max_created) {
    return SearchPage{0, first, -1, {}};
  }
  const auto result = result_for(filter);
  const auto& hits = *result->all;
  SearchPage page;
  page.total = static_cast<std::int64_t>(result->end - result->begin);
  page.first = first;
  if (first >= page.total) return page;
  page.last = std::min(last, page.total - 1);
  std::string body = R"({"resultats":[)";
  for (auto i = first; i <= page.last; ++i) {
    if (i > first) body.push_back(',');
    body += hits[result->begin + static_cast<std::size_t>(i)].offer->json;
  }
  body += R"(],"filtresPossibles":)";
  body += result->facets;
  body.push_back('}');
  page.body = std::move(body);
  return page;
}

}  // namespace jobstream::emulator
