#include "emulator/offer_generator.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "emulator/french_places.hpp"

namespace jobstream::emulator {
namespace {

using Json = nlohmann::ordered_json;  // fields in the documented order, as the API sends them

/// splitmix64: tiny, fast and good enough to make the corpus look random while staying reproducible.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : _state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[below(items.size())];
  }

 private:
  std::uint64_t _state;
};

struct Metier {
  std::string_view rome;
  std::string_view label;
  std::string_view appellation;
  std::string_view naf;  ///< typical employer's NAF code
  std::string_view sector_label;
  std::array<std::string_view, 4> skills;
};

constexpr std::array<Metier, 16> metiers{{
    {"M1805", "Études et développement informatique", "Développeur / Développeuse informatique", "62.01Z",
     "Programmation informatique", {"Programmer en C++", "Concevoir une base de données", "Utiliser Linux", "Rédiger une documentation technique"}},
    {"M1810", "Production et exploitation de systèmes d'information", "Administrateur / Administratrice systèmes", "62.02A",
     "Conseil en systèmes et logiciels informatiques", {"Superviser un réseau", "Sécuriser un système", "Automatiser des tâches", "Utiliser Linux"}},
    {"D1106", "Vente en alimentation", "Vendeur / Vendeuse en boulangerie-pâtisserie", "10.71C",
     "Boulangerie et boulangerie-pâtisserie", {"Accueillir une clientèle", "Encaisser un paiement", "Respecter les règles d'hygiène", "Mettre en rayon"}},
    {"D1507", "Mise en rayon libre-service", "Employé / Employée de libre-service", "47.11F",
     "Hypermarchés", {"Mettre en rayon", "Contrôler les dates de péremption", "Accueillir une clientèle", "Étiqueter des produits"}},
    {"J1506", "Soins infirmiers généralistes", "Infirmier / Infirmière", "86.10Z",
     "Activités hospitalières", {"Réaliser des soins d'hygiène", "Préparer des médicaments", "Surveiller l'état de santé", "Travailler en équipe"}},
    {"J1501", "Soins d'hygiène, de confort du patient", "Aide-soignant / Aide-soignante", "87.10A",
     "Hébergement médicalisé pour personnes âgées", {"Réaliser des soins d'hygiène", "Aider à la mobilité", "Surveiller l'état de santé", "Travailler en équipe"}},
    {"N4101", "Conduite de transport de marchandises sur longue distance", "Conducteur routier / Conductrice routière", "49.41A",
     "Transports routiers de fret interurbains", {"Conduire un poids lourd", "Arrimer un chargement", "Respecter la réglementation", "Remplir un constat"}},
    {"N1103", "Magasinage et préparation de commandes", "Préparateur / Préparatrice de commandes", "52.10B",
     "Entreposage et stockage non frigorifique", {"Préparer des commandes", "Conduire un chariot élévateur", "Utiliser un scanner", "Travailler en équipe"}},
    {"G1602", "Personnel de cuisine", "Cuisinier / Cuisinière", "56.10A",
     "Restauration traditionnelle", {"Élaborer des plats", "Respecter les règles d'hygiène", "Gérer les stocks", "Dresser une assiette"}},
    {"G1803", "Service en restauration", "Serveur / Serveuse en restauration", "56.10A",
     "Restauration traditionnelle", {"Accueillir une clientèle", "Prendre une commande", "Encaisser un paiement", "Dresser une table"}},
    {"K2204", "Nettoyage de locaux", "Agent / Agente de propreté", "81.21Z",
     "Nettoyage courant des bâtiments", {"Nettoyer des locaux", "Utiliser une autolaveuse", "Trier des déchets", "Respecter les consignes"}},
    {"F1703", "Maçonnerie", "Maçon / Maçonne", "43.99C",
     "Travaux de maçonnerie générale", {"Monter des murs", "Lire un plan", "Couler une dalle", "Respecter les règles de sécurité"}},
    {"H2909", "Montage-assemblage mécanique", "Monteur / Monteuse en mécanique", "28.29B",
     "Fabrication d'autres machines d'usage général", {"Lire un plan", "Assembler des pièces", "Contrôler la conformité", "Utiliser des outils à main"}},
    {"M1607", "Secrétariat", "Secrétaire médical / médicale", "86.21Z",
     "Activité des médecins généralistes", {"Accueillir une clientèle", "Gérer un agenda", "Rédiger un courrier", "Utiliser un logiciel de bureautique"}},
    {"K2111", "Formation professionnelle", "Formateur / Formatrice d'adultes", "85.59A",
     "Formation continue d'adultes", {"Animer une formation", "Concevoir un support pédagogique", "Évaluer des acquis", "Travailler en équipe"}},
    {"A1414", "Horticulture et maraîchage", "Ouvrier / Ouvrière maraîcher", "01.13Z",
     "Culture de légumes, de melons, de racines et tubercules", {"Récolter des légumes", "Conduire un tracteur", "Trier des produits", "Respecter les consignes"}},
}};

