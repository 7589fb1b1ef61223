//! Documents: what every front end hands to the [`crate::Extractor`], and
//! what it gets back.
//!
//! A [`Document`] is an id, one or more text [`Field`]s, the input fields a
//! run carries through to its tables ([`Document::keep`]), where it came from
//! ([`Provenance`]), and what reading it found wrong ([`Reason`]s). A source
//! that cannot read a document still makes one, with
//! [`Document::unreadable`] saying why, so that it is reported rather than
//! lost: the extractor turns it into a rejected [`DocumentResult`] without
//! matching it.
//!
//! The outcome of a document is a [`Status`] and the reasons behind it. They
//! are types here and become text only where a table is written, so that a
//! front end (a notebook, Spark) can tell a repeated id from a broken line
//! without parsing a message: [`Reason::code`] is a stable name for each kind,
//! and its `Display` the message a person reads.

use crate::mention::Mention;
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// One text field of a document.
///
/// ```
/// let f = gazet::Field::new("article.body", "Shalamcheh crossing");
/// assert_eq!(f.text.len(), 19);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field's name (`text`, `title`, `article.body`).
    pub name: Arc<str>,
    /// Its text.
    pub text: String,
}

impl Field {
    /// A field named `name` holding `text`.
    ///
    /// ```
    /// let f = gazet::Field::new("title", "Kata'ib Hezbollah fighters");
    /// assert_eq!(&*f.name, "title");
    /// ```
    pub fn new(name: &str, text: impl Into<String>) -> Field {
        Field {
            name: Arc::from(name),
            text: text.into(),
        }
    }
}

/// Where a document came from: the file, and in a file of many documents
/// the line (or row) and the byte where it starts.
///
/// ```
/// use gazet::Provenance;
/// let p = Provenance { file: "news.jsonl.gz".into(), line: Some(17), offset: Some(5120) };
/// assert_eq!(p.to_string(), "news.jsonl.gz:17");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The file, as shown in tables and messages (`(memory)` for a document
    /// made in code).
    pub file: Arc<str>,
    /// The 1-based line (JSONL) or record (CSV, Parquet); `None` for a file
    /// that is one document.
    pub line: Option<u64>,
    /// The offset of the line's first byte (after decompression), where the
    /// format has one.
    pub offset: Option<u64>,
}

impl Provenance {
    /// A document made in code, not read from a file.
    ///
    /// ```
    /// assert_eq!(gazet::Provenance::memory().to_string(), "(memory)");
    /// ```
    pub fn memory() -> Provenance {
        Provenance {
            file: Arc::from("(memory)"),
            line: None,
            offset: None,
        }
    }
}

impl fmt::Display for Provenance {
    /// `news.jsonl.gz:17`, or the file alone for a `.txt` document.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => write!(f, "{}", self.file),
        }
    }
}

/// One document, or the place of one that could not be read.
///
/// ```
/// use gazet::{Document, Field, Reason};
/// let mut doc = Document::new("a1", vec![Field::new("title", "Basra"), Field::new("text", "...")]);
/// doc.flags.push(Reason::RepeatedField("title".into()));
/// assert_eq!(doc.fields.len(), 2);
/// assert!(!doc.is_unreadable()); // a flag is a caveat, not a reason to reject
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The document id; empty when none could be read (a line that is not
    /// JSON, the unreadable rest of a file).
    pub id: String,
    /// Its text fields, in the order asked for; each is matched on its own.
    pub fields: Vec<Field>,
    /// Input fields carried to the tables as they are (`date`, `url`), with
    /// their JSON types; `null` where the document lacks one.
    pub keep: Vec<(Arc<str>, Value)>,
    /// Where it came from.
    pub source: Provenance,
    /// Caveats: the document was read, but not exactly as written (invalid
    /// UTF-8 replaced, a repeated field, ...). Empty when it was read as it is.
    pub flags: Vec<Reason>,
    /// Why the document could not be read at all; empty when it was. A
    /// document with reasons here is rejected, not matched.
    pub unreadable: Vec<Reason>,
}

