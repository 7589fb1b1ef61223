//! Reading documents: files, directories and standard input, streamed.
//!
//! Inputs are expanded into a list of files first ([`discover`]): a directory
//! is walked recursively in sorted order, so the same tree always yields the
//! same documents in the same order. Then [`DocumentReader`] streams the
//! documents of those files one at a time; nothing holds more than one file
//! (for `.txt`) or one line (for `.jsonl`) in memory.
//!
//! * `.txt`: one document per file, id = the path relative to the directory
//!   given (or the file name for a file given directly), field `text`.
//! * `.jsonl` / `.ndjson`: one document per line; the id from the id field
//!   (string or number; the line number when absent), the text from each text
//!   field, matched on its own.
//! * gzip is recognized by its magic bytes, whatever the name (`x.jsonl.gz`).
//! * `-` is JSONL on standard input.
//!
//! # Bad input
//!
//! Scraped dumps are full of broken bytes and odd JSON, and a run over
//! millions of documents must neither stop at one nor lose one quietly. So the
//! reader never fails: every unit it reads (a `.txt` file, a non-blank JSONL
//! line, the unreadable rest of a file) comes out as exactly one [`Document`],
//! in one of three states:
//!
//! * read as it is: no flags, not rejected;
//! * read with a caveat, listed in [`Document::flags`]: invalid UTF-8
//!   replaced by U+FFFD, JSON repaired (raw control characters in a string,
//!   lone UTF-16 surrogate escapes), a field repeated in the object, an id
//!   that could not be used, an empty file, a file cut short;
//! * not readable as a document ([`Document::rejected`] says why): a line
//!   that is not JSON or not a JSON object, no usable text field, a file that
//!   cannot be opened, the rest of a file after a read error (a truncated
//!   gzip stream). The documents before it in the same file are kept.
//!
//! Each document also says where reading goes on after it ([`Position`]), so
//! that an interrupted run can start again right after the last document it
//! finished ([`DocumentReader::resume`]).
//!
//! Nothing read from an input is ever used as a path or a command: ids and
//! texts only end up as cells of the output tables.

use crate::error::Error;
use flate2::read::MultiGzDecoder;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a file holds documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Where a file's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// One input file, found by [`discover`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// Where to read it.
    pub location: Location,
    /// How it is shown in tables and messages.
    pub display: String,
    /// The document id of a `.txt` file.
    pub text_id: String,
    /// How it holds documents.
    pub format: Format,
    /// Why it cannot be read at all, when [`discover`] already knows (a
    /// directory that cannot be listed): the reader reports it as one
    /// rejected document.
    pub unreadable: Option<String>,
}

/// A file passed over while walking a directory, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// The format of a file name: `.txt`, `.jsonl`, `.ndjson`, each optionally `.gz`.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".txt") {
        Some(Format::Text)
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some(Format::Jsonl)
    } else {
        None
    }
}

/// Expands command-line inputs into files, in order. A path that does not
/// exist, a directory given that cannot be listed, or a file given directly
/// whose type is unknown, is an error: nothing has been read yet, and the
/// command line is wrong. Inside a directory, files of other types, special
/// files and symbolic link loops are returned as skipped; an entry that
/// cannot be read (a broken link, a subdirectory that cannot be listed)
/// becomes an [`InputFile::unreadable`] entry, reported as a rejected
/// document. Empty JSONL files are listed as skipped: they hold no document.
pub fn discover<P: AsRef<Path>>(inputs: &[P]) -> Result<(Vec<InputFile>, Vec<Skipped>), Error> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let input = input.as_ref();
        if input == Path::new("-") {
            files.push(InputFile {
                location: Location::Stdin,
                display: "-".into(),
                text_id: "-".into(),
                format: Format::Jsonl,
                unreadable: None,
            });
            continue;
        }
        let meta = std::fs::metadata(input)
            .map_err(|e| Error::io(input.display(), format!("cannot open input: {e}")))?;
        if meta.is_dir() {
            let mut seen = HashSet::new();
            std::fs::read_dir(input)
                .map_err(|e| Error::io(input.display(), format!("cannot list directory: {e}")))?;
            walk(input, input, &mut seen, &mut files, &mut skipped);
        } else {
            let format = format_of(input).ok_or_else(|| {
                Error::Usage(format!(
                    "{}: unknown input type: expected .txt, .jsonl or .ndjson (optionally .gz), or - for JSONL on standard input",
                    input.display()
                ))
            })?;
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            note_empty(input, &meta, format, &mut skipped);
            files.push(InputFile {
                location: Location::Path(input.to_path_buf()),
                display: input.display().to_string(),
                text_id: name,
                format,
                unreadable: None,
            });
        }
    }
    Ok((files, skipped))
}

