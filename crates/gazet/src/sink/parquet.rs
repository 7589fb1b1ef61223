//! The Parquet format: the datasets `mentions.parquet/`, `documents.parquet/`
//! and `rejects.parquet/`, each a directory of part files
//! (`part-00000.parquet`, `part-00001.parquet`, ...) that pandas, pyarrow,
//! Spark, DuckDB and Polars read as one table.
//!
//! # Columns
//!
//! The columns are those of the CSV tables ([`MENTION_COLUMNS`],
//! [`DOCUMENT_COLUMNS`], [`REJECT_COLUMNS`]), with the same names in the same
//! order, typed: text is `Utf8`; offsets, counts, `line` and `byte_offset`
//! are `Int64` (signed, because Spark reads unsigned 64-bit Parquet integers
//! as decimals); `dateline` is `Boolean`; `score` is `Float32`, the exact score; `ambiguous` is a
//! `List<Utf8>` of entity ids. Where a CSV cell is empty, the Parquet cell is
//! null: `rule`, `wikidata`, `country` and `ambiguous` of a mention that has
//! none, `reason` of a document that has none, `line` and `byte_offset` of a
//! reject whose input has none.
//!
//! Kept input fields (`--keep-field`) are extra columns of the documents
//! table and of every mention row (so that mentions can be filtered by date
//! without a join), named by [`SinkOptions::kept_column`]. Each is a `Utf8`
//! column holding a string as it is, any other JSON value as its JSON text
//! (`42`, `true`, `[1,2]`), and null for JSON null or a field the document
//! lacks: the same text as the CSV cell. A field's JSON type is not known
//! before the run and may change from one document to the next; a type
//! inferred from the first value would already be fixed in the parts
//! written when a later document contradicts it, and its value could then
//! only be dropped. Text never loses a value, and `pd.to_datetime` or
//! `CAST` types the column in one step.
//!
//! With [`SinkOptions::context`], the mentions table has a `Utf8` column
//! `context` after `ambiguous`, before the kept fields: the text around the
//! mention, on one line.
//!
//! `excel_safe` does not apply: a typed cell is never run as a formula.
//!
//! # Parts and resuming
//!
//! The renderer (on the worker threads) turns each document into owned rows
//! ([`Rendered`]: its strings in one buffer, a small struct per row); the
//! sink appends them to Arrow builders and hands a record batch to the
//! `parquet` crate's `ArrowWriter` every [`BATCH_ROWS`] rows, which writes
//! snappy-compressed row groups of up to [`ROW_GROUP_ROWS`] rows (snappy is
//! what Spark and pyarrow write by default, and every reader has it).
//!
//! A part is written under a temporary name in its dataset's directory
//! (`.part-00003.parquet.partial`) and closed, its footer written, when the
//! sink is flushed at a checkpoint; the checkpoint makes it durable and
//! renames it to `part-00003.parquet`. The sink's state is the number of
//! parts of each dataset, and a resumed run deletes the parts numbered from
//! there on and every temporary part, then numbers on: the rows read back in
//! part order are those of a run never stopped.
//!
//! A part closes at every checkpoint, so checkpoints are taken less often
//! than the CSV tables' once a second ([`Sink::due`]): when the open parts
//! hold [`PART_MENTIONS`] mention rows or [`PART_BYTES`] of rendered rows,
//! or [`PART_INTERVAL`] has passed (or the run's interval, if longer). A
//! dataset of many tiny parts is slow to read (each part is opened and its
//! footer parsed), while a killed run only redoes the work since the last
//! checkpoint: a minute at most. A checkpoint interval of zero (a test's
//! `--checkpoint-secs 0`) still closes a part at every checkpoint, and the
//! run's end or a stop always closes the parts.
//!
//! Each dataset is written under a temporary directory name
//! (`.mentions.parquet.partial/`) and renamed when the run is complete, as
//! the CSV tables are, so a dataset under its final name is always whole. A
//! dataset with no rows (no rejects) still gets one part, with no rows and
//! the schema, so that readers see its columns: it is written at the start
//! as `.empty.parquet.partial` and takes the name `part-00000.parquet` at the
//! end when no other part was written.

