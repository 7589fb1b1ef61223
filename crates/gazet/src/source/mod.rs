//! Reading documents: files, directories and standard input, streamed, in
//! any of the [`FORMATS`].
//!
//! Inputs are expanded into a list of files first ([`discover`]): a directory
//! is walked recursively in sorted order, so the same tree always yields the
//! same documents in the same order. Then [`Reader`] streams the documents of
//! those files one at a time, each file read by its [`Format`]; nothing holds
//! more than one document (a `.txt` file, a JSONL line) in memory, or one
//! record batch of a Parquet file.
//!
//! * `.txt` ([`txt`]): one document per file, id = the path relative to the
//!   directory given (or the file name for a file given directly), field
//!   `text`.
//! * `.jsonl` / `.ndjson` ([`jsonl`]): one document per line; the id from the
//!   id field (string or number; the line number when absent), the text from
//!   each text field, matched on its own.
//! * `.parquet` ([`parquet`]): one document per row; the id, text and kept
//!   fields are columns found by name, read a row group at a time.
//! * `.csv` / `.tsv` ([`csv`]): one document per record, the header naming
//!   the columns that the fields name.
//! * compression, gzip or Zstandard, is recognized by its magic bytes,
//!   whatever the name (`x.jsonl.gz`, `x.txt.zst`, zstd on standard input),
//!   in one place ([`open`]) for every format; a file of several gzip
//!   members or zstd frames (concatenated dumps) is read whole.
//! * `-` is standard input, JSONL unless [`ReadOptions::input_format`] names
//!   another format; that format is also the one of a file given directly
//!   whose name has no known ending (`dump.dat`). Files met while walking a
//!   directory are still told by their endings: a directory holds READMEs
//!   and logs as well.
//!
//! A new format is one new file with a type implementing [`Format`], and one
//! line in [`FORMATS`].
//!
//! # Bad input
//!
//! Scraped dumps are full of broken bytes and odd JSON, and a run over
//! millions of documents must neither stop at one nor lose one quietly. So
//! reading never fails: every unit read (a `.txt` file, a non-blank JSONL
//! line, the unreadable rest of a file) comes out as exactly one
//! [`Document`], in one of three states:
//!
//! * read as it is: no flags, not rejected;
//! * read with a caveat, listed in [`Document::flags`]: invalid UTF-8
//!   replaced by U+FFFD, JSON repaired (raw control characters in a string,
//!   lone UTF-16 surrogate escapes), a field repeated in the object, an id
//!   that could not be used, an empty file, a file cut short;
//! * not readable as a document ([`Document::unreadable`] says why): a line
//!   that is not JSON or not a JSON object, no usable text field, a file that
//!   cannot be opened, the rest of a file after a read error (a truncated
//!   gzip or zstd stream). The documents before it in the same file are kept.
//!
//! Each document comes with the place reading goes on after it
//! ([`Position`]), so that an interrupted run can start again right after
//! the last document it finished ([`Reader::resume`]).
//!
//! Nothing read from an input is ever used as a path or a command: ids and
//! texts only end up as cells of the output tables.

pub mod csv;
pub mod jsonl;
pub mod parquet;
pub mod txt;

use crate::document::{Document, Provenance, Reason, Utf8Scope};
use crate::error::Error;
use flate2::read::MultiGzDecoder;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The documents of one file, each with the position after it.
///
/// ```
/// use gazet::source::{discover, Documents, ReadOptions};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-documents-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.jsonl"), "{\"id\": \"a\", \"text\": \"Basra\"}\n{\"id\": \"b\", \"text\": \"Erbil\"}\n")?;
/// let (files, _) = discover(&[dir.join("a.jsonl")])?;
/// let docs: Documents = files[0].format.open(&files[0], 0, &ReadOptions::default(), Default::default());
/// let ids: Vec<String> = docs.map(|(doc, _)| doc.id).collect();
/// assert_eq!(ids, ["a", "b"]);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Documents = Box<dyn Iterator<Item = (Document, Position)> + Send>;

/// What a file that cannot be opened at `at` gives: one rejected document,
/// `file-unreadable` when read from the start, `cannot-resume` (with the
/// line and byte offset a resumed run asked for) otherwise; the reader then
/// goes on with the next file. For the [`Format::open`] of a format whose
/// file is opened in one step.
///
/// ```
/// use gazet::source::{cannot_open, Position};
/// let e = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
/// let start = Position { file: 2, offset: 0, line: 0 };
/// let docs: Vec<_> = cannot_open("a.jsonl".into(), 2, start, &e).collect();
/// assert_eq!(docs.len(), 1);
/// assert_eq!(docs[0].0.unreadable[0].code(), "file-unreadable");
/// assert_eq!(docs[0].1, Position { file: 3, offset: 0, line: 0 });
/// let resumed = Position { file: 2, offset: 40, line: 3 };
/// let docs: Vec<_> = cannot_open("a.jsonl".into(), 2, resumed, &e).collect();
/// assert_eq!(docs[0].0.unreadable[0].code(), "cannot-resume");
/// assert_eq!(docs[0].0.source.line, Some(4));
/// ```
pub fn cannot_open(file: Arc<str>, index: usize, at: Position, error: &io::Error) -> Documents {
    let resumed = at.offset > 0;
    let why = if resumed {
        Reason::CannotResumeAt {
            offset: at.offset,
            error: error.to_string(),
        }
    } else {
        Reason::FileUnreadable(error.to_string())
    };
    let source = Provenance {
        file,
        line: resumed.then_some(at.line + 1),
        offset: resumed.then_some(at.offset),
    };
    let next = Position {
        file: index + 1,
        offset: 0,
        line: 0,
    };
    Box::new(std::iter::once((
        Document::unreadable_at(source, why),
        next,
    )))
}

/// How a file holds documents: one input format.
///
/// ```
/// use gazet::source::{format_of, txt::Txt, Format};
/// let jsonl: &dyn Format = format_of("dump.ndjson.gz".as_ref()).ok_or("unknown type")?;
/// assert_eq!(jsonl.name(), "jsonl");
/// assert_eq!(jsonl.extensions(), [".jsonl", ".ndjson"]);
/// assert!(!jsonl.whole_file());
/// assert!(Txt.whole_file());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Format: Sync + fmt::Debug {
    /// Its name (`jsonl`).
    fn name(&self) -> &'static str;
    /// The endings of the file names it reads, lowercase, without a
    /// compression suffix (`.jsonl`, `.ndjson`).
    fn extensions(&self) -> &'static [&'static str];
    /// Is a file one document (`.txt`)? Then an empty file is one flagged
    /// document and an unreadable one keeps its id; otherwise an empty file
    /// holds no document and is listed as skipped.
    fn whole_file(&self) -> bool {
        false
    }
    /// The documents of `file` (the file of index `index` in the run), read
    /// from `at` (the start, or where an interrupted run stopped). Never
    /// fails: what cannot be read becomes rejected documents.
    fn open(
        &self,
        file: &InputFile,
        index: usize,
        options: &ReadOptions,
        at: Position,
    ) -> Documents;
    /// Checks, before a resumed run starts, that `file` can be read from
    /// `at`, so that a file that changed is refused now rather than
    /// halfway.
    fn check_resume(&self, _file: &InputFile, _at: Position) -> io::Result<()> {
        Ok(())
    }
    /// The names of the fields the documents of `file` have, as
    /// `--text-field` and `--id-field` name them, when the format has
    /// fields and they can be read from its start (a CSV header, a Parquet
    /// schema, the keys of the first JSON lines): `None` otherwise. A run
    /// reads them before it starts, to name a mistyped field at once.
    fn fields(&self, _file: &InputFile) -> Option<Vec<String>> {
        None
    }
}

