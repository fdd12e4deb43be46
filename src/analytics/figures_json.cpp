#include "analytics/figures_json.hpp"

namespace jobstream::analytics {
namespace {

using nlohmann::ordered_json;

template <typename T>
ordered_json optional_value(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json entries_json(const std::vector<CountEntry>& list, const char* parent_key = nullptr) {
  ordered_json out = ordered_json::array();
  for (const auto& e : list) {
    ordered_json item;
    item["code"] = e.code;
    item["label"] = e.label;
    if (parent_key) item[parent_key] = e.parent;
    item["count"] = e.count;
    out.push_back(std::move(item));
  }
  return out;
}

// Implausible and unparsed salaries by reason ("none" left out: it is parsed or absent).
ordered_json reasons_json(const SalaryDistribution& s) {
  ordered_json out = ordered_json::object();
  for (std::size_t i = 1; i < s.reasons.size(); ++i)
    out[std::string(to_string(static_cast<SalaryReason>(i)))] = s.reasons[i];
  return out;
}

}  // namespace

ordered_json to_json(const Filter& f) {
  ordered_json out;
  out["from"] = f.from ? ordered_json(format_day(*f.from)) : ordered_json(nullptr);
  out["to"] = f.to ? ordered_json(format_day(*f.to)) : ordered_json(nullptr);
  out["departements"] = f.departements;
  out["regions"] = f.regions;
  out["communes"] = f.communes;
  out["rome_codes"] = f.rome_codes;
  out["contract_types"] = f.contract_types;
  out["top"] = f.top;
  out["commune_limit"] = f.commune_limit;
  out["salary_bin_width"] = f.salary_bin_width;
  return out;
}

ordered_json to_json(const Figures& fig) {
  ordered_json out;
  out["schema"] = figures_schema;
  out["filter"] = to_json(fig.filter);

  const Totals& t = fig.totals;
  out["totals"] = {
      {"offers", t.offers},  {"open_at_end", t.open_at_end}, {"open_posts_at_end", t.open_posts_at_end},
      {"new", t.new_offers}, {"updated", t.updated_offers},  {"withdrawn", t.withdrawn_offers},
      {"remote", t.remote},  {"part_time", t.part_time},     {"without_departement", t.without_departement}};
  ordered_json scopes;
  for (std::size_t i = 0; i < t.place_scope.size(); ++i)
    scopes[std::string(offer::to_string(static_cast<offer::PlaceScope>(i)))] = t.place_scope[i];
  out["totals"]["place_scope"] = std::move(scopes);
  out["totals"]["distinct_jobs"] = t.distinct_jobs;

  ordered_json daily = ordered_json::array();
  for (const auto& d : fig.daily) {
    daily.push_back({{"day", format_day(d.day)},
                     {"new", d.new_offers},
                     {"updated", d.updated_offers},
                     {"withdrawn", d.withdrawn_offers},
                     {"open", d.open_offers}});
  }
  out["daily"] = std::move(daily);

  const SalaryDistribution& s = fig.salary;
  ordered_json histogram = ordered_json::array();
  for (const auto& b : s.histogram) {
    histogram.push_back({{"lower", b.lower}, {"upper", optional_value(b.upper)}, {"count", b.count}});
  }
  out["salary"] = {{"parsed", s.parsed},
                   {"implausible", s.implausible},
                   {"unparsed", s.unparsed},
                   {"absent", s.absent},
                   {"from_comment", s.from_comment},
                   {"reasons", reasons_json(s)},
                   {"p10", optional_value(s.p10)},
                   {"p25", optional_value(s.p25)},
                   {"median", optional_value(s.median)},
                   {"p75", optional_value(s.p75)},
                   {"p90", optional_value(s.p90)},
                   {"mean", optional_value(s.mean)},
                   {"bin_width", s.bin_width},
                   {"histogram", std::move(histogram)}};

  const TimeOnMarket& m = fig.time_on_market;
  out["time_on_market"] = {{"count", m.count},
                           {"median_days", optional_value(m.median_days)},
                           {"p90_days", optional_value(m.p90_days)},
                           {"mean_days", optional_value(m.mean_days)}};

  out["top_rome"] = entries_json(fig.top_rome);
  out["top_skills"] = entries_json(fig.top_skills);
  out["top_employers"] = entries_json(fig.top_employers);
  out["by_contract"] = entries_json(fig.by_contract);
  out["by_experience"] = entries_json(fig.by_experience);
  out["by_qualification"] = entries_json(fig.by_qualification);
  out["by_sector"] = entries_json(fig.by_sector);
  out["by_region"] = entries_json(fig.by_region);
  out["by_departement"] = entries_json(fig.by_departement, "region");
  out["by_commune"] = entries_json(fig.by_commune, "departement");
  out["by_city"] = entries_json(fig.by_city, "departement");
  out["by_origin"] = entries_json(fig.by_origin);
  out["by_partner"] = entries_json(fig.by_partner);
  return out;
}

std::string to_json_text(const Figures& figures, int indent) {
  // Replace rather than throw on invalid UTF-8: an odd byte in an employer name must not cost the
  // whole answer.
  return to_json(figures).dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace jobstream::analytics
