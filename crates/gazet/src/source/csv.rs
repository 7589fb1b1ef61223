//! CSV and TSV (`.csv`, `.tsv`): one document per record, the first row
//! the header.
//!
//! Exports of news databases and spreadsheets are tables: a row per
//! article, a column per field. The header names the columns, and
//! `--text-field`, `--id-field` and `--keep-field` name columns (the whole
//! header cell, as it is; a UTF-8 byte-order mark before the first is
//! ignored; a name in two columns is the first). Cells are read as the `csv`
//! crate reads RFC 4180: a quoted cell may hold the delimiter, doubled
//! quotes and line ends; TSV (`.tsv`) is the same with tabs, so a cell
//! starting with `"` is quoted there too. Blank lines hold no record.
//!
//! * The id is the id column's cell; the record's line number when there is
//!   no such column, or when the cell is empty (then flagged, as an unusable
//!   id is in JSONL).
//! * Each text column is a field, matched on its own; an empty cell is an
//!   empty text (matched, nothing found), not a missing field. A header
//!   with none of the text columns makes every record a rejected document
//!   (`no text field`).
//! * CSV has no types: a kept column is always a string (`null` only when
//!   the header has no such column).
//! * A record whose number of cells is not the header's is one rejected
//!   document (`malformed CSV record: ...`), and reading goes on; the last
//!   record of a file cut short says so.
//! * Invalid UTF-8 is replaced by U+FFFD and flagged, with the offset of
//!   the first bad byte from the record's start.
//! * A read error (a truncated gzip or zstd stream) makes the rest of the
//!   file one rejected document; the records before it are kept.
//!
//! A record's place is its first line (a quoted cell may hold line ends)
//! and the byte offset of its first byte (after decompression), from the
//! `csv` crate's positions, past the blank lines and the `\n` of a CRLF
//! that it counts in the record after them. Reading resumes after any record: the header is read
//! again from the start of the file, then the file is read from the byte
//! after the record, which must follow a line end.

use super::{
    decode, is_compressed, null_keep, open, Documents, Format, InputFile, Location, Position,
    ReadOptions,
};
use crate::document::{Document, Field, Provenance, Reason, Utf8Scope};
use ::csv::{ByteRecord, Reader, ReaderBuilder};
use serde_json::Value;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::sync::Arc;

/// A table of delimited text: CSV or TSV.
///
/// ```
/// use gazet::source::{discover, ReadOptions, Reader};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-delimited-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.tsv"), "id\ttext\nx1\tBasra, Iraq\n")?;
/// let (files, _) = discover(&[dir.join("a.tsv")])?;
/// let docs: Vec<_> = Reader::new(files, ReadOptions::default()).map(|(d, _)| d).collect();
/// assert_eq!((docs[0].id.as_str(), docs[0].fields[0].text.as_str()), ("x1", "Basra, Iraq"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Delimited {
    name: &'static str,
    extensions: &'static [&'static str],
    delimiter: u8,
}

/// Comma-separated values (`.csv`).
///
/// ```
/// use gazet::source::{csv::CSV, format_of, Format};
/// assert_eq!((CSV.name(), CSV.extensions()), ("csv", &[".csv"][..]));
/// let found = format_of("export.CSV.gz".as_ref()).ok_or("unknown type")?;
/// assert_eq!(found.name(), CSV.name());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const CSV: Delimited = Delimited {
    name: "csv",
    extensions: &[".csv"],
    delimiter: b',',
};

/// Tab-separated values (`.tsv`).
///
/// ```
/// use gazet::source::{csv::TSV, format_named, Format};
/// assert_eq!((TSV.name(), TSV.extensions()), ("tsv", &[".tsv"][..]));
/// assert_eq!(format_named("tsv").map(|f| f.extensions()), Some(TSV.extensions()));
/// assert!(!TSV.whole_file());
/// ```
pub const TSV: Delimited = Delimited {
    name: "tsv",
    extensions: &[".tsv"],
    delimiter: b'\t',
};

