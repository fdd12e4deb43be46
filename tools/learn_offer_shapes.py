#!/usr/bin/env python3
"""Learns how real offers are shaped and writes the emulator's tables (src/emulator/learned_offer_shapes.cpp).

Reads ../shared/data/real-offers/offers.jsonl (third-party, read in place) and keeps only summaries:
the share of offers holding each field (per origin, and since the month a field first appeared),
the frequency of each salary label template and place label kind (classes of
tests/realdata/offer_shapes.py: words, number formats and magnitudes, never a real amount or name),
description length quantiles, the share cut at 5,000 and the share of descriptions holding HTML entities.

usage: tools/learn_offer_shapes.py [OFFERS_JSONL] > src/emulator/learned_offer_shapes.cpp
"""
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "realdata"))
import offer_shapes as shapes  # noqa: E402

# Fields whose presence is drawn per offer. "a.b" is key b inside object a.
FIELDS = ["nombrePostes", "dateActualisation", "accessibleTH", "codeNAF", "dureeTravailLibelle",
          "dureeTravailLibelleConverti", "qualificationCode", "contact", "offresManqueCandidats", "agence",
          "contexteTravail", "entrepriseAdaptee", "competences", "qualitesProfessionnelles", "deplacementCode",
          "formations", "permis", "langues", "complementExercice", "trancheEffectifEtab", "experienceCommentaire",
          "conditionExercice", "outilsBureautiques", "entreprise.nom", "entreprise.description", "entreprise.logo",
          "entreprise.url", "entreprise.entrepriseAdaptee"]
APPEARING = ["contexteTravail", "entrepriseAdaptee", "trancheEffectifEtab"]  # absent from older offers
# A salary template must be made of these words and classes only; anything else is not learned.
TEMPLATE_WORDS = re.compile(r"(?:(?:Mensuel|Annuel|Horaire|Autre|De|de|à|Euros|sur|mois|\{[^{}]+\})(?: |$))+")


def has(offer, field):
    head, _, tail = field.partition(".")
    return head in offer and (not tail or (isinstance(offer[head], dict) and tail in offer[head]))


def month_of(date):
    return date[:7] + "-01"


def share(offers, test):
    return sum(1 for o in offers if test(o)) / len(offers) if offers else 0.0