struct Contract {
  std::string_view code;
  std::string_view label;  ///< typeContratLibelle as the API writes it
  std::string_view nature;
  int weight;
};
constexpr std::array<Contract, 9> contracts{{
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

constexpr std::array<std::string_view, 10> employers{
    "Boulangerie Dupré", "Hôpital Nord-Franche-Comté", "ACME Logiciels", "Transports Léon & Fils",
    "Société Générale de Propreté", "CENTRE HOSPITALIER D'AJACCIO", "Café de l'Étoile",
    "Maraîchers Réunis de Saint-Pierre", "ADECCO FRANCE", "Région Guyane – Service emploi"};
constexpr std::array<std::string_view, 5> staff_sizes{"1 à 5 employés", "6 à 9 employés", "10 à 19 salariés",
                                                      "50 à 99 salariés", "250 à 499 salariés"};
constexpr std::array<std::string_view, 5> qualities{"Faire preuve d'autonomie", "Faire preuve de rigueur et de précision",
                                                    "Avoir le sens du service", "Travailler en équipe",
                                                    "Faire preuve de réactivité"};
constexpr std::array<std::string_view, 9> qualification_labels{
    "Manœuvre",           "Ouvrier spécialisé", "Ouvrier qualifié (P1,P2)",
    "Ouvrier qualifié (P3,P4,OHQ)", "Employé non qualifié", "Employé qualifié",
    "Technicien",         "Agent de maîtrise",  "Cadre"};
constexpr std::array<std::string_view, 4> hours{"35H Travail en journée", "39H Horaires normaux",
                                                "24H Travail les week-ends", "35H/semaine\nTravail en journée"};

std::string amount(Draw& d, double value) {
  // The API writes 0 to 2 decimals, with '.' or ',' (contract §4.3).
  switch (d.below(4)) {
    case 0: return fmt::format("{:.2f}", value);
    case 1: return fmt::format("{:.1f}", value);
    case 2: {
      auto s = fmt::format("{:.2f}", value);
      s[s.size() - 3] = ',';
      return s;
    }
    default: return fmt::format("{:.0f}", value);
  }
}

/// Fills `salaire` with one of the documented label shapes, or leaves it out.
void add_salary(Json& offer, Draw& d) {
  const auto months = [&d]() -> std::string {
    switch (d.below(4)) {
      case 0: return " sur 12 mois";
      case 1: return " sur 12.0 mois";
      case 2: return " sur 13.0 mois";
      default: return "";
    }
  };
  Json salary = Json::object();
  const double monthly = 1750.0 + static_cast<double>(d.below(2600));
  switch (d.below(12)) {
    case 0:
    case 1: salary["libelle"] = fmt::format("Mensuel de {} Euros{}", amount(d, monthly), months()); break;
    case 2:
    case 3:
      salary["libelle"] = fmt::format("Mensuel de {} Euros à {} Euros{}", amount(d, monthly),
                                      amount(d, monthly * 1.15), months());
      break;
    case 4: {
      const double annual = monthly * 12;
      salary["libelle"] =
          fmt::format("Annuel de {} Euros à {} Euros{}", amount(d, annual), amount(d, annual * 1.2), months());
      break;
    }
    case 5: salary["libelle"] = fmt::format("Annuel de {} Euros{}", amount(d, monthly * 13), months()); break;
    case 6:
      salary["libelle"] = fmt::format("Horaire de {} Euros{}", amount(d, 11.88 + static_cast<double>(d.below(600)) / 100), months());
      break;
    case 7:
      salary["libelle"] = fmt::format("Autre de {} Euros à {} Euros", amount(d, monthly), amount(d, monthly + 140));
      break;
    case 8: salary["libelle"] = fmt::format("De {} Euros à {} Euros", amount(d, monthly * 12), amount(d, monthly * 12)); break;
    case 9: salary["commentaire"] = "Selon profil"; break;
    case 10: salary["commentaire"] = "25 - 45 k€ brut annuel"; break;
    default: return;  // no salary at all
  }
  if (salary.contains("libelle") && d.chance(0.3)) {
    salary["complement1"] = "Mutuelle";
    salary["listeComplements"] = Json::array({Json{{"code", "1"}, {"libelle", "Mutuelle"}}});
    if (d.chance(0.5)) {
      salary["complement2"] = "Tickets restaurant";
      salary["listeComplements"].push_back(Json{{"code", "3"}, {"libelle", "Tickets restaurant"}});
    }
  }
  offer["salaire"] = std::move(salary);
}

std::string api_time(Millis t, bool with_millis) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  if (!with_millis) return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", seconds);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", seconds, (t - seconds).count());
}