pub use super::arrow::{schemas, Rendered, Renderer};
use super::arrow::{TableKind, Tables};
#[cfg(doc)]
use super::csv::{DOCUMENT_COLUMNS, MENTION_COLUMNS, REJECT_COLUMNS};
use super::files;
use super::{Flushed, Sink, SinkOptions, SinkState, Target};
use crate::error::Error;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::Value;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The datasets, by directory name.
///
/// ```
/// use gazet::sink::{parquet::{Parquet, DATASETS}, Sink, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-datasets-{}", std::process::id()));
/// Parquet::create(&Target::Dir(dir.clone()), &Default::default())?.publish()?;
/// for dataset in DATASETS {
///     // With no rows, still one part: its schema.
///     assert!(dir.join(dataset).join("part-00000.parquet").is_file());
/// }
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const DATASETS: &[&str] = &["mentions.parquet", "documents.parquet", "rejects.parquet"];

/// A checkpoint is due once the open parts hold this many mention rows...
///
/// ```
/// use gazet::sink::{parquet::{Parquet, PART_MENTIONS}, Record, Render, Sink, Target};
/// use std::time::Duration;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-part-mentions-{}", std::process::id()));
/// let mut sink = Parquet::create(&Target::Dir(dir.clone()), &Default::default())?;
/// let ex = gazet::Extractor::new()?;
/// let doc = gazet::Document::text("a1", "From Basra to Baghdad");
/// let result = ex.extract(&doc);
/// sink.write(sink.renderer().render(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() }))?;
/// assert!(result.mentions.len() < PART_MENTIONS as usize);
/// assert!(!sink.due(Duration::from_secs(1), Duration::from_secs(1))); // a CSV sink would be due
/// drop(sink);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const PART_MENTIONS: u64 = 1_000_000;
/// ... or this many bytes of rendered rows ...
///
/// ```
/// use gazet::sink::{parquet::{Parquet, PART_BYTES}, Record, Render, Sink, SinkOptions, Target};
/// use std::time::Duration;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-part-bytes-{}", std::process::id()));
/// let options = SinkOptions::new(vec!["blob".into()], false);
/// let mut sink = Parquet::create(&Target::Dir(dir.clone()), &options)?;
/// let mut doc = gazet::Document::text("a1", "");
/// doc.keep = vec![("blob".into(), "x".repeat(PART_BYTES as usize).into())];
/// let (result, g) = (gazet::DocumentResult::rejected(Vec::new()), gazet::Gazetteer::default());
/// sink.write(sink.renderer().render(&Record { document: &doc, result: &result, gazetteer: &g }))?;
/// assert!(sink.due(Duration::ZERO, Duration::from_secs(1))); // one big document is enough
/// drop(sink);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const PART_BYTES: u64 = 64 << 20;
/// ... or this long after the last one.
///
/// ```
/// use gazet::sink::{parquet::{Parquet, PART_INTERVAL}, Sink, Target};
/// use std::time::Duration;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-part-interval-{}", std::process::id()));
/// let sink = Parquet::create(&Target::Dir(dir.clone()), &Default::default())?;
/// let second = Duration::from_secs(1); // the run's checkpoint interval
/// assert!(!sink.due(PART_INTERVAL - second, second));
/// assert!(sink.due(PART_INTERVAL, second));
/// assert!(!sink.due(PART_INTERVAL, 2 * PART_INTERVAL)); // or the run's, if longer
/// assert!(sink.due(Duration::ZERO, Duration::ZERO)); // an interval of zero: every time
/// drop(sink);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const PART_INTERVAL: Duration = Duration::from_secs(60);
/// Rows buffered in Arrow builders before they go to the Parquet writer.
///
/// ```
/// use gazet::sink::{parquet::{Parquet, BATCH_ROWS}, Record, Render, Sink, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-batch-rows-{}", std::process::id()));
/// let mut sink = Parquet::create(&Target::Dir(dir.clone()), &Default::default())?;
/// let (doc, g) = (gazet::Document::text("a1", ""), gazet::Gazetteer::default());
/// let result = gazet::Extractor::builder().gazetteer(g.clone()).build()?.extract(&doc);
/// let rows = sink.renderer().render(&Record { document: &doc, result: &result, gazetteer: &g });
/// let part = dir.join(".documents.parquet.partial/.part-00000.parquet.partial");
/// for _ in 1..BATCH_ROWS {
///     sink.write(rows.clone())?;
/// }
/// assert!(!part.exists()); // the rows are still in the builders
/// sink.write(rows)?;
/// assert!(part.exists()); // a batch went to the writer, which opened the part
/// drop(sink);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const BATCH_ROWS: usize = 8192;
/// Rows of a row group at most (fewer in a part's last one): the writer
/// holds a row group in memory, encoded, until it is written out.
///
/// ```
/// use gazet::sink::{parquet::{Parquet, ROW_GROUP_ROWS}, Flushed, Record, Render, Sink, Target};
/// use parquet::file::reader::{FileReader, SerializedFileReader};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-row-group-rows-{}", std::process::id()));
/// let mut sink = Parquet::create(&Target::Dir(dir.clone()), &Default::default())?;
/// let (doc, g) = (gazet::Document::text("a1", ""), gazet::Gazetteer::default());
/// let result = gazet::Extractor::builder().gazetteer(g.clone()).build()?.extract(&doc);
/// let rows = sink.renderer().render(&Record { document: &doc, result: &result, gazetteer: &g });
/// (0..=ROW_GROUP_ROWS).try_for_each(|_| sink.write(rows.clone()))?;
/// sink.flush()?.sync()?;
/// sink.publish()?;
/// let part = SerializedFileReader::new(std::fs::File::open(dir.join("documents.parquet/part-00000.parquet"))?)?;
/// let groups: Vec<i64> = part.metadata().row_groups().iter().map(|g| g.num_rows()).collect();
/// assert_eq!(groups, [ROW_GROUP_ROWS as i64, 1]);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const ROW_GROUP_ROWS: usize = 128 * 1024;

