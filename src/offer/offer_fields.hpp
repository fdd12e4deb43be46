#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "offer/offer_record.hpp"

namespace jobstream::offer {

/// The columns jobstream keeps of an API offer besides its raw text: what data engineers query
/// without parsing JSON. Absent fields stay empty (stored as null), never invented.
struct OfferFields {
  std::string id;
  std::optional<std::string> intitule,
      description;  ///< HTML entities decoded; a cut description marked (html_text.hpp)
  std::optional<SysTime> date_creation, date_actualisation;
  std::optional<std::string> lieu_libelle, commune, code_postal, departement;
  std::optional<double> latitude, longitude;
  std::optional<std::string> rome_code, rome_libelle, appellation_libelle, entreprise_nom;
  std::optional<std::string> type_contrat, nature_contrat, experience_exige, qualification_code;
  std::optional<std::string> secteur_activite, code_naf, salaire_libelle, duree_travail_libelle;
  std::optional<bool> alternance;
  std::optional<int> nombre_postes;
  std::vector<std::string> competences;  ///< competences[].libelle
  /// Fields served with a value outside its sane range ("nombrePostes", "lieuTravail.latitude"...):
  /// stored as null (the raw offer keeps the value as served) and counted by the store.
  std::vector<std::string_view> out_of_range;
};

/// The ranges a stored value must be in; a value outside is not stored (see out_of_range).
inline constexpr std::int64_t max_nombre_postes = 10'000;  ///< 1..10,000 posts for one offer
inline constexpr double max_latitude = 90.0, max_longitude = 180.0;

/// Reads the fields of an offer object. Errors (not an object, no string id, a field of the wrong
/// type) name the field; unknown fields are ignored.
std::variant<OfferFields, RecordError> parse_offer_fields(std::string_view offer_json);

/// The département code of a work place ("75", "2A", "974"), found as offer::locate finds it: from
/// the INSEE commune code, else the "NN - Ville" label prefix; empty when neither names a known
/// département (a région or "France" as place, a foreign "99xxx" commune, a bare "20 - ...").
std::optional<std::string> departement_of(const std::optional<std::string>& commune,
                                          const std::optional<std::string>& libelle);

}  // namespace jobstream::offer
