#include "emulator/french_places.hpp"

#include <array>
#include <utility>

namespace jobstream::emulator {
namespace {

// Weights are rough shares of the job market (Paris and the big metropolises dominate), chosen so
// that a 60,000-offer corpus puts several départements above the API's 3,150-result cap.
constexpr std::array<Town, 56> all_towns{{
    {"75", "75115", "Paris 15e Arrondissement", "75015", 48.8421, 2.2927, 40},
    {"75", "75108", "Paris 8e Arrondissement", "75008", 48.8763, 2.3183, 35},
    {"75", "75111", "Paris 11e Arrondissement", "75011", 48.8591, 2.3800, 25},
    {"75", "75056", "Paris (Dept.)", "", 48.8566, 2.3522, 20},
    {"92", "92026", "Courbevoie", "92400", 48.8973, 2.2522, 18},
    {"92", "92012", "Boulogne-Billancourt", "92100", 48.8353, 2.2410, 12},
    {"93", "93066", "Saint-Denis", "93200", 48.9362, 2.3574, 12},
    {"94", "94028", "Créteil", "94000", 48.7904, 2.4556, 9},
    {"69", "69383", "Lyon 3e Arrondissement", "69003", 45.7597, 4.8422, 45},
    {"69", "69266", "Villeurbanne", "69100", 45.7719, 4.8902, 15},
    {"13", "13201", "Marseille 1er Arrondissement", "13001", 43.2999, 5.3841, 35},
    {"13", "13001", "Aix-en-Provence", "13090", 43.5297, 5.4474, 20},
    {"59", "59350", "Lille", "59000", 50.6292, 3.0573, 40},
    {"59", "59512", "Roubaix", "59100", 50.6901, 3.1817, 12},
    {"33", "33063", "Bordeaux", "33000", 44.8378, -0.5792, 30},
    {"31", "31555", "Toulouse", "31000", 43.6047, 1.4442, 30},
    {"44", "44109", "Nantes", "44000", 47.2184, -1.5536, 25},
    {"67", "67482", "Strasbourg", "67000", 48.5734, 7.7521, 18},
    {"34", "34172", "Montpellier", "34000", 43.6108, 3.8767, 18},
    {"06", "06088", "Nice", "06000", 43.7102, 7.2620, 16},
    {"35", "35238", "Rennes", "35000", 48.1173, -1.6778, 16},
    {"38", "38185", "Grenoble", "38000", 45.1885, 5.7245, 12},
    {"76", "76540", "Rouen", "76000", 49.4431, 1.0993, 10},
    {"76", "76351", "Le Havre", "76600", 49.4944, 0.1079, 7},
    {"51", "51454", "Reims", "51100", 49.2583, 4.0317, 7},
    {"83", "83137", "Toulon", "83000", 43.1242, 5.9280, 8},
    {"42", "42218", "Saint-Étienne", "42000", 45.4397, 4.3872, 7},
    {"21", "21231", "Dijon", "21000", 47.3220, 5.0415, 7},
    {"49", "49007", "Angers", "49000", 47.4784, -0.5632, 7},
    {"30", "30189", "Nîmes", "30000", 43.8367, 4.3601, 6},
    {"63", "63113", "Clermont-Ferrand", "63000", 45.7772, 3.0870, 7},
    {"72", "72181", "Le Mans", "72000", 48.0061, 0.1996, 6},
    {"29", "29019", "Brest", "29200", 48.3904, -4.4861, 6},
    {"37", "37261", "Tours", "37000", 47.3941, 0.6848, 6},
    {"80", "80021", "Amiens", "80000", 49.8941, 2.2958, 5},
    {"87", "87085", "Limoges", "87000", 45.8336, 1.2611, 5},
    {"74", "74010", "Annecy", "74000", 45.8992, 6.1294, 6},
    {"66", "66136", "Perpignan", "66000", 42.6887, 2.8948, 5},
    {"57", "57463", "Metz", "57000", 49.1193, 6.1757, 6},
    {"25", "25056", "Besançon", "25000", 47.2378, 6.0241, 5},
    {"45", "45234", "Orléans", "45000", 47.9030, 1.9093, 6},
    {"68", "68224", "Mulhouse", "68100", 47.7508, 7.3359, 5},
    {"14", "14118", "Caen", "14000", 49.1829, -0.3707, 5},
    {"54", "54395", "Nancy", "54000", 48.6921, 6.1844, 5},
    {"01", "01053", "Bourg-en-Bresse", "01000", 46.2052, 5.2255, 3},
    {"23", "23096", "Guéret", "23000", 46.1716, 1.8717, 1},
    {"48", "48095", "Mende", "48000", 44.5181, 3.5007, 1},
    {"2A", "2A004", "AJACCIO", "20000", 41.9192, 8.7386, 3},
    {"2B", "2B033", "BASTIA", "20200", 42.6973, 9.4509, 3},
    {"971", "97120", "POINTE A PITRE", "97110", 16.2411, -61.5331, 3},
    {"972", "97209", "FORT DE FRANCE", "97200", 14.6161, -61.0588, 3},
    {"973", "97302", "CAYENNE", "97300", 4.9224, -52.3135, 2},
    {"974", "97411", "ST DENIS", "97400", -20.8823, 55.4504, 4},
    {"974", "97416", "ST PIERRE", "97410", -21.3393, 55.4781, 2},
    {"975", "97502", "ST PIERRE", "97500", 46.7811, -56.1764, 1},
    {"976", "97611", "MAMOUDZOU", "97600", -12.7806, 45.2279, 2},
}};

constexpr std::array<std::string_view, 6> regional_places{
    {"Île-de-France", "Auvergne-Rhône-Alpes", "Bretagne", "Nouvelle-Aquitaine", "Occitanie", "France"}};

}  // namespace

std::span<const Town> towns() { return all_towns; }
std::span<const std::string_view> places_without_departement() { return regional_places; }

std::string region_code_of_place(std::string_view place) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 5> codes{
      {{"Île-de-France", "11"},
       {"Auvergne-Rhône-Alpes", "84"},
       {"Bretagne", "53"},
       {"Nouvelle-Aquitaine", "75"},
       {"Occitanie", "76"}}};
  for (const auto& [name, code] : codes) {
    if (name == place) return std::string(code);
  }
  return {};
}

}  // namespace jobstream::emulator
