//! The typed tables (mentions, documents, rejects) as Arrow record batches:
//! the rows of each document rendered on a worker thread ([`Renderer`],
//! [`Rendered`]), appended to column builders in document order
//! ([`Tables`]), and taken out as [`RecordBatch`]es.
//!
//! Why a module of its own: two front ends need the same typed tables. The
//! Parquet sink writes the batches to part files; the Python package hands
//! them to pyarrow, pandas and Polars through the Arrow C data interface,
//! without a Python object per cell. Both get the columns of the CSV tables
//! ([`MENTION_COLUMNS`], [`DOCUMENT_COLUMNS`], [`REJECT_COLUMNS`]) with the
//! types the [`parquet`](super::parquet) module documents, from this one
//! place, so the two cannot drift apart.
//!
//! ```
//! use arrow_array::cast::AsArray;
//! use gazet::sink::{arrow::{Renderer, Tables}, Record, Render, SinkOptions};
//! let ex = gazet::Extractor::new()?;
//! let (renderer, mut tables) = (Renderer::new(Vec::new()), Tables::new(&SinkOptions::default())?);
//! for (id, text) in [("a1", "Esmail Qaani in Baghdad"), ("a2", "")] {
//!     let doc = gazet::Document::text(id, text);
//!     tables.append(&renderer.render(&Record { document: &doc, result: &ex.extract(&doc), gazetteer: ex.gazetteer() }));
//! }
//! assert_eq!(tables.rows(), [2, 2, 0]);
//! let [mentions, documents, _rejects] = tables.batches()?;
//! let ids = mentions.column_by_name("entity_id").ok_or("no entity_id")?.as_string::<i32>();
//! assert_eq!(ids.iter().collect::<Vec<_>>(), [Some("esmail-qaani"), Some("baghdad")]);
//! assert_eq!(documents.num_rows(), 2);
//! assert_eq!(tables.rows(), [0, 0, 0]); // taken out
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::csv::{DOCUMENT_COLUMNS, MENTION_COLUMNS, REJECT_COLUMNS};
use super::{Record, Render, SinkOptions};
use crate::document::Status;
use crate::error::Error;
use arrow_array::builder::{
    BooleanBuilder, Float32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{ArrowError, DataType, Field, FieldRef, Schema, SchemaRef};
use serde_json::Value;
use std::fmt::Write as _;
use std::sync::Arc;

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `Utf8`, never null.
    Text,
    /// `Utf8`, null where the CSV cell is empty.
    MaybeText,
    /// `Int64`, never null.
    Int,
    /// `Int64`, null where the CSV cell is empty.
    MaybeInt,
    /// `Float32`.
    Score,
    /// `Boolean`, never null.
    Bool,
    /// `List<Utf8>` of entity ids, null where the CSV cell is empty.
    Ids,
}

/// The kinds of [`MENTION_COLUMNS`], in order.
const MENTION_KINDS: [Kind; 19] = [
    Kind::Text,      // doc_id
    Kind::Text,      // field
    Kind::Text,      // entity_id
    Kind::Text,      // type
    Kind::Text,      // canonical
    Kind::Text,      // surface
    Kind::Int,       // start
    Kind::Int,       // end
    Kind::Int,       // char_start
    Kind::Int,       // char_end
    Kind::Int,       // sentence
    Kind::Bool,      // dateline
    Kind::Text,      // match
    Kind::MaybeText, // rule
    Kind::Score,     // score
    Kind::Text,      // alias
    Kind::MaybeText, // wikidata
    Kind::MaybeText, // country
    Kind::Ids,       // ambiguous
];

const _: () = assert!(MENTION_KINDS.len() == MENTION_COLUMNS.len());

/// The kinds of the mentions table's own columns
/// ([`SinkOptions::mention_columns`]): those of [`MENTION_COLUMNS`], then
/// `context` (text, never null) when asked for.
fn mention_kinds(options: &SinkOptions) -> Vec<Kind> {
    let mut kinds = MENTION_KINDS.to_vec();
    if options.context.is_some() {
        kinds.push(Kind::Text);
    }
    kinds
}

