//! Parquet (`.parquet`): one document per row.
//!
//! Dumps kept in a data lake (Spark, pyarrow, DuckDB) are Parquet, and a
//! directory of part files is walked like any directory. Columns are found
//! by name: the id field, the text fields and the kept fields; a dotted name
//! (`article.body`) reaches a field of a struct column when no column has
//! that very name. Only those columns are decoded, a row group at a time and
//! a record batch of [`BATCH_ROWS`] rows at a time, so a file is never held
//! in memory whole.
//!
//! Each row is one document, read as a JSONL line is:
//!
//! * the id is a string or integer column (floats are read as numbers are
//!   in JSONL); when the column is absent the 1-based row number is the id,
//!   and when it is null, empty or of another type the row number too, with
//!   the document flagged ([`Reason::UnusableId`]);
//! * each text field is a string column (`Utf8`, large or view, or a
//!   dictionary of strings; a `Binary` column, as older writers store
//!   strings, is read as UTF-8 with invalid bytes replaced and flagged); a
//!   null is [`Reason::NullField`], a column of another type
//!   [`Reason::NotAString`], and a document none of whose text columns
//!   exist is [`Reason::NoTextField`];
//! * kept fields become JSON values with their types: integers, floats,
//!   booleans and strings as they are; dates, times and timestamps as
//!   ISO-8601 strings (`2024-03-01`, `2024-03-01T12:30:00`, with a `Z`
//!   when the column has a time zone, since the value is then an instant
//!   in UTC); decimals as strings (exact); lists as arrays, structs and maps
//!   as objects; binary as text. A column absent from the file is null.
//!
//! [`Provenance::line`] is the 1-based row number in the file; there is no
//! byte offset. A file that cannot be opened, or whose footer cannot be
//! decoded (not Parquet, cut short), is one rejected document with the
//! decoder's message. A row group that fails to decode makes the rest of
//! the file one rejected document ([`Reason::RestUnreadable`], with the row
//! where reading stopped and the byte where that row group starts); the rows
//! before it are kept. The decoder is run under `catch_unwind`, so that a
//! file crafted to make it panic is rejected like any other bad file.
//!
//! Reading resumes from any row: [`Position::line`] is the number of rows
//! read, and a resumed run skips the row groups before it by the row counts
//! of the footer, then decodes the rows before it in its row group and drops
//! them (the decoder's own skipping trusts the pages' row counts, which a
//! damaged file may get wrong), so it reads what the first run read. A row
//! group gives the rows its footer counts and no more, whatever its pages
//! hold.
//! [`Position::offset`] only estimates, for the progress bar, the bytes read
//! (the file's size in proportion to the rows read).

use super::{decode, Documents, Format, InputFile, Location, Position, ReadOptions};
use crate::document::{Document, Field, Provenance, Reason, Utf8Scope};
use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::ProjectionMask;
use serde_json::{Map, Number, Value};
use std::fs::File;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// Rows decoded at a time.
///
/// ```
/// use arrow_array::{ArrayRef, RecordBatch, StringArray};
/// use gazet::source::{discover, parquet::BATCH_ROWS, ReadOptions, Reader};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-batch-rows-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let batch = RecordBatch::try_from_iter([("text", std::sync::Arc::new(StringArray::from(vec!["Basra"; BATCH_ROWS + 1])) as ArrayRef)])?;
/// let mut w = parquet::arrow::ArrowWriter::try_new(std::fs::File::create(dir.join("a.parquet"))?, batch.schema(), None)?;
/// w.write(&batch)?;
/// w.close()?;
/// let (files, _) = discover(&[&dir])?;
/// assert_eq!(Reader::new(files, ReadOptions::default()).count(), BATCH_ROWS + 1);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const BATCH_ROWS: usize = 512;

/// Nesting of lists and structs followed into a kept field's value.
const MAX_DEPTH: usize = 64;

/// The Parquet format.
///
/// ```
/// use arrow_array::{ArrayRef, RecordBatch, StringArray};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-parquet-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let batch = RecordBatch::try_from_iter([("text", std::sync::Arc::new(StringArray::from(vec![Some("Basra"), None])) as ArrayRef)])?;
/// let mut w = parquet::arrow::ArrowWriter::try_new(std::fs::File::create(dir.join("a.parquet"))?, batch.schema(), None)?;
/// w.write(&batch)?;
/// w.close()?;
/// let (files, _) = gazet::source::discover(&[&dir])?;
/// let docs: Vec<_> = gazet::source::Reader::new(files, Default::default()).map(|(d, _)| d).collect();
/// assert_eq!((docs[0].id.as_str(), docs[0].fields[0].text.as_str()), ("1", "Basra"));
/// assert_eq!((docs[1].source.line, docs[1].unreadable[0].code()), (Some(2), "null-field"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Parquet;

impl Format for Parquet {
    fn name(&self) -> &'static str {
        "parquet"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &[".parquet"]
    }

    fn open(
        &self,
        file: &InputFile,
        index: usize,
        options: &ReadOptions,
        at: Position,
    ) -> Documents {
        Box::new(Rows::open(
            Arc::from(file.display.as_str()),
            &file.location,
            index,
            options,
            at,
        ))
    }

    fn check_resume(&self, file: &InputFile, at: Position) -> io::Result<()> {
        if at.line == 0 {
            return Ok(());
        }
        let (_, meta) = load(&file.location)?;
        let rows = total_rows(&meta);
        if rows < at.line {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "it has {rows} rows, fewer than the {} already read: the file changed since it was read",
                    at.line
                ),
            ));
        }
        Ok(())
    }

    fn fields(&self, file: &InputFile) -> Option<Vec<String>> {
        let (_, meta) = load(&file.location).ok()?;
        Some(
            meta.schema()
                .fields()
                .iter()
                .map(|f| f.name().to_string())
                .collect(),
        )
    }
}

/// Opens a file and decodes its footer; a decoder panic is an error.
fn load(location: &Location) -> io::Result<(File, ArrowReaderMetadata)> {
    let Location::Path(path) = location else {
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "Parquet cannot be read from standard input",
        ));
    };
    let file = File::open(path)?;
    let meta = catch_unwind(AssertUnwindSafe(|| {
        ArrowReaderMetadata::load(&file, Default::default())
    }))
    .unwrap_or_else(|_| {
        Err(parquet::errors::ParquetError::General(
            "the Parquet decoder failed on this file".into(),
        ))
    })
    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    Ok((file, meta))
}

