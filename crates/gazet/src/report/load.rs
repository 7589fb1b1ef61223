//! Filling a [`ReportData`] from the tables of a run in its output
//! directory, in whichever format the run wrote (CSV, JSON lines, Parquet).
//!
//! The report reads the tables rather than the run's memory, so that it can
//! be made for any run, later, and for runs made elsewhere (a Spark job that
//! wrote the same tables): the documents table gives the totals and the
//! timeline (each document's date and mention count), the mentions table the
//! match kinds and scores, the entities table the top entities, and the
//! co-occurrence table the network. Each table is streamed: the report of a
//! run takes the memory of its entities, not of its mentions.

use super::{
    EntityBar, KindCount, NetEdge, NetNode, Network, ReportData, ScoreBin, TimePoint, Timeline,
    TypeTop,
};
use crate::aggregate::{AggregateOptions, Date};
use crate::error::Error;
use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How to read a run's tables for its report.
///
/// ```
/// let options = gazet::report::LoadOptions::default();
/// assert_eq!((options.top, options.nodes), (15, 40));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadOptions {
    /// The format of the tables (`csv`, `jsonl`, `parquet`); found from the
    /// files when not given.
    pub format: Option<String>,
    /// The column of the documents table holding each document's date; a
    /// kept field named like a date when not given.
    pub date_field: Option<String>,
    /// Entities shown per type.
    pub top: usize,
    /// Entities at most in the network.
    pub nodes: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            format: None,
            date_field: None,
            top: 15,
            nodes: 40,
        }
    }
}

