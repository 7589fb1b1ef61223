//! Sinks: where the results of a run go, in a format of the user's choice.
//!
//! A sink is written in two halves, as ripgrep's printers are kept apart
//! from its searcher, because the work is split across threads:
//!
//! * its [`Render`]er turns one document and its result into the bytes (or
//!   rows) of that document, on the worker threads, in parallel: rendering
//!   is the costly part of writing (a CSV table of a million mentions is
//!   mostly formatting);
//! * the [`Sink`] itself receives the rendered documents on one thread, in
//!   input order, and only copies them out. At a checkpoint it is
//!   [`flush`](Sink::flush)ed, and what that returns is made durable
//!   ([`Flushed::sync`]) on a thread of its own while writing goes on,
//!   yielding the [`SinkState`] a resumed run reopens the sink from
//!   ([`Sink::reopen`]). At the end it is [`publish`](Sink::publish)ed:
//!   its tables get their final names, so a table under its final name is
//!   always whole.
//!
//! A new format is one new file here, with a type implementing [`Sink`],
//! and one line in [`FORMATS`]. The run ([`crate::run`]) is generic over the
//! sink, so nothing is boxed per document.

pub mod arrow;
pub mod csv;
pub(crate) mod files;
pub mod jsonl;
pub mod parquet;
mod score;
pub mod stdout;

pub use files::TablesFlushed;

use crate::document::{Document, DocumentResult};
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::run::{RunOptions, Summary};
use crate::Extractor;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// One document and its result, as a renderer sees it.
///
/// ```
/// use gazet::sink::Record;
/// let ex = gazet::Extractor::new()?;
/// let doc = gazet::Document::text("a1", "Flights to Erbil");
/// let result = ex.extract(&doc);
/// let record = Record { document: &doc, result: &result, gazetteer: ex.gazetteer() };
/// let m = &record.result.mentions[0];
/// assert_eq!(m.entity(record.gazetteer).id, "erbil");
/// assert_eq!(&record.document.fields[m.field].text[m.start..m.end], "Erbil");
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    /// The document (its id, fields, kept fields and provenance).
    pub document: &'a Document,
    /// What the extractor found.
    pub result: &'a DocumentResult,
    /// The gazetteer the mentions index into.
    pub gazetteer: &'a Gazetteer,
}

/// The value of the `i`-th kept field, named `name`, of a document: `null`
/// where the document has none (one that could not be read). Every sink
/// writes the kept fields of [`SinkOptions::keep`] through it, so that each
/// row has every column.
///
/// ```
/// use gazet::sink::kept;
/// let mut doc = gazet::Document::text("a1", "Basra");
/// doc.keep = vec![("date".into(), serde_json::json!("2024-05-01"))];
/// assert_eq!(kept(&doc, 0, "date"), "2024-05-01");
/// assert_eq!(kept(&doc, 3, "date"), "2024-05-01"); // found by name when not at `i`
/// assert!(kept(&doc, 1, "url").is_null());
/// ```
pub fn kept<'d>(doc: &'d Document, i: usize, name: &str) -> &'d Value {
    static NULL: Value = Value::Null;
    doc.keep
        .get(i)
        .filter(|(n, _)| **n == *name)
        .or_else(|| doc.keep.iter().find(|(n, _)| **n == *name))
        .map_or(&NULL, |(_, v)| v)
}

/// One document as the bytes it appends to each of the three tables of a
/// line-oriented format (the CSV and JSON lines formats render to it).
///
/// ```
/// use gazet::sink::{jsonl::Jsonl, Record, Render, Sink, TableBytes, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-sink-table-bytes-{}", std::process::id()));
/// let renderer = Jsonl::create(&Target::Dir(dir.clone()), &Default::default())?.renderer();
/// let ex = gazet::Extractor::new()?;
/// let doc = gazet::Document::text("a1", "From Basra to Baghdad");
/// let result = ex.extract(&doc);
/// let rows: TableBytes = renderer.render(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() });
/// assert_eq!(rows.mentions.iter().filter(|&&b| b == b'\n').count(), 2);
/// assert!(rows.documents.starts_with(br#"{"doc_id":"a1","source":"(memory)""#));
/// assert!(rows.rejects.is_empty());
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableBytes {
    /// Its rows of the mentions table.
    pub mentions: Vec<u8>,
    /// Its row of the documents table.
    pub documents: Vec<u8>,
    /// Its row of the rejects table, if it was rejected.
    pub rejects: Vec<u8>,
}

