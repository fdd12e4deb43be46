#include "analytics/code_labels.hpp"

#include <utility>

namespace jobstream::analytics {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

template <std::size_t N>
std::string_view lookup(const Entry (&table)[N], std::string_view code) {
  for (const auto& [c, label] : table) {
    if (c == code) return label;
  }
  return {};
}

constexpr Entry contract_types[] = {
    {"CCE", "Profession commerciale"},
    {"CDD", "Contrat à durée déterminée"},
    {"CDI", "Contrat à durée indéterminée"},
    {"DDI", "Contrat durée déterminée insertion"},
    {"DIN", "CDI Intérimaire"},
    {"FRA", "Franchise"},
    {"LIB", "Profession libérale"},
    {"MIS", "Mission intérimaire"},
    {"SAI", "Contrat travail saisonnier"},
};

constexpr Entry experiences[] = {
    {"D", "Débutant accepté"},
    {"S", "Expérience souhaitée"},
    {"E", "Expérience exigée"},
};

constexpr Entry qualifications[] = {
    {"1", "Manœuvre"},
    {"2", "Ouvrier spécialisé"},
    {"3", "Ouvrier qualifié (P1,P2)"},
    {"4", "Ouvrier qualifié (P3,P4,OHQ)"},
    {"5", "Employé non qualifié"},
    {"6", "Employé qualifié"},
    {"7", "Technicien"},
    {"8", "Agent de maîtrise"},
    {"9", "Cadre"},
};

constexpr Entry origins[] = {
    {"1", "France Travail"},
    {"2", "Partenaire"},
};

constexpr Entry cities[] = {
    {"13055", "Marseille"},
    {"69123", "Lyon"},
    {"75056", "Paris"},
};

}  // namespace

std::string_view contract_type_label(std::string_view code) { return lookup(contract_types, code); }
std::span<const Entry> contract_type_labels() { return contract_types; }
std::string_view experience_label(std::string_view code) { return lookup(experiences, code); }
std::string_view qualification_label(std::string_view code) { return lookup(qualifications, code); }
std::string_view origin_label(std::string_view code) { return lookup(origins, code); }
std::string_view city_label(std::string_view code) { return lookup(cities, code); }

}  // namespace jobstream::analytics
