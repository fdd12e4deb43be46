#!/usr/bin/env python3
"""Writes a deterministic sample of France Travail offers as JSON Lines (the API's offer objects).

The local default of `scripts/run` when no credentials are set, and the input of the end-to-end
tests. Field shapes follow the "Offres d'emploi v2" schema: French text with accents, optional fields
sometimes absent, salary labels in the API's forms, Corsica (2A/2B) and overseas (971-976) places,
and some offers placed only at région or country level.

usage: sample_offers.py COUNT [--seed N] [--version V] [--first-id N] [--creation-share S]
  --version V: V > 0 rewrites every offer as if updated V times (later dateActualisation, new title),
               for tests that replay older and newer versions.
  --creation-share S: that share of the offers (0-1) is in its creation version, dateActualisation
               equal to dateCreation, as a poll finds an offer just published (44% of the real
               offers of ../shared/data/real-offers are); the others are unchanged.
"""
import argparse
import datetime as dt
import json
import random
import sys

PLACES = [  # (département label, commune INSEE, postcode, latitude, longitude)
    ("75 - Paris 15e Arrondissement", "75115", "75015", 48.84, 2.29),
    ("69 - Lyon 3e Arrondissement", "69383", "69003", 45.76, 4.85),
    ("13 - Marseille 1er Arrondissement", "13201", "13001", 43.30, 5.38),
    ("33 - Bordeaux", "33063", "33000", 44.84, -0.58),
    ("59 - Lille", "59350", "59000", 50.63, 3.06),
    ("31 - Toulouse", "31555", "31000", 43.60, 1.44),
    ("44 - Nantes", "44109", "44000", 47.22, -1.55),
    ("67 - Strasbourg", "67482", "67000", 48.57, 7.75),
    ("2A - AJACCIO", "2A004", "20000", 41.92, 8.74),
    ("2B - BASTIA", "2B033", "20200", 42.70, 9.45),
    ("971 - POINTE A PITRE", "97120", "97110", 16.24, -61.53),
    ("972 - FORT DE FRANCE", "97209", "97200", 14.61, -61.07),
    ("973 - CAYENNE", "97302", "97300", 4.94, -52.33),
    ("974 - ST DENIS", "97411", "97400", -20.88, 55.45),
    ("975 - ST PIERRE", "97502", "97500", 46.78, -56.18),
    ("976 - MAMOUDZOU", "97611", "97600", -12.78, 45.23),
    ("01 - Bourg-en-Bresse", "01053", "01000", 46.21, 5.23),
    ("06 - Nice", "06088", "06000", 43.70, 7.27),
]
NO_DEPARTEMENT = ["Île-de-France", "Auvergne-Rhône-Alpes", "France", "Bretagne"]
METIERS = [
    ("M1805", "Études et développement informatique", "Développeur / Développeuse C++"),
    ("D1106", "Vente en alimentation", "Vendeur / Vendeuse en boulangerie-pâtisserie"),
    ("J1506", "Soins infirmiers généralistes", "Infirmier / Infirmière"),
    ("N4101", "Conduite de transport de marchandises sur longue distance", "Conducteur routier / Conductrice routière"),
    ("G1602", "Personnel de cuisine", "Cuisinier / Cuisinière"),
    ("K2204", "Nettoyage de locaux", "Agent / Agente de propreté"),
    ("F1703", "Maçonnerie", "Maçon / Maçonne"),
    ("M1607", "Secrétariat", "Secrétaire médical(e)"),
]
CONTRATS = [("CDI", "Contrat à durée indéterminée"), ("CDD", "Contrat à durée déterminée - 6 Mois"),
            ("MIS", "Mission intérimaire - 3 Mois"), ("SAI", "Contrat travail saisonnier - 2 Mois")]
SALAIRES = ["Mensuel de 1800.00 Euros à 2000.00 Euros sur 12 mois", "Annuel de 35000,00 Euros à 45000,00 Euros sur 13 mois",
            "Horaire de 11.88 Euros sur 12 mois", "Mensuel de 2500.0 Euros sur 12 mois", "Annuel de 40000 Euros",
            "Selon profil", None]
