// The tables behind offer_vocabulary.hpp: constant data only, no logic.
#include "emulator/offer_vocabulary.hpp"

namespace jobstream::emulator {
namespace {

constexpr std::array<Metier, 16> metiers_table{{
    {"M1805",
     "Études et développement informatique",
     "Développeur / Développeuse informatique",
     "62.01Z",
     "Programmation informatique",
     {"Programmer en C++", "Concevoir une base de données", "Utiliser Linux",
      "Rédiger une documentation technique"}},
    {"M1810",
     "Production et exploitation de systèmes d'information",
     "Administrateur / Administratrice systèmes",
     "62.02A",
     "Conseil en systèmes et logiciels informatiques",
     {"Superviser un réseau", "Sécuriser un système", "Automatiser des tâches", "Utiliser Linux"}},
    {"D1106",
     "Vente en alimentation",
     "Vendeur / Vendeuse en boulangerie-pâtisserie",
     "10.71C",
     "Boulangerie et boulangerie-pâtisserie",
     {"Accueillir une clientèle", "Encaisser un paiement", "Respecter les règles d'hygiène",
      "Mettre en rayon"}},
    {"D1507",
     "Mise en rayon libre-service",
     "Employé / Employée de libre-service",
     "47.11F",
     "Hypermarchés",
     {"Mettre en rayon", "Contrôler les dates de péremption", "Accueillir une clientèle",
      "Étiqueter des produits"}},
    {"J1506",
     "Soins infirmiers généralistes",
     "Infirmier / Infirmière",
     "86.10Z",
     "Activités hospitalières",
     {"Réaliser des soins d'hygiène", "Préparer des médicaments", "Surveiller l'état de santé",
      "Travailler en équipe"}},
    {"J1501",
     "Soins d'hygiène, de confort du patient",
     "Aide-soignant / Aide-soignante",
     "87.10A",
     "Hébergement médicalisé pour personnes âgées",
     {"Réaliser des soins d'hygiène", "Aider à la mobilité", "Surveiller l'état de santé",
      "Travailler en équipe"}},
    {"N4101",
     "Conduite de transport de marchandises sur longue distance",
     "Conducteur routier / Conductrice routière",
     "49.41A",
     "Transports routiers de fret interurbains",
     {"Conduire un poids lourd", "Arrimer un chargement", "Respecter la réglementation",
      "Remplir un constat"}},
    {"N1103",
     "Magasinage et préparation de commandes",
     "Préparateur / Préparatrice de commandes",
     "52.10B",
     "Entreposage et stockage non frigorifique",
     {"Préparer des commandes", "Conduire un chariot élévateur", "Utiliser un scanner",
      "Travailler en équipe"}},
    {"G1602",
     "Personnel de cuisine",
     "Cuisinier / Cuisinière",
     "56.10A",
     "Restauration traditionnelle",
     {"Élaborer des plats", "Respecter les règles d'hygiène", "Gérer les stocks", "Dresser une assiette"}},
    {"G1803",
     "Service en restauration",
     "Serveur / Serveuse en restauration",
     "56.10A",
     "Restauration traditionnelle",
     {"Accueillir une clientèle", "Prendre une commande", "Encaisser un paiement", "Dresser une table"}},
    {"K2204",
     "Nettoyage de locaux",
     "Agent / Agente de propreté",
     "81.21Z",
     "Nettoyage courant des bâtiments",
     {"Nettoyer des locaux", "Utiliser une autolaveuse", "Trier des déchets", "Respecter les consignes"}},
    {"F1703",
     "Maçonnerie",
     "Maçon / Maçonne",
     "43.99C",
     "Travaux de maçonnerie générale",
     {"Monter des murs", "Lire un plan", "Couler une dalle", "Respecter les règles de sécurité"}},
    {"H2909",
     "Montage-assemblage mécanique",
     "Monteur / Monteuse en mécanique",
     "28.29B",
     "Fabrication d'autres machines d'usage général",
     {"Lire un plan", "Assembler des pièces", "Contrôler la conformité", "Utiliser des outils à main"}},
    {"M1607",
     "Secrétariat",
     "Secrétaire médical / médicale",
     "86.21Z",
     "Activité des médecins généralistes",
     {"Accueillir une clientèle", "Gérer un agenda", "Rédiger un courrier",
      "Utiliser un logiciel de bureautique"}},
    {"K2111",
     "Formation professionnelle",
     "Formateur / Formatrice d'adultes",
     "85.59A",
     "Formation continue d'adultes",
     {"Animer une formation", "Concevoir un support pédagogique", "Évaluer des acquis",
      "Travailler en équipe"}},
    {"A1414",
     "Horticulture et maraîchage",
     "Ouvrier / Ouvrière maraîcher",
     "01.13Z",
     "Culture de légumes, de melons, de racines et tubercules",
     {"Récolter des légumes", "Conduire un tracteur", "Trier des produits", "Respecter les consignes"}},
}};

constexpr std::array<Contract, 9> contracts_table{{
    {"CDI", "Contrat à durée indéterminée", "Contrat travail", 45},
    {"CDD", "CDD - 6 Mois", "Contrat travail", 22},
    {"CDD", "CDD - 12 Mois", "Contrat travail", 6},
    {"MIS", "Intérim - 2 Mois", "Contrat travail", 16},
    {"SAI", "CDD - 3 Mois", "Contrat travail", 4},
    {"CDD", "CDD - 24 Mois", "Contrat apprentissage", 3},
    {"LIB", "Profession libérale", "Contrat travail", 2},
    {"DIN", "CDI Intérimaire", "Contrat travail", 1},
    {"CCE", "Profession commerciale", "Contrat travail", 1},
}};

constexpr std::array<std::string_view, 10> employers_table{"Boulangerie Dupré",
                                                           "Hôpital Nord-Franche-Comté",
                                                           "ACME Logiciels",
                                                           "Transports Léon & Fils",
                                                           "Société Générale de Propreté",
                                                           "CENTRE HOSPITALIER D'AJACCIO",
                                                           "Café de l'Étoile",
                                                           "Maraîchers Réunis de Saint-Pierre",
                                                           "ADECCO FRANCE",
                                                           "Région Guyane – Service emploi"};
constexpr std::array<std::string_view, 5> staff_sizes_table{
    "1 à 5 employés", "6 à 9 employés", "10 à 19 salariés", "50 à 99 salariés", "250 à 499 salariés"};
constexpr std::array<std::string_view, 5> qualities_table{
    "Faire preuve d'autonomie", "Faire preuve de rigueur et de précision", "Avoir le sens du service",
    "Travailler en équipe", "Faire preuve de réactivité"};
constexpr std::array<std::string_view, 9> qualification_labels_table{"Manœuvre",
                                                                     "Ouvrier spécialisé",
                                                                     "Ouvrier qualifié (P1,P2)",
                                                                     "Ouvrier qualifié (P3,P4,OHQ)",
                                                                     "Employé non qualifié",
                                                                     "Employé qualifié",
                                                                     "Technicien",
                                                                     "Agent de maîtrise",
                                                                     "Cadre"};
constexpr std::array<std::string_view, 4> hours_table{"35H Travail en journée", "39H Horaires normaux",
                                                      "24H Travail les week-ends",
                                                      "35H/semaine\nTravail en journée"};

constexpr std::array<std::string_view, 6> partner_names_table{"METEOJOB", "DIRECTEMPLOI", "CADREMPLOI",
                                                              "INDEED",   "HELLOWORK",    "APEC"};

}  // namespace

std::span<const Metier> metiers() { return metiers_table; }
std::span<const Contract> contracts() { return contracts_table; }
std::span<const std::string_view> employers() { return employers_table; }
std::span<const std::string_view> staff_sizes() { return staff_sizes_table; }
std::span<const std::string_view> qualities() { return qualities_table; }
std::span<const std::string_view> qualification_labels() { return qualification_labels_table; }
std::span<const std::string_view> work_hours() { return hours_table; }
std::span<const std::string_view> partner_names() { return partner_names_table; }

}  // namespace jobstream::emulator
