#!/usr/bin/env python3
"""gazetteers/import-cited-outlets.py: the outlets that news actually cites.

Writes gazetteers/outlets-cited.csv: the outlets of
../shared/data/entities/outlets_facts.csv (the Media Bias/Fact Check source
list; see gazetteers/README.md for its provenance and licence) that the news
corpora of ../shared/data/news cite as news media, and that the curated
outlets.csv lacks. Python 3, standard library only; it runs a built gazet:

    cargo build --release
    python3 gazetteers/import-cited-outlets.py [--gazet target/release/gazet]
        [--shared ../shared] [--out gazetteers/outlets-cited.csv]

Why this way: the source list holds 8,764 names, most of them small US
sites, and many are not news outlets at all (think tanks, agencies of the
UN, encyclopedias) or are common phrases (`The Nation`, `Insider`). Loading
them all would find far more phrases than outlets. So an outlet is taken
only where the news cites it as one:

1. Every name of the list whose key (lowercase letters and digits) no name
   of outlets.csv has is matched over the corpora by gazet itself, with
   only those names as its gazetteer (no variants, no unlisted names).
2. A match is a citation when the words around it say a medium or its
   reporting: `told X`, `according to X`, `an interview with X`, `X
   reported`, `X newspaper`, `X's correspondent`, ... (MEDIA_BEFORE,
   MEDIA_AFTER).
3. A name is kept with two citations or more, where they are at least half
   its matches, or a fifth for a name with a word of the press in it
   (`Times`, `Herald`, `News`: MEDIA_WORD). Names with a word of an
   organization (`Institute`, `Council`, `Organization`, ...) are no
   outlets, and EXCLUDED lists the names a person reviewed and turned down,
   with the reason.
4. A leading `The` goes into an `=The ...` alias (gazetteers/README.md,
   rule 3), unless the rest is common words (`The Verge` keeps it), and a
   name whose words are all common English words is matched as written
   only (an `=` alias of the canonical: `=Financial Post`).

The output is sorted by id and is the same for the same inputs.
"""

import argparse
import csv
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))

