"""What the Python baselines of benches/compare.sh share: their command line,
the alias list, and the timed loop over the corpus, so that FlashText and
spaCy are measured on exactly the same documents and bytes.

Usage of a driver: python3 DRIVER.py ALIASES CORPUS.jsonl [--max-bytes N]
"""

import json
import sys
import time


def args(argv, doc):
    """(aliases path, corpus path, max bytes or None); exits with `doc` on a
    wrong command line."""
    if len(argv) < 3:
        sys.exit(doc)
    max_bytes = None
    if len(argv) >= 5 and argv[3] == "--max-bytes":
        max_bytes = int(argv[4])
    return argv[1], argv[2], max_bytes


def names(path):
    """The aliases, one a line, blank lines left out."""
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def run(corpus_path, max_bytes, match):
    """Parses each JSONL line of the corpus (only those in its first
    `max_bytes` bytes, if set) and calls `match(text)` on its `text` field,
    which returns the number of matches. JSON parsing is timed with the
    matching, as gazet's own time includes reading. Returns a dict of
    match_s, docs, text_bytes (UTF-8 bytes of the texts) and matches."""
    docs = text_bytes = matches = read = 0
    t0 = time.perf_counter()
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            read += len(line.encode("utf-8"))
            if max_bytes is not None and read > max_bytes:
                break
            text = json.loads(line).get("text") or ""
            matches += match(text)
            docs += 1
            text_bytes += len(text.encode("utf-8"))
    return {
        "match_s": time.perf_counter() - t0,
        "docs": docs,
        "text_bytes": text_bytes,
        "matches": matches,
    }


def report(fields):
    """Prints the result as one JSON object."""
    print(json.dumps(fields))
