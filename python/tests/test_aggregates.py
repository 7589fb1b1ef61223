"""The entities and co-occurrence tables from Python, against the command
line's, and the report page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import gazet

TEXTS = [
    (
        "a",
        "BAGHDAD – Kataib Hezbollah fired on Erbil.\n\nErbil and Tehran spoke.",
        "2026-01-05",
    ),
    ("b", "Kataib Hezbollah and Erbil again, said Hadi al-Amiri.", "2026-01-07"),
    ("c", "", "2026-01-06"),
    ("d", "Press TV reported from Tehran.", "not a date"),
]


def _table() -> pa.Table:
    return pa.table(
        {
            "id": [t[0] for t in TEXTS],
            "text": [t[1] for t in TEXTS],
            "date": [t[2] for t in TEXTS],
        }
    )


def _cli(gazet_bin: str, *args: str) -> None:
    done = subprocess.run([gazet_bin, *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_aggregate_arrow_gives_the_tables_of_the_command_line(
    tmp_path: Path, gazet_bin: str
) -> None:
    ex = gazet.Extractor()
    entities, pairs = ex.aggregate_arrow(_table(), keep=["date"])
    assert isinstance(entities, pa.Table) and isinstance(pairs, pa.Table)
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": i, "text": t, "date": d}) + "\n" for i, t, d in TEXTS)
    )
    out = tmp_path / "out"
    _cli(
        gazet_bin,
        "extract",
        str(source),
        "--out",
        str(out),
        "--format",
        "parquet",
        "--keep-field",
        "date",
    )
    assert entities.equals(pq.read_table(out / "entities.parquet"))
    assert pairs.equals(pq.read_table(out / "cooccurrence.parquet"))
    rows = {r["entity_id"]: r for r in entities.to_pylist()}
    assert rows["erbil"]["mentions"] == 3
    assert rows["erbil"]["documents"] == 2
    assert (rows["erbil"]["first_date"], rows["erbil"]["last_date"]) == (
        "2026-01-05",
        "2026-01-07",
    )
    assert rows["baghdad"]["dateline_mentions"] == 1
    assert rows["baghdad"]["documents_outside_dateline"] == 0
    top = pairs.to_pylist()[0]
    assert (top["entity_a"], top["entity_b"], top["documents"]) == (
        "erbil",
        "kataib-hezbollah",
        2,
    )


def test_aggregate_arrow_options(tmp_path: Path) -> None:
    ex = gazet.Extractor()
    _, pairs = ex.aggregate_arrow(_table(), cooccur="paragraph", cooccur_min=1)
    assert pairs.column_names[6] == "paragraphs"
    names = {(r["entity_a"], r["entity_b"]) for r in pairs.to_pylist()}
    assert ("erbil", "tehran") in names
    assert ("kataib-hezbollah", "tehran") not in names
    _, rare = ex.aggregate_arrow(_table(), cooccur_min=2)
    assert rare.num_rows == 1
    with pytest.raises(ValueError, match="unknown co-occurrence unit"):
        ex.aggregate_arrow(_table(), cooccur="chapter")
    with pytest.raises(ValueError, match="kept columns"):
        ex.aggregate_arrow(_table(), date_field="date")


def test_report_writes_the_page_of_a_run(tmp_path: Path, gazet_bin: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": i, "text": t, "date": d}) + "\n" for i, t, d in TEXTS)
    )
    out = tmp_path / "out"
    _cli(gazet_bin, "extract", str(source), "--out", str(out), "--keep-field", "date")
    path = gazet.report(out)
    assert Path(path) == out / "report.html"
    page = Path(path).read_text()
    assert "Erbil" in page and "Over time" in page
    _cli(gazet_bin, "report", str(out), "--output", str(tmp_path / "cli.html"))
    assert (tmp_path / "cli.html").read_text() == page
    with pytest.raises(OSError, match="no documents table"):
        gazet.report(tmp_path)


def test_namibia_reads_back_with_the_readme_options(tmp_path: Path, gazet_bin: str) -> None:
    import pandas as pd

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "n", "text": "Windhoek, Namibia"}) + "\n")
    tables = {}
    for fmt in ("csv", "jsonl", "parquet"):
        tables[fmt] = tmp_path / fmt
        _cli(gazet_bin, "extract", str(source), "--out", str(tables[fmt]), "--format", fmt)
    csv_path = tables["csv"] / "mentions.csv"
    plain = pd.read_csv(csv_path)
    assert plain["country"].isna().all(), "pandas' default reads NA as missing"
    read = pd.read_csv(csv_path, keep_default_na=False, na_values=[""])
    assert list(read["country"]) == ["NA", "NA"]
    # Empty cells are still missing values.
    assert read["rule"].isna().all()
    jsonl = pd.read_json(tables["jsonl"] / "mentions.jsonl", lines=True)
    assert list(jsonl["country"]) == ["NA", "NA"]
    parquet = pd.read_parquet(tables["parquet"] / "mentions.parquet")
    assert list(parquet["country"]) == ["NA", "NA"]
