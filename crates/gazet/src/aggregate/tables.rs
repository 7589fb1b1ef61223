//! The entities and co-occurrence tables, written at the end of a run in
//! the run's format: `entities.csv` and `cooccurrence.csv`, `.jsonl`, or
//! `.parquet` (one Parquet file each: the tables are small).
//!
//! Their rows are known only once the last document is counted, so they are
//! written whole, under a temporary name, before the run's last checkpoint,
//! and renamed with the other tables ([`crate::sink::Sink::publish`]): a
//! table under its final name is always whole.
//!
//! Cells that hold several values (the spellings of an entity and their
//! counts, its match kinds) are JSON objects in CSV (`{"Tehran":12,
//! "TEHRAN":3}`, which `json.loads` and R's `jsonlite` read back), objects
//! in JSON lines, and lists of structs in Parquet.

use super::{Aggregates, EntityRow, PairRow, PairRows};
use crate::error::Error;
use crate::sink::csv::Rows;
use crate::sink::files;
use arrow_array::builder::{Int64Builder, ListBuilder, StringBuilder, StructBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema};
use serde_json::{json, Map, Value};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

/// The columns of the entities table (`first_date` and `last_date` only
/// with a date field).
///
/// ```
/// assert_eq!(gazet::aggregate::tables::ENTITY_COLUMNS[..3], ["entity_id", "type", "canonical"]);
/// ```
pub const ENTITY_COLUMNS: &[&str] = &[
    "entity_id",
    "type",
    "canonical",
    "wikidata",
    "country",
    "mentions",
    "documents",
    "dateline_mentions",
    "documents_outside_dateline",
    "spellings",
    "match_kinds",
    "first_doc",
    "last_doc",
    "first_date",
    "last_date",
];

/// The columns of the co-occurrence table before the counts (one column per
/// unit: `documents`, `sentences`, `paragraphs`) and after them.
pub const PAIR_COLUMNS: (&[&str], &[&str]) = (
    &[
        "entity_a",
        "entity_b",
        "type_a",
        "type_b",
        "canonical_a",
        "canonical_b",
    ],
    &["first_doc"],
);

/// The file names of the two tables in a format (`csv`, `jsonl`,
/// `parquet`); `None` for a format that writes no directory.
///
/// ```
/// assert_eq!(gazet::aggregate::tables::names("csv"), Some(["entities.csv", "cooccurrence.csv"]));
/// assert_eq!(gazet::aggregate::tables::names("stdout"), None);
/// ```
pub fn names(format: &str) -> Option<[&'static str; 2]> {
    match format {
        "csv" => Some(["entities.csv", "cooccurrence.csv"]),
        "jsonl" => Some(["entities.jsonl", "cooccurrence.jsonl"]),
        "parquet" => Some(["entities.parquet", "cooccurrence.parquet"]),
        _ => None,
    }
}

/// Every name an aggregate table has in any format.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    ["csv", "jsonl", "parquet"]
        .into_iter()
        .filter_map(names)
        .flatten()
}

/// The columns of the entities table of a run.
pub fn entity_columns(dated: bool) -> &'static [&'static str] {
    if dated {
        ENTITY_COLUMNS
    } else {
        &ENTITY_COLUMNS[..ENTITY_COLUMNS.len() - 2]
    }
}

/// The columns of the co-occurrence table of a run.
pub fn pair_columns(agg: &Aggregates) -> Vec<&'static str> {
    let mut c = PAIR_COLUMNS.0.to_vec();
    c.extend(agg.options().units.iter().map(|u| u.column()));
    c.extend(PAIR_COLUMNS.1);
    c
}

/// The entities table of `agg` as one Arrow record batch (the columns of the
/// Parquet table), for the Python package.
pub fn entities_record_batch(agg: &Aggregates) -> Result<RecordBatch, String> {
    entities_batch(&agg.entity_rows(), agg.options().date_field.is_some())
}

/// The co-occurrence table of `agg` as one Arrow record batch.
pub fn cooccurrence_record_batch(agg: &Aggregates) -> Result<RecordBatch, String> {
    pairs_batch(&agg.pair_rows(), agg)
}

