"""Type stubs of the extension module (crates/gazet-py)."""

from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

__version__: str
MENTION_COLUMNS: tuple[str, ...]
"""The columns of `mentions.csv` and of `Extractor.extract_table`."""

class GazetteerError(Exception):
    """A gazetteer could not be loaded: the message names each problem's file and line."""

class Mention:
    """One mention: a span of a text naming an entity, with the columns of `mentions.csv`."""

    entity_id: str
    type: str
    canonical: str
    surface: str
    start: int
    """Byte offset in the text's UTF-8 (as `mentions.csv`)."""
    end: int
    char_start: int
    """Character offset: a Python string index (`text[m.char_start:m.char_end]`)."""
    char_end: int
    sentence: int
    """The sentence it starts in: its index among its text's sentences, from 0."""
    dateline: bool
    """Is it in the text's dateline (`TEHRAN –`), where the story was filed from?"""
    match: str
    rule: str | None
    score: float
    alias: str
    wikidata: str | None
    country: str | None
    ambiguous: list[str]

class DocumentResult:
    """One document of a batch: its status, the reasons, and its mentions."""

    id: str
    status: str
    """`ok`, `flagged` (matched, with a reason) or `rejected` (not matched)."""
    reason: str | None
    mentions: list[Mention]

class ArrowBatches:
    """Record batches exported by the Arrow PyCapsule protocol
    (`pyarrow.table(b)`, `polars.from_arrow(b)`)."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __arrow_c_schema__(self) -> object: ...
    def __arrow_c_array__(
        self, requested_schema: object | None = None
    ) -> tuple[object, object]: ...
    def __len__(self) -> int: ...

class Extractor:
    """Finds the mentions of people, militias, places and news outlets in texts.

    `gazetteers`: CSV files or directories of them, replacing the built-in
    gazetteers. `variants`: match transliteration variants. `unlisted`:
    report names no gazetteer lists. `min_score`: leave out mentions scoring
    below it. `threads`: the threads of a batch (default: one per core).
    """

    def __init__(
        self,
        gazetteers: Sequence[str | PathLike[str]] | None = None,
        variants: bool = True,
        unlisted: bool = True,
        min_score: float = 0.0,
        threads: int | None = None,
    ) -> None: ...
    def extract(self, text: str) -> list[Mention]:
        """The mentions of one text, in text order."""
    def extract_batch(
        self, texts: Iterable[object], ids: Sequence[str] | None = None
    ) -> list[DocumentResult]:
        """One result per text, in order, matched on all threads with the GIL released.

        A `None`, a value that is not a string or a string with lone
        surrogates is a document's status (`rejected`, `flagged`), not an
        exception.
        """
    def extract_table(
        self,
        texts: Iterable[object],
        ids: Sequence[str] | None = None,
        documents: bool = False,
        context: int | None = None,
    ) -> Any:
        """The mentions as a `pyarrow.Table` (one row per mention, the columns of
        `mentions.csv`); with `documents=True`, a tuple (mentions, documents) whose
        second table has one row per text: `doc_id`, `field_bytes`, `mentions`,
        `status`, `reason`. `context=N` (at most 10000) adds a last column
        `context`: up to N characters of the text on each side of the mention,
        with it, on one line (as `gazet extract --context N`)."""
    def extract_arrow(
        self,
        data: Any,
        text: str | Sequence[str] = "text",
        id: str = "id",
        keep: Sequence[str] = (),
        context: int | None = None,
    ) -> Any:
        """Arrow in, Arrow out: one row out per row of `data` (a pyarrow
        RecordBatch or Table, a Polars or pandas DataFrame: anything with
        `__arrow_c_array__` or `__arrow_c_stream__`), in order.

        Rows are read as the command line reads a Parquet file's: `id` the id
        column (absent: row numbers from 1), `text` the text column(s),
        `keep` columns passed through with their types. The result's columns:
        `doc_id`, the kept columns, `status`, `reason`, `field_bytes`,
        `mentions` (a list of structs: the columns of `mentions.csv` but
        `doc_id`, and `context` last with `context=N`, as in `extract_table`).
        A `pyarrow.RecordBatch` when `data` is one, else a
        `pyarrow.Table`. A `KeyError` when no text column exists.
        """
    def aggregate_arrow(
        self,
        data: Any,
        text: str | Sequence[str] = "text",
        id: str = "id",
        keep: Sequence[str] = (),
        cooccur: str = "document,sentence",
        cooccur_min: int = 1,
        cooccur_datelines: bool = False,
        date_field: str | None = None,
    ) -> tuple[Any, Any]:
        """The entities and co-occurrence tables of the documents of `data`
        (read as `extract_arrow` reads them), as two `pyarrow.Table`s with the
        columns of `entities.parquet` and `cooccurrence.parquet`: the counts
        `gazet extract` writes for the same documents. `cooccur` names the
        units (document, sentence, paragraph), `cooccur_min` leaves out rarer
        pairs, `cooccur_datelines` counts dateline mentions in pairs, and
        `date_field` (one of `keep`) gives first and last dates."""
    def extract_files(
        self,
        paths: Sequence[str | PathLike[str]],
        text: str | Sequence[str] = "text",
        id: str = "id",
        keep: Sequence[str] = (),
        displays: Sequence[str] | None = None,
        input_format: str | None = None,
        context: int | None = None,
    ) -> Any:
        """The documents of files read by the command line's readers, as a
        `pyarrow.Table`: `doc_id`, `source` (file:line), the kept fields,
        `status`, `reason`, `field_bytes`, `mentions` (nested; with
        `context=N`, each mention's `context`, as in `extract_table`). A bad
        line is a `rejected` row with gazet's reason."""
    def explain(self, text: str) -> str:
        """How a string normalizes, what it matches and why, and the closest names:
        the text `gazet explain` prints."""
    def check(self) -> str:
        """The gazetteers' statistics and names at risk: the text `gazet gazetteer check`
        prints."""
    @property
    def entities(self) -> int:
        """How many entities the gazetteers hold."""
    @property
    def fingerprint(self) -> str:
        """A stable hash of the gazetteers and options."""

def report(
    out: str | PathLike[str],
    output: str | PathLike[str] | None = None,
    format: str | None = None,
    date_field: str | None = None,
    top: int = 15,
    nodes: int = 40,
) -> Path:
    """Writes the report page of the run in `out` (as `gazet report` does)
    and returns its path: `output`, or `out/report.html`."""