/// Every input format: register a new one here.
///
/// ```
/// let names: Vec<&str> = gazet::source::FORMATS.iter().map(|f| f.name()).collect();
/// assert_eq!(names, ["txt", "jsonl", "csv", "tsv", "parquet"]);
/// ```
pub const FORMATS: &[&dyn Format] = &[
    &txt::Txt,
    &jsonl::Jsonl,
    &csv::CSV,
    &csv::TSV,
    &parquet::Parquet,
];

/// The format of standard input (`-`) when none is named.
///
/// ```
/// use gazet::source::{discover, STDIN_FORMAT};
/// assert_eq!(STDIN_FORMAT.name(), "jsonl");
/// let (files, _) = discover(&["-"])?;
/// assert_eq!(files[0].format.name(), STDIN_FORMAT.name());
/// # Ok::<(), gazet::Error>(())
/// ```
pub const STDIN_FORMAT: &dyn Format = &jsonl::Jsonl;

/// The format of this name (`jsonl`, `csv`), among [`FORMATS`].
///
/// ```
/// use gazet::source::format_named;
/// assert_eq!(format_named("tsv").map(|f| f.extensions()), Some(&[".tsv"][..]));
/// assert!(format_named("xml").is_none());
/// ```
pub fn format_named(name: &str) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.name() == name)
}

/// `txt, jsonl, csv, tsv, parquet`: the names of the formats.
///
/// ```
/// assert_eq!(gazet::source::format_names(), "txt, jsonl, csv, tsv, parquet");
/// ```
pub fn format_names() -> String {
    let names: Vec<&str> = FORMATS.iter().map(|f| f.name()).collect();
    names.join(", ")
}

/// File name suffixes of compressed files, stripped before the format's own.
const COMPRESSIONS: &[&str] = &[".gz", ".zst"];

/// Where a file's bytes come from.
///
/// ```
/// use gazet::source::{discover, is_compressed, Location};
/// let (files, _) = discover(&["-"])?;
/// assert_eq!(files[0].location, Location::Stdin);
/// assert!(!is_compressed(&Location::Stdin));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// One input file, found by [`discover`].
///
/// ```
/// use gazet::source::{discover, Location};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-input-file-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("sub"))?;
/// std::fs::write(dir.join("sub").join("a.txt"), "Tehran")?;
/// let (files, _) = discover(&[&dir])?;
/// assert_eq!(files[0].location, Location::Path(dir.join("sub").join("a.txt")));
/// assert_eq!(files[0].text_id, "sub/a.txt");
/// assert_eq!(files[0].format.name(), "txt");
/// assert!(files[0].unreadable.is_none());
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct InputFile {
    /// Where to read it.
    pub location: Location,
    /// How it is shown in tables and messages.
    pub display: String,
    /// The document id of a file that is one document.
    pub text_id: String,
    /// How it holds documents.
    pub format: &'static dyn Format,
    /// Why it cannot be read at all, when [`discover`] already knows (a
    /// directory that cannot be listed): the reader reports it as one
    /// rejected document.
    pub unreadable: Option<Reason>,
}

impl PartialEq for InputFile {
    fn eq(&self, other: &InputFile) -> bool {
        self.location == other.location
            && self.display == other.display
            && self.text_id == other.text_id
            && self.format.name() == other.format.name()
            && self.unreadable == other.unreadable
    }
}

/// A file passed over while walking a directory, and why.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("gazet-doc-skipped-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("README.md"), "notes")?;
/// std::fs::write(dir.join("a.jsonl"), "{\"text\": \"Basra\"}\n")?;
/// let (files, skipped) = gazet::source::discover(&[&dir])?;
/// assert_eq!(files.len(), 1);
/// assert!(skipped[0].path.ends_with("README.md"));
/// assert!(skipped[0].reason.starts_with("not .txt, .jsonl"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// The format of a file name: by its ending, after a compression suffix.
///
/// ```
/// use gazet::source::format_of;
/// use std::path::Path;
/// let name = |p: &str| format_of(Path::new(p)).map(|f| f.name());
/// assert_eq!(name("news/2024.JSONL.gz"), Some("jsonl"));
/// assert_eq!(name("part-0.parquet"), Some("parquet"));
/// assert_eq!(name("README.md"), None);
/// ```
pub fn format_of(path: &Path) -> Option<&'static dyn Format> {
    // A name that is not UTF-8 still has its ending in ASCII.
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = COMPRESSIONS
        .iter()
        .find_map(|c| name.strip_suffix(c))
        .unwrap_or(&name);
    FORMATS
        .iter()
        .copied()
        .find(|f| f.extensions().iter().any(|x| name.ends_with(x)))
}