/// Finishes `agg` ([`Aggregates::finish`]) and writes both its tables into
/// `dir` in `format` under their temporary names (see
/// [`files::partial_name`]), synced; [`files::publish`] with [`names`]
/// gives them their final names.
///
/// It is the last thing a run does, on the current rayon pool: the
/// entities table is rendered and written while the pairs are counted and
/// put in order (they read different counts), then the pairs are rendered
/// on every thread.
pub fn write_partial(
    dir: &Path,
    format: &str,
    agg: &mut Aggregates,
    excel_safe: bool,
) -> Result<(), Error> {
    let Some([entities, pairs]) = names(format) else {
        agg.finish();
        return Ok(());
    };
    let dated = agg.options().date_field.is_some();
    let epath = dir.join(files::partial_name(entities));
    let ppath = dir.join(files::partial_name(pairs));
    // The entities table, and the entities' cells of the pairs' rows in
    // CSV, made while the pairs are counted and put in order.
    let (e, cells) = agg.finish_beside(|agg, by_id, rank| {
        if format == "csv" {
            // Rendered from the counts, without the rows.
            let table = entities_csv(agg, rank, dated, excel_safe);
            let written = write_file(&epath, |w| {
                table.iter().try_for_each(|part| w.write_all(part))
            });
            drop(table);
            return (written, Some(entity_cells(agg, by_id, excel_safe)));
        }
        let rows = agg.entity_rows_ranked(rank);
        let written = match format {
            "jsonl" => write_file(&epath, |w| {
                rows.iter()
                    .try_for_each(|r| json_line(w, &entity_json(r, dated)))
            }),
            _ => write_parquet(&epath, entities_batch(&rows, dated)),
        };
        (written, None)
    });
    let agg = &*agg;
    let rows = agg.pair_rows();
    let p = match format {
        "csv" => write_file(&ppath, |w| {
            let mut head = Rows::new(excel_safe);
            head.row(&pair_columns(agg));
            w.write_all(&head.take())?;
            // The entities in id order are those the rows were ranked on.
            let cells = cells.unwrap_or_else(|| entity_cells(agg, rows.by_id(), excel_safe));
            let docs = agg.pairs.listed_docs().iter().map(|d| &**d);
            let docs = Cells::new(docs, excel_safe);
            write_ranges(w, &rows, |r| pairs_csv(&rows, r, &cells, &docs, excel_safe))
        }),
        "jsonl" => write_file(&ppath, |w| {
            write_ranges(w, &rows, |range| {
                let mut out = Vec::with_capacity(range.len() * 200);
                for i in range {
                    if let Some(r) = rows.get(i) {
                        let _ = serde_json::to_writer(&mut out, &pair_json(&r, agg));
                        out.push(b'\n');
                    }
                }
                out
            })
        }),
        _ => write_parquet(&ppath, pairs_batch(&rows, agg)),
    };
    e.and(p)
}

/// Renders the pairs in ranges of rows on the pool, a window of ranges at
/// a time (so that the bytes in memory stay few), and writes them in order,
/// each window while the next is rendered.
///
/// A window holds two ranges a thread: enough to keep every thread busy,
/// and no more bytes than that in memory. Sixteen ranges a window on two
/// cores held two windows of six megabytes, each rendered into memory
/// never touched before (which a virtual machine's kernel gives slowly).
fn write_ranges(
    w: &mut (dyn Write + Send),
    rows: &PairRows<'_>,
    render: impl Fn(std::ops::Range<usize>) -> Vec<u8> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let ranges: Vec<std::ops::Range<usize>> = rows.ranges(4096).collect();
    let mut windows = ranges.chunks(2 * rayon::current_num_threads());
    let render_window = |window: &[std::ops::Range<usize>]| -> Vec<Vec<u8>> {
        window.par_iter().map(|r| render(r.clone())).collect()
    };
    let mut ready = windows.next().map(render_window);
    while let Some(parts) = ready.take() {
        let next = windows.next();
        let (written, rendered) = rayon::join(
            || parts.iter().try_for_each(|part| w.write_all(part)),
            || next.map(render_window),
        );
        written?;
        ready = rendered;
    }
    Ok(())
}

