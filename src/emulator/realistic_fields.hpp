#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/draw.hpp"
#include "emulator/french_places.hpp"
#include "emulator/learned_offer_shapes.hpp"

/// The parts of an emulated offer drawn from what real offers look like (learned_offer_shapes):
/// which optional fields are present, `salaire`, `lieuTravail` and the description.
namespace jobstream::emulator {

using OrderedJson = nlohmann::ordered_json;  // fields in the documented order, as the API sends them

/// Learned format classes of one kind, drawn by their real frequency for the offer's origin.
class FormTable {
 public:
  /// Only the forms starting with `prefix`, which the drawn form is given without.
  explicit FormTable(std::span<const learned::Form> forms, std::string_view prefix = {});
  std::string_view draw(Draw& d, bool partner) const;

 private:
  std::vector<std::string_view> _forms;
  std::vector<double> _native;   ///< cumulative counts
  std::vector<double> _partner;  ///< cumulative counts
};

/// Whether an offer holds a learned optional field: its real share for the offer's origin, and
/// never before the month the field first appeared.
class FieldPresence {
 public:
  explicit FieldPresence(std::string_view field);
  /// `day`: the offer's creation date, "YYYY-MM-DD...".
  bool draw(Draw& d, bool partner, std::string_view day) const;

 private:
  learned::FieldShare _share;
};

/// `salaire` as real offers hold it: often {}, a label in one of the real templates (amounts drawn
/// for the template's unit and magnitude), a comment or complements alone, listeComplements only
/// since it appeared.
OrderedJson realistic_salary(Draw& d, bool partner, std::string_view day);

// NOLINTNEXTLINE(bugprone-exception-escape): its implicit move is noexcept; the check follows nlohmann::json
struct RealisticPlace {
  OrderedJson json;
  std::string departement;  ///< empty for the country, a région or abroad
  std::string commune;      ///< empty when the place has no `commune`
  std::string region;       ///< INSEE code of a place given as a région only
};
/// `lieuTravail` in a real label kind ("75 - PARIS 08", "74 - Annecy", "75 - Paris (Dept.)", "75",
/// "France", a région, abroad) with the keys real offers of that kind hold; `town` is used by the
/// kinds placed in a département.
RealisticPlace realistic_place(Draw& d, bool partner, const Town& town);

/// A description of a real length for the origin, starting with `intro`; partners' longest are cut
/// at exactly 5,000 characters as the API does, and some hold HTML entities.
std::string realistic_description(Draw& d, bool partner, std::string_view intro);

/// "Saint-Étienne" -> "ST ETIENNE", "Paris 8e Arrondissement" -> "PARIS 08": the API's capitals.
std::string upper_place_name(std::string_view name);

}  // namespace jobstream::emulator