fn total_rows(meta: &ArrowReaderMetadata) -> u64 {
    meta.metadata()
        .row_groups()
        .iter()
        .map(|g| u64::try_from(g.num_rows()).unwrap_or(0))
        .sum()
}

/// The columns a document is made of, by name.
struct Names {
    display: Arc<str>,
    options: ReadOptions,
    texts: Vec<Arc<str>>,
    keep: Vec<Arc<str>>,
}

impl Names {
    fn new(display: Arc<str>, options: &ReadOptions) -> Names {
        let names = |fields: &[String]| fields.iter().map(|f| Arc::from(f.as_str())).collect();
        Names {
            display,
            options: options.clone(),
            texts: names(&options.text_fields),
            keep: names(&options.keep_fields),
        }
    }
}

/// The rows of record batches in memory read as documents, by the rules a
/// Parquet file's rows are read by (see the [module](self) documentation):
/// the Arrow-in entry point of the front ends that are handed batches
/// rather than files (the Python package, and Spark through it), so that
/// they read ids, texts and kept fields as the command line does.
///
/// ```
/// use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
/// use gazet::source::{parquet::BatchDocuments, ReadOptions};
/// use std::sync::Arc;
/// let batch = RecordBatch::try_from_iter([
///     ("id", Arc::new(Int64Array::from(vec![7, 8])) as ArrayRef),
///     ("text", Arc::new(StringArray::from(vec![Some("From Basra"), None])) as ArrayRef),
/// ])?;
/// let reader = BatchDocuments::new("batch", &ReadOptions::default());
/// assert!(reader.has_text(&batch));
/// let docs = reader.documents(&batch, 100);
/// assert_eq!((docs[0].id.as_str(), docs[0].source.line), ("7", Some(101)));
/// assert_eq!(docs[1].unreadable[0].code(), "null-field");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct BatchDocuments {
    names: Names,
}

impl BatchDocuments {
    /// A reader of batches by `options` (id, text and kept fields; the
    /// input format is ignored), shown as `display` in the documents'
    /// provenance.
    pub fn new(display: &str, options: &ReadOptions) -> BatchDocuments {
        BatchDocuments {
            names: Names::new(Arc::from(display), options),
        }
    }

    /// Does `batch` have one of the text fields, as a column or a field of
    /// a struct column? Without one, every row is rejected.
    pub fn has_text(&self, batch: &RecordBatch) -> bool {
        self.names.texts.iter().any(|t| column(batch, t).is_some())
    }

    /// The documents of the rows of `batch`, in order; `rows_before` rows
    /// came before it, so its first row is row `rows_before + 1` (the id
    /// when the batch has no id column, and [`Provenance::line`]).
    pub fn documents(&self, batch: &RecordBatch, rows_before: u64) -> Vec<Document> {
        let b = Batch::new(batch, &self.names);
        (0..b.rows)
            .map(|i| document(&self.names, &b, i, rows_before + i as u64 + 1))
            .collect()
    }

    /// The arrays of the kept fields, in order, as they are in `batch`
    /// (`None` for a field it lacks): what a front end passes through.
    pub fn kept(&self, batch: &RecordBatch) -> Vec<Option<ArrayRef>> {
        self.names
            .keep
            .iter()
            .map(|k| column(batch, k).map(|c| c.array))
            .collect()
    }
}

/// A column found in a batch: the array, and the struct columns it is a
/// field of (a row where one of them is null is null).
struct Col {
    array: ArrayRef,
    parents: Vec<ArrayRef>,
}

impl Col {
    fn is_null(&self, i: usize) -> bool {
        self.parents.iter().any(|p| p.is_null(i))
    }
}

/// A decoded batch and its columns.
struct Batch {
    rows: usize,
    id: Option<Col>,
    texts: Vec<Option<Col>>,
    keep: Vec<Option<Col>>,
}

/// The column of this name: a top-level column so named, or the field of a
/// struct column reached by a dotted name (`a.b.c`).
fn find(
    names: &[&str],
    arrays: &[ArrayRef],
    path: &str,
    parents: &mut Vec<ArrayRef>,
) -> Option<ArrayRef> {
    if let Some(i) = names.iter().position(|n| *n == path) {
        return arrays.get(i).cloned();
    }
    for (dot, _) in path.match_indices('.') {
        let (head, rest) = (&path[..dot], &path[dot + 1..]);
        let Some(i) = names.iter().position(|n| *n == head) else {
            continue;
        };
        let Some(s) = arrays.get(i).and_then(|a| a.as_struct_opt()) else {
            continue;
        };
        let inner: Vec<&str> = s.column_names();
        parents.push(arrays[i].clone());
        if let Some(found) = find(&inner, s.columns(), rest, parents) {
            return Some(found);
        }
        parents.pop();
    }
    None
}

fn column(batch: &RecordBatch, path: &str) -> Option<Col> {
    let schema = batch.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let mut parents = Vec::new();
    find(&names, batch.columns(), path, &mut parents).map(|array| Col { array, parents })
}

/// Is the top-level column `name` needed to read `path`?
fn needed(name: &str, path: &str) -> bool {
    path == name
        || path
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with('.'))
}

impl Batch {
    fn new(batch: &RecordBatch, names: &Names) -> Batch {
        Batch {
            rows: batch.num_rows(),
            id: column(batch, &names.options.id_field),
            texts: names.texts.iter().map(|t| column(batch, t)).collect(),
            keep: names.keep.iter().map(|k| column(batch, k)).collect(),
        }
    }
}