fn note_empty(path: &Path, meta: &std::fs::Metadata, format: Format, skipped: &mut Vec<Skipped>) {
    if format == Format::Jsonl && meta.is_file() && meta.len() == 0 {
        skipped.push(Skipped {
            path: path.display().to_string(),
            reason: "empty file (0 bytes): no documents".into(),
        });
    }
}

fn unreadable(path: &Path, format: Format, text_id: String, why: String) -> InputFile {
    InputFile {
        location: Location::Path(path.to_path_buf()),
        display: path.display().to_string(),
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
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    // A symbolic link loop must not walk forever.
    let real = match std::fs::canonicalize(dir) {
        Ok(real) => real,
        Err(e) => {
            let why = format!("cannot list directory: {e}; its files were not read");
            files.push(unreadable(dir, Format::Text, String::new(), why));
            return;
        }
    };
    if !seen.insert(real) {
        skipped.push(Skipped {
            path: dir.display().to_string(),
            reason: "directory already visited (symbolic link loop)".into(),
        });
        return;
    }
    let listed: io::Result<Vec<PathBuf>> =
        std::fs::read_dir(dir).and_then(|entries| entries.map(|e| e.map(|e| e.path())).collect());
    let mut entries = match listed {
        Ok(entries) => entries,
        Err(e) => {
            let why = format!("cannot list directory: {e}; its files were not read");
            files.push(unreadable(dir, Format::Text, String::new(), why));
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
                        let why = format!("cannot read file: {e}");
                        files.push(unreadable(&path, format, rel_id(&path), why));
                    }
                    None => skipped.push(Skipped {
                        path: path.display().to_string(),
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
                path: path.display().to_string(),
                reason: "not a regular file (a FIFO, socket or device)".into(),
            });
        } else if let Some(format) = format_of(&path) {
            note_empty(&path, &meta, format, skipped);
            files.push(InputFile {
                location: Location::Path(path.clone()),
                display: path.display().to_string(),
                text_id: rel_id(&path),
                format,
                unreadable: None,
            });
        } else {
            skipped.push(Skipped {
                path: path.display().to_string(),
                reason: "not .txt, .jsonl or .ndjson".into(),
            });
        }
    }
}

/// Which JSON fields hold the id and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The id field (default `id`).
    pub id_field: String,
    /// The text fields, each matched on its own (default `text`).
    pub text_fields: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            id_field: "id".into(),
            text_fields: vec!["text".into()],
        }
    }
}

/// One text field of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field's name (`text`, `title`).
    pub name: Arc<str>,
    /// Its text.
    pub text: String,
}

impl Field {
    /// A field named `name` holding `text`.
    pub fn new(name: &str, text: impl Into<String>) -> Field {
        Field {
            name: Arc::from(name),
            text: text.into(),
        }
    }
}

/// Where the reader goes on after a document: the file (an index into the
/// list [`discover`] made), and in a JSONL file the bytes and lines already
/// read. An interrupted run starts again from here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Index of the file.
    pub file: usize,
    /// Bytes of the file already read (after decompression).
    pub offset: u64,
    /// Lines of the file already read.
    pub line: u64,
}

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file, as shown in tables and messages.
    pub file: Arc<str>,
    /// For JSONL, the 1-based line.
    pub line: Option<u64>,
    /// For JSONL, the offset of the line's first byte (after decompression).
    pub offset: Option<u64>,
}