/// A cell, as read from any format.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }

    fn int(&self) -> u64 {
        match self {
            Cell::Int(n) => u64::try_from(*n).unwrap_or(0),
            Cell::Float(f) if *f >= 0.0 => *f as u64,
            Cell::Text(s) => s.trim().parse().unwrap_or(0),
            _ => 0,
        }
    }

    fn float(&self) -> Option<f64> {
        match self {
            Cell::Int(n) => Some(*n as f64),
            Cell::Float(f) => Some(*f),
            Cell::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn bool(&self) -> bool {
        match self {
            Cell::Bool(b) => *b,
            Cell::Text(s) => s == "true",
            _ => false,
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(s) => serde_json::Value::String(s.clone()),
            Cell::Int(n) => serde_json::json!(n),
            Cell::Float(f) => serde_json::json!(f),
            _ => serde_json::Value::Null,
        }
    }
}

/// The tables of a run in one format.
struct Tables {
    dir: PathBuf,
    format: &'static str,
}

impl Tables {
    /// The tables in `dir`, in `format` or the one format whose documents
    /// table is there.
    fn find(dir: &Path, format: Option<&str>) -> Result<Tables, Error> {
        const FORMATS: [&str; 3] = ["csv", "jsonl", "parquet"];
        if !dir.is_dir() {
            return Err(Error::io(
                dir.display(),
                "not a directory: give the --out directory of a `gazet extract` run",
            ));
        }
        let found: Vec<&'static str> = FORMATS
            .into_iter()
            .filter(|f| dir.join(format!("documents.{f}")).exists())
            .collect();
        let format = match format {
            Some(f) => FORMATS.into_iter().find(|k| *k == f).ok_or_else(|| {
                Error::Usage(format!("unknown --format {f}: expected csv, jsonl or parquet"))
            })?,
            None => match found.as_slice() {
                [one] => one,
                [] => {
                    return Err(Error::io(
                        dir.display(),
                        "no documents table (documents.csv, .jsonl or .parquet): is it the --out directory of a finished `gazet extract` run?",
                    ))
                }
                several => {
                    return Err(Error::Usage(format!(
                        "{} holds the tables of several formats ({}): say which with --format",
                        dir.display(),
                        several.join(", ")
                    )))
                }
            },
        };
        Ok(Tables {
            dir: dir.to_path_buf(),
            format,
        })
    }

    fn path(&self, table: &str) -> PathBuf {
        self.dir.join(format!("{table}.{}", self.format))
    }

    fn has(&self, table: &str) -> bool {
        self.path(table).exists()
    }

    /// The column names of a table.
    fn columns(&self, table: &str) -> Result<Vec<String>, Error> {
        let path = self.path(table);
        match self.format {
            "csv" => {
                let mut r = csv::Reader::from_path(&path).map_err(|e| read_error(&path, e))?;
                Ok(r.headers()
                    .map_err(|e| read_error(&path, e))?
                    .iter()
                    .map(String::from)
                    .collect())
            }
            "jsonl" => {
                use std::io::BufRead;
                let file = std::fs::File::open(&path).map_err(|e| read_error(&path, e))?;
                let first = std::io::BufReader::new(file).lines().next();
                match first {
                    Some(Ok(line)) => match serde_json::from_str::<serde_json::Value>(&line) {
                        Ok(serde_json::Value::Object(m)) => Ok(m.keys().cloned().collect()),
                        _ => Err(read_error(&path, "line 1 is not a JSON object")),
                    },
                    Some(Err(e)) => Err(read_error(&path, e)),
                    None => Ok(Vec::new()),
                }
            }
            _ => {
                let Some(part) = parquet_parts(&path)?.into_iter().next() else {
                    return Ok(Vec::new());
                };
                let file = std::fs::File::open(&part).map_err(|e| read_error(&part, e))?;
                let b = ParquetRecordBatchReaderBuilder::try_new(file)
                    .map_err(|e| read_error(&part, e))?;
                Ok(b.schema()
                    .fields()
                    .iter()
                    .map(|f| f.name().clone())
                    .collect())
            }
        }
    }

    /// Calls `row` with the cells of `columns` (null where a column is
    /// missing) of each row of `table`, in order.
    fn each(
        &self,
        table: &str,
        columns: &[&str],
        mut row: impl FnMut(&[Cell]),
    ) -> Result<(), Error> {
        let path = self.path(table);
        let mut cells = vec![Cell::Null; columns.len()];
        match self.format {
            "csv" => {
                let mut r = csv::Reader::from_path(&path).map_err(|e| read_error(&path, e))?;
                let header = r.headers().map_err(|e| read_error(&path, e))?.clone();
                let at: Vec<Option<usize>> = columns
                    .iter()
                    .map(|c| header.iter().position(|h| h == *c))
                    .collect();
                let mut rec = csv::StringRecord::new();
                while r.read_record(&mut rec).map_err(|e| read_error(&path, e))? {
                    for (cell, i) in cells.iter_mut().zip(&at) {
                        *cell = match i.and_then(|i| rec.get(i)) {
                            Some(s) => Cell::Text(s.to_string()),
                            None => Cell::Null,
                        };
                    }
                    row(&cells);
                }
            }
            "jsonl" => {
                use std::io::BufRead;
                let file = std::fs::File::open(&path).map_err(|e| read_error(&path, e))?;
                for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
                    let line = line.map_err(|e| read_error(&path, e))?;
                    let v: serde_json::Value = serde_json::from_str(&line)
                        .map_err(|e| read_error(&path, format!("line {}: {e}", n + 1)))?;
                    for (cell, c) in cells.iter_mut().zip(columns) {
                        *cell = match v.get(*c) {
                            None | Some(serde_json::Value::Null) => Cell::Null,
                            Some(serde_json::Value::String(s)) => Cell::Text(s.clone()),
                            Some(serde_json::Value::Bool(b)) => Cell::Bool(*b),
                            Some(serde_json::Value::Number(x)) => match x.as_i64() {
                                Some(i) => Cell::Int(i),
                                None => Cell::Float(x.as_f64().unwrap_or(0.0)),
                            },
                            Some(other) => Cell::Text(other.to_string()),
                        };
                    }
                    row(&cells);
                }
            }
            _ => {
                for part in parquet_parts(&path)? {
                    let file = std::fs::File::open(&part).map_err(|e| read_error(&part, e))?;
                    let b = ParquetRecordBatchReaderBuilder::try_new(file)
                        .map_err(|e| read_error(&part, e))?;
                    let names: Vec<String> = b
                        .schema()
                        .fields()
                        .iter()
                        .map(|f| f.name().clone())
                        .collect();
                    let wanted: Vec<usize> = names
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| columns.contains(&n.as_str()))
                        .map(|(i, _)| i)
                        .collect();
                    let mask = ProjectionMask::roots(b.parquet_schema(), wanted.iter().copied());
                    let reader = b
                        .with_projection(mask)
                        .build()
                        .map_err(|e| read_error(&part, e))?;
                    for batch in reader {
                        let batch = batch.map_err(|e| read_error(&part, e))?;
                        let schema = batch.schema();
                        let at: Vec<Option<&ArrayRef>> = columns
                            .iter()
                            .map(|c| schema.index_of(c).ok().map(|i| batch.column(i)))
                            .collect();
                        for i in 0..batch.num_rows() {
                            for (cell, col) in cells.iter_mut().zip(&at) {
                                *cell = col.map_or(Cell::Null, |c| arrow_cell(c, i));
                            }
                            row(&cells);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// The files of a Parquet table: the file itself, or the parts of a
/// dataset directory in order.
fn parquet_parts(path: &Path) -> Result<Vec<PathBuf>, Error> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut parts: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| read_error(path, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".parquet") && !n.starts_with('.'))
        })
        .collect();
    parts.sort();
    Ok(parts)
}

fn arrow_cell(c: &ArrayRef, i: usize) -> Cell {
    if c.is_null(i) {
        return Cell::Null;
    }
    if let Some(s) = c.as_string_opt::<i32>() {
        Cell::Text(s.value(i).to_string())
    } else if let Some(n) = c.as_primitive_opt::<Int64Type>() {
        Cell::Int(n.value(i))
    } else if let Some(f) = c.as_primitive_opt::<Float32Type>() {
        // The shortest decimal that reads back as this f32 (`0.7`, not
        // 0.699999988...): the value the CSV and JSON tables write.
        let v = f.value(i);
        Cell::Float(v.to_string().parse().unwrap_or(f64::from(v)))
    } else if let Some(f) = c.as_primitive_opt::<Float64Type>() {
        Cell::Float(f.value(i))
    } else if let Some(b) = c.as_boolean_opt() {
        Cell::Bool(b.value(i))
    } else {
        Cell::Null
    }
}

fn read_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::io(
        path.display(),
        format!("cannot read this table of the run: {e}"),
    )
}

/// The order entity types are shown in: the four of gazet's gazetteers,
/// then the others by name.
fn type_rank(t: &str) -> (usize, String) {
    let known = ["person", "militia", "place", "outlet"];
    (
        known.iter().position(|k| *k == t).unwrap_or(known.len()),
        t.to_string(),
    )
}

/// Reads the tables of the run in `dir` into a report.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("gazet-doc-report-load-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Kataib Hezbollah fired on Erbil. Erbil protested.")?;
/// let mut options = gazet::RunOptions::default();
/// options.aggregate = Some(Default::default());
/// gazet::run::extract(&[dir.join("a.txt")], &gazet::Extractor::new()?, &dir.join("out"), &options)?;
/// let data = gazet::report::load(&dir.join("out"), &Default::default())?;
/// assert_eq!((data.run.documents, data.run.mentions, data.run.entities, data.run.pairs), (1, 3, 2, 1));
/// assert_eq!(data.network.nodes.len(), 2);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load(dir: &Path, options: &LoadOptions) -> Result<ReportData, Error> {
    let tables = Tables::find(dir, options.format.as_deref())?;
    let mut data = ReportData {
        title: dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir.display().to_string()),
        ..ReportData::default()
    };
    documents(&tables, options, &mut data)?;
    mentions(&tables, &mut data)?;
    let known = entities(&tables, options, &mut data)?;
    network(&tables, options, &known, &mut data)?;
    data.notes.push(
        "A mention in a dateline (TEHRAN –, BAGHDAD (Reuters) -) counts in an entity's mentions and documents, and apart in its dateline mentions (the lighter part of its bar); pairs leave dateline mentions out unless the run was made with --cooccur-datelines.".into(),
    );
    Ok(data)
}