/// The kinds of [`DOCUMENT_COLUMNS`], in order.
const DOCUMENT_KINDS: [Kind; 6] = [
    Kind::Text,      // doc_id
    Kind::Text,      // source
    Kind::Int,       // field_bytes
    Kind::Int,       // mentions
    Kind::Text,      // status
    Kind::MaybeText, // reason
];

/// The kinds of [`REJECT_COLUMNS`], in order.
const REJECT_KINDS: [Kind; 5] = [
    Kind::Text,      // file
    Kind::MaybeInt,  // line
    Kind::MaybeInt,  // byte_offset
    Kind::Text,      // doc_id
    Kind::MaybeText, // reason
];

impl Kind {
    fn data_type(self) -> DataType {
        match self {
            Kind::Text | Kind::MaybeText => DataType::Utf8,
            Kind::Int | Kind::MaybeInt => DataType::Int64,
            Kind::Score => DataType::Float32,
            Kind::Bool => DataType::Boolean,
            Kind::Ids => DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
        }
    }

    fn nullable(self) -> bool {
        matches!(self, Kind::MaybeText | Kind::MaybeInt | Kind::Ids)
    }
}

/// The schemas of the three datasets, in the order of [`DATASETS`], with
/// these kept fields. Fails when two columns of a table would have the same
/// name (a field kept twice).
///
/// ```
/// use arrow_schema::DataType;
/// use gazet::sink::{parquet::schemas, SinkOptions};
/// let [mentions, documents, rejects] = schemas(&SinkOptions::new(vec!["date".into()], false))?;
/// assert_eq!(mentions.field_with_name("score")?.data_type(), &DataType::Float32);
/// assert_eq!(documents.field(6).name(), "date"); // after the columns of DOCUMENT_COLUMNS
/// assert_eq!(documents.field(6).data_type(), &DataType::Utf8);
/// assert!(rejects.field_with_name("date").is_err());
/// let twice = SinkOptions::new(vec!["date".into(), "date".into()], false);
/// assert!(matches!(schemas(&twice), Err(gazet::Error::Usage(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn schemas(options: &SinkOptions) -> Result<[SchemaRef; 3], Error> {
    let mention_columns = options.mention_columns();
    let table = |columns: &[&str], kinds: &[Kind], kept: bool| -> Result<SchemaRef, Error> {
        let mut fields: Vec<Field> = columns
            .iter()
            .zip(kinds)
            .map(|(c, k)| Field::new(*c, k.data_type(), k.nullable()))
            .collect();
        if kept {
            for k in &options.keep {
                let name = SinkOptions::kept_column(k, columns);
                if fields.iter().any(|f| *f.name() == name) {
                    return Err(Error::Usage(format!(
                        "--keep-field {k} would be a second column {name} of the Parquet tables: keep each field once"
                    )));
                }
                fields.push(Field::new(name, DataType::Utf8, true));
            }
        }
        Ok(Arc::new(Schema::new(fields)))
    };
    Ok([
        table(&mention_columns, &mention_kinds(options), true)?,
        table(DOCUMENT_COLUMNS, &DOCUMENT_KINDS, true)?,
        table(REJECT_COLUMNS, &REJECT_KINDS, false)?,
    ])
}

/// A range of [`Rendered::text`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

/// One row of `mentions.parquet`, its strings in [`Rendered::text`] (the
/// document id and kept fields are the document's).
#[derive(Clone, Debug, PartialEq)]
struct MentionRow {
    field: Span,
    entity_id: Span,
    kind: Span,
    canonical: Span,
    surface: Span,
    start: u64,
    end: u64,
    char_start: u64,
    char_end: u64,
    sentence: u64,
    dateline: bool,
    matched: &'static str,
    rule: Option<Span>,
    score: f32,
    alias: Span,
    wikidata: Option<Span>,
    country: Option<Span>,
    /// A range of [`Rendered::ambiguous`].
    ambiguous: Option<(usize, usize)>,
    /// The text around the mention, when asked for.
    context: Option<Span>,
}