/// One value, as the id and text fields see it.
enum Scalar<'a> {
    Null,
    Str(&'a str),
    Bytes(&'a [u8]),
    Int(i64),
    UInt(u64),
    Float(f64),
    /// A value of another type: what it is (`a boolean`).
    Other(&'static str),
}

macro_rules! prim {
    ($a:expr, $i:expr, $t:ty) => {
        $a.as_primitive_opt::<$t>().map(|p| p.value($i))
    };
}

/// Row `i` of an array as a [`Scalar`].
fn scalar(a: &dyn Array, i: usize) -> Scalar<'_> {
    if i >= a.len() || a.is_null(i) || a.data_type() == &DataType::Null {
        return Scalar::Null;
    }
    let other = |kind| Some(Scalar::Other(kind));
    let s = match a.data_type() {
        DataType::Utf8 => a.as_string_opt::<i32>().map(|s| Scalar::Str(s.value(i))),
        DataType::LargeUtf8 => a.as_string_opt::<i64>().map(|s| Scalar::Str(s.value(i))),
        DataType::Utf8View => a.as_string_view_opt().map(|s| Scalar::Str(s.value(i))),
        DataType::Binary => a.as_binary_opt::<i32>().map(|s| Scalar::Bytes(s.value(i))),
        DataType::LargeBinary => a.as_binary_opt::<i64>().map(|s| Scalar::Bytes(s.value(i))),
        DataType::BinaryView => a.as_binary_view_opt().map(|s| Scalar::Bytes(s.value(i))),
        DataType::FixedSizeBinary(_) => a
            .as_fixed_size_binary_opt()
            .map(|s| Scalar::Bytes(s.value(i))),
        DataType::Int8 => prim!(a, i, Int8Type).map(|v| Scalar::Int(v.into())),
        DataType::Int16 => prim!(a, i, Int16Type).map(|v| Scalar::Int(v.into())),
        DataType::Int32 => prim!(a, i, Int32Type).map(|v| Scalar::Int(v.into())),
        DataType::Int64 => prim!(a, i, Int64Type).map(Scalar::Int),
        DataType::UInt8 => prim!(a, i, UInt8Type).map(|v| Scalar::UInt(v.into())),
        DataType::UInt16 => prim!(a, i, UInt16Type).map(|v| Scalar::UInt(v.into())),
        DataType::UInt32 => prim!(a, i, UInt32Type).map(|v| Scalar::UInt(v.into())),
        DataType::UInt64 => prim!(a, i, UInt64Type).map(Scalar::UInt),
        DataType::Float16 => prim!(a, i, Float16Type).map(|v| Scalar::Float(v.to_f64())),
        DataType::Float32 => prim!(a, i, Float32Type).map(|v| Scalar::Float(widen(v))),
        DataType::Float64 => prim!(a, i, Float64Type).map(Scalar::Float),
        DataType::Boolean => other("a boolean"),
        DataType::Dictionary(_, _) => {
            let d = a.as_any_dictionary_opt();
            return match d.map(|d| (scalar(d.keys(), i), d.values())) {
                Some((Scalar::Int(k), values)) => {
                    scalar(values.as_ref(), k.try_into().unwrap_or(usize::MAX))
                }
                Some((Scalar::UInt(k), values)) => {
                    scalar(values.as_ref(), k.try_into().unwrap_or(usize::MAX))
                }
                _ => Scalar::Null,
            };
        }
        DataType::List(_)
        | DataType::LargeList(_)
        | DataType::FixedSizeList(_, _)
        | DataType::ListView(_)
        | DataType::LargeListView(_) => other("an array"),
        DataType::Struct(_) | DataType::Map(_, _) => other("an object"),
        DataType::Decimal32(_, _)
        | DataType::Decimal64(_, _)
        | DataType::Decimal128(_, _)
        | DataType::Decimal256(_, _)
        | DataType::Duration(_) => other("a number"),
        DataType::Date32
        | DataType::Date64
        | DataType::Time32(_)
        | DataType::Time64(_)
        | DataType::Timestamp(_, _) => other("a date or time"),
        _ => other("a value of another type"),
    };
    s.unwrap_or(Scalar::Other("a value of another type"))
}

/// An f32 as the f64 of its shortest decimal form (`0.1`, not
/// `0.10000000149011612`).
fn widen(v: f32) -> f64 {
    v.to_string().parse().unwrap_or(f64::from(v))
}

/// A float as JSON: a number, or its text when JSON has none (`NaN`).
fn float_value(v: f64) -> Value {
    Number::from_f64(v).map_or_else(|| Value::String(v.to_string()), Value::Number)
}

macro_rules! temporal {
    ($a:expr, $i:expr, $t:ty, $method:ident, $fmt:expr, $suffix:expr) => {
        $a.as_primitive_opt::<$t>().map(|p| match p.$method($i) {
            Some(v) => Value::String(format!("{}{}", v.format($fmt), $suffix)),
            None => Value::from(i64::from(p.value($i))),
        })
    };
}

/// Row `i` of an array as a JSON value (see the module documentation).
fn json(a: &dyn Array, i: usize, depth: usize) -> Value {
    if i >= a.len() || a.is_null(i) || a.data_type() == &DataType::Null {
        return Value::Null;
    }
    if depth > MAX_DEPTH {
        return Value::String("(nested too deeply)".into());
    }
    const DATE: &str = "%Y-%m-%d";
    const TIME: &str = "%H:%M:%S%.f";
    const STAMP: &str = "%Y-%m-%dT%H:%M:%S%.f";
    let v = match a.data_type() {
        DataType::Boolean => a.as_boolean_opt().map(|b| Value::Bool(b.value(i))),
        DataType::Date32 => temporal!(a, i, Date32Type, value_as_date, DATE, ""),
        DataType::Date64 => temporal!(a, i, Date64Type, value_as_date, DATE, ""),
        DataType::Time32(TimeUnit::Second) => {
            temporal!(a, i, Time32SecondType, value_as_time, TIME, "")
        }
        DataType::Time32(_) => temporal!(a, i, Time32MillisecondType, value_as_time, TIME, ""),
        DataType::Time64(TimeUnit::Microsecond) => {
            temporal!(a, i, Time64MicrosecondType, value_as_time, TIME, "")
        }
        DataType::Time64(_) => temporal!(a, i, Time64NanosecondType, value_as_time, TIME, ""),
        DataType::Timestamp(unit, tz) => {
            let z = if tz.is_some() { "Z" } else { "" };
            match unit {
                TimeUnit::Second => {
                    temporal!(a, i, TimestampSecondType, value_as_datetime, STAMP, z)
                }
                TimeUnit::Millisecond => {
                    temporal!(a, i, TimestampMillisecondType, value_as_datetime, STAMP, z)
                }
                TimeUnit::Microsecond => {
                    temporal!(a, i, TimestampMicrosecondType, value_as_datetime, STAMP, z)
                }
                TimeUnit::Nanosecond => {
                    temporal!(a, i, TimestampNanosecondType, value_as_datetime, STAMP, z)
                }
            }
        }
        DataType::Duration(unit) => match unit {
            TimeUnit::Second => prim!(a, i, DurationSecondType).map(Value::from),
            TimeUnit::Millisecond => prim!(a, i, DurationMillisecondType).map(Value::from),
            TimeUnit::Microsecond => prim!(a, i, DurationMicrosecondType).map(Value::from),
            TimeUnit::Nanosecond => prim!(a, i, DurationNanosecondType).map(Value::from),
        },
        DataType::Decimal32(_, _) => a
            .as_primitive_opt::<Decimal32Type>()
            .map(|d| Value::String(d.value_as_string(i))),
        DataType::Decimal64(_, _) => a
            .as_primitive_opt::<Decimal64Type>()
            .map(|d| Value::String(d.value_as_string(i))),
        DataType::Decimal128(_, _) => a
            .as_primitive_opt::<Decimal128Type>()
            .map(|d| Value::String(d.value_as_string(i))),
        DataType::Decimal256(_, _) => a
            .as_primitive_opt::<Decimal256Type>()
            .map(|d| Value::String(d.value_as_string(i))),
        DataType::List(_) => a.as_list_opt::<i32>().map(|l| list(&l.value(i), depth)),
        DataType::LargeList(_) => a.as_list_opt::<i64>().map(|l| list(&l.value(i), depth)),
        DataType::FixedSizeList(_, _) => {
            a.as_fixed_size_list_opt().map(|l| list(&l.value(i), depth))
        }
        DataType::Struct(_) => a.as_struct_opt().map(|s| {
            let mut object = Map::new();
            for (name, child) in s.column_names().into_iter().zip(s.columns()) {
                object.insert(name.to_string(), json(child.as_ref(), i, depth + 1));
            }
            Value::Object(object)
        }),
        DataType::Map(_, _) => a.as_map_opt().map(|m| {
            let entries = m.value(i);
            let (keys, values) = (entries.column(0), entries.column(1));
            let mut object = Map::new();
            for k in 0..entries.len() {
                let key = match json(keys.as_ref(), k, depth + 1) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                object.insert(key, json(values.as_ref(), k, depth + 1));
            }
            Value::Object(object)
        }),
        DataType::Dictionary(_, _) => {
            let d = a.as_any_dictionary_opt();
            return match d.map(|d| (scalar(d.keys(), i), d.values())) {
                Some((Scalar::Int(k), values)) => json(
                    values.as_ref(),
                    k.try_into().unwrap_or(usize::MAX),
                    depth + 1,
                ),
                Some((Scalar::UInt(k), values)) => json(
                    values.as_ref(),
                    k.try_into().unwrap_or(usize::MAX),
                    depth + 1,
                ),
                _ => Value::Null,
            };
        }
        _ => match scalar(a, i) {
            Scalar::Null => Some(Value::Null),
            Scalar::Str(s) => Some(Value::String(s.to_string())),
            Scalar::Bytes(b) => Some(Value::String(String::from_utf8_lossy(b).into_owned())),
            Scalar::Int(n) => Some(Value::from(n)),
            Scalar::UInt(n) => Some(Value::from(n)),
            Scalar::Float(f) => Some(float_value(f)),
            Scalar::Other(_) => None,
        },
    };
    v.unwrap_or_else(|| Value::String(format!("({} value not converted)", a.data_type())))
}

fn list(values: &ArrayRef, depth: usize) -> Value {
    Value::Array(
        (0..values.len())
            .map(|k| json(values.as_ref(), k, depth + 1))
            .collect(),
    )
}

/// The document of row `i` of a batch, row `row` of the file.
fn document(names: &Names, b: &Batch, i: usize, row: u64) -> Document {
    let mut flags = Vec::new();
    fn get(c: &Col, i: usize) -> Scalar<'_> {
        if c.is_null(i) {
            Scalar::Null
        } else {
            scalar(c.array.as_ref(), i)
        }
    }
    let unusable = |what: &'static str| Reason::UnusableId {
        field: names.options.id_field.clone(),
        what,
    };
    let id = match b.id.as_ref().map(|c| get(c, i)) {
        None => row.to_string(),
        Some(Scalar::Str(s)) if !s.is_empty() => s.to_string(),
        Some(Scalar::Bytes(s)) if !s.is_empty() => String::from_utf8_lossy(s).into_owned(),
        Some(Scalar::Int(n)) => n.to_string(),
        Some(Scalar::UInt(n)) => n.to_string(),
        Some(Scalar::Float(f)) => float_value(f).to_string(),
        Some(other) => {
            flags.push(unusable(match other {
                Scalar::Null => "null",
                Scalar::Other(kind) => kind,
                _ => "empty",
            }));
            row.to_string()
        }
    };
    let mut fields = Vec::with_capacity(names.texts.len());
    let (mut missing, mut wrong) = (Vec::new(), Vec::new());
    for (name, col) in names.texts.iter().zip(&b.texts) {
        let Some(col) = col else {
            missing.push(Reason::MissingField(name.to_string()));
            continue;
        };
        let text = match get(col, i) {
            Scalar::Str(s) => s.to_string(),
            Scalar::Bytes(bytes) => {
                let (text, bad) = decode(bytes.to_vec());
                if let Some(bad) = bad {
                    flags.push(bad.reason(Utf8Scope::Line));
                }
                text
            }
            Scalar::Null => {
                missing.push(Reason::NullField(name.to_string()));
                continue;
            }
            other => {
                wrong.push(Reason::NotAString {
                    field: name.to_string(),
                    kind: match other {
                        Scalar::Other(kind) => kind,
                        _ => "a number",
                    },
                });
                continue;
            }
        };
        fields.push(Field {
            name: name.clone(),
            text,
        });
    }
    let unreadable = if !fields.is_empty() {
        flags.extend(wrong);
        Vec::new()
    } else if wrong.is_empty() && missing.iter().all(|m| matches!(m, Reason::MissingField(_))) {
        vec![Reason::NoTextField(names.options.text_fields.clone())]
    } else {
        wrong.into_iter().chain(missing).collect()
    };
    let keep = names
        .keep
        .iter()
        .zip(&b.keep)
        .map(|(name, col)| {
            let value = match col {
                Some(c) if !c.is_null(i) => json(c.array.as_ref(), i, 0),
                _ => Value::Null,
            };
            (name.clone(), value)
        })
        .collect();
    Document {
        id,
        fields,
        keep,
        source: Provenance {
            file: names.display.clone(),
            line: Some(row),
            offset: None,
        },
        flags,
        unreadable,
    }
}

