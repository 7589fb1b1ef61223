//! Writing tables: `mentions.csv`, `documents.csv` and `rejects.csv`.
//!
//! All are RFC 4180 CSV with a header, UTF-8, written by the `csv` crate, so
//! they load as they are into pandas, R or a spreadsheet.
//!
//! A table must never look complete when it is not, whatever kills the run.
//! So each table is written under a temporary name (`.mentions.csv.partial`)
//! and renamed when the run is complete: a table under its final name is
//! always whole. In between, [`TableWriter::commit`] makes the tables durable
//! up to a document boundary and returns their lengths; a run that stops
//! (killed, interrupted, out of disk) is resumed by cutting the temporary
//! tables back to the lengths of the last commit and appending from there
//! ([`TableWriter::reopen`]), which gives the same bytes as a run that never
//! stopped. A fourth temporary file lists the ids of the documents written,
//! so that a resumed run still finds ids seen before the interruption.
//!
//! With `excel_safe`, a cell that a spreadsheet would take for a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return, as OWASP's
//! advice on CSV injection lists them) is written with a `'` in front.

use crate::english::Possessive;
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::input::Source;
use crate::matcher::KeyRule;
use crate::resolve::Mention;
use crate::variants::VariantRules;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The tables of a run, by file name.
pub const TABLES: &[&str] = &["mentions.csv", "documents.csv", "rejects.csv"];

/// The temporary file of document ids (see the module documentation).
const IDS: &str = ".doc-ids.partial";

/// The temporary name of a table (`.mentions.csv.partial`).
pub fn partial_name(table: &str) -> String {
    format!(".{table}.partial")
}

/// Columns of `mentions.csv`.
pub const MENTION_COLUMNS: &[&str] = &[
    "doc_id",
    "field",
    "entity_id",
    "type",
    "canonical",
    "surface",
    "start",
    "end",
    "char_start",
    "char_end",
    "match",
    "rule",
    "score",
    "alias",
    "wikidata",
    "country",
    "ambiguous",
];

/// Columns of `documents.csv`.
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "doc_id",
    "source",
    "field_bytes",
    "mentions",
    "status",
    "reason",
];

/// Columns of `rejects.csv`.
pub const REJECT_COLUMNS: &[&str] = &["file", "line", "byte_offset", "doc_id", "reason"];

/// A mention located in a field, ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    /// The field it is in.
    pub field: Arc<str>,
    /// The mention.
    pub mention: Mention,
    /// Exactly the original text of the span.
    pub surface: String,
    /// Offsets in Unicode scalar values.
    pub char_start: usize,
    /// See `char_start`.
    pub char_end: usize,
    /// How the mention was found.
    pub how: MatchKind,
    /// How sure gazet is, in [0, 1] (see [`score`]).
    pub score: f32,
}

/// How sure a mention is, in [0, 1]: 1 for a name written as listed, less for
/// each step away from it.
///
/// | found as | score |
/// |---|---|
/// | `exact` | 1.00 |
/// | `normalized` | 0.97 |
/// | the name without its article (`Sudani` for `al-Sudani`) | 0.95 |
/// | `variant`, one rule / two rules | 0.85 / 0.75 |
/// | `partial` | 0.80 |
/// | `skeleton` | 0.70 |
///
/// A possessive read from a lost apostrophe takes 0.05 off, a name decided
/// between several entities by the document 0.10, and a name left ambiguous
/// is halved.
pub fn score(how: MatchKind, m: &Mention) -> f32 {
    let mut s: f32 = match how {
        MatchKind::Exact => 1.0,
        MatchKind::Normalized if m.key_rule == KeyRule::ArticleDropped => 0.95,
        MatchKind::Normalized => 0.97,
        MatchKind::Variant if m.variant.is_some_and(VariantRules::is_combined) => 0.75,
        MatchKind::Variant => 0.85,
        MatchKind::Partial => 0.80,
        MatchKind::Skeleton => 0.70,
    };
    if m.rules.possessive == Some(Possessive::Bare) {
        s -= 0.05;
    }
    if m.disambiguated {
        s -= 0.10;
    }
    if !m.ambiguous.is_empty() {
        s *= 0.5;
    }
    s
}

