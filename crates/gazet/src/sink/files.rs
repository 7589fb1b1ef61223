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

use crate::error::Error;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The temporary name of a table (`.mentions.csv.partial`).
pub fn partial_name(table: &str) -> String {
    format!(".{table}.partial")
}

/// A write error on `path`.
pub fn write_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::io(path.display(), format!("cannot write: {e}"))
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
pub fn reopen(path: &Path, len: u64) -> Result<File, Error> {
    let resume_error = |e: std::io::Error| {
        Error::io(
            path.display(),
            format!("cannot resume from this file of the interrupted run: {e}"),
        )
    };
    let mut file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(resume_error)?;
    let have = file.metadata().map_err(resume_error)?.len();
    if have < len {
        return Err(resume_error(std::io::Error::other(format!(
            "it holds {have} bytes, the checkpoint says {len}"
        ))));
    }
    file.set_len(len).map_err(resume_error)?;
    file.seek(SeekFrom::End(0)).map_err(resume_error)?;
    Ok(file)
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
