//! The extraction run: documents in, tables out, on all cores.
//!
//! [`run`] reads the inputs with [`crate::source`], finds the mentions of
//! each document with the [`Extractor`], and writes them with a
//! [`Sink`] of the user's choice: CSV tables, JSON lines, Parquet, or
//! standard output. It owns what depends on the whole run rather than on
//! one document: threads, input order, ids seen before, checkpoints and
//! resuming. Nothing here knows a format.
//!
//! Three stages run at once, joined by channels of fixed depth. One thread
//! reads documents ([`crate::source`]) and groups them into batches of bounded
//! size. A second matches each batch in parallel on the rayon pool, and each
//! worker also renders its document for the sink
//! ([`crate::sink::Render`]), the costly part of writing. The calling thread copies
//! the rendered rows to the tables in input order, while the pool matches the
//! next batch. Memory is bounded by the batch size and the channel depths,
//! whatever the size of the corpus, and the output is byte-identical whatever
//! the number of threads, because each batch is collected in order before it
//! is written.
//!
//! A run is built to last hours and to survive its own end:
//!
//! * every document read is written to the documents table once, `ok`,
//!   `flagged` or `rejected`, and the rejected ones to the rejects table as
//!   well; the
//!   counts in the [`Summary`] always reconcile (documents = ok + flagged +
//!   rejected);
//! * the reader thread, which alone sees the documents in order, flags a
//!   document whose id was seen before;
//! * a document whose matching panics (a bug, never an input's fault) is
//!   rejected with a message saying so, and the run goes on;
//! * after a batch, once a second (or as the sink asks), the tables are committed and a
//!   checkpoint written (flushed on the writing thread, then synced to
//!   disk on a thread of their own while writing goes on),
//!   so a killed run resumes where it stopped (`resume`), with the same bytes
//!   as a run that never stopped;
//! * a stop request (Ctrl-C: [`RunOptions::stop`]) is seen between
//!   documents: the documents in progress finish, the finished ones are
//!   committed, and the run returns [`Error::Interrupted`] within a second or
//!   two (longer only while a single huge document is being matched).

pub(crate) mod checkpoint;
pub(crate) mod ids;

use crate::aggregate::{self, AggregateOptions, Aggregates, AggregatesState, DocAggregate};
use crate::document::{Document, Reason, Status};
use crate::error::Error;
use crate::extract::Extractor;
use crate::sink::files::{self, Appender, Pending};
use crate::sink::{Flushed, Record, Render, Sink, SinkOptions, SinkState, Target};
use crate::source::{discover_with, InputFile, Location, Position, ReadOptions, Reader, Skipped};
pub use checkpoint::Counts;
use checkpoint::{Checkpoint, Fingerprint};
use ids::{FirstSeen, SeenIds};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The list of ids of the documents written, one JSON string a line: a
/// resumed run reads it back to flag ids seen before the interruption.
const IDS: &str = "doc-ids";

/// Options of a run.
///
/// ```
/// use gazet::run::RunOptions;
/// use gazet::source::ReadOptions;
/// let mut options = RunOptions::new(ReadOptions::new("id", vec!["title".into(), "body".into()]));
/// options.threads = Some(2);
/// options.resume = true;
/// assert_eq!(options.batch_docs, gazet::run::BATCH_DOCS);
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct RunOptions {
    /// Which fields to read.
    pub read: ReadOptions,
    /// Worker threads; `None` for one per core.
    pub threads: Option<usize>,
    /// A batch closes at this many documents...
    pub batch_docs: usize,
    /// ... or at this many bytes of text. Up to six batches are in memory
    /// at once (one being read, two queued, one being matched, two matched
    /// and waiting to be written or being written), so this sets what a
    /// run holds beyond the gazetteer. 1 MB keeps every core busy and the
    /// peak low and steady: on the Tehran Times, 93 to 96 MB over five
    /// runs, where 4 MB gave 98 to 124 MB in as much time.
    pub batch_bytes: usize,
    /// A checkpoint is written after the first batch that ends this long
    /// after the last one. Each costs a few milliseconds of syncing files to
    /// disk; a killed run redoes at most this much work, and a batch.
    pub checkpoint_interval: Duration,
    /// Write cells a spreadsheet would take for formulas with a `'` in front.
    pub excel_safe: bool,
    /// Add a `context` column to the mentions table: up to this many
    /// characters of the text on each side of each mention (see
    /// [`SinkOptions::context`]).
    pub context: Option<usize>,
    /// Continue the interrupted run in the output directory, if there is one
    /// (see the [module documentation](self)).
    pub resume: bool,
    /// Count the entities and their pairs, and write the entities and
    /// co-occurrence tables (see [`crate::aggregate`]); only a run into a
    /// directory writes them.
    pub aggregate: Option<AggregateOptions>,
    /// Set to stop the run cleanly (from a Ctrl-C handler, say).
    pub stop: Option<Arc<AtomicBool>>,
    /// Told how far the run is, after each batch (the command line draws a
    /// progress bar with it).
    pub progress: Option<Arc<dyn Progress>>,
    /// A pause after each batch is written: slows a run down to a known
    /// pace, so that the fault tests can kill it halfway on a busy machine.
    #[doc(hidden)]
    pub batch_pause: Duration,
}

/// Documents per batch, by default.
///
/// ```
/// assert_eq!(gazet::RunOptions::default().batch_docs, gazet::run::BATCH_DOCS);
/// ```
pub const BATCH_DOCS: usize = 4096;

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            read: ReadOptions::default(),
            threads: None,
            batch_docs: BATCH_DOCS,
            batch_bytes: 1 << 20,
            checkpoint_interval: Duration::from_secs(1),
            excel_safe: false,
            context: None,
            resume: false,
            aggregate: None,
            stop: None,
            progress: None,
            batch_pause: Duration::ZERO,
        }
    }
}

impl RunOptions {
    /// The default options, reading these fields.
    ///
    /// ```
    /// use gazet::{source::ReadOptions, RunOptions};
    /// let options = RunOptions::new(ReadOptions::default().keep(vec!["date".into()]));
    /// assert_eq!(options.read.keep_fields, ["date"]);
    /// ```
    pub fn new(read: ReadOptions) -> RunOptions {
        RunOptions {
            read,
            ..RunOptions::default()
        }
    }
}

