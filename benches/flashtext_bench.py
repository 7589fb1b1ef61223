"""FlashText baseline for benches/compare.sh: how fast does FlashText 2.7 find
the same names as gazet in the same JSONL corpus?

Usage: python3 flashtext_bench.py ALIASES CORPUS.jsonl [--max-bytes N]

ALIASES is one name per line (`gazet gazetteer names`). Every name goes into
one case-insensitive KeywordProcessor; then each line of CORPUS is parsed as
JSON and `extract_keywords(text, span_info=True)` runs over its `text` field.
The build of the keyword trie and the matching loop (JSON parsing included,
as gazet's own time includes reading) are timed separately. With
--max-bytes, only the documents in the first N bytes of CORPUS are read.

Prints one JSON object on stdout: build_s, match_s, docs, text_bytes (UTF-8
bytes of the `text` fields matched), matches, keywords, version.
"""

import json
import sys
import time

import flashtext
from flashtext import KeywordProcessor


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    aliases_path, corpus_path = argv[1], argv[2]
    max_bytes = None
    if len(argv) >= 5 and argv[3] == "--max-bytes":
        max_bytes = int(argv[4])

    with open(aliases_path, encoding="utf-8") as f:
        names = [line.rstrip("\n") for line in f if line.strip()]

    t0 = time.perf_counter()
    kp = KeywordProcessor(case_sensitive=False)
    for name in names:
        kp.add_keyword(name)
    build_s = time.perf_counter() - t0

    docs = text_bytes = matches = read = 0
    t0 = time.perf_counter()
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            read += len(line.encode("utf-8"))
            if max_bytes is not None and read > max_bytes:
                break
            text = json.loads(line).get("text") or ""
            found = kp.extract_keywords(text, span_info=True)
            docs += 1
            text_bytes += len(text.encode("utf-8"))
            matches += len(found)
    match_s = time.perf_counter() - t0

    print(
        json.dumps(
            {
                "tool": "flashtext",
                "version": getattr(flashtext, "__version__", "2.7"),
                "keywords": len(kp),
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
