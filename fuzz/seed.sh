#!/usr/bin/env bash
# Makes the seed corpora from the repository's sample articles and a few hard
# inputs (the corpora themselves are not committed: fuzzing regrows them).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/normalize_match corpus/jsonl_reader corpus/csv_reader
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