COMPETENCES = ["Respecter les règles d'hygiène", "Accueillir une clientèle", "Programmer en C++",
               "Conduire un poids lourd", "Réaliser des soins d'hygiène", "Utiliser Linux", "Travailler en équipe"]
ENTREPRISES = ["Boulangerie Dupré", "Hôpital Nord-Franche-Comté", "ACME Logiciels", "Transports Léon & Fils", None]


def offer(i, rng, version, creation=False):
    created = dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=rng.randrange(80000))
    updated = created + dt.timedelta(hours=rng.randrange(48)) + dt.timedelta(days=version)
    if creation:
        updated = created
    rome, rome_label, appellation = rng.choice(METIERS)
    contrat, contrat_label = rng.choice(CONTRATS)
    o = {
        "id": f"{100000 + i:07d}{'ABCDEFGHJKLMNPQRSTUVWXYZ'[i % 24]}",
        "intitule": appellation + (" (H/F)" if version == 0 else f" (H/F) - mise à jour {version}"),
        "description": f"Nous recherchons un(e) {appellation.lower()} motivé(e). Poste n°{i}, "
                       "horaires à définir, débutant(e) accepté(e).",
        "dateCreation": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "dateActualisation": updated.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "romeCode": rome, "romeLibelle": rome_label, "appellationlibelle": appellation,
        "typeContrat": contrat, "typeContratLibelle": contrat_label, "natureContrat": "Contrat travail",
        "experienceExige": rng.choice(["D", "S", "E"]), "experienceLibelle": rng.choice(["Débutant accepté", "2 An(s)"]),
        "dureeTravailLibelle": "35H Travail en journée", "dureeTravailLibelleConverti": "Temps plein",
        "alternance": rng.random() < 0.1, "nombrePostes": rng.choice([1, 1, 1, 2, 3]),
        "accessibleTH": rng.random() < 0.3, "qualificationCode": str(rng.choice([6, 7, 9])),
        "qualificationLibelle": "Employé qualifié", "codeNAF": "10.71C", "secteurActivite": "10",
        "secteurActiviteLibelle": "Boulangerie et boulangerie-pâtisserie",
        "origineOffre": {"origine": "1", "urlOrigine": f"https://candidat.francetravail.fr/offres/recherche/detail/{i}"},
        "competences": [{"code": str(100 + k), "libelle": c, "exigence": "S"}
                        for k, c in enumerate(rng.sample(COMPETENCES, rng.randrange(0, 4)))],
    }
    if rng.random() < 0.06:
        o["lieuTravail"] = {"libelle": rng.choice(NO_DEPARTEMENT)}
    else:
        label, commune, cp, lat, lon = rng.choice(PLACES)
        o["lieuTravail"] = {"libelle": label, "latitude": lat, "longitude": lon, "codePostal": cp, "commune": commune}
    salaire = rng.choice(SALAIRES)
    if salaire:
        o["salaire"] = {"libelle": salaire}
    entreprise = rng.choice(ENTREPRISES)
    if entreprise:
        o["entreprise"] = {"nom": entreprise, "entrepriseAdaptee": False}
    return o


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("count", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--version", type=int, default=0)
    ap.add_argument("--first-id", type=int, default=0, help="number of the first offer (ids follow it)")
    ap.add_argument("--creation-share", type=float, default=0.0, help="share of offers in their creation version")
    args = ap.parse_args()
    out = sys.stdout
    for i in range(args.first_id, args.first_id + args.count):
        rng = random.Random(args.seed * 1_000_003 + i)  # one stream per offer: versions keep places
        # A draw of its own, so the share changes no other field and 0 gives the usual offers.
        creation = args.version == 0 and args.creation_share > 0 and \
            random.Random(-(args.seed * 1_000_003 + i)).random() < args.creation_share
        out.write(json.dumps(offer(i, rng, args.version, creation), ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