/// `.txt, .jsonl, .ndjson, ...`: the file name endings read, for messages.
fn known_extensions() -> String {
    let all: Vec<&str> = FORMATS
        .iter()
        .flat_map(|f| f.extensions())
        .copied()
        .collect();
    match all.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `.gz` or `.gz or .zst`: the compressions read.
fn known_compressions() -> String {
    COMPRESSIONS.join(" or ")
}

/// Expands command-line inputs into files, in order: [`discover_with`] with
/// the default options (standard input is JSONL, and a file given directly
/// must have a known ending).
///
/// ```
/// let dir = std::env::temp_dir().join(format!("gazet-doc-discover-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("sub"))?;
/// for name in ["b.txt", "a.jsonl", "sub/c.csv"] {
///     std::fs::write(dir.join(name), "x")?;
/// }
/// let (files, skipped) = gazet::source::discover(&[&dir])?;
/// let ids: Vec<&str> = files.iter().map(|f| f.text_id.as_str()).collect();
/// assert_eq!(ids, ["a.jsonl", "b.txt", "sub/c.csv"]);
/// assert!(skipped.is_empty());
/// assert!(gazet::source::discover(&[dir.join("missing.txt")]).is_err());
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn discover<P: AsRef<Path>>(inputs: &[P]) -> Result<(Vec<InputFile>, Vec<Skipped>), Error> {
    discover_with(inputs, &ReadOptions::default())
}

/// Expands command-line inputs into files, in order, standard input and
/// files given directly whose ending is unknown read in the format
/// [`ReadOptions::input_format`] names. A path that does not exist, a
/// directory given that cannot be listed, a file given directly whose type
/// is unknown (and no input format named), or an input format of no known
/// name, is an error: nothing has been read yet, and the command line is
/// wrong. Inside a directory, files of other types, special
/// files and symbolic link loops are returned as skipped; an entry that
/// cannot be read (a broken link, a subdirectory that cannot be listed)
/// becomes an [`InputFile::unreadable`] entry, reported as a rejected
/// document. Empty JSONL files are listed as skipped: they hold no document.
///
/// ```
/// use gazet::source::{discover, discover_with, ReadOptions};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-discover-with-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("dump.dat"), "id,text\na1,Basra\n")?;
/// let csv = ReadOptions::default().with_input_format("csv");
/// let (files, _) = discover_with(&[dir.join("dump.dat"), "-".into()], &csv)?;
/// assert!(files.iter().all(|f| f.format.name() == "csv"));
/// let e = discover(&[dir.join("dump.dat")]).unwrap_err();
/// assert!(e.to_string().contains("unknown input type"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn discover_with<P: AsRef<Path>>(
    inputs: &[P],
    options: &ReadOptions,
) -> Result<(Vec<InputFile>, Vec<Skipped>), Error> {
    let named = options.format()?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let input = input.as_ref();
        if input == Path::new("-") {
            files.push(InputFile {
                location: Location::Stdin,
                display: "-".into(),
                text_id: "-".into(),
                format: named.unwrap_or(STDIN_FORMAT),
                unreadable: None,
            });
            continue;
        }
        let meta = std::fs::metadata(input)
            .map_err(|e| Error::io(shown(input), format!("cannot open input: {e}")))?;
        if !meta.is_dir() && !meta.is_file() && !is_fifo(&meta) {
            // `/dev/zero` or `/dev/urandom` would be read without end.
            return Err(Error::Usage(format!(
                "{}: not a file, a directory or a pipe (a device or a socket): not read; \
                 give - for standard input",
                shown(input)
            )));
        }
        if meta.is_dir() {
            let mut seen = HashSet::new();
            std::fs::read_dir(input)
                .map_err(|e| Error::io(shown(input), format!("cannot list directory: {e}")))?;
            walk(input, input, &mut seen, &mut files, &mut skipped);
        } else {
            let format = format_of(input).or(named).ok_or_else(|| {
                Error::Usage(format!(
                    "{}: unknown input type: expected {} (optionally {}), or - for JSONL on standard input; or name the format with --input-format ({})",
                    shown(input),
                    known_extensions(),
                    known_compressions(),
                    format_names()
                ))
            })?;
            let name = input.file_name().map(shown_os).unwrap_or_default();
            note_empty(input, &meta, format, &mut skipped);
            files.push(InputFile {
                location: Location::Path(input.to_path_buf()),
                display: shown(input),
                text_id: name,
                format,
                unreadable: None,
            });
        }
    }
    Ok((once_each(files, &mut skipped), skipped))
}

/// The files, each read once: a file given twice, or given and also found
/// in a directory given, is read the first time and listed as skipped the
/// others (the same file is the same canonical path; so is standard input).
fn once_each(files: Vec<InputFile>, skipped: &mut Vec<Skipped>) -> Vec<InputFile> {
    let mut first: HashMap<PathBuf, String> = HashMap::new();
    let mut stdin = false;
    files
        .into_iter()
        .filter(|f| {
            let key = match &f.location {
                Location::Stdin if stdin => {
                    skipped.push(Skipped {
                        path: f.display.clone(),
                        reason: "standard input given twice: read once".into(),
                    });
                    return false;
                }
                Location::Stdin => {
                    stdin = true;
                    return true;
                }
                Location::Path(p) => match std::fs::canonicalize(p) {
                    Ok(real) => real,
                    // Reported when it is read.
                    Err(_) => return true,
                },
            };
            match first.get(&key) {
                Some(shown_first) => {
                    skipped.push(Skipped {
                        path: f.display.clone(),
                        reason: format!("the same file as {shown_first}, given before: read once"),
                    });
                    false
                }
                None => {
                    first.insert(key, f.display.clone());
                    true
                }
            }
        })
        .collect()
}

/// Is it a named pipe (`mkfifo`, or `<(zcat dump.gz)` in a shell)?
#[cfg(unix)]
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::Metadata) -> bool {
    false
}

/// A path as tables and messages show it: as UTF-8, with each byte of a
/// name that is not UTF-8 written `\xNN`, so that two such names stay two
/// (a lossy conversion would make both `�`).
///
/// ```
/// # #[cfg(unix)] {
/// use std::os::unix::ffi::OsStrExt;
/// let p = std::path::Path::new(std::ffi::OsStr::from_bytes(b"news/caf\xe9.txt"));
/// assert_eq!(gazet::source::shown(p), "news/caf\\xE9.txt");
/// # }
/// ```
pub fn shown(path: &Path) -> String {
    shown_os(path.as_os_str())
}

#[cfg(unix)]
fn shown_os(s: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in s.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn shown_os(s: &std::ffi::OsStr) -> String {
    s.to_string_lossy().into_owned()
}

fn note_empty(
    path: &Path,
    meta: &std::fs::Metadata,
    format: &dyn Format,
    skipped: &mut Vec<Skipped>,
) {
    if !format.whole_file() && meta.is_file() && meta.len() == 0 {
        skipped.push(Skipped {
            path: shown(path),
            reason: "empty file (0 bytes): no documents".into(),
        });
    }
}

fn unreadable(path: &Path, format: &'static dyn Format, text_id: String, why: Reason) -> InputFile {
    InputFile {
        location: Location::Path(path.to_path_buf()),
        display: shown(path),
        text_id,
        format,
        unreadable: Some(why),
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<InputFile>,
    skipped: &mut Vec<Skipped>,
) {
    let rel_id = |path: &Path| {
        let rel = path.strip_prefix(root).unwrap_or(path);
        rel.components()
            .map(|c| shown_os(c.as_os_str()))
            .collect::<Vec<_>>()
            .join("/")
    };
    // A symbolic link loop must not walk forever.
    let real = match std::fs::canonicalize(dir) {
        Ok(real) => real,
        Err(e) => {
            let why = Reason::DirectoryUnreadable(e.to_string());
            files.push(unreadable(dir, &txt::Txt, String::new(), why));
            return;
        }
    };
    if !seen.insert(real) {
        skipped.push(Skipped {
            path: shown(dir),
            reason: "directory already visited (symbolic link loop)".into(),
        });
        return;
    }
    let listed: io::Result<Vec<PathBuf>> =
        std::fs::read_dir(dir).and_then(|entries| entries.map(|e| e.map(|e| e.path())).collect());
    let mut entries = match listed {
        Ok(entries) => entries,
        Err(e) => {
            let why = Reason::DirectoryUnreadable(e.to_string());
            files.push(unreadable(dir, &txt::Txt, String::new(), why));
            return;
        }
    };
    entries.sort();
    for path in entries {
        // Follows symbolic links: a link to a file is read as the file.
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                match format_of(&path) {
                    Some(format) => {
                        let why = Reason::FileUnreadable(e.to_string());
                        files.push(unreadable(&path, format, rel_id(&path), why));
                    }
                    None => skipped.push(Skipped {
                        path: shown(&path),
                        reason: format!("cannot read ({e})"),
                    }),
                }
                continue;
            }
        };
        if meta.is_dir() {
            walk(root, &path, seen, files, skipped);
        } else if !meta.is_file() {
            // A FIFO would block the run forever; a device is not a document.
            skipped.push(Skipped {
                path: shown(&path),
                reason: "not a regular file (a FIFO, socket or device)".into(),
            });
        } else if let Some(format) = format_of(&path) {
            note_empty(&path, &meta, format, skipped);
            files.push(InputFile {
                location: Location::Path(path.clone()),
                display: shown(&path),
                text_id: rel_id(&path),
                format,
                unreadable: None,
            });
        } else {
            skipped.push(Skipped {
                path: shown(&path),
                reason: format!("not {}", known_extensions()),
            });
        }
    }
}