impl Format for Delimited {
    fn name(&self) -> &'static str {
        self.name
    }

    fn extensions(&self) -> &'static [&'static str] {
        self.extensions
    }

    fn open(
        &self,
        file: &InputFile,
        index: usize,
        options: &ReadOptions,
        at: Position,
    ) -> Documents {
        let display: Arc<str> = Arc::from(file.display.as_str());
        let opened = if at.offset == 0 {
            open(&file.location).map(|r| (r, None, at))
        } else {
            self.header(&file.location).and_then(|header| {
                let (rest, end) = open_after_line_end(&file.location, at.offset)?;
                // The `csv` crate drops a UTF-8 BOM at the start of what it
                // reads, as the file's: a record that starts with one (tables
                // joined end to end) would lose it. So it reads on from the
                // line end before the record, as it did the first time.
                Ok(match end {
                    Some(b) => {
                        let from = Position {
                            offset: at.offset - 1,
                            line: at.line.saturating_sub(u64::from(b == b'\n')),
                            ..at
                        };
                        let rest: Box<dyn BufRead + Send> =
                            Box::new(io::Cursor::new([b]).chain(rest));
                        (rest, Some(header), from)
                    }
                    None => (rest, Some(header), at),
                })
            })
        };
        match opened {
            Ok((reader, header, from)) => {
                let mut records = Records::new(
                    display,
                    index,
                    reader,
                    self.delimiter,
                    header,
                    options,
                    from,
                );
                records.next = Position { file: index, ..at };
                Box::new(records)
            }
            Err(e) => super::cannot_open(display, index, at, &e),
        }
    }

    fn check_resume(&self, file: &InputFile, at: Position) -> io::Result<()> {
        if is_compressed(&file.location) {
            // A compressed stream would have to be decompressed twice to
            // check; its size and modification time are checked instead.
            return Ok(());
        }
        self.header(&file.location)?;
        open_after_line_end(&file.location, at.offset).map(|_| ())
    }

    fn fields(&self, file: &InputFile) -> Option<Vec<String>> {
        if file.location == Location::Stdin {
            return None;
        }
        let header = self.header(&file.location).ok()?;
        Some(
            header
                .iter()
                .map(|h| String::from_utf8_lossy(h).trim().to_string())
                .collect(),
        )
    }
}

/// A `csv` reader of cells separated by `delimiter`, every record
/// returned as it is (the header too: it is read as the first record).
fn builder(delimiter: u8) -> ReaderBuilder {
    let mut b = ReaderBuilder::new();
    b.delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(64 * 1024);
    b
}

impl Delimited {
    /// The header of a file, read from its start (to resume in the middle).
    fn header(&self, location: &Location) -> io::Result<ByteRecord> {
        let mut r = builder(self.delimiter).from_reader(open(location)?);
        let mut header = ByteRecord::new();
        match r.read_byte_record(&mut header) {
            Ok(true) => Ok(header),
            Ok(false) => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the file has no header row",
            )),
            Err(e) => Err(io::Error::other(e.to_string())),
        }
    }
}

/// Opens a file to read on from `offset` (after decompression), which must
/// follow a line end (`\n` or `\r`: the `csv` crate may stop between the
/// two of a CRLF), or be the end of the file; with that line end (`None` at
/// the end of a file without one). Fails otherwise: the file is not the one
/// read before.
fn open_after_line_end(
    location: &Location,
    offset: u64,
) -> io::Result<(Box<dyn BufRead + Send>, Option<u8>)> {
    let mismatch = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("no record ends at byte {offset}: the file changed since it was read"),
        )
    };
    let Location::Path(path) = location else {
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "standard input cannot be read from the middle",
        ));
    };
    if offset == 0 {
        return Err(mismatch());
    }
    let mut r: Box<dyn BufRead + Send> = if is_compressed(location) {
        let mut r = open(location)?;
        let skipped = io::copy(&mut (&mut r).take(offset - 1), &mut io::sink())?;
        if skipped != offset - 1 {
            return Err(mismatch());
        }
        r
    } else {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(offset - 1))?;
        Box::new(BufReader::with_capacity(256 * 1024, file))
    };
    let mut last = [0u8; 1];
    if r.read(&mut last)? != 1 {
        return Err(mismatch());
    }
    if !matches!(last[0], b'\n' | b'\r') {
        if !r.fill_buf()?.is_empty() {
            return Err(mismatch());
        }
        return Ok((r, None));
    }
    Ok((r, Some(last[0])))
}

