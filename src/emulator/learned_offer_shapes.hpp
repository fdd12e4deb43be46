#pragma once

#include <span>
#include <string_view>

/// How real offers are shaped, learned from the offers the real API served by
/// tools/learn_offer_shapes.py: shares and counts of format classes, never real text. The
/// generator draws from these so that its offers are hard to tell from real ones.
namespace jobstream::emulator::learned {

/// A value for native offers (origine 1) and one for partner offers (origine 2).
struct ByOrigin {
  double native;
  double partner;
  double of(bool is_partner) const { return is_partner ? partner : native; }
};

/// The share of offers holding `field` ("entreprise.nom": key inside an object) among those created
/// since `since` ("YYYY-MM-DD"; empty: the field was always there). Older offers never hold it.
struct FieldShare {
  std::string_view field;
  std::string_view since;
  ByOrigin share;
};

/// A format class and how many real offers had it.
struct Form {
  std::string_view form;
  ByOrigin count;
};

struct Shares {
  double partner;                  ///< origineOffre.origine "2"
  double leading_zero_id;          ///< partner ids starting with 0
  ByOrigin description_cut;        ///< descriptions of exactly 5,000 characters
  ByOrigin description_cut_bytes;  ///< descriptions cut at 5,000 bytes (4,990-5,000, no sentence end)
  ByOrigin description_entity;     ///< descriptions holding an HTML entity
  ByOrigin whole_second_time;      ///< dateCreation ending in ".000Z"
  ByOrigin comment_with_figure;    ///< salaire.commentaire holding a digit
  ByOrigin agence_with_mail;       ///< agence present and not {}
  std::string_view list_complements_since;
};

extern const Shares shares;
std::span<const FieldShare> field_shares();
/// "Mensuel de {.0m} Euros à {.0m} Euros sur {12.0} mois": amounts as {format magnitude}
/// (format i, .0, .1, .2, c2; magnitude 0, h < 100, m < 10,000, a), months as written.
std::span<const Form> salary_templates();
/// "before libelle+complement1", "since -" ({}): the keys of `salaire` before and since
/// listeComplements appeared.
std::span<const Form> salary_keys();
/// "commune-upper libelle+latitude+longitude+codePostal+commune": label kind and the keys present.
std::span<const Form> place_forms();
/// "&nbsp;": entities in descriptions by occurrences.
std::span<const Form> entities();
/// 21 percentiles (0, 5, ..., 100) of description lengths, not counting those cut at 5,000.
std::span<const int> description_lengths(bool partner);

}  // namespace jobstream::emulator::learned
