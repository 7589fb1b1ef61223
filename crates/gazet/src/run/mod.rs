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
//!   [`checkpoint`] written (flushed on the writing thread, then synced to
//!   disk on a thread of their own while writing goes on),
//!   so a killed run resumes where it stopped (`resume`), with the same bytes
//!   as a run that never stopped;
//! * a stop request (Ctrl-C: [`RunOptions::stop`]) is seen between
//!   documents: the documents in progress finish, the finished ones are
//!   committed, and the run returns [`Error::Interrupted`] within a second or
//!   two (longer only while a single huge document is being matched).

pub mod checkpoint;
pub mod ids;

use crate::document::{Document, Reason, Status};
use crate::error::Error;
use crate::extract::Extractor;
use crate::sink::files::{self, Appender, Pending};
use crate::sink::{Flushed, Record, Render, Sink, SinkOptions, SinkState, Target};
use crate::source::{discover_with, InputFile, Location, Position, ReadOptions, Reader, Skipped};
use checkpoint::{Checkpoint, Counts, Fingerprint};
use ids::{FirstSeen, SeenIds};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The list of ids of the documents written, one JSON string a line: a
/// resumed run reads it back to flag ids seen before the interruption.
const IDS: &str = "doc-ids";

/// Options of a run.
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
    /// Continue the interrupted run in the output directory, if there is one
    /// (see [`checkpoint`]).
    pub resume: bool,
    /// Set to stop the run cleanly (from a Ctrl-C handler, say).
    pub stop: Option<Arc<AtomicBool>>,
    /// Told how far the run is, after each batch (the command line draws a
    /// progress bar with it).
    pub progress: Option<Arc<dyn Progress>>,
}

/// Documents per batch, by default.
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
            resume: false,
            stop: None,
            progress: None,
        }
    }
}

impl RunOptions {
    /// The default options, reading these fields.
    pub fn new(read: ReadOptions) -> RunOptions {
        RunOptions {
            read,
            ..RunOptions::default()
        }
    }
}

/// Follows a run: told where it starts, how far it is after each batch,
/// and when it ends. Called from the run's writing thread.
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
}

impl Summary {
    /// The one-line summary printed at the end of a run.
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
            if c.rejected > 0 { " (see rejects.csv)" } else { "" },
            human_bytes(c.bytes),
            c.mentions,
            self.seconds,
            rate,
        );
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
pub fn extract<P: AsRef<Path>>(
    inputs: &[P],
    extractor: &Extractor,
    out: &Path,
    options: &RunOptions,
) -> Result<Summary, Error> {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| p.as_ref().to_path_buf()).collect();
    run::<crate::sink::csv::Csv>(&inputs, extractor, &Target::Dir(out.to_path_buf()), options)
}

/// What the reader thread sends.
enum Msg {
    Batch(Vec<(Document, Position)>),
    /// Every document was read.
    End,
}

/// What the matcher thread sends: a batch matched and rendered, with the
/// input position after each document, or the end.
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
}