impl Document {
    /// A document made in code: an id and its fields, read as they are.
    ///
    /// ```
    /// use gazet::{Document, Field};
    /// let doc = Document::new("a1", vec![Field::new("text", "Shalamcheh")]);
    /// assert!(!doc.is_unreadable());
    /// ```
    pub fn new(id: impl Into<String>, fields: Vec<Field>) -> Document {
        Document {
            id: id.into(),
            fields,
            keep: Vec::new(),
            source: Provenance::memory(),
            flags: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    /// A document of one field, `text`.
    ///
    /// ```
    /// let doc = gazet::Document::text("a1", "Shalamcheh");
    /// assert_eq!(&*doc.fields[0].name, "text");
    /// ```
    pub fn text(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document::new(id, vec![Field::new("text", text)])
    }

    /// The place of a document that could not be read, and why.
    ///
    /// ```
    /// use gazet::{Document, Provenance, Reason};
    /// let doc = Document::unreadable_at(Provenance::memory(), Reason::EmptyFile);
    /// assert!(doc.is_unreadable());
    /// ```
    pub fn unreadable_at(source: Provenance, why: Reason) -> Document {
        Document {
            id: String::new(),
            fields: Vec::new(),
            keep: Vec::new(),
            source,
            flags: Vec::new(),
            unreadable: vec![why],
        }
    }

    /// Could the document not be read (so it is rejected, not matched)?
    ///
    /// ```
    /// use gazet::{Document, Provenance, Reason};
    /// assert!(!Document::text("a", "").is_unreadable());
    /// let lost = Document::unreadable_at(Provenance::memory(), Reason::FileUnreadable("denied".into()));
    /// assert!(lost.is_unreadable());
    /// ```
    pub fn is_unreadable(&self) -> bool {
        !self.unreadable.is_empty()
    }

    /// Bytes of text in its fields.
    ///
    /// ```
    /// use gazet::{Document, Field};
    /// let doc = Document::new("a", vec![Field::new("title", "Qom"), Field::new("text", "Erbil")]);
    /// assert_eq!(doc.text_bytes(), 8);
    /// ```
    pub fn text_bytes(&self) -> usize {
        self.fields.iter().map(|f| f.text.len()).sum()
    }
}

/// What became of a document: the `status` column.
///
/// ```
/// use gazet::{Document, Extractor, Provenance, Reason, Status};
/// let ex = Extractor::new()?;
/// assert_eq!(ex.extract(&Document::text("a", "Basra")).status, Status::Ok);
/// let lost = Document::unreadable_at(Provenance::memory(), Reason::EmptyFile);
/// assert_eq!(ex.extract(&lost).status, Status::Rejected);
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Read and matched as it is.
    Ok,
    /// Read and matched, with caveats (see [`DocumentResult::reasons`]).
    Flagged,
    /// Not matched (see [`DocumentResult::reasons`]).
    Rejected,
}

impl Status {
    /// `ok`, `flagged` or `rejected`.
    ///
    /// ```
    /// assert_eq!(gazet::Status::Flagged.as_str(), "flagged");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Flagged => "flagged",
            Status::Rejected => "rejected",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of one document: its status, why, and its mentions.
///
/// ```
/// let ex = gazet::Extractor::new()?;
/// let r = ex.extract(&gazet::Document::text("a", "From Basra to Baghdad"));
/// assert_eq!(r.status, gazet::Status::Ok);
/// assert!(r.reasons.is_empty());
/// assert_eq!(r.field_bytes, 21);
/// assert_eq!(r.mentions.len(), 2);
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DocumentResult {
    /// What became of it.
    pub status: Status,
    /// Why it is flagged or rejected, in order (the reasons it could not be
    /// read first); empty when `ok`.
    pub reasons: Vec<Reason>,
    /// Bytes of text matched.
    pub field_bytes: usize,
    /// Its mentions, by field then offset.
    pub mentions: Vec<Mention>,
}

impl DocumentResult {
    /// A rejected document: not matched, for these reasons.
    ///
    /// ```
    /// use gazet::{DocumentResult, Reason, Status};
    /// let r = DocumentResult::rejected(vec![Reason::NoTextField(vec!["body".into()])]);
    /// assert_eq!((r.status, r.mentions.len()), (Status::Rejected, 0));
    /// ```
    pub fn rejected(reasons: Vec<Reason>) -> DocumentResult {
        DocumentResult {
            status: Status::Rejected,
            reasons,
            field_bytes: 0,
            mentions: Vec::new(),
        }
    }

