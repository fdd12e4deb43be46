#include "analytics/engine_image.hpp"

#include <array>
#include <string>

namespace jobstream::analytics {
namespace {

// Bytes of one row record past its id (see write_row); the smallest a row can take with an empty id.
constexpr std::size_t row_fixed_bytes = 4 + 3 * 8 + 8 + 2 * 4 + 15 * 4 + 4 + 2 * 2 + 4 + 2 + 6;

template <typename Pools>
auto pool_list(Pools& p) {
  return std::array{&p.communes, &p.commune_names, &p.romes,     &p.rome_labels, &p.employers,
                    &p.sectors,  &p.sector_labels, &p.contracts, &p.experiences, &p.qualifications,
                    &p.skills,   &p.cities,        &p.origins,   &p.partners,    &p.job_keys};
}

template <typename Enum>
Enum enum_at_most(std::uint8_t v, Enum last, const char* what) {
  if (v > static_cast<std::uint8_t>(last))
    throw ImageError(std::string("unknown ") + what + " " + std::to_string(v));
  return static_cast<Enum>(v);
}

}  // namespace

void EngineImage::write(const FiguresEngine& engine, ByteWriter& out) {
  out.reserve(engine._rows.size() * 120);
  for (const auto* pool : pool_list(engine._pools)) {
    // Symbol 0 is the empty string in every pool; the rest are written in symbol order, so
    // interning them again in that order gives every text its old symbol.
    out.u64(pool->size() - 1);
    for (Symbol s = 1; s < pool->size(); ++s) out.text(pool->text(s));
  }
  out.u64(engine._skills.size());
  for (const auto s : engine._skills) out.u32(s);

  std::vector<const std::string*> ids(engine._rows.size());
  for (const auto& [id, at] : engine._index) ids[at] = &id;
  out.u64(engine._rows.size());
  for (std::size_t i = 0; i < engine._rows.size(); ++i) {
    const auto& r = engine._rows[i];
    out.text(*ids[i]);
    out.i64(r.created_ms);
    out.i64(r.updated_ms);
    out.i64(r.withdrawn_ms);
    out.u64(r.content_hash);
    out.u32(static_cast<std::uint32_t>(r.created_day));
    out.u32(static_cast<std::uint32_t>(r.updated_day));
    // Pairs and traits are written as the symbols and values they were made of: the layout has
    // not changed with them.
    const auto& keys = engine._keys;
    const OfferTraits& t = keys.traits.at(r.traits);
    for (const auto s :
         {r.commune, keys.communes.label(r.commune_named), r.rome, keys.romes.label(r.rome_labelled),
          r.employer, keys.sectors.code(r.sector_labelled), keys.sectors.label(r.sector_labelled), t.contract,
          t.experience, t.qualification, keys.cities.code(r.city_named), t.origin, t.partner, r.job_key}) {
      out.u32(s);
    }
    out.u32(0);  // reserved, keeps the row's fixed part a round number of words
    out.u32(r.skills_offset);
    out.u16(r.skills_count);
    out.u16(r.skills_capacity);
    out.u32(r.salary_annual);
    out.u16(r.posts);
    out.u8(r.departement);
    out.u8(r.region);
    out.u8(static_cast<std::uint8_t>(r.salary_status));
    out.u8(static_cast<std::uint8_t>(t.salary_reason));
    out.u8(static_cast<std::uint8_t>(t.place_scope));
    out.u8(static_cast<std::uint8_t>((t.salary_from_comment ? 1 : 0) | (r.has_facts ? 2 : 0) |
                                     (t.remote ? 4 : 0) | (t.part_time ? 8 : 0)));
  }
}

FiguresEngine EngineImage::read(ByteReader& in) {
  FiguresEngine engine;
  for (auto* pool : pool_list(engine._pools)) {
    const auto count = in.count(4);
    for (std::size_t i = 0; i < count; ++i) {
      const auto expected = static_cast<Symbol>(pool->size());
      if (pool->intern(in.text()) != expected) throw ImageError("a string pool holds the same text twice");
    }
  }
  const auto skills = in.count(4);
  engine._skills.resize(skills);
  for (auto& s : engine._skills) {
    s = in.u32();
    if (s >= engine._pools.skills.size()) throw ImageError("a skill symbol is outside its pool");
  }

  const auto rows = in.count(row_fixed_bytes);
  engine.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto id = in.text();
    if (!engine._index.emplace(std::string(id), static_cast<std::uint32_t>(i)).second) {
      throw ImageError("offer id '" + std::string(id) + "' appears twice");
    }
    FiguresEngine::Row r;
    r.created_ms = in.i64();
    r.updated_ms = in.i64();
    r.withdrawn_ms = in.i64();
    r.content_hash = in.u64();
    r.created_day = static_cast<std::int32_t>(in.u32());
    r.updated_day = static_cast<std::int32_t>(in.u32());
    const auto pools = pool_list(engine._pools);
    // What the pairs and the traits are made of, as written (see write()).
    Symbol commune_name = 0, rome_label = 0, sector = 0, sector_label = 0, city = 0;
    OfferTraits t;
    Symbol* fields[] = {&r.commune, &commune_name, &r.rome,     &rome_label,   &r.employer,
                        &sector,    &sector_label, &t.contract, &t.experience, &t.qualification,
                        &city,      &t.origin,     &t.partner,  &r.job_key};
    // The pool of each field, in the order above (skills, the 11th pool, is not a row field).
    const StringPool* field_pools[] = {pools[0],  pools[1],  pools[2],  pools[3], pools[4],
                                       pools[5],  pools[6],  pools[7],  pools[8], pools[9],
                                       pools[11], pools[12], pools[13], pools[14]};
    for (std::size_t f = 0; f < std::size(fields); ++f) {
      *fields[f] = in.u32();
      if (*fields[f] >= field_pools[f]->size())
        throw ImageError("a symbol of offer '" + std::string(id) + "' is outside its pool");
    }
    auto& keys = engine._keys;
    r.commune_named = keys.communes.intern(r.commune, commune_name);
    r.city_named = keys.cities.intern(city, commune_name);
    r.rome_labelled = keys.romes.intern(r.rome, rome_label);
    r.sector_labelled = keys.sectors.intern(sector, sector_label);
    in.u32();  // reserved
    r.skills_offset = in.u32();
    r.skills_count = in.u16();
    r.skills_capacity = in.u16();
    if (r.skills_count > r.skills_capacity ||
        static_cast<std::uint64_t>(r.skills_offset) + r.skills_capacity > engine._skills.size()) {
      throw ImageError("the skills of offer '" + std::string(id) + "' lie outside the arena");
    }
    r.salary_annual = in.u32();
    r.posts = in.u16();
    r.departement = in.u8();
    r.region = in.u8();
    r.salary_status = t.salary_status = enum_at_most(in.u8(), SalaryStatus::unparsed, "salary status");
    t.salary_reason = enum_at_most(in.u8(), SalaryReason::unreadable, "salary reason");
    t.place_scope = enum_at_most(in.u8(), offer::PlaceScope::unlocated, "place scope");
    const auto flags = in.u8();
    if (flags > 15) throw ImageError("unknown row flags " + std::to_string(flags));
    t.salary_from_comment = flags & 1;
    r.has_facts = flags & 2;
    t.remote = flags & 4;
    t.part_time = flags & 8;
    r.traits = keys.traits.intern(t);
    if (r.has_facts) ++engine._offers;
    engine._rows.push_back(r);
    engine.count_days(r, +1);
  }
  return engine;
}

}  // namespace jobstream::analytics
