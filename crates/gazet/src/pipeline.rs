//! The extraction run: documents in, tables out, on all cores.
//!
//! Three stages run at once, joined by channels of fixed depth. One thread
//! reads documents ([`crate::input`]) and groups them into batches of bounded
//! size. A second matches each batch in parallel on the rayon pool, and each
//! worker also renders its document's rows of the tables
//! ([`output::render`]), the costly part of writing. The calling thread copies
//! the rendered rows to the tables in input order, while the pool matches the
//! next batch. Memory is bounded by the batch size and the channel depths,
//! whatever the size of the corpus, and the output is byte-identical whatever
//! the number of threads, because each batch is collected in order before it
//! is written.
//!
//! A run is built to last hours and to survive its own end:
//!
//! * every document read is written to `documents.csv` once, `ok`, `flagged`
//!   or `rejected`, and the rejected ones to `rejects.csv` as well; the
//!   counts in the [`Summary`] always reconcile (documents = ok + flagged +
//!   rejected);
//! * the reader thread, which alone sees the documents in order, flags a
//!   document whose id was seen before;
//! * a document whose matching panics (a bug, never an input's fault) is
//!   rejected with a message saying so, and the run goes on;
//! * after a batch, once a second, the tables are committed and a
//!   [`checkpoint`] written (flushed on the writing thread, then synced to
//!   disk on a thread of their own while writing goes on),
//!   so a killed run resumes where it stopped (`resume`), with the same bytes
//!   as a run that never stopped;
//! * a stop request (Ctrl-C: [`ExtractOptions::stop`]) is seen between
//!   documents: the documents in progress finish, the finished ones are
//!   committed, and the run returns [`Error::Interrupted`] within a second or
//!   two (longer only while a single huge document is being matched).