/// The bytes the `csv` reader reads, kept from the start of the record in
/// progress, so that a record's own bytes can be looked at (for invalid
/// UTF-8 and a missing line end).
struct Tee {
    inner: Box<dyn BufRead + Send>,
    /// Bytes read, from `start` on.
    seen: Vec<u8>,
    /// Offset of `seen[0]` in the stream.
    start: u64,
}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl Tee {
    /// The bytes from `from` to `to` (offsets in the stream).
    fn bytes(&self, from: u64, to: u64) -> &[u8] {
        let from = from.saturating_sub(self.start) as usize;
        let to = to.saturating_sub(self.start) as usize;
        self.seen
            .get(from.min(to)..to.min(self.seen.len()))
            .unwrap_or_default()
    }

    /// Forgets the bytes before `offset`, when they are many (so that each
    /// byte is moved at most once or twice).
    fn forget_before(&mut self, offset: u64) {
        let dead = offset.saturating_sub(self.start) as usize;
        if dead >= 64 * 1024 && dead * 2 >= self.seen.len() {
            self.seen.drain(..dead.min(self.seen.len()));
            self.start = offset;
        }
    }
}

/// The columns of the fields asked for, from the header.
struct Columns {
    /// How many cells a record has.
    width: usize,
    id: Option<usize>,
    /// Each text field's column, by name; `None` when there is no such
    /// column, or the text field was named before.
    texts: Vec<(Arc<str>, Option<usize>)>,
    keep: Vec<(Arc<str>, Option<usize>)>,
}

impl Columns {
    fn new(header: &ByteRecord, options: &ReadOptions) -> Columns {
        let names: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let name = String::from_utf8_lossy(cell);
                match name.strip_prefix('\u{FEFF}') {
                    Some(rest) if i == 0 => rest.to_string(),
                    _ => name.into_owned(),
                }
            })
            .collect();
        let column = |name: &str| names.iter().position(|n| n == name);
        let texts = options
            .text_fields
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let again = options.text_fields[..k].contains(t);
                (Arc::from(t.as_str()), column(t).filter(|_| !again))
            })
            .collect();
        let keep = options
            .keep_fields
            .iter()
            .map(|k| (Arc::from(k.as_str()), column(k)))
            .collect();
        Columns {
            width: header.len(),
            id: column(&options.id_field),
            texts,
            keep,
        }
    }
}

/// The documents of one CSV or TSV stream, with the position after each.
///
/// ```
/// use gazet::source::{csv::Records, ReadOptions};
/// let table = "id,text\na1,Basra\na2\n";
/// let records = Records::from_reader("mem.csv", Box::new(table.as_bytes()), b',', &ReadOptions::default());
/// let docs: Vec<_> = records.map(|(doc, _)| doc).collect();
/// assert_eq!((docs[0].id.as_str(), docs[0].fields[0].text.as_str()), ("a1", "Basra"));
/// assert_eq!(docs[1].unreadable[0].code(), "malformed"); // one cell, not two
/// ```
pub struct Records {
    display: Arc<str>,
    index: usize,
    reader: Option<Reader<Tee>>,
    /// Known once the header is read.
    columns: Option<Columns>,
    options: ReadOptions,
    keep_names: Vec<Arc<str>>,
    /// Offset and lines (line ends) of the stream before the reader's
    /// first byte: the reader's positions are counted from there.
    base: Position,
    /// The position after the last record read.
    next: Position,
    record: ByteRecord,
}