/// Follows a run: told where it starts, how far it is after each batch,
/// and when it ends. Called from the run's writing thread.
///
/// ```
/// use gazet::run::{Counts, Progress, RunOptions};
/// use gazet::source::{InputFile, Position};
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::sync::Arc;
///
/// /// Keeps the documents done so far.
/// #[derive(Default)]
/// struct Done(AtomicU64);
///
/// impl Progress for Done {
///     fn start(&self, _files: &[InputFile], counts: Counts) {
///         self.0.store(counts.documents, Ordering::Relaxed);
///     }
///     fn update(&self, counts: Counts, _at: Position) {
///         self.0.store(counts.documents, Ordering::Relaxed);
///     }
///     fn finish(&self) {}
/// }
///
/// let done = Arc::new(Done::default());
/// let mut options = RunOptions::default();
/// options.progress = Some(done.clone());
/// let dir = std::env::temp_dir().join(format!("gazet-doc-progress-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Protests in Tehran.")?;
/// gazet::run::extract(&[dir.join("a.txt")], &gazet::Extractor::new()?, &dir.join("out"), &options)?;
/// assert_eq!(done.0.load(Ordering::Relaxed), 1);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Progress: Send + Sync {
    /// The run starts over these input files, with these counts already
    /// done (a resumed run).
    fn start(&self, files: &[InputFile], counts: Counts);
    /// The counts so far; the reader is at `at`.
    fn update(&self, counts: Counts, at: Position);
    /// Every document is written.
    fn finish(&self);
}

/// What a run did.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("gazet-doc-summary-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.jsonl"), "{\"id\": \"a\", \"text\": \"Basra\"}\nnot json\n")?;
/// let ex = gazet::Extractor::new()?;
/// let summary = gazet::run::extract(&[dir.join("a.jsonl")], &ex, &dir.join("out"), &Default::default())?;
/// assert_eq!((summary.counts.documents, summary.counts.rejected), (2, 1));
/// assert_eq!(summary.rejects, "rejects.csv");
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Summary {
    /// Documents, by status; bytes and mentions (over the whole run, the
    /// part before an interruption included).
    pub counts: Counts,
    /// Files passed over while walking directories, and empty files that
    /// hold no document.
    pub skipped: Vec<Skipped>,
    /// Things a person should know about the run (a resume that found
    /// nothing to resume, ...).
    pub notes: Vec<String>,
    /// When the run continued an interrupted one: the counts it had reached.
    pub resumed: Option<Counts>,
    /// The output was closed by its reader before the end (`| head`): the
    /// run stopped there, as the reader asked.
    pub closed: bool,
    /// Wall time in seconds (of this process).
    pub seconds: f64,
    /// Where the rejected documents are listed (`rejects.csv`).
    pub rejects: &'static str,
    /// When the run counted aggregates: the rows of its entities and
    /// co-occurrence tables.
    pub aggregates: Option<(u64, u64)>,
}

impl Summary {
    /// The one-line summary printed at the end of a run.
    ///
    /// ```
    /// let mut s = gazet::Summary::default();
    /// s.counts.documents = 2;
    /// s.counts.ok = 2;
    /// s.counts.bytes = 2_000;
    /// assert!(s.line().starts_with("gazet: 2 documents: 2 ok, 0 flagged, 0 rejected; 2.0 kB, 0 mentions"));
    /// ```
    pub fn line(&self) -> String {
        let c = &self.counts;
        let before = self.resumed.unwrap_or_default();
        let mb = (c.bytes - before.bytes) as f64 / 1e6;
        let rate = if self.seconds > 0.0 {
            mb / self.seconds
        } else {
            0.0
        };
        let mut line = format!(
            "gazet: {} documents: {} ok, {} flagged, {} rejected{}; {}, {} mentions, {:.2} s, {:.1} MB/s",
            c.documents,
            c.ok,
            c.flagged,
            c.rejected,
            if c.rejected > 0 {
                format!(" (see {})", self.rejects)
            } else {
                String::new()
            },
            human_bytes(c.bytes),
            c.mentions,
            self.seconds,
            rate,
        );
        if let Some((entities, pairs)) = self.aggregates {
            line.push_str(&format!("; {entities} entities, {pairs} pairs"));
        }
        if let Some(r) = self.resumed {
            line.push_str(&format!(
                "; resumed after {} documents done before",
                r.documents
            ));
        }
        if !self.skipped.is_empty() {
            line.push_str(&format!("; {} files skipped", self.skipped.len()));
        }
        line
    }
}

/// `33.1 kB`, `85.0 MB`: decimal units, as MB/s is.
fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

/// Runs extraction over `inputs` into the CSV tables of `out`: [`run`] with
/// the CSV sink.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("gazet-doc-run-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Kata'ib Hezbollah fighters in Jurf al-Sakhar.")?;
/// let out = dir.join("out");
/// let ex = gazet::Extractor::new()?;
/// let summary = gazet::run::extract(&[&dir], &ex, &out, &gazet::RunOptions::default())?;
/// assert_eq!(summary.counts.documents, 1);
/// let mentions = std::fs::read_to_string(out.join("mentions.csv"))?;
/// assert!(mentions.contains("kataib-hezbollah"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn extract<P: AsRef<Path>>(
    inputs: &[P],
    extractor: &Extractor,
    out: &Path,
    options: &RunOptions,
) -> Result<Summary, Error> {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| p.as_ref().to_path_buf()).collect();
    run::<crate::sink::csv::Csv>(&inputs, extractor, &Target::Dir(out.to_path_buf()), options)
}

/// What the reader thread sends: a batch of documents, each with the
/// position after it.
type Batch = Vec<(Document, Position)>;

/// What the matcher thread sends: a batch matched and rendered, with the
/// input position after each document (`None` for a document left when a
/// stop came), or the end.
enum Matched<R> {
    Batch(Vec<Option<Done<R>>>, Vec<Position>),
    End,
}