fn documents(tables: &Tables, options: &LoadOptions, data: &mut ReportData) -> Result<(), Error> {
    let columns = tables.columns("documents")?;
    let date_field = match &options.date_field {
        Some(f) if !columns.contains(f) => {
            return Err(Error::Usage(format!(
                "the documents table has no column {f:?} (its columns: {})",
                columns.join(", ")
            )))
        }
        Some(f) => Some(f.clone()),
        None => AggregateOptions::guess_date_field(&columns).map(|f| f.to_string()),
    };
    let date_col = date_field.clone().unwrap_or_default();
    let mut per_day: BTreeMap<Date, (u64, u64)> = BTreeMap::new();
    let r = &mut data.run;
    tables.each(
        "documents",
        &["status", "mentions", "field_bytes", date_col.as_str()],
        |c| {
            r.documents += 1;
            match c[0].text().as_str() {
                "ok" => r.ok += 1,
                "flagged" => r.flagged += 1,
                _ => r.rejected += 1,
            }
            let n = c[1].int();
            r.mentions += n;
            r.bytes += c[2].int();
            if let Some(d) = Date::parse_value(&c[3].json()) {
                let e = per_day.entry(d).or_default();
                e.0 += 1;
                e.1 += n;
            }
        },
    )?;
    if let (Some(field), Some(first), Some(last)) = (
        date_field,
        per_day.keys().next().copied(),
        per_day.keys().last().copied(),
    ) {
        let days = |d: Date| i64::from(d.year) * 372 + i64::from(d.month) * 31 + i64::from(d.day);
        let span = days(last) - days(first);
        let (unit, label): (&str, fn(&Date) -> String) = if span <= 93 {
            ("day", |d| d.to_string())
        } else if span <= 372 * 8 {
            ("month", |d| d.month_label())
        } else {
            ("year", |d| format!("{:04}", d.year))
        };
        // Every period from the first to the last, those without a
        // document included: an axis of periods that skipped the empty
        // ones would draw a gap of months as a step of one.
        let mut counts: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for (d, (docs, mentions)) in per_day {
            let e = counts.entry(label(&d)).or_default();
            e.0 += docs;
            e.1 += mentions;
        }
        let mut points: Vec<TimePoint> = Vec::new();
        let mut at = first;
        loop {
            let period = label(&at);
            if points.last().is_none_or(|p| p.period != period) {
                let (documents, mentions) = counts.get(&period).copied().unwrap_or_default();
                points.push(TimePoint {
                    period,
                    documents,
                    mentions,
                });
            }
            if at >= last {
                break;
            }
            at = match unit {
                "day" => next_day(at),
                "month" => Date::new(at.year + i32::from(at.month == 12), at.month % 12 + 1, 1)
                    .unwrap_or(last),
                _ => Date::new(at.year + 1, 1, 1).unwrap_or(last),
            }
            .min(last);
            if at == last && label(&at) == points.last().map_or(String::new(), |p| p.period.clone())
            {
                break;
            }
        }
        data.timeline = Some(Timeline {
            field,
            unit: unit.into(),
            points,
        });
    }
    Ok(())
}

