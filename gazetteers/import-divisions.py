#!/usr/bin/env python3
"""gazetteers/import-divisions.py: the first-level divisions of every country.

Writes gazetteers/places-divisions.csv (states, provinces, regions, Länder...)
from ISO 3166-2 as Debian's `iso-codes` package ships it
(`apt-get install iso-codes`: /usr/share/iso-codes/json/iso_3166-2.json and
its English translation /usr/share/locale/en/LC_MESSAGES/iso_3166-2.mo;
licence LGPL-2.1-or-later), with the hand decisions of
gazetteers/lists/divisions-review.csv. Python 3, standard library only.
gazetteers/import-geonames.sh runs it first; to run it alone:

    python3 gazetteers/import-divisions.py [--iso-json PATH] [--geonames PATH] [--out PATH]

What it keeps, and how each division is named (gazetteers/README.md, "The
divisions file", says why):

1. Only first-level subdivisions: the entries without a `parent`.
2. Not the units of the countries in SKIP_COUNTRIES (municipalities, parishes,
   districts and quarters named like towns; Iran, Iraq, Syria and Lebanon,
   whose provinces and governorates the curated places.csv holds), and not the
   units whose ISO type is a city (CITY_TYPES): the city is the curated or
   GeoNames place of its name. A `name` verdict of the review file keeps one.
3. The name is the ISO name, or the English name that iso-codes' English
   translation gives (`Bayern` -> `Bavaria`), or the names of the review
   file's `name` verdict, which wins (English press names: `Lower Saxony`,
   `Donetsk Oblast`, `Chechnya`). A part in parentheses is dropped (`Sofia
   (stolitsa)`), a part in square brackets is an alias (`Catalunya
   [Cataluña]`), and of an inverted form the head is kept (`Madrid, Comunidad
   de` -> `Madrid`).
4. Names not in the Latin script are dropped. A name made only of compass
   and generic words (`Centre`, `North East`, `Western`) is no name: the
   division is dropped unless the review file names it.
5. A division with a name of a place of the same country in places.csv or
   places-geonames-region.csv is that place (a city and the province of its
   name are one entity): it is left out. So is a division named as a GeoNames
   city of the same country of BIG_CITY people or more (Tokyo, Lagos): the
   city in places-geonames-world.csv stands for both. Any other name that an
   entity of the curated or region files has is dropped from the division,
   and a division left without a name is dropped.
6. A one-word name that is a common English word (lists/english-words.txt)
   is written `=Name`, matched only where capitalized; so is a longer name
   that starts with a compass word (POSITION: `=North Gaza`, not `north
   Gaza`) or ends with a descriptor (DESCRIPTOR: `=Donetsk Oblast`, not
   `Donetsk oblast`). A name of one or two letters is dropped. A name still at
   risk (a given name, a name shared with another division) must have a
   `keep` verdict in the review file, which lists it under `reviewed`;
   otherwise the script stops and names it.
7. The id is the slug of the canonical name; if the curated or region files,
   or a division before it in code order, have it, the slug of the ISO code is
   appended (`punjab-pk-pb`). The GeoNames import runs after this script and
   picks its ids around these.

The review file (`code,verdict,names,note`) holds one decision a line:
`name` (the names, canonical first, `|`-separated), `keep` (names at risk a
person accepted), `drop` (the note says why), `country` (the country code to
write, empty for a disputed place).

The script prints what it left out and why to standard error (`--verbose`
also lists the skipped countries and types).

With `--strip-alternates GEONAMES OUT_GZ` it does something else: it copies a
GeoNames dump without the alternate names that are the name of a division of
the same country (see strip_alternates); import-geonames.sh imports that copy.
"""

