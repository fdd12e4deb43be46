"""The emulator's offers against the real ones: field presence and format frequencies.

Reads the real offers from ../shared/data/real-offers/offers.jsonl (third-party, read in place) and
asks the emulator (the emulator_sample program, $EMULATOR_SAMPLE) for one offer per real creation
time, so both corpora have the same size and the same dates (some fields appeared over time). Each
figure is computed the same way on both (classes of offer_shapes.py) and compared:

  figure                                              tolerance
  share of partner offers                             0.03 absolute
  share of offers holding each field, all offers      0.05 absolute
    and per origin (native, partner), among those     0.05 absolute, or three standard errors
    created since the field first appeared              of the real share when more (small groups)
  share without dateActualisation                     0.01 absolute
  share of descriptions with an HTML entity           0.02 absolute
  share of descriptions cut at 5,000 (characters,     0.005 absolute (none longer in either)
    or bytes: offer_shapes.cut_kind)
  share of times ending in .000Z                      0.05 absolute
  id format classes                                   0.05 total variation distance
  salary kind ({}, label, comment only)               0.05 total variation distance
  salary label templates (among labels)               0.20 total variation distance
  place label kinds; place label kind and keys        0.05; 0.10 total variation distance
  description length by 500 characters, cut ones      0.10 total variation distance
    apart by kind

Total variation distance: half the sum over classes of |real share - emulated share|, the largest
difference in probability between the two for any set of classes. Run by CTest (label realdata).
"""
import collections
import json
import math
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import offer_shapes as shapes  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
OFFERS = os.path.join(ROOT, "..", "shared", "data", "real-offers", "offers.jsonl")
FIELDS_IN = ("entreprise", "salaire", "lieuTravail", "origineOffre")  # objects whose keys are counted too

SHARE_TOLERANCE = {"partner": 0.03, "field": 0.05, "no dateActualisation": 0.01, "entity": 0.02,
                   "cut at 5,000": 0.005, "time .000Z": 0.05}
DISTANCE_TOLERANCE = {"id format": 0.05, "salary kind": 0.05, "salary template": 0.20, "place kind": 0.05,
                      "place kind and keys": 0.10, "description length": 0.10}


def fields(offer):
    out = set(offer)
    for name in FIELDS_IN:
        if isinstance(offer.get(name), dict):
            out |= {name + "." + k for k in offer[name]}
    return out


def share(offers, test):
    return sum(1 for o in offers if test(o)) / len(offers) if offers else 0.0


def distribution(values):
    counts = collections.Counter(values)
    total = sum(counts.values())
    return {k: n / total for k, n in counts.items()}


def distance(a, b):
    return sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in set(a) | set(b)) / 2


def first_months(offers):
    """Field -> the month it first appears in `offers` ("2025-03-01")."""
    out = {}
    for o in offers:
        for name in fields(o):
            month = o["dateCreation"][:7] + "-01"
            out[name] = min(out.get(name, month), month)
    return out