/// One document as owned rows of the three datasets, made on a worker
/// thread.
///
/// ```
/// use arrow_array::cast::AsArray;
/// use gazet::sink::{parquet::{Parquet, Rendered}, Flushed, Record, Render, Sink, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-rendered-{}", std::process::id()));
/// let mut sink = Parquet::create(&Target::Dir(dir.clone()), &Default::default())?;
/// let (ex, doc) = (gazet::Extractor::new()?, gazet::Document::text("a1", "Esmail Qaani in Baghdad"));
/// let rows: Rendered = sink.renderer().render(&Record { document: &doc, result: &ex.extract(&doc), gazetteer: ex.gazetteer() });
/// drop(doc); // the rows own what they hold
/// sink.write(rows)?;
/// sink.flush()?.sync()?;
/// sink.publish()?;
/// let part = std::fs::File::open(dir.join("mentions.parquet/part-00000.parquet"))?;
/// let batch = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(part)?.build()?.next().ok_or("no rows")??;
/// let ids = batch.column_by_name("entity_id").ok_or("no entity_id")?.as_string::<i32>();
/// assert_eq!(ids.iter().collect::<Vec<_>>(), [Some("esmail-qaani"), Some("baghdad")]);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    /// Every string of the rows, one after another: one allocation per
    /// document rather than one per cell.
    text: String,
    id: Span,
    source: Span,
    field_bytes: u64,
    mentions: Vec<MentionRow>,
    /// The entity ids of the ambiguous mentions.
    ambiguous: Vec<Span>,
    status: &'static str,
    reason: Option<Span>,
    /// The kept fields, in the order of [`SinkOptions::keep`].
    kept: Vec<Option<Span>>,
    /// The `file`, `line` and `byte_offset` of its row of
    /// `rejects.parquet`, when rejected.
    reject: Option<(Span, Option<u64>, Option<u64>)>,
}

impl Rendered {
    fn push(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        Span {
            start,
            end: self.text.len(),
        }
    }

    /// An empty string as no value: the CSV's empty cell.
    fn push_some(&mut self, s: Option<&str>) -> Option<Span> {
        s.filter(|s| !s.is_empty()).map(|s| self.push(s))
    }

    fn get(&self, s: Span) -> &str {
        self.text.get(s.start..s.end).unwrap_or_default()
    }

    fn get_some(&self, s: Option<Span>) -> Option<&str> {
        s.map(|s| self.get(s))
    }

    /// Its rows of the mentions table.
    pub fn mention_rows(&self) -> usize {
        self.mentions.len()
    }

    /// About the bytes its rows take, for
    /// [`PART_BYTES`](super::parquet::PART_BYTES).
    pub fn size(&self) -> u64 {
        (self.text.len() + 48 * self.mentions.len() + 64) as u64
    }
}

/// Renders documents as rows (see [`Render`]).
///
/// ```
/// use gazet::sink::{parquet::Parquet, Record, Render, Sink, SinkOptions, Target};
/// use serde_json::json;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-renderer-{}", std::process::id()));
/// let options = SinkOptions::new(vec!["n".into()], false);
/// let renderer = Parquet::create(&Target::Dir(dir.clone()), &options)?.renderer();
/// let (result, g) = (gazet::DocumentResult::rejected(Vec::new()), gazet::Gazetteer::default());
/// let render = |n: serde_json::Value| {
///     let mut doc = gazet::Document::text("a1", "");
///     doc.keep = vec![("n".into(), n)];
///     renderer.render(&Record { document: &doc, result: &result, gazetteer: &g })
/// };
/// // A kept field is text: the number 3.5 and the string "3.5" give the same rows.
/// assert_eq!(render(json!(3.5)), render(json!("3.5")));
/// assert_ne!(render(json!(3.5)), render(json!(null)));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Renderer {
    keep: Vec<Arc<str>>,
    context: Option<usize>,
}