/// Which fields of each document to read.
///
/// In JSONL a name is a dotted path into nested objects (`article.body`:
/// the field `body` of the object `article`); a key that holds the dot
/// itself (`"article.body"`) is matched too, and wins when both are there.
/// In CSV and TSV it names a column. The name is the field's name in the
/// tables, as given.
///
/// ```
/// use gazet::source::{jsonl::Lines, ReadOptions};
/// let options = ReadOptions::new("id", vec!["article.body".into()]);
/// let line = r#"{"id": "a1", "article": {"body": "Erbil airport"}}"#;
/// let docs: Vec<_> = Lines::from_reader("mem", Box::new(line.as_bytes()), &options).collect();
/// let field = &docs[0].0.fields[0];
/// assert_eq!((&*field.name, field.text.as_str()), ("article.body", "Erbil airport"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The id field (default `id`).
    pub id_field: String,
    /// The text fields, each matched on its own (default `text`).
    pub text_fields: Vec<String>,
    /// Fields carried as they are into the tables (`--keep-field`): each
    /// document gets one value per entry, in order, in
    /// [`Document::keep`].
    pub keep_fields: Vec<String>,
    /// The format of standard input and of files given directly whose
    /// ending is unknown, by name (`--input-format`: one of [`FORMATS`]);
    /// `None`: standard input is JSONL, and such files are an error.
    pub input_format: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            id_field: "id".into(),
            text_fields: vec!["text".into()],
            keep_fields: Vec::new(),
            input_format: None,
        }
    }
}

impl ReadOptions {
    /// These id and text fields, and no kept field. An empty list of text
    /// fields means `text`.
    ///
    /// ```
    /// use gazet::source::ReadOptions;
    /// let options = ReadOptions::new("url", vec![]);
    /// assert_eq!(options.id_field, "url");
    /// assert_eq!(options.text_fields, ["text"]);
    /// assert!(options.keep_fields.is_empty());
    /// let options = ReadOptions::new("id", vec!["title".into(), "body".into()]);
    /// assert_eq!(options.text_fields, ["title", "body"]);
    /// ```
    pub fn new(id_field: impl Into<String>, text_fields: Vec<String>) -> ReadOptions {
        ReadOptions {
            id_field: id_field.into(),
            text_fields: if text_fields.is_empty() {
                vec!["text".into()]
            } else {
                text_fields
            },
            keep_fields: Vec::new(),
            input_format: None,
        }
    }

    /// The same, carrying these fields into the tables.
    ///
    /// ```
    /// use gazet::source::{jsonl::Lines, ReadOptions};
    /// let options = ReadOptions::default().keep(vec!["date".into(), "author".into()]);
    /// let line = r#"{"text": "Basra", "date": "2024-03-01"}"#;
    /// let docs: Vec<_> = Lines::from_reader("mem", Box::new(line.as_bytes()), &options).collect();
    /// let keep = &docs[0].0.keep;
    /// assert_eq!((&*keep[0].0, &keep[0].1), ("date", &serde_json::json!("2024-03-01")));
    /// assert!(keep[1].1.is_null());
    /// ```
    pub fn keep(mut self, fields: Vec<String>) -> ReadOptions {
        self.keep_fields = fields;
        self
    }

    /// The same, reading standard input and files of unknown endings in
    /// the format of this name (see [`ReadOptions::input_format`]).
    ///
    /// ```
    /// use gazet::source::ReadOptions;
    /// let csv = ReadOptions::default().with_input_format("csv");
    /// assert_eq!(csv.format().unwrap().unwrap().name(), "csv");
    /// let bad = ReadOptions::default()
    ///     .with_input_format("xml")
    ///     .format().unwrap_err();
    /// assert!(bad.to_string().contains("expected one of txt, jsonl, csv, tsv"));
    /// ```
    pub fn with_input_format(mut self, name: impl Into<String>) -> ReadOptions {
        self.input_format = Some(name.into());
        self
    }

    /// The format [`ReadOptions::input_format`] names, if any; a usage
    /// error listing the formats when there is none of that name.
    ///
    /// ```
    /// use gazet::source::ReadOptions;
    /// assert!(ReadOptions::default().format()?.is_none());
    /// let tsv = ReadOptions::default().with_input_format("tsv").format()?;
    /// assert_eq!(tsv.map(|f| f.name()), Some("tsv"));
    /// let xml = ReadOptions::default().with_input_format("xml").format();
    /// assert!(matches!(xml, Err(gazet::Error::Usage(_))));
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn format(&self) -> Result<Option<&'static dyn Format>, Error> {
        let Some(name) = &self.input_format else {
            return Ok(None);
        };
        format_named(name).map(Some).ok_or_else(|| {
            Error::Usage(format!(
                "unknown --input-format {name}: expected one of {}",
                format_names()
            ))
        })
    }
}

/// Where reading goes on after a document: the file (an index into the list
/// [`discover`] made), and in it the bytes (after decompression) and lines
/// (or records) already read. An interrupted run starts again from here.
///
/// ```
/// use gazet::source::{jsonl::Lines, Position, ReadOptions};
/// let text = "{\"text\": \"Basra\"}\n{\"text\": \"Erbil\"}\n";
/// let docs: Vec<_> = Lines::from_reader("mem", Box::new(text.as_bytes()), &ReadOptions::default()).collect();
/// assert_eq!(docs[0].1, Position { file: 0, offset: 18, line: 1 });
/// assert_eq!(docs[1].1, Position { file: 0, offset: text.len() as u64, line: 2 });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Index of the file.
    pub file: usize,
    /// Bytes of the file already read (after decompression).
    pub offset: u64,
    /// Lines (records) of the file already read.
    pub line: u64,
}

