//! Files written under a temporary name and given their final name when the
//! run is complete: what every directory sink (and the run's list of ids)
//! shares.
//!
//! A table must never look complete when it is not, whatever kills the run.
//! So each file is written as `.NAME.partial` and renamed to `NAME` at the
//! end. In between it is appended to, flushed and synced at checkpoints, and
//! a resumed run cuts it back to its length at the last checkpoint
//! ([`reopen`]) before appending again, which gives the same bytes as a run
//! that never stopped.
//!
//! [`Tables`] is that life cycle for a set of tables appended side by side,
//! which is all a line-oriented sink (CSV, JSON lines) needs besides its
//! renderer.

use super::{Flushed, SinkState, TableBytes, Target};
use crate::error::Error;
use serde_json::Value;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The temporary name of a table (`.mentions.csv.partial`).
pub fn partial_name(table: &str) -> String {
    format!(".{table}.partial")
}

/// A write error on `path`.
pub fn write_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::io(path.display(), format!("cannot write: {e}"))
}

/// The directory of `target`, for a sink of `format` that writes `what`
/// (tables, datasets) into one.
pub fn dir_of<'t>(target: &'t Target, format: &str, what: &str) -> Result<&'t Path, Error> {
    target.dir().ok_or_else(|| {
        Error::Usage(format!(
            "the {format} format writes {what} into a directory: give --out DIR"
        ))
    })
}

/// Creates the output directory if needed.
pub fn create_dir(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::io(
            dir.display(),
            format!("cannot create output directory: {e}"),
        )
    })
}

/// Removes `path` if it is there (a file, or a directory and what it holds).
pub fn remove(path: &Path, what: &str) -> Result<(), Error> {
    let gone = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => Err(e),
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    };
    gone.map_err(|e| Error::io(path.display(), format!("cannot remove {what}: {e}")))
}

/// Creates `path` anew: an earlier file there (or a symbolic link planted
/// there) is removed first, never written through.
pub fn create_new(path: &Path) -> Result<File, Error> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(path.display(), format!("cannot remove: {e}"))),
    }
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path.display(), format!("cannot create: {e}")))
}

/// Opens a temporary file of an interrupted run, cut back to `len` bytes.
///
/// The file must be the one the run wrote: a regular file, not a symbolic
/// link planted at its name (which would have the resumed run write, and
/// then publish, a file outside the output directory), and `len` must end
/// a row (every table and list gazet appends to ends its rows with a line
/// break), or the checkpoint is not the one written with these files.
pub fn reopen(path: &Path, len: u64) -> Result<File, Error> {
    let resume_error = |e: std::io::Error| {
        Error::io(
            path.display(),
            format!(
                "cannot resume from this file of the interrupted run: {e}; run without --resume to start again"
            ),
        )
    };
    let linked = std::fs::symlink_metadata(path).map_err(resume_error)?;
    if !linked.file_type().is_file() {
        return Err(resume_error(std::io::Error::other(
            "not a regular file (a symbolic link, or something else put at its name): gazet never writes through one",
        )));
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(resume_error)?;
    let meta = file.metadata().map_err(resume_error)?;
    if !same_file(&linked, &meta) {
        return Err(resume_error(std::io::Error::other(
            "it was replaced while being opened",
        )));
    }
    let have = meta.len();
    if have < len {
        return Err(resume_error(std::io::Error::other(format!(
            "it holds {have} bytes, the checkpoint says {len}"
        ))));
    }
    if len > 0 {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(len - 1)).map_err(resume_error)?;
        file.read_exact(&mut last).map_err(resume_error)?;
        if last[0] != b'\n' {
            return Err(resume_error(std::io::Error::other(format!(
                "the checkpoint's length for it, {len} bytes, does not end a row"
            ))));
        }
    }
    file.set_len(len).map_err(resume_error)?;
    file.seek(SeekFrom::End(0)).map_err(resume_error)?;
    Ok(file)
}

/// Are these the metadata of one file (the name looked up, and the file
/// opened)?
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len() && a.is_file() == b.is_file()
}

/// The lock of an output directory: one run at a time writes there.
///
/// Two runs into one directory would overwrite each other's tables and
/// checkpoints. The lock is a file, `.gazet.lock`, created only if absent
/// (atomically), holding the process id of the run; it is removed when the
/// run ends, whatever the end. A lock whose process is gone (the run was
/// killed) is taken over; on systems where that cannot be told, the message
/// says how to remove it.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// The lock file's name in an output directory.
pub const LOCK: &str = ".gazet.lock";

