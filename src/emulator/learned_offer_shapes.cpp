// Written by tools/learn_offer_shapes.py from the real offers the API served: frequencies and
// format classes only (no real text). Regenerate rather than edit.
#include "emulator/learned_offer_shapes.hpp"

#include <array>

namespace jobstream::emulator::learned {
namespace {

// Field -> the month it first appeared (empty: always there) and its share {native, partner}
// among the offers created since then.
constexpr std::array<FieldShare, 28> fields{{
    {"nombrePostes", "", {0.9978, 1.0000}},
    {"dateActualisation", "", {1.0000, 0.9812}},
    {"accessibleTH", "", {0.9457, 0.9910}},
    {"codeNAF", "", {1.0000, 0.3143}},
    {"dureeTravailLibelle", "", {0.9879, 0.1408}},
    {"dureeTravailLibelleConverti", "", {0.9879, 0.0769}},
    {"qualificationCode", "", {1.0000, 0.0969}},
    {"contact", "", {1.0000, 0.0276}},
    {"offresManqueCandidats", "", {0.9879, 0.0000}},
    {"agence", "", {0.9367, 0.0000}},
    {"contexteTravail", "2025-03-01", {1.0000, 1.0000}},
    {"entrepriseAdaptee", "2025-05-01", {1.0000, 1.0000}},
    {"competences", "", {0.7554, 0.0000}},
    {"qualitesProfessionnelles", "", {0.5655, 0.0000}},
    {"deplacementCode", "", {0.4228, 0.0000}},
    {"formations", "", {0.2796, 0.0048}},
    {"permis", "", {0.2253, 0.0023}},
    {"langues", "", {0.1584, 0.0068}},
    {"complementExercice", "", {0.0162, 0.0616}},
    {"trancheEffectifEtab", "2025-12-01", {0.9605, 0.0882}},
    {"experienceCommentaire", "", {0.0633, 0.0060}},
    {"conditionExercice", "", {0.0040, 0.0000}},
    {"outilsBureautiques", "", {0.0004, 0.0000}},
    {"entreprise.nom", "", {0.9466, 0.4839}},
    {"entreprise.description", "", {0.2195, 0.6518}},
    {"entreprise.logo", "", {0.0821, 0.0000}},
    {"entreprise.url", "", {0.0646, 0.0000}},
    {"entreprise.entrepriseAdaptee", "", {0.9991, 0.9724}},
}};

// Salary label templates: number of real offers with each, {native, partner}.
constexpr std::array<Form, 116> salary_templates_{{
    {"Annuel de {c2a} Euros à {c2a} Euros", {0, 516}},
    {"Annuel de {.0a} Euros à {.0a} Euros sur {12.0} mois", {348, 0}},
    {"Mensuel de {.0m} Euros à {.0m} Euros sur {12.0} mois", {200, 0}},
    {"Horaire de {c2h} Euros à {c2h} Euros", {21, 122}},
    {"Mensuel de {.0m} Euros sur {12.0} mois", {111, 0}},
    {"Mensuel de {c2m} Euros à {c2m} Euros", {0, 102}},
    {"Mensuel de {c2m} Euros", {0, 91}},
    {"Annuel de {.0a} Euros à {.0a} Euros sur {12} mois", {80, 0}},
    {"Horaire de {.2h} Euros", {61, 0}},
    {"Horaire de {.2h} Euros sur {12.0} mois", {61, 0}},
    {"Annuel de {.0a} Euros sur {12.0} mois", {60, 0}},
    {"Horaire de {.0h} Euros à {.0h} Euros sur {12.0} mois", {43, 0}},
    {"Mensuel de {.2m} Euros sur {12} mois", {43, 0}},
    {"Mensuel de {.2m} Euros sur {12.0} mois", {39, 0}},
    {"Annuel de {.0a} Euros à {.0a} Euros sur {13.0} mois", {34, 0}},
    {"Horaire de {.2h} Euros sur {0.0} mois", {29, 0}},
    {"Mensuel de {.2m} Euros à {.2m} Euros sur {12.0} mois", {28, 0}},
    {"Annuel de {c2a} Euros", {0, 27}},
    {"Horaire de {.2h} Euros à {.0h} Euros sur {12.0} mois", {25, 0}},
    {"Mensuel de {c2m} Euros à {c2m} Euros sur {12} mois", {23, 0}},
    {"Horaire de {c2h} Euros à {c2h} Euros sur {12} mois", {20, 0}},
    {"Horaire de {.2h} Euros à {.2h} Euros", {19, 0}},
    {"Mensuel de {.2m} Euros à {.2m} Euros sur {12} mois", {19, 0}},
    {"Horaire de {.0h} Euros à {.0h} Euros", {17, 0}},
    {"Horaire de {.2h} Euros à {.0h} Euros", {17, 0}},
    {"Horaire de {.2h} Euros à {.2h} Euros sur {12.0} mois", {17, 0}},
    {"Mensuel de {.0a} Euros à {.0a} Euros sur {12.0} mois", {16, 0}},
    {"Horaire de {.2h} Euros sur {12} mois", {15, 0}},
    {"Annuel de", {0, 13}},
    {"Annuel de {.2a} Euros à {.2a} Euros sur {12} mois", {13, 0}},
    {"Mensuel de {.0m} Euros à {.0m} Euros sur {13.0} mois", {13, 0}},
    {"Mensuel de {.2m} Euros à {.0m} Euros sur {12.0} mois", {13, 0}},
    {"Mensuel de {c2m} Euros sur {12} mois", {13, 0}},
    {"Annuel de {c2h} Euros à {c2h} Euros", {0, 12}},
    {"Horaire de {c2h} Euros", {11, 1}},
    {"Mensuel de {.0m} Euros à {.0m} Euros sur {12} mois", {12, 0}},
    {"Mensuel de {im} Euros à {im} Euros sur {12} mois", {12, 0}},
    {"Annuel de {c2a} Euros à {c2a} Euros sur {12} mois", {11, 0}},
    {"Horaire de {.0h} Euros sur {0.0} mois", {11, 0}},
    {"Annuel de {.0a} Euros à {.0a} Euros", {0, 10}},
    {"Horaire de {.0h} Euros sur {12.0} mois", {10, 0}},
    {"Annuel de {.0a} Euros sur {12} mois", {9, 0}},
    {"Horaire de {.0h} Euros à {.0h} Euros sur {0.0} mois", {9, 0}},
    {"Horaire de {.0h} Euros à {.1h} Euros sur {0.0} mois", {8, 0}},
    {"Horaire de {.2h} Euros à {.2h} Euros sur {0.0} mois", {8, 0}},
    {"Mensuel de {c2h} Euros à {c2h} Euros", {0, 8}},
    {"Annuel de {.0a} Euros sur {12.5} mois", {7, 0}},
    {"De {c2m} Euros à {c2m} Euros", {0, 7}},
    {"Mensuel de {.0m} Euros sur {13.0} mois", {7, 0}},
    {"Mensuel de {.1m} Euros sur {12.0} mois", {7, 0}},
    {"Horaire de {.0h} Euros", {6, 0}},
    {"Horaire de {.1h} Euros sur {12.0} mois", {6, 0}},
    {"Horaire de {.1h} Euros à {.0h} Euros", {6, 0}},
    {"Horaire de {c2h} Euros sur {12} mois", {6, 0}},
    {"Annuel de {.2a} Euros sur {12} mois", {5, 0}},
    {"Annuel de {ia} Euros à {ia} Euros sur {12} mois", {5, 0}},
    {"De {c2a} Euros à {c2a} Euros", {0, 5}},
    {"Horaire de {.2h} Euros à {.1h} Euros", {5, 0}},
    {"Horaire de {.2h} Euros à {.1h} Euros sur {12.0} mois", {5, 0}},
    {"Mensuel de {.0m} Euros sur {12} mois", {5, 0}},
    {"Mensuel de {.1m} Euros à {.0m} Euros sur {12.0} mois", {5, 0}},
    {"Mensuel de {.1m} Euros à {.2m} Euros sur {12.0} mois", {5, 0}},
    {"Mensuel de {.2m} Euros sur {13} mois", {5, 0}},
    {"Autre de {c2a} Euros à {c2a} Euros", {0, 4}},
    {"Horaire de {.2h} Euros à {.0h} Euros sur {0.0} mois", {4, 0}},
    {"Mensuel de {c2a} Euros à {c2a} Euros", {0, 4}},
    {"Mensuel de {im} Euros sur {12} mois", {4, 0}},
    {"Annuel de {.0a} Euros sur {13.0} mois", {3, 0}},
    {"Autre de {c2m} Euros à {c2m} Euros", {0, 3}},
    {"Horaire de {.0h} Euros à {.1h} Euros", {3, 0}},
    {"Horaire de {.0h} Euros à {.1h} Euros sur {12.0} mois", {3, 0}},
    {"Horaire de {.1h} Euros", {3, 0}},
    {"Horaire de {.1h} Euros sur {0.0} mois", {3, 0}},
    {"Horaire de {.1h} Euros à {.0h} Euros sur {12.0} mois", {3, 0}},
    {"Mensuel de {.0m} Euros à {.2m} Euros sur {12.0} mois", {3, 0}},
    {"Annuel de {.00} Euros", {0, 2}},
    {"Annuel de {.1a} Euros sur {12.0} mois", {2, 0}},
    {"Annuel de {c2a} Euros sur {12} mois", {2, 0}},
    {"Annuel de {c2h} Euros", {0, 2}},
    {"Horaire de {.1h} Euros à {.0h} Euros sur {0.0} mois", {2, 0}},
    {"Horaire de {.1h} Euros à {.1h} Euros sur {0.0} mois", {2, 0}},
    {"Horaire de {.2h} Euros sur {13} mois", {2, 0}},
    {"Horaire de {.2h} Euros à {.1h} Euros sur {0.0} mois", {2, 0}},
    {"Horaire de {.2h} Euros à {.2h} Euros sur {12} mois", {2, 0}},
    {"Mensuel de {.0a} Euros sur {12.0} mois", {2, 0}},
    {"Mensuel de {.1m} Euros sur {12} mois", {2, 0}},
    {"Mensuel de {.1m} Euros à {.1m} Euros sur {12.0} mois", {2, 0}},
    {"Mensuel de {.1m} Euros à {.1m} Euros sur {12} mois", {2, 0}},
    {"Mensuel de {.2m} Euros sur {13.0} mois", {2, 0}},
    {"Mensuel de {.2m} Euros à {.2m} Euros sur {13} mois", {2, 0}},
    {"Mensuel de {c2m} Euros à {c2a} Euros", {0, 2}},
    {"Annuel de {.0a} Euros sur {13.5} mois", {1, 0}},
    {"Annuel de {.0a} Euros à {.2a} Euros sur {12.0} mois", {1, 0}},
    {"Annuel de {.2a} Euros sur {12.0} mois", {1, 0}},
    {"Annuel de {.2a} Euros à {.2a} Euros sur {12.0} mois", {1, 0}},
    {"Annuel de {c2m} Euros", {0, 1}},
    {"Annuel de {c2m} Euros à {c2a} Euros", {0, 1}},
    {"Annuel de {c2m} Euros à {c2m} Euros", {0, 1}},
    {"Annuel de {ia} Euros sur {12} mois", {1, 0}},
    {"Autre de {c2h} Euros à {c2h} Euros", {0, 1}},
    {"Horaire de {.0h} Euros sur {13.0} mois", {1, 0}},
    {"Horaire de {.0h} Euros à {.2h} Euros", {1, 0}},
    {"Horaire de {.0h} Euros à {.2h} Euros sur {12.0} mois", {1, 0}},
    {"Horaire de {.0m} Euros à {.0m} Euros sur {0.0} mois", {1, 0}},
    {"Horaire de {.1h} Euros à {.1h} Euros", {1, 0}},
    {"Horaire de {.2h} Euros à {.1h} Euros sur {12} mois", {1, 0}},
    {"Horaire de {c2h} Euros à {ih} Euros sur {12} mois", {1, 0}},
    {"Horaire de {c2m} Euros à {c2m} Euros", {0, 1}},
    {"Horaire de {xh} Euros à {xh} Euros", {1, 0}},
    {"Mensuel de {.0a} Euros sur {12} mois", {1, 0}},
    {"Mensuel de {.0a} Euros à {.0a} Euros sur {12} mois", {1, 0}},
    {"Mensuel de {.0m} Euros à {.0a} Euros sur {12.0} mois", {1, 0}},
    {"Mensuel de {.2m} Euros à {.1m} Euros sur {12.0} mois", {1, 0}},
    {"Mensuel de {.2m} Euros à {.1m} Euros sur {13.3} mois", {1, 0}},
    {"Mensuel de {.2m} Euros à {.2m} Euros sur {13.0} mois", {1, 0}},
    {"Mensuel de {c2h} Euros", {0, 1}},
}};

// `salaire` keys ("-": {}), before and since listeComplements appeared (2026-05-01), {native, partner}.
constexpr std::array<Form, 21> salary_keys_{{
    {"before -", {0, 2506}},
    {"before commentaire", {0, 46}},
    {"before commentaire+complement1", {425, 0}},
    {"before commentaire+complement1+complement2", {84, 0}},
    {"before commentaire+complement1+complement2+libelle", {12, 0}},
    {"before commentaire+complement1+libelle", {49, 0}},
    {"before commentaire+libelle", {0, 160}},
    {"before complement1", {3, 0}},
    {"before complement1+complement2", {5, 0}},
    {"before complement1+complement2+libelle", {432, 0}},
    {"before complement1+libelle", {142, 0}},
    {"before libelle", {901, 765}},
    {"since -", {0, 19}},
    {"since commentaire", {35, 1}},
    {"since commentaire+complement1+complement2+libelle+listeComplements", {7, 0}},
    {"since commentaire+complement1+complement2+listeComplements", {17, 0}},
    {"since commentaire+complement1+listeComplements", {1, 0}},
    {"since commentaire+libelle", {0, 1}},
    {"since complement1+complement2+libelle+listeComplements", {62, 0}},
    {"since complement1+libelle+listeComplements", {10, 0}},
    {"since libelle", {43, 11}},
}};

// lieuTravail: label kind and keys present, {native, partner}.
constexpr std::array<Form, 15> place_forms_{{
    {"abroad libelle", {7, 0}},
    {"bare libelle+commune", {0, 22}},
    {"bare libelle+latitude+longitude+commune", {0, 17}},
    {"commune-mixed libelle", {46, 159}},
    {"commune-mixed libelle+codePostal+commune", {4, 10}},
    {"commune-mixed libelle+commune", {11, 11}},
    {"commune-mixed libelle+latitude+longitude", {0, 23}},
    {"commune-mixed libelle+latitude+longitude+codePostal+commune", {632, 75}},
    {"commune-upper libelle+codePostal+commune", {13, 3}},
    {"commune-upper libelle+latitude+longitude+codePostal+commune", {1479, 2649}},
    {"dept libelle", {15, 14}},
    {"dept libelle+latitude+longitude", {0, 5}},
    {"france libelle", {4, 473}},
    {"france libelle+latitude+longitude", {0, 29}},
    {"region libelle", {17, 19}},
}};

// HTML entities in descriptions, by number of occurrences (both origins).
constexpr std::array<Form, 17> entities_{{
    {"&nbsp;", {1913, 1913}},
    {"&eacute;", {789, 789}},
    {"&amp;", {389, 389}},
    {"&gt;", {257, 257}},
    {"&rsquo;", {255, 255}},
    {"&lt;", {232, 232}},
    {"&quot;", {176, 176}},
    {"&#039;", {174, 174}},
    {"&agrave;", {131, 131}},
    {"&#39;", {120, 120}},
    {"&#233;", {89, 89}},
    {"&egrave;", {85, 85}},
    {"&#xa0;", {42, 42}},
    {"&bull;", {40, 40}},
    {"&ecirc;", {36, 36}},
    {"&#224;", {21, 21}},
    {"&ocirc;", {21, 21}},
}};

// Description lengths (characters) of native offers not cut at 5,000: the 0, 5, ..., 100th percentiles.
constexpr std::array<int, 21> native_lengths{{36,   342,  505,  632,  764,  878,  1012,
                                              1152, 1286, 1393, 1507, 1657, 1826, 2008,
                                              2202, 2411, 2606, 2877, 3284, 3666, 3985}};
// Description lengths (characters) of partner offers not cut at 5,000: the 0, 5, ..., 100th percentiles.
constexpr std::array<int, 21> partner_lengths{{46,   560,  771,  933,  1085, 1207, 1327,
                                               1439, 1570, 1672, 1794, 1941, 2086, 2217,
                                               2414, 2619, 2871, 3187, 3666, 4339, 4984}};

}  // namespace

const Shares shares{
    0.6116,            // partner offers
    0.2599,            // partner ids with a leading zero
    {0.0000, 0.0009},  // descriptions cut at 5,000 characters
    {0.0000, 0.0051},  // descriptions cut at 5,000 bytes
    {0.0009, 0.0903},  // descriptions with an HTML entity
    {0.0682, 0.9969},  // times ending in .000Z
    {0.1730, 0.1971},  // salary comments holding a figure
    {0.1318, 0.0000},  // agence objects holding a courriel
    "2026-05-01",      // listeComplements appeared
};

std::span<const FieldShare> field_shares() { return fields; }
std::span<const Form> salary_templates() { return salary_templates_; }
std::span<const Form> salary_keys() { return salary_keys_; }
std::span<const Form> place_forms() { return place_forms_; }
std::span<const Form> entities() { return entities_; }
std::span<const int> description_lengths(bool partner) {
  return partner ? std::span<const int>(partner_lengths) : std::span<const int>(native_lengths);
}

}  // namespace jobstream::emulator::learned
