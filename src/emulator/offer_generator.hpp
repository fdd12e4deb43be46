#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobstream::emulator {

using Millis = std::chrono::sys_time<std::chrono::milliseconds>;

/// The attributes the emulated search filters on, kept beside the JSON text so that a search does
/// not parse JSON.
struct OfferAttributes {
  std::string departement;  ///< empty when the offer is placed at région or country level
  std::string commune;      ///< INSEE code, empty when absent
  std::string rome_code;
  std::string type_contrat;
  char experience = 'D';  ///< experienceExige: D, S or E
  std::string qualification_code;
  char origine = '1';            ///< origineOffre.origine: 1 France Travail, 2 partner
  std::string nature_contrat;    ///< natureContrat code (E1, E2...), the JSON has its label
  std::string secteur_activite;  ///< NAF division, 2 digits
  std::string region;            ///< INSEE région code of an offer placed at région level only
};

/// One emulated offer: its JSON exactly as served, and what searches need to know about it.
struct EmulatedOffer {
  std::uint64_t index = 0;  ///< the generator's number for it
  std::string id;
  Millis created{};
  Millis updated{};
  int version = 0;  ///< 0 when generated; +1 for every update in live mode
  OfferAttributes attributes;
  std::string json;
};

/// Deterministic generator of realistic offers: the same (seed, index, version) always gives the
/// same offer, byte for byte. Shaped like the offers the real API serves (learned_offer_shapes):
/// the share of partner offers, each optional field present as often as for real offers of the
/// same origin and never before it appeared, `salaire` often {} or a comment alone, salary and place
/// labels in the real formats, descriptions of real lengths (cut at 5,000) with HTML entities in
/// some, employers without a name, partner offers without dateActualisation.
class OfferGenerator {
 public:
  explicit OfferGenerator(std::uint64_t seed) : _seed(seed) {}

  /// Offer number `index`, created at `created`; `version` > 0 gives a later, changed revision of
  /// the same offer (same id, place and métier; new dateActualisation, other details changed).
  /// `updated`, when given, is the revision's dateActualisation (live mode: the time of the change).
  EmulatedOffer make(std::uint64_t index, Millis created, int version = 0,
                     std::optional<Millis> updated = std::nullopt) const;

  /// The ROME codes and labels the generator uses: the emulator's `/referentiel/metiers`.
  static std::vector<std::pair<std::string_view, std::string_view>> metiers_reference();

  /// Whether offer `index` comes from a partner (origineOffre 2): about 61% of them, as in the real
  /// offers; none from index 10,000,000 on (seven digits hold no more ids).
  static bool is_partner(std::uint64_t index);

  /// The id of offer `index`: "048KLTP" (three digits, four capitals) for a France Travail offer,
  /// seven digits for a partner offer ("0672122": a quarter start with 0). Distinct for distinct
  /// indexes.
  static std::string id_for(std::uint64_t index);

 private:
  std::uint64_t _seed;
};

}  // namespace jobstream::emulator
