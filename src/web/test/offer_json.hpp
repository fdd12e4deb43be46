#pragma once

// Minimal API offer objects for the web layer's tests.
#include <fmt/format.h>

#include <string>

namespace jobstream::web::testing {

/// An offer of the API's shape placed in `commune` ("75056", "2A004", "97411").
inline std::string offer_json(const std::string& id, const std::string& commune, const std::string& created,
                              const std::string& rome = "M1805", const std::string& contract = "CDI") {
  return fmt::format(
      R"j({{"id":"{}","intitule":"Développeur (H/F)","dateCreation":"{}","dateActualisation":"{}",)j"
      R"j("lieuTravail":{{"libelle":"x","commune":"{}"}},"romeCode":"{}","typeContrat":"{}",)j"
      R"j("salaire":{{"libelle":"Annuel de 40000 Euros"}}}})j",
      id, created, created, commune, rome, contract);
}

}  // namespace jobstream::web::testing