/// How a run starts.
enum Start {
    Fresh,
    Resume(Box<Checkpoint>),
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
pub fn run<S: Sink>(
    inputs: &[PathBuf],
    extractor: &Extractor,
    target: &Target,
    options: &RunOptions,
) -> Result<Summary, Error> {
    let started = Instant::now();
    let (files, mut skipped) = discover_with(inputs, &options.read)?;
    let files = leave_out_output(files, &mut skipped, inputs, target.dir());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot start {} threads: {e}",
                options.threads.unwrap_or(0)
            ))
        })?;
    let out = target.dir();
    if let Some(out) = out {
        if out.exists() && !out.is_dir() {
            return Err(Error::io(
                out.display(),
                "cannot create output directory: a file of that name exists",
            ));
        }
    } else if options.resume {
        return Err(Error::Usage(
            "--resume continues a run written into a directory: standard output cannot be resumed"
                .into(),
        ));
    }
    let resumable = out.is_some() && !files.iter().any(|f| f.location == Location::Stdin);
    let all_files = files.clone();
    let sink_options = SinkOptions::new(
        options
            .read
            .keep_fields
            .iter()
            .map(|f| Arc::from(f.as_str()))
            .collect(),
        options.excel_safe,
    );
    let mut described = format!(
        "format {}, id field {:?}, text fields {:?}, kept fields {:?}, min score {}, excel-safe {}",
        S::NAME,
        options.read.id_field,
        options.read.text_fields,
        options.read.keep_fields,
        extractor.min_score(),
        options.excel_safe
    );
    // Only when named, so that checkpoints made before it existed resume.
    if let Some(name) = &options.read.input_format {
        described.push_str(&format!(", input format {name}"));
    }
    let fingerprint = Fingerprint::new(&files, described, extractor.fingerprint());
    let mut summary = Summary {
        skipped,
        ..Summary::default()
    };
    // A run that does not resume only needs to know whether it drops one:
    // it never reads the checkpoint, which may be damaged.
    let existing = match out {
        Some(out) if options.resume => Checkpoint::load(out)?,
        _ => None,
    };
    let dropped = !options.resume && out.is_some_and(|o| o.join(checkpoint::FILE).exists());
    let start = match existing {
        Some(_) if !resumable => {
            return Err(Error::Usage(
                "--resume cannot continue a run that reads standard input (what was read cannot be checked): run without --resume, or give the file itself".into(),
            ))
        }
        Some(cp) => {
            let out = out.expect("a checkpoint is in a directory");
            if let Some(why) = cp.run.mismatch(&fingerprint, cp.next.file) {
                return Err(Error::Usage(format!(
                    "cannot resume the run in {}: {why}; run without --resume to start again",
                    out.display()
                )));
            }
            // Fail now rather than halfway when the file in progress can no
            // longer be read from where reading resumes.
            if let Some(f) = files.get(cp.next.file) {
                if f.unreadable.is_none() {
                    if let Err(e) = f.format.check_resume(f, cp.next) {
                        return Err(Error::Usage(format!(
                            "cannot resume the run in {}: {}: {e}; run without --resume to start again",
                            out.display(),
                            f.display
                        )));
                    }
                }
            }
            Start::Resume(Box::new(cp))
        }
        None if options.resume => {
            summary.notes.push(format!(
                "no interrupted run in {}: started from the beginning",
                out.map(|o| o.display().to_string()).unwrap_or_default()
            ));
            Start::Fresh
        }
        None if dropped => {
            summary.notes.push(format!(
                "{} held an interrupted run: started again from the beginning (--resume would have continued it)",
                out.map(|o| o.display().to_string()).unwrap_or_default()
            ));
            Start::Fresh
        }
        None => Start::Fresh,
    };

    let (mut sink, mut id_list, reader, mut ids, mut next) = match start {
        Start::Resume(cp) if cp.finished => {
            // Killed while renaming the finished tables: finish renaming.
            let out = out.expect("a checkpoint is in a directory");
            S::publish_left(out)?;
            files::remove(&out.join(files::partial_name(IDS)), "the list of ids")?;
            Checkpoint::remove(out)?;
            summary.counts = cp.counts;
            summary.resumed = Some(cp.counts);
            summary.seconds = started.elapsed().as_secs_f64();
            return Ok(summary);
        }
        Start::Resume(cp) => {
            let out = out.expect("a checkpoint is in a directory");
            let sink = S::reopen(out, &sink_options, &cp.sink)?;
            let mut ids = SeenIds::new();
            for id in read_ids(out, cp.ids)? {
                ids.check(&id);
            }
            summary.counts = cp.counts;
            summary.resumed = Some(cp.counts);
            let id_list = Appender::reopen(out, IDS, cp.ids)?;
            let reader = Reader::resume(files, options.read.clone(), cp.next);
            (sink, Some(id_list), reader, ids, cp.next)
        }
        Start::Fresh => {
            if let Some(out) = out {
                if out.is_dir() {
                    Checkpoint::remove(out)?;
                }
            }
            let sink = S::create(target, &sink_options)?;
            let id_list = match out {
                Some(out) => Some(Appender::create(out, IDS)?),
                None => None,
            };
            let reader = Reader::new(files, options.read.clone());
            (sink, id_list, reader, SeenIds::new(), Position::default())
        }
    };

    let stop = options.stop.clone().unwrap_or_default();
    let stopped = || stop.load(Ordering::Relaxed);
    let (tx, rx) = sync_channel::<Msg>(2);
    let (batch_docs, batch_bytes) = (options.batch_docs.max(1), options.batch_bytes.max(1));
    let reader_stop = stop.clone();
    let producer = std::thread::Builder::new()
        .name("gazet-reader".into())
        .spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for (mut doc, at) in reader {
                match ids.check(&doc.id) {
                    Some(FirstSeen::Row(row)) => {
                        doc.flags.push(Reason::DuplicateId { row: Some(row) })
                    }
                    Some(FirstSeen::Earlier) => doc.flags.push(Reason::DuplicateId { row: None }),
                    None => {}
                }
                bytes += doc.text_bytes();
                batch.push((doc, at));
                if batch.len() >= batch_docs || bytes >= batch_bytes {
                    if reader_stop.load(Ordering::Relaxed)
                        || tx.send(Msg::Batch(std::mem::take(&mut batch))).is_err()
                    {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() && tx.send(Msg::Batch(batch)).is_err() {
                return;
            }
            let _ = tx.send(Msg::End);
        })
        .map_err(|e| Error::Usage(format!("cannot start the reader thread: {e}")))?;

    let incomplete = |cause: Error, documents: u64| Error::Incomplete {
        cause: Box::new(cause),
        documents,
        resumable,
    };
    let mut committed = summary.counts.documents;
    let mut counts = summary.counts;
    let progress = options.progress.clone();
    if let Some(p) = &progress {
        p.start(&all_files, counts);
    }
    let mut complete = false;
    let mut closed = false;
    let mut last_commit = Instant::now();
    // Set when this thread stops taking results, so the matcher thread stops.
    let halt = AtomicBool::new(false);
    let (done_tx, done_rx) = sync_channel::<Matched<<S::Renderer as Render>::Output>>(1);
    let renderer = sink.renderer();
    let keep_ids = id_list.is_some();
    std::thread::scope(|scope| -> Result<(), Error> {
        // The matcher thread: matches and renders each batch on the pool
        // while this thread writes the one before.
        let halt = &halt;
        let pool = &pool;
        let renderer = &renderer;
        let quit = move || stopped() || halt.load(Ordering::Relaxed);
        std::thread::Builder::new()
            .name("gazet-matcher".into())
            .spawn_scoped(scope, move || {
                loop {
                    // Never blocked for good on the reader (which may wait on
                    // standard input): a stop must end this thread.
                    let batch = match rx.recv_timeout(Duration::from_millis(100)) {
                        Ok(Msg::Batch(batch)) => batch,
                        Ok(Msg::End) => {
                            let _ = done_tx.send(Matched::End);
                            return;
                        }
                        Err(RecvTimeoutError::Timeout) if !quit() => continue,
                        Err(_) => return,
                    };
                    let nexts: Vec<Position> = batch.iter().map(|(_, at)| *at).collect();
                    let done = pool.install(|| {
                        batch
                            .into_par_iter()
                            .map(|(d, _)| {
                                (!quit()).then(|| {
                                    let result = extractor.extract(&d);
                                    let rendered = renderer.render(&Record {
                                        document: &d,
                                        result: &result,
                                        gazetteer: extractor.gazetteer(),
                                    });
                                    Done {
                                        rendered,
                                        id_line: if keep_ids { id_line(&d.id) } else { Vec::new() },
                                        status: result.status,
                                        field_bytes: result.field_bytes,
                                        mentions: result.mentions.len(),
                                    }
                                })
                            })
                            .collect()
                    });
                    if done_tx.send(Matched::Batch(done, nexts)).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| Error::Usage(format!("cannot start the matcher thread: {e}")))?;
        // The commit in progress on its own thread, which returns the number
        // of documents it made durable.
        let mut syncing: Option<std::thread::ScopedJoinHandle<'_, Result<u64, Error>>> = None;
        // Waits for a commit in progress; the documents committed after it.
        let synced = |h: Option<std::thread::ScopedJoinHandle<'_, Result<u64, Error>>>,
                      committed: u64|
         -> Result<u64, Error> {
            match h.map(|h| h.join()) {
                None => Ok(committed),
                Some(Ok(Ok(documents))) => Ok(documents),
                Some(Ok(Err(e))) => Err(incomplete(e, committed)),
                Some(Err(_)) => Err(incomplete(
                    Error::Usage("the thread making the tables durable failed".into()),
                    committed,
                )),
            }
        };
        let written = (|| {
            loop {
                let (done, nexts) = match done_rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(Matched::Batch(done, nexts)) => (done, nexts),
                    Ok(Matched::End) => {
                        complete = true;
                        break;
                    }
                    Err(RecvTimeoutError::Timeout) if !stopped() => continue,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                let mut wrote = false;
                for (p, at) in done.into_iter().zip(nexts) {
                    let Some(p) = p else { break };
                    match sink.write(p.rendered) {
                        Ok(()) => {}
                        Err(Error::OutputClosed) => {
                            closed = true;
                            return Ok(());
                        }
                        Err(e) => return Err(incomplete(e, committed)),
                    }
                    if let Some(list) = &mut id_list {
                        list.write(&p.id_line)
                            .map_err(|e| incomplete(e, committed))?;
                    }
                    counts.documents += 1;
                    match p.status {
                        Status::Ok => counts.ok += 1,
                        Status::Flagged => counts.flagged += 1,
                        Status::Rejected => counts.rejected += 1,
                    }
                    counts.bytes += p.field_bytes as u64;
                    counts.mentions += p.mentions as u64;
                    next = at;
                    wrote = true;
                }
                if let Some(p) = &progress {
                    p.update(counts, next);
                }
                if syncing.as_ref().is_some_and(|h| h.is_finished()) {
                    committed = synced(syncing.take(), committed)?;
                }
                let Some(out) = out else {
                    // Standard output: flushed after each batch, so that a
                    // reader downstream sees documents as they are done.
                    if wrote {
                        match sink.flush() {
                            Ok(_) => {}
                            Err(Error::OutputClosed) => {
                                closed = true;
                                return Ok(());
                            }
                            Err(e) => return Err(incomplete(e, committed)),
                        }
                    }
                    if stopped() {
                        break;
                    }
                    continue;
                };
                if wrote && stopped() {
                    // Stopping: what was written is committed now.
                    committed = synced(syncing.take(), committed)?;
                    let saved = flush(&mut sink, &mut id_list)
                        .and_then(Commit::sync)
                        .and_then(|(state, ids)| {
                            Checkpoint::new(fingerprint.clone(), next, state, ids, counts, false)
                                .save(out)
                        });
                    if let Err(e) = saved {
                        return Err(incomplete(e, committed));
                    }
                    committed = counts.documents;
                } else if wrote
                    && syncing.is_none()
                    && sink.due(last_commit.elapsed(), options.checkpoint_interval)
                {
                    // Flushed here, synced and checkpointed on a thread of its
                    // own, so that a slow disk does not stall the matching.
                    let flushed =
                        flush(&mut sink, &mut id_list).map_err(|e| incomplete(e, committed))?;
                    let (fingerprint, at, counts) = (fingerprint.clone(), next, counts);
                    syncing = Some(scope.spawn(move || {
                        let (state, ids) = flushed.sync()?;
                        Checkpoint::new(fingerprint, at, state, ids, counts, false).save(out)?;
                        Ok(counts.documents)
                    }));
                    last_commit = Instant::now();
                }
                if stopped() {
                    break;
                }
            }
            Ok(())
        })();
        // A commit still in progress is waited for, and its error kept.
        let written =
            written.and_then(|()| synced(syncing.take(), committed).map(|c| committed = c));
        // Whatever ended the loop, the matcher thread must end too before
        // the scope does: it sees `halt`, or its next send fails.
        halt.store(true, Ordering::Relaxed);
        drop(done_rx);
        written
    })?;
    if closed {
        // The reader of standard output has all it wants: stop quietly.
        stop.store(true, Ordering::Relaxed);
        drop(producer);
        if let Some(p) = &progress {
            p.finish();
        }
        summary.counts = counts;
        summary.closed = true;
        summary.seconds = started.elapsed().as_secs_f64();
        return Ok(summary);
    }
    if !complete {
        if stopped() {
            return Err(Error::Interrupted {
                documents: committed,
                resumable,
            });
        }
        let _ = producer.join();
        return Err(incomplete(
            Error::Usage("the reader thread stopped before the end of the input".into()),
            committed,
        ));
    }
    let _ = producer.join();
    let finish = match out {
        None => match sink.flush() {
            Ok(_) | Err(Error::OutputClosed) => sink.publish(),
            Err(e) => Err(e),
        },
        Some(out) => flush(&mut sink, &mut id_list)
            .and_then(Commit::sync)
            .and_then(|(state, ids)| {
                Checkpoint::new(fingerprint.clone(), next, state, ids, counts, true).save(out)
            })
            .and_then(|()| sink.publish())
            .and_then(|()| {
                drop(id_list);
                files::remove(&out.join(files::partial_name(IDS)), "the list of ids")
            })
            .and_then(|()| Checkpoint::remove(out)),
    };
    if let Err(e) = finish {
        return Err(incomplete(e, committed));
    }
    if let Some(p) = &progress {
        p.finish();
    }
    summary.counts = counts;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

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
