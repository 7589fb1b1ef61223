#!/usr/bin/env python3
"""scripts/newsdev.py: the real-news development set (gold/news/).

Why: gazet is judged on real news written by others. This set is drawn at
random from the news corpora of ../shared/data/news (Tehran Times and
Reuters-21578; never the seeds) and annotated by ../shared/gold/GUIDELINES.md.
The documents stay in ../shared (they are not ours to copy): the repository
holds their ids and a hash of each text, and the gold mentions.

Commands:

  sample [--shared DIR] [--per-corpus N]
      Picks the documents: in each corpus, among the records whose `text`
      field holds 300 to 3,500 characters (a reader annotates a whole
      document; longer ones would be cut), the N (default 25) whose
      sha256("gazet-news-dev:" + id) is smallest. Deterministic: the same
      corpora give the same documents. Writes gold/news/documents.csv
      (corpus, doc_id, characters, sha256 of the text).

  export [--shared DIR] OUTDIR
      Writes each sampled document's `text` to OUTDIR/DOC_ID.txt, for
      annotators to read (outside the repository).

  place [--shared DIR] [--out DIR] ANNOTATIONS.csv...
      Turns annotations written in reading order (columns doc_id, surface,
      type, entity, canonical; one row per mention, in the order the
      mentions appear in the text) into gold/news/mentions.csv with byte
      offsets: each surface is looked for in the document's text after the
      end of the one before it, as a whole word (no letter or digit joined
      to it on either side). A surface not found is an error naming the row.
      Also writes gold/news/entities.csv (each entity once, with every
      spelling seen). --out DIR writes both files to DIR instead (to check
      a part of the annotations).

Offsets are into the UTF-8 bytes of the `text` field; gazet is run with
`--text-field text` on the same records.
"""

import argparse
import csv
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold" / "news"
CORPORA = {
    "tehran_times": "data/news/tehran_times.jsonl.gz",
    "reuters21578": "data/news/reuters21578.jsonl.gz",
}
MIN_CHARS, MAX_CHARS = 300, 3500
SALT = "gazet-news-dev:"
TYPES = {"person", "militia", "place", "outlet"}


def die(msg):
    print(f"newsdev.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def records(shared, corpus):
    path = shared / CORPORA[corpus]
    if not path.is_file():
        die(f"not found: {path}")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def text_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sample(shared, per_corpus):
    GOLD.mkdir(parents=True, exist_ok=True)
    rows = []
    for corpus in CORPORA:
        eligible = []
        for r in records(shared, corpus):
            text = r.get("text") or ""
            if MIN_CHARS <= len(text) <= MAX_CHARS:
                key = hashlib.sha256((SALT + r["id"]).encode()).hexdigest()
                eligible.append((key, r["id"], len(text), text_hash(text)))
        eligible.sort()
        for _, doc_id, chars, digest in eligible[:per_corpus]:
            rows.append((corpus, doc_id, chars, digest))
    with open(GOLD / "documents.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["corpus", "doc_id", "chars", "sha256"])
        w.writerows(rows)
    print(f"{len(rows)} documents in {GOLD / 'documents.csv'}", file=sys.stderr)


def sampled():
    path = GOLD / "documents.csv"
    if not path.is_file():
        die(f"no {path}: run `newsdev.py sample` first")
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def texts(shared):
    """The `text` of each sampled document, checked against its hash."""
    want = sampled()
    by_corpus = {}
    for row in want:
        by_corpus.setdefault(row["corpus"], set()).add(row["doc_id"])
    found = {}
    for corpus, ids in by_corpus.items():
        for r in records(shared, corpus):
            if r["id"] in ids:
                found[r["id"]] = r["text"]
    for row in want:
        text = found.get(row["doc_id"])
        if text is None:
            die(f"{row['doc_id']} is not in {CORPORA[row['corpus']]}")
        if text_hash(text) != row["sha256"]:
            die(f"the text of {row['doc_id']} changed since it was sampled")
    return found


def export(shared, outdir):
    outdir.mkdir(parents=True, exist_ok=True)
    for doc_id, text in texts(shared).items():
        (outdir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    print(f"documents written to {outdir}", file=sys.stderr)


def is_word(c):
    return c.isalnum()


def find_word(text, surface, start):
    """The first whole-word occurrence of surface in text at or after start."""
    at = text.find(surface, start)
    while at >= 0:
        before = text[at - 1] if at > 0 else " "
        end = at + len(surface)
        after = text[end] if end < len(text) else " "
        joined_before = is_word(before) and is_word(surface[0])
        joined_after = is_word(after) and is_word(surface[-1])
        if not joined_before and not joined_after:
            return at
        at = text.find(surface, at + 1)
    return -1


def place(shared, files, out):
    out.mkdir(parents=True, exist_ok=True)
    docs = texts(shared)
    order = {row["doc_id"]: i for i, row in enumerate(sampled())}
    mentions, errors = [], []
    spellings = {}
    cursor = {}
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                where = f"{path}:{line}"
                doc_id, surface = row["doc_id"], row["surface"]
                if doc_id not in docs:
                    errors.append(f"{where}: {doc_id} is not a sampled document")
                    continue
                if row["type"] not in TYPES:
                    errors.append(f"{where}: type {row['type']!r} is not one of {sorted(TYPES)}")
                    continue
                text = docs[doc_id]
                at = find_word(text, surface, cursor.get(doc_id, 0))
                if at < 0:
                    errors.append(
                        f"{where}: {surface!r} not found in {doc_id} after character "
                        f"{cursor.get(doc_id, 0)} (are the rows in reading order?)"
                    )
                    continue
                cursor[doc_id] = at + len(surface)
                start = len(text[:at].encode("utf-8"))
                end = start + len(surface.encode("utf-8"))
                mentions.append(
                    (doc_id, start, end, surface, row["type"], row["entity"], row["canonical"])
                )
                key = (row["entity"], row["type"], row["canonical"])
                spellings.setdefault(key, [])
                if surface not in spellings[key]:
                    spellings[key].append(surface)
    if errors:
        die("\n".join(errors))
    mentions.sort(key=lambda m: (order[m[0]], m[1]))
    with open(out / "mentions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["doc_id", "start", "end", "surface", "type", "entity", "canonical"])
        w.writerows(mentions)
    with open(out / "entities.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["entity", "type", "canonical", "spellings"])
        for (entity, kind, canonical), seen in sorted(spellings.items()):
            w.writerow([entity, kind, canonical, "|".join(seen)])
    print(f"{len(mentions)} mentions in {out / 'mentions.csv'}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--per-corpus", type=int, default=25)
    e = sub.add_parser("export")
    e.add_argument("outdir", type=Path)
    pl = sub.add_parser("place")
    pl.add_argument("--out", type=Path, default=GOLD)
    pl.add_argument("annotations", type=Path, nargs="+")
    a = p.parse_args()
    if a.command == "sample":
        sample(a.shared, a.per_corpus)
    elif a.command == "export":
        export(a.shared, a.outdir)
    else:
        place(a.shared, a.annotations, a.out)


if __name__ == "__main__":
    main()