impl fmt::Display for Source {
    /// `news.jsonl.gz:17`, or the file alone for a `.txt` document.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => write!(f, "{}", self.file),
        }
    }
}

/// One document, or the place of one that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The document id; empty when none could be read (a line that is not
    /// JSON, the unreadable rest of a file).
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// Its text fields, in the order of the options.
    pub fields: Vec<Field>,
    /// Caveats: the document was read, but not exactly as it is written (see
    /// the module documentation). Empty when it was read as it is.
    pub flags: Vec<String>,
    /// Why the document could not be read at all; `None` when it was.
    pub rejected: Option<String>,
    /// Where reading goes on after it.
    pub next: Position,
}

impl Document {
    /// A document made in code (for library users and tests): an id and its
    /// fields, read as they are.
    pub fn new(id: impl Into<String>, fields: Vec<Field>) -> Document {
        Document {
            id: id.into(),
            source: Source {
                file: Arc::from("(memory)"),
                line: None,
                offset: None,
            },
            fields,
            flags: Vec::new(),
            rejected: None,
            next: Position::default(),
        }
    }
}

/// Opens a file (or standard input), decompressing gzip when the first bytes
/// say so.
pub fn open(location: &Location) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match location {
        Location::Path(p) => Box::new(File::open(p)?),
        Location::Stdin => Box::new(io::stdin()),
    };
    sniff(raw)
}

fn sniff(raw: Box<dyn Read + Send>) -> io::Result<Box<dyn BufRead + Send>> {
    let mut buf = BufReader::with_capacity(256 * 1024, raw);
    let gz = buf.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(buf),
        ))
    } else {
        Box::new(buf)
    })
}

/// Does the file start as a gzip stream does? (False when it cannot be read.)
pub fn is_gzip(location: &Location) -> bool {
    let Location::Path(path) = location else {
        return false;
    };
    let mut magic = [0u8; 2];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && magic == [0x1f, 0x8b]
}

