//! Checkpoints: how an interrupted run starts again where it stopped.
//!
//! A run over millions of documents may be killed (SIGKILL, a reboot, a full
//! disk) hours in. Its work is not lost: after each batch of documents, the
//! run makes its temporary tables durable ([`crate::sink::Flushed::sync`])
//! and then records, in a small JSON file in the output directory
//! (`.gazet-checkpoint.json`), how long each temporary table was at that
//! moment, the counts so far, and where the reader goes on after the last
//! document written ([`Position`]: a file, and a byte and line in it). The
//! checkpoint is written under a temporary name, synced, and renamed over the
//! old one, so it is always either the old one or the new one, and it never
//! claims more than the tables hold.
//!
//! `gazet extract ... --resume` then cuts the temporary tables back to the
//! recorded lengths (dropping whatever was written after the last
//! checkpoint), skips the files already done without opening them, seeks into
//! the file in progress (a gzip stream is decompressed up to that point, but
//! nothing in it is matched again), and appends. Since the output of each
//! document depends only on the document, the gazetteer, the options and the
//! ids seen before it (restored from the list of ids the run wrote), the
//! tables come out byte-identical to those of a run that was never stopped.
//!
//! A checkpoint is only used for the same run: the same gazet version,
//! gazetteer, options and input files, and the files already read (all but
//! the ones not yet reached) unchanged in size and modification time. The
//! [`Fingerprint`] records all that, and a resume that does not match says
//! what differs instead of producing a table that mixes two runs.

use crate::error::Error;
use crate::sink::SinkState;
use crate::source::{InputFile, Location, Position};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// The checkpoint's file name in the output directory.
pub const FILE: &str = ".gazet-checkpoint.json";

/// The largest checkpoint read (bytes): far above any gazet writes (the
/// aggregates of a corpus of millions of documents take a few hundred
/// megabytes).
const MAX_LEN: u64 = 4 << 30;

/// Version of the checkpoint's layout.
const FORMAT: u32 = 2;

/// What the counts of a run are at a checkpoint (see [`crate::run::Summary`]).
///
/// ```
/// let c = gazet::run::Counts { documents: 3, ok: 2, rejected: 1, ..Default::default() };
/// assert_eq!(c.documents, c.ok + c.flagged + c.rejected);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Documents written to the documents table.
    pub documents: u64,
    /// Of those, `ok`.
    pub ok: u64,
    /// Of those, `flagged`.
    pub flagged: u64,
    /// Of those, `rejected`.
    pub rejected: u64,
    /// Bytes of text matched.
    pub bytes: u64,
    /// Mentions written.
    pub mentions: u64,
}

/// The size and modification time of an input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The file as shown in the tables.
    pub file: String,
    /// Its size in bytes, if it could be read.
    pub len: Option<u64>,
    /// Its modification time (seconds, nanoseconds since the Unix epoch).
    pub modified: Option<(u64, u32)>,
}

/// What makes two runs the same run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The gazet version.
    pub gazet: String,
    /// The options that change the tables.
    pub options: String,
    /// A hash of the loaded gazetteer and the matcher's options.
    pub gazetteer: String,
    /// The input files, in reading order.
    pub inputs: Vec<Stamp>,
}

impl Fingerprint {
    /// The fingerprint of a run over `files`. `options` describes every
    /// option that changes the tables; `gazetteer` is what the matcher was
    /// built from (hashed, see [`hash_debug`]).
    pub fn new(files: &[InputFile], options: String, gazetteer: String) -> Fingerprint {
        let inputs = files
            .iter()
            .map(|f| {
                let meta = match &f.location {
                    Location::Path(p) => std::fs::metadata(p).ok(),
                    Location::Stdin => None,
                };
                Stamp {
                    file: f.display.clone(),
                    len: meta.as_ref().map(|m| m.len()),
                    modified: meta
                        .and_then(|m| m.modified().ok())
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map(|d| (d.as_secs(), d.subsec_nanos())),
                }
            })
            .collect();
        Fingerprint {
            gazet: env!("CARGO_PKG_VERSION").to_string(),
            options,
            gazetteer,
            inputs,
        }
    }