impl Renderer {
    /// A renderer of rows with these kept fields, in this order (those of
    /// [`SinkOptions::keep`]).
    pub fn new(keep: Vec<Arc<str>>) -> Renderer {
        Renderer {
            keep,
            context: None,
        }
    }

    /// This renderer, with the `context` of each mention when `n` is set
    /// (that of [`SinkOptions::context`]; the [`Tables`] must have been made
    /// with the same).
    ///
    /// ```
    /// use arrow_array::cast::AsArray;
    /// use gazet::sink::{arrow::{Renderer, Tables}, Record, Render, SinkOptions};
    /// let ex = gazet::Extractor::new()?;
    /// let options = SinkOptions::default().with_context(Some(10));
    /// let renderer = Renderer::new(Vec::new()).with_context(options.context);
    /// let mut tables = Tables::new(&options)?;
    /// let doc = gazet::Document::text("a1", "Talks held in Baghdad on Sunday");
    /// tables.append(&renderer.render(&Record { document: &doc, result: &ex.extract(&doc), gazetteer: ex.gazetteer() }));
    /// let [mentions, _, _] = tables.batches()?;
    /// let context = mentions.column_by_name("context").ok_or("no context")?.as_string::<i32>();
    /// assert_eq!(context.value(0), "held in Baghdad on Sunday");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_context(mut self, n: Option<usize>) -> Renderer {
        self.context = n;
        self
    }
}

impl Render for Renderer {
    type Output = Rendered;

    fn render(&self, r: &Record<'_>) -> Rendered {
        let (doc, result, g) = (r.document, r.result, r.gazetteer);
        let mut out = Rendered {
            field_bytes: result.field_bytes as u64,
            status: result.status.as_str(),
            ..Rendered::default()
        };
        out.id = out.push(&doc.id);
        out.source = out.push(&doc.source.to_string());
        let reason = result.reason_text();
        out.reason = out.push_some(Some(&reason));
        for name in &self.keep {
            let value = doc.keep.iter().find(|(k, _)| k == name).map(|(_, v)| v);
            let span = match value {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(out.push(s)),
                Some(v) => {
                    let start = out.text.len();
                    let _ = write!(out.text, "{v}");
                    Some(Span {
                        start,
                        end: out.text.len(),
                    })
                }
            };
            out.kept.push(span);
        }
        let fields: Vec<Span> = doc.fields.iter().map(|f| out.push(&f.name)).collect();
        for m in &result.mentions {
            let e = m.entity(g);
            let text = doc.fields.get(m.field).map_or("", |f| &f.text);
            let ambiguous = (!m.ambiguous.is_empty()).then(|| {
                let first = out.ambiguous.len();
                for &i in &m.ambiguous {
                    let id = g.entities().get(i as usize).map_or("", |e| &e.id);
                    let span = out.push(id);
                    out.ambiguous.push(span);
                }
                (first, out.ambiguous.len())
            });
            let rule = (!m.rules.is_empty()).then(|| m.rules.to_string());
            let row = MentionRow {
                field: fields.get(m.field).copied().unwrap_or_default(),
                entity_id: out.push(&e.id),
                kind: out.push(e.kind.as_str()),
                canonical: out.push(&e.canonical),
                surface: out.push(text.get(m.start..m.end).unwrap_or_default()),
                start: m.start as u64,
                end: m.end as u64,
                char_start: m.char_start as u64,
                char_end: m.char_end as u64,
                sentence: m.sentence as u64,
                dateline: m.dateline,
                matched: m.kind.as_str(),
                rule: out.push_some(rule.as_deref()),
                score: m.score,
                alias: out.push(&m.alias(g).text),
                wikidata: out.push_some(e.wikidata.as_deref()),
                country: out.push_some(e.country.as_deref()),
                ambiguous,
                context: SinkOptions::context_of(self.context, r, m).map(|c| out.push(&c)),
            };
            out.mentions.push(row);
        }
        if result.status == Status::Rejected {
            let file = out.push(&doc.source.file);
            out.reject = Some((file, doc.source.line, doc.source.offset));
        }
        out
    }
}

