#include "emulator/realistic_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "offer/geo_reference.hpp"

namespace jobstream::emulator {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Bytes of the first `chars` characters of UTF-8 `text` (all of it when shorter).
std::size_t prefix_bytes(std::string_view text, std::size_t chars) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < text.size(); ++i) {
    if (!is_continuation(text[i]) && seen++ == chars) break;
  }
  return i;
}

std::size_t length_in_chars(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

// The body of descriptions: sentences of the project's own, repeated as long as a description needs.
constexpr std::array<std::string_view, 10> sentences{
    "Au sein d'une équipe de 12 personnes, vous participez à l'organisation quotidienne du service. ",
    "Vous êtes garant(e) de la qualité du travail rendu et du respect des règles de sécurité. ",
    "Horaires : du lundi au vendredi, avec un samedi par mois ; pause déjeuner d'une heure. ",
    "Profil recherché :\n- une première expérience réussie sur un poste similaire ;\n- le goût du travail bien fait. ",
    "Nous offrons un parcours d'intégration, des formations régulières et de réelles perspectives d'évolution. ",
    "Avantages : mutuelle d'entreprise, titres-restaurant, prime annuelle selon résultats. ",
    "L'entreprise, créée il y a plus de vingt ans, compte aujourd'hui trois sites en région. ",
    "Vos missions évoluent avec vous : à terme, vous pourrez encadrer une petite équipe. ",
    "Poste basé sur site, accessible en transports en commun ; parking gratuit. ",
    "Rejoignez-nous & participez à un projet porteur de sens ! ",
};

const std::string& body_text() {
  static const std::string text = [] {
    std::string t;
    while (t.size() < 12000) {
      for (const auto s : sentences) t += s;
    }
    return t;
  }();
  return text;
}

/// What an entity stands for in the text, so that it replaces that character where it occurs.
std::string_view replaced_by(std::string_view entity) {
  if (entity == "&nbsp;" || entity == "&#xa0;") return " ";
  if (entity == "&eacute;" || entity == "&#233;") return "é";
  if (entity == "&egrave;") return "è";
  if (entity == "&agrave;" || entity == "&#224;") return "à";
  if (entity == "&ecirc;") return "ê";
  if (entity == "&ocirc;") return "ô";
  if (entity == "&rsquo;" || entity == "&#039;" || entity == "&#39;") return "'";
  if (entity == "&amp;") return "&";
  if (entity == "&bull;" || entity == "&gt;") return "-";
  if (entity == "&quot;") return "!";
  return "\n";  // &lt;: a tag the source wrote as text
}

void add_entities(std::string& text, Draw& d) {
  static const FormTable entities(learned::entities());
  for (std::uint64_t k = 0, n = 1 + d.below(3); k < n; ++k) {
    const auto entity = entities.draw(d, false);
    const auto target = replaced_by(entity);
    std::string with = std::string(entity);
    if (entity == "&lt;") with = "&lt;br&gt;\n";
    for (int times = 0, at = static_cast<int>(d.below(text.size() / 2 + 1)); times < 3; ++times) {
      auto found = text.find(target, static_cast<std::size_t>(at));
      if (found == std::string::npos) found = text.find(target);
      if (found == std::string::npos) break;
      text.replace(found, target.size(), with);
      at = static_cast<int>(found + with.size());
    }
  }
}

const std::vector<std::pair<std::string_view, std::string>>& regions() {
  static const auto list = [] {
    std::vector<std::pair<std::string_view, std::string>> out;
    for (const auto& r : offer::all_regions()) out.emplace_back(r.name, std::string(r.code));
    return out;
  }();
  return list;
}

constexpr std::array<std::string_view, 4> abroad{"Luxembourg (Frontalier)", "Suisse (Frontalier)",
                                                 "Principauté de Monaco", "Québec Canada"};

std::string_view departement_name(std::string_view code) {
  for (const auto& d : offer::all_departements()) {
    if (d.code == code) return d.name;
  }
  return code;
}

}  // namespace

FormTable::FormTable(std::span<const learned::Form> forms, std::string_view prefix) {
  double native = 0, partner = 0;
  for (const auto& f : forms) {
    if (!f.form.starts_with(prefix)) continue;
    _forms.push_back(f.form.substr(prefix.size()));
    _native.push_back(native += f.count.native);
    _partner.push_back(partner += f.count.partner);
  }
  if (_forms.empty() || native <= 0 || partner <= 0) {
    // An origin never seen in a table draws from the other's counts.
    if (native <= 0) _native = _partner;
    if (partner <= 0) _partner = _native;
  }
  if (_forms.empty()) throw std::logic_error(fmt::format("no learned form starts with '{}'", prefix));
}

std::string_view FormTable::draw(Draw& d, bool partner) const {
  const auto& cumulative = partner ? _partner : _native;
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), d.unit() * cumulative.back());
  return _forms[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), _forms.size() - 1)];
}

FieldPresence::FieldPresence(std::string_view field) {
  for (const auto& s : learned::field_shares()) {
    if (s.field == field) {
      _share = s;
      return;
    }
  }
  throw std::logic_error(fmt::format("no learned share for field {}", field));
}

bool FieldPresence::draw(Draw& d, bool partner, std::string_view day) const {
  const bool chance = d.chance(_share.share.of(partner));  // drawn always, so later draws keep their values
  return chance && (_share.since.empty() || day.substr(0, 10) >= _share.since);
}