/// The part of a dataset with no rows, kept beside the parts being written.
const EMPTY_PART: &str = ".empty.parquet.partial";

/// A part being written.
struct Part {
    writer: ArrowWriter<File>,
    temp: PathBuf,
    number: u64,
}

/// A part closed (its footer written), to be synced and renamed.
#[derive(Debug)]
struct Closed {
    file: File,
    temp: PathBuf,
    name: PathBuf,
}

/// One dataset: its directory, its open part.
struct Dataset {
    /// The temporary directory, `DIR/.NAME.partial`.
    dir: PathBuf,
    /// Its table among the sink's [`Tables`].
    table: TableKind,
    schema: SchemaRef,
    part: Option<Part>,
    /// Parts closed: the number of the next.
    parts: u64,
    props: WriterProperties,
}

/// The file name of part `n`.
fn part_name(n: u64) -> String {
    format!("part-{n:05}.parquet")
}

/// The number of a part from its file name.
fn part_number(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("part-")?.strip_suffix(".parquet")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Is `name` the temporary name of a part?
fn is_temp_part(name: &str) -> bool {
    name.starts_with(".part-") && name.ends_with(".parquet.partial")
}

fn writer_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by(format!("gazet {}", env!("CARGO_PKG_VERSION")))
        .build()
}

impl Dataset {
    fn new(dir: PathBuf, table: TableKind, schema: SchemaRef, parts: u64) -> Dataset {
        Dataset {
            dir,
            table,
            schema,
            part: None,
            parts,
            props: writer_properties(),
        }
    }

    /// Hands its rows buffered in `tables` to the part, opening one if
    /// needed.
    fn write_batch(&mut self, tables: &mut Tables) -> Result<(), Error> {
        if tables.rows()[self.table as usize] == 0 {
            return Ok(());
        }
        if self.part.is_none() {
            let temp = self.dir.join(format!(".{}.partial", part_name(self.parts)));
            let file = files::create_new(&temp)?;
            let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))
                .map_err(|e| files::write_error(&temp, e))?;
            self.part = Some(Part {
                writer,
                temp,
                number: self.parts,
            });
        }
        let Some(part) = &mut self.part else {
            return Ok(());
        };
        let batch = tables
            .batch(self.table)
            .map_err(|e| files::write_error(&part.temp, e))?;
        part.writer
            .write(&batch)
            .map_err(|e| files::write_error(&part.temp, e))
    }

    /// Closes the open part, if any: the rows buffered go in, and its footer
    /// is written.
    fn close(&mut self, tables: &mut Tables) -> Result<Option<Closed>, Error> {
        self.write_batch(tables)?;
        let Some(part) = self.part.take() else {
            return Ok(None);
        };
        let file = part
            .writer
            .into_inner()
            .map_err(|e| files::write_error(&part.temp, e))?;
        self.parts = part.number + 1;
        Ok(Some(Closed {
            file,
            name: self.dir.join(part_name(part.number)),
            temp: part.temp,
        }))
    }
}

