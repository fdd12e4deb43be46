"""The 5,737 real offers of ../shared/data/real-offers/ (third-party, read in place, never copied)
through the whole pipeline: `produce --replay` -> Kafka -> `consume` -> Cassandra -> `stats`.

Real Kafka and Cassandra (the local stack, a topic and keyspace of the test's own), the real
jobstream binary, and every result checked against real_reading.py, an independent reading of
the same file. Run by CTest (label realdata).
"""
import collections
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pipeline"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import real_reading as rr  # noqa: E402
from harness import Pipeline, topic_keys  # noqa: E402

REAL = os.path.join(harness.ROOT, "..", "shared", "data", "real-offers")
OFFERS = os.path.join(REAL, "offers.jsonl")

TEXT_COLUMNS = {  # column -> JSON path
    "lieu_libelle": ("lieuTravail", "libelle"), "commune": ("lieuTravail", "commune"),
    "code_postal": ("lieuTravail", "codePostal"), "rome_code": ("romeCode",), "rome_libelle": ("romeLibelle",),
    "appellation_libelle": ("appellationlibelle",), "entreprise_nom": ("entreprise", "nom"),
    "type_contrat": ("typeContrat",), "nature_contrat": ("natureContrat",),
    "experience_exige": ("experienceExige",), "qualification_code": ("qualificationCode",),
    "secteur_activite": ("secteurActivite",), "code_naf": ("codeNAF",), "salaire_libelle": ("salaire", "libelle"),
    "duree_travail_libelle": ("dureeTravailLibelle",), "latitude": ("lieuTravail", "latitude"),
    "longitude": ("lieuTravail", "longitude"), "alternance": ("alternance",), "nombre_postes": ("nombrePostes",)}


def at(offer, path):
    for key in path:
        if not isinstance(offer, dict):
            return None
        offer = offer.get(key)
    return offer


def expected_row(offer):
    row = {name: at(offer, path) for name, path in TEXT_COLUMNS.items()}
    row["intitule"] = rr.decode_entities(offer["intitule"]) if "intitule" in offer else None
    row["description"] = rr.description_shown(offer["description"])[0] if "description" in offer else None
    row["date_creation"] = rr.parse_time(offer.get("dateCreation"))
    row["date_actualisation"] = rr.parse_time(offer.get("dateActualisation"))
    row["departement"] = rr.place(offer)[0]
    skills = [c["libelle"] for c in offer.get("competences") or [] if isinstance(c.get("libelle"), str)]
    row["competences_libelles"] = skills  # a frozen list: an offer without any is an empty list, not null
    return row


class RealOffersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(OFFERS, encoding="utf-8") as f:  # fails, never skips, when the data is missing
            cls.lines = [line.rstrip("\n") for line in f]
        cls.offers = {json.loads(line)["id"]: json.loads(line) for line in cls.lines}
        cls.raw = {json.loads(line)["id"]: line for line in cls.lines}
        cls.p = Pipeline()
        cls.p.run("init-db", ["init-db"], timeout=300)
        cls.p.run("produce", ["produce", "--replay", OFFERS], timeout=900)
        cls.p.run("consume", ["consume", "--until-caught-up"], timeout=900)

    @classmethod
    def tearDownClass(cls):
        cls.p.close()

    def rows(self):
        cols = ", ".join(["id", "raw", "writetime(raw) AS wt", "intitule", "description", "date_creation",
                          "date_actualisation", "departement", "competences_libelles", *TEXT_COLUMNS])
        return {r.id: r for r in self.p.session.execute(f"SELECT {cols} FROM {self.p.keyspace}.offers", timeout=300)}

    def test_1_every_offer_stored_once_byte_equal_without_dead_letters(self):
        self.assertEqual(len(self.offers), 5737)
        keys = topic_keys(self.p.topic)
        self.assertEqual(len(keys), 5737, "each offer published once")
        self.assertEqual(set(keys), set(self.offers))
        rows = self.rows()
        self.assertEqual(set(rows), set(self.offers))
        wrong = [i for i, r in rows.items() if r.raw != self.raw[i]]
        self.assertEqual(wrong[:5], [], f"{len(wrong)} raw columns differ from the file's line")
        dead = subprocess.run(["kcat", "-C", "-b", harness.KAFKA, "-t", self.p.topic + ".dead-letters", "-o",
                               "beginning", "-e", "-q"], capture_output=True, timeout=120)
        self.assertEqual(dead.stdout, b"", "dead letters")

    def test_2_every_normalized_column_equals_the_independent_reading(self):
        rows = self.rows()
        mismatches = collections.Counter()
        examples = {}
        for i, offer in self.offers.items():
            for column, value in expected_row(offer).items():
                stored = getattr(rows[i], column)
                if isinstance(value, float) and isinstance(stored, float):
                    same = abs(value - stored) < 1e-9
                else:
                    same = stored == value
                if not same:
                    mismatches[column] += 1
                    examples.setdefault(column, (i, value, stored))
        self.assertEqual(dict(mismatches), {}, {c: repr(e)[:300] for c, e in examples.items()})
        # Entities are decoded in the columns, never in raw; cut descriptions are marked.
        entity = rr.re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);")
        with_entities = [i for i, o in self.offers.items() if entity.search(o.get("description", ""))]
        self.assertGreaterEqual(len(with_entities), 250)
        for i in with_entities:
            self.assertRegex(rows[i].raw, entity)
        # Decoded once, as a browser would: "&amp;eacute;" (3 real offers) shows as "&eacute;".
        self.assertEqual([i for i in with_entities if rows[i].description == self.offers[i]["description"]], [])
        cut = [i for i, o in self.offers.items() if rr.description_shown(o.get("description", ""))[1]]
        self.assertGreaterEqual(len(cut), 10)
        self.assertTrue(all(rows[i].description.endswith(" [\u2026]") for i in cut))
        print(f"\n{len(with_entities)} descriptions with entities decoded; {len(cut)} descriptions marked as cut")

    def test_3_offers_without_date_actualisation_are_versioned_by_their_creation(self):
        rows = self.rows()
        undated = [i for i, o in self.offers.items() if "dateActualisation" not in o]
        self.assertEqual(len(undated), 66)
        for i in undated:
            created = rr.parse_time(self.offers[i]["dateCreation"])
            micros = int((created - rr.datetime(1970, 1, 1)).total_seconds() * 1000) * 1000
            self.assertEqual(rows[i].wt, micros, i)
        # Every column, competences included (a frozen list: an equal rewrite leaves it as it was).
        before = dict(rows)
        # The file published again and the whole topic re-read by a new group: nothing changes.
        self.p.run("produce-again", ["produce", "--replay", OFFERS], timeout=900)
        self.p.env["KAFKA_GROUP_ID"] = harness.unique("replay")
        self.p.run("consume-replay", ["consume", "--until-caught-up"], timeout=900)
        after = self.rows()
        changed = [i for i in before if before[i] != after[i]]
        self.assertEqual(changed[:5], [], f"{len(changed)} rows changed by the replay")
        print(f"\n{len(undated)} offers without dateActualisation, versioned by dateCreation, unchanged by a replay")

    def test_4_stats_agree_with_an_independent_computation(self):
        out = subprocess.run([harness.JOBSTREAM, "stats", "--format", "json", "--top", "1000", "--commune-limit", "0"],
                             env=self.p.env, capture_output=True, timeout=600)
        self.assertEqual(out.returncode, 0, out.stderr.decode()[-3000:])
        fig = json.loads(out.stdout)
        offers = list(self.offers.values())
        places = [rr.place(o) for o in offers]
        t = fig["totals"]
        self.assertEqual(t["offers"], 5737)
        self.assertEqual(t["new"], 5737)
        self.assertEqual(t["withdrawn"], 0)
        self.assertEqual(t["open_at_end"], 5737)
        posts = sum(min(o["nombrePostes"], 65535) if isinstance(o.get("nombrePostes"), int) and o["nombrePostes"] > 0
                    else 1 for o in offers)
        self.assertEqual(t["open_posts_at_end"], posts)
        updated = sum(1 for o in offers if o.get("dateActualisation")
                      and rr.parse_time(o["dateActualisation"]) > rr.parse_time(o["dateCreation"]))
        self.assertEqual(t["updated"], updated)
        self.assertEqual(t["part_time"], sum(1 for o in offers
                                             if rr.fold(o.get("dureeTravailLibelleConverti")) == "temps partiel"))
        self.assertEqual(t["without_departement"], sum(1 for p in places if p[0] is None))
        self.assertEqual(t["place_scope"], {s: sum(1 for p in places if p[4] == s) for s in
                                            ("commune", "departement", "region", "france", "abroad", "unlocated")})
        keys = [rr.job_key(o) for o in offers]
        distinct = len({k for k in keys if k}) + sum(1 for k in keys if not k)
        self.assertEqual(t["distinct_jobs"], distinct)

        def counts(entries):
            return {e["code"]: e["count"] for e in entries}
        self.assertEqual(counts(fig["by_origin"]), dict(collections.Counter(o["origineOffre"]["origine"] for o in offers)))
        partners = collections.Counter(o["origineOffre"]["partenaires"][0]["nom"] for o in offers
                                       if o["origineOffre"].get("partenaires"))
        self.assertEqual(counts(fig["by_partner"]), dict(partners))
        self.assertEqual(counts(fig["by_contract"]), dict(collections.Counter(o["typeContrat"] for o in offers)))
        self.assertEqual(counts(fig["by_departement"]), dict(collections.Counter(p[0] for p in places if p[0])))
        regions = collections.Counter(p[1] for p in places if p[1])
        self.assertEqual(counts(fig["by_region"]), dict(regions))
        self.assertEqual(counts(fig["by_commune"]), dict(collections.Counter(p[2] for p in places if p[2])))
        self.assertEqual(counts(fig["by_city"]), dict(collections.Counter(p[3] for p in places if p[3])))
        employers = collections.Counter(((o.get("entreprise") or {}).get("nom") or "").strip() for o in offers)
        employers.pop("", None)
        for e in fig["top_employers"]:
            self.assertEqual(e["count"], employers[e["code"]], e)
        self.assertEqual(len(fig["top_employers"]), min(1000, len(employers)))
        daily_new = {d["day"]: d["new"] for d in fig["daily"] if d["new"]}
        self.assertEqual(daily_new, dict(collections.Counter(o["dateCreation"][:10] for o in offers)))
        s = fig["salary"]
        self.assertEqual(s["parsed"] + s["implausible"] + s["unparsed"] + s["absent"], 5737)
        no_text = sum(1 for o in offers if not ((o.get("salaire") or {}).get("libelle") or "").strip()
                      and not ((o.get("salaire") or {}).get("commentaire") or "").strip())
        self.assertLessEqual(s["absent"], no_text)  # complements with figures leave "absent"
        self.assertEqual(s["parsed"] - s["from_comment"],
                         sum(1 for o in offers if rr.api_salary_estimate((o.get("salaire") or {}).get("libelle"))))
        self.assertEqual(sum(s["reasons"].values()), s["implausible"] + s["unparsed"])
        self.assertLessEqual(s["reasons"]["unreadable"] * 200, 5737 - s["absent"])
        print(f"\nfigures: {t['offers']} offers, {t['distinct_jobs']} distinct jobs, place scopes {t['place_scope']}, "
              f"salary parsed {s['parsed']} ({s['from_comment']} from comments), implausible {s['implausible']}, "
              f"unparsed {s['unparsed']}, absent {s['absent']}, reasons {s['reasons']}; "
              f"origins {counts(fig['by_origin'])}, {len(partners)} partners")


if __name__ == "__main__":
    unittest.main(verbosity=2)
