"""The README's Dask recipe: ``map_partitions`` with ``gazet.extract_pandas``
gives the mentions one call on the whole frame gives, whatever the
partitions."""

from __future__ import annotations

import dask
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa

import gazet


def news() -> pd.DataFrame:
    texts = [
        "Kata'ib Hizballah fighters crossed at Shalamcheh.",
        None,
        "Esmail Qa'ani met Hadi al-Amiri in Baghdad.",
        "",
        "Protests in Tehran and Mashhad, Tasnim said.",
    ] * 20
    return pd.DataFrame(
        {
            "id": [f"d{i}" for i in range(len(texts))],
            "text": texts,
            "date": [f"2026-01-{1 + i % 28:02d}" for i in range(len(texts))],
        }
    )


def test_map_partitions_gives_the_mentions_of_one_call() -> None:
    frame = news()
    ex = gazet.Extractor()
    want = gazet.extract_pandas(frame, keep=["date"], extractor=ex)
    meta = gazet.extract_pandas(frame.head(0), keep=["date"], extractor=ex)
    for parts in (1, 3, 7):
        ddf = dd.from_pandas(frame, npartitions=parts)
        mentions = ddf.map_partitions(gazet.extract_pandas, keep=["date"], extractor=ex, meta=meta)
        # The process scheduler pickles the extractor to its workers.
        with dask.config.set(scheduler="processes" if parts == 3 else "threads"):
            got = mentions.compute()
        assert got.reset_index(drop=True).equals(want.reset_index(drop=True))
    assert len(want) > 100


def test_documents_through_extract_arrow() -> None:
    frame = news()
    ex = gazet.Extractor(threads=1)

    def documents(part: pd.DataFrame) -> pd.DataFrame:
        out = ex.extract_arrow(pa.Table.from_pandas(part, preserve_index=False), keep=["date"])
        return out.drop_columns(["mentions"]).to_pandas()

    meta = documents(frame.head(0))
    got = dd.from_pandas(frame, npartitions=4).map_partitions(documents, meta=meta).compute()
    assert len(got) == len(frame)
    assert list(got["status"][:5]) == ["ok", "rejected", "ok", "ok", "ok"]