import argparse
import csv
import gettext
import gzip
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ISO_JSON = Path("/usr/share/iso-codes/json/iso_3166-2.json")
ISO_MO = Path("/usr/share/locale/en/LC_MESSAGES/iso_3166-2.mo")
OUT = HERE / "places-divisions.csv"
REVIEW = HERE / "lists" / "divisions-review.csv"
# Files whose places a division may already be, and whose names and ids it
# must not take.
KNOWN = ["places.csv", "places-geonames-region.csv"]
OTHERS = ["militias.csv", "outlets.csv", "people.csv"]
GEONAMES = HERE.parent.parent / "shared" / "data" / "geonames" / "cities15000.txt.gz"
# A city of this many people or more keeps its name: a division named after
# it (Tokyo, Buenos Aires, Lagos, Izmir) is left out, and the city's entity
# in places-geonames-world.csv stands for both. A smaller city named as its
# division (Quebec City, Bremen) is the division's entity instead: the
# GeoNames import finds the name taken.
BIG_CITY = 1_000_000
COLUMNS = ["id", "type", "canonical", "aliases", "wikidata", "country", "iso_3166_2", "reviewed"]

SKIP_COUNTRIES = {
    # places.csv lists every province and governorate of these four.
    "IR": "provinces in places.csv",
    "IQ": "governorates in places.csv",
    "SY": "governorates in places.csv",
    "LB": "governorates in places.csv",
    # First-level units that are municipalities, parishes, local councils,
    # quarters, districts or atolls of small states: towns and villages,
    # often named like people, saints or English words.
    "AD": "parishes", "AG": "parishes", "AZ": "rayons and municipalities",
    "BB": "parishes", "BS": "districts", "CV": "island groups", "DM": "parishes",
    "GD": "parishes", "JM": "parishes", "LC": "districts", "LI": "communes",
    "LT": "municipalities", "LV": "municipalities", "MC": "quarters",
    "ME": "municipalities", "MH": "island chains", "MK": "municipalities",
    "MT": "local councils", "MU": "districts", "MV": "atolls", "NR": "districts",
    "PW": "states (villages)", "SC": "districts", "SG": "community districts",
    "SI": "municipalities", "SM": "municipalities", "TV": "island councils",
    "VC": "parishes", "WF": "precincts", "WS": "districts",
    # Districts named like their chief town, or by compass words; the towns
    # are GeoNames cities. The review file names the few that are kept.
    "CY": "districts", "IL": "districts", "IS": "regions", "LU": "cantons",
    "MD": "districts", "RS": "districts", "ST": "districts",
}

# ISO types of units that are a city, town or municipality.
CITY_TYPES = {
    "City", "Capital city", "Autonomous city", "Special city", "Metropolitan city",
    "Special self-governing city", "City with county rights", "City municipality",
    "Republican city", "Municipality", "Capital territory", "Federal capital territory",
    "Capital district", "Capital", "Administration", "Urban community",
    "Autonomous sector", "Autonomous municipality", "Metropolitan administration",
    "Special administrative city", "Borough", "Town", "Ward", "Commune", "Quarter",
    "Local council", "Parish", "Rayon", "District municipality", "Town council",
    "Special administrative region", "Federal district", "Special municipality",
}
# Exceptions: units of those types that are not one city.
NOT_CITY = {"BQ-BO", "BQ-SE", "CU-99"}

# Words that say where, not what: a name made only of these is no name.
GENERIC = set("""
north south east west northern southern eastern western central centre center
middle upper lower far greater inner outer nord sud est ouest centro norte sul
sur leste oeste este noroeste nordeste sudeste suroeste centre-est centre-nord
centre-ouest centre-sud nord-est nord-ouest sud-est sud-ouest north-east
north-west south-east south-west north-western south-western north-eastern
south-eastern north-central capital region province district state territory
islands island isles coast coastal river rivers lakes lake lacs plateau plateaux
highlands lowlands midlands interior littoral maritime savanes savannah
savannes cascades montagnes mountains valley estuaire atlantique atlantic
pacific the of and de del la le les region regional national metropolitan
mid centrale area
""".split())