/// A file being read.
struct Reading {
    file: File,
    meta: ArrowReaderMetadata,
    mask: ProjectionMask,
    /// The next row group to open.
    group: usize,
    /// Rows still to drop, of the next rows decoded (resuming).
    skip: u64,
    /// Rows of the row group being read still to come, by its footer.
    left: u64,
    batches: Option<ParquetRecordBatchReader>,
    batch: Option<Batch>,
    /// The next row of `batch`.
    at: usize,
    total: u64,
    len: u64,
}

enum State {
    Reading(Box<Reading>),
    /// One rejected document left to give, then the end.
    Failed(Box<Document>),
    Done,
}

/// The documents of one Parquet file, with the position after each.
///
/// ```
/// use gazet::source::{parquet::Rows, Location, Position, ReadOptions};
/// let options = ReadOptions::default();
/// let docs: Vec<_> = Rows::open("-".into(), &Location::Stdin, 0, &options, Position::default()).collect();
/// assert_eq!(docs.len(), 1);
/// assert_eq!(docs[0].0.unreadable[0].code(), "file-unreadable");
/// assert!(docs[0].0.unreadable[0].to_string().contains("Parquet cannot be read from standard input"));
/// ```
pub struct Rows {
    names: Names,
    index: usize,
    /// Rows read so far: the row number of the last document.
    row: u64,
    state: State,
}