/// Opens a file (or standard input), decompressing it when its first bytes
/// say it is compressed.
///
/// ```
/// use gazet::source::{open, Location};
/// use std::io::Read;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-open-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("a.jsonl.zst");
/// std::fs::write(&path, zstd::encode_all(&b"{\"text\": \"Basra\"}\n"[..], 3)?)?;
/// let mut text = String::new();
/// open(&Location::Path(path))?.read_to_string(&mut text)?;
/// assert_eq!(text, "{\"text\": \"Basra\"}\n");
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open(location: &Location) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match location {
        Location::Path(p) => Box::new(File::open(p)?),
        Location::Stdin => Box::new(io::stdin()),
    };
    sniff(raw)
}

/// A compression, told by the first bytes of a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    /// gzip (`1F 8B`); every member is read, as `zcat` does.
    Gzip,
    /// Zstandard (`28 B5 2F FD`, or a skippable frame, `5? 2A 4D 18`);
    /// every frame is read, as `zstdcat` does.
    Zstd,
}

impl Compression {
    /// Bytes of a stream's start needed to tell.
    const MAGIC: usize = 4;

    /// The compression of a stream starting with `start` (at least
    /// [`Compression::MAGIC`] bytes, unless the stream is shorter).
    fn of(start: &[u8]) -> Option<Compression> {
        match start {
            [0x1f, 0x8b, ..] => Some(Compression::Gzip),
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Some(Compression::Zstd),
            [m, 0x2a, 0x4d, 0x18, ..] if m & 0xf0 == 0x50 => Some(Compression::Zstd),
            _ => None,
        }
    }
}

fn sniff(mut raw: Box<dyn Read + Send>) -> io::Result<Box<dyn BufRead + Send>> {
    // Read until the magic is whole or the stream ends: one read of a pipe
    // may return a single byte.
    let mut start = Vec::with_capacity(Compression::MAGIC);
    (&mut raw)
        .take(Compression::MAGIC as u64)
        .read_to_end(&mut start)?;
    let compression = Compression::of(&start);
    let buf = BufReader::with_capacity(256 * 1024, io::Cursor::new(start).chain(raw));
    Ok(match compression {
        Some(Compression::Gzip) => Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(buf),
        )),
        Some(Compression::Zstd) => Box::new(BufReader::with_capacity(
            256 * 1024,
            zstd::stream::read::Decoder::with_buffer(buf)?,
        )),
        None => Box::new(buf),
    })
}

/// Is the file compressed (it starts as a gzip or a Zstandard stream
/// does)? False when it cannot be read, and for anything but a regular
/// file (a named pipe is read once, by the run).
///
/// ```
/// use gazet::source::{is_compressed, Location};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-is-compressed-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("packed.jsonl"), zstd::encode_all(&b"{}\n"[..], 3)?)?;
/// std::fs::write(dir.join("plain.jsonl.gz"), "{}\n")?;
/// assert!(is_compressed(&Location::Path(dir.join("packed.jsonl"))));
/// assert!(!is_compressed(&Location::Path(dir.join("plain.jsonl.gz"))));
/// assert!(!is_compressed(&Location::Path(dir.join("missing.jsonl"))));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_compressed(location: &Location) -> bool {
    let Location::Path(path) = location else {
        return false;
    };
    // A pipe is not opened: opening it would wait for a writer, and the
    // bytes read to tell would be lost to the run.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut magic = Vec::with_capacity(Compression::MAGIC);
    File::open(path)
        .and_then(|f| f.take(Compression::MAGIC as u64).read_to_end(&mut magic))
        .is_ok()
        && Compression::of(&magic).is_some()
}

/// Where a compressed file is first damaged: the start, in decompressed
/// bytes, of the first gzip member or zstd frame that cannot be decoded or
/// fails its checksum, and the decoder's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Damage {
    /// Decompressed bytes before the damaged member or frame.
    pub from: u64,
    /// What is damaged: `gzip member` or `zstd frame`.
    pub what: &'static str,
    /// The decoder's error.
    pub error: String,
}

/// Decodes a compressed regular file member by member (frame by frame),
/// keeping nothing, to find the first damaged one; `None` when every one is
/// whole, or when the file is not a compressed regular file (a pipe cannot
/// be read twice).
///
/// A gzip member's checksum is only at its end, so a reader that streams
/// documents out of it has handed them on before the checksum can fail;
/// for a file made by `gzip` the one member is the whole file. Reading the
/// file once ahead, without parsing or matching (decompression alone, a
/// few hundred megabytes a second), is what lets the documents of a
/// damaged member be flagged as they are read rather than published `ok`,
/// with memory that does not grow with the file.
pub(crate) fn damage(location: &Location) -> Option<Damage> {
    let Location::Path(path) = location else {
        return None;
    };
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    // Every file is asked, so a plain one costs its first bytes only.
    let mut file = File::open(path).ok()?;
    let mut magic = Vec::with_capacity(Compression::MAGIC);
    (&mut file)
        .take(Compression::MAGIC as u64)
        .read_to_end(&mut magic)
        .ok()?;
    let compression = Compression::of(&magic)?;
    file.seek(SeekFrom::Start(0)).ok()?;
    let mut input = SeesEnd {
        inner: BufReader::with_capacity(256 * 1024, file),
        ended: false,
    };
    let mut produced = 0u64;
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        // A read error of the file itself is the reader's to report.
        if input.fill_buf().ok()?.is_empty() {
            return None;
        }
        let from = produced;
        let what = match compression {
            Compression::Gzip => "gzip member",
            Compression::Zstd => "zstd frame",
        };
        let failed = {
            let part: io::Result<Box<dyn Read + '_>> = match compression {
                Compression::Gzip => Ok(Box::new(flate2::bufread::GzDecoder::new(&mut input))),
                Compression::Zstd => zstd::stream::read::Decoder::with_buffer(&mut input)
                    .map(|d| Box::new(d.single_frame()) as Box<dyn Read + '_>),
            };
            match part {
                Err(e) => Some(e),
                Ok(mut part) => loop {
                    match part.read(&mut buf) {
                        Ok(0) => break None,
                        Ok(n) => produced += n as u64,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => break Some(e),
                    }
                },
            }
        };
        match failed {
            None => {}
            // The file ends inside the member: it was cut short, and what
            // was decoded before the cut is what was compressed (the rest
            // is missing, one rejected row of its own).
            Some(_) if input.ended => return None,
            Some(e) => {
                return Some(Damage {
                    from,
                    what,
                    error: e.to_string(),
                })
            }
        }
    }
}