impl Lock {
    /// Takes the lock of `dir` (made if needed), or says which process holds
    /// it.
    pub fn take(dir: &Path) -> Result<Lock, Error> {
        create_dir(dir)?;
        let path = dir.join(LOCK);
        for _ in 0..3 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    // The pid is for people and for telling a stale lock;
                    // the lock is the file's existence.
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let held = std::fs::read_to_string(&path).unwrap_or_default();
                    let pid = held.trim().parse::<u32>().ok();
                    match pid {
                        Some(pid) if !alive(pid) => {
                            // A killed run's: taken over.
                            let _ = std::fs::remove_file(&path);
                        }
                        _ => {
                            let who = pid
                                .map_or("another process".to_string(), |p| format!("process {p}"));
                            return Err(Error::Usage(format!(
                                "{} is in use: another gazet run ({who}) is writing there; wait for it to end, or, if no run is writing there, remove {}",
                                dir.display(),
                                path.display()
                            )));
                        }
                    }
                }
                Err(e) => {
                    return Err(Error::io(
                        path.display(),
                        format!("cannot create the lock: {e}"),
                    ))
                }
            }
        }
        Err(Error::io(
            path.display(),
            "cannot take the lock: it keeps coming back",
        ))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Is process `pid` running? Where that cannot be told, yes (the lock is
/// kept, and the message says how to remove it).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Syncs a directory, so that renames in it are durable. Where a directory
/// cannot be synced (some file systems), the renames still happened.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Renames `dir/.NAME.partial` to `dir/NAME` for each name whose temporary
/// file is still there, then syncs the directory.
pub fn publish(dir: &Path, names: &[&str]) -> Result<(), Error> {
    for name in names {
        let (partial, fin) = (dir.join(partial_name(name)), dir.join(name));
        if partial.exists() {
            std::fs::rename(&partial, &fin).map_err(|e| {
                Error::io(
                    fin.display(),
                    format!("cannot rename the finished table: {e}"),
                )
            })?;
        }
    }
    sync_dir(dir);
    Ok(())
}

/// A file appended to under its temporary name.
pub struct Appender {
    writer: BufWriter<File>,
    path: PathBuf,
}

impl Appender {
    /// Creates `dir/.NAME.partial` anew.
    pub fn create(dir: &Path, name: &str) -> Result<Appender, Error> {
        let path = dir.join(partial_name(name));
        Ok(Appender::new(create_new(&path)?, path))
    }

    /// Reopens `dir/.NAME.partial`, cut back to `len` bytes.
    pub fn reopen(dir: &Path, name: &str, len: u64) -> Result<Appender, Error> {
        let path = dir.join(partial_name(name));
        Ok(Appender::new(reopen(&path, len)?, path))
    }

    fn new(file: File, path: PathBuf) -> Appender {
        Appender {
            writer: BufWriter::with_capacity(1 << 20, file),
            path,
        }
    }

    /// Appends bytes.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.writer
            .write_all(bytes)
            .map_err(|e| write_error(&self.path, e))
    }

    /// Flushes to the operating system: the file to sync and its length.
    pub fn flush(&mut self) -> Result<Pending, Error> {
        self.writer
            .flush()
            .map_err(|e| write_error(&self.path, e))?;
        let file = self.writer.get_ref();
        let len = file
            .metadata()
            .map_err(|e| write_error(&self.path, e))?
            .len();
        let file = file.try_clone().map_err(|e| write_error(&self.path, e))?;
        Ok(Pending {
            file,
            path: self.path.clone(),
            len,
        })
    }
}

/// A file flushed up to `len` bytes, not yet durable.
#[derive(Debug)]
pub struct Pending {
    file: File,
    path: PathBuf,
    /// Its length when flushed.
    pub len: u64,
}

impl Pending {
    /// Syncs the file to disk; the bytes up to `len` are then durable,
    /// whatever was appended since. Returns `len`.
    pub fn sync(&self) -> Result<u64, Error> {
        self.file
            .sync_data()
            .map_err(|e| write_error(&self.path, e))?;
        Ok(self.len)
    }
}