    /// The `reason` column: every reason, `; `-joined; empty when `ok`.
    ///
    /// ```
    /// use gazet::{DocumentResult, Reason};
    /// let r = DocumentResult::rejected(vec![Reason::EmptyFile, Reason::InternalError]);
    /// assert!(r.reason_text().starts_with("empty file; internal error"));
    /// ```
    pub fn reason_text(&self) -> String {
        let mut out = String::new();
        for (i, r) in self.reasons.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            use fmt::Write;
            let _ = write!(out, "{r}");
        }
        out
    }
}

/// How invalid UTF-8 was met, for its message.
///
/// ```
/// use gazet::document::Utf8Scope;
/// use gazet::Reason;
/// let r = Reason::InvalidUtf8 { count: 1, first: 40, scope: Utf8Scope::Line };
/// assert!(r.to_string().ends_with("(byte offsets counted from the line start)"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Utf8Scope {
    /// In a file that is one document: offsets after the first bad byte are
    /// into the decoded text. `utf16`: the file starts with a UTF-16
    /// byte-order mark.
    File {
        /// The file looks like UTF-16.
        utf16: bool,
    },
    /// In one line or record of a file of many documents.
    Line,
}

/// Why a document is flagged or rejected. Each has a stable
/// [`code`](Reason::code) and a message for people (`Display`).
///
/// ```
/// use gazet::Reason;
/// let r = Reason::NotJson { message: "expected value".into(), column: 8 };
/// assert_eq!(r.code(), "not-json");
/// assert_eq!(r.to_string(), "not JSON: expected value at column 8");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// Invalid UTF-8, each invalid sequence replaced by U+FFFD.
    InvalidUtf8 {
        /// Sequences replaced.
        count: usize,
        /// Byte offset of the first.
        first: usize,
        /// Where it was met.
        scope: Utf8Scope,
    },
    /// The file is empty.
    EmptyFile,
    /// Reading stopped partway: only the text before is matched.
    ReadError {
        /// Bytes read before the error.
        after: usize,
        /// The error.
        error: String,
    },
    /// The file cannot be opened or read.
    FileUnreadable(String),
    /// A directory could not be listed, so its files were not read.
    DirectoryUnreadable(String),
    /// A resumed run cannot read the file from where it stopped.
    CannotResumeAt {
        /// The offset.
        offset: u64,
        /// The error.
        error: String,
    },
    /// A read error in the middle of a file of many documents: the rest of
    /// the file is this one rejected document.
    RestUnreadable {
        /// The 1-based line where reading stopped.
        line: u64,
        /// Its byte offset.
        offset: u64,
        /// The error.
        error: String,
    },
    /// Raw control characters in a JSON string, read as they are.
    RawControlCharacters,
    /// Escaped UTF-16 surrogates without their pair, replaced by U+FFFD.
    LoneSurrogates,
    /// The line is not JSON.
    NotJson {
        /// The parser's message.
        message: String,
        /// The 1-based column.
        column: usize,
    },
    /// The line is JSON, but not an object.
    NotAnObject {
        /// `an array`, `a string`, ...
        kind: &'static str,
    },
    /// JSON nested too deeply in the id or a text field.
    TooDeep {
        /// The 1-based column.
        column: usize,
    },
    /// A line or record that cannot be parsed, in a format's own words
    /// (a CSV row with the wrong number of cells, a Parquet page that
    /// cannot be decoded).
    Malformed(String),
    /// The last line of the file has no line end, and was rejected: the file
    /// may have been cut short.
    CutShort(Box<Reason>),
    /// A field appears more than once in the object: the last value is used.
    RepeatedField(String),
    /// The id field cannot be used, and the line number is the id.
    UnusableId {
        /// The id field.
        field: String,
        /// What it is (`null`, `empty`, `an array`, ...).
        what: &'static str,
    },
    /// No text field at all.
    NoTextField(Vec<String>),
    /// A text field is absent.
    MissingField(String),
    /// A text field is null.
    NullField(String),
    /// A text field is not a string, so it is not matched.
    NotAString {
        /// The field.
        field: String,
        /// What it is (`a number`, ...).
        kind: &'static str,
    },
    /// A field over the 4 GiB that offsets can address: not matched.
    FieldTooLarge(String),
    /// The id was seen before in the run.
    DuplicateId {
        /// The 1-based row of `documents.csv` that first had it, if known.
        row: Option<u64>,
    },
    /// The document was decoded from a gzip member or zstd frame that is
    /// damaged (its checksum fails, or it cannot be decoded to its end):
    /// its text may not be what was compressed.
    DamagedStream {
        /// Decompressed bytes of the file before that member or frame.
        from: u64,
        /// `gzip member` or `zstd frame`.
        what: &'static str,
        /// The decoder's error.
        error: String,
    },
    /// A bug in gazet met while matching this document.
    InternalError,
}