/// A reader that notes when the stream under it has ended.
struct SeesEnd<R> {
    inner: R,
    ended: bool,
}

impl<R: BufRead> Read for SeesEnd<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.ended |= n == 0 && !buf.is_empty();
        Ok(n)
    }
}

impl<R: BufRead> BufRead for SeesEnd<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let buf = self.inner.fill_buf()?;
        self.ended |= buf.is_empty();
        Ok(buf)
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n)
    }
}

/// The documents of a file whose member or frame at `damage.from` is
/// damaged, each one that holds bytes from there on flagged
/// ([`Reason::DamagedStream`]).
fn flag_damaged(docs: Documents, index: usize, damage: Damage) -> Documents {
    Box::new(docs.map(move |(mut doc, at)| {
        let end = if at.file == index {
            at.offset
        } else {
            u64::MAX
        };
        if end > damage.from && !doc.is_unreadable() {
            doc.flags.push(Reason::DamagedStream {
                from: damage.from,
                what: damage.what,
                error: damage.error.clone(),
            });
        }
        (doc, at)
    }))
}

/// Opens a file to read on from `offset` (after decompression), which must
/// be just after a line end, or the end of the file (whose last line has no
/// line end): a plain file is seeked, a compressed stream (gzip, zstd) is
/// decompressed and the first `offset` bytes thrown away. Fails when no line ends there, which
/// means the file is not the one read before.
///
/// ```
/// use gazet::source::{open_at, Location};
/// use std::io::Read;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-open-at-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.jsonl"), "{\"text\": \"Basra\"}\n{\"text\": \"Erbil\"}\n")?;
/// let file = Location::Path(dir.join("a.jsonl"));
/// let mut rest = String::new();
/// open_at(&file, 18)?.read_to_string(&mut rest)?;
/// assert_eq!(rest, "{\"text\": \"Erbil\"}\n");
/// assert!(open_at(&file, 5).is_err());
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open_at(location: &Location, offset: u64) -> io::Result<Box<dyn BufRead + Send>> {
    let mismatch = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("no line ends at byte {offset}: the file changed since it was read"),
        )
    };
    if offset == 0 {
        return open(location);
    }
    let Location::Path(path) = location else {
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "standard input cannot be read from the middle",
        ));
    };
    if is_compressed(location) {
        let mut r = open(location)?;
        let skipped = io::copy(&mut (&mut r).take(offset - 1), &mut io::sink())?;
        let mut last = [0u8; 1];
        if skipped != offset - 1 || r.read(&mut last)? != 1 {
            return Err(mismatch());
        }
        if last[0] != b'\n' && !r.fill_buf()?.is_empty() {
            return Err(mismatch());
        }
        Ok(r)
    } else {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(offset - 1))?;
        let mut last = [0u8; 2];
        match file.read(&mut last[..1])? {
            1 if last[0] == b'\n' => {}
            1 if file.read(&mut last[1..])? == 0 => {}
            _ => return Err(mismatch()),
        }
        file.seek(SeekFrom::Start(offset))?;
        Ok(Box::new(BufReader::with_capacity(256 * 1024, file)))
    }
}

/// A `null` for each kept field: the kept values of a document that has
/// none (a line that is not JSON, a `.txt` file, an unreadable file).
pub(crate) fn null_keep(names: &[Arc<str>]) -> Vec<(Arc<str>, Value)> {
    names.iter().map(|n| (n.clone(), Value::Null)).collect()
}

/// Streams the documents of a list of files, in order. Every document has
/// one kept value per [`ReadOptions::keep_fields`] entry, in order (`null`
/// where the format or the document has none).
///
/// ```
/// use gazet::source::{discover, ReadOptions, Reader};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-reader-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Basra")?;
/// std::fs::write(dir.join("b.jsonl"), "{\"id\": \"b1\", \"text\": \"Erbil\"}\nnot json\n")?;
/// let (files, _) = discover(&[&dir])?;
/// let docs: Vec<_> = Reader::new(files, ReadOptions::default()).map(|(d, _)| d).collect();
/// let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
/// assert_eq!(ids, ["a.txt", "b1", ""]);
/// assert_eq!(docs[2].unreadable[0].code(), "not-json");
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Reader {
    files: Vec<InputFile>,
    next_file: usize,
    options: ReadOptions,
    keep: Vec<Arc<str>>,
    current: Option<Documents>,
    /// Where the run resumes, applied when that file is opened.
    start: Option<Position>,
}

impl Reader {
    /// A reader over `files`, in order.
    ///
    /// ```
    /// use gazet::source::{discover, ReadOptions, Reader};
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-reader-new-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("a.txt"), "Tehran")?;
    /// let (files, _) = discover(&[&dir])?;
    /// let options = ReadOptions::default().keep(vec!["date".into()]);
    /// let docs: Vec<_> = Reader::new(files, options).collect();
    /// assert_eq!(docs[0].0.fields[0].text, "Tehran");
    /// assert!(docs[0].0.keep[0].1.is_null());
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(files: Vec<InputFile>, options: ReadOptions) -> Reader {
        Reader {
            files,
            next_file: 0,
            keep: options
                .keep_fields
                .iter()
                .map(|f| Arc::from(f.as_str()))
                .collect(),
            options,
            current: None,
            start: None,
        }
    }

    /// A reader over `files` that starts at `at`, right after the last
    /// document an earlier run finished: the files before are not opened,
    /// and the file of `at` is read from there.
    ///
    /// ```
    /// use gazet::source::{discover, ReadOptions, Reader};
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-reader-resume-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("a.jsonl"), "{\"text\": \"Basra\"}\n{\"text\": \"Erbil\"}\n")?;
    /// let (files, _) = discover(&[dir.join("a.jsonl")])?;
    /// let all: Vec<_> = Reader::new(files.clone(), ReadOptions::default()).collect();
    /// let rest: Vec<_> = Reader::resume(files, ReadOptions::default(), all[0].1).collect();
    /// assert_eq!(rest, all[1..]);
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume(files: Vec<InputFile>, options: ReadOptions, at: Position) -> Reader {
        let mut r = Reader::new(files, options);
        r.next_file = at.file;
        r.start = Some(at);
        r
    }
}

impl Iterator for Reader {
    type Item = (Document, Position);

    fn next(&mut self) -> Option<(Document, Position)> {
        let (mut doc, at) = self.next_document()?;
        if doc.keep.len() != self.keep.len() {
            doc.keep = null_keep(&self.keep);
        }
        Some((doc, at))
    }
}