/// The day after `d`.
fn next_day(d: Date) -> Date {
    Date::new(d.year, d.month, d.day + 1)
        .or_else(|| Date::new(d.year, d.month + 1, 1))
        .or_else(|| Date::new(d.year + 1, 1, 1))
        .unwrap_or(d)
}

fn mentions(tables: &Tables, data: &mut ReportData) -> Result<(), Error> {
    if !tables.has("mentions") {
        return Ok(());
    }
    let mut kinds: BTreeMap<String, (u64, f64)> = BTreeMap::new();
    let mut bins = [0u64; 20];
    let r = &mut data.run;
    tables.each("mentions", &["match", "score", "dateline"], |c| {
        let kind = c[0].text();
        let score = c[1].float().unwrap_or(0.0).clamp(0.0, 1.0);
        bins[((score * 20.0) as usize).min(19)] += 1;
        r.dateline_mentions += u64::from(c[2].bool());
        if kind == "unlisted" {
            r.unlisted_mentions += 1;
        }
        let k = kinds.entry(kind).or_default();
        k.0 += 1;
        k.1 += score;
    })?;
    let mut kinds: Vec<KindCount> = kinds
        .into_iter()
        .map(|(kind, (n, sum))| KindCount {
            kind,
            mentions: n,
            mean_score: if n > 0 { sum / n as f64 } else { 0.0 },
        })
        .collect();
    kinds.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.kind.cmp(&b.kind))
    });
    data.match_kinds = kinds;
    data.scores = bins
        .iter()
        .enumerate()
        .map(|(i, &n)| ScoreBin {
            lower: i as f64 / 20.0,
            upper: (i + 1) as f64 / 20.0,
            mentions: n,
        })
        .collect();
    Ok(())
}

