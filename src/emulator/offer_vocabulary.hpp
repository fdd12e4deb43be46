#pragma once
// The words an emulated offer is made of: métiers (ROME codes with their employer sector and
// skills), contract types with their shares, employer names and the other short lists the
// generator draws from. Kept apart from offer_generator so that the generator reads as the
// making of one offer, not as a hundred lines of tables.

#include <array>
#include <span>
#include <string_view>

namespace jobstream::emulator {

struct Metier {
  std::string_view rome;
  std::string_view label;
  std::string_view appellation;
  std::string_view naf;  ///< typical employer's NAF code
  std::string_view sector_label;
  std::array<std::string_view, 4> skills;
};

struct Contract {
  std::string_view code;
  std::string_view label;  ///< typeContratLibelle as the API writes it
  std::string_view nature;
  int weight;
};

/// The métiers offers are drawn from (16 ROME codes across sectors).
std::span<const Metier> metiers();
/// Contract types, each with its weight among offers.
std::span<const Contract> contracts();
std::span<const std::string_view> employers();
std::span<const std::string_view> staff_sizes();
/// qualitesProfessionnelles labels.
std::span<const std::string_view> qualities();
/// qualificationLibelle for qualificationCode 1 to 9, in that order.
std::span<const std::string_view> qualification_labels();
/// dureeTravailLibelle values.
std::span<const std::string_view> work_hours();
/// Names of the partner sites that relay offers (origineOffre.partenaires).
std::span<const std::string_view> partner_names();

}  // namespace jobstream::emulator