impl Reader {
    fn next_document(&mut self) -> Option<(Document, Position)> {
        loop {
            if let Some(docs) = &mut self.current {
                match docs.next() {
                    Some(d) => return Some(d),
                    None => self.current = None,
                }
            }
            let index = self.next_file;
            let file = self.files.get(index)?;
            self.next_file += 1;
            let start = match self.start {
                Some(p) if p.file == index => {
                    self.start = None;
                    p
                }
                _ => Position {
                    file: index,
                    offset: 0,
                    line: 0,
                },
            };
            if let Some(why) = file.unreadable.clone() {
                let source = Provenance {
                    file: Arc::from(file.display.as_str()),
                    line: None,
                    offset: None,
                };
                let mut doc = Document::unreadable_at(source, why);
                // A file that is one document keeps its id; the lines of a
                // file that cannot be read have none.
                if file.format.whole_file() {
                    doc.id = file.text_id.clone();
                }
                let next = Position {
                    file: index + 1,
                    offset: 0,
                    line: 0,
                };
                return Some((doc, next));
            }
            let docs = file.format.open(file, index, &self.options, start);
            self.current = Some(match damage(&file.location) {
                Some(d) => flag_damaged(docs, index, d),
                None => docs,
            });
        }
    }
}

/// Invalid UTF-8 found while decoding.
pub(crate) struct BadUtf8 {
    /// Invalid sequences, each replaced by one U+FFFD.
    pub count: usize,
    /// Byte offset of the first.
    pub first: usize,
}

impl BadUtf8 {
    /// The flag of a document with it.
    pub fn reason(&self, scope: Utf8Scope) -> Reason {
        Reason::InvalidUtf8 {
            count: self.count,
            first: self.first,
            scope,
        }
    }
}

