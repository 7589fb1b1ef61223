//! The extraction run: documents in, tables out, on all cores.
//!
//! One thread reads documents ([`crate::input`]) and groups them into batches
//! of bounded size; the batches go through a channel of fixed depth to the main
//! thread, which matches each batch in parallel with rayon and writes the
//! results in input order. Memory is bounded by the batch size and the channel
//! depth, whatever the size of the corpus, and the output is byte-identical
//! whatever the number of threads, because each batch is collected in order
//! before it is written.

use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::input::{discover, Document, DocumentReader, ReadOptions, Skipped};
use crate::matcher::KeyRule;
use crate::matcher::Matcher;
use crate::normalize;
use crate::output::{self, Located, MatchKind, Processed, TableWriter};
use crate::resolve;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

/// Options of an extraction run.
#[derive(Clone, Debug)]
pub struct ExtractOptions {
    /// Which JSON fields to read.
    pub read: ReadOptions,
    /// Worker threads; `None` for one per core.
    pub threads: Option<usize>,
    /// A batch closes at this many documents...
    pub batch_docs: usize,
    /// ... or at this many bytes of text.
    pub batch_bytes: usize,
    /// Mentions scoring below this are not written (see [`output::score`]).
    pub min_score: f32,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            read: ReadOptions::default(),
            threads: None,
            batch_docs: 4096,
            batch_bytes: 16 << 20,
            min_score: 0.0,
        }
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Documents listed in `documents.csv`.
    pub documents: u64,
    /// Of those, processed with status `ok`.
    pub ok: u64,
    /// Of those, not (entirely) processed.
    pub not_ok: u64,
    /// Bytes of text matched.
    pub bytes: u64,
    /// Mentions written.
    pub mentions: u64,
    /// Files passed over while walking directories.
    pub skipped: Vec<Skipped>,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl Summary {
    /// The one-line summary printed at the end of a run.
    pub fn line(&self) -> String {
        let mb = self.bytes as f64 / 1e6;
        let rate = if self.seconds > 0.0 {
            mb / self.seconds
        } else {
            0.0
        };
        format!(
            "gazet: {} documents ({} ok, {} not processed), {}, {} mentions, {:.2} s, {:.1} MB/s{}",
            self.documents,
            self.ok,
            self.not_ok,
            human_bytes(self.bytes),
            self.mentions,
            self.seconds,
            rate,
            if self.skipped.is_empty() {
                String::new()
            } else {
                format!(", {} files skipped", self.skipped.len())
            }
        )
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
/// always give the same result.
pub fn process_document(matcher: &Matcher, gazetteer: &Gazetteer, doc: Document) -> Processed {
    let mut problems: Vec<String> = doc.problem.into_iter().collect();
    let mut fields = Vec::with_capacity(doc.fields.len());
    for field in &doc.fields {
        if field.text.len() > normalize::MAX_TEXT_LEN {
            problems.push(format!(
                "field '{}' is larger than 4 GiB, not matched",
                field.name
            ));
        } else {
            fields.push(field);
        }
    }
    let texts: Vec<&str> = fields.iter().map(|f| f.text.as_str()).collect();
    let found = resolve::document(matcher, gazetteer, &texts);
    let mut mentions = Vec::new();
    for (field, field_mentions) in fields.iter().zip(found) {
        let text = field.text.as_str();
        let mut chars_so_far = 0;
        let mut pos = 0;
        for m in field_mentions {
            chars_so_far += text[pos..m.start].chars().count();
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
    let status = if problems.is_empty() {
        "ok".to_string()
    } else {
        problems.join("; ")
    };
    Processed {
        id: doc.id,
        source: doc.source,
        field_bytes,
        mentions,
        status,
    }
}

/// Runs extraction over the inputs and writes `mentions.csv` and
/// `documents.csv` into `out`.
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
    let mut writer = TableWriter::create(out, gazetteer)?;
    let mut summary = Summary {
        skipped,
        ..Summary::default()
    };

    let (tx, rx) = sync_channel::<Vec<Document>>(2);
    let (batch_docs, batch_bytes) = (options.batch_docs.max(1), options.batch_bytes.max(1));
    let reader = DocumentReader::new(files, options.read.clone());
    let producer = std::thread::Builder::new()
        .name("gazet-reader".into())
        .spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for doc in reader {
                bytes += doc.fields.iter().map(|f| f.text.len()).sum::<usize>();
                batch.push(doc);
                if batch.len() >= batch_docs || bytes >= batch_bytes {
                    if tx.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        })
        .map_err(|e| Error::Usage(format!("cannot start the reader thread: {e}")))?;

    let mut result = Ok(());
    for batch in rx {
        let min = options.min_score;
        let processed: Vec<Processed> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|d| {
                    let mut p = process_document(matcher, gazetteer, d);
                    p.mentions.retain(|l| l.score >= min);
                    p
                })
                .collect()
        });
        for p in &processed {
            summary.documents += 1;
            if p.status == "ok" {
                summary.ok += 1;
            } else {
                summary.not_ok += 1;
            }
            summary.bytes += p.field_bytes as u64;
            summary.mentions += p.mentions.len() as u64;
            if let Err(e) = writer.write(p) {
                result = Err(e);
                break;
            }
        }
        if result.is_err() {
            break;
        }
    }
    // Dropping the receiver (on error) makes the reader thread stop.
    let _ = producer.join();
    result?;
    writer.finish()?;
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