impl Reason {
    /// A stable, short name for the kind of reason (`invalid-utf8`,
    /// `duplicate-id`), for filtering.
    ///
    /// ```
    /// assert_eq!(gazet::Reason::DuplicateId { row: Some(3) }.code(), "duplicate-id");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Reason::InvalidUtf8 { .. } => "invalid-utf8",
            Reason::EmptyFile => "empty-file",
            Reason::ReadError { .. } => "read-error",
            Reason::FileUnreadable(_) => "file-unreadable",
            Reason::DirectoryUnreadable(_) => "directory-unreadable",
            Reason::CannotResumeAt { .. } => "cannot-resume",
            Reason::RestUnreadable { .. } => "rest-unreadable",
            Reason::RawControlCharacters => "raw-control-characters",
            Reason::LoneSurrogates => "lone-surrogates",
            Reason::NotJson { .. } => "not-json",
            Reason::NotAnObject { .. } => "not-an-object",
            Reason::TooDeep { .. } => "too-deep",
            Reason::Malformed(_) => "malformed",
            Reason::CutShort(inner) => inner.code(),
            Reason::RepeatedField(_) => "repeated-field",
            Reason::UnusableId { .. } => "unusable-id",
            Reason::NoTextField(_) => "no-text-field",
            Reason::MissingField(_) => "missing-field",
            Reason::NullField(_) => "null-field",
            Reason::NotAString { .. } => "not-a-string",
            Reason::FieldTooLarge(_) => "field-too-large",
            Reason::DuplicateId { .. } => "duplicate-id",
            Reason::DamagedStream { .. } => "damaged-stream",
            Reason::InternalError => "internal-error",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::InvalidUtf8 {
                count,
                first,
                scope,
            } => {
                write!(
                    f,
                    "invalid UTF-8: {count} sequence{} (the first at byte {first}) replaced by U+FFFD",
                    if *count == 1 { "" } else { "s" }
                )?;
                match scope {
                    Utf8Scope::File { utf16 } => write!(
                        f,
                        "; offsets after byte {first} are into the decoded text{}",
                        if *utf16 {
                            " (the file looks like UTF-16: convert it to UTF-8)"
                        } else {
                            ""
                        }
                    ),
                    Utf8Scope::Line => f.write_str(" (byte offsets counted from the line start)"),
                }
            }
            Reason::EmptyFile => f.write_str("empty file"),
            Reason::ReadError { after, error } => write!(
                f,
                "read error after {after} bytes ({error}): only the text before it is matched"
            ),
            Reason::FileUnreadable(e) => write!(f, "cannot read file: {e}"),
            Reason::DirectoryUnreadable(e) => {
                write!(f, "cannot list directory: {e}; its files were not read")
            }
            Reason::CannotResumeAt { offset, error } => {
                write!(f, "cannot read the file from byte {offset}: {error}")
            }
            Reason::RestUnreadable {
                line,
                offset,
                error,
            } => write!(
                f,
                "cannot read the rest of the file, from line {line} (byte {offset}) on: {error}; the documents before it are kept"
            ),
            Reason::RawControlCharacters => f.write_str(
                "raw control characters in a string (not valid JSON) read as they are",
            ),
            Reason::LoneSurrogates => f.write_str(
                "escaped UTF-16 surrogates without their pair replaced by U+FFFD",
            ),
            Reason::NotJson { message, column } => {
                write!(f, "not JSON: {message} at column {column}")
            }
            Reason::NotAnObject { kind } => write!(f, "not a JSON object but {kind}"),
            Reason::TooDeep { column } => write!(
                f,
                "JSON nested too deeply (over 128 levels) in the id or a text field, at column {column}"
            ),
            Reason::Malformed(m) => f.write_str(m),
            Reason::CutShort(inner) => write!(
                f,
                "{inner} (the file ends in the middle of this line: it may have been cut short)"
            ),
            Reason::RepeatedField(name) => write!(
                f,
                "field '{name}' appears more than once in the object: the last value is used"
            ),
            Reason::UnusableId { field, what } => write!(
                f,
                "id field '{field}' is {what}: the line number is used as id"
            ),
            Reason::NoTextField(fields) => write!(f, "no text field ({})", fields.join(", ")),
            Reason::MissingField(name) => write!(f, "no field '{name}'"),
            Reason::NullField(name) => write!(f, "field '{name}' is null"),
            Reason::NotAString { field, kind } => {
                write!(f, "field '{field}' is {kind}, not a string: not matched")
            }
            Reason::FieldTooLarge(name) => {
                write!(f, "field '{name}' is larger than 4 GiB: not matched")
            }
            Reason::DuplicateId { row: Some(row) } => {
                write!(f, "duplicate doc_id: already the id of documents.csv row {row}")
            }
            Reason::DuplicateId { row: None } => f.write_str(
                "duplicate doc_id: already the id of an earlier documents.csv row",
            ),
            Reason::DamagedStream { from, what, error } => write!(
                f,
                "decoded from a damaged {what} (it starts at byte {from} of the decompressed file: {error}): the text may not be what was compressed"
            ),
            Reason::InternalError => f.write_str(
                "internal error while matching this document (a bug in gazet: please report it, with the document)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_the_tables_words() {
        let bad = Reason::InvalidUtf8 {
            count: 2,
            first: 7,
            scope: Utf8Scope::File { utf16: true },
        };
        assert_eq!(
            bad.to_string(),
            "invalid UTF-8: 2 sequences (the first at byte 7) replaced by U+FFFD; offsets after byte 7 are into the decoded text (the file looks like UTF-16: convert it to UTF-8)"
        );
        let cut = Reason::CutShort(Box::new(Reason::NotJson {
            message: "EOF while parsing a string".into(),
            column: 9,
        }));
        assert_eq!(cut.code(), "not-json");
        assert!(cut.to_string().ends_with("it may have been cut short)"));
        let r = DocumentResult::rejected(vec![
            Reason::NotAString {
                field: "text".into(),
                kind: "a number",
            },
            Reason::MissingField("title".into()),
        ]);
        assert_eq!(
            r.reason_text(),
            "field 'text' is a number, not a string: not matched; no field 'title'"
        );
    }
}