/// Writes the part of a dataset with no rows, `dir/.empty.parquet.partial`,
/// and makes it durable.
fn write_empty_part(dir: &Path, schema: &SchemaRef) -> Result<(), Error> {
    let path = dir.join(EMPTY_PART);
    let file = files::create_new(&path)?;
    let writer = ArrowWriter::try_new(file, schema.clone(), Some(writer_properties()))
        .map_err(|e| files::write_error(&path, e))?;
    let file = writer
        .into_inner()
        .map_err(|e| files::write_error(&path, e))?;
    file.sync_all().map_err(|e| files::write_error(&path, e))?;
    files::sync_dir(dir);
    Ok(())
}

/// The file names in a directory.
fn names_in(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

/// Completes a dataset's temporary directory: temporary parts left are
/// removed, and the empty part becomes `part-00000.parquet` when no part
/// was written (else it is removed). Safe to run again after a kill.
fn finish_dataset(dir: &Path) -> Result<(), Error> {
    let names = names_in(dir).map_err(|e| {
        Error::io(
            dir.display(),
            format!("cannot list the dataset being finished: {e}"),
        )
    })?;
    for name in names.iter().filter(|n| is_temp_part(n)) {
        files::remove(&dir.join(name), "an unfinished part")?;
    }
    let empty = dir.join(EMPTY_PART);
    if names.iter().any(|n| part_number(n).is_some()) {
        files::remove(&empty, "the empty part")?;
    } else if empty.exists() {
        let first = dir.join(part_name(0));
        std::fs::rename(&empty, &first).map_err(|e| {
            Error::io(
                first.display(),
                format!("cannot rename the empty part: {e}"),
            )
        })?;
        files::sync_dir(dir);
    }
    Ok(())
}

/// The Parquet sink: three datasets in a directory.
///
/// ```
/// use arrow_array::{cast::AsArray, types::Int64Type};
/// use gazet::sink::{parquet::Parquet, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-sink-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Talks in Tehran.")?;
/// let out = Target::Dir(dir.join("out"));
/// gazet::run::run::<Parquet>(&[dir.join("a.txt")], &gazet::Extractor::new()?, &out, &Default::default())?;
/// let part = std::fs::File::open(dir.join("out/mentions.parquet/part-00000.parquet"))?;
/// let batch = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(part)?.build()?.next().ok_or("no rows")??;
/// let start = batch.column_by_name("start").ok_or("no start")?.as_primitive::<Int64Type>();
/// assert_eq!((batch.num_rows(), start.value(0)), (1, 9)); // typed: an Int64
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Parquet {
    dir: PathBuf,
    keep: Vec<Arc<str>>,
    /// The `context` of each mention, when asked for.
    context: Option<usize>,
    /// The rows not yet handed to the writers.
    tables: Tables,
    /// Mentions, documents, rejects.
    datasets: [Dataset; 3],
    /// Mention rows and bytes written since the parts were last closed.
    part_mentions: u64,
    part_bytes: u64,
}

/// The parts closed at a checkpoint, to be synced and renamed.
///
/// ```
/// use gazet::sink::{parquet::{Parquet, ParquetFlushed}, Flushed, Record, Render, Sink, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-flushed-{}", std::process::id()));
/// let mut sink = Parquet::create(&Target::Dir(dir.clone()), &Default::default())?;
/// let (doc, g) = (gazet::Document::text("a1", ""), gazet::Gazetteer::default());
/// let result = gazet::Extractor::builder().gazetteer(g.clone()).build()?.extract(&doc);
/// sink.write(sink.renderer().render(&Record { document: &doc, result: &result, gazetteer: &g }))?;
/// let flushed: ParquetFlushed = sink.flush()?;
/// let state = flushed.sync()?; // the parts of each dataset
/// assert_eq!(state, serde_json::json!({"mentions.parquet": 0, "documents.parquet": 1, "rejects.parquet": 0}));
/// assert!(dir.join(".documents.parquet.partial/part-00000.parquet").is_file());
/// drop(sink);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ParquetFlushed {
    closed: Vec<Closed>,
    dirs: Vec<PathBuf>,
    state: serde_json::Map<String, Value>,
}

impl Flushed for ParquetFlushed {
    fn sync(self) -> Result<SinkState, Error> {
        for c in &self.closed {
            c.file
                .sync_all()
                .map_err(|e| files::write_error(&c.temp, e))?;
            std::fs::rename(&c.temp, &c.name)
                .map_err(|e| Error::io(c.name.display(), format!("cannot rename the part: {e}")))?;
        }
        for d in &self.dirs {
            files::sync_dir(d);
        }
        Ok(Value::Object(self.state))
    }
}

