#include "emulator/offer_generator.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "emulator/draw.hpp"
#include "emulator/french_places.hpp"
#include "emulator/learned_offer_shapes.hpp"
#include "emulator/offer_vocabulary.hpp"
#include "emulator/realistic_fields.hpp"

namespace jobstream::emulator {
namespace {

using Json = nlohmann::ordered_json;  // fields in the documented order, as the API sends them

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

/// Which optional fields an offer holds, each by its learned share (learned_offer_shapes).
struct Presences {
  FieldPresence actualisation{"dateActualisation"}, accessible{"accessibleTH"}, posts{"nombrePostes"},
      naf{"codeNAF"}, hours{"dureeTravailLibelle"}, hours_converted{"dureeTravailLibelleConverti"},
      qualification{"qualificationCode"}, contact{"contact"}, lacking_candidates{"offresManqueCandidats"},
      agence{"agence"}, context{"contexteTravail"}, adaptee{"entrepriseAdaptee"}, competences{"competences"},
      qualities{"qualitesProfessionnelles"}, travel{"deplacementCode"}, formations{"formations"},
      permis{"permis"}, langues{"langues"}, complement{"complementExercice"}, staff{"trancheEffectifEtab"},
      experience_comment{"experienceCommentaire"}, condition{"conditionExercice"},
      office_tools{"outilsBureautiques"}, employer_name{"entreprise.nom"},
      employer_description{"entreprise.description"}, employer_logo{"entreprise.logo"},
      employer_url{"entreprise.url"}, employer_adaptee{"entreprise.entrepriseAdaptee"};
};

/// Native offers write contract types short ("CDI"), partner offers in full.
std::string contract_label(const Contract& c, bool partner) {
  if (!partner) return c.code == "CDI" ? "CDI" : std::string(c.label);
  std::string label(c.label);
  if (label.starts_with("CDD - ")) return "Contrat à durée déterminée - " + label.substr(6);
  if (label.starts_with("Intérim - ")) return "Mission intérimaire - " + label.substr(11);
  return label;
}

}  // namespace

bool OfferGenerator::is_partner(std::uint64_t index) {
  if (index >= 10'000'000) return false;  // seven digits hold no more partner ids
  Draw d(index * 0xA24BAED4963EE407ULL + 0x5851F42D4C957F2DULL);
  return d.chance(learned::shares.partner);
}

std::string OfferGenerator::id_for(std::uint64_t index) {
  if (is_partner(index)) {
    // Seven digits, a quarter of them with a leading zero as on the real API: a bijection of
    // [0, 4,000,000) spreads the first indexes over that range; later ones keep their number.
    constexpr std::uint64_t span = 4'000'000;
    return fmt::format("{:07}", index < span ? (index * 1'234'567 + 987'654) % span : index);
  }
  // "048KLTP": three digits then four letters, injective in `index`.
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
  const auto& all = metiers();
  out.reserve(all.size());
  for (const auto& m : all) out.emplace_back(m.rome, m.label);
  return out;
}

EmulatedOffer OfferGenerator::make(std::uint64_t index, Millis created, int version,
                                   std::optional<Millis> updated) const {
  // Two streams: what never changes for an offer (place, métier, employer), and what an update
  // may change (derived from the version too).
  Draw stable(_seed * 0x100000001B3ULL ^ (index + 1) * 0x9E3779B97F4A7C15ULL);
  Draw revision(stable.next() ^ static_cast<std::uint64_t>(version) * 0xD6E8FEB86659FD93ULL);
  Draw text(stable.next() ^ static_cast<std::uint64_t>(version));
  Draw where(stable.next());
  static const Presences has;

  EmulatedOffer out;
  out.index = index;
  out.id = id_for(index);
  out.version = version;
  const bool partner = is_partner(index);
  const auto& metier = stable.pick(metiers());
  static const int contract_total = [] {
    int s = 0;
    for (const auto& c : contracts()) s += c.weight;
    return s;
  }();
  const auto& contract = weighted(stable, contracts(), contract_total);
  static const int town_total = total_weight(towns());
  const Town& town = weighted(stable, towns(), town_total);
  const char experience = "DSE"[stable.below(3)];
  const int qualification = 1 + static_cast<int>(stable.below(9));
  // Partner offers' times are whole seconds (".000Z"), native ones mostly carry milliseconds.
  const bool whole_second = stable.chance(learned::shares.whole_second_time.of(partner));
  out.created = whole_second ? std::chrono::floor<std::chrono::seconds>(created) : created;
  // Most offers are never actualised after creation; the others within the hour. Revisions come
  // hours later.
  const bool touched = stable.chance(0.3);
  out.updated =
      version == 0 ? (touched ? out.created + std::chrono::minutes(1 + stable.below(59)) : out.created)
                   : out.created + std::chrono::hours(2 * version) + std::chrono::minutes(revision.below(60));
  if (updated) out.updated = *updated;
  if (whole_second) out.updated = std::chrono::floor<std::chrono::seconds>(out.updated);

  Json o = Json::object();
  o["id"] = out.id;
  o["intitule"] =
      fmt::format("{} (H/F){}", metier.appellation, version > 0 && revision.chance(0.5) ? " - Urgent" : "");
  o["description"] = realistic_description(
      text, partner,
      fmt::format("Nous recherchons un(e) {} pour renforcer notre équipe.\nVos missions : {}, {}.\n"
                  "Contact au ########## ou par courriel. Poste à pourvoir dès que possible{}. ",
                  metier.appellation, metier.skills[0], metier.skills[1],
                  version > 0 ? fmt::format(" (annonce mise à jour, révision {})", version) : ""));
  const bool millis = whole_second || stable.chance(0.98);  // a few "…:42Z", as the contract shows
  o["dateCreation"] = api_time(out.created, millis);
  const std::string day = o["dateCreation"].get<std::string>().substr(0, 10);
  // Some partner offers carry no dateActualisation (nor experienceLibelle, accessibleTH); a
  // revision always does, so that its change is seen.
  const bool actualised = has.actualisation.draw(stable, partner, day) || version > 0;
  if (actualised) o["dateActualisation"] = api_time(out.updated, millis);
  auto place = realistic_place(where, partner, town);
  o["lieuTravail"] = std::move(place.json);
  out.attributes.departement = std::move(place.departement);
  out.attributes.commune = std::move(place.commune);
  out.attributes.region = std::move(place.region);
  o["romeCode"] = metier.rome;
  o["romeLibelle"] = metier.label;
  o["appellationlibelle"] = metier.appellation;
  Json company = Json::object();
  if (has.employer_name.draw(stable, partner, day)) company["nom"] = stable.pick(employers());
  if (has.employer_description.draw(stable, partner, day))
    company["description"] = "Entreprise familiale implantée dans la région depuis 1987.";
  if (has.employer_logo.draw(stable, partner, day))
    company["logo"] = "https://www.example-entreprise.fr/logo.png";
  if (has.employer_url.draw(stable, partner, day)) company["url"] = "https://www.example-entreprise.fr";
  if (has.employer_adaptee.draw(stable, partner, day)) company["entrepriseAdaptee"] = stable.chance(0.02);
  o["entreprise"] = std::move(company);
  o["typeContrat"] = contract.code;
  o["typeContratLibelle"] = contract_label(contract, partner);
  o["natureContrat"] = contract.nature;
  o["experienceExige"] = std::string(1, experience);
  if (actualised)
    o["experienceLibelle"] =
        experience == 'D' ? "Débutant accepté" : (experience == 'S' ? "1 An(s)" : "3 An(s)");
  if (has.experience_comment.draw(stable, partner, day))
    o["experienceCommentaire"] = "sur un poste similaire";
  if (has.formations.draw(stable, partner, day)) {
    o["formations"] = Json::array({Json{{"codeFormation", "21538"},
                                        {"domaineLibelle", "Alimentation"},
                                        {"niveauLibelle", "CAP, BEP et équivalents"},
                                        {"exigence", stable.chance(0.5) ? "E" : "S"}}});
  }
  if (has.langues.draw(stable, partner, day))
    o["langues"] = Json::array({Json{{"libelle", "Anglais"}, {"exigence", "S"}}});
  if (has.permis.draw(stable, partner, day))
    o["permis"] = Json::array({Json{{"libelle", "B - Véhicule léger"}, {"exigence", "E"}}});
  if (has.office_tools.draw(stable, partner, day)) {
    // A string in the official example, a list in later payloads: both are served.
    if (stable.chance(0.5)) {
      o["outilsBureautiques"] = "Traitement de texte";
    } else {
      o["outilsBureautiques"] = Json::array({"Tableur", "Logiciel de messagerie électronique"});
    }
  }
  if (has.competences.draw(stable, partner, day)) {
    Json skills = Json::array();
    for (std::uint64_t k = 0, n = 1 + stable.below(4); k < n; ++k) {
      skills.push_back(Json{{"code", fmt::format("{}", 100000 + (index * 7 + k) % 400000)},
                            {"libelle", metier.skills[k % metier.skills.size()]},
                            {"exigence", k == 0 ? "E" : "S"}});
    }
    o["competences"] = std::move(skills);
  }
  if (has.qualities.draw(stable, partner, day)) {
    Json qs = Json::array();
    for (std::uint64_t k = 0, n = 1 + stable.below(3); k < n; ++k) {
      qs.push_back(Json{{"libelle", qualities()[(index + k) % qualities().size()]},
                        {"description", "Capacité à s'adapter aux situations et à agir avec discernement."}});
    }
    o["qualitesProfessionnelles"] = std::move(qs);
  }
  o["salaire"] = realistic_salary(revision, partner, day);
  if (has.hours.draw(stable, partner, day)) o["dureeTravailLibelle"] = stable.pick(work_hours());
  const bool part_time = stable.chance(0.15);
  if (has.hours_converted.draw(stable, partner, day))
    o["dureeTravailLibelleConverti"] = part_time ? "Temps partiel" : "Temps plein";
  if (has.complement.draw(stable, partner, day))
    o["complementExercice"] =
        stable.chance(0.5) ? "Travail de nuit" : "Télétravail possible 2 jours par semaine";
  if (has.condition.draw(stable, partner, day)) o["conditionExercice"] = "Heures supplémentaires possibles";
  if (has.context.draw(stable, partner, day)) {
    o["contexteTravail"] = Json{{"horaires", Json::array({"35H/semaine\nTravail en journée"})},
                                {"conditionsExercice", Json::array({"Station debout prolongée"})}};
  }
  o["alternance"] = contract.nature == "Contrat apprentissage";
  if (has.contact.draw(stable, partner, day)) {
    Json contact = Json::object();
    contact["nom"] = "France Travail - Agence locale";
    contact["coordonnees1"] = "https://candidat.francetravail.fr/offres/recherche/detail/" + out.id;
    if (stable.chance(0.5))
      contact["courriel"] = "Pour postuler, utiliser le lien suivant : https://candidat.francetravail.fr";
    if (stable.chance(0.3))
      contact["urlPostulation"] = "https://recrutement.example-entreprise.fr/offre/" + out.id;
    o["contact"] = std::move(contact);
  }
  if (has.agence.draw(stable, partner, day)) {
    o["agence"] = stable.chance(learned::shares.agence_with_mail.of(partner))
                      ? Json{{"courriel", "ape.0123@francetravail.fr"}}
                      : Json::object();
  }
  const auto posts = 1 + static_cast<int>(revision.below(3) == 0 ? revision.below(5) : 0);
  if (has.posts.draw(stable, partner, day)) o["nombrePostes"] = posts;
  if (actualised && has.accessible.draw(stable, partner, day)) o["accessibleTH"] = stable.chance(0.3);
  if (has.travel.draw(stable, partner, day)) {
    o["deplacementCode"] = "1";
    o["deplacementLibelle"] = "Jamais";
  }
  const bool qualified = has.qualification.draw(stable, partner, day);
  if (qualified) {
    o["qualificationCode"] = fmt::format("{}", qualification);
    o["qualificationLibelle"] = qualification_labels()[static_cast<std::size_t>(qualification - 1)];
  }
  const bool sector = has.naf.draw(stable, partner, day);
  if (sector) {
    o["codeNAF"] = metier.naf;
    o["secteurActivite"] = metier.naf.substr(0, 2);
    o["secteurActiviteLibelle"] = metier.sector_label;
  }
  if (has.staff.draw(stable, partner, day)) o["trancheEffectifEtab"] = stable.pick(staff_sizes());
  Json origin{{"origine", partner ? "2" : "1"},
              {"urlOrigine", "https://candidat.francetravail.fr/offres/recherche/detail/" + out.id}};
  if (partner) {
    const auto& name = stable.pick(partner_names());
    origin["partenaires"] = Json::array(
        {Json{{"nom", name}, {"url", "https://www.example-partenaire.fr/offre/" + out.id}, {"logo", ""}}});
  }
  o["origineOffre"] = std::move(origin);
  if (has.lacking_candidates.draw(stable, partner, day)) o["offresManqueCandidats"] = stable.chance(0.1);
  if (has.adaptee.draw(stable, partner, day)) {
    o["entrepriseAdaptee"] = false;
    o["employeurHandiEngage"] = stable.chance(0.05);
  }

  out.attributes.rome_code = std::string(metier.rome);
  out.attributes.type_contrat = std::string(contract.code);
  out.attributes.experience = experience;
  if (qualified) out.attributes.qualification_code = fmt::format("{}", qualification);
  out.attributes.origine = partner ? '2' : '1';
  out.attributes.nature_contrat = contract.nature == "Contrat apprentissage" ? "E2" : "E1";
  if (sector) out.attributes.secteur_activite = std::string(metier.naf.substr(0, 2));
  out.json = o.dump(-1, ' ', false, Json::error_handler_t::strict);
  return out;
}

}  // namespace jobstream::emulator
