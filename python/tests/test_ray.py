"""The README's Ray Data recipe: ``map_batches`` with
``Extractor.extract_arrow`` gives one row per document, the rows one call
on the whole table gives, whatever the batches."""

from __future__ import annotations

import pyarrow as pa
import ray

import gazet


def test_map_batches_gives_the_rows_of_one_call() -> None:
    texts = ["Esmail Qa'ani met Hadi al-Amiri in Baghdad.", None, "Protests in Tehran."] * 40
    table = pa.table(
        {
            "id": [f"d{i}" for i in range(len(texts))],
            "text": texts,
            "date": ["2026-01-02"] * len(texts),
        }
    )
    ex = gazet.Extractor(threads=1)
    want = ex.extract_arrow(table, keep=["date"])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        ds = ray.data.from_arrow(table).map_batches(
            lambda batch: ex.extract_arrow(batch, keep=["date"]),
            batch_format="pyarrow",
            batch_size=25,
        )
        got = pa.concat_tables(ray.get(ds.to_arrow_refs()))
    finally:
        ray.shutdown()
    assert got.num_rows == len(texts)
    assert got.sort_by("doc_id").equals(want.sort_by("doc_id"))
    assert got.column("status").to_pylist().count("rejected") == 40