impl Rows {
    /// The documents of the file at `location`, shown as `display`, the file
    /// of index `index` in the run, read from `at`.
    ///
    /// ```
    /// use arrow_array::{ArrayRef, RecordBatch, StringArray};
    /// use gazet::source::{parquet::Rows, Location, Position, ReadOptions};
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-rows-open-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let batch = RecordBatch::try_from_iter([("text", std::sync::Arc::new(StringArray::from(vec!["Basra", "Erbil", "Tehran"])) as ArrayRef)])?;
    /// let mut w = parquet::arrow::ArrowWriter::try_new(std::fs::File::create(dir.join("a.parquet"))?, batch.schema(), None)?;
    /// w.write(&batch)?;
    /// w.close()?;
    /// let after_one_row = Position { file: 0, offset: 0, line: 1 };
    /// let rows = Rows::open("a".into(), &Location::Path(dir.join("a.parquet")), 0, &ReadOptions::default(), after_one_row);
    /// assert_eq!(rows.map(|(d, _)| d.id).collect::<Vec<_>>(), ["2", "3"]);
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(
        display: Arc<str>,
        location: &Location,
        index: usize,
        options: &ReadOptions,
        at: Position,
    ) -> Rows {
        let names = Names::new(display, options);
        let mut rows = Rows {
            names,
            index,
            row: at.line,
            state: State::Done,
        };
        rows.state = rows.start(location, at);
        rows
    }

    fn start(&self, location: &Location, at: Position) -> State {
        let source = Provenance {
            file: self.names.display.clone(),
            line: None,
            offset: None,
        };
        let fail = |why| State::Failed(Box::new(Document::unreadable_at(source.clone(), why)));
        let len = match location {
            Location::Path(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Location::Stdin => 0,
        };
        if len == 0 && matches!(location, Location::Path(p) if p.is_file()) {
            // An empty file holds no document (and is listed as skipped).
            return State::Done;
        }
        let (file, meta) = match load(location) {
            Ok(x) => x,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return fail(Reason::Malformed(format!("cannot read as Parquet: {e}")))
            }
            Err(e) => return fail(Reason::FileUnreadable(e.to_string())),
        };
        let total = total_rows(&meta);
        if at.line > total {
            return fail(Reason::FileUnreadable(format!(
                "cannot read on from row {}: the file has {total} rows; it changed since it was read",
                at.line + 1
            )));
        }
        // Skip the row groups read before.
        let (mut group, mut skip) = (0, at.line);
        for g in meta.metadata().row_groups() {
            let n = u64::try_from(g.num_rows()).unwrap_or(0);
            if skip < n {
                break;
            }
            skip -= n;
            group += 1;
        }
        let wanted = |name: &str| {
            needed(name, &self.names.options.id_field)
                || self.names.texts.iter().any(|t| needed(name, t))
                || self.names.keep.iter().any(|k| needed(name, k))
        };
        let roots: Vec<usize> = meta
            .schema()
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| wanted(f.name()))
            .map(|(i, _)| i)
            .collect();
        let mask = ProjectionMask::roots(meta.parquet_schema(), roots);
        State::Reading(Box::new(Reading {
            file,
            meta,
            mask,
            group,
            skip,
            left: 0,
            batches: None,
            batch: None,
            at: 0,
            total,
            len,
        }))
    }

    fn next_file(&self) -> Position {
        Position {
            file: self.index + 1,
            offset: 0,
            line: 0,
        }
    }

    /// The rest of the file as one rejected document, from the next row on.
    fn rest_unreadable(&mut self, offset: u64, error: String) -> Option<(Document, Position)> {
        self.state = State::Done;
        let line = self.row + 1;
        let source = Provenance {
            file: self.names.display.clone(),
            line: Some(line),
            offset: None,
        };
        let why = Reason::RestUnreadable {
            line,
            offset,
            error,
        };
        Some((Document::unreadable_at(source, why), self.next_file()))
    }

    fn step(&mut self) -> Option<(Document, Position)> {
        loop {
            let r = match &mut self.state {
                State::Done => return None,
                State::Failed(_) => {
                    let State::Failed(doc) = std::mem::replace(&mut self.state, State::Done) else {
                        return None;
                    };
                    return Some((*doc, self.next_file()));
                }
                State::Reading(r) => r,
            };
            if let Some(b) = &r.batch {
                if r.at < b.rows {
                    let i = r.at;
                    r.at += 1;
                    self.row += 1;
                    let doc = document(&self.names, b, i, self.row);
                    let offset = (u128::from(r.len) * u128::from(self.row)
                        / u128::from(r.total.max(1))) as u64;
                    let at = Position {
                        file: self.index,
                        offset: offset.min(r.len),
                        line: self.row,
                    };
                    return Some((doc, at));
                }
                r.batch = None;
            }
            // The byte where the row group being read starts, for messages.
            let start = r
                .group
                .checked_sub(1)
                .and_then(|g| r.meta.metadata().row_groups().get(g))
                .and_then(|g| g.columns().first())
                .map_or(0, |c| c.byte_range().0);
            if let Some(reader) = &mut r.batches {
                // A row group holds the rows its footer counts, whatever its
                // pages hold: a resumed run reads those rows, and nothing
                // after them (not a page that would not decode).
                let next = if r.left == 0 { None } else { reader.next() };
                match next {
                    Some(Ok(batch)) => {
                        let mut b = Batch::new(&batch, &self.names);
                        b.rows = b.rows.min(usize::try_from(r.left).unwrap_or(usize::MAX));
                        r.left -= b.rows as u64;
                        // Resuming: the rows read before are decoded again
                        // and dropped (see `step`'s opening of a row group).
                        let dropped = b.rows.min(usize::try_from(r.skip).unwrap_or(usize::MAX));
                        r.skip -= dropped as u64;
                        r.batch = Some(b);
                        r.at = dropped;
                        continue;
                    }
                    Some(Err(e)) => return self.rest_unreadable(start, e.to_string()),
                    None => r.batches = None,
                }
            }
            if r.group >= r.meta.metadata().num_row_groups() {
                self.state = State::Done;
                return None;
            }
            let file = match r.file.try_clone() {
                Ok(f) => f,
                Err(e) => return self.rest_unreadable(start, e.to_string()),
            };
            let builder = ParquetRecordBatchReaderBuilder::new_with_metadata(file, r.meta.clone())
                .with_row_groups(vec![r.group])
                .with_projection(r.mask.clone())
                .with_batch_size(BATCH_ROWS);
            // Resuming in this row group, the rows before are decoded and
            // dropped, not skipped by the decoder (`with_offset`): on a
            // damaged file, a page header that miscounts its rows, its
            // skipping and its reading disagree, and a resumed run would read
            // other values than the first run did.
            r.left = r
                .meta
                .metadata()
                .row_groups()
                .get(r.group)
                .map_or(0, |g| u64::try_from(g.num_rows()).unwrap_or(0));
            r.group += 1;
            match builder.build() {
                Ok(reader) => r.batches = Some(reader),
                Err(e) => {
                    let start = r
                        .meta
                        .metadata()
                        .row_groups()
                        .get(r.group - 1)
                        .and_then(|g| g.columns().first())
                        .map_or(0, |c| c.byte_range().0);
                    return self.rest_unreadable(start, e.to_string());
                }
            }
        }
    }
}