def by_origin(native, partner):
    return "{%.4f, %.4f}" % (native, partner)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "real-offers",
                                                               "offers.jsonl")
    with open(path, encoding="utf-8") as f:
        offers = [json.loads(line) for line in f]
    origin = {"1": [o for o in offers if o["origineOffre"]["origine"] == "1"],
              "2": [o for o in offers if o["origineOffre"]["origine"] == "2"]}
    since = {f: month_of(min(o["dateCreation"] for o in offers if f in o)) for f in APPEARING}
    list_since = month_of(min(o["dateCreation"] for o in offers if "listeComplements" in o["salaire"]))
    out = []
    w = out.append
    w("// Written by tools/learn_offer_shapes.py from the real offers the API served: frequencies and")
    w("// format classes only (no real text). Regenerate rather than edit.")
    w('#include "emulator/learned_offer_shapes.hpp"\n')
    w("#include <array>\n")
    w("namespace jobstream::emulator::learned {")
    w("namespace {\n")
    w("// Field -> the month it first appeared (empty: always there) and its share {native, partner}")
    w("// among the offers created since then.")
    w("constexpr std::array<FieldShare, %d> fields{{" % len(FIELDS))
    for field in FIELDS:
        start = since.get(field, "")
        after = {k: [o for o in v if o["dateCreation"] >= start] for k, v in origin.items()}
        test = (lambda o, f=field: has(o, f))
        if field == "accessibleTH":  # drawn only for offers with a dateActualisation (none without has it)
            after = {k: [o for o in v if "dateActualisation" in o] for k, v in after.items()}
        if field.startswith("entreprise."):
            pass
        w('    {"%s", "%s", %s},' % (field, start, by_origin(share(after["1"], test), share(after["2"], test))))
    w("}};\n")

    templates = collections.Counter()
    for k, v in origin.items():
        for o in v:
            if "libelle" in o["salaire"]:
                t = shapes.salary_template(o["salaire"]["libelle"])
                if TEMPLATE_WORDS.fullmatch(t):
                    templates[(t, k)] += 1
    names = sorted({t for t, _ in templates}, key=lambda t: (-(templates[(t, "1")] + templates[(t, "2")]), t))
    w("// Salary label templates: number of real offers with each, {native, partner}.")
    w("constexpr std::array<Form, %d> salary_templates_{{" % len(names))
    for t in names:
        w('    {"%s", {%d, %d}},' % (t, templates[(t, "1")], templates[(t, "2")]))
    w("}};\n")

    keysets = collections.Counter()
    for k, v in origin.items():
        for o in v:
            era = "since" if o["dateCreation"] >= list_since else "before"
            keysets[(era + " " + shapes.salary_keys(o["salaire"]), k)] += 1
    names = sorted({t for t, _ in keysets})
    w('// `salaire` keys ("-": {}), before and since listeComplements appeared (%s), {native, partner}.' % list_since)
    w("constexpr std::array<Form, %d> salary_keys_{{" % len(names))
    for t in names:
        w('    {"%s", {%d, %d}},' % (t, keysets[(t, "1")], keysets[(t, "2")]))
    w("}};\n")

    places = collections.Counter()
    for k, v in origin.items():
        for o in v:
            place = o["lieuTravail"]
            places[(shapes.place_kind(place["libelle"]) + " " + shapes.place_keys(place), k)] += 1
    names = sorted({t for t, _ in places})
    w("// lieuTravail: label kind and keys present, {native, partner}.")
    w("constexpr std::array<Form, %d> place_forms_{{" % len(names))
    for t in names:
        w('    {"%s", {%d, %d}},' % (t, places[(t, "1")], places[(t, "2")]))
    w("}};\n")

    entities = collections.Counter(e for o in offers for e in shapes.ENTITY.findall(o["description"]))
    names = sorted((e for e, n in entities.items() if n >= 20), key=lambda e: (-entities[e], e))
    w("// HTML entities in descriptions, by number of occurrences (both origins).")
    w("constexpr std::array<Form, %d> entities_{{" % len(names))
    for e in names:
        w('    {"%s", {%d, %d}},' % (e, entities[e], entities[e]))
    w("}};\n")

    for k, name in (("1", "native"), ("2", "partner")):
        lengths = sorted(len(o["description"]) for o in origin[k] if not shapes.cut_kind(o["description"]))
        qs = [lengths[round(i * (len(lengths) - 1) / 20)] for i in range(21)]
        w("// Description lengths (characters) of %s offers not cut at 5,000: the 0, 5, ..., 100th percentiles." % name)
        w("constexpr std::array<int, 21> %s_lengths{{%s}};" % (name, ", ".join(map(str, qs))))
    w("")
    w("}  // namespace\n")
    w("const Shares shares{")
    w("    %s,  // partner offers" % "%.4f" % share(offers, lambda o: o["origineOffre"]["origine"] == "2"))
    w("    %s,  // partner ids with a leading zero" % "%.4f" % share(origin["2"], lambda o: o["id"][0] == "0"))
    w("    %s,  // descriptions cut at 5,000 characters" % by_origin(
        *(share(origin[k], lambda o: shapes.cut_kind(o["description"]) == "characters") for k in "12")))
    w("    %s,  // descriptions cut at 5,000 bytes" % by_origin(
        *(share(origin[k], lambda o: shapes.cut_kind(o["description"]) == "bytes") for k in "12")))
    w("    %s,  // descriptions with an HTML entity" % by_origin(
        *(share(origin[k], lambda o: shapes.has_entity(o["description"])) for k in "12")))
    w("    %s,  // times ending in .000Z" % by_origin(
        *(share(origin[k], lambda o: o["dateCreation"].endswith(".000Z")) for k in "12")))
    comments = {k: [o["salaire"]["commentaire"] for o in v if "commentaire" in o["salaire"]] for k, v in origin.items()}
    w("    %s,  // salary comments holding a figure" % by_origin(
        *(share(comments[k], lambda c: re.search(r"\d", c)) for k in "12")))
    w("    %s,  // agence objects holding a courriel" % by_origin(
        *(share([o for o in origin[k] if "agence" in o], lambda o: o["agence"] != {}) for k in "12")))
    w('    "%s",  // listeComplements appeared' % list_since)
    w("};\n")
    w("std::span<const FieldShare> field_shares() { return fields; }")
    w("std::span<const Form> salary_templates() { return salary_templates_; }")
    w("std::span<const Form> salary_keys() { return salary_keys_; }")
    w("std::span<const Form> place_forms() { return place_forms_; }")
    w("std::span<const Form> entities() { return entities_; }")
    w("std::span<const int> description_lengths(bool partner) {")
    w("  return partner ? std::span<const int>(partner_lengths) : std::span<const int>(native_lengths);")
    w("}\n")
    w("}  // namespace jobstream::emulator::learned")
    print("\n".join(out))


if __name__ == "__main__":
    main()
