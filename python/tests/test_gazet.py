"""The Python package against the command line, and its own behaviour.

The command line is the reference: for the same texts and gazetteers the
package must give the same mentions (byte and character offsets, entity,
match kind, score) and the same statuses. The binary is the one cargo built
for this test run (``GAZET_BIN``, set by crates/gazet-cli/tests/python.rs);
the seeds and the Reuters corpus are read from ``../shared`` beside the
checkout (``GAZET_SHARED``).
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import gazet

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("GAZET_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="module")
def extractor() -> gazet.Extractor:
    return gazet.Extractor()


def run_cli(gazet_cli, tmp_path: Path, records: list[dict]) -> tuple[list[dict], list[dict]]:
    """Runs ``gazet extract`` on records written as JSONL; its mentions and
    documents tables."""
    inp = tmp_path / "in.jsonl"
    with inp.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    return gazet_cli(inp, "--text-field", "text")


def cli_rows(mentions: list[dict]) -> list[tuple]:
    return sorted(
        (
            m["doc_id"],
            int(m["start"]),
            int(m["end"]),
            int(m["char_start"]),
            int(m["char_end"]),
            int(m["sentence"]),
            m["dateline"] == "true",
            m["entity_id"],
            m["type"],
            m["surface"],
            m["match"],
            m["rule"] or None,
            round(float(m["score"]), 4),
            m["alias"],
            m["ambiguous"].split("|") if m["ambiguous"] else [],
        )
        for m in mentions
    )


def package_rows(results: list[gazet.DocumentResult]) -> list[tuple]:
    return sorted(
        (
            r.id,
            m.start,
            m.end,
            m.char_start,
            m.char_end,
            m.sentence,
            m.dateline,
            m.entity_id,
            m.type,
            m.surface,
            m.match,
            m.rule,
            round(m.score, 4),
            m.alias,
            list(m.ambiguous),
        )
        for r in results
        for m in r.mentions
    )


def compare_with_cli(gazet_cli, tmp_path: Path, ex: gazet.Extractor, records: list[dict]) -> int:
    mentions, documents = run_cli(gazet_cli, tmp_path, records)
    results = ex.extract_batch([r["text"] for r in records], ids=[r["id"] for r in records])
    assert package_rows(results) == cli_rows(mentions)
    statuses = {d["doc_id"]: d["status"] for d in documents}
    assert {r.id: r.status for r in results} == statuses
    return len(mentions)


def test_the_seeds_as_the_command_line(
    tmp_path: Path, extractor: gazet.Extractor, gazet_cli
) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    assert seeds, f"no seeds under {SHARED / 'seeds'}"
    records = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in seeds]
    assert compare_with_cli(gazet_cli, tmp_path, extractor, records) > 50
    # Python string indices: the character offsets slice the surface.
    for r in records:
        for m in extractor.extract(r["text"]):
            assert r["text"][m.char_start : m.char_end] == m.surface
            assert r["text"].encode()[m.start : m.end].decode() == m.surface


def test_three_thousand_reuters_stories_as_the_command_line(
    tmp_path: Path, extractor: gazet.Extractor, gazet_cli
) -> None:
    path = SHARED / "data" / "news" / "reuters21578.jsonl.gz"
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if isinstance(r.get("text"), str):
                records.append({"id": r["id"], "text": r["text"]})
            if len(records) == 3000:
                break
    assert len(records) == 3000
    assert compare_with_cli(gazet_cli, tmp_path, extractor, records) > 1000


def test_a_bad_item_is_a_status_not_a_lost_batch(extractor: gazet.Extractor) -> None:
    results = extractor.extract_batch(
        ["Protests in Tehran", None, 5, b"Basra", "x\ud800 Baghdad", ["Iraq"]],
        ids=["ok", "null", "number", "bytes", "surrogate", "list"],
    )
    by_id = {r.id: r for r in results}
    assert [r.id for r in results] == ["ok", "null", "number", "bytes", "surrogate", "list"]
    assert by_id["ok"].status == "ok" and by_id["ok"].reason is None
    assert [m.entity_id for m in by_id["ok"].mentions] == ["tehran"]
    for bad in ("null", "number", "bytes", "list"):
        assert by_id[bad].status == "rejected", bad
        assert by_id[bad].mentions == [], bad
        assert "text" in by_id[bad].reason, bad
    assert "null" in by_id["null"].reason
    assert "number" in by_id["number"].reason
    # A lone surrogate is replaced and the document flagged, still matched.
    assert by_id["surrogate"].status == "flagged"
    assert "surrogate" in by_id["surrogate"].reason
    assert [m.entity_id for m in by_id["surrogate"].mentions] == ["baghdad"]


def test_ids_default_to_positions_and_must_match_the_texts(extractor: gazet.Extractor) -> None:
    assert [r.id for r in extractor.extract_batch(["a", "b"])] == ["0", "1"]
    with pytest.raises(ValueError, match="2 ids for 1 texts"):
        extractor.extract_batch(["Basra"], ids=["a", "b"])
    # Any iterable of texts.
    assert len(extractor.extract_batch(t for t in ["Basra", "Mosul"])) == 2


def test_threads_do_not_change_the_answers(extractor: gazet.Extractor) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    one = gazet.Extractor(threads=1)
    assert package_rows(one.extract_batch(texts)) == package_rows(extractor.extract_batch(texts))
    with pytest.raises(ValueError, match="threads"):
        gazet.Extractor(threads=0)


def test_a_gazetteer_error_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,type,canonical,aliases\nbasra,place,Basra,\nNot A Slug,place,X,\n")
    with pytest.raises(gazet.GazetteerError, match=r"bad\.csv:3"):
        gazet.Extractor(gazetteers=[bad])
    with pytest.raises(gazet.GazetteerError, match="missing.csv"):
        gazet.Extractor(gazetteers=[tmp_path / "missing.csv"])
    with pytest.raises(ValueError, match="minimum score"):
        gazet.Extractor(min_score=2.0)


def test_own_gazetteers_and_options(tmp_path: Path) -> None:
    g = tmp_path / "g.csv"
    g.write_text("id,type,canonical,aliases\nshalamcheh,place,Shalamcheh,al-Shalamcheh\n")
    ex = gazet.Extractor(gazetteers=[g], unlisted=False)
    assert ex.entities == 1
    found = ex.extract("Crossing at al-Shalamcheh, said Mark Lowcock.")
    assert [(m.entity_id, m.surface) for m in found] == [("shalamcheh", "al-Shalamcheh")]
    with_unlisted = gazet.Extractor(gazetteers=[g])
    ids = [
        m.entity_id for m in with_unlisted.extract("Crossing at al-Shalamcheh, said Mark Lowcock.")
    ]
    assert "unlisted:person:mark-lowcock" in ids
    strict = gazet.Extractor(min_score=0.99)
    assert all(m.score >= 0.99 for m in strict.extract("Kataib Hizballah and Tehran"))


def test_an_extractor_pickles_with_its_gazetteers(tmp_path: Path) -> None:
    g = tmp_path / "g.csv"
    g.write_text("id,type,canonical,aliases\nkh,militia,Kata'ib Hezbollah,Kataib Hizballah\n")
    ex = gazet.Extractor(gazetteers=[g], variants=False, min_score=0.5, threads=1)
    blob = pickle.dumps(ex)
    g.unlink()  # a worker elsewhere has no file: the pickle carries the text
    copy = pickle.loads(blob)
    assert copy.fingerprint == ex.fingerprint
    text = "Kataib Hizballah fighters"
    assert [m.entity_id for m in copy.extract(text)] == [m.entity_id for m in ex.extract(text)]
    default = pickle.loads(pickle.dumps(gazet.Extractor()))
    assert default.fingerprint == gazet.Extractor().fingerprint


def test_mentions_read_well(extractor: gazet.Extractor) -> None:
    (m,) = extractor.extract("Flights to Irbil")
    assert (m.entity_id, m.type, m.canonical, m.surface) == ("erbil", "place", "Erbil", "Irbil")
    assert (m.start, m.end, m.char_start, m.char_end) == (11, 16, 11, 16)
    assert 0.0 < m.score <= 1.0 and m.match in {"exact", "normalized", "variant", "skeleton"}
    assert "Irbil" in repr(m) and "erbil" in repr(m)
    assert gazet.__version__


def test_the_table_is_the_command_lines_table(
    tmp_path: Path, extractor: gazet.Extractor, gazet_cli
) -> None:
    import pyarrow as pa

    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    records = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in seeds]
    records.append({"id": "empty", "text": ""})
    cli_mentions, cli_documents = run_cli(gazet_cli, tmp_path, records)
    texts = [r["text"] for r in records] + [None]
    ids = [r["id"] for r in records] + ["null"]
    mentions, documents = extractor.extract_table(texts, ids=ids, documents=True)
    assert mentions.column_names == list(cli_mentions[0].keys())
    assert mentions.schema.field("start").type == pa.int64()
    assert mentions.schema.field("score").type == pa.float32()
    assert mentions.schema.field("ambiguous").type == pa.list_(pa.string())
    rows = mentions.to_pylist()
    assert len(rows) == len(cli_mentions)
    for got, want in zip(rows, cli_mentions):
        for column, value in want.items():
            if column in ("start", "end", "char_start", "char_end", "sentence"):
                assert got[column] == int(value), column
            elif column == "dateline":
                assert got[column] == (value == "true")
            elif column == "score":
                assert round(got[column], 4) == round(float(value), 4)
            elif column == "ambiguous":
                assert got[column] == (value.split("|") if value else None)
            elif value == "":
                assert got[column] is None, column
            else:
                assert got[column] == value, column
    docs = {d["doc_id"]: d for d in documents.to_pylist()}
    for d in cli_documents:
        assert docs[d["doc_id"]]["status"] == d["status"]
        assert docs[d["doc_id"]]["mentions"] == int(d["mentions"])
        assert docs[d["doc_id"]]["field_bytes"] == int(d["field_bytes"])
    assert docs["null"]["status"] == "rejected" and "null" in docs["null"]["reason"]
    # Without `documents`, the mentions table alone.
    alone = extractor.extract_table(texts, ids=ids)
    assert alone.equals(mentions)


def test_pandas_with_kept_columns(extractor: gazet.Extractor) -> None:
    import pandas as pd

    news = pd.DataFrame(
        {
            "id": ["a", "b", "a"],
            "text": ["Protests in Tehran", None, "Flights to Irbil and Basra"],
            "date": ["2026-01-02", "2026-01-03", "2026-01-04"],
            "surface": ["x", "y", "z"],
        }
    )
    df = gazet.extract_pandas(news, keep=["date", "surface"], extractor=extractor)
    assert list(df["doc_id"]) == ["a", "a", "a"]
    assert list(df["entity_id"]) == ["tehran", "erbil", "basra"]
    # Joined by position: the two documents of id `a` keep their own dates.
    assert list(df["date"]) == ["2026-01-02", "2026-01-04", "2026-01-04"]
    # A kept column named as a mention column is `input_NAME`.
    assert list(df["input_surface"]) == ["x", "z", "z"]
    assert list(df["surface"]) == ["Tehran", "Irbil", "Basra"]
    assert str(df["start"].dtype) == "int64"
    with pytest.raises(KeyError, match="body"):
        gazet.extract_pandas(news, text="body", extractor=extractor)


def test_polars_takes_the_table(extractor: gazet.Extractor) -> None:
    import polars as pl

    table = extractor.extract_table(["Protests in Tehran", "Basra"], ids=["a", "b"])
    df = pl.from_arrow(table)
    assert df.columns == table.column_names
    assert df["entity_id"].to_list() == ["tehran", "basra"]
    assert df.schema["start"] == pl.Int64 and df.schema["score"] == pl.Float32
    assert df.schema["ambiguous"] == pl.List(pl.String)


def test_explain_and_check_as_the_command_line(tmp_path: Path, gazet_bin: str) -> None:
    def cli(*args: str) -> str:
        # explain exits 1 when the text names nothing; its report is the same.
        done = subprocess.run([gazet_bin, *args], capture_output=True, text=True, check=False)
        assert done.returncode in (0, 1), done.stderr
        return done.stdout

    for text in ["TEHRAN", "Kataib Hezbollah's men", "Ghaani"]:
        assert gazet.explain(text) == cli("explain", text), text
    assert gazet.explain("TEHRAN").startswith("input:      TEHRAN\nnormalized: tehran\n")
    g = tmp_path / "g.csv"
    g.write_text("id,type,canonical,aliases\ntyre,place,Tyre,\n")
    ex = gazet.Extractor(gazetteers=[g])
    report = ex.check()
    assert report == cli("gazetteer", "check", str(g))
    assert "name 'Tyre' of 'tyre' is a common English word" in report
    assert gazet.explain("Tyre", extractor=ex) == cli("explain", "--gazetteer", str(g), "Tyre")


@pytest.mark.parametrize("call", ["extract_batch", "extract_table", "extract_arrow"])
def test_the_gil_is_released_while_matching(extractor: gazet.Extractor, call: str) -> None:
    """Another Python thread runs while a batch is matched.

    With a switch interval of 1,000 s the interpreter never takes the GIL
    from a running thread: the main thread, waiting for the worker to start,
    can only run again once the worker lets the GIL go. If matching held
    it, the worker would finish its batch first and the main thread would
    find it done; since matching releases it, the main thread runs while
    the batch is still being matched.
    """
    import pyarrow as pa

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt")))
    texts = [text] * 20
    args = {
        "extract_batch": (texts,),
        "extract_table": (texts,),
        "extract_arrow": (pa.table({"text": texts}),),
    }[call]
    state = {"done": False}
    started = threading.Event()

    def work() -> None:
        started.set()
        getattr(extractor, call)(*args)
        state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        ran_during_the_batch = not state["done"]
        worker.join()
    finally:
        sys.setswitchinterval(old)
    assert ran_during_the_batch
    assert state["done"]


def test_no_thread_is_left_running_before_the_first_batch() -> None:
    """Engines that fork their workers after import, or after building an
    extractor, must find no thread of gazet's: the build's threads end with
    it, and the batches' pool is built at the first batch."""
    code = (
        "import os, time\n"
        "def threads(): return len(os.listdir('/proc/self/task'))\n"
        "before = threads()\n"
        "import gazet\n"
        "ex = gazet.Extractor(threads=2)\n"
        "ex.extract('Protests in Tehran')\n"
        "deadline = time.monotonic() + 30\n"
        "while threads() > before and time.monotonic() < deadline:\n"
        "    time.sleep(0.01)\n"
        "after = threads()\n"
        "ex.extract_batch(['Basra'])\n"
        "print(before, after, threads())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, batch = map(int, done.stdout.split())
    assert after == before
    assert batch == before + 2  # the pool of two, at the first batch


def test_a_forked_child_matches_after_its_parent() -> None:
    """A child forked after its parent ran a batch (multiprocessing's
    default on Linux) has none of the parent's pool threads: it must build
    its own rather than wait on them for ever."""
    code = (
        "import multiprocessing as mp, gazet\n"
        "ex = gazet.Extractor(threads=2)\n"
        "assert ex.extract_batch(['Basra'])[0].mentions\n"
        "def child(q):\n"
        "    results = ex.extract_batch(['Tehran', 'Erbil'])\n"
        "    q.put([m.entity_id for r in results for m in r.mentions])\n"
        "ctx = mp.get_context('fork')\n"
        "q = ctx.Queue()\n"
        "p = ctx.Process(target=child, args=(q,))\n"
        "p.start()\n"
        "print(q.get(timeout=60))\n"
        "p.join(60)\n"
        "print(p.exitcode)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['tehran', 'erbil']", "0"]