/// Opens a file to read on from `offset` (after decompression), which must
/// be just after a line end, or the end of the file (whose last line has no
/// line end): a plain file is seeked, a gzip stream is decompressed and the
/// first `offset` bytes thrown away. Fails when no line ends there, which
/// means the file is not the one read before.
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
    if is_gzip(location) {
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

/// The file being read.
struct Open {
    index: usize,
    display: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    offset: u64,
}

/// Streams the documents of a list of files.
pub struct DocumentReader {
    files: Vec<InputFile>,
    next_file: usize,
    options: ReadOptions,
    fields: Vec<Arc<str>>,
    current: Option<Open>,
    /// Where the run resumes, applied when that file is opened.
    start: Option<Position>,
    /// The already open stream of the first file ([`DocumentReader::from_reader`]).
    preopened: Option<Box<dyn BufRead + Send>>,
    line: Vec<u8>,
}

impl DocumentReader {
    /// A reader over `files`, in order.
    pub fn new(files: Vec<InputFile>, options: ReadOptions) -> DocumentReader {
        let fields = options
            .text_fields
            .iter()
            .map(|f| Arc::from(f.as_str()))
            .collect();
        DocumentReader {
            files,
            next_file: 0,
            options,
            fields,
            current: None,
            start: None,
            preopened: None,
            line: Vec::new(),
        }
    }

    /// A reader over `files` that starts at `at`, right after the last
    /// document an earlier run finished: the files before are not opened,
    /// and the file of `at` is read from its offset on (see [`open_at`]).
    pub fn resume(files: Vec<InputFile>, options: ReadOptions, at: Position) -> DocumentReader {
        let mut r = DocumentReader::new(files, options);
        r.next_file = at.file;
        r.start = Some(at);
        r
    }

    /// A reader over one stream already open (JSONL or text, not
    /// decompressed), shown as `name`: for library users whose documents are
    /// not in files, and for fuzzing.
    pub fn from_reader(
        name: &str,
        format: Format,
        reader: Box<dyn BufRead + Send>,
        options: ReadOptions,
    ) -> DocumentReader {
        let file = InputFile {
            location: Location::Stdin,
            display: name.to_string(),
            text_id: name.to_string(),
            format,
            unreadable: None,
        };
        let mut r = DocumentReader::new(vec![file], options);
        r.preopened = Some(reader);
        r
    }

    fn stream(&mut self, index: usize, offset: u64) -> io::Result<Box<dyn BufRead + Send>> {
        if index == 0 {
            if let Some(r) = self.preopened.take() {
                return Ok(r);
            }
        }
        open_at(&self.files[index].location, offset)
    }

    fn read_text(&mut self, index: usize) -> Document {
        let file = &self.files[index];
        let mut doc = Document {
            id: file.text_id.clone(),
            source: Source {
                file: Arc::from(file.display.as_str()),
                line: None,
                offset: None,
            },
            fields: Vec::new(),
            flags: Vec::new(),
            rejected: None,
            next: Position {
                file: index + 1,
                offset: 0,
                line: 0,
            },
        };
        let mut bytes = Vec::new();
        let failed = match self.stream(index, 0) {
            Ok(mut r) => r.read_to_end(&mut bytes).err(),
            Err(e) => Some(e),
        };
        match failed {
            Some(e) if bytes.is_empty() => {
                doc.rejected = Some(format!("cannot read file: {e}"));
                return doc;
            }
            Some(e) => doc.flags.push(format!(
                "read error after {} bytes ({e}): only the text before it is matched",
                bytes.len()
            )),
            None if bytes.is_empty() => doc.flags.push("empty file".into()),
            None => {}
        }
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        let (text, bad) = decode(bytes);
        if let Some(bad) = bad {
            doc.flags.push(format!(
                "{bad}; offsets after byte {} are into the decoded text{}",
                bad.first,
                if utf16 {
                    " (the file looks like UTF-16: convert it to UTF-8)"
                } else {
                    ""
                }
            ));
        }
        doc.fields.push(Field {
            name: Arc::from("text"),
            text,
        });
        doc
    }

    fn unreadable(&self, index: usize, why: String) -> Document {
        let file = &self.files[index];
        Document {
            // A text file's id is its path; the lines of a JSONL file that
            // cannot be read have none.
            id: match file.format {
                Format::Text => file.text_id.clone(),
                Format::Jsonl => String::new(),
            },
            source: Source {
                file: Arc::from(self.files[index].display.as_str()),
                line: None,
                offset: None,
            },
            fields: Vec::new(),
            flags: Vec::new(),
            rejected: Some(why),
            next: Position {
                file: index + 1,
                offset: 0,
                line: 0,
            },
        }
    }
}

/// Invalid UTF-8 found while decoding.
struct BadUtf8 {
    /// Invalid sequences, each replaced by one U+FFFD.
    count: usize,
    /// Byte offset of the first.
    first: usize,
}

impl fmt::Display for BadUtf8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid UTF-8: {} sequence{} (the first at byte {}) replaced by U+FFFD",
            self.count,
            if self.count == 1 { "" } else { "s" },
            self.first
        )
    }
}

/// UTF-8 text from bytes, each invalid sequence replaced by U+FFFD (as
/// Python's `errors="replace"` does, so character offsets agree with it).
fn decode(bytes: Vec<u8>) -> (String, Option<BadUtf8>) {
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

/// Which of the wanted fields a JSON key is.
#[derive(Clone, Copy)]
struct Slot {
    id: bool,
    text: Option<usize>,
}

struct KeySeed<'a> {
    id: &'a str,
    texts: &'a [Arc<str>],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Slot;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Slot, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Slot;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Slot, E> {
        Ok(Slot {
            id: key == self.id,
            text: self.texts.iter().position(|t| &**t == key),
        })
    }
}

/// The fields of a JSON object gazet uses; every other value is skipped
/// without being built.
#[derive(Default)]
struct Wanted {
    id: Option<Value>,
    texts: Vec<Option<Value>>,
    repeated: Vec<String>,
}