def figures(offers, since):
    """Every compared figure: ("share", name) -> value, ("distance", name) -> distribution. A field's
    share per origin counts the offers created since the field first appeared in the real offers
    (`since`): the mix of origins changes over the years, and later fields exist only since then."""
    out = {}
    partner = [o for o in offers if o["origineOffre"]["origine"] == "2"]
    native = [o for o in offers if o["origineOffre"]["origine"] != "2"]
    out[("share", "partner")] = len(partner) / len(offers)
    names = set().union(*(fields(o) for o in offers))
    for name in names:
        out[("share", "field %s (all)" % name)] = share(offers, lambda o, n=name: n in fields(o))
        start = since.get(name, "")
        for origin, group in (("native", native), ("partner", partner)):
            group = [o for o in group if o["dateCreation"] >= start]
            out[("share", "field %s (%s)" % (name, origin))] = share(group, lambda o, n=name: n in fields(o))
            out[("size", "field %s (%s)" % (name, origin))] = len(group)
    out[("share", "no dateActualisation")] = share(offers, lambda o: "dateActualisation" not in o)
    out[("share", "entity")] = share(offers, lambda o: shapes.has_entity(o["description"]))
    out[("share", "cut at 5,000")] = share(offers, lambda o: shapes.cut_kind(o["description"]) != "")
    out[("share", "time .000Z")] = share(offers, lambda o: o["dateCreation"].endswith(".000Z"))
    out[("distance", "id format")] = distribution(shapes.id_class(o["id"]) for o in offers)
    out[("distance", "salary kind")] = distribution(shapes.salary_kind(o.get("salaire")) for o in offers)
    out[("distance", "salary template")] = distribution(
        shapes.salary_template(o["salaire"]["libelle"]) for o in offers if "libelle" in o.get("salaire", {}))
    out[("distance", "place kind")] = distribution(shapes.place_kind(o["lieuTravail"]["libelle"]) for o in offers)
    out[("distance", "place kind and keys")] = distribution(
        shapes.place_kind(o["lieuTravail"]["libelle"]) + " " + shapes.place_keys(o["lieuTravail"]) for o in offers)
    out[("distance", "description length")] = distribution(shapes.description_bucket(o["description"]) for o in offers)
    out[("longest", "description")] = max(len(o["description"]) for o in offers)
    return out


def emulated(real, program):
    times = "".join(o["dateCreation"] + "\n" for o in real)
    run = subprocess.run([program, "1"], input=times, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in run.stdout.splitlines()]


def differences(real, emu):
    """(kind, name, real value, emulated value, difference, tolerance) for every figure."""
    rows = []
    for key in sorted(real.keys() | emu.keys()):
        kind, name = key
        if kind == "share":
            r, e = real.get(key, 0.0), emu.get(key, 0.0)
            tolerance = SHARE_TOLERANCE["field"] if name.startswith("field ") else SHARE_TOLERANCE[name]
            size = real.get(("size", name))
            if size:  # a small group (a recent field, one origin) is allowed its sampling noise
                tolerance = max(tolerance, 3 * math.sqrt(r * (1 - r) / size))
            rows.append((kind, name, r, e, abs(r - e), tolerance))
        elif kind == "distance":
            rows.append((kind, name, None, None, distance(real.get(key, {}), emu.get(key, {})),
                         DISTANCE_TOLERANCE[name]))
    return rows


class EmulatorRealismTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(OFFERS, encoding="utf-8") as f:  # fails, never skips, when the data is missing
            cls.real = [json.loads(line) for line in f]
        program = os.environ.get("EMULATOR_SAMPLE")
        if not program:
            raise RuntimeError("EMULATOR_SAMPLE must name the emulator_sample program")
        cls.emu = emulated(cls.real, program)
        since = first_months(cls.real)
        cls.real_figures, cls.emu_figures = figures(cls.real, since), figures(cls.emu, since)

    def test_same_size(self):
        self.assertEqual(len(self.emu), len(self.real))

    def test_figures_within_tolerance(self):
        rows = differences(self.real_figures, self.emu_figures)
        beyond = [r for r in rows if r[4] > r[5]]
        for kind, name, r, e, diff, tolerance in rows:
            if kind == "distance" or not name.startswith("field ") or diff > tolerance:
                shown = "real %.4f emulated %.4f" % (r, e) if r is not None else "distance"
                print("%-55s %-36s %.4f (tolerance %.3f)%s" % (name, shown, diff, tolerance,
                                                               "  BEYOND" if diff > tolerance else ""))
        fields = [r for r in rows if r[1].startswith("field ")]
        print("%d field shares, largest difference %.4f" % (len(fields), max(r[4] for r in fields)))
        self.assertEqual(beyond, [], "figures beyond tolerance:\n" + "\n".join(
            "%s: %.4f > %.3f" % (r[1], r[4], r[5]) for r in beyond))

    def test_no_description_longer_than_the_cut(self):
        self.assertLessEqual(self.real_figures[("longest", "description")], shapes.CUT)
        self.assertLessEqual(self.emu_figures[("longest", "description")], shapes.CUT)


if __name__ == "__main__":
    unittest.main(verbosity=2)