/// How a mention was found: the `match` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// Written exactly as a gazetteer name.
    Exact,
    /// Equal to a gazetteer name once normalized.
    Normalized,
    /// A person's surname, linked because the document names them in full.
    Partial,
    /// A transliteration variant of a name ([`crate::variants`]).
    Variant,
    /// A spelling found by consonant skeleton ([`crate::skeleton`]).
    Skeleton,
}

impl MatchKind {
    /// The value written in the `match` column.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Normalized => "normalized",
            MatchKind::Partial => "partial",
            MatchKind::Variant => "variant",
            MatchKind::Skeleton => "skeleton",
        }
    }
}

/// What became of a document: the `status` and `reason` columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Read and matched as it is.
    Ok,
    /// Read and matched, with caveats (invalid UTF-8 replaced, a repeated
    /// id, ...): the reasons, `; `-joined.
    Flagged(String),
    /// Not matched: why.
    Rejected(String),
}

impl Status {
    /// `ok`, `flagged` or `rejected`.
    pub fn label(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Flagged(_) => "flagged",
            Status::Rejected(_) => "rejected",
        }
    }

    /// Why it is flagged or rejected; empty when ok.
    pub fn reason(&self) -> &str {
        match self {
            Status::Ok => "",
            Status::Flagged(r) | Status::Rejected(r) => r,
        }
    }
}

/// One processed document: its row of `documents.csv` and its mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct Processed {
    /// The document id.
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// Bytes of text matched.
    pub field_bytes: usize,
    /// Its mentions, by field then offset.
    pub mentions: Vec<Located>,
    /// What became of it.
    pub status: Status,
}

/// Text of the `rule` column: the rules applied, `+`-joined.
pub fn rule_text(m: &Mention) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(v) = &m.variant {
        parts.push(format!("variant:{v}"));
    }
    if m.key_rule == KeyRule::ArticleDropped {
        parts.push("article-dropped".into());
    }
    if m.rules.article_added {
        parts.push("article-added".into());
    }
    match m.rules.possessive {
        Some(Possessive::Apostrophe) => parts.push("possessive".into()),
        Some(Possessive::Bare) => parts.push("possessive-bare".into()),
        None => {}
    }
    if m.disambiguated {
        parts.push("disambiguated".into());
    }
    parts.join("+")
}

/// A table's spreadsheet-safe form of a cell (see the module documentation).
pub fn excel_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Bytes written to each temporary file at a commit: where a resumed run
/// cuts them back to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lengths {
    /// `.mentions.csv.partial`.
    pub mentions: u64,
    /// `.documents.csv.partial`.
    pub documents: u64,
    /// `.rejects.csv.partial`.
    pub rejects: u64,
    /// The ids of the documents written.
    pub ids: u64,
}

/// The temporary files of a run flushed up to some lengths, not yet durable
/// (see [`TableWriter::flush`]).
#[derive(Debug)]
pub struct Flushed {
    files: Vec<(File, PathBuf)>,
    lengths: Lengths,
}

impl Flushed {
    /// Syncs the files to disk; then the bytes up to the returned lengths are
    /// durable, whatever was appended since.
    pub fn sync(self) -> Result<Lengths, Error> {
        for (file, path) in &self.files {
            file.sync_data().map_err(|e| write_error(path, e))?;
        }
        Ok(self.lengths)
    }
}

/// A file being written under a temporary name.
struct Table {
    writer: BufWriter<File>,
    partial: PathBuf,
}

fn write_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::io(path.display(), format!("cannot write: {e}"))
}

