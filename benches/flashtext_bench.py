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

import sys
import time

import bench_common

import flashtext
from flashtext import KeywordProcessor


def main(argv):
    aliases_path, corpus_path, max_bytes = bench_common.args(argv, __doc__)
    names = bench_common.names(aliases_path)

    t0 = time.perf_counter()
    kp = KeywordProcessor(case_sensitive=False)
    for name in names:
        kp.add_keyword(name)
    build_s = time.perf_counter() - t0

    result = bench_common.run(
        corpus_path, max_bytes, lambda text: len(kp.extract_keywords(text, span_info=True))
    )
    bench_common.report(
        {
            "tool": "flashtext",
            "version": getattr(flashtext, "__version__", "2.7"),
            "keywords": len(kp),
            "build_s": build_s,
            **result,
        }
    )


if __name__ == "__main__":
    main(sys.argv)
