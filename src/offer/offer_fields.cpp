#include "offer/offer_fields.hpp"

#include <simdjson.h>

#include <cmath>

#include "offer/html_text.hpp"
#include "offer/place.hpp"

namespace jobstream::offer {
namespace {

using simdjson::dom::element;

struct Reader {
  element root;
  std::string error;

  std::optional<std::string> text(const char* pointer) {
    element e;
    if (root.at_pointer(pointer).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    std::string_view v;
    if (e.get_string().get(v) == simdjson::SUCCESS) return std::string(v);
    if (error.empty()) error = std::string("field '") + (pointer + 1) + "' is not a string";
    return std::nullopt;
  }
  template <typename T>
  std::optional<T> number(const char* pointer) {
    element e;
    if (root.at_pointer(pointer).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    if constexpr (std::is_same_v<T, double>) {
      double v;
      if (e.get_double().get(v) == simdjson::SUCCESS) return v;
    } else {
      int64_t v;
      if (e.get_int64().get(v) == simdjson::SUCCESS) return static_cast<T>(v);
    }
    if (error.empty()) error = std::string("field '") + (pointer + 1) + "' is not a number";
    return std::nullopt;
  }
  std::optional<bool> boolean(const char* pointer) {
    element e;
    if (root.at_pointer(pointer).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    bool v;
    if (e.get_bool().get(v) == simdjson::SUCCESS) return v;
    if (error.empty()) error = std::string("field '") + (pointer + 1) + "' is not a boolean";
    return std::nullopt;
  }
  /// A number of posts, in 1..max_nombre_postes. Any other number (0, negative, 99,999,999,999,
  /// 2.5, 1e30) is set aside in `out_of_range` rather than narrowed into a wrong value.
  std::optional<std::int64_t> count(const char* pointer, std::string_view name,
                                    std::vector<std::string_view>& out_of_range) {
    element e;
    if (root.at_pointer(pointer).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    if (!e.is_number()) {
      if (error.empty()) error = std::string("field '") + (pointer + 1) + "' is not a number";
      return std::nullopt;
    }
    int64_t v = 0;
    if (e.get_int64().get(v) == simdjson::SUCCESS && v >= 1 && v <= max_nombre_postes) return v;
    out_of_range.push_back(name);
    return std::nullopt;
  }
  std::optional<SysTime> time(const char* pointer) {
    auto t = text(pointer);
    if (!t) return std::nullopt;
    SysTime out{};
    if (parse_time(*t, out)) return out;
    if (error.empty()) error = std::string("field '") + (pointer + 1) + "' is not a date";
    return std::nullopt;
  }
};

}  // namespace

std::optional<std::string> departement_of(const std::optional<std::string>& commune,
                                          const std::optional<std::string>& libelle) {
  // The same two steps as offer::locate, which the figures use: the table and the figures must
  // agree on every offer. Only the département is wanted here, not locate's région and names.
  GeoIndex index = departement_of_commune(commune.value_or(""));
  if (index == unknown_geo) index = departement_of_label(libelle.value_or(""));
  if (const Departement* d = departement_at(index)) return std::string(d->code);
  return std::nullopt;
}

std::variant<OfferFields, RecordError> parse_offer_fields(std::string_view offer_json) {
  thread_local simdjson::dom::parser parser;
  const simdjson::padded_string padded(offer_json);
  Reader r;
  if (parser.parse(padded).get(r.root) != simdjson::SUCCESS) return RecordError{"offer is not valid JSON"};
  if (!r.root.is_object()) return RecordError{"offer is not a JSON object"};
  OfferFields f;
  element id;
  if (r.root.at_pointer("/id").get(id) != simdjson::SUCCESS) return RecordError{"offer has no 'id'"};
  std::string_view id_text;
  if (id.get_string().get(id_text) == simdjson::SUCCESS) {
    f.id = std::string(id_text);
  } else if (int64_t n; id.get_int64().get(n) == simdjson::SUCCESS) {
    f.id = std::to_string(n);  // numeric ids are kept as text
  } else {
    return RecordError{"offer 'id' is not a string"};
  }
  // Titles and descriptions as shown and searched: entities decoded, a cut description marked.
  if (auto title = r.text("/intitule")) f.intitule = decode_html_entities(*title);
  if (auto text = r.text("/description")) f.description = display_description(*text);
  f.date_creation = r.time("/dateCreation");
  f.date_actualisation = r.time("/dateActualisation");
  f.lieu_libelle = r.text("/lieuTravail/libelle");
  f.commune = r.text("/lieuTravail/commune");
  f.code_postal = r.text("/lieuTravail/codePostal");
  f.latitude = r.number<double>("/lieuTravail/latitude");
  f.longitude = r.number<double>("/lieuTravail/longitude");
  // A coordinate off the Earth makes the pair meaningless: neither is stored.
  const bool latitude_bad = f.latitude && !(std::abs(*f.latitude) <= max_latitude);
  const bool longitude_bad = f.longitude && !(std::abs(*f.longitude) <= max_longitude);
  if (latitude_bad) f.out_of_range.emplace_back("lieuTravail.latitude");
  if (longitude_bad) f.out_of_range.emplace_back("lieuTravail.longitude");
  if (latitude_bad || longitude_bad) f.latitude = f.longitude = std::nullopt;
  f.rome_code = r.text("/romeCode");
  f.rome_libelle = r.text("/romeLibelle");
  f.appellation_libelle = r.text("/appellationlibelle");
  f.entreprise_nom = r.text("/entreprise/nom");
  f.type_contrat = r.text("/typeContrat");
  f.nature_contrat = r.text("/natureContrat");
  f.experience_exige = r.text("/experienceExige");
  f.qualification_code = r.text("/qualificationCode");
  f.secteur_activite = r.text("/secteurActivite");
  f.code_naf = r.text("/codeNAF");
  f.salaire_libelle = r.text("/salaire/libelle");
  f.duree_travail_libelle = r.text("/dureeTravailLibelle");
  f.alternance = r.boolean("/alternance");
  if (const auto posts = r.count("/nombrePostes", "nombrePostes", f.out_of_range)) {
    f.nombre_postes = static_cast<int>(*posts);
  }
  simdjson::dom::array skills;
  if (r.root.at_pointer("/competences").get(skills) == simdjson::SUCCESS) {
    for (element skill : skills) {
      std::string_view label;
      if (skill.at_pointer("/libelle").get_string().get(label) == simdjson::SUCCESS) {
        f.competences.emplace_back(label);
      }
    }
  }
  if (!r.error.empty()) return RecordError{r.error};
  f.departement = departement_of(f.commune, f.lieu_libelle);
  return f;
}

}  // namespace jobstream::offer