struct ObjectSeed<'a> {
    id: &'a str,
    texts: &'a [Arc<str>],
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Wanted;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Wanted, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Wanted;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wanted, A::Error> {
        let mut w = Wanted {
            texts: vec![None; self.texts.len()],
            ..Wanted::default()
        };
        while let Some(slot) = map.next_key_seed(KeySeed {
            id: self.id,
            texts: self.texts,
        })? {
            if !slot.id && slot.text.is_none() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value: Value = map.next_value()?;
            let repeated = match slot.text {
                Some(i) if slot.id => {
                    w.texts[i] = Some(value.clone());
                    w.id.replace(value).is_some()
                }
                Some(i) => w.texts[i].replace(value).is_some(),
                None => w.id.replace(value).is_some(),
            };
            if repeated {
                let name = slot.text.map_or(self.id, |i| &self.texts[i]);
                w.repeated.push(name.to_string());
            }
        }
        Ok(w)
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What a JSON value is, from its first byte (for a line known to be JSON).
fn kind_of_json(s: &str) -> &'static str {
    match s.trim_start().bytes().next() {
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

fn parse_object(s: &str, id: &str, texts: &[Arc<str>]) -> Result<Wanted, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(s);
    let w = ObjectSeed { id, texts }.deserialize(&mut de)?;
    de.end()?;
    Ok(w)
}

/// Rewrites what JSON forbids but scrapers write, so that the document can
/// still be read: a raw control character inside a string becomes its
/// `\u00XX` escape (the text keeps the character), and an escaped UTF-16
/// surrogate without its pair becomes `\uFFFD`. Returns `None` when there is
/// nothing to rewrite, else the new text and what was done.
fn repair(s: &str) -> Option<(String, Vec<&'static str>)> {
    let b = s.as_bytes();
    let hex4 = |i: usize| -> Option<u32> {
        let h = b.get(i..i + 4)?;
        u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(s.len() + 16);
    let (mut controls, mut surrogates) = (false, false);
    let mut in_string = false;
    let mut copied = 0; // bytes of `s` copied to `out`
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !in_string {
            in_string = c == b'"';
            i += 1;
            continue;
        }
        match c {
            b'"' => {
                in_string = false;
                i += 1;
            }
            b'\\' if b.get(i + 1) == Some(&b'u') => {
                let Some(u) = hex4(i + 2) else {
                    i += 2;
                    continue;
                };
                let paired = (0xD800..0xDC00).contains(&u)
                    && b.get(i + 6..i + 8) == Some(b"\\u")
                    && hex4(i + 8).is_some_and(|l| (0xDC00..0xE000).contains(&l));
                if paired {
                    i += 12;
                } else if (0xD800..0xE000).contains(&u) {
                    out.push_str(&s[copied..i]);
                    out.push_str("\\uFFFD");
                    surrogates = true;
                    i += 6;
                    copied = i;
                } else {
                    i += 6;
                }
            }
            b'\\' => i += 2,
            0..=0x1F => {
                out.push_str(&s[copied..i]);
                out.push_str(&format!("\\u{c:04X}"));
                controls = true;
                i += 1;
                copied = i;
            }
            _ => i += 1,
        }
    }
    if !controls && !surrogates {
        return None;
    }
    out.push_str(&s[copied..]);
    let mut what = Vec::new();
    if controls {
        what.push("raw control characters in a string (not valid JSON) read as they are");
    }
    if surrogates {
        what.push("escaped UTF-16 surrogates without their pair replaced by U+FFFD");
    }
    Some((out, what))
}

/// The parts of a JSONL line: id, fields, caveats, and why it is rejected.
struct Parsed {
    id: String,
    fields: Vec<Field>,
    flags: Vec<String>,
    rejected: Option<String>,
}

fn parse_line(
    raw: &[u8],
    lineno: u64,
    options: &ReadOptions,
    names: &[Arc<str>],
    complete: bool,
) -> Parsed {
    let mut flags = Vec::new();
    let mut line = raw;
    if let Some(l) = line.strip_suffix(b"\n") {
        line = l.strip_suffix(b"\r").unwrap_or(l);
    }
    // A byte-order mark starts the first line of a file saved by some
    // editors, or any line of files concatenated together: not JSON, but
    // harmless, and outside every value.
    let bom = line.starts_with(b"\xEF\xBB\xBF");
    if bom {
        line = &line[3..];
    }
    let text: Cow<str> = match std::str::from_utf8(line) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let (s, bad) = decode(line.to_vec());
            if let Some(mut bad) = bad {
                bad.first += if bom { 3 } else { 0 };
                flags.push(format!("{bad} (byte offsets counted from the line start)"));
            }
            Cow::Owned(s)
        }
    };
    let rejected = |why: String| Parsed {
        id: String::new(),
        fields: Vec::new(),
        flags: Vec::new(),
        rejected: Some(if complete {
            why
        } else {
            format!("{why} (the file ends in the middle of this line: it may have been cut short)")
        }),
    };
    let wanted = match parse_object(&text, &options.id_field, names) {
        Ok(w) => w,
        Err(first) => {
            let repaired = repair(&text).and_then(|(fixed, what)| {
                parse_object(&fixed, &options.id_field, names)
                    .ok()
                    .map(|w| (w, what))
            });
            match repaired {
                Some((w, what)) => {
                    flags.extend(what.into_iter().map(String::from));
                    w
                }
                None => {
                    let object = text.trim_start().starts_with('{');
                    let why = if !object && serde_json::from_str::<IgnoredAny>(&text).is_ok() {
                        format!("not a JSON object but {}", kind_of_json(&text))
                    } else if first.to_string().starts_with("recursion limit exceeded") {
                        format!(
                            "JSON nested too deeply (over 128 levels) in the id or a text field, at column {}",
                            first.column()
                        )
                    } else {
                        // serde_json counts the line as line 1: give only the column.
                        let mut what = first.to_string();
                        if let Some(i) = what.rfind(" at line ") {
                            what.truncate(i);
                        }
                        format!("not JSON: {what} at column {}", first.column())
                    };
                    return rejected(why);
                }
            }
        }
    };
    for name in &wanted.repeated {
        flags.push(format!(
            "field '{name}' appears more than once in the object: the last value is used"
        ));
    }
    let id = match &wanted.id {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None => lineno.to_string(),
        Some(other) => {
            let what = match other {
                Value::String(_) => "empty",
                v => json_kind(v),
            };
            flags.push(format!(
                "id field '{}' is {what}: the line number is used as id",
                options.id_field
            ));
            lineno.to_string()
        }
    };
    let mut fields = Vec::with_capacity(names.len());
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    for (name, value) in names.iter().zip(wanted.texts) {
        match value {
            Some(Value::String(text)) => fields.push(Field {
                name: name.clone(),
                text,
            }),
            None => missing.push(format!("no field '{name}'")),
            Some(Value::Null) => missing.push(format!("field '{name}' is null")),
            Some(v) => wrong.push(format!(
                "field '{name}' is {}, not a string: not matched",
                json_kind(&v)
            )),
        }
    }
    let rejected = if !fields.is_empty() {
        flags.extend(wrong);
        None
    } else if wrong.is_empty() && missing.iter().all(|m| m.starts_with("no field")) {
        Some(format!(
            "no text field ({})",
            options.text_fields.join(", ")
        ))
    } else {
        Some(
            wrong
                .into_iter()
                .chain(missing)
                .collect::<Vec<_>>()
                .join("; "),
        )
    };
    Parsed {
        id,
        fields,
        flags,
        rejected,
    }
}