/// Creates `path`, fills it with `fill`, and syncs it. The file is synced
/// as it is written too, some megabytes behind, on a thread of its own: the
/// disk works while the rest is rendered, and the last sync has little
/// left to do.
fn write_file(
    path: &Path,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), Error> {
    let file = files::create_new(path)?;
    let early = file.try_clone().ok();
    std::thread::scope(|scope| {
        let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
        let syncing = early.map(|f| {
            scope.spawn(move || {
                // A failure here is the last sync's to report.
                for () in asked {
                    let _ = f.sync_data();
                }
            })
        });
        let mut w = BufWriter::with_capacity(
            1 << 16,
            SyncBehind {
                file,
                unsynced: 0,
                ask: Some(ask),
            },
        );
        let filled = fill(&mut w).map_err(|e| files::write_error(path, e));
        // Every way out drops the sender of the sync requests before the
        // syncing thread is joined, which ends its loop.
        let written = match filled {
            Ok(()) => w
                .into_inner()
                .map(|mut behind| {
                    behind.ask = None;
                    behind.file
                })
                .map_err(|e| files::write_error(path, e.error())),
            Err(e) => {
                drop(w);
                Err(e)
            }
        };
        if let Some(s) = syncing {
            let _ = s.join();
        }
        written?.sync_all().map_err(|e| files::write_error(path, e))
    })
}

/// A file that asks for a sync each [`SyncBehind::EVERY`] bytes written.
struct SyncBehind {
    file: std::fs::File,
    unsynced: usize,
    ask: Option<std::sync::mpsc::SyncSender<()>>,
}

impl SyncBehind {
    const EVERY: usize = 8 << 20;
}

impl Write for SyncBehind {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n;
        if self.unsynced >= Self::EVERY {
            self.unsynced = 0;
            if let Some(ask) = &self.ask {
                // A sync under way covers this one.
                let _ = ask.try_send(());
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn json_line(w: &mut dyn Write, v: &Value) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, v)?;
    w.write_all(b"\n")
}

/// `{"Tehran":12,"TEHRAN":3}`, in the order given.
fn counts_object<S: AsRef<str>>(counts: &[(S, u64)]) -> Value {
    let mut m = Map::new();
    for (k, n) in counts {
        m.insert(k.as_ref().to_string(), json!(n));
    }
    Value::Object(m)
}

fn entity_json(r: &EntityRow, dated: bool) -> Value {
    let mut v = json!({
        "entity_id": r.entity_id,
        "type": r.entity_type,
        "canonical": r.canonical,
        "wikidata": r.wikidata,
        "country": r.country,
        "mentions": r.mentions,
        "documents": r.documents,
        "dateline_mentions": r.dateline_mentions,
        "documents_outside_dateline": r.documents_outside_dateline,
        "spellings": counts_object(&r.spellings),
        "match_kinds": counts_object(&r.match_kinds),
        "first_doc": r.first_doc,
        "last_doc": r.last_doc,
    });
    if dated && let Value::Object(m) = &mut v {
        m.insert(
            "first_date".into(),
            json!(r.first_date.map(|d| d.to_string())),
        );
        m.insert(
            "last_date".into(),
            json!(r.last_date.map(|d| d.to_string())),
        );
    }
    v
}

fn pair_json(r: &PairRow<'_>, agg: &Aggregates) -> Value {
    let mut m = Map::new();
    for (k, v) in [
        ("entity_a", &r.entity_a),
        ("entity_b", &r.entity_b),
        ("type_a", &r.type_a),
        ("type_b", &r.type_b),
        ("canonical_a", &r.canonical_a),
        ("canonical_b", &r.canonical_b),
    ] {
        m.insert(k.into(), json!(v));
    }
    for (u, n) in agg.options().units.iter().zip(r.counts()) {
        m.insert(u.column().into(), json!(n));
    }
    m.insert("first_doc".into(), json!(r.first_doc));
    Value::Object(m)
}

/// The entities table as CSV, in parts one after the other: its rows are
/// rendered in ranges on the current rayon pool (at the end of a run it
/// shares the pool with the sorting of the pairs).
fn entities_csv(agg: &Aggregates, rank: &[u32], dated: bool, safe: bool) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    let mut head = Rows::new(safe);
    head.row(entity_columns(dated));
    let order = agg.entity_order(rank);
    let mut parts = vec![head.take()];
    parts.par_extend(
        order
            .par_chunks(ENTITY_ROWS_PER_PART)
            .map(|range| entity_rows_csv(agg, range, dated, safe)),
    );
    parts
}

