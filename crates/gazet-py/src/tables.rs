//! A batch's results as Arrow tables, from the rows the core renders
//! ([`gazet::sink::arrow`]): the tables of `extract_table` (the columns of
//! `mentions.csv` and of `documents.csv` but `source`, with the types of
//! gazet's Parquet tables) and the nested table of `extract_arrow`.
//!
//! Why the core's tables: the Parquet sink writes the same batches, so the
//! columns, their types and their nulls cannot drift apart between the
//! command line and Python; and Arrow columns reach pyarrow without a
//! Python object per cell (see [`crate::arrow`]).

use arrow_array::{ArrayRef, RecordBatch};
use gazet::sink::arrow::{nest, Rendered, Tables};
use gazet::sink::SinkOptions;
use pyo3::exceptions::PyValueError;
use pyo3::PyErr;

/// The columns of the documents table of `extract_table`: those of
/// `documents.csv` but `source` (a text handed in has no file).
const DOCUMENT_COLUMNS: [&str; 5] = ["doc_id", "field_bytes", "mentions", "status", "reason"];

fn error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("cannot build the table: {e}"))
}

/// The documents' rows in the core's tables: mentions (with `context`
/// when the rows were rendered with it) and documents.
fn batches(rows: &[Rendered], context: Option<usize>) -> Result<[RecordBatch; 2], PyErr> {
    let options = SinkOptions::default().with_context(context);
    let mut tables = Tables::new(&options).map_err(error)?;
    for r in rows {
        tables.append(r);
    }
    let [mentions, documents, _rejects] = tables.batches().map_err(error)?;
    Ok([mentions, documents])
}

/// The mentions and documents tables of `extract_table`.
pub(super) fn mentions_and_documents(
    rows: &[Rendered],
    context: Option<usize>,
) -> Result<[RecordBatch; 2], PyErr> {
    let [mentions, documents] = batches(rows, context)?;
    let schema = documents.schema();
    let columns = DOCUMENT_COLUMNS
        .iter()
        .map(|c| schema.index_of(c).map_err(error))
        .collect::<Result<Vec<usize>, PyErr>>()?;
    let documents = documents.project(&columns).map_err(error)?;
    Ok([mentions, documents])
}

/// The table of `extract_arrow`: a row per document, its mentions nested,
/// with the kept columns.
pub(super) fn nested(
    rows: &[Rendered],
    kept: Vec<(String, ArrayRef)>,
    context: Option<usize>,
) -> Result<RecordBatch, PyErr> {
    let [mentions, documents] = batches(rows, context)?;
    nest(&documents, &mentions, kept).map_err(error)
}

/// The table of `extract_files`: a row per document, its mentions nested,
/// with its `source` (file and line) and the kept fields (as text, named as
/// in `documents.csv`) before `status`.
pub(super) fn nested_with_source(
    rows: &[Rendered],
    options: &SinkOptions,
) -> Result<RecordBatch, PyErr> {
    let mut tables = Tables::new(options).map_err(error)?;
    for r in rows {
        tables.append(r);
    }
    let [mentions, documents, _rejects] = tables.batches().map_err(error)?;
    let column = |name: &str| -> Result<(String, ArrayRef), PyErr> {
        let array = documents
            .column_by_name(name)
            .ok_or_else(|| error(format!("no column {name}")))?;
        Ok((name.to_string(), array.clone()))
    };
    let mut kept = vec![column("source")?];
    for k in &options.keep {
        kept.push(column(&SinkOptions::kept_column(
            k,
            gazet::sink::csv::DOCUMENT_COLUMNS,
        ))?);
    }
    nest(&documents, &mentions, kept).map_err(error)
}
