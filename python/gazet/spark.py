"""gazet on Apache Spark: the mentions of a DataFrame of news, on the cluster.

>>> import gazet.spark
>>> mentions, documents = gazet.spark.extract(news, text="text", id="id", keep=["date"])
>>> mentions.write.parquet("s3://bucket/mentions/")

Why ``mapInArrow``: Spark hands each Python worker its rows as Arrow record
batches, and ``Extractor.extract_arrow`` reads them where they lie (no
Python object per row) by the rules the command line reads a Parquet file's
rows by, and gives one row back per row, so that every document is
accounted for. The two tables are projections of that one result:

- ``documents``: one row per input row: ``doc_id``, ``field_bytes``,
  ``mentions`` (how many), ``status``, ``reason``, then the kept columns;
- ``mentions``: the columns of ``mentions.csv`` with Spark types (``long``
  offsets, a ``float`` score, ``ambiguous`` an array of ids), then the kept
  columns.

The extractor is built once on the driver (a gazetteer error is raised
there, with its file and line), pickled with its gazetteers' text, and
shipped to the workers: in the task's closure when small, by a broadcast
when its gazetteers are large. Each worker process unpickles it once and
keeps it for its later tasks. It matches with one thread per task by
default (Spark runs one task per core); ``threads=`` changes that.

The result does not depend on the partitioning: each row's mentions depend
on that row alone. Give every row an id: a row whose id is null is flagged,
and its ``doc_id`` is its row number within its Arrow batch, which does.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from gazet._gazet import MENTION_COLUMNS, Extractor

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["extract", "extract_files", "extract_nested", "worker_extractor"]

# The columns of `Extractor.extract_arrow`'s result around the kept ones.
_NESTED_OWN = ("doc_id", "status", "reason", "field_bytes", "mentions")
# The documents table's own columns.
_DOCUMENT_OWN = ("doc_id", "field_bytes", "mentions", "status", "reason")
# ... and of the files' (`documents.csv`'s).
_FILE_DOCUMENT_OWN = ("doc_id", "source", "field_bytes", "mentions", "status", "reason")
# Above this many bytes, the pickled extractor goes by a broadcast.
_BROADCAST_BYTES = 1 << 20

# Extractors unpickled in this worker process, by key: built once, kept for
# the process's later tasks (Spark reuses its Python workers).
_EXTRACTORS: dict[str, Extractor] = {}


def worker_extractor(key: str, shipped: Any) -> Extractor:
    """The extractor shipped as ``shipped`` (pickled bytes, or a broadcast of
    them), unpickled once per process and kept under ``key``."""
    ex = _EXTRACTORS.get(key)
    if ex is None:
        blob = shipped.value if hasattr(shipped, "value") else shipped
        ex = pickle.loads(blob)
        _EXTRACTORS[key] = ex
    return ex


def _ship(
    spark: Any, extractor: Extractor | None, threads: int, options: dict[str, Any]
) -> tuple[str, Any]:
    """The extractor to ship to the workers (``extractor``, or one built here
    with ``threads`` and ``options``, so that its errors are the driver's),
    pickled, as (its cache key, what to ship): the bytes, or a broadcast of
    them when they are over ``_BROADCAST_BYTES``."""
    if extractor is None:
        extractor = Extractor(threads=threads, **options)
    blob = pickle.dumps(extractor)
    key = f"{extractor.fingerprint}:{threads}:{len(blob)}"
    if len(blob) > _BROADCAST_BYTES:
        return key, spark.sparkContext.broadcast(blob)
    return key, blob


def _kept_name(name: str, own: Sequence[str]) -> str:
    """A kept column's name in a table whose own columns are ``own``: as on
    the command line, ``input_NAME`` where the name is taken."""
    return f"input_{name}" if name in own else name


def _field_type(schema: Any, path: str) -> Any:
    """The Spark type of the column ``path`` (a dotted name reaches into a
    struct column, as gazet reads it)."""
    from pyspark.sql.types import StructType

    if path in schema.fieldNames():
        return schema[path].dataType
    for i, _ in enumerate(path):
        if path[i] != ".":
            continue
        head, rest = path[:i], path[i + 1 :]
        if head in schema.fieldNames() and isinstance(schema[head].dataType, StructType):
            found = _field_type(schema[head].dataType, rest)
            if found is not None:
                return found
    return None


def _top(schema: Any, path: str) -> str | None:
    """The top-level column that holds ``path``."""
    if path in schema.fieldNames():
        return path
    for i, c in enumerate(path):
        if c == "." and path[:i] in schema.fieldNames():
            return path[:i]
    return None


def _mention_type() -> Any:
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        FloatType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    types = {
        "start": LongType(),
        "end": LongType(),
        "char_start": LongType(),
        "char_end": LongType(),
        "sentence": LongType(),
        "dateline": BooleanType(),
        "score": FloatType(),
        "ambiguous": ArrayType(StringType()),
    }
    return StructType(
        [StructField(c, types.get(c, StringType()), True) for c in MENTION_COLUMNS if c != "doc_id"]
    )


def extract_nested(
    frame: DataFrame,
    text: str | Sequence[str] = "text",
    id: str = "id",
    keep: Sequence[str] = (),
    extractor: Extractor | None = None,
    threads: int = 1,
    **options: Any,
) -> DataFrame:
    """One row per row of ``frame``, its mentions nested: ``doc_id``, the
    kept columns, ``status``, ``reason``, ``field_bytes`` and ``mentions``
    (an array of structs with the columns of ``mentions.csv`` but
    ``doc_id``), as ``Extractor.extract_arrow`` gives them.

    ``extractor``: default, one built here with ``threads`` and
    ``options`` (``gazetteers``, ``variants``, ``unlisted``, ``min_score``).
    """
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    texts = [text] if isinstance(text, str) else list(text)
    schema = frame.schema
    if _top(schema, id) is None:
        raise KeyError(
            f"no id column {id!r} in the DataFrame (its columns: {schema.fieldNames()}): "
            "give every row an id, e.g. withColumn('id', F.monotonically_increasing_id())"
        )
    if not any(_top(schema, t) is not None for t in texts):
        raise KeyError(
            f"no text column {texts} in the DataFrame (its columns: {schema.fieldNames()})"
        )
    missing = [k for k in keep if _top(schema, k) is None]
    if missing:
        raise KeyError(f"no column {missing} to keep (the columns: {schema.fieldNames()})")
    key, shipped = _ship(frame.sparkSession, extractor, threads, options)

    needed: list[str] = []
    for path in [id, *texts, *keep]:
        top = _top(schema, path)
        if top is not None and top not in needed:
            needed.append(top)
    out = StructType(
        [
            StructField("doc_id", StringType(), False),
            *[StructField(_kept_name(k, _NESTED_OWN), _field_type(schema, k), True) for k in keep],
            StructField("status", StringType(), False),
            StructField("reason", StringType(), True),
            StructField("field_bytes", LongType(), False),
            StructField("mentions", _array_of_mentions(), False),
        ]
    )
    keep_list = list(keep)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        ex = worker_extractor(key, shipped)
        for batch in batches:
            yield ex.extract_arrow(batch, text=texts, id=id, keep=keep_list)

    return frame.select(*[frame[c] for c in needed]).mapInArrow(run, out)


def _array_of_mentions() -> Any:
    from pyspark.sql.types import ArrayType

    return ArrayType(_mention_type(), False)


def extract(
    frame: DataFrame,
    text: str | Sequence[str] = "text",
    id: str = "id",
    keep: Sequence[str] = (),
    extractor: Extractor | None = None,
    threads: int = 1,
    persist: bool = True,
    **options: Any,
) -> tuple[DataFrame, DataFrame]:
    """The mentions and documents tables of ``frame``'s texts.

    ``text``: the text column or columns; ``id``: the id column; ``keep``:
    columns carried into both tables (named ``input_NAME`` where a table
    has a column of that name). ``persist``: keep the matched rows (Spark's
    ``MEMORY_AND_DISK``), so that writing both tables matches once; without
    it each table's action matches again (the same answers, twice the
    work). Other arguments as ``extract_nested``.
    """
    nested = extract_nested(frame, text, id, keep, extractor, threads, **options)
    return _tables(nested, keep, persist, source=False)


def _rejected_file(
    ex: Extractor, tmp: str, name: str, shown: str, keep: list[str], why: str
) -> Any:
    """A one-row table (``extract_files``'s columns) for a file gazet cannot
    read at all."""
    import os
    import warnings

    import pyarrow as pa

    empty = os.path.join(tmp, "empty.jsonl")
    open(empty, "wb").close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = ex.extract_files([empty], keep=keep).schema
    os.remove(empty)
    row = {f.name: None for f in schema}
    row.update(doc_id=name, source=shown, status="rejected", reason=why, field_bytes=0, mentions=[])
    return pa.Table.from_pylist([row], schema=schema)


def _tables(nested: DataFrame, keep: Sequence[str], persist: bool, source: bool) -> Any:
    """The mentions and documents tables of a nested table (kept columns
    after ``status``'s predecessors, ``source`` first when ``source``)."""
    from pyspark.sql import functions as F

    if persist:
        nested = nested.persist()
    own = (*_NESTED_OWN, "source") if source else _NESTED_OWN
    if source:
        kept_nested = [_kept_name(_kept_name(k, _FILE_DOCUMENT_OWN), own) for k in keep]
    else:
        kept_nested = [_kept_name(k, own) for k in keep]
    document_own = _FILE_DOCUMENT_OWN if source else _DOCUMENT_OWN
    documents = nested.select(
        "doc_id",
        *(["source"] if source else []),
        "field_bytes",
        F.size("mentions").cast("long").alias("mentions"),
        "status",
        "reason",
        *[F.col(f"`{n}`").alias(_kept_name(k, document_own)) for k, n in zip(keep, kept_nested)],
    )
    exploded = nested.select(
        "doc_id",
        F.explode("mentions").alias("m"),
        *[F.col(f"`{n}`").alias(f"__keep_{i}") for i, n in enumerate(kept_nested)],
    )
    mentions = exploded.select(
        "doc_id",
        *[F.col(f"m.`{c}`").alias(c) for c in MENTION_COLUMNS if c != "doc_id"],
        *[F.col(f"__keep_{i}").alias(_kept_name(k, MENTION_COLUMNS)) for i, k in enumerate(keep)],
    )
    return mentions, documents


def extract_files(
    spark: Any,
    path: str | Sequence[str],
    text: str | Sequence[str] = "text",
    id: str = "id",
    keep: Sequence[str] = (),
    extractor: Extractor | None = None,
    threads: int = 1,
    persist: bool = True,
    input_format: str | None = None,
    **options: Any,
) -> tuple[DataFrame, DataFrame]:
    """The mentions and documents tables of news files read by gazet's own
    readers, as the command line reads them (JSONL, CSV, Parquet, text;
    gzip or zstd): a bad line is a ``rejected`` document with gazet's
    reason and its file and line (``source``, as in ``documents.csv``),
    where Spark's JSON reader would turn it into nulls.

    ``path``: files, directories or globs, as ``spark.read.load`` takes
    them; each file is read whole by one task (Spark's ``binaryFile``
    source: at most 2 GB a file). The documents table has ``source`` after
    ``doc_id``; kept fields are text (a JSON value's text), as in the
    command line's tables. Other arguments as ``extract``.
    """
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    texts = [text] if isinstance(text, str) else list(text)
    key, shipped = _ship(spark, extractor, threads, options)
    keep_list = list(keep)
    own = (*_NESTED_OWN, "source")
    out = StructType(
        [
            StructField("doc_id", StringType(), False),
            StructField("source", StringType(), True),
            *[
                StructField(_kept_name(_kept_name(k, _FILE_DOCUMENT_OWN), own), StringType(), True)
                for k in keep_list
            ],
            StructField("status", StringType(), False),
            StructField("reason", StringType(), True),
            StructField("field_bytes", LongType(), False),
            StructField("mentions", _array_of_mentions(), False),
        ]
    )

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import os
        import tempfile
        from urllib.parse import urlparse

        ex = worker_extractor(key, shipped)
        with tempfile.TemporaryDirectory(prefix="gazet-files-") as tmp:
            for batch in batches:
                paths = batch.column("path").to_pylist()
                contents = batch.column("content")
                for i, shown in enumerate(paths):
                    # The file's own name: its ending says its format, and
                    # a text file's name is its document's id.
                    folder = os.path.join(tmp, str(i))
                    os.makedirs(folder, exist_ok=True)
                    name = os.path.basename(urlparse(shown).path) or "input"
                    local = os.path.join(folder, name)
                    with open(local, "wb") as f:
                        f.write(contents[i].as_py() or b"")
                    try:
                        table = ex.extract_files(
                            [local],
                            text=texts,
                            id=id,
                            keep=keep_list,
                            displays=[shown],
                            input_format=input_format,
                        )
                    except ValueError as e:
                        # Not a format gazet reads: one rejected row, so that
                        # every file is accounted for.
                        why = str(e).replace(local, shown)
                        table = _rejected_file(ex, tmp, name, shown, keep_list, why)
                    finally:
                        os.remove(local)
                    yield from table.to_batches()

    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(path if isinstance(path, str) else list(path))
        .select("path", "content")
    )
    nested = files.mapInArrow(run, out)
    return _tables(nested, keep_list, persist, source=True)