impl Records {
    /// The records of `reader` (already decompressed), shown as `display`,
    /// the file of index `index` in the run, cells separated by
    /// `delimiter`, read from `at`. `header` is the file's header when
    /// `reader` starts after it (a resumed run); otherwise its first record
    /// is the header.
    ///
    /// ```
    /// use gazet::source::{csv::Records, Position, ReadOptions};
    /// // The rest of `id,text\na1,Basra\na2,Erbil\n` after its first record (17 bytes).
    /// let header = csv::ByteRecord::from(vec!["id", "text"]);
    /// let rest = "a2,Erbil\n";
    /// let at = Position { file: 0, offset: 17, line: 2 };
    /// let options = ReadOptions::default();
    /// let records = Records::new("a.csv".into(), 0, Box::new(rest.as_bytes()), b',', Some(header), &options, at);
    /// let docs: Vec<_> = records.collect();
    /// assert_eq!((docs[0].0.id.as_str(), docs[0].0.source.line), ("a2", Some(3)));
    /// assert_eq!(docs[0].1, Position { file: 0, offset: 26, line: 3 });
    /// ```
    pub fn new(
        display: Arc<str>,
        index: usize,
        reader: Box<dyn BufRead + Send>,
        delimiter: u8,
        header: Option<ByteRecord>,
        options: &ReadOptions,
        at: Position,
    ) -> Records {
        let tee = Tee {
            inner: reader,
            seen: Vec::new(),
            start: 0,
        };
        let at = Position { file: index, ..at };
        Records {
            display,
            index,
            reader: Some(builder(delimiter).from_reader(tee)),
            columns: header.map(|h| Columns::new(&h, options)),
            options: options.clone(),
            keep_names: options
                .keep_fields
                .iter()
                .map(|f| Arc::from(f.as_str()))
                .collect(),
            base: at,
            next: at,
            record: ByteRecord::new(),
        }
    }

    /// The records of one stream, from its start: for library users whose
    /// tables are not in files, and for fuzzing.
    ///
    /// ```
    /// use gazet::source::{csv::Records, ReadOptions};
    /// let options = ReadOptions::new("id", vec!["title".into()]);
    /// let table = "id\ttitle\n1\t\"Basra\tport\"\n";
    /// let records = Records::from_reader("mem.tsv", Box::new(table.as_bytes()), b'\t', &options);
    /// let docs: Vec<_> = records.collect();
    /// assert_eq!(docs[0].0.fields[0].text, "Basra\tport");
    /// ```
    pub fn from_reader(
        name: &str,
        reader: Box<dyn BufRead + Send>,
        delimiter: u8,
        options: &ReadOptions,
    ) -> Records {
        Records::new(
            Arc::from(name),
            0,
            reader,
            delimiter,
            None,
            options,
            Position::default(),
        )
    }

    /// The rest of the file, which cannot be read, as one document.
    fn rest_unreadable(&mut self, error: String) -> (Document, Position) {
        self.reader = None;
        let (line, offset) = (self.next.line + 1, self.next.offset);
        let source = Provenance {
            file: self.display.clone(),
            line: Some(line),
            offset: Some(offset),
        };
        let why = Reason::RestUnreadable {
            line,
            offset,
            error,
        };
        let next = Position {
            file: self.index + 1,
            offset: 0,
            line: 0,
        };
        let mut doc = Document::unreadable_at(source, why);
        doc.keep = null_keep(&self.keep_names);
        (doc, next)
    }
}

impl Iterator for Records {
    type Item = (Document, Position);