/// One column being built.
enum Column {
    Text(StringBuilder),
    Int(Int64Builder),
    Score(Float32Builder),
    Bool(BooleanBuilder),
    Ids(ListBuilder<StringBuilder>),
}

impl Column {
    fn new(kind: Kind) -> Column {
        match kind {
            Kind::Text | Kind::MaybeText => Column::Text(StringBuilder::new()),
            Kind::Int | Kind::MaybeInt => Column::Int(Int64Builder::new()),
            Kind::Score => Column::Score(Float32Builder::new()),
            Kind::Bool => Column::Bool(BooleanBuilder::new()),
            Kind::Ids => Column::Ids(ListBuilder::new(StringBuilder::new())),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Text(b) => Arc::new(b.finish()),
            Column::Int(b) => Arc::new(b.finish()),
            Column::Score(b) => Arc::new(b.finish()),
            Column::Bool(b) => Arc::new(b.finish()),
            Column::Ids(b) => Arc::new(b.finish()),
        }
    }
}

/// The rows of a dataset not yet handed to the writer.
struct Table {
    schema: SchemaRef,
    columns: Vec<Column>,
    rows: usize,
}

impl Table {
    fn new(schema: SchemaRef, kinds: &[Kind]) -> Table {
        let kept = schema.fields().len().saturating_sub(kinds.len());
        let columns = kinds
            .iter()
            .copied()
            .chain(std::iter::repeat_n(Kind::MaybeText, kept))
            .map(Column::new)
            .collect();
        Table {
            schema,
            columns,
            rows: 0,
        }
    }

    /// Appends one row, a cell at a time, in column order.
    fn row(&mut self) -> Cells<'_> {
        self.rows += 1;
        Cells {
            columns: self.columns.iter_mut(),
        }
    }

    /// The rows as a record batch; the table is empty after.
    fn batch(&mut self) -> Result<RecordBatch, arrow_schema::ArrowError> {
        self.rows = 0;
        let columns = self.columns.iter_mut().map(Column::finish).collect();
        RecordBatch::try_new(self.schema.clone(), columns)
    }
}

/// The cells of one row, appended in column order. A cell of the wrong type
/// for its column (a bug) leaves that column a row short, which the batch
/// refuses: an error, not a wrong table.
struct Cells<'a> {
    columns: std::slice::IterMut<'a, Column>,
}

impl Cells<'_> {
    fn text(&mut self, v: Option<&str>) {
        if let Some(Column::Text(b)) = self.columns.next() {
            b.append_option(v);
        }
    }

    fn int(&mut self, v: Option<u64>) {
        if let Some(Column::Int(b)) = self.columns.next() {
            b.append_option(v.map(|v| i64::try_from(v).unwrap_or(i64::MAX)));
        }
    }

    fn score(&mut self, v: f32) {
        if let Some(Column::Score(b)) = self.columns.next() {
            b.append_value(v);
        }
    }

    fn boolean(&mut self, v: bool) {
        if let Some(Column::Bool(b)) = self.columns.next() {
            b.append_value(v);
        }
    }

    fn ids<'s>(&mut self, ids: Option<impl Iterator<Item = &'s str>>) {
        if let Some(Column::Ids(b)) = self.columns.next() {
            match ids {
                Some(ids) => {
                    for id in ids {
                        b.values().append_value(id);
                    }
                    b.append(true);
                }
                None => b.append_null(),
            }
        }
    }
}