int total_weight(std::span<const Town> ts) {
  int sum = 0;
  for (const auto& t : ts) sum += t.weight;
  return sum;
}

template <typename T>
const T& weighted(Draw& d, std::span<const T> items, int total) {
  auto r = static_cast<int>(d.below(static_cast<std::uint64_t>(total)));
  for (const auto& item : items) {
    if (r < item.weight) return item;
    r -= item.weight;
  }
  return items.back();
}

}  // namespace

std::string OfferGenerator::id_for(std::uint64_t index) {
  // Every 50th offer is a partner offer with an all-digit id (contract §3); the others look like
  // "048KLTP": three digits then four letters. Both forms are injective in `index`.
  if (index % 50 == 49) return fmt::format("{}", 2000000 + index / 50);
  std::string id = fmt::format("{:03}", index % 1000);
  std::uint64_t rest = index / 1000;
  for (int i = 0; i < 4; ++i) {
    id.push_back(static_cast<char>('A' + rest % 26));
    rest /= 26;
  }
  return id;
}

std::vector<std::pair<std::string_view, std::string_view>> OfferGenerator::metiers_reference() {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& m : metiers) out.emplace_back(m.rome, m.label);
  return out;
}

EmulatedOffer OfferGenerator::make(std::uint64_t index, Millis created, int version,
                                   std::optional<Millis> updated) const {
  // Two streams: what never changes for an offer (place, métier, employer), and what an update
  // may change (derived from the version too).
  Draw stable(_seed * 0x100000001B3ULL ^ (index + 1) * 0x9E3779B97F4A7C15ULL);
  Draw revision(stable.next() ^ static_cast<std::uint64_t>(version) * 0xD6E8FEB86659FD93ULL);

  EmulatedOffer out;
  out.index = index;
  out.id = id_for(index);
  out.version = version;
  out.created = created;
  const auto& metier = stable.pick(std::span<const Metier>(metiers));
  static const int contract_total = [] {
    int s = 0;
    for (const auto& c : contracts) s += c.weight;
    return s;
  }();
  const auto& contract = weighted(stable, std::span<const Contract>(contracts), contract_total);
  static const int town_total = total_weight(towns());
  const bool regional = stable.chance(0.04);
  const Town& town = weighted(stable, towns(), town_total);
  const auto& regional_label = stable.pick(places_without_departement());
  const char experience = "DSE"[stable.below(3)];
  const int qualification = 1 + static_cast<int>(stable.below(9));
  // Updates come hours to days after creation; a fresh offer was actualised within the hour.
  // Most offers are never actualised after creation; the others within the hour. Revisions come
  // hours later.
  const bool touched = stable.chance(0.3);
  out.updated = version == 0 ? (touched ? created + std::chrono::minutes(1 + stable.below(59)) : created)
                             : created + std::chrono::hours(2 * version) + std::chrono::minutes(revision.below(60));
  if (updated) out.updated = *updated;

  Json o = Json::object();
  o["id"] = out.id;
  o["intitule"] = fmt::format("{} (H/F){}", metier.appellation, version > 0 && revision.chance(0.5) ? " - Urgent" : "");
  o["description"] = fmt::format(
      "Nous recherchons un(e) {} pour renforcer notre équipe.\nVos missions : {}, {}.\n"
      "Contact au ########## ou par courriel. Poste à pourvoir dès que possible{}.",
      metier.appellation, metier.skills[0], metier.skills[1],
      version > 0 ? fmt::format(" (annonce mise à jour, révision {})", version) : "");
  const bool millis = stable.chance(0.7);  // the API mixes "…:42Z" and "…:42.632Z"
  o["dateCreation"] = api_time(created, millis);
  o["dateActualisation"] = api_time(out.updated, millis);
  Json place = Json::object();
  if (regional) {
    place["libelle"] = regional_label;
  } else {
    place["libelle"] = fmt::format("{} - {}", town.departement, town.name);
    place["latitude"] = town.latitude;
    place["longitude"] = town.longitude;
    if (!town.postcode.empty() && !stable.chance(0.09)) place["codePostal"] = town.postcode;
    place["commune"] = town.commune;
    out.attributes.departement = std::string(town.departement);
    out.attributes.commune = std::string(town.commune);
  }
  o["lieuTravail"] = std::move(place);
  o["romeCode"] = metier.rome;
  o["romeLibelle"] = metier.label;
  o["appellationlibelle"] = metier.appellation;
  Json company = Json::object();
  if (!stable.chance(0.25)) company["nom"] = stable.pick(std::span<const std::string_view>(employers));
  if (stable.chance(0.3)) company["description"] = "Entreprise familiale implantée dans la région depuis 1987.";
  if (stable.chance(0.1)) company["url"] = "https://www.example-entreprise.fr";
  company["entrepriseAdaptee"] = stable.chance(0.02);
  o["entreprise"] = std::move(company);
  o["typeContrat"] = contract.code;
  o["typeContratLibelle"] = contract.label;
  o["natureContrat"] = contract.nature;
  o["experienceExige"] = std::string(1, experience);
  o["experienceLibelle"] = experience == 'D' ? "Débutant accepté" : (experience == 'S' ? "1 An(s)" : "3 An(s)");
  if (experience != 'D' && stable.chance(0.4)) o["experienceCommentaire"] = "sur un poste similaire";
  if (stable.chance(0.5)) {
    o["formations"] = Json::array({Json{{"codeFormation", "21538"},
                                        {"domaineLibelle", "Alimentation"},
                                        {"niveauLibelle", "CAP, BEP et équivalents"},
                                        {"exigence", stable.chance(0.5) ? "E" : "S"}}});
  }
  if (stable.chance(0.2)) o["langues"] = Json::array({Json{{"libelle", "Anglais"}, {"exigence", "S"}}});
  if (stable.chance(0.25)) o["permis"] = Json::array({Json{{"libelle", "B - Véhicule léger"}, {"exigence", "E"}}});
  if (stable.chance(0.15)) {
    // A string in the official example, a list in later payloads: both are served.
    if (stable.chance(0.5)) {
      o["outilsBureautiques"] = "Traitement de texte";
    } else {
      o["outilsBureautiques"] = Json::array({"Tableur", "Logiciel de messagerie électronique"});
    }
  }
  Json skills = Json::array();
  const auto skill_count = stable.below(5);
  for (std::uint64_t k = 0; k < skill_count; ++k) {
    skills.push_back(Json{{"code", fmt::format("{}", 100000 + (index * 7 + k) % 400000)},
                          {"libelle", metier.skills[k % metier.skills.size()]},
                          {"exigence", k == 0 ? "E" : "S"}});
  }
  if (!skills.empty()) o["competences"] = std::move(skills);
  if (stable.chance(0.6)) {
    Json qs = Json::array();
    for (std::uint64_t k = 0, n = 1 + stable.below(3); k < n; ++k) {
      qs.push_back(Json{{"libelle", qualities[(index + k) % qualities.size()]},
                        {"description", "Capacité à s'adapter aux situations et à agir avec discernement."}});
    }
    o["qualitesProfessionnelles"] = std::move(qs);
  }
  add_salary(o, revision);
  o["dureeTravailLibelle"] = stable.pick(std::span<const std::string_view>(hours));
  const bool part_time = stable.chance(0.15);
  o["dureeTravailLibelleConverti"] = part_time ? "Temps partiel" : "Temps plein";
  if (stable.chance(0.1)) o["complementExercice"] = stable.chance(0.5) ? "Travail de nuit" : "Télétravail possible 2 jours par semaine";
  if (stable.chance(0.2)) {
    o["contexteTravail"] = Json{{"horaires", Json::array({"35H/semaine\nTravail en journée"})},
                                {"conditionsExercice", Json::array({"Station debout prolongée"})}};
  }
  o["alternance"] = contract.nature == "Contrat apprentissage";
  Json contact = Json::object();
  if (stable.chance(0.7)) {
    contact["nom"] = "France Travail - Agence locale";
    contact["coordonnees1"] = "https://candidat.francetravail.fr/offres/recherche/detail/" + out.id;
    if (stable.chance(0.5)) contact["courriel"] = "Pour postuler, utiliser le lien suivant : https://candidat.francetravail.fr";
    if (stable.chance(0.3)) contact["urlPostulation"] = "https://recrutement.example-entreprise.fr/offre/" + out.id;
  }
  o["contact"] = std::move(contact);
  o["agence"] = stable.chance(0.7) ? Json::object() : Json{{"courriel", "ape.0123@francetravail.fr"}};
  o["nombrePostes"] = 1 + static_cast<int>(revision.below(3) == 0 ? revision.below(5) : 0);
  o["accessibleTH"] = stable.chance(0.3);
  if (stable.chance(0.4)) {
    o["deplacementCode"] = "1";
    o["deplacementLibelle"] = "Jamais";
  }
  o["qualificationCode"] = fmt::format("{}", qualification);
  o["qualificationLibelle"] = qualification_labels[static_cast<std::size_t>(qualification - 1)];
  if (stable.chance(0.3)) o["codeNAF"] = metier.naf;
  o["secteurActivite"] = metier.naf.substr(0, 2);
  o["secteurActiviteLibelle"] = metier.sector_label;
  if (stable.chance(0.6)) o["trancheEffectifEtab"] = stable.pick(std::span<const std::string_view>(staff_sizes));
  const bool partner = index % 50 == 49;
  Json origin{{"origine", partner ? "2" : "1"},
              {"urlOrigine", "https://candidat.francetravail.fr/offres/recherche/detail/" + out.id}};
  if (partner) {
    origin["partenaires"] = Json::array(
        {Json{{"nom", "INDEED"}, {"url", "https://fr.indeed.com/voir-emploi?jk=" + out.id}, {"logo", ""}}});
  }
  o["origineOffre"] = std::move(origin);
  o["offresManqueCandidats"] = stable.chance(0.1);
  o["entrepriseAdaptee"] = false;
  o["employeurHandiEngage"] = stable.chance(0.05);

  out.attributes.rome_code = std::string(metier.rome);
  out.attributes.type_contrat = std::string(contract.code);
  out.attributes.experience = experience;
  out.attributes.qualification_code = fmt::format("{}", qualification);
  out.attributes.origine = partner ? '2' : '1';
  out.attributes.nature_contrat = contract.nature == "Contrat apprentissage" ? "E2" : "E1";
  out.attributes.secteur_activite = std::string(metier.naf.substr(0, 2));
  if (regional) out.attributes.region = region_code_of_place(regional_label);
  out.json = o.dump(-1, ' ', false, Json::error_handler_t::strict);
  return out;
}

}  // namespace jobstream::emulator