# A name that starts with one of these (`North Gaza`, `Western Australia`,
# `Southern Red Sea`) is written `=`: in running text the word is often a
# lowercase description (`north Gaza`, `southern Red Sea`), which is not
# the division. The US states keep theirs (`North Carolina`).
POSITION = set("""
north south east west northern southern eastern western central upper lower
middle greater inner far mid
""".split())

# A name that ends with one of these (`Kachin State`, `Donetsk Oblast`,
# `Stockholm County`) is written `=`: in text the word is often lowercase
# (`Rakhine state`), and then it is not part of the name.
DESCRIPTOR = set("""
state province region oblast krai county district governorate prefecture
division voivodeship okrug department territory municipality
""".split())

APOS = "'’‘ʼʻʿʾ´`"
# Letters that do not decompose to ASCII (`Ağrı`, `Trøndelag`, `Łódź`).
ASCII = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l",
                       "ð": "d", "þ": "th", "ħ": "h", "ŀ": "l"})


def key(s):
    """gazet's normalized key (normalize::key): NFKC, case folding, no
    diacritics, no apostrophes, one space for runs of spaces and dashes."""
    s = unicodedata.normalize("NFKD", s).casefold().translate(ASCII)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c) and c not in APOS)
    s = re.sub(r"[\s\-\u2010-\u2015]+", " ", s)
    return s.strip()


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", key(s)).strip("-")


def is_latin(s):
    for c in s:
        if c in APOS or unicodedata.category(c) == "Lm":
            continue
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def read_words(path):
    with open(path, encoding="utf-8") as f:
        return {line.split("\t")[0].strip() for line in f if line.strip()}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def entity_names(row):
    names = [row["canonical"]] + (row["aliases"].split("|") if row["aliases"] else [])
    return [n.strip().lstrip("=").strip() for n in names if n.strip()]


def read_review(path):
    """code -> the review's verdicts: name (the names, canonical first,
    `|`-separated), keep (names at risk that a person accepted), drop, and
    country (the country code to write, or none)."""
    review = {}
    for i, r in enumerate(read_csv(path), start=2):
        code, verdict = r["code"].strip(), r["verdict"].strip()
        if verdict not in ("name", "keep", "drop", "country"):
            sys.exit(f"{path}:{i}: verdict '{verdict}' must be name, keep, drop or country")
        names = [n.strip() for n in r["names"].split("|") if n.strip()]
        entry = review.setdefault(code, {"name": None, "keep": set(), "drop": None,
                                         "country": None})
        if verdict == "name":
            entry["name"] = names
        elif verdict == "keep":
            entry["keep"].update(names)
        elif verdict == "country":
            entry["country"] = names[0] if names else ""
        else:
            entry["drop"] = r["note"].strip() or "dropped"
    return review


def parse_iso_name(raw):
    """ISO name -> (name, aliases)."""
    aliases = []
    name = raw.replace("*", "").replace("†", "").strip()
    for alt in re.findall(r"\[([^\]]*)\]", name):
        alt = alt.strip()
        if alt and not re.search(r"[A-Z]{2}-[A-Z0-9]+|^city$", alt):
            aliases.append(alt)
    name = re.sub(r"\s*\[[^\]]*\]", "", name)
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if "," in name:
        name = name.split(",")[0].strip()
    parts = [p.strip() for p in name.split(" / ")]
    return parts[0], parts[1:] + aliases


def generic(name):
    return all(w in GENERIC for w in key(name).split())


