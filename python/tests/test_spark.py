"""``gazet.spark``: PySpark in local mode and on a standalone cluster, against
the command line.

The same input goes to both as one Parquet file: the command line reads it
with its Parquet reader, Spark reads it with its own and hands the rows to
gazet as Arrow batches. The mentions must be the same, and the documents
table must have one row per input row, bad rows included. The standalone
cluster (one master, two workers of one core each, on loopback) is started
here from the pyspark package's own ``spark-class``; Java 17 is on the
machine.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pyspark
import pytest
from pyspark.sql import SparkSession

import gazet
import gazet.spark

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("GAZET_SHARED", ROOT.parent / "shared"))
SPARK_HOME = Path(pyspark.__file__).parent

# Workers run this interpreter, which has the package.
os.environ["PYSPARK_PYTHON"] = sys.executable
os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable


def session(master: str) -> SparkSession:
    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()
    spark = (
        SparkSession.builder.master(master)
        .appName("gazet-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def corpus(tmp: Path) -> Path:
    """The seeds and the first 3,000 Reuters stories as one Parquet file,
    with bad rows: null texts, a null id, an empty text."""
    ids, titles, texts, dates = [], [], [], []
    for p in sorted((SHARED / "seeds").glob("*.txt")):
        ids.append(p.stem)
        titles.append(None)
        texts.append(p.read_text(encoding="utf-8"))
        dates.append("2026-01")
    with gzip.open(SHARED / "data" / "news" / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            ids.append(r["id"])
            titles.append(r.get("title") if isinstance(r.get("title"), str) else None)
            texts.append(r.get("text") if isinstance(r.get("text"), str) else None)
            dates.append(r.get("date") if isinstance(r.get("date"), str) else None)
            if len(ids) == 3005:
                break
    titles[10] = texts[10] = None
    texts[11] = ""
    table = pa.table({"id": ids, "title": titles, "text": texts, "date": dates})
    path = tmp / "news.parquet"
    pq.write_table(table, path, row_group_size=500)
    return path


def cli_mentions(rows: list[dict]) -> list[tuple]:
    return sorted(
        (
            m["doc_id"],
            m["field"],
            int(m["start"]),
            int(m["end"]),
            int(m["char_start"]),
            int(m["char_end"]),
            int(m["sentence"]),
            m["dateline"] == "true",
            m["entity_id"],
            m["surface"],
            m["match"],
            m["rule"] or None,
            round(float(m["score"]), 4),
            m["alias"],
            m["ambiguous"] or None,
        )
        for m in rows
    )


def spark_mentions(frame) -> list[tuple]:
    return sorted(
        (
            r.doc_id,
            r.field,
            r.start,
            r.end,
            r.char_start,
            r.char_end,
            r.sentence,
            r.dateline,
            r.entity_id,
            r.surface,
            r.match,
            r.rule,
            round(r.score, 4),
            r.alias,
            "|".join(r.ambiguous) if r.ambiguous else None,
        )
        for r in frame.collect()
    )


def check_against_cli(spark: SparkSession, gazet_cli, tmp: Path, partitions: int) -> None:
    path = corpus(tmp)
    args = ["--text-field", "title", "--text-field", "text", "--keep-field", "date"]
    want_mentions, want_documents = gazet_cli(path, *args)
    news = spark.read.parquet(str(path)).repartition(partitions)
    mentions, documents = gazet.spark.extract(news, text=["title", "text"], id="id", keep=["date"])
    assert mentions.columns == [*gazet.MENTION_COLUMNS, "date"]
    got = spark_mentions(mentions)
    assert len(got) > 1000
    assert got == cli_mentions(want_mentions)
    docs = {r.doc_id: r for r in documents.collect()}
    assert documents.count() == news.count() == len(want_documents) == 3005
    for d in want_documents:
        row = docs[d["doc_id"]]
        assert (row.status, row.reason or "", row.mentions, row.date or "") == (
            d["status"],
            d["reason"],
            int(d["mentions"]),
            d["date"],
        )
    bad = docs[want_documents[10]["doc_id"]]
    assert bad.status == "rejected"


@pytest.fixture(scope="module")
def local() -> Iterator[SparkSession]:
    spark = session("local[2]")
    yield spark
    spark.stop()


def test_local_mode_as_the_command_line(local: SparkSession, tmp_path: Path, gazet_cli) -> None:
    check_against_cli(local, gazet_cli, tmp_path, partitions=7)


def test_the_partitioning_does_not_change_the_answers(local: SparkSession) -> None:
    rows = [(f"d{i}", f"Protests in Tehran and Basra, day {i}.", i) for i in range(200)]
    frame = local.createDataFrame(rows, "id string, text string, n long")
    tables = []
    for parts in (1, 3, 8):
        mentions, documents = gazet.spark.extract(frame.repartition(parts), keep=["n"])
        tables.append((sorted(mentions.collect()), sorted(documents.collect())))
    assert tables[0] == tables[1] == tables[2]
    assert len(tables[0][0]) == 400


def test_each_worker_builds_its_matcher_once(local: SparkSession) -> None:
    ex = gazet.Extractor(threads=1)
    blob = pickle.dumps(ex)
    key = f"test:{ex.fingerprint}"

    def report(batches):
        import os

        for _ in batches:
            built = gazet.spark.worker_extractor(key, blob)
            yield pa.record_batch({"pid": [os.getpid()], "ex": [id(built)]})

    frame = local.range(0, 64, numPartitions=16)
    rows = frame.mapInArrow(report, "pid long, ex long").collect()
    assert len(rows) >= 16
    # One extractor per worker process, whatever the number of tasks.
    assert len({(r.pid, r.ex) for r in rows}) == len({r.pid for r in rows})


def test_errors_are_raised_on_the_driver(local: SparkSession, tmp_path: Path) -> None:
    frame = local.createDataFrame([("a", "Basra")], "id string, text string")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,type,canonical,aliases\nNot A Slug,place,X,\n", encoding="utf-8")
    with pytest.raises(gazet.GazetteerError, match=r"bad\.csv:2"):
        gazet.spark.extract(frame, gazetteers=[str(bad)])
    with pytest.raises(KeyError, match="body"):
        gazet.spark.extract(frame, text="body")
    with pytest.raises(KeyError, match="id"):
        gazet.spark.extract(frame.drop("id"))


def test_a_large_gazetteer_goes_by_broadcast(local: SparkSession, tmp_path: Path) -> None:
    # Over 1 MB of gazetteer text: the extractor is broadcast, not put in
    # each task's closure.
    g = tmp_path / "big.csv"
    rows = [f"zorb-{i},place,Zorbaville {i},Zorba Town {i}|Zorbaburg {i}" for i in range(25000)]
    g.write_text("id,type,canonical,aliases\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ex = gazet.Extractor(gazetteers=[g], threads=1)
    assert len(pickle.dumps(ex)) > gazet.spark._BROADCAST_BYTES
    frame = local.createDataFrame(
        [("a", "They left Zorba Town 77 for Zorbaburg 24999."), ("b", None)],
        "id string, text string",
    )
    mentions, documents = gazet.spark.extract(frame.repartition(2), extractor=ex)
    assert sorted(r.entity_id for r in mentions.collect()) == ["zorb-24999", "zorb-77"]
    assert documents.count() == 2


def test_the_command_line_in_a_pipe(local: SparkSession, tmp_path: Path, gazet_bin: str) -> None:
    """The README's `RDD.pipe` recipe: raw JSONL lines through gazet's own
    reader, a broken line rejected with gazet's reason, not dropped."""
    lines = [
        json.dumps({"id": f"d{i}", "text": f"Protests in Tehran, day {i}."}) for i in range(300)
    ]
    lines[17] = '{"id": "broken", "text": "Basra'
    lines[40] = json.dumps({"id": "number", "text": 42})
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = (
        local.sparkContext.textFile(str(path), minPartitions=3)
        .pipe(f"{gazet_bin} extract - --out - -j 1")
        .map(json.loads)
        .collect()
    )
    assert len(out) == len(lines)
    rejected = [d for d in out if d["status"] == "rejected"]
    assert len(rejected) == 2
    reasons = sorted(d["reason"] for d in rejected)
    assert reasons[0].startswith("field 'text' is a number") and reasons[1].startswith("not JSON")
    assert sum(len(d["mentions"]) for d in out) == 298