/// Creates `path` anew: an earlier file there (or a symbolic link planted
/// there) is removed first, never written through.
fn create_new(path: &Path) -> Result<File, Error> {
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
fn reopen(path: &Path, len: u64) -> Result<File, Error> {
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

impl Table {
    fn new(file: File, partial: PathBuf) -> Table {
        Table {
            writer: BufWriter::with_capacity(1 << 20, file),
            partial,
        }
    }

    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Table, Error> {
        let partial = dir.join(partial_name(name));
        let mut t = Table::new(create_new(&partial)?, partial);
        let mut row = Rows::new(false);
        row.row(header);
        t.write(&row.into_bytes())?;
        Ok(t)
    }

    fn reopen(dir: &Path, name: &str, len: u64) -> Result<Table, Error> {
        let partial = dir.join(partial_name(name));
        Ok(Table::new(reopen(&partial, len)?, partial))
    }

    /// Writes rows rendered by [`Rows`].
    fn write(&mut self, rows: &[u8]) -> Result<(), Error> {
        self.writer
            .write_all(rows)
            .map_err(|e| write_error(&self.partial, e))
    }

    /// Flushes to the operating system; the file to sync, its path, and its
    /// length.
    fn flush(&mut self) -> Result<(File, PathBuf, u64), Error> {
        self.writer
            .flush()
            .map_err(|e| write_error(&self.partial, e))?;
        let file = self.writer.get_ref();
        let len = file
            .metadata()
            .map_err(|e| write_error(&self.partial, e))?
            .len();
        let clone = file
            .try_clone()
            .map_err(|e| write_error(&self.partial, e))?;
        Ok((clone, self.partial.clone(), len))
    }
}

/// Writes the tables of one run into a directory.
pub struct TableWriter<'g> {
    gazetteer: &'g Gazetteer,
    dir: PathBuf,
    excel_safe: bool,
    mentions: Table,
    documents: Table,
    rejects: Table,
    /// The ids of the documents written (see the module documentation).
    ids: Table,
}

impl<'g> TableWriter<'g> {
    /// Creates the directory if needed, removes the tables and temporary
    /// files an earlier run left there (so that no table there looks like
    /// this run's before it is complete), and starts the tables.
    pub fn create(
        dir: &Path,
        gazetteer: &'g Gazetteer,
        excel_safe: bool,
    ) -> Result<TableWriter<'g>, Error> {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::io(
                dir.display(),
                format!("cannot create output directory: {e}"),
            )
        })?;
        for table in TABLES {
            let path = dir.join(table);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::io(
                        path.display(),
                        format!("cannot remove the table of an earlier run: {e}"),
                    ))
                }
            }
        }
        let ids_path = dir.join(IDS);
        Ok(TableWriter {
            gazetteer,
            dir: dir.to_path_buf(),
            excel_safe,
            mentions: Table::create(dir, TABLES[0], MENTION_COLUMNS)?,
            documents: Table::create(dir, TABLES[1], DOCUMENT_COLUMNS)?,
            rejects: Table::create(dir, TABLES[2], REJECT_COLUMNS)?,
            ids: Table::new(create_new(&ids_path)?, ids_path),
        })
    }

    /// Reopens the temporary tables of an interrupted run, cut back to the
    /// lengths of its last commit, to append to them.
    pub fn reopen(
        dir: &Path,
        gazetteer: &'g Gazetteer,
        excel_safe: bool,
        at: Lengths,
    ) -> Result<TableWriter<'g>, Error> {
        let ids_path = dir.join(IDS);
        Ok(TableWriter {
            gazetteer,
            dir: dir.to_path_buf(),
            excel_safe,
            mentions: Table::reopen(dir, TABLES[0], at.mentions)?,
            documents: Table::reopen(dir, TABLES[1], at.documents)?,
            rejects: Table::reopen(dir, TABLES[2], at.rejects)?,
            ids: Table::new(reopen(&ids_path, at.ids)?, ids_path),
        })
    }

    /// Writes one processed document.
    pub fn write(&mut self, doc: &Processed) -> Result<(), Error> {
        self.write_rendered(&render(doc, self.gazetteer, self.excel_safe))
    }

    /// Writes one document rendered by [`render`] (with this writer's
    /// gazetteer and `excel_safe` setting). Rendering is the costly part of
    /// writing, so a run renders on its worker threads and only copies bytes
    /// here, in input order.
    pub fn write_rendered(&mut self, doc: &Rendered) -> Result<(), Error> {
        self.mentions.write(&doc.mentions)?;
        self.documents.write(&doc.documents)?;
        self.rejects.write(&doc.rejects)?;
        self.ids.write(&doc.ids)
    }

    /// Makes everything written so far durable, and returns the lengths of
    /// the temporary files, for a checkpoint.
    pub fn commit(&mut self) -> Result<Lengths, Error> {
        self.flush()?.sync()
    }

    /// Flushes everything written so far to the operating system, and
    /// returns what [`Flushed::sync`] needs to make it durable, which may run
    /// on another thread while this writer goes on.
    pub fn flush(&mut self) -> Result<Flushed, Error> {
        let (i, ip, ids) = self.ids.flush()?;
        let (m, mp, mentions) = self.mentions.flush()?;
        let (d, dp, documents) = self.documents.flush()?;
        let (r, rp, rejects) = self.rejects.flush()?;
        Ok(Flushed {
            files: vec![(i, ip), (m, mp), (d, dp), (r, rp)],
            lengths: Lengths {
                mentions,
                documents,
                rejects,
                ids,
            },
        })
    }

    /// Gives the tables their final names (call [`TableWriter::commit`]
    /// first), and removes the list of ids.
    pub fn publish(self) -> Result<(), Error> {
        let dir = self.dir.clone();
        drop(self);
        publish(&dir)
    }
}