def strip_alternates(divisions_csv, src, dst):
    """Copies a GeoNames dump, leaving out of each city's alternate names the
    names of a division of the same country (or of a division without a
    country) that are not the city's own name. gazet's importer takes a city
    one of whose names an excluded gazetteer has for the same country as
    already known: without this, Montreal (an alternate name `Quebec`) and
    Navi Mumbai (`Maharashtra`) would be dropped as the divisions they are
    in. A city named as its division (Quebec City, `Québec`) still is."""
    names = defaultdict(set)
    for r in read_csv(divisions_csv):
        for n in entity_names(r):
            names[r["country"]].add(key(n))
    opener = gzip.open if str(src).endswith(".gz") else open
    stripped = 0
    with opener(src, "rt", encoding="utf-8") as f, \
            gzip.open(dst, "wt", encoding="utf-8", compresslevel=1) as out:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 8 and cols[3]:
                own = {key(cols[1]), key(cols[2])}
                theirs = names.get(cols[8], set()) | names.get("", set())
                alts = cols[3].split(",")
                keep = [n for n in alts if key(n) in own or key(n) not in theirs]
                stripped += len(alts) - len(keep)
                cols[3] = ",".join(keep)
            out.write("\t".join(cols) + "\n")
    print(f"import-divisions.py: {stripped} alternate names that are a division's "
          f"left out of {dst}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso-json", type=Path, default=ISO_JSON)
    ap.add_argument("--iso-mo", type=Path, default=ISO_MO,
                    help="iso-codes' English translation (skipped if missing)")
    ap.add_argument("--review", type=Path, default=REVIEW)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--geonames", type=Path, default=GEONAMES,
                    help="GeoNames cities15000 (for the cities of BIG_CITY people or more)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--strip-alternates", nargs=2, type=Path, metavar=("GEONAMES", "OUT_GZ"),
                    help="instead: copy a GeoNames dump without the alternate names "
                         "that are the names of a division of --out (see strip_alternates)")
    a = ap.parse_args()
    if a.strip_alternates:
        strip_alternates(a.out, *a.strip_alternates)
        return

    english = read_words(HERE / "lists" / "english-words.txt")
    given = read_words(HERE / "lists" / "given-names.tsv")
    review = read_review(a.review)
    english_name = gettext.NullTranslations().gettext
    if a.iso_mo.exists():
        with open(a.iso_mo, "rb") as f:
            english_name = gettext.GNUTranslations(f).gettext
    with open(a.iso_json, encoding="utf-8") as f:
        divisions = json.load(f)["3166-2"]
    big_city = {}  # (country, key) -> city name, for cities of BIG_CITY or more
    if not a.geonames.exists():
        sys.exit(f"import-divisions.py: {a.geonames} not found (GeoNames cities15000; --geonames)")
    with gzip.open(a.geonames, "rt", encoding="utf-8") as f:
        for line in f:
            c = line.split("\t")
            if len(c) > 14 and c[14].strip() and int(c[14]) >= BIG_CITY:
                for n in (c[1], c[2]):
                    big_city[(c[8], key(n))] = c[1]

    # Names and ids of the files a division must not collide with. The world
    # file is made after this one (import-geonames.sh), and not read.
    taken_ids = set()
    place_by_name = {}          # (country, key) -> id, places of KNOWN files
    owner = defaultdict(set)    # key -> ids of every entity with that name
    for f in KNOWN + OTHERS:
        for r in read_csv(HERE / f):
            taken_ids.add(r["id"])
            for n in entity_names(r):
                k = key(n)
                owner[k].add(r["id"])
                if r["type"] == "place":
                    place_by_name.setdefault((r["country"], k), r["id"])

    out, log = [], []
    used_review = set()
    for d in sorted(divisions, key=lambda d: d["code"]):
        if "parent" in d:
            continue
        code, cc, typ = d["code"], d["code"][:2], d["type"]
        rv = review.get(code)
        if rv:
            used_review.add(code)
        if rv and rv["drop"]:
            log.append((code, d["name"], "drop", rv["drop"]))
            continue
        named = bool(rv and rv["name"])
        if cc in SKIP_COUNTRIES and not named:
            log.append((code, d["name"], "skip", SKIP_COUNTRIES[cc]))
            continue
        if typ in CITY_TYPES and code not in NOT_CITY and not named:
            log.append((code, d["name"], "skip", f"a city ({typ})"))
            continue
        if named:
            names = list(rv["name"])
        else:
            iso = english_name(d["name"])
            name, alts = parse_iso_name(iso)
            if iso != d["name"]:
                alts.append(parse_iso_name(d["name"])[0])
            names = [name] + alts
        names = [n for n in names if is_latin(n.lstrip("="))]
        canonical = names[0].lstrip("=") if names else ""
        if not canonical or (generic(canonical) and not named):
            log.append((code, d["name"], "drop", "no name but compass or generic words"))
            continue
        # Already a place of the same country?
        same = next((place_by_name[(cc, key(n.lstrip("=")))] for n in names
                     if (cc, key(n.lstrip("="))) in place_by_name), None)
        if same:
            log.append((code, d["name"], "same", same))
            continue
        city = next((big_city[(cc, key(n.lstrip("=")))] for n in names
                     if (cc, key(n.lstrip("="))) in big_city), None)
        if city:
            log.append((code, d["name"], "city", f"{city} (GeoNames, {BIG_CITY:,} people or more)"))
            continue
        cased = {key(n[1:]) for n in names if n.startswith("=")}
        names = ["=" + n if not n.startswith("=") and key(n) in cased else n for n in names]
        kept, seen = [], set()
        for n in names:
            bare = n.lstrip("=")
            k = key(bare)
            letters = sum(c.isalnum() for c in k)
            if k in seen or letters <= 2:
                continue
            if owner.get(k):
                log.append((code, bare, "name dropped", "also " + ", ".join(sorted(owner[k]))))
                continue
            seen.add(k)
            if " " not in k and k in english and not n.startswith("="):
                n = "=" + bare
            if (" " in k and not n.startswith("=")
                    and ((k.split()[0] in POSITION and cc != "US")
                         or k.split()[-1] in DESCRIPTOR)):
                n = "=" + bare
            kept.append(n)
        if not kept:
            log.append((code, d["name"], "drop", "every name is another entity's"))
            continue
        country = cc if not (rv and rv["country"] is not None) else rv["country"]
        out.append({"code": code, "country": country, "type": typ, "names": kept,
                    "keep": rv["keep"] if rv else set()})

    # Names shared between divisions, and names at risk.
    by_key = defaultdict(list)
    for x in out:
        for n in x["names"]:
            by_key[key(n.lstrip("="))].append(x["code"])
    problems = []
    for x in out:
        x["reviewed"] = []
        for n in x["names"]:
            bare = n.lstrip("=")
            k = key(bare)
            risks = []
            if len(set(by_key[k])) > 1:
                risks.append("shared with " + ", ".join(c for c in by_key[k] if c != x["code"]))
            if " " not in k and k in given:
                risks.append("a given name")
            if not risks:
                continue
            if k in {key(n) for n in x["keep"]}:
                x["reviewed"].append(bare)
            else:
                problems.append(f"{x['code']} '{bare}': " + "; ".join(risks))

    # Ids.
    rows = []
    for x in out:
        canonical = x["names"][0].lstrip("=")
        sid = slug(canonical)
        if sid in taken_ids:
            sid = f"{sid}-{slug(x['code'])}"
        if sid in taken_ids:
            problems.append(f"{x['code']}: id {sid} taken")
        taken_ids.add(sid)
        aliases = x["names"][1:]
        if x["names"][0].startswith("="):
            aliases = [x["names"][0]] + aliases
        rows.append([sid, "place", canonical, "|".join(aliases), "", x["country"],
                     x["code"], "|".join(x["reviewed"])])

    stale = sorted(set(review) - used_review)
    for code in stale:
        problems.append(f"{a.review}: {code} is not a first-level division")
    for code, name, what, why in log:
        if a.verbose or what not in ("skip",):
            print(f"{code}\t{name}\t{what}\t{why}", file=sys.stderr)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(f"import-divisions.py: {len(problems)} name(s) to review in {a.review}")
    rows.sort(key=lambda r: (r[5], r[6]))
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    names = sum(len({key(n.lstrip("=")) for n in [r[2]] + r[3].split("|") if n}) for r in rows)
    print(f"import-divisions.py: {len(rows)} divisions, {names} names written to {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