def test_files_through_gazets_own_readers(local: SparkSession, tmp_path: Path, gazet_cli) -> None:
    """``extract_files``: JSONL (plain and gzip), text and a file of no known
    format, read by gazet's readers on the workers: the same documents and
    mentions as the command line, bad lines with gazet's reasons, file and
    line."""
    src = tmp_path / "src"
    src.mkdir()
    lines = [
        json.dumps({"id": f"a{i}", "text": f"Protests in Tehran, day {i}.", "n": i})
        for i in range(50)
    ]
    lines[7] = '{"id": "broken", "text": "Basra'
    lines[9] = json.dumps({"id": "a9", "text": 5})
    (src / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(src / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(
            json.dumps({"id": "b0", "text": "Kata'ib Hizballah at Shalamcheh", "n": "x"}) + "\n"
        )
    (src / "c.txt").write_text("Esmail Qa'ani in Baghdad", encoding="utf-8")
    mentions, documents = gazet.spark.extract_files(local, str(src), keep=["n"])
    assert documents.columns == [
        "doc_id",
        "source",
        "field_bytes",
        "mentions",
        "status",
        "reason",
        "n",
    ]
    docs = {r.doc_id: r for r in documents.collect()}
    assert len(docs) == 52  # 50 lines (the broken one has no id), b0, c.txt
    broken = [r for r in documents.collect() if r.reason and r.reason.startswith("not JSON")]
    assert len(broken) == 1 and broken[0].source.endswith("a.jsonl:8")
    assert docs["a9"].status == "rejected" and docs["a9"].source.endswith("a.jsonl:10")
    assert docs["a3"].n == "3" and docs["b0"].n == "x"
    # The command line on the same files: the same rows.
    cli_mentions, cli_documents = gazet_cli(src, "--keep-field", "n")
    want = sorted(
        (d["doc_id"], d["source"].rsplit("/", 1)[-1], d["status"], d["reason"], d["n"])
        for d in cli_documents
    )
    got = sorted(
        (r.doc_id, r.source.rsplit("/", 1)[-1], r.status, r.reason or "", r.n or "")
        for r in documents.collect()
    )
    assert got == want
    want_m = sorted((m["doc_id"], m["entity_id"], int(m["start"])) for m in cli_mentions)
    assert sorted((r.doc_id, r.entity_id, r.start) for r in mentions.collect()) == want_m
    # A file of no known format is one rejected row, not a lost file.
    (src / "notes.md").write_text("# notes", encoding="utf-8")
    _, documents = gazet.spark.extract_files(local, str(src))
    notes = [r for r in documents.collect() if r.doc_id == "notes.md"]
    assert len(notes) == 1 and notes[0].status == "rejected"
    assert "unknown input type" in notes[0].reason


# The cluster comes last: its session replaces the local one.
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A standalone cluster on loopback: one master, two workers."""
    logs = tmp_path_factory.mktemp("spark-cluster")
    env = {
        **os.environ,
        "SPARK_HOME": str(SPARK_HOME),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_WORKER_DIR": str(logs / "work"),
    }
    spark_class = str(SPARK_HOME / "bin" / "spark-class")
    port = free_port()
    url = f"spark://127.0.0.1:{port}"
    procs = []

    def start(name: str, args: list[str]) -> None:
        log = (logs / f"{name}.log").open("w")
        procs.append(
            subprocess.Popen([spark_class, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        )

    start(
        "master",
        ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port)]
        + ["--webui-port", str(free_port())],
    )
    for i in range(2):
        start(
            f"worker{i}",
            ["org.apache.spark.deploy.worker.Worker", url, "--cores", "1", "--memory", "1g"]
            + ["--host", "127.0.0.1", "--webui-port", str(free_port())],
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            text = (logs / "master.log").read_text(errors="replace")
            if text.count("Registering worker") >= 2:
                break
            if any(p.poll() is not None for p in procs):
                pytest.fail(f"a Spark daemon stopped: {text[-2000:]}")
            time.sleep(0.5)
        else:
            pytest.fail("the standalone cluster did not start in 120 s")
        yield url
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_standalone_cluster_as_the_command_line(cluster: str, tmp_path: Path, gazet_cli) -> None:
    spark = session(cluster)
    try:
        assert spark.sparkContext.master == cluster
        check_against_cli(spark, gazet_cli, tmp_path, partitions=5)
    finally:
        spark.stop()