impl Iterator for DocumentReader {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            if self.current.is_none() {
                let index = self.next_file;
                if index >= self.files.len() {
                    return None;
                }
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
                if let Some(why) = self.files[index].unreadable.clone() {
                    return Some(self.unreadable(index, why));
                }
                match self.files[index].format {
                    Format::Text => return Some(self.read_text(index)),
                    Format::Jsonl => match self.stream(index, start.offset) {
                        Ok(reader) => {
                            self.current = Some(Open {
                                index,
                                display: Arc::from(self.files[index].display.as_str()),
                                reader,
                                line: start.line,
                                offset: start.offset,
                            })
                        }
                        Err(e) => {
                            let mut doc = self.unreadable(index, String::new());
                            doc.rejected = Some(if start.offset == 0 {
                                format!("cannot read file: {e}")
                            } else {
                                doc.source.line = Some(start.line + 1);
                                doc.source.offset = Some(start.offset);
                                format!("cannot read the file from byte {}: {e}", start.offset)
                            });
                            return Some(doc);
                        }
                    },
                }
            }
            let open = self.current.as_mut().expect("set above");
            self.line.clear();
            match open.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => {
                    self.current = None;
                }
                Ok(n) => {
                    open.line += 1;
                    let offset = open.offset;
                    open.offset += n as u64;
                    if self.line.iter().all(u8::is_ascii_whitespace) {
                        continue; // a blank line holds no document
                    }
                    let complete = self.line.ends_with(b"\n");
                    let p =
                        parse_line(&self.line, open.line, &self.options, &self.fields, complete);
                    return Some(Document {
                        id: p.id,
                        source: Source {
                            file: open.display.clone(),
                            line: Some(open.line),
                            offset: Some(offset),
                        },
                        fields: p.fields,
                        flags: p.flags,
                        rejected: p.rejected,
                        next: Position {
                            file: open.index,
                            offset: open.offset,
                            line: open.line,
                        },
                    });
                }
                Err(e) => {
                    let open = self.current.take().expect("set above");
                    let (line, offset) = (open.line + 1, open.offset);
                    return Some(Document {
                        id: String::new(),
                        source: Source {
                            file: open.display,
                            line: Some(line),
                            offset: Some(offset),
                        },
                        fields: Vec::new(),
                        flags: Vec::new(),
                        rejected: Some(format!(
                            "cannot read the rest of the file, from line {line} (byte {offset}) on: {e}; the documents before it are kept"
                        )),
                        next: Position {
                            file: open.index + 1,
                            offset: 0,
                            line: 0,
                        },
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(lines: &str, options: ReadOptions) -> Vec<Document> {
        let r = Box::new(io::Cursor::new(lines.as_bytes().to_vec()));
        DocumentReader::from_reader("x.jsonl", Format::Jsonl, r, options).collect()
    }

    #[test]
    fn jsonl_ids_fields_and_problems() {
        let docs = jsonl(
            "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\"}\n\n{\"id\":7,\"text\":\"y\"}\r\n{\"text\":\"z\"}\nnot json\n[1]\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":3}\n",
            ReadOptions { id_field: "id".into(), text_fields: vec!["title".into(), "text".into()] },
        );
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "7", "4", "", "", "b", "c"]);
        assert_eq!(docs[0].fields.len(), 2);
        assert_eq!(&*docs[0].fields[0].name, "title");
        assert_eq!(docs[1].fields[0].text, "y");
        assert_eq!(docs[1].source.to_string(), "x.jsonl:3");
        assert_eq!(docs[1].source.offset, Some(35));
        assert!(docs[3]
            .rejected
            .as_deref()
            .unwrap()
            .starts_with("not JSON: expected ident at column 2"));
        assert_eq!(
            docs[4].rejected.as_deref(),
            Some("not a JSON object but an array")
        );
        assert_eq!(
            docs[5].rejected.as_deref(),
            Some("no text field (title, text)")
        );
        assert_eq!(
            docs[6].rejected.as_deref(),
            Some("field 'text' is a number, not a string: not matched; no field 'title'")
        );
        assert!(docs.iter().all(|d| d.flags.is_empty()));
        assert_eq!(
            docs[6].next,
            Position {
                file: 0,
                offset: 113,
                line: 8
            }
        );
    }