impl Parquet {
    fn open(dir: &Path, options: &SinkOptions, parts: [u64; 3]) -> Result<Parquet, Error> {
        let tables = Tables::new(options)?;
        let schemas = tables.schemas();
        let datasets = TableKind::ALL.map(|t| {
            let i = t as usize;
            Dataset::new(
                dir.join(files::partial_name(DATASETS[i])),
                t,
                schemas[i].clone(),
                parts[i],
            )
        });
        Ok(Parquet {
            dir: dir.to_path_buf(),
            keep: options.keep.clone(),
            context: options.context,
            tables,
            datasets,
            part_mentions: 0,
            part_bytes: 0,
        })
    }
}

impl Sink for Parquet {
    const NAME: &'static str = "parquet";
    const REJECTS: &'static str = "rejects.parquet";
    type Renderer = Renderer;
    type Flushed = ParquetFlushed;

    fn create(target: &Target, options: &SinkOptions) -> Result<Parquet, Error> {
        let dir = files::dir_of(target, Self::NAME, "datasets")?;
        let schemas = schemas(options)?;
        files::create_dir(dir)?;
        for name in DATASETS {
            files::remove(&dir.join(name), "the dataset of an earlier run")?;
            files::remove(
                &dir.join(files::partial_name(name)),
                "the dataset of an earlier run",
            )?;
        }
        for (name, schema) in DATASETS.iter().zip(&schemas) {
            let d = dir.join(files::partial_name(name));
            files::create_dir(&d)?;
            write_empty_part(&d, schema)?;
        }
        files::sync_dir(dir);
        Parquet::open(dir, options, [0; 3])
    }

    fn reopen(dir: &Path, options: &SinkOptions, state: &SinkState) -> Result<Parquet, Error> {
        let schemas = schemas(options)?;
        let mut parts = [0; 3];
        for (i, name) in DATASETS.iter().enumerate() {
            let d = dir.join(files::partial_name(name));
            let resume_error = |e: String| {
                Error::io(
                    d.display(),
                    format!("cannot resume from this dataset of the interrupted run: {e}"),
                )
            };
            let count = state.get(*name).and_then(Value::as_u64).ok_or_else(|| {
                Error::Usage(format!(
                    "the checkpoint in {} has no part count for {name}: run without --resume to start again",
                    dir.display(),
                ))
            })?;
            let names = names_in(&d).map_err(|e| resume_error(e.to_string()))?;
            let mut kept = std::collections::BTreeSet::new();
            for n in &names {
                match part_number(n) {
                    Some(k) if k >= count => {
                        files::remove(&d.join(n), "a part written after the checkpoint")?
                    }
                    Some(k) => {
                        kept.insert(k);
                    }
                    None if is_temp_part(n) => files::remove(&d.join(n), "an unfinished part")?,
                    None => {}
                }
            }
            if kept.len() as u64 != count {
                let missing = (0..)
                    .zip(&kept)
                    .find(|(i, k)| i != *k)
                    .map_or(kept.len() as u64, |(i, _)| i);
                return Err(resume_error(format!(
                    "{} is missing (the checkpoint counts {count} parts)",
                    part_name(missing)
                )));
            }
            write_empty_part(&d, &schemas[i])?;
            parts[i] = count;
        }
        Parquet::open(dir, options, parts)
    }

    fn publish_left(dir: &Path) -> Result<(), Error> {
        for name in DATASETS {
            let d = dir.join(files::partial_name(name));
            if d.is_dir() {
                finish_dataset(&d)?;
            }
        }
        files::publish(dir, DATASETS)
    }

    fn renderer(&self) -> Renderer {
        Renderer::new(self.keep.clone()).with_context(self.context)
    }