    fn next(&mut self) -> Option<(Document, Position)> {
        // A position of the reader (from 1 for lines) as a position in the
        // file (lines before it).
        let (base, index) = (self.base, self.index);
        let in_file = |p: &::csv::Position| Position {
            file: index,
            offset: base.offset + p.byte(),
            line: base.line + p.line().saturating_sub(1),
        };
        loop {
            let reader = self.reader.as_mut()?;
            match reader.read_byte_record(&mut self.record) {
                Ok(false) => {
                    self.reader = None;
                    return None;
                }
                Err(e) => {
                    let error = match e.into_kind() {
                        ::csv::ErrorKind::Io(e) => e.to_string(),
                        other => format!("{other:?}"),
                    };
                    return Some(self.rest_unreadable(error));
                }
                Ok(true) => {}
            }
            let mut start = self.record.position().map(in_file).unwrap_or(self.next);
            let after = in_file(reader.position());
            let mut raw = reader
                .get_ref()
                .bytes(start.offset - base.offset, after.offset - base.offset);
            // The `csv` crate places a record where it started looking for
            // it: before blank lines, and before the `\n` of a CRLF whose
            // `\r` ended the record before. Its first cell cannot start
            // with a line end (it would be quoted), so those are skipped.
            let lead = raw
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            start.offset += lead as u64;
            start.line += raw[..lead].iter().filter(|&&b| b == b'\n').count() as u64;
            raw = &raw[lead..];
            let complete = raw.ends_with(b"\n") || raw.ends_with(b"\r");
            let bad = std::str::from_utf8(raw)
                .is_err()
                .then(|| decode(raw.to_vec()).1)
                .flatten();
            reader.get_mut().forget_before(after.offset - base.offset);
            self.next = after;
            let Some(columns) = &self.columns else {
                self.columns = Some(Columns::new(&self.record, &self.options));
                continue; // the header
            };
            let doc = document(
                &self.record,
                columns,
                &self.options,
                Provenance {
                    file: self.display.clone(),
                    line: Some(start.line + 1),
                    offset: Some(start.offset),
                },
                bad.map(|b| b.reason(Utf8Scope::Line)),
                complete,
            );
            return Some((doc, after));
        }
    }
}

