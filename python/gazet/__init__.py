"""gazet: find people, militias, places and news outlets in news text.

The matching runs in Rust (the same core as the ``gazet`` command line, so
the answers are the same); this package converts arguments and results.

>>> import gazet
>>> ex = gazet.Extractor()
>>> [m.entity_id for m in ex.extract("Kata'ib Hizballah fighters crossed at Shalamcheh")]
['kataib-hezbollah', 'shalamcheh']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gazet._gazet import (
    MENTION_COLUMNS,
    DocumentResult,
    Extractor,
    GazetteerError,
    Mention,
    __version__,
    report,
)

if TYPE_CHECKING:
    import pandas

__all__ = [
    "MENTION_COLUMNS",
    "DocumentResult",
    "Extractor",
    "GazetteerError",
    "Mention",
    "__version__",
    "explain",
    "extract_pandas",
    "report",
]


def explain(text: str, extractor: Extractor | None = None) -> str:
    """How ``text`` normalizes, what it matches and why, and the closest
    gazetteer names when nothing matches (the built-in gazetteers unless an
    ``extractor`` is given): the text ``gazet explain`` prints.

    >>> print(gazet.explain("TEHRAN").splitlines()[1])
    normalized: tehran
    """
    ex = extractor if extractor is not None else Extractor()
    return ex.explain(text)


def extract_pandas(
    frame: pandas.DataFrame,
    text: str = "text",
    id: str | None = "id",
    keep: Sequence[str] = (),
    extractor: Extractor | None = None,
) -> pandas.DataFrame:
    """The mentions of a DataFrame's texts, as a DataFrame.

    One row per mention, with the columns of ``mentions.csv`` (the types of
    ``Extractor.extract_table``), then the columns ``keep`` of the row the
    mention is in (named ``input_NAME`` where a mention column has the name,
    as on the command line). ``id``: the column of document ids (``None``:
    the row positions). ``extractor``: default, the built-in gazetteers.
    Rows are joined by position, so duplicate ids are kept apart.
    """
    ex = extractor if extractor is not None else Extractor()
    missing = [c for c in [text, *([id] if id is not None else []), *keep] if c not in frame]
    if missing:
        raise KeyError(f"no column {missing} in the frame (it has {list(frame.columns)})")
    positions = [str(i) for i in range(len(frame))]
    table = ex.extract_table(frame[text].tolist(), ids=positions)
    out = table.to_pandas()
    rows = out["doc_id"].astype("int64").to_numpy()
    ids: Any = frame[id].astype(str) if id is not None else frame.index.to_series().astype(str)
    out["doc_id"] = ids.to_numpy()[rows]
    for name in keep:
        column = f"input_{name}" if name in MENTION_COLUMNS else name
        out[column] = frame[name].to_numpy()[rows]
    return out
