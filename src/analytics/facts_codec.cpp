#include "analytics/facts_codec.hpp"

#include <array>
#include <bit>

#include "analytics/byte_codec.hpp"
#include "offer/geo_reference.hpp"

namespace jobstream::analytics {
namespace {

// Layout version of the bytes themselves (facts_code_version versions what they hold).
constexpr std::uint8_t layout_version = 1;

// Most texts are codes and short labels: one length byte, or 255 and four bytes for a longer one.
void short_text(ByteWriter& out, std::string_view s) {
  if (s.size() < 255) {
    out.u8(static_cast<std::uint8_t>(s.size()));
  } else {
    out.u8(255);
    out.u32(static_cast<std::uint32_t>(s.size()));
  }
  out.raw(s);
}

std::string short_text(ByteReader& in) {
  const std::uint8_t size = in.u8();
  return std::string(in.raw(size < 255 ? size : in.u32()));
}

void number(ByteWriter& out, double v) { out.u64(std::bit_cast<std::uint64_t>(v)); }
double number(ByteReader& in) { return std::bit_cast<double>(in.u64()); }

template <typename Enum>
Enum enum_at_most(std::uint8_t v, Enum last, const char* what) {
  if (v > static_cast<std::uint8_t>(last)) throw ImageError(std::string("unknown ") + what);
  return static_cast<Enum>(v);
}

offer::GeoIndex geo_index(std::uint8_t v, std::size_t entries) {
  if (v > entries) throw ImageError("place index past its list");
  return v;
}

// The salary's optional amounts, in one order for writing and reading.
auto salary_amounts(auto& salary) {
  return std::array{&salary.min,        &salary.max,       &salary.months, &salary.annual_estimate,
                    &salary.annual_min, &salary.annual_max};
}

void write_salary(ByteWriter& out, const Salary& s) {
  out.u8(static_cast<std::uint8_t>(s.status));
  out.u8(static_cast<std::uint8_t>(s.period));
  out.u8(static_cast<std::uint8_t>(s.reason));
  out.u8(static_cast<std::uint8_t>(s.source));
  std::uint8_t present = 0;
  const auto amounts = salary_amounts(s);
  for (std::size_t i = 0; i < amounts.size(); ++i) present |= *amounts[i] ? 1U << i : 0U;
  out.u8(present);
  for (const auto* amount : amounts) {
    if (*amount) number(out, **amount);
  }
}

Salary read_salary(ByteReader& in) {
  Salary s;
  s.status = enum_at_most(in.u8(), SalaryStatus::unparsed, "salary status");
  s.period = enum_at_most(in.u8(), SalaryPeriod::annual, "salary period");
  s.reason = enum_at_most(in.u8(), SalaryReason::unreadable, "salary reason");
  s.source = enum_at_most(in.u8(), SalarySource::comment, "salary source");
  const std::uint8_t present = in.u8();
  const auto amounts = salary_amounts(s);
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    if (present & (1U << i)) *amounts[i] = number(in);
  }
  return s;
}

}  // namespace

std::string encode_facts(const OfferFacts& f) {
  ByteWriter out;
  out.reserve(512);
  out.u8(layout_version);
  out.u32(facts_code_version);
  short_text(out, f.id);
  out.i64(f.created_at.time_since_epoch().count());
  out.i64(f.updated_at.time_since_epoch().count());
  out.u8(f.place.departement);
  out.u8(f.place.region);
  out.u8(static_cast<std::uint8_t>(f.place.scope));
  for (const auto* text : {&f.place.commune, &f.place.commune_name, &f.place.city, &f.rome_code,
                           &f.rome_label, &f.contract_type, &f.experience, &f.qualification, &f.naf_code,
                           &f.sector, &f.sector_label, &f.employer, &f.origin, &f.partner, &f.job_key}) {
    short_text(out, *text);
  }
  out.u8(static_cast<std::uint8_t>((f.remote ? 1 : 0) | (f.part_time ? 2 : 0) | (f.weekly_hours ? 4 : 0)));
  if (f.weekly_hours) number(out, *f.weekly_hours);
  out.u16(f.posts);
  out.u32(static_cast<std::uint32_t>(f.skills.size()));
  for (const auto& skill : f.skills) short_text(out, skill);
  write_salary(out, f.salary);
  return std::move(out.bytes());
}

std::optional<std::string> encoded_facts_of_json(std::string_view offer_json) {
  auto parsed = facts_from_json(offer_json);
  if (auto* facts = std::get_if<OfferFacts>(&parsed)) return encode_facts(*facts);
  return std::nullopt;
}

std::optional<OfferFacts> decode_facts(std::string_view bytes, std::optional<Timestamp> withdrawn_at) {
  ByteReader in(bytes);
  OfferFacts f;
  try {
    if (in.u8() != layout_version || in.u32() != facts_code_version) return std::nullopt;
    f.id = short_text(in);
    f.created_at = Timestamp(std::chrono::milliseconds(in.i64()));
    f.updated_at = Timestamp(std::chrono::milliseconds(in.i64()));
    f.withdrawn_at = withdrawn_at;
    f.place.departement = geo_index(in.u8(), offer::all_departements().size());
    f.place.region = geo_index(in.u8(), offer::all_regions().size());
    f.place.scope = enum_at_most(in.u8(), offer::PlaceScope::unlocated, "place scope");
    for (auto* text : {&f.place.commune, &f.place.commune_name, &f.place.city, &f.rome_code, &f.rome_label,
                       &f.contract_type, &f.experience, &f.qualification, &f.naf_code, &f.sector,
                       &f.sector_label, &f.employer, &f.origin, &f.partner, &f.job_key}) {
      *text = short_text(in);
    }
    const std::uint8_t flags = in.u8();
    f.remote = flags & 1;
    f.part_time = flags & 2;
    if (flags & 4) f.weekly_hours = number(in);
    f.posts = in.u16();
    const auto skills = in.u32();
    if (skills > bytes.size()) throw ImageError("skill count past the bytes");
    f.skills.reserve(skills);
    for (std::uint32_t i = 0; i < skills; ++i) f.skills.push_back(short_text(in));
    f.salary = read_salary(in);
    if (!in.at_end() || f.id.empty()) return std::nullopt;
  } catch (const ImageError&) {
    return std::nullopt;
  }
  return f;
}

}  // namespace jobstream::analytics
