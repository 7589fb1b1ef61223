#!/usr/bin/env bash
# Makes the seed corpora from the repository's sample articles and a few hard
# inputs (the corpora themselves are not committed: fuzzing regrows them);
# the Parquet files with examples/parquet_seeds.rs, and the checkpoints with
# the command line (GAZET, default ../target/release/gazet: build it with
# `cargo build --release -p gazet-cli` at the root).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/normalize_match corpus/jsonl_reader corpus/csv_reader \
    corpus/parquet_reader corpus/checkpoint_reader
python3 - <<'PY'
import json, pathlib
lines = pathlib.Path("../examples/sample/news.jsonl").read_text().splitlines()
nm, jr = pathlib.Path("corpus/normalize_match"), pathlib.Path("corpus/jsonl_reader")
cr = pathlib.Path("corpus/csv_reader")
for i, l in enumerate(lines):
    d = json.loads(l)
    (nm / f"sample{i}").write_text(d["title"] + "\n" + d["text"][:2000])
    (jr / f"sample{i}").write_text(l + "\n")
    cell = lambda s: '"' + s.replace('"', '""') + '"'
    (cr / f"sample{i}").write_text(
        "id,title,text,date\r\n" + ",".join([d["id"], cell(d["title"]), cell(d["text"][:1000]), "2024"]) + "\r\n"
    )
hard = {
    "rtl": "إيران والعراق وكتائب حزب الله ‏Iran‎ ایران",
    "marks": "Qa\u0301\u0301\u0301ani Ḥizb Allāh" + "\u0651" * 50,
    "names": "Kata’ib Hezbollah’s al-Shalamcheh U.S. PMF Khameneis Straße İstanbul José",
    "controls": "Iran\u0000Iraq\r\nBaghdad\u0007\u200bTehran\ufeff",
    "nowords": "!?.,;: — … «» ()" * 20,
}
for k, v in hard.items():
    (nm / k).write_text(v)
(jr / "odd").write_bytes(
    b'\xef\xbb\xbf{"id":"a","text":"Iran\tIraq"}\r\n\n{"id":1e3,"title":null,"text":"x\\ud800"}\n'
    b'not json\n[1]\n{"id":"b","text":3}\n{"id":"c","text":"Bagh\xffdad","text":"y"}\n{"text":"cut'
)
(cr / "odd").write_bytes(
    b'\xef\xbb\xbfid,text,date\r\na,"Iran,\r\n""Iraq""",1\r\n\r\n,x,\nc,too,many,cells\n'
    b'd,Bagh\xffdad,\re,lone cr,\n\n\nf,"cut'
)
PY

# Parquet files in the types, codecs and layouts writers use.
cargo run --quiet --example parquet_seeds -- corpus/parquet_reader

# The checkpoints a run of the command line writes after each of the six
# documents of checkpoint_input.jsonl (a batch of one document, a checkpoint
# after each, a pause after each so that every one can be copied), on the
# file the checkpoint_reader target resumes: same path, same modification
# time, same options.
GAZET=${GAZET:-../target/release/gazet}
if [ -d /dev/shm ]; then base=/dev/shm; else base=${TMPDIR:-/tmp}; fi
dir=$base/gazet-fuzz-checkpoint
rm -rf "$dir" && mkdir -p "$dir/in"
cp checkpoint_input.jsonl "$dir/in/news.jsonl"
touch -d @1700000000 "$dir/in/news.jsonl"
"$GAZET" extract "$dir/in/news.jsonl" -o "$dir/seed-out" --text-field title \
    --text-field text --keep-field date -j 1 --batch-docs 1 --checkpoint-secs 0 \
    --batch-pause-ms 300 >/dev/null 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
    if cp "$dir/seed-out/.gazet-checkpoint.json" "$dir/copy" 2>/dev/null; then
        n=$(python3 -c 'import json,sys; c = json.load(open(sys.argv[1])); print(c["counts"]["documents"], "-finished" * c["finished"], sep="")' "$dir/copy" 2>/dev/null) &&
            cp "$dir/copy" "corpus/checkpoint_reader/after-$n"
    fi
    sleep 0.05
done
wait "$pid" || true
# A run killed while renaming its finished tables leaves a checkpoint that
# says so (finished, without the aggregates, already written): made from the
# last one when the run was too quick to copy it.
python3 - <<'PY'
import json, pathlib
d = pathlib.Path("corpus/checkpoint_reader")
if not (d / "after-6-finished").exists():
    c = json.loads((d / "after-6").read_text())
    c["finished"], c["aggregates"] = True, None
    (d / "after-6-finished").write_text(json.dumps(c, separators=(",", ":"), ensure_ascii=False))
PY
rm -rf "$dir"
ls corpus/checkpoint_reader