    #[test]
    fn odd_json_is_read_with_a_flag() {
        let docs = jsonl(
            concat!(
                "\u{FEFF}{\"id\":\"a\",\"text\":\"tab\there\"}\n",
                "{\"id\":\"b\",\"text\":\"x\\ud800y\",\"text\":\"last\"}\n",
                "{\"id\":\"c\",\"text\":\"ok \\ud83d\\ude00\"}\n",
                "{\"id\":null,\"text\":\"t\"}\n",
                "{\"id\":\"\",\"text\":\"t\",\"html\":{\"a\":[1,2,{\"b\":null}]}}\n",
                "{\"id\":\"f\",\"text\":null}\n",
                "{\"id\":\"g\",\"text\":\"cut"
            ),
            ReadOptions::default(),
        );
        assert_eq!(docs[0].fields[0].text, "tab\there");
        assert_eq!(
            docs[0].flags,
            vec!["raw control characters in a string (not valid JSON) read as they are"]
        );
        assert_eq!(docs[1].fields[0].text, "last");
        assert_eq!(docs[1].flags.len(), 2, "{:?}", docs[1].flags);
        assert!(docs[1].flags[0].contains("surrogates"));
        assert!(docs[1].flags[1].contains("'text' appears more than once"));
        assert_eq!(docs[2].fields[0].text, "ok 😀");
        assert!(docs[2].flags.is_empty());
        assert_eq!(docs[3].id, "4");
        assert_eq!(
            docs[3].flags,
            vec!["id field 'id' is null: the line number is used as id"]
        );
        assert_eq!(docs[4].id, "5");
        assert!(docs[4].flags[0].contains("is empty"));
        assert_eq!(docs[5].rejected.as_deref(), Some("field 'text' is null"));
        assert!(docs[6]
            .rejected
            .as_deref()
            .unwrap()
            .ends_with("(the file ends in the middle of this line: it may have been cut short)"));
    }