/// The document of one record (not the header).
fn document(
    record: &ByteRecord,
    columns: &Columns,
    options: &ReadOptions,
    source: Provenance,
    bad_utf8: Option<Reason>,
    complete: bool,
) -> Document {
    let lineno = source.line.unwrap_or_default();
    let keep_nulls = || {
        columns
            .keep
            .iter()
            .map(|(n, _)| (n.clone(), Value::Null))
            .collect()
    };
    if record.len() != columns.width {
        let why = Reason::Malformed(format!(
            "malformed CSV record: {} cell{} where the header has {}",
            record.len(),
            if record.len() == 1 { "" } else { "s" },
            columns.width
        ));
        let mut doc = Document::unreadable_at(
            source,
            if complete {
                why
            } else {
                Reason::CutShort(Box::new(why))
            },
        );
        doc.keep = keep_nulls();
        return doc;
    }
    let cell = |i: usize| String::from_utf8_lossy(record.get(i).unwrap_or_default()).into_owned();
    let mut flags: Vec<Reason> = bad_utf8.into_iter().collect();
    let id = match columns.id.map(cell) {
        Some(id) if !id.is_empty() => id,
        Some(_) => {
            flags.push(Reason::UnusableId {
                field: options.id_field.clone(),
                what: "empty",
            });
            lineno.to_string()
        }
        None => lineno.to_string(),
    };
    let fields: Vec<Field> = columns
        .texts
        .iter()
        .filter_map(|(name, col)| {
            col.map(|c| Field {
                name: name.clone(),
                text: cell(c),
            })
        })
        .collect();
    let keep = columns
        .keep
        .iter()
        .map(|(name, col)| {
            (
                name.clone(),
                col.map_or(Value::Null, |c| Value::String(cell(c))),
            )
        })
        .collect();
    let unreadable = if fields.is_empty() {
        vec![Reason::NoTextField(options.text_fields.clone())]
    } else {
        Vec::new()
    };
    Document {
        id,
        fields,
        keep,
        source,
        flags,
        unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(bytes: &[u8], delimiter: u8, options: &ReadOptions) -> Vec<(Document, Position)> {
        let r = Box::new(io::Cursor::new(bytes.to_vec()));
        Records::from_reader("x.csv", r, delimiter, options).collect()
    }

    fn texts(d: &Document) -> Vec<(&str, &str)> {
        d.fields
            .iter()
            .map(|f| (&*f.name, f.text.as_str()))
            .collect()
    }

    #[test]
    fn records_ids_fields_and_kept_cells() {
        let options = ReadOptions::new("id", vec!["title".into(), "text".into()])
            .keep(vec!["date".into(), "nope".into()]);
        let table = concat!(
            "\u{FEFF}id,title,text,date\n",
            "a,T,\"In Basra, \"\"quoted\"\"\nand a new line\",2024-01-02\r\n",
            "\n",
            ",T2,,\n",
            "c,T3,x\n",
            "d,T4,y,2024\n",
        );
        let docs = records(table.as_bytes(), b',', &options);
        assert_eq!(docs.len(), 4);
        let (a, at) = &docs[0];
        assert_eq!(a.id, "a");
        assert_eq!(
            texts(a),
            [
                ("title", "T"),
                ("text", "In Basra, \"quoted\"\nand a new line")
            ]
        );
        assert_eq!(
            a.keep,
            [
                (Arc::from("date"), Value::from("2024-01-02")),
                (Arc::from("nope"), Value::Null)
            ]
        );
        assert_eq!(a.source.line, Some(2));
        assert_eq!(a.source.offset, Some(22));
        assert!(a.flags.is_empty() && a.unreadable.is_empty());
        // After the `\r` of the CRLF: two line ends before.
        assert_eq!(at.line, 2);
        // An empty id is the line number, flagged; an empty text is read.
        let (b, _) = &docs[1];
        assert_eq!(b.id, "5");
        assert_eq!(b.source.line, Some(5));
        assert_eq!(
            b.flags,
            [Reason::UnusableId {
                field: "id".into(),
                what: "empty"
            }]
        );
        assert_eq!(texts(b), [("title", "T2"), ("text", "")]);
        assert_eq!(b.keep[0].1, Value::from(""));
        // The wrong number of cells: one rejected document, reading goes on.
        let (c, _) = &docs[2];
        assert_eq!(
            c.unreadable,
            [Reason::Malformed(
                "malformed CSV record: 3 cells where the header has 4".into()
            )]
        );
        assert_eq!(c.keep.len(), 2);
        assert_eq!(c.source.line, Some(6));
        assert_eq!(docs[3].0.id, "d");
        assert_eq!(docs[3].1.offset, table.len() as u64);
    }

    #[test]
    fn tsv_missing_columns_invalid_utf8_and_a_cut() {
        let options = ReadOptions::new("doc", vec!["body".into()]);
        let docs = records(b"id\ttext\n1\tBagh\xFFdad\n2\tx\n", b'\t', &options);
        assert_eq!(docs[0].0.id, "2"); // no id column: the line number
        assert_eq!(
            docs[0].0.unreadable,
            [Reason::NoTextField(vec!["body".into()])]
        );
        let options = ReadOptions::default();
        let docs = records(b"id\ttext\n1\tBagh\xFFdad\n2\tx\t\"cut", b'\t', &options);
        assert_eq!(docs[0].0.fields[0].text, "Bagh\u{FFFD}dad");
        assert_eq!(
            docs[0].0.flags,
            [Reason::InvalidUtf8 {
                count: 1,
                first: 6,
                scope: Utf8Scope::Line
            }]
        );
        assert_eq!(
            docs[1].0.unreadable[0].to_string(),
            "malformed CSV record: 3 cells where the header has 2 (the file ends in the middle of this line: it may have been cut short)"
        );
    }

    #[test]
    fn a_read_error_keeps_the_records_before() {
        let mut table = b"id,text\n".to_vec();
        for i in 0..5000 {
            table.extend(format!("{i},Baghdad {i}\n").bytes());
        }
        let mut gz = Vec::new();
        let mut enc = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::default());
        io::Write::write_all(&mut enc, &table).unwrap();
        enc.finish().unwrap();
        let cut = gz[..gz.len() - 20].to_vec();
        let r = super::super::sniff(Box::new(io::Cursor::new(cut))).unwrap();
        let docs: Vec<_> =
            Records::from_reader("x.csv.gz", r, b',', &ReadOptions::default()).collect();
        let (last, kept) = docs.split_last().unwrap();
        assert!(kept.len() > 1000);
        // The last record read may be cut short itself.
        for (k, (d, _)) in kept[..kept.len() - 1].iter().enumerate() {
            assert_eq!(
                (d.id.as_str(), d.is_unreadable()),
                (k.to_string().as_str(), false)
            );
        }
        assert!(
            matches!(last.0.unreadable[..], [Reason::RestUnreadable { .. }]),
            "{:?}",
            last.0
        );
    }

    /// Resuming after any record gives the records after it, in a plain
    /// and a zstd file, with CRLF and LF line ends, quoted line ends, blank
    /// lines and no line end at the end.
    #[test]
    fn resume_after_any_record() {
        let dir = std::env::temp_dir().join(format!("gazet-csv-resume-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let table = "id,text,date\r\na,\"x\r\ny\",1\r\n\r\nb,,2\nc,z,\n\n\nd,w,3";
        let plain = dir.join("x.csv");
        std::fs::write(&plain, table).unwrap();
        let zst = dir.join("y.csv.zst");
        std::fs::write(&zst, zstd::encode_all(table.as_bytes(), 3).unwrap()).unwrap();
        let (files, _) = super::super::discover(&[&plain, &zst]).unwrap();
        let options = ReadOptions::default().keep(vec!["date".into()]);
        let all: Vec<(Document, Position)> =
            super::super::Reader::new(files.clone(), options.clone()).collect();
        assert_eq!(all.len(), 8);
        let ids: Vec<&str> = all[..4].iter().map(|(d, _)| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        let lines: Vec<Option<u64>> = all[..4].iter().map(|(d, _)| d.source.line).collect();
        assert_eq!(lines, [Some(2), Some(5), Some(6), Some(9)]);
        for (k, (_, next)) in all.iter().enumerate() {
            if next.offset > 0 {
                CSV.check_resume(&files[next.file], *next).unwrap();
            }
            let rest: Vec<(Document, Position)> =
                super::super::Reader::resume(files.clone(), options.clone(), *next).collect();
            assert_eq!(rest, all[k + 1..], "after record {k}");
        }
        // An offset inside a record is refused, not misread.
        let inside = Position {
            file: 0,
            offset: 17,
            line: 1,
        };
        assert!(CSV.check_resume(&files[0], inside).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_record_that_starts_with_a_bom_is_read_alike_when_resumed() {
        // Found by the csv_reader fuzz target: tables joined end to end, each
        // with its BOM. The `csv` crate drops a BOM at the start of what it
        // reads, so resumed there, a record lost its BOM (`\u{FEFF}b` became
        // `b`), and a quoted cell after one was read as quoted.
        let dir = std::env::temp_dir().join(format!("gazet-csv-bom-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let table = "\u{FEFF}id,text\r\na,Basra\r\n\u{FEFF}b,Erbil\n\u{FEFF}\"c,d\",Mosul\r\u{FEFF}e,Kirkuk\n";
        let path = dir.join("x.csv");
        std::fs::write(&path, table).unwrap();
        let (files, _) = super::super::discover(&[&path]).unwrap();
        let options = ReadOptions::default();
        let all: Vec<(Document, Position)> =
            super::super::Reader::new(files.clone(), options.clone()).collect();
        let ids: Vec<&str> = all.iter().map(|(d, _)| d.id.as_str()).collect();
        // The third: a BOM, then a quote inside a cell (three cells).
        assert_eq!(ids, ["a", "\u{FEFF}b", "", "\u{FEFF}e"]);
        for (k, (_, next)) in all.iter().enumerate() {
            CSV.check_resume(&files[0], *next).unwrap();
            let rest: Vec<(Document, Position)> =
                super::super::Reader::resume(files.clone(), options.clone(), *next).collect();
            assert_eq!(rest, all[k + 1..], "after record {k}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