use crate::checkpoint::{self, Checkpoint, Counts, Fingerprint};
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::ids::{FirstSeen, SeenIds};
use crate::input::{
    discover, Document, DocumentReader, InputFile, Location, Position, ReadOptions, Skipped,
};
use crate::matcher::KeyRule;
use crate::matcher::Matcher;
use crate::normalize;
use crate::output::{self, Located, MatchKind, Processed, Status, TableWriter};
use crate::resolve;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Options of an extraction run.
#[derive(Clone)]
pub struct ExtractOptions {
    /// Which JSON fields to read.
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
    /// Mentions scoring below this are not written (see [`output::score`]).
    pub min_score: f32,
    /// Write cells a spreadsheet would take for formulas with a `'` in front
    /// (see [`output::excel_safe`]).
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

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            read: ReadOptions::default(),
            threads: None,
            batch_docs: 4096,
            batch_bytes: 1 << 20,
            checkpoint_interval: Duration::from_secs(1),
            min_score: 0.0,
            excel_safe: false,
            resume: false,
            stop: None,
            progress: None,
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
pub struct Summary {
    /// Documents, by status; bytes and mentions (over the whole run, the
    /// part before an interruption included).
    pub counts: Counts,
    /// Files passed over while walking directories, and empty JSONL files.
    pub skipped: Vec<Skipped>,
    /// Things a person should know about the run (a resume that found
    /// nothing to resume, ...).
    pub notes: Vec<String>,
    /// When the run continued an interrupted one: the counts it had reached.
    pub resumed: Option<Counts>,
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

/// Finds the mentions of one document. Pure: the same document and matcher
/// always give the same result. A rejected document is not matched.
pub fn process_document(matcher: &Matcher, gazetteer: &Gazetteer, doc: Document) -> Processed {
    let mut flags = doc.flags;
    if let Some(why) = doc.rejected {
        let mut reason = vec![why];
        reason.extend(flags);
        return Processed {
            id: doc.id,
            source: doc.source,
            field_bytes: 0,
            mentions: Vec::new(),
            status: Status::Rejected(reason.join("; ")),
        };
    }
    let mut fields = Vec::with_capacity(doc.fields.len());
    for field in &doc.fields {
        if field.text.len() > normalize::MAX_TEXT_LEN {
            flags.push(format!(
                "field '{}' is larger than 4 GiB: not matched",
                field.name
            ));
        } else {
            fields.push(field);
        }
    }
    if fields.is_empty() && !doc.fields.is_empty() {
        return Processed {
            id: doc.id,
            source: doc.source,
            field_bytes: 0,
            mentions: Vec::new(),
            status: Status::Rejected(flags.join("; ")),
        };
    }
    let texts: Vec<&str> = fields.iter().map(|f| f.text.as_str()).collect();
    let found = resolve::document(matcher, gazetteer, &texts);
    let mut mentions = Vec::new();
    for (field, field_mentions) in fields.iter().zip(found) {
        let text = field.text.as_str();
        let mut chars_so_far = 0;
        let mut pos = 0;
        for m in field_mentions {
            // Mentions come sorted and apart; were they not, the count
            // would still be right.
            if m.start >= pos {
                chars_so_far += text[pos..m.start].chars().count();
            } else {
                chars_so_far -= text[m.start..pos].chars().count();
            }
            let char_start = chars_so_far;
            let surface = text[m.start..m.end].to_string();
            chars_so_far += surface.chars().count();
            pos = m.end;
            let name = &gazetteer.entities()[m.entity as usize].names[m.name as usize];
            let how = if m.key_rule == KeyRule::Partial {
                MatchKind::Partial
            } else if m.key_rule == KeyRule::Variant {
                MatchKind::Variant
            } else if m.key_rule == KeyRule::Skeleton {
                MatchKind::Skeleton
            } else if text[m.name_start..m.name_end] == name.text {
                MatchKind::Exact
            } else {
                MatchKind::Normalized
            };
            let score = output::score(how, &m);
            mentions.push(Located {
                field: field.name.clone(),
                char_start,
                char_end: chars_so_far,
                surface,
                how,
                score,
                mention: m,
            });
        }
    }
    let field_bytes = texts.iter().map(|t| t.len()).sum();
    let status = if flags.is_empty() {
        Status::Ok
    } else {
        Status::Flagged(flags.join("; "))
    };
    Processed {
        id: doc.id,
        source: doc.source,
        field_bytes,
        mentions,
        status,
    }
}

/// [`process_document`], with a panic turned into a rejected document: a bug
/// met on one document must not end a run of millions. The panic message is
/// printed on stderr by the panic hook.
fn process_guarded(
    matcher: &Matcher,
    gazetteer: &Gazetteer,
    doc: Document,
    min_score: f32,
) -> Processed {
    let (id, source) = (doc.id.clone(), doc.source.clone());
    let run = std::panic::AssertUnwindSafe(|| {
        let mut p = process_document(matcher, gazetteer, doc);
        p.mentions.retain(|l| l.score >= min_score);
        p
    });
    std::panic::catch_unwind(run).unwrap_or_else(|_| Processed {
        id,
        source,
        field_bytes: 0,
        mentions: Vec::new(),
        status: Status::Rejected(
            "internal error while matching this document (a bug in gazet: please report it, with the document)".into(),
        ),
    })
}

/// What the reader thread sends.
enum Msg {
    Batch(Vec<Document>),
    /// Every document was read.
    End,
}

/// What the matcher thread sends: a batch matched and rendered, with the
/// input position after each document, or the end.
enum Matched {
    Batch(Vec<Option<Done>>, Vec<Position>),
    End,
}

/// One document matched and rendered, with what the summary counts.
struct Done {
    rendered: output::Rendered,
    status: Status,
    field_bytes: usize,
    mentions: usize,
}

/// How a run starts.
enum Start {
    Fresh,
    Resume(Box<Checkpoint>),
}

/// Runs extraction over the inputs and writes `mentions.csv`,
/// `documents.csv` and `rejects.csv` into `out`.
///
/// Errors found before the first document is matched (an input that does not
/// exist, a checkpoint of another run) leave `out` as it was. Once the tables
/// are started, an error is returned as [`Error::Incomplete`] and a stop
/// request as [`Error::Interrupted`]; neither gives any table its final name,
/// and both keep the checkpoint for `resume`.
pub fn extract<P: AsRef<Path>>(
    inputs: &[P],
    gazetteer: &Gazetteer,
    matcher: &Matcher,
    out: &Path,
    options: &ExtractOptions,
) -> Result<Summary, Error> {
    let started = Instant::now();
    let (files, skipped) = discover(inputs)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot start {} threads: {e}",
                options.threads.unwrap_or(0)
            ))
        })?;
    if out.exists() && !out.is_dir() {
        return Err(Error::io(
            out.display(),
            "cannot create output directory: a file of that name exists",
        ));
    }
    let resumable = !files.iter().any(|f| f.location == Location::Stdin);
    let all_files = files.clone();
    let fingerprint = Fingerprint::new(
        &files,
        format!(
            "id field {:?}, text fields {:?}, min score {}, excel-safe {}",
            options.read.id_field, options.read.text_fields, options.min_score, options.excel_safe
        ),
        checkpoint::hash_debug(&(gazetteer.entities(), matcher.options())),
    );
    let mut summary = Summary {
        skipped,
        ..Summary::default()
    };
    // A run that does not resume only needs to know whether it drops one:
    // it never reads the checkpoint, which may be damaged.
    let existing = if options.resume {
        Checkpoint::load(out)?
    } else {
        None
    };
    let dropped = !options.resume && out.join(checkpoint::FILE).exists();
    let start = match existing {
        Some(_) if !resumable => {
            return Err(Error::Usage(
                "--resume cannot continue a run that reads standard input (what was read cannot be checked): run without --resume, or give the file itself".into(),
            ))
        }
        Some(cp) => {
            if let Some(why) = cp.run.mismatch(&fingerprint, cp.next.file) {
                return Err(Error::Usage(format!(
                    "cannot resume the run in {}: {why}; run without --resume to start again",
                    out.display()
                )));
            }
            // Fail now rather than halfway when the file in progress no
            // longer has a line end where reading resumes (a gzip stream
            // would have to be decompressed twice to check: its size and
            // modification time are checked above).
            if let Some(f) = files.get(cp.next.file) {
                if f.format == crate::input::Format::Jsonl
                    && f.unreadable.is_none()
                    && !crate::input::is_gzip(&f.location)
                {
                    if let Err(e) = crate::input::open_at(&f.location, cp.next.offset) {
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
                out.display()
            ));
            Start::Fresh
        }
        None if dropped => {
            summary.notes.push(format!(
                "{} held an interrupted run: started again from the beginning (--resume would have continued it)",
                out.display()
            ));
            Start::Fresh
        }
        None => Start::Fresh,
    };

    let (mut writer, reader, mut ids, mut next) = match start {
        Start::Resume(cp) if cp.finished => {
            // Killed while renaming the finished tables: finish renaming.
            output::publish(out)?;
            Checkpoint::remove(out)?;
            summary.counts = cp.counts;
            summary.resumed = Some(cp.counts);
            summary.seconds = started.elapsed().as_secs_f64();
            return Ok(summary);
        }
        Start::Resume(cp) => {
            let writer = TableWriter::reopen(out, gazetteer, options.excel_safe, cp.lengths)?;
            let mut ids = SeenIds::new();
            for id in output::read_ids(out, cp.lengths.ids)? {
                ids.check(&id);
            }
            summary.counts = cp.counts;
            summary.resumed = Some(cp.counts);
            let reader = DocumentReader::resume(files, options.read.clone(), cp.next);
            (writer, reader, ids, cp.next)
        }
        Start::Fresh => {
            if out.is_dir() {
                Checkpoint::remove(out)?;
            }
            let writer = TableWriter::create(out, gazetteer, options.excel_safe)?;
            let reader = DocumentReader::new(files, options.read.clone());
            (writer, reader, SeenIds::new(), Position::default())
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
            for mut doc in reader {
                match ids.check(&doc.id) {
                    Some(FirstSeen::Row(row)) => doc.flags.push(format!(
                        "duplicate doc_id: already the id of documents.csv row {row}"
                    )),
                    Some(FirstSeen::Earlier) => doc.flags.push(
                        "duplicate doc_id: already the id of an earlier documents.csv row".into(),
                    ),
                    None => {}
                }
                bytes += doc.fields.iter().map(|f| f.text.len()).sum::<usize>();
                batch.push(doc);
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
    let mut last_commit = Instant::now();
    // Set when this thread stops taking results, so the matcher thread stops.
    let halt = AtomicBool::new(false);
    let (done_tx, done_rx) = sync_channel::<Matched>(1);
    let excel_safe = options.excel_safe;
    let min = options.min_score;
    std::thread::scope(|scope| -> Result<(), Error> {
        // The matcher thread: matches and renders each batch on the pool
        // while this thread writes the one before.
        let halt = &halt;
        let pool = &pool;
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
                    let nexts: Vec<Position> = batch.iter().map(|d| d.next).collect();
                    let done: Vec<Option<Done>> = pool.install(|| {
                        batch
                            .into_par_iter()
                            .map(|d| {
                                (!quit()).then(|| {
                                    let p = process_guarded(matcher, gazetteer, d, min);
                                    Done {
                                        rendered: output::render(&p, gazetteer, excel_safe),
                                        status: p.status,
                                        field_bytes: p.field_bytes,
                                        mentions: p.mentions.len(),
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
                    if let Err(e) = writer.write_rendered(&p.rendered) {
                        return Err(incomplete(e, committed));
                    }
                    counts.documents += 1;
                    match p.status {
                        Status::Ok => counts.ok += 1,
                        Status::Flagged(_) => counts.flagged += 1,
                        Status::Rejected(_) => counts.rejected += 1,
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
                if wrote && stopped() {
                    // Stopping: what was written is committed now.
                    committed = synced(syncing.take(), committed)?;
                    let saved = writer.commit().and_then(|lengths| {
                        Checkpoint::new(fingerprint.clone(), next, lengths, counts, false).save(out)
                    });
                    if let Err(e) = saved {
                        return Err(incomplete(e, committed));
                    }
                    committed = counts.documents;
                } else if wrote
                    && syncing.is_none()
                    && last_commit.elapsed() >= options.checkpoint_interval
                {
                    // Flushed here, synced and checkpointed on a thread of its
                    // own, so that a slow disk does not stall the matching.
                    let flushed = writer.flush().map_err(|e| incomplete(e, committed))?;
                    let (fingerprint, at, counts) = (fingerprint.clone(), next, counts);
                    syncing = Some(scope.spawn(move || {
                        let lengths = flushed.sync()?;
                        Checkpoint::new(fingerprint, at, lengths, counts, false).save(out)?;
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
    let finish = writer
        .commit()
        .and_then(|lengths| {
            Checkpoint::new(fingerprint.clone(), next, lengths, counts, true).save(out)
        })
        .and_then(|()| writer.publish())
        .and_then(|()| Checkpoint::remove(out));
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

/// The gazetteer: the defaults, or the files and directories given.
pub fn load_gazetteer(paths: &[PathBuf]) -> Result<Gazetteer, Error> {
    if paths.is_empty() {
        Gazetteer::default_embedded()
    } else {
        Gazetteer::from_paths(paths)
    }
}
