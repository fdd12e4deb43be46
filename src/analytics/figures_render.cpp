#include "analytics/figures_render.hpp"

#include <fmt/format.h>

namespace jobstream::analytics {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ',';
    out += i;
  }
  return out;
}

template <typename T>
std::string or_dash(const std::optional<T>& v) {
  return v ? fmt::format("{}", *v) : std::string("-");
}

void list_section(std::string& out, const char* title, const std::vector<CountEntry>& list,
                  std::size_t rows) {
  out += fmt::format("\n{} ({} entries)\n", title, list.size());
  if (list.empty()) {
    out += "  (none)\n";
    return;
  }
  for (std::size_t i = 0; i < list.size() && i < rows; ++i) {
    const auto& e = list[i];
    const std::string label = e.label.empty() || e.label == e.code ? std::string() : "  " + e.label;
    out += fmt::format("  {:>8}  {}{}\n", e.count, e.code, label);
  }
  if (list.size() > rows) out += fmt::format("  ... {} more\n", list.size() - rows);
}

// RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes.
std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void csv_line(std::string& out, std::string_view section, std::string_view key, std::string_view label,
              std::string_view parent, std::string_view metric, const std::string& value) {
  out += fmt::format("{},{},{},{},{},{}\r\n", csv_field(section), csv_field(key), csv_field(label),
                     csv_field(parent), csv_field(metric), value);
}

template <typename T>
void csv_optional(std::string& out, std::string_view section, std::string_view metric,
                  const std::optional<T>& v) {
  if (v) csv_line(out, section, "", "", "", metric, fmt::format("{}", *v));
}

}  // namespace

std::string render_table(const Figures& fig, std::size_t list_rows) {
  const Filter& f = fig.filter;
  std::string out;
  out += fmt::format("Period {} .. {}", f.from ? format_day(*f.from) : "-", f.to ? format_day(*f.to) : "-");
  std::vector<std::string> parts;
  if (!f.departements.empty()) parts.push_back("dept " + join(f.departements));
  if (!f.regions.empty()) parts.push_back("region " + join(f.regions));
  if (!f.communes.empty()) parts.push_back("commune " + join(f.communes));
  if (!f.rome_codes.empty()) parts.push_back("rome " + join(f.rome_codes));
  if (!f.contract_types.empty()) parts.push_back("contract " + join(f.contract_types));
  out += parts.empty() ? "  (all offers)\n" : "  filter: " + join(parts) + "\n";

  const Totals& t = fig.totals;
  out += fmt::format("\nOffers open during the period  {:>9}\n", t.offers);
  out +=
      fmt::format("Open at the end                {:>9}  ({} posts)\n", t.open_at_end, t.open_posts_at_end);
  out += fmt::format("New / updated / withdrawn      {:>9} / {} / {}\n", t.new_offers, t.updated_offers,
                     t.withdrawn_offers);
  out += fmt::format("Remote / part-time             {:>9} / {}\n", t.remote, t.part_time);
  out += fmt::format(
      "Without a département          {:>9}  (région {}, France {}, abroad {}, unlocated {})\n",
      t.without_departement, t.place_scope[2], t.place_scope[3], t.place_scope[4], t.place_scope[5]);
  out += fmt::format("Distinct jobs (estimate)       {:>9}\n", t.distinct_jobs);

  const SalaryDistribution& s = fig.salary;
  out += fmt::format("\nAnnual gross salary (EUR): {} parsed, {} unparsed, {} implausible, {} absent\n",
                     s.parsed, s.unparsed, s.implausible, s.absent);
  out += fmt::format("  {} read from a comment; unread by reason:", s.from_comment);
  for (std::size_t i = 1; i < s.reasons.size(); ++i) {
    if (s.reasons[i] != 0)
      out += fmt::format(" {} {}", to_string(static_cast<SalaryReason>(i)), s.reasons[i]);
  }
  out += '\n';
  out += fmt::format("  P10 {}  P25 {}  median {}  P75 {}  P90 {}  mean {}\n", or_dash(s.p10), or_dash(s.p25),
                     or_dash(s.median), or_dash(s.p75), or_dash(s.p90), or_dash(s.mean));
  for (const auto& b : s.histogram) {
    if (b.count == 0) continue;
    out +=
        fmt::format("  {:>7} - {:<7} {:>8}\n", b.lower, b.upper ? fmt::format("{}", *b.upper) : "", b.count);
  }

  const TimeOnMarket& m = fig.time_on_market;
  out += fmt::format("\nTime on market of {} withdrawn offers: median {} d, P90 {} d, mean {} d\n", m.count,
                     or_dash(m.median_days), or_dash(m.p90_days), or_dash(m.mean_days));

  out += fmt::format("\n{:<10} {:>8} {:>8} {:>9} {:>9}\n", "day", "new", "updated", "withdrawn", "open");
  for (const auto& d : fig.daily) {
    out += fmt::format("{:<10} {:>8} {:>8} {:>9} {:>9}\n", format_day(d.day), d.new_offers, d.updated_offers,
                       d.withdrawn_offers, d.open_offers);
  }

  list_section(out, "Top ROME codes", fig.top_rome, list_rows);
  list_section(out, "Top skills", fig.top_skills, list_rows);
  list_section(out, "Top employers", fig.top_employers, list_rows);
  list_section(out, "Contract types", fig.by_contract, list_rows);
  list_section(out, "Experience", fig.by_experience, list_rows);
  list_section(out, "Qualification", fig.by_qualification, list_rows);
  list_section(out, "Sectors (NAF division)", fig.by_sector, list_rows);
  list_section(out, "Régions", fig.by_region, list_rows);
  list_section(out, "Départements", fig.by_departement, list_rows);
  list_section(out, "Communes", fig.by_commune, list_rows);
  list_section(out, "Cities (arrondissements rolled up)", fig.by_city, list_rows);
  list_section(out, "Origin", fig.by_origin, list_rows);
  list_section(out, "Partners", fig.by_partner, list_rows);
  return out;
}