/// Renames the temporary tables in `dir` that are still there to their final
/// names, and removes the list of ids: the last step of a run, also used to
/// complete one killed while renaming.
pub fn publish(dir: &Path) -> Result<(), Error> {
    for table in TABLES {
        let (partial, fin) = (dir.join(partial_name(table)), dir.join(table));
        if partial.exists() {
            std::fs::rename(&partial, &fin).map_err(|e| {
                Error::io(
                    fin.display(),
                    format!("cannot rename the finished table: {e}"),
                )
            })?;
        }
    }
    // The renames are durable once the directory is; where a directory
    // cannot be synced (some file systems), the renames still happened.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    match std::fs::remove_file(dir.join(IDS)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io(dir.join(IDS).display(), e))
        }
        _ => Ok(()),
    }
}

/// The ids of the documents written by an interrupted run, in order (empty
/// for a document without one), from the first `len` bytes of its list.
pub fn read_ids(dir: &Path, len: u64) -> Result<Vec<String>, Error> {
    let path = dir.join(IDS);
    let bad = |e: String| {
        Error::io(
            path.display(),
            format!("cannot resume from this file of the interrupted run: {e}"),
        )
    };
    let file = File::open(&path).map_err(|e| bad(e.to_string()))?;
    let mut ids = Vec::new();
    for line in BufReader::new(file.take(len)).lines() {
        let line = line.map_err(|e| bad(e.to_string()))?;
        ids.push(serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?);
    }
    Ok(ids)
}

/// The text of the last score written: formatting a float exactly is slow,
/// and the scores of a document take few values.
#[derive(Default)]
struct ScoreText {
    last: Option<(u32, String)>,
}

impl ScoreText {
    fn text(&mut self, score: f32) -> &str {
        let bits = score.to_bits();
        if self.last.as_ref().is_none_or(|(b, _)| *b != bits) {
            self.last = Some((bits, format!("{score:.2}")));
        }
        self.last.as_ref().map_or("", |(_, t)| t)
    }
}

/// One processed document as the bytes of its rows in each table: see
/// [`render`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Its rows of `mentions.csv`.
    pub mentions: Vec<u8>,
    /// Its row of `documents.csv`.
    pub documents: Vec<u8>,
    /// Its row of `rejects.csv`, if it was rejected.
    pub rejects: Vec<u8>,
    /// Its line in the list of ids written (see the module documentation).
    pub ids: Vec<u8>,
}

