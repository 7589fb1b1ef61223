"""The Python package's `extract_table` against the command line, on the same
texts, in alternating runs.

Why: a notebook user pays for the package's conversions (Python strings in,
a pyarrow table out) on top of the matching; issue 15 asks that
`extract_table` take at most 1.3 times the command line's wall time.

What it does: reads the corpus's JSONL once with Python's `json` (untimed),
keeping the lines Python reads; writes those texts to a JSONL file for the
command line (so that both see the same documents); then, N times, runs
`gazet extract FILE -o OUT --text-field text` and `extract_table` on the
texts in memory (the extractor built once, untimed, as a notebook would),
alternating which goes first. Prints each run's wall seconds, the medians,
their ratio, and the row counts (the same, or the script fails).

Usage: python3 benches/python_table.py CORPUS.jsonl[.gz] GAZET_BIN [--runs N]
(with the package installed: `pip install .`)
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gazet


def read(path: Path) -> tuple[list[str], list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    texts, ids = [], []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if isinstance(r, dict) and isinstance(r.get("text"), str):
                texts.append(r["text"])
                ids.append(str(r.get("id", len(ids))))
    return texts, ids


def cli(binary: str, corpus: Path, out: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    subprocess.run(
        [binary, "extract", str(corpus), "-o", str(out), "--text-field", "text"],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - t0
    # Rows, not lines: a surface may hold a line break (a quoted cell).
    with (out / "mentions.csv").open(encoding="utf-8", newline="") as f:
        rows = sum(1 for _ in csv.reader(f)) - 1
    return wall, rows


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpus, binary = Path(sys.argv[1]), sys.argv[2]
    runs = int(sys.argv[4]) if len(sys.argv) >= 5 and sys.argv[3] == "--runs" else 3
    texts, ids = read(corpus)
    ex = gazet.Extractor()
    with tempfile.TemporaryDirectory() as tmp:
        same = Path(tmp) / "texts.jsonl"
        with same.open("w", encoding="utf-8") as f:
            for i, t in zip(ids, texts):
                f.write(json.dumps({"id": i, "text": t}) + "\n")
        py_walls, cli_walls = [], []
        for run in range(runs):
            order = ["py", "cli"] if run % 2 == 0 else ["cli", "py"]
            for side in order:
                if side == "py":
                    t0 = time.perf_counter()
                    table = ex.extract_table(texts, ids=ids)
                    py_walls.append(time.perf_counter() - t0)
                    py_rows = table.num_rows
                    del table
                else:
                    out = Path(tmp) / f"out{run}"
                    wall, cli_rows = cli(binary, same, out)
                    cli_walls.append(wall)
            print(f"run {run + 1}: extract_table {py_walls[-1]:.2f} s, cli {cli_walls[-1]:.2f} s")
    if py_rows != cli_rows:
        sys.exit(f"different row counts: extract_table {py_rows}, command line {cli_rows}")
    py, cl = statistics.median(py_walls), statistics.median(cli_walls)
    print(
        f"{len(texts)} texts, {sum(len(t.encode()) for t in texts)} bytes, {py_rows} mentions, "
        f"{os.cpu_count()} cores; median extract_table {py:.2f} s, command line {cl:.2f} s, "
        f"ratio {py / cl:.2f} (target 1.3 or less)"
    )


if __name__ == "__main__":
    main()
