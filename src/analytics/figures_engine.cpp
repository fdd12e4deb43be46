#include "analytics/figures_engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jobstream::analytics {
namespace {

// FNV-1a, 64 bits: fixed by definition, so the tie-break between two versions with the same
// updated_at is identical on every machine and in every run.
class Fnv {
 public:
  void add(std::string_view s) {
    for (char c : s) step(static_cast<unsigned char>(c));
    step(0x1F);  // field separator, so ("ab","c") and ("a","bc") differ
  }
  void add(std::int64_t v) {
    for (int i = 0; i < 8; ++i)
      step(static_cast<unsigned char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xFF));
    step(0x1F);
  }
  void add_double(std::optional<double> v) {
    add(v ? std::llround(*v * 100.0) : std::numeric_limits<std::int64_t>::min());
  }
  std::uint64_t value() const { return _h; }

 private:
  void step(unsigned char b) {
    _h ^= b;
    _h *= 1099511628211ULL;
  }
  std::uint64_t _h = 14695981039346656037ULL;
};

}  // namespace

std::uint64_t content_hash(const OfferFacts& f) {
  Fnv h;
  h.add(f.id);
  h.add(f.created_at.time_since_epoch().count());
  h.add(f.updated_at.time_since_epoch().count());
  h.add(f.place.departement);
  h.add(f.place.region);
  for (const auto* s : {&f.place.commune, &f.place.commune_name, &f.rome_code, &f.rome_label,
                        &f.contract_type, &f.experience, &f.qualification, &f.naf_code, &f.sector,
                        &f.sector_label, &f.employer, &f.place.city, &f.origin, &f.partner, &f.job_key}) {
    h.add(*s);
  }
  h.add((f.remote ? 1 : 0) | (f.part_time ? 2 : 0));
  h.add_double(f.weekly_hours);
  h.add(f.posts);
  for (const auto& skill : f.skills) h.add(skill);
  h.add(static_cast<std::int64_t>(f.salary.status));
  h.add(static_cast<std::int64_t>(f.salary.period));
  h.add(static_cast<std::int64_t>(f.salary.reason) | static_cast<std::int64_t>(f.salary.source) << 8 |
        static_cast<std::int64_t>(f.place.scope) << 16);
  h.add_double(f.salary.min);
  h.add_double(f.salary.max);
  h.add_double(f.salary.months);
  h.add_double(f.salary.annual_estimate);
  return h.value();
}

FiguresEngine::Row& FiguresEngine::row_for(std::string_view id) {
  // The pass over the rows is most of a query: their size is what it reads from memory.
  static_assert(sizeof(Row) <= 96, "a row grew: every query reads every one of them");
  auto it = _index.find(std::string(id));
  if (it == _index.end()) {
    it = _index.emplace(std::string(id), static_cast<std::uint32_t>(_rows.size())).first;
    _rows.emplace_back();
  }
  return _rows[it->second];
}

void FiguresEngine::store_skills(Row& row, const std::vector<std::string>& skills) {
  const auto count = static_cast<std::uint16_t>(std::min<std::size_t>(skills.size(), 65535));
  // Reuse the row's slice when the new list fits; otherwise take a fresh slice at the end. The old
  // slice is then dead space, bounded by how often an offer's skill list grows.
  if (count > row.skills_capacity) {
    row.skills_offset = static_cast<std::uint32_t>(_skills.size());
    row.skills_capacity = count;
    _skills.resize(_skills.size() + count);
  }
  row.skills_count = count;
  for (std::uint16_t i = 0; i < count; ++i) _skills[row.skills_offset + i] = _pools.skills.intern(skills[i]);
}

void FiguresEngine::count_days(const Row& row, int sign) {
  if (!row.has_facts) return;
  const bool is_withdrawn = row.withdrawn();
  const auto count = [sign](DayCensus& census, std::int32_t day) {
    if (sign > 0) {
      census.add(day);
    } else {
      census.remove(day);
    }
  };
  const std::int32_t gone = is_withdrawn ? day_of_ms(row.withdrawn_ms) : never_day;
  count(_created_days, row.created_day);
  count(_dated_days, row.created_day);
  count(_dated_days, row.updated_day);
  if (is_withdrawn) count(_dated_days, gone);
  // The same conditions as the query's pass (figures_tally.cpp).
  if (row.updated_ms > row.created_ms) count(_updated_days, row.updated_day);
  if (is_withdrawn) count(_withdrawn_days, gone);
  if (row.created_day < gone) {  // open from its creation day to the day before it is gone
    count(_open_from_days, row.created_day);
    if (is_withdrawn) count(_open_end_days, gone);
  }
}

FiguresEngine::Applied FiguresEngine::apply(const OfferFacts& f) {
  Row& row = row_for(f.id);
  count_days(row, -1);
  const Applied applied = update(row, f);
  count_days(row, +1);
  return applied;
}

