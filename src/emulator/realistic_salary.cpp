#include <fmt/format.h>

#include <array>
#include <string>

#include "emulator/realistic_fields.hpp"

namespace jobstream::emulator {
namespace {

/// An amount for a magnitude class of the templates: h hourly (or a stray small number), m monthly,
/// a yearly, 0 zero. Units in real labels are not reliable, which the templates carry as they are.
double amount_for(char magnitude, Draw& d) {
  switch (magnitude) {
    case '0':
      return 0.0;
    case 'h':
      return 11.65 + d.unit() * 9.0;
    case 'm':
      return 1450.0 + d.unit() * 2600.0;
    default:
      return 20000.0 + d.unit() * 38000.0;
  }
}

double upper_bound_of(char magnitude) {
  switch (magnitude) {
    case 'h':
      return 99.0;
    case 'm':
      return 9999.0;
    default:
      return 1e7;
  }
}

/// Writes `value` in a number format of the templates: i "1801", .0 "1801.0", .1 "1801.8",
/// .2 "1801.80", c2 "1801,80", x "13,5".
std::string written(std::string_view format, double value) {
  if (format == "i") return fmt::format("{:.0f}", value);
  if (format == ".0") return fmt::format("{:.0f}.0", value);
  if (format == ".1") {
    auto s = fmt::format("{:.1f}", value);
    if (s.back() == '0' && value != 0.0) s.back() = '5';  // stays a one-decimal figure, not a ".0"
    return s;
  }
  auto s = format == "x" ? fmt::format("{:.1f}", value) : fmt::format("{:.2f}", value);
  if (format == "c2" || format == "x") s[s.find('.')] = ',';
  return s;
}

/// Fills a template's amount slots ("{c2m}"); the month slot ("{12.0}") is written as it is. The
/// second amount of a range is never below the first of the same magnitude.
std::string filled(std::string_view tmpl, Draw& d) {
  std::string out;
  out.reserve(tmpl.size() + 16);
  double previous = -1.0;
  char previous_magnitude = 0;
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] != '{') {
      out.push_back(tmpl[i++]);
      continue;
    }
    const auto close = tmpl.find('}', i);
    const auto slot = tmpl.substr(i + 1, close - i - 1);
    i = close + 1;
    if (slot.empty() || (slot[0] >= '0' && slot[0] <= '9')) {
      out += slot;  // months
      continue;
    }
    const char magnitude = slot.back();
    double value = amount_for(magnitude, d);
    if (magnitude == previous_magnitude && previous >= 0.0) {
      value = std::min(previous * (1.0 + d.unit() * 0.3), upper_bound_of(magnitude));
    }
    previous = value;
    previous_magnitude = magnitude;
    out += written(slot.substr(0, slot.size() - 1), value);
  }
  return out;
}

constexpr std::array<std::string_view, 8> word_comments{"Selon profil",
                                                        "A négocier",
                                                        "Selon expérience",
                                                        "SMIC",
                                                        "Selon grille de la convention collective",
                                                        "Rémunération attractive",
                                                        "Fixe + variable",
                                                        "Selon diplôme et expérience"};

std::string comment(Draw& d, bool partner) {
  if (!d.chance(learned::shares.comment_with_figure.of(partner))) {
    return std::string(d.pick(std::span<const std::string_view>(word_comments)));
  }
  switch (d.below(3)) {
    case 0:
      return fmt::format("{} € brut de l'heure", written("c2", amount_for('h', d)));
    case 1:
      return fmt::format("{} € brut mensuel", written("i", amount_for('m', d)));
    default: {
      const int low = 22 + static_cast<int>(d.below(20));
      return fmt::format("{}-{}k€ annuel", low, low + 3 + static_cast<int>(d.below(8)));
    }
  }
}

struct Complement {
  std::string_view code;
  std::string_view label;
};
// The API's complements (its own codes, as listeComplements gives them).
constexpr std::array<Complement, 6> complements{{{"1", "Primes"},
                                                 {"6", "Titres restaurant / Prime de panier"},
                                                 {"7", "Complémentaire santé"},
                                                 {"9", "CSE"},
                                                 {"10", "Intéressement / participation"},
                                                 {"14", "Indemnité transports"}}};
// complement1/complement2 before the list existed also said "Autre", "Mutuelle", "Chèque repas"...
constexpr std::array<std::string_view, 6> older_complements{"Autre",    "Mutuelle", "Chèque repas",
                                                            "Véhicule", "CE",       "Restauration"};

bool has_key(std::string_view keys, std::string_view key) {
  for (std::size_t start = 0; start <= keys.size();) {
    const auto end = std::min(keys.find('+', start), keys.size());
    if (keys.substr(start, end - start) == key) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

OrderedJson realistic_salary(Draw& d, bool partner, std::string_view day) {
  static const FormTable before(learned::salary_keys(), "before ");
  static const FormTable since(learned::salary_keys(), "since ");
  static const FormTable templates(learned::salary_templates());
  const bool lists = day >= learned::shares.list_complements_since;
  const auto keys = (lists ? since : before).draw(d, partner);
  OrderedJson salary = OrderedJson::object();
  if (has_key(keys, "libelle")) salary["libelle"] = filled(templates.draw(d, partner), d);
  if (has_key(keys, "commentaire")) salary["commentaire"] = comment(d, partner);
  const auto first = d.below(complements.size() + older_complements.size());
  const auto second = (first + 1 + d.below(complements.size() - 1)) % complements.size();
  const auto label_of = [&](std::uint64_t k) {
    return k < complements.size() ? complements[k].label : older_complements[k - complements.size()];
  };
  if (has_key(keys, "complement1"))
    salary["complement1"] = label_of(lists ? first % complements.size() : first);
  if (has_key(keys, "complement2")) salary["complement2"] = complements[second].label;
  if (has_key(keys, "listeComplements")) {
    OrderedJson list = OrderedJson::array();
    for (std::uint64_t k = 0, n = 1 + d.below(4); k < n; ++k) {
      const auto& c = complements[(first + k) % complements.size()];
      list.push_back(OrderedJson{{"code", c.code}, {"libelle", c.label}});
    }
    salary["listeComplements"] = std::move(list);
  }
  return salary;
}

}  // namespace jobstream::emulator
