#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analytics/salary.hpp"
#include "offer/place.hpp"

namespace jobstream::analytics {

/// Millisecond UTC instants, the same type the offer records use.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
/// A UTC calendar day.
using Day = std::chrono::sys_days;

inline Day day_of(Timestamp t) { return std::chrono::floor<std::chrono::days>(t); }

/// Version of the code that turns an offer into facts (this file, offer_salary, salary, smic, the
/// place and skill readers). Bump it whenever a change there can give different facts for the
/// same offer JSON: a snapshot of `serve` holds facts, and one written by older code is then
/// refused rather than mixed with facts the new code would have made.
inline constexpr std::uint32_t facts_code_version = 1;

/// What the figures need of one version of one offer, normalized. Strings are plain here; the
/// figures engine interns them.
struct OfferFacts {
  std::string id;
  Timestamp created_at{};                 ///< dateCreation (dateActualisation when missing)
  Timestamp updated_at{};                 ///< dateActualisation (dateCreation when missing): the version
  std::optional<Timestamp> withdrawn_at;  ///< when the offer disappeared from the API
  offer::Place place;                     ///< département, région, commune (see place.hpp)
  std::string rome_code, rome_label;      ///< "M1805", "Études et développement informatique"
  std::string contract_type;              ///< typeContrat code: "CDI", "CDD", "MIS", ...
  std::string experience;                 ///< experienceExige: "D", "S" or "E"
  std::string qualification;              ///< qualificationCode "1".."9"
  std::string naf_code;                   ///< codeNAF "78.20Z"
  std::string sector;        ///< NAF division: secteurActivite, else the first two digits of codeNAF
  std::string sector_label;  ///< secteurActiviteLibelle
  std::string employer;      ///< entreprise.nom, trimmed; empty for anonymous offers
  bool remote = false;       ///< the title or description offers remote work (see facts_from_json)
  bool part_time = false;    ///< dureeTravailLibelleConverti says "Temps partiel"
  std::optional<double> weekly_hours;  ///< "35H", "24H30/semaine" -> 35.0, 24.5
  std::uint16_t posts = 1;             ///< nombrePostes, 1 when absent, capped at 65535
  std::vector<std::string> skills;     ///< competences[].libelle, trimmed, duplicates removed, sorted
  std::string origin;   ///< origineOffre.origine: "1" France Travail's own offer, "2" a partner's
  std::string partner;  ///< origineOffre.partenaires[0].nom ("METEOJOB"); empty for native offers
  /// The same job posted several times (partners re-post under new ids) shares this key: folded
  /// title, employer, commune (or place label) and contract type. Empty, so never merged, for
  /// offers without an employer name: two anonymous offers of one title may be two employers.
  std::string job_key;
  Salary salary;  ///< salaire.libelle, else the figures of its comment or complements (offer_salary.hpp)

  Day created_day() const { return day_of(created_at); }
  Day updated_day() const { return day_of(updated_at); }
  bool operator==(const OfferFacts&) const = default;
};

/// Why an offer could not become facts (the text names the field; never the offer's content).
struct FactsError {
  std::string reason;
};

/// Normalizes one API offer object (the `offer` of a jobstream.offer/1 record, or the `raw`
/// column of the store). Wrongly typed optional fields are treated as absent; only a missing or
/// invalid id, or neither dateCreation nor dateActualisation, is an error.
std::variant<OfferFacts, FactsError> facts_from_json(std::string_view offer_json,
                                                     std::optional<Timestamp> withdrawn_at = std::nullopt);

/// The job_key of an offer (see OfferFacts::job_key); empty when `employer` is blank.
std::string job_key_of(std::string_view title, std::string_view employer, std::string_view place,
                       std::string_view contract);

/// Whether free text offers remote work: "télétravail", "teletravail partiel", "remote",
/// "travail à distance", "full remote", unless negated just before ("pas de télétravail",
/// "sans télétravail", "télétravail non possible").
bool mentions_remote_work(std::string_view text);

/// Weekly hours from dureeTravailLibelle: "35H" -> 35, "24H30/semaine" -> 24.5; nullopt otherwise.
std::optional<double> weekly_hours_of(std::string_view duree_travail);

/// ISO-8601 instant, lenient like the API ("2024-08-30T16:52:28.632Z", "...28Z", "+02:00").
std::optional<Timestamp> parse_timestamp(std::string_view text);
/// "2026-11-24" -> Day; nullopt for anything else (including impossible dates such as 02-30).
std::optional<Day> parse_day(std::string_view text);
/// Day -> "2026-11-24"; instant -> "2026-11-24T16:00:00.123Z".
std::string format_day(Day day);
std::string format_timestamp(Timestamp t);

}  // namespace jobstream::analytics