    /// Why a run with fingerprint `now` cannot continue one with this
    /// fingerprint that stopped in file `reached`; `None` when it can. Files
    /// after `reached` may have changed: the interrupted run never read them.
    pub fn mismatch(&self, now: &Fingerprint, reached: usize) -> Option<String> {
        if self.gazet != now.gazet {
            return Some(format!(
                "it was made by gazet {}, this is gazet {}",
                self.gazet, now.gazet
            ));
        }
        if self.options != now.options {
            return Some(format!(
                "the options differ (then: {}; now: {})",
                self.options, now.options
            ));
        }
        if self.gazetteer != now.gazetteer {
            return Some("the gazetteer differs".into());
        }
        let (then, now) = (&self.inputs, &now.inputs);
        for (i, (a, b)) in then.iter().zip(now.iter()).enumerate() {
            if a.file != b.file {
                return Some(format!(
                    "the input files differ: file {} was {}, is now {}",
                    i + 1,
                    a.file,
                    b.file
                ));
            }
            if i <= reached && (a.len != b.len || a.modified != b.modified) {
                return Some(format!(
                    "{} changed since the interrupted run read it (size or modification time)",
                    a.file
                ));
            }
        }
        if then.len() != now.len() {
            return Some(format!(
                "the inputs were {} files, now {}",
                then.len(),
                now.len()
            ));
        }
        None
    }
}

/// The state of a run after its last commit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Layout version.
    pub format: u32,
    /// Which run this is.
    pub run: Fingerprint,
    /// Where the reader goes on.
    pub next: Position,
    /// What the sink needs to reopen its tables as they were.
    pub sink: SinkState,
    /// Length of the list of ids written.
    pub ids: u64,
    /// Counts so far.
    pub counts: Counts,
    /// Every document is written: only the renames remain.
    pub finished: bool,
    /// The aggregates counted so far, when the run counts them.
    #[serde(default)]
    pub aggregates: Option<crate::aggregate::AggregatesState>,
}

impl Checkpoint {
    /// A checkpoint of `run` at this point.
    pub fn new(
        run: Fingerprint,
        next: Position,
        sink: SinkState,
        ids: u64,
        counts: Counts,
        finished: bool,
    ) -> Checkpoint {
        Checkpoint {
            format: FORMAT,
            run,
            next,
            sink,
            ids,
            counts,
            finished,
            aggregates: None,
        }
    }