/// The three tables of a line-oriented sink (mentions, documents, rejects),
/// appended side by side in one directory under their temporary names.
pub struct Tables {
    dir: PathBuf,
    names: &'static [&'static str; 3],
    files: [Appender; 3],
}

/// The three tables of a line-oriented sink (CSV, JSON lines) flushed, to
/// be synced: the state is the length of each table, by name.
///
/// ```
/// use gazet::sink::{csv::Csv, Flushed, Sink, SinkOptions, TableBytes, Target, TablesFlushed};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-sink-tables-flushed-{}", std::process::id()));
/// let options = SinkOptions::default();
/// let mut sink = Csv::create(&Target::Dir(dir.clone()), &options)?;
/// let flushed: TablesFlushed = sink.flush()?;
/// let state = flushed.sync()?;
/// sink.write(TableBytes { documents: b"after,the,checkpoint\n".to_vec(), ..Default::default() })?;
/// drop(sink); // killed: what came after the checkpoint is on disk, but not in `state`
/// Csv::reopen(&dir, &options, &state)?.publish()?;
/// let documents = std::fs::read_to_string(dir.join("documents.csv"))?;
/// assert_eq!(documents, "doc_id,source,field_bytes,mentions,status,reason\n");
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct TablesFlushed {
    names: &'static [&'static str; 3],
    pending: [Pending; 3],
}

impl Tables {
    /// Starts the tables `names` of a new run in `dir` (made if needed): the
    /// tables of an earlier run there, under their final names, are removed
    /// first, then each is created under its temporary name and begins with
    /// its `headers` entry (empty for none).
    pub fn create(
        dir: &Path,
        names: &'static [&'static str; 3],
        headers: [&[u8]; 3],
    ) -> Result<Tables, Error> {
        create_dir(dir)?;
        for name in names {
            remove(&dir.join(name), "the table of an earlier run")?;
        }
        let open = |i: usize| -> Result<Appender, Error> {
            let mut file = Appender::create(dir, names[i])?;
            file.write(headers[i])?;
            Ok(file)
        };
        Ok(Tables {
            dir: dir.to_path_buf(),
            names,
            files: [open(0)?, open(1)?, open(2)?],
        })
    }

    /// Reopens the tables of an interrupted run in `dir`, each cut back to
    /// its length in `state` (what [`TablesFlushed::sync`] returned).
    pub fn reopen(
        dir: &Path,
        names: &'static [&'static str; 3],
        state: &SinkState,
    ) -> Result<Tables, Error> {
        let open = |i: usize| -> Result<Appender, Error> {
            let name = names[i];
            let len = state.get(name).and_then(Value::as_u64).ok_or_else(|| {
                Error::Usage(format!(
                    "the checkpoint in {} has no length for {name}: run without --resume to start again",
                    dir.display(),
                ))
            })?;
            Appender::reopen(dir, name, len)
        };
        Ok(Tables {
            dir: dir.to_path_buf(),
            names,
            files: [open(0)?, open(1)?, open(2)?],
        })
    }

    /// Appends one document to each table.
    pub fn write(&mut self, doc: &TableBytes) -> Result<(), Error> {
        let [m, d, r] = &mut self.files;
        m.write(&doc.mentions)?;
        d.write(&doc.documents)?;
        r.write(&doc.rejects)
    }

    /// Flushes every table to the operating system.
    pub fn flush(&mut self) -> Result<TablesFlushed, Error> {
        let [m, d, r] = &mut self.files;
        Ok(TablesFlushed {
            names: self.names,
            pending: [m.flush()?, d.flush()?, r.flush()?],
        })
    }

    /// Flushes and syncs the tables (so that a write error is reported, not
    /// lost when the buffers are dropped), closes them and gives them their
    /// final names.
    pub fn publish(mut self) -> Result<(), Error> {
        self.flush()?.sync()?;
        let Tables { dir, names, files } = self;
        drop(files);
        publish(&dir, names)
    }
}

impl Flushed for TablesFlushed {
    fn sync(self) -> Result<SinkState, Error> {
        let mut state = serde_json::Map::new();
        for (name, p) in self.names.iter().zip(&self.pending) {
            state.insert(name.to_string(), Value::from(p.sync()?));
        }
        Ok(Value::Object(state))
    }
}