/// Renders one processed document as CSV rows of the three tables, with
/// `excel_safe` applied to every cell when asked. Pure, so it runs on the
/// worker threads; [`TableWriter::write_rendered`] then copies the bytes.
pub fn render(doc: &Processed, g: &Gazetteer, excel_safe: bool) -> Rendered {
    let rows = &mut Rows::new(excel_safe);
    let mut num = itoa::Buffer::new();
    let mut scores = ScoreText::default();
    for l in &doc.mentions {
        write_mention(rows, &mut num, &mut scores, g, &doc.id, l);
    }
    let mentions = rows.take();
    let source = doc.source.to_string();
    rows.field(&doc.id);
    rows.field(&source);
    rows.field(num.format(doc.field_bytes));
    rows.field(num.format(doc.mentions.len()));
    rows.field(doc.status.label());
    rows.field(doc.status.reason());
    rows.end();
    let documents = rows.take();
    if let Status::Rejected(_) = doc.status {
        rows.field(&doc.source.file);
        rows.field(doc.source.line.map_or("", |n| num.format(n)));
        let mut offset = itoa::Buffer::new();
        rows.field(doc.source.offset.map_or("", |n| offset.format(n)));
        rows.field(&doc.id);
        rows.field(doc.status.reason());
        rows.end();
    }
    let rejects = rows.take();
    // One JSON string per line: ids may hold line ends.
    let mut ids = serde_json::to_vec(&doc.id).expect("a string serializes");
    ids.push(b'\n');
    Rendered {
        mentions,
        documents,
        rejects,
        ids,
    }
}

/// CSV rows being rendered into memory, a cell at a time, with no
/// allocation per cell.
///
/// The quoting is the `csv` crate's default (`QuoteStyle::Necessary`, which
/// the tables were first written with): a cell is quoted when it holds a
/// comma, a double quote, a CR or an LF, with its quotes doubled, and a row of
/// one empty cell is written `""`. A test checks the bytes against the crate
/// on random rows. Done here rather than through `csv::Writer` because that
/// writer cannot hand over its buffer between rows, and this stage renders
/// millions of small cells.
struct Rows {
    out: Vec<u8>,
    cells: usize,
    last_empty: bool,
    excel_safe: bool,
}

impl Rows {
    fn new(excel_safe: bool) -> Rows {
        Rows {
            out: Vec::new(),
            cells: 0,
            last_empty: false,
            excel_safe,
        }
    }

    fn field(&mut self, cell: &str) {
        let cell = if self.excel_safe {
            excel_safe(cell)
        } else {
            Cow::Borrowed(cell)
        };
        let bytes = cell.as_bytes();
        if self.cells > 0 {
            self.out.push(b',');
        }
        self.cells += 1;
        self.last_empty = bytes.is_empty();
        if bytes.iter().any(|&b| QUOTED[usize::from(b)]) {
            self.out.push(b'"');
            for part in bytes.split_inclusive(|&b| b == b'"') {
                self.out.extend_from_slice(part);
                if part.last() == Some(&b'"') {
                    self.out.push(b'"');
                }
            }
            self.out.push(b'"');
        } else {
            self.out.extend_from_slice(bytes);
        }
    }

