//! The CSV format: `mentions.csv`, `documents.csv` and `rejects.csv`.
//!
//! RFC 4180 CSV with a header, UTF-8, quoted as the `csv` crate quotes, so
//! the tables load as they are into pandas, R or a spreadsheet. Each table
//! is written under a temporary name and renamed when the run is complete
//! (see the sink module); its state at a checkpoint is the length of each.
//!
//! Kept input fields (`--keep-field`) are extra columns of `documents.csv`,
//! after `reason`: a string as it is, `null` as an empty cell, anything else
//! as its JSON text. The mentions table stays as it is (join it to the
//! documents table on `doc_id`).
//!
//! With [`SinkOptions::context`], `mentions.csv` has a last column
//! `context`: the text around the mention, on one line.
//!
//! With `excel_safe`, a cell that a spreadsheet would take for a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return, as OWASP's
//! advice on CSV injection lists them) is written with a `'` in front.

use super::files::{self, Tables, TablesFlushed};
use super::score::TwoDecimals;
use super::{Record, Render, Sink, SinkOptions, SinkState, TableBytes, Target};
use crate::document::Status;
use crate::error::Error;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// The tables, by file name.
///
/// ```
/// use gazet::sink::{csv::{Csv, TABLES}, Sink, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-csv-tables-{}", std::process::id()));
/// Csv::create(&Target::Dir(dir.clone()), &Default::default())?.publish()?;
/// assert!(TABLES.iter().all(|t| dir.join(t).is_file()));
/// assert_eq!(TABLES[2], Csv::REJECTS);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const TABLES: &[&str; 3] = &["mentions.csv", "documents.csv", "rejects.csv"];

/// Columns of `mentions.csv`.
///
/// ```
/// use gazet::sink::csv::MENTION_COLUMNS;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-csv-mention-columns-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Basra")?;
/// gazet::run::extract(&[dir.join("a.txt")], &gazet::Extractor::new()?, &dir.join("out"), &Default::default())?;
/// let table = std::fs::read_to_string(dir.join("out/mentions.csv"))?;
/// let (header, row) = table.split_once('\n').ok_or("no header")?;
/// assert_eq!(header, MENTION_COLUMNS.join(","));
/// let cells: Vec<&str> = row.trim_end().split(',').collect();
/// assert_eq!((MENTION_COLUMNS[2], cells[2]), ("entity_id", "basra"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    "sentence",
    "dateline",
    "match",
    "rule",
    "score",
    "alias",
    "wikidata",
    "country",
    "ambiguous",
];

/// Columns of `documents.csv` (before the kept fields).
///
/// ```
/// use gazet::sink::{csv::{Csv, DOCUMENT_COLUMNS}, Sink, SinkOptions, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-csv-document-columns-{}", std::process::id()));
/// let options = SinkOptions::new(vec!["date".into()], false);
/// Csv::create(&Target::Dir(dir.clone()), &options)?.publish()?;
/// let header = std::fs::read_to_string(dir.join("documents.csv"))?;
/// assert_eq!(header, format!("{},date\n", DOCUMENT_COLUMNS.join(",")));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "doc_id",
    "source",
    "field_bytes",
    "mentions",
    "status",
    "reason",
];

/// Columns of `rejects.csv`.
///
/// ```
/// use gazet::sink::csv::REJECT_COLUMNS;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-csv-reject-columns-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.jsonl"), "{\"id\": \"a1\", \"text\": \"Basra\"}\nnot json\n")?;
/// gazet::run::extract(&[dir.join("a.jsonl")], &gazet::Extractor::new()?, &dir.join("out"), &Default::default())?;
/// let table = std::fs::read_to_string(dir.join("out/rejects.csv"))?;
/// let lines: Vec<&str> = table.lines().collect();
/// assert_eq!(lines[0], REJECT_COLUMNS.join(","));
/// let cells: Vec<&str> = lines[1].split(',').collect();
/// assert_eq!(&cells[1..4], ["2", "30", ""]); // line, byte_offset, doc_id
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const REJECT_COLUMNS: &[&str] = &["file", "line", "byte_offset", "doc_id", "reason"];

/// The CSV sink: three tables in a directory.
///
/// ```
/// use gazet::sink::{csv::Csv, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-csv-sink-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Kata'ib Hezbollah in Baghdad")?;
/// let out = Target::Dir(dir.join("out"));
/// gazet::run::run::<Csv>(&[dir.join("a.txt")], &gazet::Extractor::new()?, &out, &Default::default())?;
/// let mentions = std::fs::read_to_string(dir.join("out/mentions.csv"))?;
/// assert_eq!(mentions.lines().count(), 3); // the header and two mentions
/// assert!(mentions.contains(",kataib-hezbollah,militia,"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Csv {
    options: SinkOptions,
    tables: Tables,
}