    /// The checkpoint in `dir`, if there is one.
    pub fn load(dir: &Path) -> Result<Option<Checkpoint>, Error> {
        let path = dir.join(FILE);
        let again = "run without --resume to start again";
        // gazet writes its checkpoint as a file and renames it into place:
        // anything else at its name (a link to `/dev/zero`, which would be
        // read until memory runs out) is not one.
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path.display(), format!("cannot read: {e}"))),
            Ok(m) if !m.file_type().is_file() => {
                return Err(Error::io(
                    path.display(),
                    format!("not a regular file, so not a checkpoint gazet wrote: {again}"),
                ))
            }
            Ok(m) if m.len() > MAX_LEN => {
                return Err(Error::io(
                    path.display(),
                    format!(
                        "{} bytes: larger than any checkpoint gazet writes: {again}",
                        m.len()
                    ),
                ))
            }
            Ok(_) => {}
        }
        let mut text = String::new();
        File::open(&path)
            .and_then(|f| f.take(MAX_LEN + 1).read_to_string(&mut text))
            .map_err(|e| Error::io(path.display(), format!("cannot read: {e}")))?;
        let cp: Checkpoint = serde_json::from_str(&text).map_err(|e| {
            Error::io(
                path.display(),
                format!(
                    "not a checkpoint gazet can read ({e}): run without --resume to start again"
                ),
            )
        })?;
        if cp.format != FORMAT {
            return Err(Error::io(
                path.display(),
                format!(
                    "checkpoint layout {} is not {FORMAT}: run without --resume to start again",
                    cp.format
                ),
            ));
        }
        cp.check()
            .map_err(|why| Error::io(path.display(), format!("{why}: {again}")))?;
        Ok(Some(cp))
    }

    /// What a checkpoint gazet wrote always holds: counts that add up, and
    /// aggregates whose pairs name entities and documents they have.
    fn check(&self) -> Result<(), String> {
        let c = &self.counts;
        if c.ok
            .checked_add(c.flagged)
            .and_then(|n| n.checked_add(c.rejected))
            != Some(c.documents)
        {
            return Err(format!(
                "its counts do not add up ({} documents, {} ok, {} flagged, {} rejected)",
                c.documents, c.ok, c.flagged, c.rejected
            ));
        }
        if let Some(a) = &self.aggregates {
            a.check(c.documents)?;
        }
        Ok(())
    }

    /// Writes the checkpoint to `dir`, atomically: under a temporary name,
    /// synced, then renamed over the last one.
    pub fn save(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(FILE);
        let tmp = dir.join(format!("{FILE}.tmp"));
        let fail = |e: std::io::Error| {
            Error::io(tmp.display(), format!("cannot write the checkpoint: {e}"))
        };
        let _ = std::fs::remove_file(&tmp);
        let f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(fail)?;
        // Compact: with the aggregates, a checkpoint holds a number per
        // count of every pair of entities, which pretty printing would
        // spread over a line each. Streamed to the file rather than made
        // whole in memory first: with the aggregates of a large corpus it
        // is tens of megabytes, and a buffer grown to that size at every
        // checkpoint cost copies and fresh pages.
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        serde_json::to_writer(&mut w, self).map_err(|e| fail(e.into()))?;
        let f = w.into_inner().map_err(|e| fail(e.into_error()))?;
        f.sync_data().map_err(fail)?;
        drop(f);
        std::fs::rename(&tmp, &path).map_err(|e| {
            Error::io(
                path.display(),
                format!("cannot rename the new checkpoint into place: {e}"),
            )
        })?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Removes the checkpoint of `dir`, if any: the run is complete, or a new
    /// one starts.
    pub fn remove(dir: &Path) -> Result<(), Error> {
        for name in [FILE.to_string(), format!("{FILE}.tmp")] {
            match std::fs::remove_file(dir.join(&name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io(dir.join(&name).display(), e))
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// FNV-1a, 64 bits: a hash that is the same in every process (unlike the
/// standard library's keyed hashers), for fingerprints.
struct Fnv(u64);

impl std::fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for &b in s.as_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(())
    }
}

/// A stable hash of a value's `Debug` form, in hexadecimal, computed without
/// building the string.
pub fn hash_debug<T: std::fmt::Debug + ?Sized>(value: &T) -> String {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    let _ = write!(h, "{value:?}");
    format!("{:016x}", h.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(files: &[(&str, u64)]) -> Fingerprint {
        Fingerprint {
            gazet: "1".into(),
            options: "o".into(),
            gazetteer: "g".into(),
            inputs: files
                .iter()
                .map(|&(f, len)| Stamp {
                    file: f.into(),
                    len: Some(len),
                    modified: Some((1, 2)),
                })
                .collect(),
        }
    }

    #[test]
    fn only_files_already_read_must_be_unchanged() {
        let then = fp(&[("a", 1), ("b", 2), ("c", 3)]);
        assert_eq!(then.mismatch(&fp(&[("a", 1), ("b", 2), ("c", 9)]), 1), None);
        assert!(then
            .mismatch(&fp(&[("a", 1), ("b", 5), ("c", 3)]), 1)
            .unwrap()
            .starts_with("b changed"));
        assert!(then
            .mismatch(&fp(&[("a", 1), ("b", 2)]), 1)
            .unwrap()
            .contains("were 3 files, now 2"));
        let mut other = fp(&[("a", 1), ("b", 2), ("c", 3)]);
        other.options = "p".into();
        assert!(then.mismatch(&other, 0).unwrap().contains("options differ"));
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(hash_debug("a"), hash_debug("a"));
        assert_ne!(hash_debug("a"), hash_debug("b"));
        // FNV-1a of the two bytes `""` (Debug quotes strings).
        assert_eq!(hash_debug(""), "07cc7607b4949e25");
    }
}