impl Iterator for Rows {
    type Item = (Document, Position);

    fn next(&mut self) -> Option<(Document, Position)> {
        match catch_unwind(AssertUnwindSafe(|| self.step())) {
            Ok(next) => next,
            Err(_) => {
                self.rest_unreadable(0, "the Parquet decoder failed on this row group".into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{discover, Reader};
    use arrow_array::builder::{ListBuilder, StringBuilder};
    use arrow_array::{
        BooleanArray, Date32Array, DictionaryArray, Float32Array, Int64Array, StringArray,
        StructArray, TimestampMillisecondArray,
    };
    use arrow_schema::Field as ArrowField;
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::WriterProperties;
    use std::path::{Path, PathBuf};

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "gazet-parquet-source-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Writes `batch` to `path` in row groups of `group` rows.
    fn write(path: &Path, batch: &RecordBatch, group: usize) {
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(group))
            .build();
        let mut w =
            ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
        w.write(batch).unwrap();
        w.close().unwrap();
    }

    /// Six rows of every kind of column the reader meets.
    fn sample() -> RecordBatch {
        let mut tags = ListBuilder::new(StringBuilder::new());
        for row in [&["a", "b"][..], &[], &["c"], &[], &[], &["d"]] {
            for t in row {
                tags.values().append_value(t);
            }
            tags.append(true);
        }
        let body = Arc::new(StringArray::from(vec![
            Some("body 1"),
            None,
            Some("body 3"),
            Some("body 4"),
            None,
            Some("body 6"),
        ]));
        let meta = StructArray::new(
            vec![ArrowField::new("body", DataType::Utf8, true)].into(),
            vec![body as ArrayRef],
            Some(vec![true, true, true, false, true, true].into()),
        );
        let columns: Vec<(&str, ArrayRef)> = vec![
            (
                "id",
                Arc::new(StringArray::from(vec![
                    Some("a"),
                    None,
                    Some(""),
                    Some("d"),
                    Some("e"),
                    Some("f"),
                ])),
            ),
            (
                "text",
                Arc::new(StringArray::from(vec![
                    Some("Baghdad"),
                    Some("Basra"),
                    None,
                    Some("Mosul"),
                    None,
                    Some("Erbil"),
                ])),
            ),
            ("meta", Arc::new(meta)),
            (
                "n",
                Arc::new(Int64Array::from(vec![
                    Some(1),
                    Some(2),
                    None,
                    Some(4),
                    Some(5),
                    Some(6),
                ])),
            ),
            (
                "date",
                Arc::new(Date32Array::from(vec![19783, 0, 1, 2, 3, 4])),
            ),
            (
                "ts",
                Arc::new(
                    TimestampMillisecondArray::from(vec![1_709_296_200_500, 0, 0, 0, 0, 0])
                        .with_timezone("+00:00"),
                ),
            ),
            ("tags", Arc::new(tags.finish())),
            (
                "flag",
                Arc::new(BooleanArray::from(vec![
                    true, false, true, false, true, false,
                ])),
            ),
            (
                "score",
                Arc::new(Float32Array::from(vec![0.1, 0.5, 1.0, 2.0, 3.0, f32::NAN])),
            ),
        ];
        RecordBatch::try_from_iter(columns).unwrap()
    }

    fn options(texts: &[&str], keep: &[&str]) -> ReadOptions {
        ReadOptions::new("id", texts.iter().map(|t| t.to_string()).collect())
            .keep(keep.iter().map(|k| k.to_string()).collect())
    }

    fn read(path: &Path, options: &ReadOptions) -> Vec<(Document, Position)> {
        let (files, _) = discover(&[path]).unwrap();
        Reader::new(files, options.clone()).collect()
    }

    fn reasons(rs: &[Reason]) -> Vec<String> {
        rs.iter().map(|r| r.to_string()).collect()
    }

    #[test]
    fn rows_are_documents_as_jsonl_lines_are() {
        let dir = tempdir("rows");
        let path = dir.join("x.parquet");
        write(&path, &sample(), 4);
        let keep = ["n", "date", "ts", "tags", "flag", "score", "meta", "absent"];
        let docs = read(&path, &options(&["text", "meta.body"], &keep));
        assert_eq!(docs.len(), 6);
        let ids: Vec<&str> = docs.iter().map(|(d, _)| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "2", "3", "d", "e", "f"]);
        let (d, at) = &docs[0];
        assert_eq!(d.fields.len(), 2);
        assert_eq!(
            (&*d.fields[1].name, d.fields[1].text.as_str()),
            ("meta.body", "body 1")
        );
        assert_eq!(d.source.to_string(), format!("{}:1", path.display()));
        assert_eq!(d.source.offset, None);
        assert_eq!(at.line, 1);
        let keep: Vec<Value> = d.keep.iter().map(|(_, v)| v.clone()).collect();
        assert_eq!(
            keep,
            [
                Value::from(1),
                Value::from("2024-03-01"),
                Value::from("2024-03-01T12:30:00.500Z"),
                serde_json::json!(["a", "b"]),
                Value::from(true),
                serde_json::json!(0.1),
                serde_json::json!({"body": "body 1"}),
                Value::Null,
            ]
        );
        assert_eq!(&*d.keep[7].0, "absent");
        assert_eq!(docs[5].0.keep[5].1, Value::from("NaN"));
        // A null id is the row number, flagged; so is an empty one.
        assert_eq!(
            reasons(&docs[1].0.flags),
            ["id field 'id' is null: the line number is used as id"]
        );
        assert!(reasons(&docs[2].0.flags)[0].contains("is empty"));
        assert_eq!(docs[2].0.fields[0].text, "body 3");
        // A null struct makes its fields null.
        assert_eq!(docs[3].0.fields.len(), 1);
        assert_eq!(docs[3].0.keep[6].1, Value::Null);
        // No text at all: rejected, with the id and kept fields read.
        assert_eq!(
            reasons(&docs[4].0.unreadable),
            ["field 'text' is null", "field 'meta.body' is null"]
        );
        assert_eq!(docs[4].0.keep[0].1, Value::from(5));
        assert_eq!(
            docs[5].1,
            Position {
                file: 0,
                offset: std::fs::metadata(&path).unwrap().len(),
                line: 6
            }
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn ids_and_texts_of_other_types() {
        let dir = tempdir("types");
        let path = dir.join("x.parquet");
        let dict: DictionaryArray<Int32Type> = vec![Some("Baghdad"), None, Some("Baghdad")]
            .into_iter()
            .collect();
        let batch = RecordBatch::try_from_iter(vec![
            ("id", Arc::new(Int64Array::from(vec![7, 8, 9])) as ArrayRef),
            (
                "text",
                Arc::new(Int64Array::from(vec![1, 2, 3])) as ArrayRef,
            ),
            ("title", Arc::new(dict) as ArrayRef),
        ])
        .unwrap();
        write(&path, &batch, 10);
        let docs = read(&path, &options(&["text"], &[]));
        assert_eq!(docs[0].0.id, "7");
        assert_eq!(
            reasons(&docs[0].0.unreadable),
            ["field 'text' is a number, not a string: not matched"]
        );
        let docs = read(&path, &options(&["title", "text"], &[]));
        assert_eq!(docs[0].0.fields[0].text, "Baghdad");
        assert_eq!(
            reasons(&docs[0].0.flags),
            ["field 'text' is a number, not a string: not matched"]
        );
        assert_eq!(reasons(&docs[1].0.unreadable)[1], "field 'title' is null");
        let docs = read(&path, &options(&["body"], &[]));
        assert_eq!(reasons(&docs[2].0.unreadable), ["no text field (body)"]);
        // No id column: the row number.
        let opts = ReadOptions::new("doc", vec!["title".into()]);
        let ids: Vec<String> = read(&path, &opts).into_iter().map(|(d, _)| d.id).collect();
        assert_eq!(ids, ["1", "2", "3"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn resume_after_any_row() {
        let dir = tempdir("resume");
        let (a, b) = (dir.join("a.parquet"), dir.join("b.parquet"));
        write(&a, &sample(), 2);
        write(&b, &sample(), 4);
        let (files, _) = discover(&[&a, &b]).unwrap();
        let opts = options(&["text"], &["n"]);
        let all: Vec<(Document, Position)> = Reader::new(files.clone(), opts.clone()).collect();
        assert_eq!(all.len(), 12);
        for (k, (_, next)) in all.iter().enumerate() {
            let rest: Vec<(Document, Position)> =
                Reader::resume(files.clone(), opts.clone(), *next).collect();
            assert_eq!(rest, all[k + 1..], "after document {k}");
            assert!(Parquet
                .check_resume(&files[next.file.min(1)], *next)
                .is_ok());
        }
        // A file with fewer rows than were read is refused.
        let at = Position {
            file: 0,
            offset: 0,
            line: 7,
        };
        assert!(Parquet.check_resume(&files[0], at).is_err());
        let rest: Vec<(Document, Position)> = Reader::resume(files, opts, at).collect();
        assert!(rest[0].0.unreadable[0]
            .to_string()
            .contains("the file has 6 rows"));
        assert_eq!(rest.len(), 7);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_is_not_parquet_is_one_rejected_document() {
        let dir = tempdir("bad");
        let real = dir.join("real.parquet");
        write(&real, &sample(), 2);
        let bytes = std::fs::read(&real).unwrap();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let random: Vec<u8> = (0..4096)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("random.parquet", random),
            ("truncated.parquet", bytes[..bytes.len() / 2].to_vec()),
            ("magic.parquet", b"PAR1PAR1".to_vec()),
            ("footer.parquet", {
                let mut b = bytes.clone();
                let n = b.len();
                b[n - 40..n - 8].fill(0xFF);
                b
            }),
        ];
        for (name, bytes) in cases {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            let docs = read(&path, &options(&["text"], &[]));
            assert_eq!(docs.len(), 1, "{name}");
            let d = &docs[0].0;
            assert!(d.is_unreadable(), "{name}");
            assert_eq!(
                d.unreadable[0].code(),
                "malformed",
                "{name}: {:?}",
                d.unreadable
            );
            assert!(d.unreadable[0]
                .to_string()
                .starts_with("cannot read as Parquet: "));
        }
        // An empty file holds no document.
        let empty = dir.join("empty.parquet");
        std::fs::write(&empty, b"").unwrap();
        assert!(read(&empty, &options(&["text"], &[])).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A damaged row group rejects the rest of the file; the rows before it
    /// are kept. Every byte of the data is damaged in turn, a few at a time:
    /// never a panic, and every row is either read or in the rest.
    #[test]
    fn a_damaged_row_group_rejects_the_rest_of_the_file() {
        let dir = tempdir("damaged");
        let real = dir.join("real.parquet");
        write(&real, &sample(), 2);
        let (_, meta) = load(&Location::Path(real.clone())).unwrap();
        let second = meta.metadata().row_group(1).columns()[0].byte_range().0 as usize;
        let bytes = std::fs::read(&real).unwrap();
        let mut bad = bytes.clone();
        bad[second..second + 8].fill(0xFF);
        let path = dir.join("bad.parquet");
        std::fs::write(&path, &bad).unwrap();
        let docs = read(&path, &options(&["text"], &[]));
        let ids: Vec<&str> = docs.iter().map(|(d, _)| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "2", ""]);
        let why = &docs[2].0.unreadable[0];
        assert_eq!(why.code(), "rest-unreadable");
        assert_eq!(docs[2].0.source.line, Some(3));
        assert!(
            why.to_string()
                .contains(&format!("from line 3 (byte {second})")),
            "{why}"
        );
        assert_eq!(docs[2].1.file, 1);

        let footer = bytes.len()
            - 8
            - u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap())
                as usize;
        for start in (4..footer).step_by(7) {
            let mut bad = bytes.clone();
            for b in &mut bad[start..(start + 3).min(footer)] {
                *b ^= 0x5A;
            }
            std::fs::write(&path, &bad).unwrap();
            let docs = read(&path, &options(&["text"], &["n", "tags"]));
            let rows = docs.iter().filter(|(d, _)| !d.id.is_empty()).count();
            assert!(rows <= 6, "byte {start}");
            if rows < 6 {
                let last = &docs.last().unwrap().0;
                assert!(last.is_unreadable(), "byte {start}: {docs:?}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_row_group_holds_the_rows_its_footer_counts() {
        // Found by the parquet_reader fuzz target: a column chunk with a page
        // after the rows of its row group (there, one that did not decode)
        // was read on past them from the start of the file, but not by a run
        // resumed in it, which reads the rows the footer counts. Here the
        // footer counts three rows of four.
        use parquet::file::metadata::{ParquetMetaDataReader, ParquetMetaDataWriter};
        let dir = tempdir("footer-rows");
        let path = dir.join("a.parquet");
        let texts = StringArray::from(vec!["Basra", "Erbil", "Mosul", "Kirkuk"]);
        let batch = RecordBatch::try_from_iter([("text", Arc::new(texts) as ArrayRef)]).unwrap();
        write(&path, &batch, 4);
        let bytes = std::fs::read(&path).unwrap();
        let meta = ParquetMetaDataReader::new()
            .parse_and_finish(&File::open(&path).unwrap())
            .unwrap();
        let group = meta
            .row_group(0)
            .clone()
            .into_builder()
            .set_num_rows(3)
            .build()
            .unwrap();
        let meta = meta.into_builder().set_row_groups(vec![group]).build();
        let footer =
            u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap());
        let mut cut = bytes[..bytes.len() - 8 - footer as usize].to_vec();
        ParquetMetaDataWriter::new(&mut cut, &meta)
            .finish()
            .unwrap();
        std::fs::write(&path, &cut).unwrap();

        let options = options(&["text"], &[]);
        let all = read(&path, &options);
        let texts: Vec<&str> = all.iter().map(|(d, _)| d.fields[0].text.as_str()).collect();
        assert_eq!(texts, ["Basra", "Erbil", "Mosul"]);
        let (files, _) = discover(&[&path]).unwrap();
        for (k, (_, at)) in all.iter().enumerate() {
            Parquet.check_resume(&files[0], *at).unwrap();
            let rest: Vec<_> = Reader::resume(files.clone(), options.clone(), *at).collect();
            assert_eq!(rest, all[k + 1..], "after row {}", k + 1);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    #[test]
    fn a_resumed_run_reads_the_rows_before_it_as_the_first_run_did() {
        // Found by the parquet_reader fuzz target: a page (format 2) whose
        // header counts more rows than it holds. Read from the start of the
        // file, the decoder reads its values; skipping rows, it trusted the
        // count, so a run resumed after it read the next rows' values one
        // row late. Here the first page of `n` says two rows, for one.
        let dir = tempdir("page-rows");
        let path = dir.join("a.parquet");
        let batch = RecordBatch::try_from_iter([
            (
                "text",
                Arc::new(StringArray::from(vec!["Basra", "Erbil", "Mosul", "Kirkuk"])) as ArrayRef,
            ),
            ("n", Arc::new(Int64Array::from(vec![1, 2, 3, 4]))),
        ])
        .unwrap();
        let props = WriterProperties::builder()
            .set_writer_version(parquet::file::properties::WriterVersion::PARQUET_2_0)
            .set_dictionary_enabled(false)
            .set_data_page_row_count_limit(1)
            .set_write_batch_size(1)
            .build();
        let mut w = ArrowWriter::try_new(File::create(&path).unwrap(), batch.schema(), Some(props))
            .unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let (_, meta) = load(&Location::Path(path.clone())).unwrap();
        let page = meta.metadata().row_group(0).column(1).data_page_offset() as usize;
        let mut bytes = std::fs::read(&path).unwrap();
        // The header's num_values, num_nulls, num_rows: 1, 0, 1 (zigzag).
        let counts = [0x15, 0x02, 0x15, 0x00, 0x15, 0x02];
        let at = page
            + bytes[page..page + 32]
                .windows(counts.len())
                .position(|w| w == counts)
                .expect("the page header");
        bytes[at + 5] = 0x04;
        std::fs::write(&path, &bytes).unwrap();

        let options = options(&["text"], &["n"]);
        let all = read(&path, &options);
        assert_eq!(all.len(), 4);
        let (files, _) = discover(&[&path]).unwrap();
        for (k, (_, at)) in all.iter().enumerate() {
            let rest: Vec<_> = Reader::resume(files.clone(), options.clone(), *at).collect();
            assert_eq!(rest, all[k + 1..], "after row {}", k + 1);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