/// One document matched and rendered, with what the summary counts.
struct Done<R> {
    rendered: R,
    /// Its line in the list of ids.
    id_line: Vec<u8>,
    status: Status,
    field_bytes: usize,
    mentions: usize,
    /// Its id and its part of the aggregates, when the run counts them.
    aggregate: Option<(Box<str>, DocAggregate)>,
}

/// How a run starts.
enum Start {
    Fresh,
    Resume(Box<Checkpoint>),
}

/// Everything decided before anything is written: the inputs, the threads,
/// and whether the run starts afresh or resumes.
struct Plan {
    files: Vec<InputFile>,
    pool: rayon::ThreadPool,
    out: Option<PathBuf>,
    resumable: bool,
    fingerprint: Fingerprint,
    start: Start,
    summary: Summary,
    /// The output directory's lock, held to the end of the run.
    lock: Option<files::Lock>,
}

/// The sink and the list of ids, flushed, to be made durable.
struct Commit<F> {
    sink: F,
    ids: Option<Pending>,
}

impl<F: Flushed> Commit<F> {
    fn sync(self) -> Result<(SinkState, u64), Error> {
        let state = self.sink.sync()?;
        let ids = match &self.ids {
            Some(p) => p.sync()?,
            None => 0,
        };
        Ok((state, ids))
    }
}