    fn write(&mut self, doc: Rendered) -> Result<(), Error> {
        self.tables.append(&doc);
        self.part_mentions += doc.mention_rows() as u64;
        self.part_bytes += doc.size();
        for d in &mut self.datasets {
            if self.tables.rows()[d.table as usize] >= BATCH_ROWS {
                d.write_batch(&mut self.tables)?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<ParquetFlushed, Error> {
        let mut closed = Vec::new();
        let mut dirs = Vec::new();
        let mut state = serde_json::Map::new();
        for (name, d) in DATASETS.iter().zip(&mut self.datasets) {
            if let Some(c) = d.close(&mut self.tables)? {
                closed.push(c);
                dirs.push(d.dir.clone());
            }
            state.insert(name.to_string(), Value::from(d.parts));
        }
        self.part_mentions = 0;
        self.part_bytes = 0;
        Ok(ParquetFlushed {
            closed,
            dirs,
            state,
        })
    }

    fn due(&self, since: Duration, interval: Duration) -> bool {
        interval.is_zero()
            || self.part_mentions >= PART_MENTIONS
            || self.part_bytes >= PART_BYTES
            || since >= interval.max(PART_INTERVAL)
    }

    fn publish(mut self) -> Result<(), Error> {
        // Rows written since the last flush go into a last part rather than
        // being lost (the run flushes before, so there are none then).
        self.flush()?.sync()?;
        let dir = self.dir.clone();
        drop(self);
        Parquet::publish_left(&dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Provenance, Reason};
    use crate::sink::csv::{DOCUMENT_COLUMNS, MENTION_COLUMNS, REJECT_COLUMNS};
    use crate::sink::{Record, Render};
    use crate::{Document, Extractor};
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float32Type, Int64Type};
    use arrow_array::RecordBatch;
    use arrow_array::{Array, RecordBatchReader};
    use arrow_schema::DataType;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn tempdir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("gazet-parquet-sink-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    use crate::sink::arrow::tests::{document, extractor};

    fn options() -> SinkOptions {
        SinkOptions::new(
            vec![Arc::from("date"), Arc::from("n"), Arc::from("source")],
            false,
        )
    }

    fn write(sink: &mut Parquet, ex: &Extractor, doc: &Document) {
        let result = ex.extract(doc);
        let rendered = sink.renderer().render(&Record {
            document: doc,
            result: &result,
            gazetteer: ex.gazetteer(),
        });
        sink.write(rendered).unwrap();
    }

    /// Every row of a dataset's parts, in part order.
    fn read(dataset: &Path) -> (SchemaRef, Vec<RecordBatch>, usize) {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(dataset)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        parts.sort();
        let mut schema = None;
        let mut batches = Vec::new();
        for p in &parts {
            let name = p.file_name().unwrap().to_str().unwrap();
            assert!(part_number(name).is_some(), "{name} left in the dataset");
            let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(p).unwrap())
                .unwrap()
                .build()
                .unwrap();
            let s = reader.schema();
            assert!(
                schema.get_or_insert(s.clone()) == &s,
                "parts differ in schema"
            );
            batches.extend(reader.map(|b| b.unwrap()));
        }
        (schema.unwrap(), batches, parts.len())
    }

    /// Rows written after the last flush are published, not dropped.
    #[test]
    fn publish_keeps_what_was_not_flushed() {
        let dir = tempdir("publish-unflushed");
        let ex = extractor();
        let mut sink = Parquet::create(&Target::Dir(dir.clone()), &options()).unwrap();
        write(&mut sink, &ex, &document("a", "Tripoli"));
        sink.flush().unwrap().sync().unwrap();
        write(&mut sink, &ex, &document("b", "Baghdad"));
        sink.publish().unwrap();
        let (_, batches, _) = read(&dir.join("documents.parquet"));
        let ids: Vec<Option<String>> = strings(&batches, "doc_id");
        assert_eq!(ids, [Some("a".to_string()), Some("b".to_string())]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn strings(batches: &[RecordBatch], column: &str) -> Vec<Option<String>> {
        batches
            .iter()
            .flat_map(|b| {
                let c = b.column_by_name(column).unwrap().as_string::<i32>().clone();
                (0..c.len())
                    .map(|i| (!c.is_null(i)).then(|| c.value(i).to_string()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn ints(batches: &[RecordBatch], column: &str) -> Vec<Option<i64>> {
        batches
            .iter()
            .flat_map(|b| {
                let c = b
                    .column_by_name(column)
                    .unwrap()
                    .as_primitive::<Int64Type>()
                    .clone();
                (0..c.len())
                    .map(|i| (!c.is_null(i)).then(|| c.value(i)))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn schemas_are_the_csv_columns_typed() {
        let [m, d, r] = schemas(&options()).unwrap();
        let names = |s: &SchemaRef| -> Vec<String> {
            s.fields().iter().map(|f| f.name().clone()).collect()
        };
        let mut want: Vec<&str> = MENTION_COLUMNS.to_vec();
        want.extend(["date", "n", "source"]);
        assert_eq!(names(&m), want);
        let mut want: Vec<&str> = DOCUMENT_COLUMNS.to_vec();
        want.extend(["date", "n", "input_source"]);
        assert_eq!(names(&d), want);
        assert_eq!(names(&r), REJECT_COLUMNS);
        assert_eq!(
            m.field_with_name("score").unwrap().data_type(),
            &DataType::Float32
        );
        assert_eq!(
            m.field_with_name("start").unwrap().data_type(),
            &DataType::Int64
        );
        assert!(m.field_with_name("rule").unwrap().is_nullable());
        assert!(!m.field_with_name("doc_id").unwrap().is_nullable());
        assert_eq!(
            r.field_with_name("line").unwrap().data_type(),
            &DataType::Int64
        );
        // A field kept twice would be two columns of one name.
        let twice = SinkOptions::new(vec![Arc::from("date"), Arc::from("date")], false);
        assert!(schemas(&twice).is_err());
    }

    #[test]
    fn rows_are_written_typed_and_read_back() {
        let dir = tempdir("rows");
        let ex = extractor();
        let mut sink = Parquet::create(&Target::Dir(dir.clone()), &options()).unwrap();
        write(&mut sink, &ex, &document("a", "From Baghdad to Tripoli."));
        let mut bad = Document::unreadable_at(
            Provenance {
                file: Arc::from("in.jsonl"),
                line: Some(4),
                offset: Some(200),
            },
            Reason::NotJson {
                message: "expected value".into(),
                column: 1,
            },
        );
        bad.keep.clear();
        write(&mut sink, &ex, &bad);
        let state = sink.flush().unwrap().sync().unwrap();
        assert_eq!(
            state,
            serde_json::json!({"mentions.parquet": 1, "documents.parquet": 1, "rejects.parquet": 1})
        );
        sink.publish().unwrap();
        for name in DATASETS {
            assert!(!dir.join(files::partial_name(name)).exists());
        }

        let (schema, m, parts) = read(&dir.join("mentions.parquet"));
        assert_eq!(parts, 1);
        assert_eq!(schema, schemas(&options()).unwrap()[0]);
        assert_eq!(
            strings(&m, "surface"),
            [Some("Baghdad"), Some("Baghdad"), Some("Tripoli")].map(|s| s.map(String::from))
        );
        assert_eq!(
            strings(&m, "field")[..2],
            [Some("title".into()), Some("text".into())]
        );
        assert_eq!(ints(&m, "start"), [Some(0), Some(5), Some(16)]);
        assert_eq!(strings(&m, "wikidata")[0].as_deref(), Some("Q1530"));
        assert_eq!(strings(&m, "wikidata")[2], None);
        assert_eq!(strings(&m, "rule")[0], None);
        assert_eq!(strings(&m, "date"), vec![Some("2024-03-01".to_string()); 3]);
        assert_eq!(strings(&m, "n"), vec![Some("42".to_string()); 3]);
        assert_eq!(strings(&m, "source"), vec![None; 3]);
        let score = m[0]
            .column_by_name("score")
            .unwrap()
            .as_primitive::<Float32Type>();
        assert_eq!(score.values().to_vec(), vec![1.0f32, 1.0, 0.5]);
        let ambiguous = m[0].column_by_name("ambiguous").unwrap().as_list::<i32>();
        assert!(ambiguous.is_null(0) && ambiguous.is_null(1));
        let ids = ambiguous.value(2);
        let ids = ids.as_string::<i32>();
        assert_eq!(
            ids.iter().collect::<Vec<_>>(),
            [Some("tripoli-ly"), Some("tripoli-lb")]
        );

        let (_, d, _) = read(&dir.join("documents.parquet"));
        assert_eq!(
            strings(&d, "doc_id"),
            [Some("a".into()), Some(String::new())]
        );
        assert_eq!(strings(&d, "source")[0].as_deref(), Some("in.jsonl:3"));
        assert_eq!(ints(&d, "mentions"), [Some(3), Some(0)]);
        assert_eq!(strings(&d, "status")[1].as_deref(), Some("rejected"));
        assert_eq!(strings(&d, "reason")[0], None);
        assert_eq!(strings(&d, "n"), [Some("42".into()), None]);
        assert_eq!(strings(&d, "input_source"), [None, None]);

        let (_, r, _) = read(&dir.join("rejects.parquet"));
        assert_eq!(strings(&r, "file"), [Some("in.jsonl".into())]);
        assert_eq!(ints(&r, "line"), [Some(4)]);
        assert_eq!(ints(&r, "byte_offset"), [Some(200)]);
        assert_eq!(
            strings(&r, "reason"),
            [Some("not JSON: expected value at column 1".into())]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dataset_without_rows_has_one_part_with_its_schema() {
        let dir = tempdir("empty");
        let ex = extractor();
        let mut sink = Parquet::create(&Target::Dir(dir.clone()), &options()).unwrap();
        write(&mut sink, &ex, &document("a", "nothing here"));
        sink.flush().unwrap().sync().unwrap();
        sink.publish().unwrap();
        let (schema, rows, parts) = read(&dir.join("rejects.parquet"));
        assert_eq!(
            (parts, rows.iter().map(|b| b.num_rows()).sum::<usize>()),
            (1, 0)
        );
        assert_eq!(schema, schemas(&options()).unwrap()[2]);
        let (_, rows, parts) = read(&dir.join("mentions.parquet"));
        assert_eq!((parts, rows.len()), (1, 1), "the title's Baghdad");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reopen_drops_what_came_after_the_checkpoint_and_numbers_on() {
        let dir = tempdir("reopen");
        let ex = extractor();
        let mut sink = Parquet::create(&Target::Dir(dir.clone()), &options()).unwrap();
        write(&mut sink, &ex, &document("a", "Baghdad"));
        let state = sink.flush().unwrap().sync().unwrap();
        // Work after the checkpoint: a part closed but never synced, one
        // left open, and a part renamed before the checkpoint was saved.
        write(&mut sink, &ex, &document("lost-1", "Baghdad"));
        let _unsynced = sink.flush().unwrap();
        write(&mut sink, &ex, &document("lost-2", "Baghdad"));
        sink.datasets[0].write_batch(&mut sink.tables).unwrap();
        drop(sink);
        let mentions = dir.join(".mentions.parquet.partial");
        std::fs::write(mentions.join(part_name(7)), b"not yet checkpointed").unwrap();
        assert!(names_in(&mentions).unwrap().iter().any(|n| is_temp_part(n)));

        let mut sink = Parquet::reopen(&dir, &options(), &state).unwrap();
        let mut left = names_in(&mentions).unwrap();
        left.sort();
        assert_eq!(left, [EMPTY_PART, "part-00000.parquet"]);
        write(&mut sink, &ex, &document("b", "Tripoli"));
        let state = sink.flush().unwrap().sync().unwrap();
        assert_eq!(state["mentions.parquet"], 2);
        assert_eq!(state["rejects.parquet"], 0);
        sink.publish().unwrap();
        let (_, d, parts) = read(&dir.join("documents.parquet"));
        assert_eq!(parts, 2);
        assert_eq!(strings(&d, "doc_id"), [Some("a".into()), Some("b".into())]);
        let (_, r, parts) = read(&dir.join("rejects.parquet"));
        assert_eq!(
            (parts, r.iter().map(|b| b.num_rows()).sum::<usize>()),
            (1, 0)
        );

        // A part the checkpoint counts must be there.
        let dir2 = tempdir("reopen-missing");
        let sink = Parquet::create(&Target::Dir(dir2.clone()), &options()).unwrap();
        drop(sink);
        let err = Parquet::reopen(&dir2, &options(), &state).err().unwrap();
        assert!(
            err.to_string().contains("part-00000.parquet is missing"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&dir2).unwrap();
    }

    #[test]
    fn parts_close_seldom_but_at_every_checkpoint_when_asked() {
        let dir = tempdir("due");
        let mut sink = Parquet::create(&Target::Dir(dir.clone()), &options()).unwrap();
        let s = Duration::from_secs;
        assert!(sink.due(s(0), s(0)));
        assert!(!sink.due(s(59), s(1)));
        assert!(sink.due(s(60), s(1)));
        assert!(!sink.due(s(61), s(120)));
        sink.part_mentions = PART_MENTIONS;
        assert!(sink.due(s(0), s(1)));
        sink.flush().unwrap();
        assert!(!sink.due(s(0), s(1)));
        sink.part_bytes = PART_BYTES;
        assert!(sink.due(s(0), s(1)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn standard_output_is_refused() {
        assert!(Parquet::create(&Target::Stdout, &options()).is_err());
    }
}
