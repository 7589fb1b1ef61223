"""spaCy PhraseMatcher baseline for benches/compare.sh: how fast does spaCy's
PhraseMatcher find the same names as gazet in the same JSONL corpus?

Usage: python3 spacy_bench.py ALIASES CORPUS.jsonl [--max-bytes N]

ALIASES is one name per line (`gazet gazetteer names`). The pipeline is
`spacy.blank("en")`: the tokenizer alone, no model to download. Every name,
tokenized, becomes a pattern of one PhraseMatcher with attr="LOWER" (case
insensitive on whole tokens). Then each line of CORPUS is parsed as JSON, its
`text` field tokenized and matched. The build of the matcher (tokenizing the
names included) and the matching loop (JSON parsing and tokenizing the text
included: spaCy cannot match without them) are timed separately. With
--max-bytes, only the documents in the first N bytes of CORPUS are read:
spaCy runs at a few MB/s, so compare.sh gives it a slice.

Prints one JSON object on stdout: build_s, match_s, docs, text_bytes (UTF-8
bytes of the `text` fields matched), matches, patterns, version.
"""

import json
import sys
import time

import spacy
from spacy.matcher import PhraseMatcher


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    aliases_path, corpus_path = argv[1], argv[2]
    max_bytes = None
    if len(argv) >= 5 and argv[3] == "--max-bytes":
        max_bytes = int(argv[4])

    with open(aliases_path, encoding="utf-8") as f:
        names = [line.rstrip("\n") for line in f if line.strip()]

    nlp = spacy.blank("en")
    nlp.max_length = 1 << 31
    t0 = time.perf_counter()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    # One key for all: the comparison is about finding the spans.
    matcher.add("NAME", list(nlp.tokenizer.pipe(names, batch_size=1000)))
    build_s = time.perf_counter() - t0

    docs = text_bytes = matches = read = 0
    t0 = time.perf_counter()
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            read += len(line.encode("utf-8"))
            if max_bytes is not None and read > max_bytes:
                break
            text = json.loads(line).get("text") or ""
            doc = nlp.make_doc(text)
            found = matcher(doc)
            docs += 1
            text_bytes += len(text.encode("utf-8"))
            matches += len(found)
    match_s = time.perf_counter() - t0

    print(
        json.dumps(
            {
                "tool": "spacy",
                "version": spacy.__version__,
                "patterns": len(names),
                "build_s": build_s,
                "match_s": match_s,
                "docs": docs,
                "text_bytes": text_bytes,
                "matches": matches,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv)