    fn end(&mut self) {
        if self.cells == 1 && self.last_empty {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.push(b'\n');
        self.cells = 0;
    }

    /// A whole row of cells.
    fn row(&mut self, cells: &[&str]) {
        for cell in cells {
            self.field(cell);
        }
        self.end();
    }

    /// The rows rendered since the last call.
    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    fn into_bytes(mut self) -> Vec<u8> {
        self.take()
    }
}

fn write_mention(
    row: &mut Rows,
    num: &mut itoa::Buffer,
    scores: &mut ScoreText,
    g: &Gazetteer,
    doc_id: &str,
    l: &Located,
) {
    let m = &l.mention;
    let e = &g.entities()[m.entity as usize];
    row.field(doc_id);
    row.field(&l.field);
    row.field(&e.id);
    row.field(&e.kind);
    row.field(&e.canonical);
    row.field(&l.surface);
    row.field(num.format(m.start));
    row.field(num.format(m.end));
    row.field(num.format(l.char_start));
    row.field(num.format(l.char_end));
    row.field(l.how.as_str());
    row.field(&rule_text(m));
    row.field(scores.text(l.score));
    row.field(&e.names[m.name as usize].text);
    row.field(e.wikidata.as_deref().unwrap_or_default());
    row.field(e.country.as_deref().unwrap_or_default());
    if m.ambiguous.is_empty() {
        row.field("");
    } else {
        let ids: Vec<&str> = m
            .ambiguous
            .iter()
            .map(|&i| g.entities()[i as usize].id.as_str())
            .collect();
        row.field(&ids.join("|"));
    }
    row.end();
}

/// Writes mentions of one document as CSV to any writer (header included):
/// for library users who want the table without the files.
pub fn write_mentions_csv<W: Write>(
    w: W,
    g: &Gazetteer,
    doc: &Processed,
) -> Result<(), csv::Error> {
    let mut w = w;
    let mut rows = Rows::new(false);
    rows.row(MENTION_COLUMNS);
    let mut num = itoa::Buffer::new();
    let mut scores = ScoreText::default();
    for l in &doc.mentions {
        write_mention(&mut rows, &mut num, &mut scores, g, &doc.id, l);
    }
    w.write_all(&rows.into_bytes())?;
    w.flush()?;
    Ok(())
}

/// The bytes that make a cell quoted: a comma, a quote, a line end.
static QUOTED: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::english::SpanRules;
    use crate::variants::VariantRule;

    fn mention(key_rule: KeyRule, variant: Option<VariantRules>) -> Mention {
        Mention {
            start: 0,
            end: 1,
            name_start: 0,
            name_end: 1,
            entity: 0,
            name: 0,
            key_rule,
            rules: SpanRules::default(),
            ambiguous: Vec::new(),
            disambiguated: false,
            variant,
        }
    }

    #[test]
    fn scores_fall_with_each_step_away_from_the_name() {
        let exact = score(MatchKind::Exact, &mention(KeyRule::Name, None));
        let norm = score(MatchKind::Normalized, &mention(KeyRule::Name, None));
        let dropped = score(
            MatchKind::Normalized,
            &mention(KeyRule::ArticleDropped, None),
        );
        let v1 = score(
            MatchKind::Variant,
            &mention(KeyRule::Variant, Some(VariantRules::one(VariantRule::Q))),
        );
        let v2 = score(
            MatchKind::Variant,
            &mention(
                KeyRule::Variant,
                Some(VariantRules::two(VariantRule::Q, VariantRule::Double)),
            ),
        );
        let partial = score(MatchKind::Partial, &mention(KeyRule::Partial, None));
        assert!(
            exact > norm && norm > dropped && dropped > v1 && v1 > partial && partial > v2,
            "{exact} {norm} {dropped} {v1} {partial} {v2}"
        );
        let mut amb = mention(KeyRule::Name, None);
        amb.ambiguous = vec![0, 1];
        assert_eq!(score(MatchKind::Exact, &amb), 0.5);
        assert_eq!(
            rule_text(&mention(
                KeyRule::Variant,
                Some(VariantRules::two(VariantRule::Q, VariantRule::Double)),
            )),
            "variant:q+double"
        );
    }

    proptest::proptest! {
        /// The rows are byte for byte what the `csv` crate writes.
        #[test]
        fn rows_are_quoted_as_the_csv_crate_quotes(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a,\"\r\n =+'é]{0,6}", 1..5),
                0..6,
            )
        ) {
            let mut ours = Rows::new(false);
            let mut theirs = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            for row in &rows {
                for cell in row {
                    ours.field(cell);
                }
                ours.end();
                theirs.write_record(row).unwrap();
            }
            proptest::prop_assert_eq!(ours.into_bytes(), theirs.into_inner().unwrap());
        }
    }

    #[test]
    fn score_text_follows_the_score() {
        let mut t = ScoreText::default();
        assert_eq!(t.text(0.85), "0.85");
        assert_eq!(t.text(0.85), "0.85");
        assert_eq!(t.text(0.5), "0.50");
        assert_eq!(t.text(0.475), format!("{:.2}", 0.475f32));
    }
}