std::string render_csv(const Figures& fig) {
  std::string out = "section,key,label,parent,metric,value\r\n";
  const Filter& f = fig.filter;
  if (f.from) csv_line(out, "filter", "", "", "", "from", format_day(*f.from));
  if (f.to) csv_line(out, "filter", "", "", "", "to", format_day(*f.to));
  const Totals& t = fig.totals;
  const std::pair<const char*, std::uint64_t> totals[] = {
      {"offers", t.offers},  {"open_at_end", t.open_at_end}, {"open_posts_at_end", t.open_posts_at_end},
      {"new", t.new_offers}, {"updated", t.updated_offers},  {"withdrawn", t.withdrawn_offers},
      {"remote", t.remote},  {"part_time", t.part_time},     {"without_departement", t.without_departement}};
  for (const auto& [metric, value] : totals)
    csv_line(out, "totals", "", "", "", metric, std::to_string(value));
  for (std::size_t i = 0; i < t.place_scope.size(); ++i) {
    csv_line(out, "place_scope", std::string(offer::to_string(static_cast<offer::PlaceScope>(i))), "", "",
             "count", std::to_string(t.place_scope[i]));
  }
  csv_line(out, "totals", "", "", "", "distinct_jobs", std::to_string(t.distinct_jobs));
  for (const auto& d : fig.daily) {
    const std::string day = format_day(d.day);
    csv_line(out, "daily", day, "", "", "new", std::to_string(d.new_offers));
    csv_line(out, "daily", day, "", "", "updated", std::to_string(d.updated_offers));
    csv_line(out, "daily", day, "", "", "withdrawn", std::to_string(d.withdrawn_offers));
    csv_line(out, "daily", day, "", "", "open", std::to_string(d.open_offers));
  }
  const SalaryDistribution& s = fig.salary;
  csv_line(out, "salary", "", "", "", "parsed", std::to_string(s.parsed));
  csv_line(out, "salary", "", "", "", "implausible", std::to_string(s.implausible));
  csv_line(out, "salary", "", "", "", "unparsed", std::to_string(s.unparsed));
  csv_line(out, "salary", "", "", "", "absent", std::to_string(s.absent));
  csv_line(out, "salary", "", "", "", "from_comment", std::to_string(s.from_comment));
  for (std::size_t i = 1; i < s.reasons.size(); ++i) {
    csv_line(out, "salary_reason", std::string(to_string(static_cast<SalaryReason>(i))), "", "", "count",
             std::to_string(s.reasons[i]));
  }
  csv_optional(out, "salary", "p10", s.p10);
  csv_optional(out, "salary", "p25", s.p25);
  csv_optional(out, "salary", "median", s.median);
  csv_optional(out, "salary", "p75", s.p75);
  csv_optional(out, "salary", "p90", s.p90);
  csv_optional(out, "salary", "mean", s.mean);
  for (const auto& b : s.histogram) {
    csv_line(out, "salary_histogram", std::to_string(b.lower), "", b.upper ? std::to_string(*b.upper) : "",
             "count", std::to_string(b.count));
  }
  const TimeOnMarket& m = fig.time_on_market;
  csv_line(out, "time_on_market", "", "", "", "count", std::to_string(m.count));
  csv_optional(out, "time_on_market", "median_days", m.median_days);
  csv_optional(out, "time_on_market", "p90_days", m.p90_days);
  csv_optional(out, "time_on_market", "mean_days", m.mean_days);
  const std::pair<const char*, const std::vector<CountEntry>*> lists[] = {
      {"top_rome", &fig.top_rome},
      {"top_skills", &fig.top_skills},
      {"top_employers", &fig.top_employers},
      {"by_contract", &fig.by_contract},
      {"by_experience", &fig.by_experience},
      {"by_qualification", &fig.by_qualification},
      {"by_sector", &fig.by_sector},
      {"by_region", &fig.by_region},
      {"by_departement", &fig.by_departement},
      {"by_commune", &fig.by_commune},
      {"by_city", &fig.by_city},
      {"by_origin", &fig.by_origin},
      {"by_partner", &fig.by_partner}};
  for (const auto& [section, list] : lists) {
    for (const auto& e : *list)
      csv_line(out, section, e.code, e.label, e.parent, "count", std::to_string(e.count));
  }
  return out;
}

}  // namespace jobstream::analytics