/// Renders documents as CSV rows (see [`Render`]).
///
/// ```
/// use gazet::sink::{csv::Csv, Record, Render, Sink, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-csv-renderer-{}", std::process::id()));
/// let renderer = Csv::create(&Target::Dir(dir.clone()), &Default::default())?.renderer();
/// let ex = gazet::Extractor::new()?;
/// let doc = gazet::Document::text("a,1", "Erbil");
/// let result = ex.extract(&doc);
/// let rows = renderer.render(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() });
/// assert_eq!(rows.documents, b"\"a,1\",(memory),5,1,ok,\n"); // quoted where needed
/// assert!(rows.mentions.starts_with(b"\"a,1\",text,erbil,place,Erbil,Erbil,0,5,0,5,0,false,exact,"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Renderer {
    excel_safe: bool,
    keep: Vec<std::sync::Arc<str>>,
    context: Option<usize>,
}

impl Csv {
    fn headers(options: &SinkOptions) -> [Vec<u8>; 3] {
        let mut documents: Vec<String> = DOCUMENT_COLUMNS.iter().map(|c| c.to_string()).collect();
        documents.extend(
            options
                .keep
                .iter()
                .map(|k| SinkOptions::kept_column(k, DOCUMENT_COLUMNS)),
        );
        let mut rows = Rows::new(false);
        rows.row(&options.mention_columns());
        let mentions = rows.take();
        for c in &documents {
            rows.field(c);
        }
        rows.end();
        let documents = rows.take();
        rows.row(REJECT_COLUMNS);
        [mentions, documents, rows.take()]
    }
}

impl Sink for Csv {
    const NAME: &'static str = "csv";
    const REJECTS: &'static str = "rejects.csv";
    type Renderer = Renderer;
    type Flushed = TablesFlushed;

    fn create(target: &Target, options: &SinkOptions) -> Result<Csv, Error> {
        let dir = files::dir_of(target, Self::NAME, "tables")?;
        let [m, d, r] = Csv::headers(options);
        Ok(Csv {
            options: options.clone(),
            tables: Tables::create(dir, TABLES, [&m, &d, &r])?,
        })
    }

    fn reopen(dir: &Path, options: &SinkOptions, state: &SinkState) -> Result<Csv, Error> {
        Ok(Csv {
            options: options.clone(),
            tables: Tables::reopen(dir, TABLES, state)?,
        })
    }

    fn publish_left(dir: &Path) -> Result<(), Error> {
        files::publish(dir, TABLES)
    }

    fn renderer(&self) -> Renderer {
        Renderer {
            excel_safe: self.options.excel_safe,
            keep: self.options.keep.clone(),
            context: self.options.context,
        }
    }

    fn write(&mut self, doc: TableBytes) -> Result<(), Error> {
        self.tables.write(&doc)
    }

    fn flush(&mut self) -> Result<TablesFlushed, Error> {
        self.tables.flush()
    }

    fn publish(self) -> Result<(), Error> {
        self.tables.publish()
    }
}

impl Render for Renderer {
    type Output = TableBytes;

    /// One document as CSV rows of the three tables, with `excel_safe`
    /// applied to every cell when asked.
    fn render(&self, r: &Record<'_>) -> TableBytes {
        let (doc, result) = (r.document, r.result);
        let rows = &mut Rows::new(self.excel_safe);
        // A mention's row is some 120 bytes: grown from empty, the buffer
        // was copied a few times a document.
        rows.out.reserve(result.mentions.len() * 128);
        let mut num = itoa::Buffer::new();
        let mut scores = ScoreText::default();
        for m in &result.mentions {
            write_mention(rows, &mut num, &mut scores, r, m);
            if let Some(context) = SinkOptions::context_of(self.context, r, m) {
                rows.field(&context);
            }
            rows.end();
        }
        let mentions = rows.take();
        let source = doc.source.to_string();
        let reason = result.reason_text();
        rows.field(&doc.id);
        rows.field(&source);
        rows.field(num.format(result.field_bytes));
        rows.field(num.format(result.mentions.len()));
        rows.field(result.status.as_str());
        rows.field(&reason);
        for (i, name) in self.keep.iter().enumerate() {
            rows.field(&cell_of(super::kept(doc, i, name)));
        }
        rows.end();
        let documents = rows.take();
        if result.status == Status::Rejected {
            rows.field(&doc.source.file);
            rows.field(doc.source.line.map_or("", |n| num.format(n)));
            let mut offset = itoa::Buffer::new();
            rows.field(doc.source.offset.map_or("", |n| offset.format(n)));
            rows.field(&doc.id);
            rows.field(&reason);
            rows.end();
        }
        TableBytes {
            mentions,
            documents,
            rejects: rows.take(),
        }
    }
}