FiguresEngine::Applied FiguresEngine::update(Row& row, const OfferFacts& f) {
  if (f.withdrawn_at) {
    row.withdrawn_ms = std::max(row.withdrawn_ms, f.withdrawn_at->time_since_epoch().count());
  }
  const std::int64_t version = f.updated_at.time_since_epoch().count();
  const std::uint64_t hash = content_hash(f);
  const bool had_facts = row.has_facts;
  if (had_facts) {
    if (version == row.updated_ms && hash == row.content_hash) return Applied::unchanged;
    if (version < row.updated_ms || (version == row.updated_ms && hash < row.content_hash))
      return Applied::kept_newer;
  }
  row.created_ms = f.created_at.time_since_epoch().count();
  row.updated_ms = version;
  row.content_hash = hash;
  row.created_day = day_of_ms(row.created_ms);
  row.updated_day = day_of_ms(row.updated_ms);
  row.commune = _pools.communes.intern(f.place.commune);
  row.rome = _pools.romes.intern(f.rome_code);
  const Symbol commune_name = _pools.commune_names.intern(f.place.commune_name);
  row.commune_named = _keys.communes.intern(row.commune, commune_name);
  row.city_named = _keys.cities.intern(_pools.cities.intern(f.place.city), commune_name);
  row.rome_labelled = _keys.romes.intern(row.rome, _pools.rome_labels.intern(f.rome_label));
  row.sector_labelled =
      _keys.sectors.intern(_pools.sectors.intern(f.sector), _pools.sector_labels.intern(f.sector_label));
  row.employer = _pools.employers.intern(f.employer);
  store_skills(row, f.skills);
  row.job_key = _pools.job_keys.intern(f.job_key);
  OfferTraits traits;
  traits.contract = _pools.contracts.intern(f.contract_type);
  traits.experience = _pools.experiences.intern(f.experience);
  traits.qualification = _pools.qualifications.intern(f.qualification);
  traits.origin = _pools.origins.intern(f.origin);
  traits.partner = _pools.partners.intern(f.partner);
  traits.salary_status = f.salary.status;
  traits.salary_reason = f.salary.reason;
  traits.place_scope = f.place.scope;
  traits.salary_from_comment = f.salary.source == SalarySource::comment;
  traits.remote = f.remote;
  traits.part_time = f.part_time;
  row.traits = _keys.traits.intern(traits);
  row.salary_status = f.salary.status;
  row.salary_annual = 0;
  if (f.salary.status == SalaryStatus::parsed && f.salary.annual_estimate) {
    row.salary_annual = static_cast<std::uint32_t>(
        std::clamp<long long>(std::llround(*f.salary.annual_estimate), 0, UINT32_MAX));
  }
  row.posts = f.posts;
  row.departement = f.place.departement;
  row.region = f.place.region;
  row.has_facts = true;
  if (!had_facts) {
    ++_offers;
    return Applied::inserted;
  }
  return Applied::replaced;
}

void FiguresEngine::withdraw(std::string_view id, Timestamp at) {
  Row& row = row_for(id);
  count_days(row, -1);
  row.withdrawn_ms = std::max(row.withdrawn_ms, at.time_since_epoch().count());
  count_days(row, +1);
}

void FiguresEngine::reserve(std::size_t offers) {
  _index.reserve(offers);
  _rows.reserve(offers);
}

EngineStats FiguresEngine::stats() const {
  EngineStats s;
  s.offers = _offers;
  s.pending_withdrawals = _rows.size() - _offers;
  const StringPool* pools[] = {
      &_pools.communes, &_pools.commune_names, &_pools.romes,     &_pools.rome_labels, &_pools.employers,
      &_pools.sectors,  &_pools.sector_labels, &_pools.contracts, &_pools.experiences, &_pools.qualifications,
      &_pools.skills,   &_pools.cities,        &_pools.origins,   &_pools.partners,    &_pools.job_keys};
  for (const auto* p : pools) {
    s.distinct_strings += p->size();
    s.memory_bytes += p->memory_bytes();
  }
  for (const auto* p : {&_keys.communes, &_keys.cities, &_keys.romes, &_keys.sectors})
    s.memory_bytes += p->memory_bytes();
  s.memory_bytes += _keys.traits.memory_bytes();
  s.memory_bytes += _rows.capacity() * sizeof(Row) + _skills.capacity() * sizeof(Symbol) +
                    _created_days.memory_bytes() + _dated_days.memory_bytes() + _updated_days.memory_bytes() +
                    _withdrawn_days.memory_bytes() + _open_from_days.memory_bytes() +
                    _open_end_days.memory_bytes();
  // Node-based index: key string, value, next pointer and cached hash per entry, plus the buckets.
  s.memory_bytes += _index.size() * (sizeof(std::string) + sizeof(std::uint32_t) + 2 * sizeof(void*)) +
                    _index.bucket_count() * sizeof(void*);
  return s;
}

}  // namespace jobstream::analytics
