#include "analytics/offer_facts.hpp"

#include <simdjson.h>

#include <fmt/format.h>
#include <algorithm>

#include "analytics/offer_salary.hpp"
#include "offer/html_text.hpp"
#include "offer/offer_record.hpp"
#include "offer/text_fold.hpp"

namespace jobstream::analytics {
namespace {

using simdjson::dom::element;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Optional fields: a missing, null or wrongly typed value reads as empty. Analytics must not drop
// an offer because a field it barely uses changed type.
std::string_view text_at(const element& root, const char* pointer) {
  std::string_view v;
  if (root.at_pointer(pointer).get_string().get(v) != simdjson::SUCCESS) return {};
  return trim(v);
}

bool contains_word_phrase(const std::string& padded, std::string_view phrase, std::size_t from,
                          std::size_t& at) {
  // Every phrase starts with a space, the most common character: searched for as it is, each word
  // boundary starts a comparison. The rest of the phrase is searched for, then the space checked.
  const std::string_view rest = phrase.substr(1);
  for (auto i = padded.find(rest, from + 1); i != std::string::npos; i = padded.find(rest, i + 1)) {
    if (padded[i - 1] == phrase[0]) {
      at = i - 1;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string job_key_of(std::string_view title, std::string_view employer, std::string_view place,
                       std::string_view contract) {
  const std::string who = offer::fold_words(employer);
  if (who.empty()) return {};
  return offer::fold_words(title) + '|' + who + '|' + offer::fold_words(place) + '|' + std::string(contract);
}

bool mentions_remote_work(std::string_view text) {
  // Words padded with spaces so that " remote " never matches inside another word.
  const std::string padded = " " + offer::fold_words(text) + " ";
  static constexpr std::string_view phrases[] = {" teletravail ", " tele travail ", " remote ",
                                                 " travail a distance ", " teletravaille "};
  static constexpr std::string_view negations_before[] = {" pas de", " sans", " aucun", " pas", " ni"};
  static constexpr std::string_view negations_after[] = {"non ", "impossible ", "exclu ", "pas "};
  for (auto phrase : phrases) {
    std::size_t at = 0;
    for (std::size_t from = 0; contains_word_phrase(padded, phrase, from, at); from = at + 1) {
      bool negated = false;
      const std::string_view before = std::string_view(padded).substr(0, at);
      for (auto n : negations_before) {
        if (before.ends_with(n)) negated = true;
      }
      const std::string_view after = std::string_view(padded).substr(at + phrase.size());
      for (auto n : negations_after) {
        if (after.starts_with(n)) negated = true;
      }
      if (!negated) return true;
    }
  }
  return false;
}

std::optional<double> weekly_hours_of(std::string_view text) {
  text = trim(text);
  std::size_t i = 0;
  int hours = 0;
  while (i < text.size() && i < 3 && text[i] >= '0' && text[i] <= '9') hours = hours * 10 + (text[i++] - '0');
  if (i == 0 || i >= text.size() || (text[i] != 'H' && text[i] != 'h')) return std::nullopt;
  ++i;
  int minutes = 0;
  if (i + 1 < text.size() && text[i] >= '0' && text[i] <= '5' && text[i + 1] >= '0' && text[i + 1] <= '9') {
    minutes = (text[i] - '0') * 10 + (text[i + 1] - '0');
  }
  const double value = hours + minutes / 60.0;
  if (value <= 0.0 || value > 80.0) return std::nullopt;
  return value;
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  offer::SysTime t{};
  if (!offer::parse_time(trim(text), t)) return std::nullopt;
  return t;
}

std::optional<Day> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t k = 0; k < lengths[p]; ++k) {
      const char c = text[starts[p] + k];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const std::chrono::year_month_day ymd{std::chrono::year{parts[0]},
                                        std::chrono::month{static_cast<unsigned>(parts[1])},
                                        std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!ymd.ok()) return std::nullopt;
  return Day{ymd};
}

std::string format_day(Day day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string format_timestamp(Timestamp t) { return offer::format_time(t); }

std::variant<OfferFacts, FactsError> facts_from_json(std::string_view offer_json,
                                                     std::optional<Timestamp> withdrawn_at) {
  thread_local simdjson::dom::parser parser;
  const simdjson::padded_string padded(offer_json);
  element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) return FactsError{"offer is not valid JSON"};
  if (!root.is_object()) return FactsError{"offer is not a JSON object"};

  OfferFacts f;
  element id;
  if (root.at_pointer("/id").get(id) != simdjson::SUCCESS) return FactsError{"offer has no 'id'"};
  std::string_view id_text;
  int64_t id_number = 0;
  if (id.get_string().get(id_text) == simdjson::SUCCESS) {
    f.id = std::string(trim(id_text));
  } else if (id.get_int64().get(id_number) == simdjson::SUCCESS) {
    f.id = std::to_string(id_number);  // numeric ids stay text, never numbers
  }
  if (f.id.empty()) return FactsError{"offer 'id' is not a non-empty string"};

  const auto created = parse_timestamp(text_at(root, "/dateCreation"));
  const auto updated = parse_timestamp(text_at(root, "/dateActualisation"));
  if (!created && !updated)
    return FactsError{"offer has neither a valid 'dateCreation' nor 'dateActualisation'"};
  f.created_at = created ? *created : *updated;
  f.updated_at = updated ? *updated : *created;
  f.withdrawn_at = withdrawn_at;

  f.place = offer::locate(text_at(root, "/lieuTravail/commune"), text_at(root, "/lieuTravail/libelle"));
  f.rome_code = text_at(root, "/romeCode");
  f.rome_label = text_at(root, "/romeLibelle");
  f.contract_type = text_at(root, "/typeContrat");
  f.experience = text_at(root, "/experienceExige");
  f.qualification = text_at(root, "/qualificationCode");
  f.naf_code = text_at(root, "/codeNAF");
  f.sector = text_at(root, "/secteurActivite");
  if (f.sector.empty() && f.naf_code.size() >= 2) f.sector = f.naf_code.substr(0, 2);
  f.sector_label = text_at(root, "/secteurActiviteLibelle");
  f.employer = text_at(root, "/entreprise/nom");

  f.origin = text_at(root, "/origineOffre/origine");
  f.partner = text_at(root, "/origineOffre/partenaires/0/nom");
  const auto commune = text_at(root, "/lieuTravail/commune");
  f.job_key = job_key_of(text_at(root, "/intitule"), f.employer,
                         commune.empty() ? text_at(root, "/lieuTravail/libelle") : commune, f.contract_type);

  // Searched as shown: "t&eacute;l&eacute;travail" is télétravail.
  f.remote = mentions_remote_work(offer::decode_html_entities(text_at(root, "/intitule"))) ||
             mentions_remote_work(offer::decode_html_entities(text_at(root, "/description"))) ||
             mentions_remote_work(offer::decode_html_entities(text_at(root, "/complementExercice")));
  f.part_time = offer::fold_words(text_at(root, "/dureeTravailLibelleConverti")) == "temps partiel";
  f.weekly_hours = weekly_hours_of(text_at(root, "/dureeTravailLibelle"));

  int64_t posts = 0;
  if (root.at_pointer("/nombrePostes").get_int64().get(posts) == simdjson::SUCCESS && posts > 0) {
    f.posts = static_cast<std::uint16_t>(std::min<int64_t>(posts, 65535));
  }

  simdjson::dom::array skills;
  if (root.at_pointer("/competences").get(skills) == simdjson::SUCCESS) {
    for (element skill : skills) {
      std::string_view label;
      if (skill.at_pointer("/libelle").get_string().get(label) == simdjson::SUCCESS && !trim(label).empty()) {
        f.skills.emplace_back(trim(label));
      }
    }
    std::sort(f.skills.begin(), f.skills.end());
    f.skills.erase(std::unique(f.skills.begin(), f.skills.end()), f.skills.end());
  }

  f.salary = read_offer_salary({text_at(root, "/salaire/libelle"), text_at(root, "/salaire/commentaire"),
                                text_at(root, "/salaire/complement1"), text_at(root, "/salaire/complement2")},
                               day_of(f.updated_at));
  return f;
}

}  // namespace jobstream::analytics
