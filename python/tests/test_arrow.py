"""``Extractor.extract_arrow``: Arrow in, Arrow out, against the command line.

The command line reads a Parquet file's rows by the same rules as
``extract_arrow`` reads a batch's (ids, text columns, nulls, types), so the
same table written as Parquet and handed in as Arrow must give the same
mentions and the same statuses, with one row out per row in.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

import gazet

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("GAZET_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="module")
def extractor() -> gazet.Extractor:
    return gazet.Extractor()


def cli_on_parquet(
    gazet_cli, tmp_path: Path, table, args: list[str]
) -> tuple[list[dict], list[dict]]:
    """``gazet extract`` on ``table`` written as Parquet: its mentions and
    documents tables."""
    inp = tmp_path / "in.parquet"
    pq.write_table(table, inp, row_group_size=700)
    return gazet_cli(inp, *args)


def reuters(n: int):
    """The first ``n`` Reuters stories as a table: an integer id, a title
    and a text that may be null, a date, and a few rows made bad on
    purpose."""
    ids, titles, texts, dates = [], [], [], []
    with gzip.open(SHARED / "data" / "news" / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            ids.append(len(ids) + 1000)
            titles.append(r.get("title") if isinstance(r.get("title"), str) else None)
            texts.append(r.get("text") if isinstance(r.get("text"), str) else None)
            dates.append(r.get("date") if isinstance(r.get("date"), str) else None)
            if len(ids) == n:
                break
    assert len(ids) == n
    # Bad rows: no text at all, a null id, an empty text.
    titles[3] = texts[3] = None
    texts[5] = ""
    ids_array = pa.array([None if i == 7 else v for i, v in enumerate(ids)], pa.int64())
    return pa.table({"id": ids_array, "title": titles, "text": texts, "date": dates})


def test_reuters_as_parquet_through_the_command_line(
    tmp_path: Path, extractor: gazet.Extractor, gazet_cli
) -> None:
    table = reuters(3000)
    cli_mentions, cli_documents = cli_on_parquet(
        gazet_cli,
        tmp_path,
        table,
        ["--text-field", "title", "--text-field", "text", "--keep-field", "date"],
    )
    # Batches of various sizes, as an engine hands them: row numbers go on
    # from one batch to the next (the id of the row whose id is null).
    out = extractor.extract_arrow(
        pa.Table.from_batches(table.to_batches(max_chunksize=1000)),
        text=["title", "text"],
        keep=["date"],
    )
    assert isinstance(out, pa.Table)
    assert out.num_rows == table.num_rows
    assert out.column_names == ["doc_id", "date", "status", "reason", "field_bytes", "mentions"]
    rows = out.to_pylist()
    assert [r["date"] for r in rows] == table.column("date").to_pylist()
    assert [
        (
            r["doc_id"],
            r["status"],
            r["reason"] or "",
            str(r["field_bytes"]),
            str(len(r["mentions"])),
        )
        for r in rows
    ] == [
        (d["doc_id"], d["status"], d["reason"], d["field_bytes"], d["mentions"])
        for d in cli_documents
    ]
    assert (rows[7]["doc_id"], rows[7]["status"]) == ("8", "flagged")
    assert rows[3]["status"] == "rejected"
    mine = [
        (
            r["doc_id"],
            m["field"],
            m["entity_id"],
            m["surface"],
            m["start"],
            m["end"],
            m["char_start"],
            m["char_end"],
            m["sentence"],
            m["dateline"],
            m["match"],
            m["rule"] or "",
            round(m["score"], 4),
            m["alias"],
            "|".join(m["ambiguous"] or []),
        )
        for r in rows
        for m in r["mentions"]
    ]
    theirs = [
        (
            m["doc_id"],
            m["field"],
            m["entity_id"],
            m["surface"],
            int(m["start"]),
            int(m["end"]),
            int(m["char_start"]),
            int(m["char_end"]),
            int(m["sentence"]),
            m["dateline"] == "true",
            m["match"],
            m["rule"],
            round(float(m["score"]), 4),
            m["alias"],
            m["ambiguous"],
        )
        for m in cli_mentions
    ]
    assert len(mine) > 1000
    assert mine == theirs


def test_a_record_batch_in_is_a_record_batch_out(extractor: gazet.Extractor) -> None:
    batch = pa.record_batch(
        {
            "key": ["a", "b", "c"],
            "body": ["Kata'ib Hizballah fighters crossed at Shalamcheh", None, "Basra"],
            "n": pa.array([1, 2, 3], pa.int32()),
            "status": ["x", "y", "z"],
        }
    )
    out = extractor.extract_arrow(batch, text="body", id="key", keep=["n", "status"])
    assert isinstance(out, pa.RecordBatch)
    # Kept columns pass through with their types; one named as a column of
    # the result is `input_NAME`.
    assert out.schema.field("n").type == pa.int32()
    assert out.column("input_status").to_pylist() == ["x", "y", "z"]
    assert out.column("doc_id").to_pylist() == ["a", "b", "c"]
    assert out.column("status").to_pylist() == ["ok", "rejected", "ok"]
    mentions = out.column("mentions").to_pylist()
    assert [m["entity_id"] for m in mentions[0]] == ["kataib-hezbollah", "shalamcheh"]
    assert mentions[1] == []
    # The same mentions as `extract`, offsets and all.
    want = extractor.extract(batch.column("body")[0].as_py())
    assert [(m["start"], m["char_end"], m["score"]) for m in mentions[0]] == [
        (m.start, m.char_end, m.score) for m in want
    ]


def test_dataframes_go_in_as_they_are(extractor: gazet.Extractor) -> None:
    import pandas as pd
    import polars as pl

    frame = {"id": ["a", "b"], "text": ["Protests in Tehran", "Flights to Irbil"]}
    want = extractor.extract_arrow(pa.table(frame))
    assert extractor.extract_arrow(pl.DataFrame(frame)).equals(want)
    assert extractor.extract_arrow(pd.DataFrame(frame)).equals(want)
    # And the result goes to Polars as it is, nested.
    df = pl.from_arrow(want)
    assert df["mentions"].list.len().to_list() == [1, 1]


def test_no_rows_gives_the_columns(extractor: gazet.Extractor) -> None:
    empty = pa.table({"text": pa.array([], pa.string()), "d": pa.array([], pa.date32())})
    out = extractor.extract_arrow(empty, keep=["d"])
    assert out.num_rows == 0
    assert out.column_names == ["doc_id", "d", "status", "reason", "field_bytes", "mentions"]
    assert out.schema.field("d").type == pa.date32()


def test_bad_arrow_input_is_an_exception_not_a_crash(extractor: gazet.Extractor) -> None:
    with pytest.raises(KeyError, match="body"):
        extractor.extract_arrow(pa.table({"text": ["Basra"]}), text="body")
    with pytest.raises(TypeError, match="Arrow"):
        extractor.extract_arrow(["Basra"])
    # A text column of numbers: each row rejected, as the command line does.
    out = extractor.extract_arrow(pa.table({"text": [1, 2]}))
    assert out.column("status").to_pylist() == ["rejected", "rejected"]
    assert "not a string" in out.column("reason")[0].as_py()

    class Liar:
        """Claims Arrow but hands a capsule of the wrong kind."""

        def __arrow_c_stream__(self, requested_schema=None):
            return pa.array([1]).__arrow_c_array__()[0]

    with pytest.raises((ValueError, TypeError)):
        extractor.extract_arrow(Liar())


def test_extract_table_goes_to_arrow_consumers(extractor: gazet.Extractor) -> None:
    import polars as pl

    table = extractor.extract_table(["Protests in Tehran"] * 3, ids=["a", "b", "c"])
    assert pl.from_arrow(table)["doc_id"].to_list() == ["a", "b", "c"]
    assert table.schema.field("start").type == pa.int64()
    assert not table.schema.field("start").nullable
    assert table.schema.field("rule").nullable


def test_context_is_the_command_lines(
    extractor: gazet.Extractor, gazet_cli, tmp_path: Path
) -> None:
    texts = [
        "Talks in Baghdad\n\tended on Sunday, officials in Basra said.",
        "وصل الوفد إلى بغداد صباح اليوم",
        "Erbil",
    ]
    table = extractor.extract_table(texts, ids=["a", "b", "c"], context=12)
    assert table.column_names[-1] == "context"
    assert table.schema.field("context").type == pa.string()
    rows = table.to_pylist()
    assert rows and all(r["surface"] in r["context"] for r in rows)
    assert "context" not in extractor.extract_table(texts, ids=["a", "b", "c"]).column_names

    inp = tmp_path / "in.jsonl"
    inp.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in zip("abc", texts)),
        encoding="utf-8",
    )
    mentions, _ = gazet_cli(inp, "--context", "12")
    key = lambda r: (r["doc_id"], int(r["start"]))  # noqa: E731
    assert {key(r): r["context"] for r in rows} == {key(m): m["context"] for m in mentions}

    # The nested tables carry it too, last in each mention.
    nested = extractor.extract_arrow(pa.table({"id": ["a", "b", "c"], "text": texts}), context=12)
    got = {
        (d["doc_id"], m["start"]): m["context"] for d in nested.to_pylist() for m in d["mentions"]
    }
    assert got == {key(r): r["context"] for r in rows}
    assert list(nested.to_pylist()[0]["mentions"][0])[-1] == "context"
    files = extractor.extract_files([inp], context=12)
    got = {
        (d["doc_id"], m["start"]): m["context"] for d in files.to_pylist() for m in d["mentions"]
    }
    assert got == {key(r): r["context"] for r in rows}
    with pytest.raises(ValueError, match="at most 10000"):
        extractor.extract_table(texts, context=10001)
