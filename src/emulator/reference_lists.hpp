#pragma once

#include <map>
#include <string>

namespace jobstream::emulator {

/// The emulator's `/referentiel/{name}` answers, as JSON array texts of `{"code","libelle"}`
/// (contract §3): departements (with 2A/2B and 971–976), regions, communes (with codePostal and
/// codeDepartement), metiers (the ROME codes the corpus uses), typesContrats, naturesContrats.
std::map<std::string, std::string> reference_lists_json();

}  // namespace jobstream::emulator