/// Options every sink understands.
///
/// ```
/// use gazet::sink::{csv::Csv, Sink, SinkOptions, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-sink-options-{}", std::process::id()));
/// let options = SinkOptions::new(vec!["date".into(), "source".into()], false);
/// Csv::create(&Target::Dir(dir.clone()), &options)?.publish()?;
/// let header = std::fs::read_to_string(dir.join("documents.csv"))?;
/// assert_eq!(header, "doc_id,source,field_bytes,mentions,status,reason,date,input_source\n");
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SinkOptions {
    /// Write a `'` before text cells a spreadsheet would run as formulas
    /// (see [`csv::excel_safe`]).
    pub excel_safe: bool,
    /// Input fields carried into the tables (`--keep-field`), in order: the
    /// documents table always, and, in formats with typed columns, each
    /// mention row.
    pub keep: Vec<Arc<str>>,
    /// Add a `context` column to the mentions table, after its own columns
    /// and before the kept fields: up to this many characters of the text on
    /// each side of the mention, with the mention, on one line (see
    /// [`crate::context::context`]). `None`: no such column.
    pub context: Option<usize>,
}

impl SinkOptions {
    /// Options with these kept fields and `excel_safe`.
    ///
    /// ```
    /// use gazet::sink::{csv::Csv, Record, Render, Sink, SinkOptions, Target};
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-sink-options-new-{}", std::process::id()));
    /// let options = SinkOptions::new(Vec::new(), true);
    /// let renderer = Csv::create(&Target::Dir(dir.clone()), &options)?.renderer();
    /// let ex = gazet::Extractor::new()?;
    /// let doc = gazet::Document::text("=1+1", "");
    /// let result = ex.extract(&doc);
    /// let rows = renderer.render(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() });
    /// assert_eq!(rows.documents, b"'=1+1,(memory),0,0,ok,\n");
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(keep: Vec<Arc<str>>, excel_safe: bool) -> SinkOptions {
        SinkOptions {
            excel_safe,
            keep,
            context: None,
        }
    }

    /// These options with a `context` column of up to `n` characters each
    /// side (or none).
    ///
    /// ```
    /// use gazet::sink::SinkOptions;
    /// let options = SinkOptions::new(Vec::new(), false).with_context(Some(20));
    /// assert_eq!(options.context, Some(20));
    /// assert_eq!(options.mention_columns().last(), Some(&"context"));
    /// assert_eq!(SinkOptions::default().mention_columns(), gazet::sink::csv::MENTION_COLUMNS);
    /// ```
    pub fn with_context(mut self, n: Option<usize>) -> SinkOptions {
        self.context = n;
        self
    }

    /// The mentions table's own columns: [`csv::MENTION_COLUMNS`], then
    /// [`CONTEXT_COLUMN`] when [`SinkOptions::context`] is set (the kept
    /// fields come after them, named against them).
    pub fn mention_columns(&self) -> Vec<&'static str> {
        let mut columns = csv::MENTION_COLUMNS.to_vec();
        if self.context.is_some() {
            columns.push(CONTEXT_COLUMN);
        }
        columns
    }

    /// The `context` cell of mention `m` of a record, when asked for:
    /// the same text in every format.
    ///
    /// ```
    /// use gazet::sink::{Record, SinkOptions};
    /// let ex = gazet::Extractor::new()?;
    /// let doc = gazet::Document::text("a1", "Flights to\nErbil resumed on Monday");
    /// let result = ex.extract(&doc);
    /// let record = Record { document: &doc, result: &result, gazetteer: ex.gazetteer() };
    /// let m = &result.mentions[0];
    /// assert_eq!(SinkOptions::context_of(Some(8), &record, m).as_deref(), Some("to Erbil resumed"));
    /// assert_eq!(SinkOptions::context_of(None, &record, m), None);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn context_of(
        n: Option<usize>,
        r: &Record<'_>,
        m: &crate::mention::Mention,
    ) -> Option<String> {
        let text = r.document.fields.get(m.field).map_or("", |f| &f.text);
        n.map(|n| crate::context::context(text, m.start, m.end, n))
    }

    /// The column name of a kept field in a table whose own columns are
    /// `columns`: its name, or `input_NAME` where the table already has a
    /// column of that name (`source` in the documents table).
    ///
    /// ```
    /// use gazet::sink::SinkOptions;
    /// assert_eq!(SinkOptions::kept_column("date", &["doc_id", "source"]), "date");
    /// assert_eq!(SinkOptions::kept_column("source", &["doc_id", "source"]), "input_source");
    /// ```
    pub fn kept_column(name: &str, columns: &[&str]) -> String {
        if columns.contains(&name) {
            format!("input_{name}")
        } else {
            name.to_string()
        }
    }
}

/// The name of the mentions table's `context` column (see
/// [`SinkOptions::context`]).
pub const CONTEXT_COLUMN: &str = "context";