    #[test]
    fn invalid_utf8_in_a_line_is_replaced_and_flagged() {
        let r = Box::new(io::Cursor::new(
            b"{\"id\":\"a\",\"text\":\"Bagh\xFFdad\"}\n{\"id\":\"b\"\xFF,\"text\":\"x\"}\n"
                .to_vec(),
        ));
        let docs: Vec<Document> =
            DocumentReader::from_reader("x", Format::Jsonl, r, ReadOptions::default()).collect();
        assert_eq!(docs[0].fields[0].text, "Bagh\u{FFFD}dad");
        assert_eq!(
            docs[0].flags,
            vec!["invalid UTF-8: 1 sequence (the first at byte 22) replaced by U+FFFD (byte offsets counted from the line start)"]
        );
        assert!(docs[1].rejected.as_deref().unwrap().starts_with("not JSON"));
    }

    #[test]
    fn repair_only_touches_strings() {
        assert_eq!(repair("{\"a\":\t\"b\"}"), None);
        let (fixed, _) = repair("{\"a\":\t\"b\tc\\\"\u{1}\"}").unwrap();
        assert_eq!(fixed, "{\"a\":\t\"b\\u0009c\\\"\\u0001\"}");
        let (fixed, _) = repair("[\"\\uDC00\\ud800\\u0041\"]").unwrap();
        assert_eq!(fixed, "[\"\\uFFFD\\uFFFD\\u0041\"]");
    }

    /// Resuming after any document gives the documents after it, in a
    /// plain and a gzip file, when the last line has no line end too (the
    /// jsonl_reader fuzz target found that case refused).
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
        let (files, _) = discover(&[&plain, &gz]).unwrap();
        let all: Vec<Document> =
            DocumentReader::new(files.clone(), ReadOptions::default()).collect();
        assert_eq!(all.len(), 6);
        for (k, doc) in all.iter().enumerate() {
            let rest: Vec<Document> =
                DocumentReader::resume(files.clone(), ReadOptions::default(), doc.next).collect();
            assert_eq!(rest, all[k + 1..], "after document {k}");
        }
        // A file whose line ends moved is refused, not misread.
        assert!(open_at(&Location::Path(plain.clone()), 5).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(format_of(Path::new("a/b.txt")), Some(Format::Text));
        assert_eq!(format_of(Path::new("b.JSONL.gz")), Some(Format::Jsonl));
        assert_eq!(format_of(Path::new("b.csv")), None);
    }
}
