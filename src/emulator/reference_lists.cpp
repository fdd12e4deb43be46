#include "emulator/reference_lists.hpp"

#include <nlohmann/json.hpp>

#include "analytics/code_labels.hpp"
#include "emulator/french_places.hpp"
#include "emulator/offer_generator.hpp"
#include "offer/geo_reference.hpp"

namespace jobstream::emulator {
namespace {

using Json = nlohmann::ordered_json;

Json code_list(std::initializer_list<std::pair<const char*, const char*>> entries) {
  Json out = Json::array();
  for (const auto& [code, label] : entries) out.push_back(Json{{"code", code}, {"libelle", label}});
  return out;
}

}  // namespace

std::map<std::string, std::string> reference_lists_json() {
  Json departements = Json::array();
  for (const auto& d : offer::all_departements()) {
    // The API lists départements, Saint-Pierre-et-Miquelon included; the Pacific collectivities
    // (986–988) and Saint-Barthélemy/Saint-Martin (977/978) have no offers of their own here.
    if (d.code.size() == 3 && d.code > "976") continue;
    Json entry{{"code", d.code}, {"libelle", d.name}};
    if (const auto* region =
            offer::region_at(offer::region_of_departement(offer::departement_index(d.code)))) {
      entry["region"] = Json{{"code", region->code}, {"libelle", region->name}};
    }
    departements.push_back(std::move(entry));
  }
  Json regions = Json::array();
  for (const auto& r : offer::all_regions()) regions.push_back(Json{{"code", r.code}, {"libelle", r.name}});
  Json communes = Json::array();
  for (const auto& t : towns()) {
    Json entry{{"code", t.commune}, {"libelle", t.name}};
    if (!t.postcode.empty()) entry["codePostal"] = t.postcode;
    entry["codeDepartement"] = t.departement;
    communes.push_back(std::move(entry));
  }
  Json metiers = Json::array();
  for (const auto& [code, label] : OfferGenerator::metiers_reference()) {
    metiers.push_back(Json{{"code", code}, {"libelle", label}});
  }
  Json types = Json::array();
  for (const char* code : {"CCE", "CDD", "CDI", "DDI", "DIN", "LIB", "MIS", "SAI"}) {
    types.push_back(Json{{"code", code}, {"libelle", analytics::contract_type_label(code)}});
  }
  const Json natures = code_list({{"E1", "Contrat travail"},
                                  {"E2", "Contrat apprentissage"},
                                  {"FS", "Contrat de professionnalisation"},
                                  {"CC", "CDI de chantier ou d'opération"},
                                  {"FT", "CUI - CAE"},
                                  {"PS", "Portage salarial"}});
  return {{"departements", departements.dump()}, {"regions", regions.dump()},
          {"communes", communes.dump()},         {"metiers", metiers.dump()},
          {"typesContrats", types.dump()},       {"naturesContrats", natures.dump()}};
}

}  // namespace jobstream::emulator