/// Where a run writes.
///
/// ```
/// use gazet::sink::{csv::Csv, Sink, Target};
/// assert_eq!(Target::parse("out".as_ref()), Target::Dir("out".into()));
/// let refused = Csv::create(&Target::Stdout, &Default::default());
/// assert!(matches!(refused, Err(gazet::Error::Usage(m)) if m.contains("give --out DIR")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Tables in a directory (created if needed): resumable.
    Dir(PathBuf),
    /// Standard output: a stream, not resumable.
    Stdout,
}

impl Target {
    /// `-` is standard output; anything else a directory.
    ///
    /// ```
    /// use gazet::sink::Target;
    /// assert_eq!(Target::parse("-".as_ref()), Target::Stdout);
    /// ```
    pub fn parse(s: &Path) -> Target {
        if s == Path::new("-") {
            Target::Stdout
        } else {
            Target::Dir(s.to_path_buf())
        }
    }

    /// The directory, if the target is one.
    ///
    /// ```
    /// use gazet::sink::Target;
    /// use std::path::Path;
    /// assert_eq!(Target::parse("out".as_ref()).dir(), Some(Path::new("out")));
    /// assert_eq!(Target::parse("-".as_ref()).dir(), None);
    /// ```
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Target::Dir(d) => Some(d),
            Target::Stdout => None,
        }
    }
}

/// What a sink records at a checkpoint to be reopened from (lengths of its
/// files, parts written): opaque to the run, which stores it in the
/// checkpoint as JSON.
///
/// ```
/// use gazet::sink::{csv::Csv, Flushed, Sink, SinkState, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-sink-state-{}", std::process::id()));
/// let mut sink = Csv::create(&Target::Dir(dir.clone()), &Default::default())?;
/// let state: SinkState = sink.flush()?.sync()?;
/// assert_eq!(state["rejects.csv"], 36); // the length of its header
/// let text = serde_json::to_string(&state)?; // as the checkpoint stores it
/// Csv::reopen(&dir, &Default::default(), &serde_json::from_str(&text)?)?.publish()?;
/// assert_eq!(std::fs::read_to_string(dir.join("rejects.csv"))?.len(), 36);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type SinkState = serde_json::Value;

/// Renders one document for a sink; runs on the worker threads.
///
/// ```
/// use gazet::sink::{Record, Render};
/// /// The entity ids a document mentions.
/// struct Ids;
/// impl Render for Ids {
///     type Output = Vec<String>;
///     fn render(&self, r: &Record<'_>) -> Vec<String> {
///         r.result.mentions.iter().map(|m| m.entity(r.gazetteer).id.clone()).collect()
///     }
/// }
/// let ex = gazet::Extractor::new()?;
/// let doc = gazet::Document::text("a1", "From Basra to Baghdad");
/// let result = ex.extract(&doc);
/// let ids = Ids.render(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() });
/// assert_eq!(ids, ["basra", "baghdad"]);
/// # Ok::<(), gazet::Error>(())
/// ```
pub trait Render: Send + Sync + 'static {
    /// What one document becomes (bytes of rows, typed rows).
    type Output: Send + 'static;
    /// Renders one document. Must not fail: anything a document holds can
    /// be written.
    fn render(&self, record: &Record<'_>) -> Self::Output;
}

/// A sink flushed to the operating system, to be made durable.
///
/// ```
/// use gazet::sink::{jsonl::Jsonl, Flushed, Sink, TableBytes, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-sink-flushed-{}", std::process::id()));
/// let mut sink = Jsonl::create(&Target::Dir(dir.clone()), &Default::default())?;
/// sink.write(TableBytes { documents: b"{\"doc_id\":\"a1\"}\n".to_vec(), ..Default::default() })?;
/// let state = sink.flush()?.sync()?;
/// let lengths = serde_json::json!({"mentions.jsonl": 0, "documents.jsonl": 16, "rejects.jsonl": 0});
/// assert_eq!(state, lengths);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Flushed: Send + 'static {
    /// Makes what was flushed durable (possibly on another thread while the
    /// sink goes on), and returns the state to reopen from.
    fn sync(self) -> Result<SinkState, Error>;
}