/// A kept field's cell: a string as it is, `null` empty, anything else its
/// JSON text.
///
/// ```
/// use gazet::sink::csv::cell_of;
/// use serde_json::json;
/// assert_eq!(cell_of(&json!("2024-05-01")), "2024-05-01");
/// assert_eq!(cell_of(&json!(null)), "");
/// assert_eq!(cell_of(&json!(["a", 1])), r#"["a",1]"#);
/// ```
pub fn cell_of(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Null => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string()),
    }
}

fn write_mention(
    row: &mut Rows,
    num: &mut itoa::Buffer,
    scores: &mut ScoreText,
    r: &Record<'_>,
    m: &crate::mention::Mention,
) {
    let g = r.gazetteer;
    let e = m.entity(g);
    let field = &r.document.fields[m.field];
    row.field(&r.document.id);
    row.field(&field.name);
    row.field(&e.id);
    row.plain(e.kind.as_str());
    row.field(&e.canonical);
    row.field(&field.text[m.start..m.end]);
    row.plain(num.format(m.start));
    row.plain(num.format(m.end));
    row.plain(num.format(m.char_start));
    row.plain(num.format(m.char_end));
    row.plain(num.format(m.sentence));
    row.plain(if m.dateline { "true" } else { "false" });
    row.plain(m.kind.as_str());
    if m.rules.is_empty() {
        row.field("");
    } else {
        row.field(&m.rules.to_string());
    }
    row.field(scores.text(m.score));
    row.field(&m.alias(g).text);
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
}

/// A table's spreadsheet-safe form of a cell (see the module documentation).
///
/// ```
/// use gazet::sink::csv::excel_safe;
/// assert_eq!(excel_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(excel_safe("-5"), "'-5");
/// assert_eq!(excel_safe("Basra"), "Basra");
/// ```
pub fn excel_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The text of a score, to two decimals (see [`TwoDecimals`]; a score out
/// of range, which no mention has, through the float formatter).
#[derive(Default)]
struct ScoreText {
    buf: String,
}

impl ScoreText {
    fn text(&mut self, score: f32) -> &str {
        self.buf.clear();
        match TwoDecimals::of(score) {
            Some(t) => self.buf.push_str(t.as_str()),
            None => {
                let _ = write!(self.buf, "{score:.2}");
            }
        }
        &self.buf
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
pub(crate) struct Rows {
    out: Vec<u8>,
    cells: usize,
    last_empty: bool,
    excel_safe: bool,
}

impl Rows {
    pub(crate) fn new(excel_safe: bool) -> Rows {
        Rows {
            out: Vec::new(),
            cells: 0,
            last_empty: false,
            excel_safe,
        }
    }

    pub(crate) fn field(&mut self, cell: &str) {
        if self.cells > 0 {
            self.out.push(b',');
        }
        self.cells += 1;
        self.last_empty = cell.is_empty();
        Self::cell_into(&mut self.out, cell, self.excel_safe);
    }

    /// A cell that needs neither quotes nor the spreadsheet prefix, as a
    /// number formatted here or a word of a fixed vocabulary does, written
    /// as it is: a mention's row has eight such cells, each otherwise looked
    /// through for what it cannot hold.
    pub(crate) fn plain(&mut self, cell: &str) {
        debug_assert!(
            !cell.bytes().any(|b| QUOTED[usize::from(b)])
                && matches!(excel_safe(cell), Cow::Borrowed(_)),
            "{cell:?} is no plain cell"
        );
        if self.cells > 0 {
            self.out.push(b',');
        }
        self.cells += 1;
        self.last_empty = cell.is_empty();
        self.out.extend_from_slice(cell.as_bytes());
    }

    /// Appends one cell, quoted as [`Rows::field`] quotes it, to `out`: for
    /// rows put together from cells rendered apart.
    pub(crate) fn cell_into(out: &mut Vec<u8>, cell: &str, excel_safe: bool) {
        let cell = if excel_safe {
            self::excel_safe(cell)
        } else {
            Cow::Borrowed(cell)
        };
        let bytes = cell.as_bytes();
        if bytes.iter().any(|&b| QUOTED[usize::from(b)]) {
            out.push(b'"');
            for part in bytes.split_inclusive(|&b| b == b'"') {
                out.extend_from_slice(part);
                if part.last() == Some(&b'"') {
                    out.push(b'"');
                }
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(bytes);
        }
    }

    pub(crate) fn end(&mut self) {
        if self.cells == 1 && self.last_empty {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.push(b'\n');
        self.cells = 0;
    }

    /// A whole row of cells.
    pub(crate) fn row(&mut self, cells: &[&str]) {
        for cell in cells {
            self.field(cell);
        }
        self.end();
    }

    /// The rows rendered since the last call.
    pub(crate) fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    #[cfg(test)]
    fn into_bytes(mut self) -> Vec<u8> {
        self.take()
    }
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