/// The rows of the entities table a part of [`entities_csv`] holds.
const ENTITY_ROWS_PER_PART: usize = 2048;

/// The CSV rows of the entities `order` (indices into `agg.entities`).
fn entity_rows_csv(agg: &Aggregates, order: &[usize], dated: bool, safe: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(order.len() * 160);
    let mut numbers = itoa::Buffer::new();
    let mut json = Vec::new();
    let mut counts: Vec<(&str, u64)> = Vec::new();
    for &i in order {
        let s = &agg.entities[i];
        let info = &s.info;
        // The cells the `csv` crate was given as they are; the others are
        // names, ids and documents, which may start like a formula.
        let plain = |out: &mut Vec<u8>, cell: &str| {
            Rows::cell_into(out, cell, false);
            out.push(b',');
        };
        let text = |out: &mut Vec<u8>, cell: &str| {
            Rows::cell_into(out, cell, safe);
            out.push(b',');
        };
        text(&mut out, &info.entity_id);
        plain(&mut out, &info.entity_type);
        text(&mut out, &info.canonical);
        plain(&mut out, info.wikidata.as_deref().unwrap_or(""));
        plain(&mut out, info.country.as_deref().unwrap_or(""));
        for n in [
            s.mentions,
            s.documents,
            s.dateline_mentions,
            s.documents_outside_dateline,
        ] {
            out.extend_from_slice(numbers.format(n).as_bytes());
            out.push(b',');
        }
        counts.clear();
        counts.extend(s.spellings.iter().map(|(k, n)| (k.as_str(), *n)));
        plain(&mut out, counts_json(&mut json, &mut counts));
        counts.clear();
        counts.extend(
            super::KINDS
                .iter()
                .zip(s.kinds)
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| (k.as_str(), n)),
        );
        plain(&mut out, counts_json(&mut json, &mut counts));
        text(&mut out, &s.first_doc);
        Rows::cell_into(&mut out, &s.last_doc, safe);
        if dated {
            for d in [s.first_date, s.last_date] {
                out.push(b',');
                if let Some((year, month, day)) = d {
                    let date = super::Date { year, month, day }.to_string();
                    out.extend_from_slice(date.as_bytes());
                }
            }
        }
        out.push(b'\n');
    }
    out
}

/// `counts` as a JSON object (`{"Iran":12,"IRAN":1}`), its keys in byte
/// order as [`counts_object`] has them, written into `json`.
fn counts_json<'j>(json: &'j mut Vec<u8>, counts: &mut [(&str, u64)]) -> &'j str {
    counts.sort_unstable_by(|a, b| a.0.cmp(b.0));
    json.clear();
    json.push(b'{');
    let mut numbers = itoa::Buffer::new();
    for (i, (k, n)) in counts.iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        // A string is always written (into memory, and escaped).
        let _ = serde_json::to_writer(&mut *json, k);
        json.push(b':');
        json.extend_from_slice(numbers.format(*n).as_bytes());
    }
    json.push(b'}');
    std::str::from_utf8(json).unwrap_or("{}")
}

/// The CSV cells of each entity (id, type, canonical name: cells `3 * r`
/// to `3 * r + 2` of the entity of rank `r`), escaped once: a pair's row is
/// then mostly copied bytes. In the order of the ranks, which is that of
/// the rows: the rows that pair one entity with others read the others'
/// cells forward, not all over the table.
fn entity_cells(agg: &Aggregates, by_id: &[u32], safe: bool) -> Cells {
    let cells = by_id.iter().flat_map(|&e| {
        let info = &agg.entities[e as usize].info;
        [
            info.entity_id.as_str(),
            info.entity_type.as_str(),
            info.canonical.as_str(),
        ]
    });
    Cells::new(cells, safe)
}