/// An output format: see the [module documentation](self).
///
/// ```
/// use gazet::sink::{jsonl::Jsonl, Flushed, Record, Render, Sink, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-sink-{}", std::process::id()));
/// let ex = gazet::Extractor::new()?;
/// let doc = gazet::Document::text("a1", "At the Shalamcheh crossing");
/// let result = ex.extract(&doc);
/// let mut sink = Jsonl::create(&Target::Dir(dir.clone()), &Default::default())?;
/// let rows = sink.renderer().render(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() });
/// sink.write(rows)?;
/// sink.flush()?.sync()?;
/// assert!(!dir.join("mentions.jsonl").exists()); // not published yet
/// sink.publish()?;
/// assert!(std::fs::read_to_string(dir.join("mentions.jsonl"))?.contains("\"shalamcheh\""));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Sink: Send + Sized + 'static {
    /// Its name, as `--format` takes it (`csv`).
    const NAME: &'static str;
    /// Does it write its tables into a directory (which a run then locks,
    /// see [`files::Lock`])? Standard output does not.
    const DIRECTORY: bool = true;
    /// Where it lists rejected documents, for the summary line
    /// (`rejects.csv`).
    const REJECTS: &'static str = "the rejects table";
    /// Its renderer.
    type Renderer: Render;
    /// What [`Sink::flush`] returns.
    type Flushed: Flushed;

    /// Starts the tables of a new run in `target`. A directory sink first
    /// removes the tables of its format that an earlier run left there, so
    /// that none can be mistaken for this run's.
    fn create(target: &Target, options: &SinkOptions) -> Result<Self, Error>;
    /// Reopens the tables of an interrupted run in `dir` at the state of its
    /// last checkpoint (dropping what was written after it), to append.
    fn reopen(dir: &Path, options: &SinkOptions, state: &SinkState) -> Result<Self, Error>;
    /// Completes a run that was killed after its last document was committed
    /// but before every table had its final name.
    fn publish_left(dir: &Path) -> Result<(), Error>;
    /// The renderer the workers use.
    fn renderer(&self) -> Self::Renderer;
    /// Writes one rendered document; documents come in input order.
    fn write(&mut self, doc: <Self::Renderer as Render>::Output) -> Result<(), Error>;
    /// Flushes what was written to the operating system.
    fn flush(&mut self) -> Result<Self::Flushed, Error>;
    /// Is a checkpoint due, `since` the last one, for a run that asks for
    /// one every `interval`? A sink whose checkpoints are costly (a Parquet
    /// part per checkpoint) may ask for fewer.
    fn due(&self, since: Duration, interval: Duration) -> bool {
        since >= interval
    }
    /// Gives the tables their final names; called after a last
    /// [`flush`](Sink::flush) and sync (what was written since is flushed
    /// and synced first, so nothing is lost).
    fn publish(self) -> Result<(), Error>;
}

/// One output format, as listed in [`FORMATS`].
///
/// ```
/// use gazet::sink::{format, Format};
/// let parquet: Format = format("parquet").ok_or("no such format")?;
/// assert_eq!(parquet.name, "parquet");
/// assert_eq!(format!("{parquet:?}"), "parquet"); // shown by its name
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Format {
    /// Its name (`csv`), as `--format` takes it.
    pub name: &'static str,
    run: RunFn,
}

type RunFn = fn(&[PathBuf], &Extractor, &Target, &RunOptions) -> Result<Summary, Error>;

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl Format {
    /// The entry of a sink type.
    ///
    /// ```
    /// use gazet::sink::{jsonl::Jsonl, Format, Sink};
    /// let f = Format::of::<Jsonl>();
    /// assert_eq!(f.name, Jsonl::NAME);
    /// assert_eq!(gazet::sink::format("jsonl").map(|g| g.name), Some(f.name));
    /// ```
    pub const fn of<S: Sink>() -> Format {
        Format {
            name: S::NAME,
            run: crate::run::run::<S>,
        }
    }

    /// Runs an extraction over `inputs` with this format (see
    /// [`crate::run::run`]).
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-sink-format-run-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("a.txt"), "Talks in Baghdad.")?;
    /// let ex = gazet::Extractor::new()?;
    /// let csv = gazet::sink::format("csv").ok_or("no csv format")?;
    /// let out = gazet::sink::Target::Dir(dir.join("out"));
    /// let summary = csv.run(&[dir.join("a.txt")], &ex, &out, &Default::default())?;
    /// assert_eq!(summary.counts.mentions, 1);
    /// assert!(std::fs::read_to_string(dir.join("out/mentions.csv"))?.contains(",baghdad,"));
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run(
        &self,
        inputs: &[PathBuf],
        extractor: &Extractor,
        target: &Target,
        options: &RunOptions,
    ) -> Result<Summary, Error> {
        (self.run)(inputs, extractor, target, options)
    }
}

/// Every output format, by name: register a new one here.
///
/// ```
/// let names: Vec<&str> = gazet::sink::FORMATS.iter().map(|f| f.name).collect();
/// assert_eq!(names, ["csv", "jsonl", "parquet", "stdout"]);
/// ```
pub const FORMATS: &[Format] = &[
    Format::of::<csv::Csv>(),
    Format::of::<jsonl::Jsonl>(),
    Format::of::<parquet::Parquet>(),
    Format::of::<stdout::Stdout>(),
];

/// The format of this name.
///
/// ```
/// assert_eq!(gazet::sink::format("csv").unwrap().name, "csv");
/// assert!(gazet::sink::format("xml").is_none());
/// ```
pub fn format(name: &str) -> Option<Format> {
    FORMATS.iter().copied().find(|f| f.name == name)
}