std::string upper_place_name(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> letters{{{"é", "E"},
                                                                                          {"è", "E"},
                                                                                          {"ê", "E"},
                                                                                          {"ë", "E"},
                                                                                          {"É", "E"},
                                                                                          {"à", "A"},
                                                                                          {"â", "A"},
                                                                                          {"î", "I"},
                                                                                          {"ï", "I"},
                                                                                          {"ô", "O"},
                                                                                          {"û", "U"},
                                                                                          {"ç", "C"}}};
  std::string n(name);
  if (const auto arr = n.find(" Arrondissement"); arr != std::string::npos) {
    const auto space = n.rfind(' ', arr - 1);  // "Paris 8e Arrondissement" -> "PARIS 08"
    const auto number = std::stoi(n.substr(space + 1));
    n = fmt::format("{} {:02}", n.substr(0, space), number);
  }
  if (n.starts_with("Saint-")) n = "ST " + n.substr(6);
  std::string out;
  for (std::size_t i = 0; i < n.size();) {
    bool done = false;
    for (const auto& [from, to] : letters) {
      if (n.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    const char c = n[i++];
    out.push_back(c == '-' ? ' ' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  }
  return out;
}

RealisticPlace realistic_place(Draw& d, bool partner, const Town& town) {
  static const FormTable forms(learned::place_forms());
  const auto form = forms.draw(d, partner);
  const auto space = form.find(' ');
  const auto kind = form.substr(0, space), keys = form.substr(space + 1);
  RealisticPlace out;
  out.json = OrderedJson::object();
  const bool in_departement = kind.starts_with("commune") || kind == "dept" || kind == "bare";
  const bool city_wide = town.name.ends_with("(Dept.)");  // Paris given as its département
  if (kind == "france") {
    out.json["libelle"] = "France";
  } else if (kind == "region") {
    const auto& [name, code] = regions()[d.below(regions().size())];
    out.json["libelle"] = name;
    out.region = code;
  } else if (kind == "abroad") {
    out.json["libelle"] = d.pick(std::span<const std::string_view>(abroad));
  } else if (kind == "bare") {
    out.json["libelle"] = town.departement;
  } else if (kind == "dept" || city_wide) {
    out.json["libelle"] =
        fmt::format("{} - {} (Dept.)", town.departement, departement_name(town.departement));
  } else if (kind == "commune-upper") {
    out.json["libelle"] = fmt::format("{} - {}", town.departement, upper_place_name(town.name));
  } else {
    out.json["libelle"] = fmt::format("{} - {}", town.departement, town.name);
  }
  if (keys.find("latitude") != std::string_view::npos) {
    out.json["latitude"] = kind == "france" ? 46.6034 : town.latitude;
    out.json["longitude"] = kind == "france" ? 1.8883 : town.longitude;
  }
  if (!in_departement) return out;
  out.departement = std::string(town.departement);
  if (keys.find("codePostal") != std::string_view::npos && !town.postcode.empty()) {
    out.json["codePostal"] = town.postcode;
  }
  if (keys.find("commune") != std::string_view::npos) {
    out.json["commune"] = town.commune;
    out.commune = std::string(town.commune);
  }
  return out;
}

std::string realistic_description(Draw& d, bool partner, std::string_view intro) {
  // The API cuts some partner descriptions at 5,000 characters, a few at 5,000 bytes.
  const bool cut_chars = d.chance(learned::shares.description_cut.of(partner));
  const bool cut_bytes = !cut_chars && d.chance(learned::shares.description_cut_bytes.of(partner));
  const bool cut = cut_chars || cut_bytes;
  const bool entities = d.chance(learned::shares.description_entity.of(partner));
  std::size_t target = 5000;
  if (!cut) {
    // Between two learned percentiles, linearly.
    const auto q = learned::description_lengths(partner);
    const double at = d.unit() * static_cast<double>(q.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(at), q.size() - 2);
    target = static_cast<std::size_t>(q[i] + (at - static_cast<double>(i)) * (q[i + 1] - q[i]));
  }
  const auto& body = body_text();
  const auto start = prefix_bytes(body, d.below(sentences.size()) * 90);
  std::string text(intro);
  const auto intro_chars = length_in_chars(intro);
  if (target > intro_chars) {
    const auto rest = std::string_view(body).substr(start);
    text.append(rest.substr(0, prefix_bytes(rest, target - intro_chars + (cut ? 200 : 0))));
  }
  if (entities) add_entities(text, d);
  if (cut_chars) {
    text.resize(prefix_bytes(text, 5000));
  } else {
    // At most 5,000 bytes (a few less: never half a character), or, not cut, fewer than 4,990 bytes
    // or characters so that it does not look cut.
    auto bytes = cut ? 5000 - d.below(7)
                     : std::min<std::size_t>(prefix_bytes(text, std::min(target, std::size_t{4989})), 4989);
    bytes = std::min(bytes, text.size());
    while (bytes > 0 && bytes < text.size() && is_continuation(text[bytes])) --bytes;
    text.resize(bytes);
    while (cut && !text.empty() && std::string_view(".!?):").find(text.back()) != std::string_view::npos)
      text.pop_back();
  }
  return text;
}

}  // namespace jobstream::emulator