/// UTF-8 text from bytes, each invalid sequence replaced by U+FFFD (as
/// Python's `errors="replace"` does, so character offsets agree with it).
pub(crate) fn decode(bytes: Vec<u8>) -> (String, Option<BadUtf8>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let first = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let mut text = String::with_capacity(bytes.len() + 16);
            let mut count = 0;
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    text.push(char::REPLACEMENT_CHARACTER);
                    count += 1;
                }
            }
            (text, Some(BadUtf8 { count, first }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes` as Zstandard, one frame per part: a file of several frames
    /// (dumps concatenated with `cat`).
    pub(crate) fn zstd_frames(parts: &[&[u8]]) -> Vec<u8> {
        parts
            .iter()
            .flat_map(|p| zstd::encode_all(*p, 3).unwrap())
            .collect()
    }

    /// A reader that returns one byte a call, as a slow pipe may.
    struct Trickle(io::Cursor<Vec<u8>>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(1);
            self.0.read(&mut buf[..n])
        }
    }

    fn read_all(r: Box<dyn Read + Send>) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        sniff(r)?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn compression_is_told_by_the_magic_bytes() {
        let text = b"{\"text\":\"Baghdad\"}\n".repeat(50);
        let (a, b) = text.split_at(333);
        let zst = zstd_frames(&[a, b]);
        assert_eq!(Compression::of(&zst), Some(Compression::Zstd));
        // Every frame is read, also through a pipe that gives one byte a
        // read.
        let trickle = Box::new(Trickle(io::Cursor::new(zst.clone())));
        assert_eq!(read_all(trickle).unwrap(), text);
        assert_eq!(read_all(Box::new(io::Cursor::new(zst))).unwrap(), text);
        // A skippable frame (metadata some tools write) before the data.
        let mut skip = vec![0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3];
        skip.extend(zstd_frames(&[&text]));
        assert_eq!(read_all(Box::new(io::Cursor::new(skip))).unwrap(), text);
        // Short and plain streams are read as they are.
        for plain in [&b""[..], b"(", b"{\"a\"", b"\x28\xb5\x2f"] {
            let trickle = Box::new(Trickle(io::Cursor::new(plain.to_vec())));
            assert_eq!(read_all(trickle).unwrap(), plain);
        }
    }

    #[test]
    fn a_zstd_frame_that_fails_its_checksum_flags_its_documents() {
        // Lines that do not compress to nothing, so that the decoder hands
        // out the middle frame's first blocks before its checksum.
        let line = |i: usize| {
            let x = (i as u64).wrapping_mul(6364136223846793005) ^ 0x9e37_79b9;
            format!("{{\"id\":\"d{i}\",\"text\":\"Basra {x:x}\"}}\n")
        };
        let part = |r: std::ops::Range<usize>| r.map(line).collect::<String>();
        let mut frames = Vec::new();
        for (k, text) in [part(0..2), part(2..20_000), part(20_000..20_001)]
            .iter()
            .enumerate()
        {
            let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
            enc.include_checksum(true).unwrap();
            io::Write::write_all(&mut enc, text.as_bytes()).unwrap();
            let mut frame = enc.finish().unwrap();
            if k == 1 {
                let n = frame.len();
                frame[n - 1] ^= 0xff;
            }
            frames.extend(frame);
        }
        let dir = std::env::temp_dir().join(format!("gazet-zstd-damage-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.jsonl.zst");
        std::fs::write(&path, &frames).unwrap();
        let location = Location::Path(path.clone());
        let d = damage(&location).unwrap();
        assert_eq!((d.from, d.what), (part(0..2).len() as u64, "zstd frame"));
        let (files, _) = discover(&[&path]).unwrap();
        let docs: Vec<Document> = Reader::new(files, ReadOptions::default())
            .map(|(d, _)| d)
            .collect();
        let codes: Vec<Vec<&str>> = docs
            .iter()
            .map(|d| {
                d.flags
                    .iter()
                    .chain(&d.unreadable)
                    .map(Reason::code)
                    .collect()
            })
            .collect();
        let (last, before) = codes.split_last().unwrap();
        assert_eq!(last, &["rest-unreadable"]);
        assert!(before.len() > 1000, "{}", before.len());
        assert!(before[..2].iter().all(Vec::is_empty));
        assert!(before[2..].iter().all(|c| c == &["damaged-stream"]));
        // A whole file, and a plain one, have no damage.
        std::fs::write(&path, zstd_frames(&[part(0..3).as_bytes()])).unwrap();
        assert_eq!(damage(&location), None);
        std::fs::write(&path, part(0..3)).unwrap();
        assert_eq!(damage(&location), None);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_truncated_zstd_file_keeps_the_documents_before_the_cut() {
        // A megabyte of lines that do not compress to nothing, so that the
        // stream has many blocks and the cut falls after some of them.
        let mut x = 1u64;
        let text: String = (0..20_000)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                format!("{{\"id\":\"d{i}\",\"text\":\"Baghdad and Basra, {x:x}\"}}\n")
            })
            .collect();
        let zst = zstd_frames(&[text.as_bytes()]);
        let cut = &zst[..zst.len() / 2];
        let r = sniff(Box::new(io::Cursor::new(cut.to_vec()))).unwrap();
        let docs: Vec<(Document, Position)> =
            jsonl::Lines::from_reader("x.jsonl.zst", r, &ReadOptions::default()).collect();
        let (last, kept) = docs.split_last().unwrap();
        assert!(kept.len() > 100, "{}", kept.len());
        for (k, (d, _)) in kept.iter().enumerate() {
            assert!(d.unreadable.is_empty(), "{d:?}");
            if k + 1 < kept.len() {
                assert_eq!(d.id, format!("d{k}"));
            }
        }
        assert!(
            matches!(&last.0.unreadable[..], [Reason::RestUnreadable { .. }]),
            "{:?}",
            last.0
        );
        // The cut may fall in a line: that line comes out cut short.
        let cut_line = &kept.last().unwrap().0;
        assert!(cut_line.id.starts_with('d') || !cut_line.unreadable.is_empty());
    }

    /// Resuming after any document gives the documents after it, in a
    /// plain, a gzip and a zstd file, when the last line has no line end too
    /// (the jsonl_reader fuzz target found that case refused).
    #[test]
    fn resume_after_any_document() {
        let dir = std::env::temp_dir().join(format!("gazet-resume-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "{\"text\":\"a\"}\n\nnot json\n{\"id\":\"b\",\"text\":\"c\"}";
        let plain = dir.join("x.jsonl");
        std::fs::write(&plain, text).unwrap();
        let gz = dir.join("y.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(
            File::create(&gz).unwrap(),
            flate2::Compression::default(),
        );
        io::Write::write_all(&mut enc, text.as_bytes()).unwrap();
        enc.finish().unwrap();
        let zst = dir.join("z.jsonl.zst");
        let (a, b) = text.as_bytes().split_at(20);
        std::fs::write(&zst, zstd_frames(&[a, b])).unwrap();
        assert!(is_compressed(&Location::Path(zst.clone())));
        assert!(!is_compressed(&Location::Path(plain.clone())));
        let (files, _) = discover(&[&plain, &gz, &zst]).unwrap();
        let all: Vec<(Document, Position)> =
            Reader::new(files.clone(), ReadOptions::default()).collect();
        assert_eq!(all.len(), 9);
        assert_eq!(
            all[3..6],
            all[6..9]
                .iter()
                .map(|(d, p)| {
                    let mut d = d.clone();
                    d.source.file = all[3].0.source.file.clone();
                    (
                        d,
                        Position {
                            file: p.file - 1,
                            ..*p
                        },
                    )
                })
                .collect::<Vec<_>>()[..]
        );
        for (k, (_, next)) in all.iter().enumerate() {
            let rest: Vec<(Document, Position)> =
                Reader::resume(files.clone(), ReadOptions::default(), *next).collect();
            assert_eq!(rest, all[k + 1..], "after document {k}");
        }
        // A file whose line ends moved is refused, not misread.
        assert!(open_at(&Location::Path(plain.clone()), 5).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn every_document_has_a_value_per_kept_field() {
        let dir = std::env::temp_dir().join(format!("gazet-keep-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "Basra").unwrap();
        std::fs::write(dir.join("b.jsonl"), "{\"text\":\"x\",\"d\":1}\n[]\n").unwrap();
        let mut gz = Vec::new();
        let mut enc = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::default());
        io::Write::write_all(&mut enc, &b"{\"text\":\"x\"}\n".repeat(1000)).unwrap();
        enc.finish().unwrap();
        gz.truncate(gz.len() - 10);
        std::fs::write(dir.join("c.jsonl.gz"), gz).unwrap();
        let (files, _) = discover(&[&dir]).unwrap();
        let options = ReadOptions::default().keep(vec!["d".into(), "e".into()]);
        let docs: Vec<Document> = Reader::new(files, options).map(|(d, _)| d).collect();
        // The .txt, two lines, some lines of the cut gzip, its rest.
        assert!(docs.len() > 4, "{docs:?}");
        for d in &docs {
            let names: Vec<&str> = d.keep.iter().map(|(n, _)| &**n).collect();
            assert_eq!(names, ["d", "e"], "{d:?}");
        }
        assert_eq!(docs[1].keep[0].1, Value::from(1));
        let nulls = docs
            .iter()
            .filter(|d| d.keep.iter().all(|(_, v)| v.is_null()));
        assert_eq!(nulls.count(), docs.len() - 1);
        assert!(matches!(
            docs.last().unwrap().unreadable[..],
            [Reason::RestUnreadable { .. }]
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_input_format_for_stdin_and_unknown_endings() {
        let dir = std::env::temp_dir().join(format!("gazet-input-format-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("dump.dat"), "id,text\na,Basra\n").unwrap();
        std::fs::write(dir.join("sub/notes.dat"), "x").unwrap();
        std::fs::write(dir.join("sub/b.jsonl"), "{\"text\":\"x\"}\n").unwrap();
        let csv = ReadOptions::default().with_input_format("csv");
        let inputs = [dir.join("dump.dat"), "-".into(), dir.join("sub")];
        let (files, skipped) = discover_with(&inputs, &csv).unwrap();
        let formats: Vec<&str> = files.iter().map(|f| f.format.name()).collect();
        // In a directory, endings still decide.
        assert_eq!(formats, ["csv", "csv", "jsonl"]);
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].path.ends_with("notes.dat"));
        let docs: Vec<Document> = Reader::new(files[..1].to_vec(), csv.clone())
            .map(|(d, _)| d)
            .collect();
        assert_eq!(
            (docs[0].id.as_str(), docs[0].fields[0].text.as_str()),
            ("a", "Basra")
        );
        // Without one, stdin is JSONL and an unknown ending an error.
        let (files, _) = discover(&["-"]).unwrap();
        assert_eq!(files[0].format.name(), "jsonl");
        let e = discover(&[dir.join("dump.dat")]).unwrap_err().to_string();
        assert!(e.contains("unknown input type: expected .txt, .jsonl, .ndjson, .csv, .tsv or .parquet (optionally .gz or .zst)"), "{e}");
        assert!(
            e.contains("--input-format (txt, jsonl, csv, tsv, parquet)"),
            "{e}"
        );
        let bad = ReadOptions::default().with_input_format("xml");
        let e = discover_with(&["-"], &bad).unwrap_err();
        assert!(matches!(e, Error::Usage(_)));
        let e = e.to_string();
        assert!(
            e.contains("unknown --input-format xml: expected one of txt, jsonl, csv, tsv, parquet"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn formats_by_name() {
        let name = |p: &str| format_of(Path::new(p)).map(|f| f.name());
        assert_eq!(name("a/b.txt"), Some("txt"));
        assert_eq!(name("b.JSONL.gz"), Some("jsonl"));
        assert_eq!(name("b.jsonl.zst"), Some("jsonl"));
        assert_eq!(name("b.txt.zst"), Some("txt"));
        assert_eq!(name("b.xml"), None);
    }
}
