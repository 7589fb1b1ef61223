"""gazet through Spark's local mode against the command line, on the same
texts.

Why: a data team choosing between the command line on one machine and
Spark wants to know what Spark costs there: its start-up, and its
per-row overheads (JVM to Arrow to Python and back, exploding the mentions,
writing Parquet). Issue 16 asks for these figures, start-up shown apart.

What it does: reads the corpus's JSONL once (untimed), writes the texts
with their ids as one Parquet file, then N times, alternating which goes
first:

- ``gazet extract news.parquet -o OUT --text-field text`` (the command
  line, CSV tables);
- Spark ``local[CORES]``: ``gazet.spark.extract`` on
  ``spark.read.parquet``, both tables written as Parquet (the matched rows
  persisted, so they are matched once). The session is started once,
  before the runs, and its start-up timed apart.

Prints each run's wall seconds, the medians, their ratio, and the row
counts (the same, or the script fails).

Usage: python3 benches/spark_bench.py CORPUS.jsonl[.gz] GAZET_BIN [--runs N]
(with the package and pyspark installed)
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def read(path: Path) -> pa.Table:
    opener = gzip.open if path.suffix == ".gz" else open
    ids, texts = [], []
    with opener(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            if isinstance(r.get("text"), str):
                ids.append(str(r.get("id", i)))
                texts.append(r["text"])
    return pa.table({"id": ids, "text": texts})


def main() -> None:
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    corpus, gazet_bin = Path(args[0]), args[1]
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="gazet-spark-bench-"))
    try:
        table = read(corpus)
        news = work / "news.parquet"
        pq.write_table(table, news)

        os.environ["PYSPARK_PYTHON"] = sys.executable
        t = time.perf_counter()
        from pyspark.sql import SparkSession

        import gazet.spark

        spark = (
            SparkSession.builder.master(f"local[{cores}]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        spark.range(1).collect()
        startup = time.perf_counter() - t

        def cli() -> tuple[float, int]:
            out = work / "cli"
            shutil.rmtree(out, ignore_errors=True)
            t = time.perf_counter()
            done = subprocess.run(
                [gazet_bin, "extract", str(news), "-o", str(out), "--text-field", "text"],
                capture_output=True,
                check=False,
            )
            took = time.perf_counter() - t
            if done.returncode not in (0, 1):
                sys.exit(done.stderr.decode())
            rows = pq.read_table(news).num_rows  # documents in
            with (out / "mentions.csv").open(encoding="utf-8", newline="") as f:
                import csv

                mentions = sum(1 for _ in csv.reader(f)) - 1
            return took, mentions if rows else 0

        def on_spark() -> tuple[float, int]:
            out = work / "spark"
            shutil.rmtree(out, ignore_errors=True)
            t = time.perf_counter()
            frame = spark.read.parquet(str(news))
            mentions, documents = gazet.spark.extract(frame, text="text", id="id")
            mentions.write.parquet(str(out / "mentions"))
            documents.write.parquet(str(out / "documents"))
            took = time.perf_counter() - t
            spark.catalog.clearCache()
            return took, pq.read_table(out / "mentions").num_rows

        times: dict[str, list[float]] = {"cli": [], "spark": []}
        counts: dict[str, set[int]] = {"cli": set(), "spark": set()}
        for n in range(runs):
            order = [("cli", cli), ("spark", on_spark)]
            if n % 2:
                order.reverse()
            for name, fn in order:
                took, rows = fn()
                times[name].append(took)
                counts[name].add(rows)
            print(f"run {n + 1}: spark {times['spark'][-1]:.2f} s, cli {times['cli'][-1]:.2f} s")
        if counts["cli"] != counts["spark"] or len(counts["cli"]) != 1:
            sys.exit(f"the mention counts differ: {counts}")
        s, c = statistics.median(times["spark"]), statistics.median(times["cli"])
        print(
            f"{table.num_rows} texts, {sum(len(x.encode()) for x in table['text'].to_pylist())} "
            f"bytes, {counts['cli'].pop()} mentions, {cores} cores; Spark start-up {startup:.1f} s "
            f"(apart); median Spark {s:.2f} s, command line {c:.2f} s, ratio {s / c:.2f}"
        )
        spark.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
