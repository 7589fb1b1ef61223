//! A batch's results as `pyarrow` tables: the columns of `mentions.csv` and
//! `documents.csv`, with the types of gazet's Parquet tables (`Int64`
//! offsets, a `Float32` score, nulls where a CSV cell is empty, the
//! ambiguous ids as a list).
//!
//! Why columns, not rows: a batch of news has tens of thousands of
//! mentions, and a Python object per mention (the `Mention` of
//! `extract_batch`) costs more than the matching. Here each column is one
//! Python list built in one pass, and pyarrow converts each list once.

use super::{Document, DocumentResult, Reason};
use gazet::sink::csv::MENTION_COLUMNS;
use gazet::Gazetteer;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// A column's Arrow type.
#[derive(Clone, Copy)]
enum Type {
    Text,
    Int,
    Score,
    Ids,
}

/// A pyarrow schema of named columns; `nullable` where a cell may be empty.
fn schema<'py>(
    pa: &Bound<'py, PyModule>,
    columns: &[(&str, Type, bool)],
) -> PyResult<Bound<'py, PyAny>> {
    let fields = columns
        .iter()
        .map(|&(name, kind, nullable)| {
            let t = match kind {
                Type::Text => pa.call_method0("string")?,
                Type::Int => pa.call_method0("int64")?,
                Type::Score => pa.call_method0("float32")?,
                Type::Ids => pa.call_method1("list_", (pa.call_method0("string")?,))?,
            };
            pa.call_method1("field", (name, t, nullable))
        })
        .collect::<PyResult<Vec<_>>>()?;
    pa.call_method1("schema", (fields,))
}

/// `pyarrow.table` of `columns` (name, values), in order, with `schema`.
fn table<'py>(
    py: Python<'py>,
    pa: &Bound<'py, PyModule>,
    schema: Bound<'py, PyAny>,
    columns: Vec<(&str, Bound<'py, PyList>)>,
) -> PyResult<Bound<'py, PyAny>> {
    let data = PyDict::new(py);
    for (name, values) in columns {
        data.set_item(name, values)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("schema", schema)?;
    pa.call_method("table", (data,), Some(&kwargs))
}

/// The mentions table of a batch.
pub(super) fn mentions<'py>(
    py: Python<'py>,
    pa: &Bound<'py, PyModule>,
    g: &Gazetteer,
    docs: &[(Document, Option<Reason>)],
    results: &[DocumentResult],
) -> PyResult<Bound<'py, PyAny>> {
    // The types of `MENTION_COLUMNS`, in order (`nullable` where a CSV cell
    // may be empty): the column names are the CSV sink's.
    const TYPES: [(Type, bool); 17] = [
        (Type::Text, false),  // doc_id
        (Type::Text, false),  // field
        (Type::Text, false),  // entity_id
        (Type::Text, false),  // type
        (Type::Text, false),  // canonical
        (Type::Text, false),  // surface
        (Type::Int, false),   // start
        (Type::Int, false),   // end
        (Type::Int, false),   // char_start
        (Type::Int, false),   // char_end
        (Type::Text, false),  // match
        (Type::Text, true),   // rule
        (Type::Score, false), // score
        (Type::Text, false),  // alias
        (Type::Text, true),   // wikidata
        (Type::Text, true),   // country
        (Type::Ids, true),    // ambiguous
    ];
    const _: () = assert!(MENTION_COLUMNS.len() == TYPES.len());
    let spec: Vec<(&str, Type, bool)> = MENTION_COLUMNS
        .iter()
        .zip(TYPES)
        .map(|(&name, (kind, nullable))| (name, kind, nullable))
        .collect();
    let cols: Vec<Bound<'py, PyList>> = spec.iter().map(|_| PyList::empty(py)).collect();
    for ((doc, _), result) in docs.iter().zip(results) {
        for m in &result.mentions {
            let e = m.entity(g);
            let field = &doc.fields[m.field];
            let ambiguous = (!m.ambiguous.is_empty()).then(|| {
                m.ambiguous
                    .iter()
                    .map(|&i| g.entities()[i as usize].id.as_str())
                    .collect::<Vec<_>>()
            });
            cols[0].append(doc.id.as_ref() as &str)?;
            cols[1].append(field.name.as_ref() as &str)?;
            cols[2].append(e.id.as_str())?;
            cols[3].append(e.kind.as_str())?;
            cols[4].append(e.canonical.as_str())?;
            cols[5].append(&field.text[m.start..m.end])?;
            cols[6].append(m.start)?;
            cols[7].append(m.end)?;
            cols[8].append(m.char_start)?;
            cols[9].append(m.char_end)?;
            cols[10].append(m.kind.as_str())?;
            cols[11].append((!m.rules.is_empty()).then(|| m.rules.to_string()))?;
            cols[12].append(m.score)?;
            cols[13].append(m.alias(g).text.as_str())?;
            cols[14].append(e.wikidata.as_deref())?;
            cols[15].append(e.country.as_deref())?;
            cols[16].append(ambiguous)?;
        }
    }
    let columns = MENTION_COLUMNS.iter().copied().zip(cols).collect();
    table(py, pa, schema(pa, &spec)?, columns)
}

/// The documents table of a batch: one row per text.
pub(super) fn documents<'py>(
    py: Python<'py>,
    pa: &Bound<'py, PyModule>,
    docs: &[(Document, Option<Reason>)],
    results: &[DocumentResult],
) -> PyResult<Bound<'py, PyAny>> {
    const COLUMNS: [(&str, Type, bool); 5] = [
        ("doc_id", Type::Text, false),
        ("field_bytes", Type::Int, false),
        ("mentions", Type::Int, false),
        ("status", Type::Text, false),
        ("reason", Type::Text, true),
    ];
    let cols: Vec<Bound<'py, PyList>> = COLUMNS.iter().map(|_| PyList::empty(py)).collect();
    for ((doc, _), result) in docs.iter().zip(results) {
        cols[0].append(doc.id.as_ref() as &str)?;
        cols[1].append(result.field_bytes)?;
        cols[2].append(result.mentions.len())?;
        cols[3].append(result.status.as_str())?;
        cols[4].append((!result.reasons.is_empty()).then(|| result.reason_text()))?;
    }
    let columns = COLUMNS.iter().map(|c| c.0).zip(cols).collect();
    table(py, pa, schema(pa, &COLUMNS)?, columns)
}