/// CSV cells escaped once, one after the other, for rows that name them
/// again and again: half a million pairs name a few tens of thousands of
/// entities and documents.
struct Cells {
    bytes: Vec<u8>,
    /// Where each cell ends in `bytes`.
    ends: Vec<usize>,
}

impl Cells {
    fn new<'s>(cells: impl Iterator<Item = &'s str>, safe: bool) -> Cells {
        let mut all = Cells {
            bytes: Vec::new(),
            ends: Vec::with_capacity(cells.size_hint().0),
        };
        for cell in cells {
            Rows::cell_into(&mut all.bytes, cell, safe);
            all.ends.push(all.bytes.len());
        }
        all
    }

    /// Cell `i`, if there is one.
    fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(before) => self.ends[before],
            None => 0,
        };
        self.bytes.get(start..end)
    }
}

/// The CSV rows of some pairs.
fn pairs_csv(
    rows: &PairRows<'_>,
    range: std::ops::Range<usize>,
    cells: &Cells,
    docs: &Cells,
    safe: bool,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(range.len() * 128);
    let mut numbers = itoa::Buffer::new();
    for &(a, b, p) in rows.raw(range) {
        // Ids, types, then canonical names, of `a` then `b` (ranks).
        for k in 0..3 {
            for e in [a, b] {
                out.extend_from_slice(cells.get(3 * e as usize + k).unwrap_or_default());
                out.push(b',');
            }
        }
        for n in rows.counts_of(&p) {
            out.extend_from_slice(numbers.format(n).as_bytes());
            out.push(b',');
        }
        match docs.get(p.first_doc as usize) {
            Some(cell) => out.extend_from_slice(cell),
            // A document of the block, when the pairs are read before it
            // is counted.
            None => Rows::cell_into(&mut out, rows.first_doc_of(&p), safe),
        }
        out.push(b'\n');
    }
    out
}

/// A `List<Struct<name: Utf8, count: Int64>>` builder.
fn counts_builder(name: &str) -> (ListBuilder<StructBuilder>, Fields) {
    let fields = Fields::from(vec![
        Field::new(name, DataType::Utf8, false),
        Field::new("count", DataType::Int64, false),
    ]);
    let b = StructBuilder::from_fields(fields.clone(), 0);
    (
        ListBuilder::new(b).with_field(Arc::new(Field::new(
            "item",
            DataType::Struct(fields.clone()),
            true,
        ))),
        fields,
    )
}

fn push_counts<S: AsRef<str>>(b: &mut ListBuilder<StructBuilder>, counts: &[(S, u64)]) {
    let s = b.values();
    for (k, n) in counts {
        if let Some(f) = s.field_builder::<StringBuilder>(0) {
            f.append_value(k.as_ref());
        }
        if let Some(f) = s.field_builder::<Int64Builder>(1) {
            f.append_value(i64::try_from(*n).unwrap_or(i64::MAX));
        }
        s.append(true);
    }
    b.append(true);
}

fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn entities_batch(rows: &[EntityRow], dated: bool) -> Result<RecordBatch, String> {
    let strings = |f: &dyn Fn(&EntityRow) -> Option<&str>| -> ArrayRef {
        let mut b = StringBuilder::new();
        for r in rows {
            b.append_option(f(r));
        }
        Arc::new(b.finish())
    };
    let ints = |f: &dyn Fn(&EntityRow) -> u64| -> ArrayRef {
        let mut b = Int64Builder::new();
        for r in rows {
            b.append_value(int(f(r)));
        }
        Arc::new(b.finish())
    };
    let (mut spell, spell_fields) = counts_builder("spelling");
    let (mut kinds, kind_fields) = counts_builder("kind");
    for r in rows {
        push_counts(&mut spell, &r.spellings);
        push_counts(&mut kinds, &r.match_kinds);
    }
    let list = |fields: Fields| {
        DataType::List(Arc::new(Field::new("item", DataType::Struct(fields), true)))
    };
    let mut columns: Vec<(Field, ArrayRef)> = vec![
        (
            Field::new("entity_id", DataType::Utf8, false),
            strings(&|r| Some(&r.entity_id)),
        ),
        (
            Field::new("type", DataType::Utf8, false),
            strings(&|r| Some(&r.entity_type)),
        ),
        (
            Field::new("canonical", DataType::Utf8, false),
            strings(&|r| Some(&r.canonical)),
        ),
        (
            Field::new("wikidata", DataType::Utf8, true),
            strings(&|r| r.wikidata.as_deref()),
        ),
        (
            Field::new("country", DataType::Utf8, true),
            strings(&|r| r.country.as_deref()),
        ),
        (
            Field::new("mentions", DataType::Int64, false),
            ints(&|r| r.mentions),
        ),
        (
            Field::new("documents", DataType::Int64, false),
            ints(&|r| r.documents),
        ),
        (
            Field::new("dateline_mentions", DataType::Int64, false),
            ints(&|r| r.dateline_mentions),
        ),
        (
            Field::new("documents_outside_dateline", DataType::Int64, false),
            ints(&|r| r.documents_outside_dateline),
        ),
        (
            Field::new("spellings", list(spell_fields), false),
            Arc::new(spell.finish()),
        ),
        (
            Field::new("match_kinds", list(kind_fields), false),
            Arc::new(kinds.finish()),
        ),
        (
            Field::new("first_doc", DataType::Utf8, false),
            strings(&|r| Some(&r.first_doc)),
        ),
        (
            Field::new("last_doc", DataType::Utf8, false),
            strings(&|r| Some(&r.last_doc)),
        ),
    ];
    if dated {
        let dates = |f: &dyn Fn(&EntityRow) -> Option<super::Date>| -> ArrayRef {
            let mut b = StringBuilder::new();
            for r in rows {
                b.append_option(f(r).map(|d| d.to_string()));
            }
            Arc::new(b.finish())
        };
        columns.push((
            Field::new("first_date", DataType::Utf8, true),
            dates(&|r| r.first_date),
        ));
        columns.push((
            Field::new("last_date", DataType::Utf8, true),
            dates(&|r| r.last_date),
        ));
    }
    batch(columns)
}

fn pairs_batch(rows: &PairRows<'_>, agg: &Aggregates) -> Result<RecordBatch, String> {
    let strings = |f: &dyn for<'r> Fn(&'r PairRow<'r>) -> &'r str| -> ArrayRef {
        let mut b = StringBuilder::new();
        for r in rows.iter() {
            b.append_value(f(&r));
        }
        Arc::new(b.finish())
    };
    let mut columns: Vec<(Field, ArrayRef)> = vec![
        (
            Field::new("entity_a", DataType::Utf8, false),
            strings(&|r| r.entity_a),
        ),
        (
            Field::new("entity_b", DataType::Utf8, false),
            strings(&|r| r.entity_b),
        ),
        (
            Field::new("type_a", DataType::Utf8, false),
            strings(&|r| r.type_a),
        ),
        (
            Field::new("type_b", DataType::Utf8, false),
            strings(&|r| r.type_b),
        ),
        (
            Field::new("canonical_a", DataType::Utf8, false),
            strings(&|r| r.canonical_a),
        ),
        (
            Field::new("canonical_b", DataType::Utf8, false),
            strings(&|r| r.canonical_b),
        ),
    ];
    for (i, u) in agg.options().units.iter().enumerate() {
        let mut b = Int64Builder::new();
        for r in rows.iter() {
            b.append_value(int(r.counts().get(i).copied().unwrap_or(0)));
        }
        columns.push((
            Field::new(u.column(), DataType::Int64, false),
            Arc::new(b.finish()),
        ));
    }
    columns.push((
        Field::new("first_doc", DataType::Utf8, false),
        strings(&|r| r.first_doc),
    ));
    batch(columns)
}

fn batch(columns: Vec<(Field, ArrayRef)>) -> Result<RecordBatch, String> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns.into_iter().unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| e.to_string())
}

fn write_parquet(path: &Path, batch: Result<RecordBatch, String>) -> Result<(), Error> {
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    let batch = batch.map_err(|e| files::write_error(path, e))?;
    let file = files::create_new(path)?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("gazet {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props))
        .map_err(|e| files::write_error(path, e))?;
    w.write(&batch).map_err(|e| files::write_error(path, e))?;
    let file = w.into_inner().map_err(|e| files::write_error(path, e))?;
    file.sync_all().map_err(|e| files::write_error(path, e))
}
