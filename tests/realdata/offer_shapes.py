"""The format classes of an offer's fields: what the emulator's learned tables and the realism test
count, so that real and emulated offers are compared class by class, never string by string.

Each function maps one value to a short class name made of the project's own vocabulary (number
formats, magnitudes, label kinds); none returns a piece of the real text.
"""
import re

DEPARTEMENT = r"(?:\d\d|2A|2B|97\d)"
REGIONS = {  # région names as the API writes them in a place label (both spellings of Île-de-France)
    "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Corse", "Grand Est",
    "Hauts-de-France", "Ile-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
    "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"}
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
CUT = 5000  # the API stops descriptions at this many characters


def number_class(text):
    """'i' integer, '.0' "21877.0", '.1' "1801.8", '.2' "1801.80", 'c2' "1801,80", 'x' anything else; then
    the magnitude: '0' zero, 'h' below 100 (hourly, months), 'm' below 10,000 (monthly), 'a' above."""
    value = float(text.replace(",", "."))
    if re.fullmatch(r"\d+", text):
        fmt = "i"
    elif re.fullmatch(r"\d+\.0", text):
        fmt = ".0"
    elif re.fullmatch(r"\d+\.\d", text):
        fmt = ".1"
    elif re.fullmatch(r"\d+\.\d\d", text):
        fmt = ".2"
    elif re.fullmatch(r"\d+,\d\d", text):
        fmt = "c2"
    else:
        fmt = "x"
    magnitude = "0" if value == 0 else "h" if value < 100 else "m" if value < 10000 else "a"
    return fmt + magnitude


def salary_template(label):
    """"Mensuel de {.0m} Euros sur {12.0} mois": the words kept, each amount replaced by its class, the
    number of months kept as written (it is a format choice: 12, 12.0, 13.0, 0.0...)."""
    months = re.search(r" sur (\S+) mois$", label)
    head = label[:months.start()] if months else label
    template = NUMBER.sub(lambda m: "{" + number_class(m.group(0)) + "}", head)
    return template + (" sur {%s} mois" % months.group(1) if months else "")


def salary_kind(salary):
    """'absent', 'empty' ({}), 'libelle', or 'comment-only' (a comment or complement and no label)."""
    if salary is None:
        return "absent"
    if salary == {}:
        return "empty"
    return "libelle" if "libelle" in salary else "comment-only"


def salary_keys(salary):
    return "+".join(sorted(salary)) if salary else "-"


def place_kind(label):
    """commune-upper ("75 - PARIS 08"), commune-mixed ("74 - Annecy"), dept ("75 - Paris (Dept.)"),
    bare ("75"), france, region, abroad."""
    m = re.fullmatch(DEPARTEMENT + r" - (.+)", label)
    if m:
        name = m.group(1)
        if name.endswith("(Dept.)"):
            return "dept"
        return "commune-upper" if name == name.upper() else "commune-mixed"
    if re.fullmatch(DEPARTEMENT, label):
        return "bare"
    if label == "France":
        return "france"
    return "region" if label in REGIONS else "abroad"


PLACE_KEYS = ("libelle", "latitude", "longitude", "codePostal", "commune")


def place_keys(place):
    return "+".join(k for k in PLACE_KEYS if k in place)


def id_class(offer_id):
    if re.fullmatch(r"\d{3}[A-Z]{4}", offer_id):
        return "3 digits 4 capitals"
    if re.fullmatch(r"0\d{6}", offer_id):
        return "7 digits, leading zero"
    if re.fullmatch(r"\d{7}", offer_id):
        return "7 digits"
    return "other"


def cut_kind(text):
    """How the API cut a description: "characters" (exactly 5,000), "bytes" (4,990-5,000 bytes of UTF-8
    not ending a sentence: the limit sometimes counted in bytes), or "" (not cut)."""
    if len(text) == CUT:
        return "characters"
    size = len(text.encode("utf-8"))
    if CUT - 10 <= size <= CUT and not text.rstrip().endswith((".", "!", "?", ")", ":")):
        return "bytes"
    return ""


def description_bucket(text):
    """Length in characters by steps of 500; a description cut at 5,000 is a class of its own."""
    if cut_kind(text):
        return "cut at 5000 " + cut_kind(text)
    return "%d-%d" % (len(text) // 500 * 500, len(text) // 500 * 500 + 499)


def has_entity(text):
    return bool(ENTITY.search(text or ""))