MEDIA_AFTER = re.compile(
    r"^(?:'s|’s)?,?\s*(?:reported|quoted|wrote|writes|carried|published|newspaper|daily|"
    r"weekly|news agency|magazine|website|television|TV|radio|broadcaster|channel|"
    r"columnist|correspondent|editor|reporter|journalist|reports? that)\b"
)
MEDIA_BEFORE = re.compile(
    r"(?:told|reported by|quoted by|interview with|published by|published in|wrote in|"
    r"writing in|appeared in|report in|article in|editorial in|op-ed in|column in|"
    r"broadcast by|aired by|reported in|according to)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
ORGANIZATION = re.compile(
    r"\b(?:Organi[sz]ation|Institute|Institution|Council|Watch|Association|Cent(?:er|re)|"
    r"Foundation|Fund|Forum|Endowment|Committee|Commission(?:er)?|University|Clinic|"
    r"Academy|Program|Poll|Research|Society|Union|Party|Group|Federation|Coalition|"
    r"Project|Initiative|League|Encyclopedia|Wikipedia|Wikileaks|Statista|Observatory|"
    r"Ministry|Department|Bank|Amnesty|NASA|Energy Agency|Pediatrics)\b"
)
MEDIA_WORD = re.compile(
    r"\b(?:News|Times|Post|Herald|Daily|Journal|Tribune|Gazette|Star|Telegraph|Chronicle|"
    r"Observer|Press|TV|Radio|Zeitung|Express|Mail|Magazine|Monitor|Review|Standard|"
    r"Courier|Globe|Examiner|Inquirer|Reporter|Dispatch|Sentinel|Record|Register|"
    r"Bulletin|Mirror|Echo|Insider|Presse|Point|Pais)\b"
)
# Reviewed and turned down: (id, why).
EXCLUDED = {
    "the-guardian": "`The Guardian Council` (Iran) at a sentence's start is as frequent",
    "insider": "a common word",
    "vox": "also the Spanish party VOX",
    "anti-war": "a common adjective (`anti-war protests`)",
    "iraqi-news": "`Iraqi news website Iraqi24`: a phrase of the press, in any case",
}


def key(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]+", "", ascii_name.lower())


def slug(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def main():
    root = os.path.dirname(HERE)
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--gazet", default=os.path.join(root, "target/release/gazet"))
    p.add_argument("--shared", default=os.path.join(root, "../shared"))
    p.add_argument("--out", default=os.path.join(HERE, "outlets-cited.csv"))
    args = p.parse_args()

    facts_path = os.path.join(args.shared, "data/entities/outlets_facts.csv")
    corpora = [
        os.path.join(args.shared, "data/news", f)
        for f in ("reuters21578.jsonl.gz", "tehran_times.jsonl.gz")
    ]
    english = set()
    with open(os.path.join(HERE, "lists/english-words.txt"), encoding="utf-8") as f:
        english = {line.strip() for line in f if line.strip()}
    have = set()
    with open(os.path.join(HERE, "outlets.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            for n in [r["canonical"]] + r["aliases"].split("|"):
                if n:
                    have.add(key(n.lstrip("=")))
                    have.add(key(re.sub(r"^(?:=)?The ", "", n)))

    candidates = {}
    with open(facts_path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            name = r["canonical"].strip()
            k = key(name)
            i = slug(name)
            if len(k) < 3 or k in have or key(re.sub(r"^The ", "", name)) in have:
                continue
            if not i or i in candidates:
                continue
            candidates[i] = r

    with tempfile.TemporaryDirectory() as tmp:
        gaz = os.path.join(tmp, "candidates.csv")
        with open(gaz, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "type", "canonical", "aliases"])
            for i in sorted(candidates):
                w.writerow([i, "outlet", candidates[i]["canonical"].strip(), ""])
        out = os.path.join(tmp, "out")
        cmd = [args.gazet, "extract", *corpora, "-g", gaz, "--no-unlisted", "--no-variants",
               "-o", out]
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        texts = {}
        for path in corpora:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    d = json.loads(line)
                    texts[d["id"]] = d["text"]
        counts = defaultdict(lambda: [0, 0])
        with open(os.path.join(out, "mentions.csv"), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                t = texts[r["doc_id"]]
                s, e = int(r["char_start"]), int(r["char_end"])
                c = counts[r["entity_id"]]
                c[0] += 1
                if MEDIA_AFTER.search(t[e:e + 30]) or MEDIA_BEFORE.search(t[max(0, s - 40):s]):
                    c[1] += 1

    rows = []
    for i, (n, cited) in counts.items():
        name = candidates[i]["canonical"].strip()
        if i in EXCLUDED or ORGANIZATION.search(name) or cited < 2:
            continue
        share = cited / n
        if not (share >= 0.5 or (MEDIA_WORD.search(name) and share >= 0.2)):
            continue
        aliases = []
        canonical = name
        common = all(w.lower() in english for w in re.findall(r"[A-Za-z]+", name[4:]))
        if name.startswith("The ") and not common:
            canonical = name[4:]
            aliases.append("=" + name)
        if all(w.lower() in english for w in re.findall(r"[A-Za-z]+", canonical)):
            # `The Verge` keeps its `The`: `verge` alone is a word.
            aliases.append("=" + canonical)
        country = candidates[i]["country"].strip().upper()
        rows.append([slug(canonical), "outlet", canonical, "|".join(aliases), "", country, "",
                     cited, n])
    rows.sort()
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "type", "canonical", "aliases", "wikidata", "country", "reviewed",
                    "citations", "matches"])
        w.writerows(rows)
    print(f"{args.out}: {len(rows)} outlets of {len(candidates)} candidates", file=sys.stderr)


if __name__ == "__main__":
    main()
