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

import sys
import time

import bench_common

import spacy
from spacy.matcher import PhraseMatcher


def main(argv):
    aliases_path, corpus_path, max_bytes = bench_common.args(argv, __doc__)
    names = bench_common.names(aliases_path)

    nlp = spacy.blank("en")
    nlp.max_length = 1 << 31
    t0 = time.perf_counter()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    # One key for all: the comparison is about finding the spans.
    matcher.add("NAME", list(nlp.tokenizer.pipe(names, batch_size=1000)))
    build_s = time.perf_counter() - t0

    # Tokenizing is part of matching: spaCy cannot match without it.
    result = bench_common.run(
        corpus_path, max_bytes, lambda text: len(matcher(nlp.make_doc(text)))
    )
    bench_common.report(
        {
            "tool": "spacy",
            "version": spacy.__version__,
            "patterns": len(names),
            "build_s": build_s,
            **result,
        }
    )


if __name__ == "__main__":
    main(sys.argv)