/// Runs extraction over the inputs with the sink `S` into `target`.
///
/// Errors found before the first document is matched (an input that does not
/// exist, a checkpoint of another run) leave the target as it was. Once the
/// tables are started, an error is returned as [`Error::Incomplete`] and a
/// stop request as [`Error::Interrupted`]; neither gives any table its final
/// name, and both keep the checkpoint for `resume`.
///
/// ```
/// use gazet::sink::{jsonl::Jsonl, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-run-jsonl-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Protests in Mashhad.")?;
/// let out = Target::Dir(dir.join("out"));
/// let ex = gazet::Extractor::new()?;
/// gazet::run::run::<Jsonl>(&[dir.join("a.txt")], &ex, &out, &Default::default())?;
/// assert!(std::fs::read_to_string(dir.join("out/mentions.jsonl"))?.contains("\"mashhad\""));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run<S: Sink>(
    inputs: &[PathBuf],
    extractor: &Extractor,
    target: &Target,
    options: &RunOptions,
) -> Result<Summary, Error> {
    let started = Instant::now();
    let sink_options = SinkOptions::new(
        options
            .read
            .keep_fields
            .iter()
            .map(|f| Arc::from(f.as_str()))
            .collect(),
        options.excel_safe,
    )
    .with_context(options.context);
    let plan = plan::<S>(inputs, extractor, target, options)?;
    let Plan {
        files,
        pool,
        out,
        resumable,
        fingerprint,
        start,
        mut summary,
        lock: _lock,
    } = plan;
    let all_files = files.clone();
    // Aggregates are tables of a directory: standard output has none.
    let aggregating = options.aggregate.as_ref().filter(|_| out.is_some());
    let (sink, ids_list, reader, seen, next, aggregates) = match start {
        Start::Resume(cp) if cp.finished => {
            // Killed while renaming the finished tables: finish renaming.
            let out = out.as_deref().expect("a checkpoint is in a directory");
            S::publish_left(out)?;
            files::publish(out, &aggregate::tables::all_names().collect::<Vec<_>>())?;
            if let Err(e) = files::remove(&out.join(files::partial_name(IDS)), "the list of ids")
                .and_then(|()| Checkpoint::remove(out))
            {
                summary.notes.push(format!(
                    "the tables are complete, but {e}; remove it by hand"
                ));
            }
            summary.counts = cp.counts;
            summary.resumed = Some(cp.counts);
            summary.seconds = started.elapsed().as_secs_f64();
            return Ok(summary);
        }
        Start::Resume(cp) => {
            let out = out.as_deref().expect("a checkpoint is in a directory");
            let sink = S::reopen(out, &sink_options, &cp.sink)?;
            let ids = read_ids(out, cp.ids)?;
            let rows = documents_rows(out, S::NAME, &cp.sink)?;
            for (what, n) in [
                ("list of ids", Some(ids.len() as u64)),
                ("documents table", rows),
            ] {
                if let Some(n) = n.filter(|&n| n != cp.counts.documents) {
                    return Err(Error::Usage(format!(
                        "cannot resume the run in {}: its checkpoint counts {} documents, its {what} holds {n}; run without --resume to start again",
                        out.display(),
                        cp.counts.documents
                    )));
                }
            }
            let mut seen = SeenIds::new();
            for id in ids {
                seen.check(&id);
            }
            summary.counts = cp.counts;
            summary.resumed = Some(cp.counts);
            let ids_list = Appender::reopen(out, IDS, cp.ids)?;
            let reader = Reader::resume(files, options.read.clone(), cp.next);
            let aggregates = match (aggregating, cp.aggregates) {
                (Some(_), Some(state)) => {
                    if let Err(why) = state.check_entities(extractor.gazetteer()) {
                        return Err(Error::Usage(format!(
                            "cannot resume the run in {}: {why}; run without --resume to start again",
                            out.display()
                        )));
                    }
                    Some(Aggregates::from_state(state))
                }
                (Some(_), None) => {
                    return Err(Error::Usage(format!(
                        "cannot resume the run in {}: it did not count the aggregates; run without --resume to start again",
                        out.display()
                    )))
                }
                (None, _) => None,
            };
            (sink, Some(ids_list), reader, seen, cp.next, aggregates)
        }
        Start::Fresh => {
            if let Some(out) = &out
                && out.is_dir()
            {
                Checkpoint::remove(out)?;
                // The aggregate tables of an earlier run, in any format,
                // must not pass for this run's.
                for name in aggregate::tables::all_names() {
                    files::remove(&out.join(name), "an earlier run's table")?;
                    files::remove(
                        &out.join(files::partial_name(name)),
                        "an earlier run's table",
                    )?;
                }
            }
            let sink = S::create(target, &sink_options)?;
            let ids_list = match &out {
                Some(out) => Some(Appender::create(out, IDS)?),
                None => None,
            };
            let reader = Reader::new(files, options.read.clone());
            let aggregates = aggregating.cloned().map(Aggregates::new);
            (
                sink,
                ids_list,
                reader,
                SeenIds::new(),
                Position::default(),
                aggregates,
            )
        }
    };

    let stop = options.stop.clone().unwrap_or_default();
    let (producer, batches) = spawn_reader(reader, seen, options, stop.clone())?;
    if let Some(p) = &options.progress {
        p.start(&all_files, summary.counts);
    }
    let mut writer = Writer {
        sink,
        ids_list,
        counts: summary.counts,
        committed: summary.counts.documents,
        next,
        last_commit: Instant::now(),
        out: out.as_deref(),
        fingerprint: &fingerprint,
        resumable,
        options,
        stop: &stop,
        aggregates,
        gazetteer: extractor.gazetteer(),
        aggregates_cost: Arc::default(),
    };
    let ended = writer.drive(extractor, &pool, batches);
    let Writer {
        mut sink,
        mut ids_list,
        counts,
        committed,
        next,
        mut aggregates,
        ..
    } = writer;
    match ended? {
        Ended::Closed => {
            // The reader of standard output has all it wants: stop quietly.
            stop.store(true, Ordering::Relaxed);
            drop(producer);
            if let Some(p) = &options.progress {
                p.finish();
            }
            summary.counts = counts;
            summary.closed = true;
            summary.seconds = started.elapsed().as_secs_f64();
            return Ok(summary);
        }
        Ended::Stopped => {
            return Err(Error::Interrupted {
                documents: committed,
                resumable,
            })
        }
        Ended::Broken => {
            let _ = producer.join();
            return Err(incomplete(
                Error::Usage("the reader thread stopped before the end of the input".into()),
                committed,
                resumable,
            ));
        }
        Ended::Complete => {}
    }
    let _ = producer.join();
    let finish = match &out {
        None => {
            if let Some(all) = &mut aggregates {
                // Counted to the end for the summary (no table is written).
                pool.install(|| all.finish());
            }
            match sink.flush() {
                Ok(_) | Err(Error::OutputClosed) => sink.publish(),
                Err(e) => Err(e),
            }
        }
        Some(out) => flush(&mut sink, &mut ids_list)
            .and_then(|flushed| {
                // The tables written so far are made durable on a thread of
                // their own while the aggregate tables are rendered: the
                // disk and the cores work at once.
                let (synced, written) = std::thread::scope(|scope| {
                    let syncing = scope.spawn(|| flushed.sync());
                    let written = match &mut aggregates {
                        Some(all) => pool.install(|| {
                            aggregate::tables::write_partial(out, S::NAME, all, options.excel_safe)
                        }),
                        None => Ok(()),
                    };
                    let synced = syncing.join().unwrap_or_else(|_| Err(sync_thread_failed()));
                    (synced, written)
                });
                let (state, ids) = synced?;
                written?;
                Checkpoint::new(fingerprint.clone(), next, state, ids, counts, true).save(out)
            })
            .and_then(|()| sink.publish())
            .and_then(|()| match aggregate::tables::names(S::NAME) {
                Some(names) if aggregates.is_some() => files::publish(out, &names),
                _ => Ok(()),
            })
            .map(|()| {
                // The tables are whole under their final names: what is
                // left is clearing up, and a failure there is said, not
                // taken for an interrupted run (a checkpoint left behind
                // says the run finished: `--resume` only clears up).
                drop(ids_list);
                let cleared = files::remove(&out.join(files::partial_name(IDS)), "the list of ids")
                    .and_then(|()| Checkpoint::remove(out));
                if let Err(e) = cleared {
                    summary.notes.push(format!(
                        "the tables are complete, but {e}; remove it by hand"
                    ));
                }
            }),
    };
    if let Err(e) = finish {
        return Err(incomplete(e, committed, resumable));
    }
    if let Some(p) = &options.progress {
        p.finish();
    }
    summary.counts = counts;
    if let Some(all) = &aggregates {
        summary.aggregates = Some((all.entity_count() as u64, all.pair_rows_len() as u64));
        if all.capped_units() > 0 {
            summary.notes.push(format!(
                "{} sentences, paragraphs or documents named more than {} entities: their pairs were counted among the {} most mentioned",
                all.capped_units(),
                aggregate::MAX_UNIT_ENTITIES,
                aggregate::MAX_UNIT_ENTITIES
            ));
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The error of a thread making the tables durable that panicked.
fn sync_thread_failed() -> Error {
    Error::Usage("the thread making the tables durable failed".into())
}

/// A checkpoint, with the aggregates counted so far.
fn checkpoint(
    run: Fingerprint,
    next: Position,
    sink: SinkState,
    ids: u64,
    counts: Counts,
    finished: bool,
    aggregates: Option<AggregatesState>,
) -> Checkpoint {
    let mut cp = Checkpoint::new(run, next, sink, ids, counts, finished);
    cp.aggregates = aggregates;
    cp
}

/// An error once the tables are started: the run is incomplete.
fn incomplete(cause: Error, documents: u64, resumable: bool) -> Error {
    Error::Incomplete {
        cause: Box::new(cause),
        documents,
        resumable,
    }
}

/// Finds the inputs, starts the threads, and decides how the run starts,
/// writing nothing: every error here leaves the target as it was.
fn plan<S: Sink>(
    inputs: &[PathBuf],
    extractor: &Extractor,
    target: &Target,
    options: &RunOptions,
) -> Result<Plan, Error> {
    let (files, mut skipped) = discover_with(inputs, &options.read)?;
    let files = leave_out_output(files, &mut skipped, inputs, target.dir());
    let threads = options.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let out = target.dir().map(Path::to_path_buf);
    match &out {
        Some(out) if out.exists() && !out.is_dir() => {
            return Err(Error::io(
                out.display(),
                "cannot create output directory: a file of that name exists",
            ))
        }
        None if options.resume => return Err(Error::Usage(
            "--resume continues a run written into a directory: standard output cannot be resumed"
                .into(),
        )),
        _ => {}
    }
    check_fields(&files, &options.read)?;
    // One run at a time in a directory, from before its checkpoint is read
    // to after its tables are published.
    let lock = out
        .as_deref()
        .filter(|_| S::DIRECTORY)
        .map(files::Lock::take)
        .transpose()?;
    let resumable = out.is_some() && !files.iter().any(|f| f.location == Location::Stdin);
    let mut described = format!(
        "format {}, id field {:?}, text fields {:?}, kept fields {:?}, min score {}, excel-safe {}",
        S::NAME,
        options.read.id_field,
        options.read.text_fields,
        options.read.keep_fields,
        extractor.min_score(),
        options.excel_safe
    );
    if let Some(n) = options.context {
        // Only when set: a checkpoint of a run without it reads as before.
        described.push_str(&format!(", context {n}"));
    }
    if let Some(name) = &options.read.input_format {
        described.push_str(&format!(", input format {name}"));
    }
    if let Some(a) = &options.aggregate {
        described.push_str(&format!(", aggregates {a:?}"));
    }
    let fingerprint = Fingerprint::new(&files, described, extractor.fingerprint());
    let mut summary = Summary {
        skipped,
        rejects: S::REJECTS,
        ..Summary::default()
    };
    let shown = out
        .as_ref()
        .map(|o| o.display().to_string())
        .unwrap_or_default();
    // A run that does not resume only needs to know whether it drops one:
    // it never reads the checkpoint, which may be damaged.
    let existing = match &out {
        Some(out) if options.resume => Checkpoint::load(out)?,
        _ => None,
    };
    let dropped = !options.resume
        && out
            .as_ref()
            .is_some_and(|o| o.join(checkpoint::FILE).exists());
    let start = match existing {
        Some(_) if !resumable => {
            return Err(Error::Usage(
                "--resume cannot continue a run that reads standard input (what was read cannot be checked): run without --resume, or give the file itself".into(),
            ))
        }
        Some(cp) => {
            if cp.next.file > files.len() {
                return Err(Error::Usage(format!(
                    "cannot resume the run in {shown}: its checkpoint goes on at input file {}, of {}; run without --resume to start again",
                    cp.next.file + 1,
                    files.len()
                )));
            }
            if let Some(why) = cp.run.mismatch(&fingerprint, cp.next.file) {
                return Err(Error::Usage(format!(
                    "cannot resume the run in {shown}: {why}; run without --resume to start again"
                )));
            }
            // Fail now rather than halfway when the file in progress can no
            // longer be read from where reading resumes.
            if let Some(f) = files.get(cp.next.file).filter(|f| f.unreadable.is_none())
                && let Err(e) = f.format.check_resume(f, cp.next) {
                    return Err(Error::Usage(format!(
                        "cannot resume the run in {shown}: {}: {e}; run without --resume to start again",
                        f.display
                    )));
                }
            Start::Resume(Box::new(cp))
        }
        None if options.resume => {
            summary.notes.push(format!(
                "no interrupted run in {shown}: started from the beginning"
            ));
            Start::Fresh
        }
        None if dropped => {
            summary.notes.push(format!(
                "{shown} held an interrupted run: started again from the beginning (--resume would have continued it)"
            ));
            Start::Fresh
        }
        None => Start::Fresh,
    };
    Ok(Plan {
        files,
        pool,
        out,
        resumable,
        fingerprint,
        start,
        summary,
        lock,
    })
}

/// Fails when the fields named for the text (or, when not the default,
/// for the id) are in none of the first input files whose fields can be
/// read before the run (CSV headers, Parquet schemas, the first JSON
/// lines): a mistyped name (`--text-field body`) is said at once, with the
/// fields the files do have, rather than after a run of rejected documents
/// (or, for an id, never: documents would get ids of their own).
fn check_fields(files: &[InputFile], read: &ReadOptions) -> Result<(), Error> {
    let known: Vec<(&InputFile, Vec<String>)> = files
        .iter()
        .filter(|f| f.unreadable.is_none())
        // A pipe is read once, by the run.
        .filter(|f| matches!(&f.location, Location::Path(p) if p.is_file()))
        .filter_map(|f| f.format.fields(f).map(|names| (f, names)))
        .filter(|(_, names)| !names.is_empty())
        .take(10)
        .collect();
    let Some((first, names)) = known.first() else {
        return Ok(());
    };
    let anywhere = |field: &str| known.iter().any(|(_, n)| n.iter().any(|x| x == field));
    let missing = |what: &str, given: String| {
        let mut shown: Vec<&str> = names.iter().map(String::as_str).take(20).collect();
        if names.len() > 20 {
            shown.push("...");
        }
        Error::Usage(format!(
            "{what} {given}: no such field in {} (its records have: {}){}; name the fields with --text-field and --id-field",
            first.display,
            shown.join(", "),
            if known.len() > 1 {
                format!(", nor in the {} input files after it", known.len() - 1)
            } else {
                String::new()
            }
        ))
    };
    if !read.text_fields.iter().any(|f| anywhere(f)) {
        return Err(missing("text field", read.text_fields.join(", ")));
    }
    if read.id_field != ReadOptions::default().id_field && !anywhere(&read.id_field) {
        return Err(missing("id field", read.id_field.clone()));
    }
    Ok(())
}

/// Starts the reader thread: it reads the documents in order, flags an id
/// seen before (it alone sees them in order), and sends them in batches of
/// bounded size. It stops at the end of the input, when the run stops, or
/// when nobody takes its batches any more.
fn spawn_reader(
    reader: Reader,
    mut seen: SeenIds,
    options: &RunOptions,
    stop: Arc<AtomicBool>,
) -> Result<(std::thread::JoinHandle<()>, Receiver<Option<Batch>>), Error> {
    let (tx, rx) = sync_channel::<Option<Batch>>(2);
    let (batch_docs, batch_bytes) = (options.batch_docs.max(1), options.batch_bytes.max(1));
    let handle = std::thread::Builder::new()
        .name("gazet-reader".into())
        .spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for (mut doc, at) in reader {
                match seen.check(&doc.id) {
                    Some(FirstSeen::Row(row)) => {
                        doc.flags.push(Reason::DuplicateId { row: Some(row) })
                    }
                    Some(FirstSeen::Earlier) => doc.flags.push(Reason::DuplicateId { row: None }),
                    None => {}
                }
                bytes += doc.text_bytes();
                batch.push((doc, at));
                if batch.len() >= batch_docs || bytes >= batch_bytes {
                    if stop.load(Ordering::Relaxed)
                        || tx.send(Some(std::mem::take(&mut batch))).is_err()
                    {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() && tx.send(Some(batch)).is_err() {
                return;
            }
            let _ = tx.send(None);
        })
        .map_err(|e| Error::Usage(format!("cannot start the reader thread: {e}")))?;
    Ok((handle, rx))
}

/// The matcher thread: matches and renders each batch on the pool, while the
/// calling thread writes the one before. Never blocked for good on the
/// reader (which may wait on standard input): a stop ends it.
fn match_batches<R: Render>(
    extractor: &Extractor,
    renderer: &R,
    pool: &rayon::ThreadPool,
    batches: Receiver<Option<Batch>>,
    done: SyncSender<Matched<R::Output>>,
    each: Each<'_>,
    quit: &(dyn Fn() -> bool + Sync),
) {
    loop {
        let batch = match batches.recv_timeout(Duration::from_millis(100)) {
            Ok(Some(batch)) => batch,
            Ok(None) => {
                let _ = done.send(Matched::End);
                return;
            }
            Err(RecvTimeoutError::Timeout) if !quit() => continue,
            Err(_) => return,
        };
        let nexts: Vec<Position> = batch.iter().map(|(_, at)| *at).collect();
        let matched = pool.install(|| {
            batch
                .into_par_iter()
                .map(|(d, _)| {
                    if quit() {
                        None
                    } else {
                        process(extractor, renderer, &d, each, quit)
                    }
                })
                .collect()
        });
        if done.send(Matched::Batch(matched, nexts)).is_err() {
            return;
        }
    }
}

/// What is made of each document besides its rendering.
#[derive(Clone, Copy)]
struct Each<'a> {
    /// Its line in the list of ids.
    keep_ids: bool,
    /// Its part of the aggregates, counted so.
    aggregate: Option<&'a AggregateOptions>,
}

/// One document: extracted, and rendered for the sink; `None` when a stop
/// came while it was matched (a huge document is given up, not waited for).
fn process<R: Render>(
    extractor: &Extractor,
    renderer: &R,
    doc: &Document,
    each: Each<'_>,
    quit: &(dyn Fn() -> bool + Sync),
) -> Option<Done<R::Output>> {
    let result = extractor.extract_until(doc, quit)?;
    let record = Record {
        document: doc,
        result: &result,
        gazetteer: extractor.gazetteer(),
    };
    let rendered = renderer.render(&record);
    let aggregate = each
        .aggregate
        .map(|o| (doc.id.as_str().into(), DocAggregate::of(&record, o)));
    Some(Done {
        aggregate,
        rendered,
        id_line: if each.keep_ids {
            id_line(&doc.id)
        } else {
            Vec::new()
        },
        status: result.status,
        field_bytes: result.field_bytes,
        mentions: result.mentions.len(),
    })
}

/// How the writing loop ended.
enum Ended {
    /// Every document was written.
    Complete,
    /// A stop was asked for; what was written is committed.
    Stopped,
    /// The output's reader closed it.
    Closed,
    /// The matcher thread ended before the end of the input.
    Broken,
}

/// The calling thread's part: writes the matched documents to the sink in
/// input order, counts them, and commits a checkpoint now and then.
struct Writer<'a, S: Sink> {
    sink: S,
    ids_list: Option<Appender>,
    counts: Counts,
    /// Documents made durable by the last checkpoint.
    committed: u64,
    /// Where reading goes on after the last document written.
    next: Position,
    last_commit: Instant,
    out: Option<&'a Path>,
    fingerprint: &'a Fingerprint,
    resumable: bool,
    options: &'a RunOptions,
    stop: &'a AtomicBool,
    /// The run's aggregates, when it counts them.
    aggregates: Option<Aggregates>,
    /// The gazetteer the mentions index into.
    gazetteer: &'a crate::gazetteer::Gazetteer,
    /// How long the last checkpoint of the aggregates took (nanoseconds):
    /// their state grows with the entities and pairs seen, so checkpoints
    /// are spaced at least fifty times that apart, which bounds their
    /// cost to a fiftieth of a thread (a twentieth cost the Tehran Times
    /// 2% of its run).
    aggregates_cost: Arc<std::sync::atomic::AtomicU64>,
}

/// A checkpoint being made durable on a thread of its own; it returns the
/// number of documents it made durable.
type Syncing<'s> = std::thread::ScopedJoinHandle<'s, Result<u64, Error>>;

impl<'a, S: Sink> Writer<'a, S> {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn incomplete(&self, cause: Error) -> Error {
        incomplete(cause, self.committed, self.resumable)
    }

    /// Runs the matcher thread and writes what it sends until the end, a
    /// stop, or an error.
    fn drive(
        &mut self,
        extractor: &Extractor,
        pool: &rayon::ThreadPool,
        batches: Receiver<Option<Batch>>,
    ) -> Result<Ended, Error> {
        // Set when this thread stops taking results, so the matcher thread stops.
        let halt = AtomicBool::new(false);
        let (done_tx, done_rx) = sync_channel::<Matched<<S::Renderer as Render>::Output>>(1);
        let renderer = self.sink.renderer();
        let keep_ids = self.ids_list.is_some();
        let aggregate_options = self.aggregates.as_ref().map(|a| a.options().clone());
        let stop = self.stop;
        std::thread::scope(|scope| {
            let (halt, renderer) = (&halt, &renderer);
            let each = Each {
                keep_ids,
                aggregate: aggregate_options.as_ref(),
            };
            let quit = move || stop.load(Ordering::Relaxed) || halt.load(Ordering::Relaxed);
            std::thread::Builder::new()
                .name("gazet-matcher".into())
                .spawn_scoped(scope, move || {
                    match_batches(extractor, renderer, pool, batches, done_tx, each, &quit)
                })
                .map_err(|e| Error::Usage(format!("cannot start the matcher thread: {e}")))?;
            let mut syncing: Option<Syncing<'_>> = None;
            let ended = self.write_all(scope, &done_rx, &mut syncing);
            // A commit still in progress is waited for, and its error kept.
            let ended = ended.and_then(|e| self.synced(syncing.take()).map(|()| e));
            // Whatever ended the loop, the matcher thread must end too before
            // the scope does: it sees `halt`, or its next send fails.
            halt.store(true, Ordering::Relaxed);
            drop(done_rx);
            ended
        })
    }

    /// Waits for a commit in progress, and counts what it made durable.
    fn synced(&mut self, h: Option<Syncing<'_>>) -> Result<(), Error> {
        match h.map(|h| h.join()) {
            None => Ok(()),
            Some(Ok(Ok(documents))) => {
                self.committed = documents;
                Ok(())
            }
            Some(Ok(Err(e))) => Err(self.incomplete(e)),
            Some(Err(_)) => Err(self.incomplete(sync_thread_failed())),
        }
    }

    /// The writing loop.
    fn write_all<'s, 'e>(
        &mut self,
        scope: &'s std::thread::Scope<'s, 'e>,
        done: &Receiver<Matched<<S::Renderer as Render>::Output>>,
        syncing: &mut Option<Syncing<'s>>,
    ) -> Result<Ended, Error>
    where
        'a: 's,
    {
        loop {
            let (matched, nexts) = match done.recv_timeout(Duration::from_millis(100)) {
                Ok(Matched::Batch(matched, nexts)) => (matched, nexts),
                Ok(Matched::End) => return Ok(Ended::Complete),
                Err(RecvTimeoutError::Timeout) if !self.stopped() => continue,
                Err(RecvTimeoutError::Timeout) => return Ok(Ended::Stopped),
                Err(RecvTimeoutError::Disconnected) if self.stopped() => return Ok(Ended::Stopped),
                Err(RecvTimeoutError::Disconnected) => return Ok(Ended::Broken),
            };
            let mut wrote = false;
            for (d, at) in matched.into_iter().zip(nexts) {
                let Some(d) = d else { break };
                match self.sink.write(d.rendered) {
                    Ok(()) => {}
                    Err(Error::OutputClosed) => return Ok(Ended::Closed),
                    Err(e) => return Err(self.incomplete(e)),
                }
                if let Some(list) = &mut self.ids_list
                    && let Err(e) = list.write(&d.id_line)
                {
                    return Err(self.incomplete(e));
                }
                if let (Some(all), Some((id, one))) = (&mut self.aggregates, d.aggregate) {
                    all.add(self.gazetteer, &id, one);
                }
                let c = &mut self.counts;
                c.documents += 1;
                match d.status {
                    Status::Ok => c.ok += 1,
                    Status::Flagged => c.flagged += 1,
                    Status::Rejected => c.rejected += 1,
                }
                c.bytes += d.field_bytes as u64;
                c.mentions += d.mentions as u64;
                self.next = at;
                wrote = true;
            }
            if let Some(p) = &self.options.progress {
                p.update(self.counts, self.next);
            }
            if syncing.as_ref().is_some_and(|h| h.is_finished()) {
                self.synced(syncing.take())?;
            }
            match self.out {
                // Standard output: flushed after each batch, so that a
                // reader downstream sees documents as they are done.
                None if wrote => match self.sink.flush() {
                    Ok(_) => {}
                    Err(Error::OutputClosed) => return Ok(Ended::Closed),
                    Err(e) => return Err(self.incomplete(e)),
                },
                None => {}
                Some(out) if wrote && self.stopped() => {
                    // Stopping: what was written is committed now.
                    self.synced(syncing.take())?;
                    self.commit_now(out)?;
                }
                Some(out)
                    if wrote
                        && syncing.is_none()
                        && self
                            .sink
                            .due(self.last_commit.elapsed(), self.checkpoint_interval()) =>
                {
                    *syncing = Some(self.commit_in_background(scope, out)?);
                }
                Some(_) => {}
            }
            if self.stopped() {
                return Ok(Ended::Stopped);
            }
            if !self.options.batch_pause.is_zero() {
                std::thread::sleep(self.options.batch_pause);
            }
        }
    }

    /// The time between checkpoints (see [`checkpoint_interval`]).
    fn checkpoint_interval(&self) -> Duration {
        checkpoint_interval(
            self.options.checkpoint_interval,
            self.aggregates.is_some(),
            Duration::from_nanos(self.aggregates_cost.load(Ordering::Relaxed)),
        )
    }

    /// Commits everything written, and waits for it.
    fn commit_now(&mut self, out: &Path) -> Result<(), Error> {
        let (fingerprint, next, counts) = (self.fingerprint.clone(), self.next, self.counts);
        let aggregates = self.aggregates.as_mut().map(Aggregates::settled_state);
        let saved = flush(&mut self.sink, &mut self.ids_list)
            .and_then(Commit::sync)
            .and_then(|(state, ids)| {
                checkpoint(fingerprint, next, state, ids, counts, false, aggregates).save(out)
            });
        match saved {
            Ok(()) => {
                self.committed = counts.documents;
                Ok(())
            }
            Err(e) => Err(self.incomplete(e)),
        }
    }

    /// Flushes here, and syncs and writes the checkpoint on a thread of its
    /// own, so that a slow disk does not stall the matching.
    fn commit_in_background<'s, 'e>(
        &mut self,
        scope: &'s std::thread::Scope<'s, 'e>,
        out: &'a Path,
    ) -> Result<Syncing<'s>, Error>
    where
        'a: 's,
    {
        let flushed = match flush(&mut self.sink, &mut self.ids_list) {
            Ok(f) => f,
            Err(e) => return Err(self.incomplete(e)),
        };
        let (fingerprint, at, counts) = (self.fingerprint.clone(), self.next, self.counts);
        let started = Instant::now();
        let aggregates = self.aggregates.as_mut().map(Aggregates::settled_state);
        let cloned = started.elapsed();
        let cost = self.aggregates_cost.clone();
        self.last_commit = Instant::now();
        Ok(scope.spawn(move || {
            let (state, ids) = flushed.sync()?;
            let counted = aggregates.is_some();
            let saving = Instant::now();
            checkpoint(fingerprint, at, state, ids, counts, false, aggregates).save(out)?;
            if counted {
                let took = cloned + saving.elapsed();
                cost.store(
                    took.as_nanos().min(u64::MAX as u128) as u64,
                    Ordering::Relaxed,
                );
            }
            Ok(counts.documents)
        }))
    }
}

/// The time between checkpoints: the run's `interval`, or, with the
/// aggregates, fifty times what their last checkpoint took (`last`, zero
/// before the first), if longer, and [`FIRST_AGGREGATES_CHECKPOINT`] before
/// their first; an interval of zero (a checkpoint after every batch, as the
/// fault tests ask) is kept as it is.
fn checkpoint_interval(interval: Duration, aggregates: bool, last: Duration) -> Duration {
    if interval.is_zero() || !aggregates {
        interval
    } else if last.is_zero() {
        interval.max(FIRST_AGGREGATES_CHECKPOINT)
    } else {
        interval.max(last * 50)
    }
}

/// How long a run that counts the aggregates goes before its first
/// checkpoint. Their checkpoint settles the pairs, and copies and saves
/// every count (a second into a run over the Tehran Times, 1.5% of the
/// whole run's CPU), where one without them only syncs the tables; a run
/// killed before it is started again from the beginning, which loses at
/// most these seconds.
const FIRST_AGGREGATES_CHECKPOINT: Duration = Duration::from_secs(10);

/// The files found walking an input directory that lie in the output
/// directory (the tables of an earlier run, now that `.csv` is an input
/// format too), listed as skipped rather than read. A file given directly
/// is read wherever it is.
fn leave_out_output(
    files: Vec<InputFile>,
    skipped: &mut Vec<Skipped>,
    inputs: &[PathBuf],
    out: Option<&Path>,
) -> Vec<InputFile> {
    let Some(out) = out.and_then(|o| std::fs::canonicalize(o).ok()) else {
        return files;
    };
    // Nothing to look for unless the output is inside a directory given.
    let inside_an_input = inputs
        .iter()
        .any(|i| i.is_dir() && std::fs::canonicalize(i).is_ok_and(|i| out.starts_with(i)));
    if !inside_an_input {
        return files;
    }
    files
        .into_iter()
        .filter(|f| {
            let Location::Path(p) = &f.location else {
                return true;
            };
            let walked = !inputs.iter().any(|i| i == p);
            let in_out = walked && std::fs::canonicalize(p).is_ok_and(|p| p.starts_with(&out));
            if in_out {
                skipped.push(Skipped {
                    path: f.display.clone(),
                    reason: "in the output directory of this run: not read as input".into(),
                });
            }
            !in_out
        })
        .collect()
}

/// Flushes the sink and the list of ids.
fn flush<S: Sink>(sink: &mut S, ids: &mut Option<Appender>) -> Result<Commit<S::Flushed>, Error> {
    let ids = match ids {
        Some(a) => Some(a.flush()?),
        None => None,
    };
    Ok(Commit {
        sink: sink.flush()?,
        ids,
    })
}

/// A document's line in the list of ids: one JSON string (ids may hold
/// line ends).
fn id_line(id: &str) -> Vec<u8> {
    let mut line = serde_json::to_vec(id).expect("a string serializes");
    line.push(b'\n');
    line
}

/// The rows of the documents table an interrupted run wrote, up to the
/// length its checkpoint gives, in the formats whose tables are appended to
/// (CSV, JSON lines); `None` in the others. A checkpoint whose count
/// differs is not the one written with the tables.
fn documents_rows(out: &Path, format: &str, state: &SinkState) -> Result<Option<u64>, Error> {
    let name = match format {
        "csv" => "documents.csv",
        "jsonl" => "documents.jsonl",
        _ => return Ok(None),
    };
    let Some(len) = state.get(name).and_then(serde_json::Value::as_u64) else {
        return Ok(None);
    };
    let path = out.join(files::partial_name(name));
    let bad = |e: String| {
        Error::io(
            path.display(),
            format!("cannot resume from this file of the interrupted run: {e}"),
        )
    };
    let file = std::fs::File::open(&path).map_err(|e| bad(e.to_string()))?;
    let head = BufReader::new(file.take(len));
    if format == "jsonl" {
        let mut n = 0;
        for line in head.split(b'\n') {
            line.map_err(|e| bad(e.to_string()))?;
            n += 1;
        }
        return Ok(Some(n));
    }
    // CSV: records, not lines (a quoted cell may hold a line break).
    let mut n = 0;
    for record in csv::Reader::from_reader(head).into_byte_records() {
        record.map_err(|e| bad(e.to_string()))?;
        n += 1;
    }
    Ok(Some(n))
}

/// The ids of the documents written by an interrupted run, in order (empty
/// for a document without one), from the first `len` bytes of its list.
fn read_ids(dir: &Path, len: u64) -> Result<Vec<String>, Error> {
    let path = dir.join(files::partial_name(IDS));
    let bad = |e: String| {
        Error::io(
            path.display(),
            format!("cannot resume from this file of the interrupted run: {e}"),
        )
    };
    let file = std::fs::File::open(&path).map_err(|e| bad(e.to_string()))?;
    let mut ids = Vec::new();
    for line in BufReader::new(file.take(len)).lines() {
        let line = line.map_err(|e| bad(e.to_string()))?;
        ids.push(serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aggregates_wait_for_their_first_checkpoint_then_pay_for_it() {
        let (second, none) = (Duration::from_secs(1), Duration::ZERO);
        // Without the aggregates, the run's interval, whatever came before.
        assert_eq!(checkpoint_interval(second, false, none), second);
        // With them: ten seconds before the first, then fifty times the
        // last one's cost, when that is longer than the interval.
        assert_eq!(
            checkpoint_interval(second, true, none),
            FIRST_AGGREGATES_CHECKPOINT
        );
        assert_eq!(
            checkpoint_interval(second, true, Duration::from_millis(100)),
            Duration::from_secs(5)
        );
        assert_eq!(
            checkpoint_interval(second, true, Duration::from_millis(4)),
            second
        );
        // A longer interval stays; zero (after every batch) stays zero.
        let minute = Duration::from_secs(60);
        assert_eq!(checkpoint_interval(minute, true, none), minute);
        assert_eq!(checkpoint_interval(none, true, none), none);
    }
}