/// One of the three tables, in the order of [`Tables::batches`] and
/// [`DATASETS`](super::parquet::DATASETS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    /// One row per mention.
    Mentions = 0,
    /// One row per document.
    Documents = 1,
    /// One row per rejected document.
    Rejects = 2,
}

impl TableKind {
    /// The three, in order.
    pub const ALL: [TableKind; 3] = [
        TableKind::Mentions,
        TableKind::Documents,
        TableKind::Rejects,
    ];
}

/// The rows of the three tables not yet taken out, in builders.
pub struct Tables {
    /// Mentions, documents, rejects.
    tables: [Table; 3],
    /// The kept fields: the last columns of the mentions and documents.
    keep: Vec<Arc<str>>,
    /// Has the mentions table a `context` column?
    context: bool,
}

impl Tables {
    /// Empty tables with the columns of [`schemas`]`(options)`; fails as
    /// it does.
    pub fn new(options: &SinkOptions) -> Result<Tables, Error> {
        let [m, d, r] = schemas(options)?;
        Ok(Tables {
            tables: [
                Table::new(m, &mention_kinds(options)),
                Table::new(d, &DOCUMENT_KINDS),
                Table::new(r, &REJECT_KINDS),
            ],
            keep: options.keep.clone(),
            context: options.context.is_some(),
        })
    }

    /// The schemas of the three tables.
    pub fn schemas(&self) -> [SchemaRef; 3] {
        self.tables.each_ref().map(|t| t.schema.clone())
    }

    /// The rows of each table not yet taken out.
    pub fn rows(&self) -> [usize; 3] {
        self.tables.each_ref().map(|t| t.rows)
    }

    /// The rows of one table as a record batch; that table is empty after.
    /// An error is a bug: a cell appended to the wrong column.
    pub fn batch(&mut self, table: TableKind) -> Result<RecordBatch, ArrowError> {
        self.tables[table as usize].batch()
    }

    /// The rows of the three tables as record batches (mentions, documents,
    /// rejects); the tables are empty after.
    pub fn batches(&mut self) -> Result<[RecordBatch; 3], ArrowError> {
        Ok([
            self.batch(TableKind::Mentions)?,
            self.batch(TableKind::Documents)?,
            self.batch(TableKind::Rejects)?,
        ])
    }

    /// Appends one document's rows to the three tables.
    pub fn append(&mut self, doc: &Rendered) {
        let [mentions, documents, rejects] = &mut self.tables;
        let id = doc.get(doc.id);
        for m in &doc.mentions {
            let mut c = mentions.row();
            c.text(Some(id));
            c.text(Some(doc.get(m.field)));
            c.text(Some(doc.get(m.entity_id)));
            c.text(Some(doc.get(m.kind)));
            c.text(Some(doc.get(m.canonical)));
            c.text(Some(doc.get(m.surface)));
            c.int(Some(m.start));
            c.int(Some(m.end));
            c.int(Some(m.char_start));
            c.int(Some(m.char_end));
            c.int(Some(m.sentence));
            c.boolean(m.dateline);
            c.text(Some(m.matched));
            c.text(doc.get_some(m.rule));
            c.score(m.score);
            c.text(Some(doc.get(m.alias)));
            c.text(doc.get_some(m.wikidata));
            c.text(doc.get_some(m.country));
            c.ids(m.ambiguous.map(|(a, b)| {
                doc.ambiguous
                    .get(a..b)
                    .unwrap_or_default()
                    .iter()
                    .map(|s| doc.get(*s))
            }));
            if self.context {
                // Rows rendered without it leave a null, which the column
                // refuses: an error, not a wrong table.
                c.text(doc.get_some(m.context));
            }
            for k in 0..self.keep.len() {
                c.text(doc.get_some(doc.kept.get(k).copied().flatten()));
            }
        }
        let mut c = documents.row();
        c.text(Some(id));
        c.text(Some(doc.get(doc.source)));
        c.int(Some(doc.field_bytes));
        c.int(Some(doc.mentions.len() as u64));
        c.text(Some(doc.status));
        c.text(doc.get_some(doc.reason));
        for k in 0..self.keep.len() {
            c.text(doc.get_some(doc.kept.get(k).copied().flatten()));
        }
        if let Some((file, line, offset)) = doc.reject {
            let mut c = rejects.row();
            c.text(Some(doc.get(file)));
            c.int(line);
            c.int(offset);
            c.text(Some(id));
            c.text(doc.get_some(doc.reason));
        }
    }
}

