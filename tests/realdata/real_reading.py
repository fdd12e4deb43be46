"""An independent reading of the real offers, written from the API's documentation and the data's
README, not from jobstream's C++: what each normalized column and each figure should be."""
import html.entities
import re
import unicodedata
from datetime import datetime, timezone

REAL = None  # set by the test: the directory of the real offers

DEPARTEMENTS = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B", "971", "972", "973", "974", "975",
                                                               "976", "977", "978", "986", "987", "988"}
REGION_OF = {}
for region, depts in {"84": "01 03 07 15 26 38 42 43 63 69 73 74", "27": "21 25 39 58 70 71 89 90",
                      "53": "22 29 35 56", "24": "18 28 36 37 41 45", "94": "2A 2B",
                      "44": "08 10 51 52 54 55 57 67 68 88", "32": "02 59 60 62 80",
                      "11": "75 77 78 91 92 93 94 95", "28": "14 27 50 61 76",
                      "75": "16 17 19 23 24 33 40 47 64 79 86 87", "76": "09 11 12 30 31 32 34 46 48 65 66 81 82",
                      "52": "44 49 53 72 85", "93": "04 05 06 13 83 84", "01": "971", "02": "972", "03": "973",
                      "04": "974", "06": "976"}.items():
    for d in depts.split():
        REGION_OF[d] = region
REGION_NAMES = {"auvergne rhone alpes": "84", "bourgogne franche comte": "27", "bretagne": "53",
                "centre val de loire": "24", "corse": "94", "grand est": "44", "hauts de france": "32",
                "ile de france": "11", "normandie": "28", "nouvelle aquitaine": "75", "occitanie": "76",
                "pays de la loire": "52", "provence alpes cote d azur": "93", "guadeloupe": "01",
                "martinique": "02", "guyane": "03", "la reunion": "04", "mayotte": "06"}
ABROAD_WORDS = ["frontalier", "espagne", "luxembourg", "suisse", "monaco", "quebec", "canada", "belgique",
                "allemagne", "italie", "portugal", "andorre", "royaume", "irlande", "pays bas", "etats unis",
                "geneve", "lausanne", "bruxelles", "londres", "montreal"]


def fold(text):
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def decode_entities(text):
    def one(m):
        body = m.group(1)
        if body.startswith("#"):
            hexa = body[1:2] in ("x", "X")
            digits = body[2:] if hexa else body[1:]
            try:
                code = int(digits, 16 if hexa else 10)
            except ValueError:
                return m.group(0)
            if 0x80 <= code <= 0x9F:
                try:
                    return bytes([code]).decode("cp1252")
                except UnicodeDecodeError:
                    return chr(code)
            if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                return m.group(0)
            return chr(code)
        return html.entities.html5.get(body + ";", m.group(0))
    return re.sub(r"&(#[xX][0-9A-Za-z]*|#[0-9]*|[A-Za-z][A-Za-z0-9]*);", one, text)


def description_shown(text):
    cut = len(text) == 5000 or (4990 <= len(text.encode()) <= 5000 and text[-1:] not in (".", "!", "?", ")", ":"))
    return decode_entities(text) + (" [\u2026]" if cut else ""), cut


def plm_commune(label):
    words = fold(label)
    for head, base, count, whole in (("75 paris", 75100, 20, "75056"), ("69 lyon", 69380, 9, "69123"),
                                     ("13 marseille", 13200, 16, "13055")):
        if words == head:
            return whole
        m = re.fullmatch(re.escape(head) + r" (\d{1,2})(?:er|e)?(?: arrondissement)?", words)
        if m and 1 <= int(m.group(1)) <= count:
            return str(base + int(m.group(1)))
    return None


def commune_departement(code):
    code = (code or "").strip()
    if len(code) != 5:
        return None
    d = code[:3] if code[:2] in ("97", "98") else code[:2]
    if d in ("2a", "2b"):
        d = d.upper()
    return d if d in DEPARTEMENTS and (code[2:].isdigit() if d in ("2A", "2B") else code.isdigit()) else None


def place(offer):
    """(departement, region, commune, city, scope) as the README defines them."""
    lieu = offer.get("lieuTravail") or {}
    label, commune = (lieu.get("libelle") or "").strip(), (lieu.get("commune") or "").strip()
    dept = commune_departement(commune)
    code = commune.upper() if dept else None
    if not dept and plm_commune(label):
        code = plm_commune(label)
        dept = commune_departement(code)
    if not dept:
        m = re.fullmatch(r"(\d{2,3}|2[AaBb])(?: - .*)?", label, re.S)
        if m and m.group(1).upper() in DEPARTEMENTS:
            dept = m.group(1).upper()
    if dept:
        city = code
        if code and code.isdigit():
            n = int(code)
            city = "75056" if 75101 <= n <= 75120 else "69123" if 69381 <= n <= 69389 else \
                "13055" if 13201 <= n <= 13216 else code
        return dept, REGION_OF.get(dept), code, city, "commune" if code else "departement"
    words = fold(re.sub(r"\(.*", "", label))
    if words in REGION_NAMES:
        return None, REGION_NAMES[words], None, None, "region"
    padded = f" {fold(label)} "
    if (len(commune) == 5 and commune.startswith("99")) or any(f" {w} " in padded for w in ABROAD_WORDS):
        return None, None, None, None, "abroad"
    if fold(label) == "france":
        return None, None, None, None, "france"
    return None, None, None, None, "unlocated"


def parse_time(text):
    """The API's ISO instants, to a naive UTC datetime at millisecond precision (as Cassandra keeps)."""
    if not text:
        return None
    t = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    return t.replace(tzinfo=None, microsecond=t.microsecond // 1000 * 1000)


API_SALARY = re.compile(r"(Annuel|Mensuel|Horaire) de ([0-9.,]+) Euros(?: à ([0-9.,]+) Euros)?(?: sur ([0-9.,]+) mois)?")


def api_salary_estimate(libelle):
    """The yearly estimate of a salary in the API's own form, when plausible; None otherwise."""
    m = API_SALARY.fullmatch(libelle or "")
    if not m:
        return None
    num = lambda s: float(s.replace(",", "."))  # noqa: E731
    low = num(m.group(2))
    high = num(m.group(3)) if m.group(3) else low
    months = num(m.group(4)) if m.group(4) else 12.0
    months = months or 12.0
    unit = m.group(1)
    factor = 151.67 * months if unit == "Horaire" else months if unit == "Mensuel" else 1.0
    estimate = (low + high) / 2 * factor
    ceiling = 500 if unit == "Horaire" else 30000 if unit == "Mensuel" else 1e6
    if low > 0 and low <= high <= 5 * low and 3000 <= estimate <= 1e6 and high <= ceiling:
        return estimate
    return None


def job_key(offer):
    employer = fold((offer.get("entreprise") or {}).get("nom") or "")
    if not employer:
        return None
    lieu = offer.get("lieuTravail") or {}
    where = (lieu.get("commune") or "").strip() or (lieu.get("libelle") or "").strip()
    return (fold(offer.get("intitule")), employer, fold(where), (offer.get("typeContrat") or "").strip())