/// Reads the entities table: the totals, the top of each type; returns
/// each entity's canonical name, type and mentions by id.
fn entities(
    tables: &Tables,
    options: &LoadOptions,
    data: &mut ReportData,
) -> Result<BTreeMap<String, (String, String, u64)>, Error> {
    let mut known = BTreeMap::new();
    if !tables.has("entities") {
        data.notes.push(
            "The run wrote no entities table (it was made with --no-aggregates): no top entities or network.".into(),
        );
        return Ok(known);
    }
    let mut tops: BTreeMap<(usize, String), Vec<EntityBar>> = BTreeMap::new();
    let mut count = 0;
    tables.each(
        "entities",
        &[
            "entity_id",
            "type",
            "canonical",
            "mentions",
            "documents",
            "dateline_mentions",
        ],
        |c| {
            count += 1;
            let (id, t) = (c[0].text(), c[1].text());
            let bar = EntityBar {
                unlisted: id.starts_with("unlisted:"),
                entity_id: id.clone(),
                canonical: c[2].text(),
                mentions: c[3].int(),
                documents: c[4].int(),
                dateline_mentions: c[5].int(),
            };
            known.insert(id, (bar.canonical.clone(), t.clone(), bar.mentions));
            let list = tops.entry(type_rank(&t)).or_default();
            list.push(bar);
            // The table is sorted by mentions, but a table from elsewhere
            // may not be: keep the top of each type as it goes.
            if list.len() > options.top * 4 {
                list.sort_by(|a, b| {
                    b.mentions
                        .cmp(&a.mentions)
                        .then_with(|| a.entity_id.cmp(&b.entity_id))
                });
                list.truncate(options.top);
            }
        },
    )?;
    data.run.entities = count;
    data.top_entities = tops
        .into_iter()
        .map(|((_, t), mut list)| {
            list.sort_by(|a, b| {
                b.mentions
                    .cmp(&a.mentions)
                    .then_with(|| a.entity_id.cmp(&b.entity_id))
            });
            list.truncate(options.top);
            TypeTop {
                entity_type: t,
                entities: list,
            }
        })
        .collect();
    Ok(known)
}

/// Reads the co-occurrence table: the count of pairs, and the network of
/// the pairs met most often (in the table's first unit), up to
/// [`LoadOptions::nodes`] entities.
fn network(
    tables: &Tables,
    options: &LoadOptions,
    known: &BTreeMap<String, (String, String, u64)>,
    data: &mut ReportData,
) -> Result<(), Error> {
    if !tables.has("cooccurrence") {
        return Ok(());
    }
    let columns = tables.columns("cooccurrence")?;
    let (unit, count_col) = ["documents", "sentences", "paragraphs"]
        .into_iter()
        .filter_map(|c| columns.iter().position(|x| x == c).map(|i| (i, c)))
        .min()
        .map(|(_, c)| (c.trim_end_matches('s').to_string(), c))
        .unwrap_or(("document".into(), "documents"));
    let mut pairs: Vec<(u64, String, String)> = Vec::new();
    let mut count = 0;
    let keep = options.nodes.max(1) * 50;
    tables.each("cooccurrence", &["entity_a", "entity_b", count_col], |c| {
        count += 1;
        pairs.push((c[2].int(), c[0].text(), c[1].text()));
        if pairs.len() > keep * 2 {
            pairs.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (&a.1, &a.2).cmp(&(&b.1, &b.2))));
            pairs.truncate(keep);
        }
    })?;
    data.run.pairs = count;
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (&a.1, &a.2).cmp(&(&b.1, &b.2))));
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut net = Network {
        unit,
        ..Network::default()
    };
    for (weight, a, b) in pairs {
        if weight == 0 {
            break;
        }
        let new = usize::from(!index.contains_key(&a)) + usize::from(!index.contains_key(&b));
        if index.len() + new > options.nodes {
            continue;
        }
        let mut node = |id: &String| -> usize {
            if let Some(&i) = index.get(id) {
                return i;
            }
            let (canonical, entity_type, mentions) = known
                .get(id)
                .cloned()
                .unwrap_or_else(|| (id.clone(), String::new(), 0));
            net.nodes.push(NetNode {
                entity_id: id.clone(),
                canonical,
                entity_type,
                mentions,
            });
            index.insert(id.clone(), net.nodes.len() - 1);
            net.nodes.len() - 1
        };
        let (ia, ib) = (node(&a), node(&b));
        net.edges.push(NetEdge {
            a: ia,
            b: ib,
            weight,
        });
        if net.edges.len() >= options.nodes * 4 {
            break;
        }
    }
    data.network = net;
    Ok(())
}
