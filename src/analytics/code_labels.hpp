#pragma once

#include <span>
#include <string_view>
#include <utility>

namespace jobstream::analytics {

/// Labels of the API's small code lists, compiled in (from the typesContrats reference list and
/// the documented experience and qualification codes). Unknown codes give an empty label.
std::string_view contract_type_label(std::string_view code);  ///< "CDI" -> "Contrat à durée indéterminée"
std::string_view experience_label(std::string_view code);     ///< "D" -> "Débutant accepté"
std::string_view qualification_label(std::string_view code);  ///< "9" -> "Cadre"
std::string_view origin_label(std::string_view code);  ///< "1" -> "France Travail", "2" -> "Partenaire"
/// Every contract type with its label, in code order (served to the dashboard by /api/labels).
std::span<const std::pair<std::string_view, std::string_view>> contract_type_labels();
/// The three cities the API splits into arrondissements: "75056" -> "Paris"; empty otherwise.
std::string_view city_label(std::string_view code);

}  // namespace jobstream::analytics