/// The columns of [`nest`]'s batches before the kept fields...
pub const NESTED_KEYS: &[&str] = &["doc_id"];
/// ... and after them: the document's status, reasons, bytes of text, and
/// its mentions, a list of structs whose fields are the columns of
/// [`MENTION_COLUMNS`] but `doc_id`.
pub const NESTED_COLUMNS: &[&str] = &["status", "reason", "field_bytes", "mentions"];

/// One row per document, its mentions nested: the Arrow-out table of the
/// front ends that are handed batches (Spark's `mapInArrow` wants as many
/// rows out as documents in, each accounted for).
///
/// `documents` and `mentions` are the batches [`Tables`] made of the same
/// documents (their kept columns, if any, are left out of the nested
/// mentions); `kept` are the kept fields' arrays, one
/// row per document, passed through as they are, named by
/// [`SinkOptions::kept_column`] against the other columns. The columns are
/// [`NESTED_KEYS`], the kept fields, then [`NESTED_COLUMNS`].
///
/// ```
/// use arrow_array::{cast::AsArray, ArrayRef, Int64Array};
/// use gazet::sink::{arrow::{nest, Renderer, Tables}, Record, Render, SinkOptions};
/// use std::sync::Arc;
/// let ex = gazet::Extractor::new()?;
/// let (renderer, mut tables) = (Renderer::new(Vec::new()), Tables::new(&SinkOptions::default())?);
/// for (id, text) in [("a1", "Esmail Qaani in Baghdad"), ("a2", "nothing"), ("a3", "Basra")] {
///     let doc = gazet::Document::text(id, text);
///     tables.append(&renderer.render(&Record { document: &doc, result: &ex.extract(&doc), gazetteer: ex.gazetteer() }));
/// }
/// let [mentions, documents, _] = tables.batches()?;
/// let year: ArrayRef = Arc::new(Int64Array::from(vec![2024, 2025, 2026]));
/// let out = nest(&documents, &mentions, vec![("year".into(), year)])?;
/// let schema = out.schema();
/// let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
/// assert_eq!(names, ["doc_id", "year", "status", "reason", "field_bytes", "mentions"]);
/// let lists = out.column(5).as_list::<i32>();
/// assert_eq!((lists.value_length(0), lists.value_length(1), lists.value_length(2)), (2, 0, 1));
/// let entity = lists.value(2).as_struct().column_by_name("entity_id").ok_or("no entity_id")?.as_string::<i32>().value(0).to_string();
/// assert_eq!(entity, "basra");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn nest(
    documents: &RecordBatch,
    mentions: &RecordBatch,
    kept: Vec<(String, ArrayRef)>,
) -> Result<RecordBatch, ArrowError> {
    let doc_column = |name: &str| {
        documents.column_by_name(name).cloned().ok_or_else(|| {
            ArrowError::SchemaError(format!("the documents batch has no column {name}"))
        })
    };
    let counts = doc_column("mentions")?;
    let counts = counts
        .as_primitive_opt::<Int64Type>()
        .ok_or_else(|| ArrowError::SchemaError("mentions is not an Int64 column".into()))?;
    let lengths = counts
        .values()
        .iter()
        .map(|&n| usize::try_from(n).unwrap_or(0));
    let offsets = OffsetBuffer::<i32>::from_lengths(lengths);
    // The mention columns but doc_id (with `context`, if there); kept
    // fields after them stay out (they are the document's, given once in
    // `kept`): the mentions table has as many as the documents table.
    let schema = mentions.schema();
    let kept_columns = documents
        .num_columns()
        .saturating_sub(DOCUMENT_COLUMNS.len());
    let own = schema.fields().len().saturating_sub(kept_columns).max(1);
    let fields: Vec<FieldRef> = schema.fields()[1..own].to_vec();
    let values = StructArray::try_new(fields.into(), mentions.columns()[1..own].to_vec(), None)?;
    let item = Arc::new(Field::new_list_field(values.data_type().clone(), false));
    let lists = ListArray::try_new(item, offsets, Arc::new(values), None)?;

    let own: Vec<&str> = NESTED_KEYS.iter().chain(NESTED_COLUMNS).copied().collect();
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for &name in NESTED_KEYS {
        let c = doc_column(name)?;
        fields.push(Field::new(name, c.data_type().clone(), false));
        columns.push(c);
    }
    for (name, array) in kept {
        let name = SinkOptions::kept_column(&name, &own);
        fields.push(Field::new(name, array.data_type().clone(), true));
        columns.push(array);
    }
    for &name in NESTED_COLUMNS {
        let c = if name == "mentions" {
            Arc::new(lists.clone()) as ArrayRef
        } else {
            doc_column(name)?
        };
        fields.push(Field::new(name, c.data_type().clone(), name == "reason"));
        columns.push(c);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

/// Test fixtures of the typed tables, shared with the Parquet sink's tests.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::document::{DocumentResult, Provenance, Reason};
    use crate::{Document, Extractor, Field as TextField};

    /// An extractor of two places, one of whose names two entities share.
    pub(crate) fn extractor() -> Extractor {
        Extractor::builder()
            .gazetteer_source(
                "t.csv",
                "id,type,canonical,aliases,wikidata,country\n\
                 baghdad,place,Baghdad,,Q1530,IQ\n\
                 tripoli-ly,place,Tripoli,,,\n\
                 tripoli-lb,place,Tripoli,,,\n",
            )
            .build()
            .unwrap()
    }

    /// A document as a run would read it: two fields, kept values of three
    /// JSON types.
    pub(crate) fn document(id: &str, text: &str) -> Document {
        let mut doc = Document::new(
            id,
            vec![
                TextField::new("title", "Baghdad"),
                TextField::new("text", text),
            ],
        );
        doc.keep = vec![
            (Arc::from("date"), Value::from("2024-03-01")),
            (Arc::from("n"), Value::from(42)),
            (Arc::from("source"), Value::Null),
        ];
        doc.source = Provenance {
            file: Arc::from("in.jsonl"),
            line: Some(3),
            offset: Some(120),
        };
        doc
    }

    #[test]
    fn a_record_renders_to_owned_rows() {
        let ex = extractor();
        let doc = document("a", "Tripoli");
        let result = ex.extract(&doc);
        let r = Renderer::new(vec!["date".into(), "n".into(), "source".into()]).render(&Record {
            document: &doc,
            result: &result,
            gazetteer: ex.gazetteer(),
        });
        assert_eq!(r.get(r.id), "a");
        assert_eq!(r.mentions.len(), 2);
        assert_eq!(r.get(r.mentions[1].surface), "Tripoli");
        assert_eq!(r.mentions[1].ambiguous, Some((0, 2)));
        assert_eq!(r.get_some(r.kept[1]), Some("42"));
        assert_eq!(r.kept[2], None);
        assert!(r.reject.is_none());
        let rejected = DocumentResult::rejected(vec![Reason::EmptyFile]);
        let r = Renderer::new(Vec::new()).render(&Record {
            document: &doc,
            result: &rejected,
            gazetteer: ex.gazetteer(),
        });
        assert_eq!(r.get_some(r.reason), Some("empty file"));
        assert!(r
            .reject
            .is_some_and(|(f, l, o)| r.get(f) == "in.jsonl" && l == Some(3) && o == Some(120)));
    }
}
