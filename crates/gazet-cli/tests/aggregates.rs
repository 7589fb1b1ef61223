//! The entities and co-occurrence tables, checked against counts made here
//! from the mentions table of the same run, in every format; and the same
//! tables after a run killed and resumed.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use common::{gazet, shared, tempdir};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

type Row = Map<String, Value>;

/// The sample articles and 1,500 Reuters stories, with their dates.
fn corpus(dir: &Path) -> Option<PathBuf> {
    let shared = shared()?;
    let path = dir.join("news.jsonl");
    let mut out = std::fs::File::create(&path).unwrap();
    for a in common::sample_articles() {
        writeln!(out, "{a}").unwrap();
    }
    let gz = std::fs::File::open(shared.join("data/news/reuters21578.jsonl.gz")).unwrap();
    let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(gz)).lines();
    for line in lines.take(1500) {
        writeln!(out, "{}", line.unwrap()).unwrap();
    }
    Some(path)
}

/// A JSON value of a Parquet cell: strings, numbers, booleans, and lists
/// of structs as lists of objects.
fn value(c: &ArrayRef, i: usize) -> Value {
    if c.is_null(i) {
        return Value::Null;
    }
    if let Some(s) = c.as_string_opt::<i32>() {
        json!(s.value(i))
    } else if let Some(n) = c.as_primitive_opt::<Int64Type>() {
        json!(n.value(i))
    } else if let Some(f) = c.as_primitive_opt::<Float32Type>() {
        json!(f.value(i))
    } else if let Some(b) = c.as_boolean_opt() {
        json!(b.value(i))
    } else if let Some(l) = c.as_list_opt::<i32>() {
        let items = l.value(i);
        Value::Array((0..items.len()).map(|j| value(&items, j)).collect())
    } else if let Some(s) = c.as_struct_opt() {
        let mut m = Map::new();
        for (name, col) in s.column_names().iter().zip(s.columns()) {
            m.insert(name.to_string(), value(col, i));
        }
        Value::Object(m)
    } else {
        panic!("unexpected column type {}", c.data_type())
    }
}

fn batch_rows(batch: &RecordBatch) -> Vec<Row> {
    let names: Vec<String> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    (0..batch.num_rows())
        .map(|i| {
            names
                .iter()
                .zip(batch.columns())
                .map(|(n, c)| (n.clone(), value(c, i)))
                .collect()
        })
        .collect()
}

fn parquet_file(path: &Path) -> Vec<Row> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .flat_map(|b| batch_rows(&b.unwrap()))
        .collect()
}

/// The rows of a table (`mentions`, `entities`, ...) in `format`, each a
/// map of column to value: CSV cells are strings.
fn table(out: &Path, name: &str, format: &str) -> Vec<Row> {
    match format {
        "csv" => {
            let mut r = csv::Reader::from_path(out.join(format!("{name}.csv"))).unwrap();
            let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
            r.records()
                .map(|rec| {
                    header
                        .iter()
                        .zip(rec.unwrap().iter())
                        .map(|(h, c)| (h.clone(), json!(c)))
                        .collect()
                })
                .collect()
        }
        "jsonl" => std::fs::read_to_string(out.join(format!("{name}.jsonl")))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        _ => {
            let path = out.join(format!("{name}.parquet"));
            if path.is_dir() {
                let mut parts: Vec<PathBuf> = std::fs::read_dir(&path)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                parts.sort();
                parts.iter().flat_map(|p| parquet_file(p)).collect()
            } else {
                parquet_file(&path)
            }
        }
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn number(v: &Value) -> u64 {
    match v {
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
        other => other
            .as_u64()
            .unwrap_or_else(|| panic!("not a number: {other}")),
    }
}

fn boolean(v: &Value) -> bool {
    match v {
        Value::String(s) => s == "true",
        other => other.as_bool().unwrap(),
    }
}

/// A cell of counts by name, in any format: a JSON object (or its text), or
/// a list of `{name, count}` structs.
fn counts(v: &Value) -> BTreeMap<String, u64> {
    match v {
        Value::String(s) => counts(&serde_json::from_str(s).unwrap()),
        Value::Object(m) => m.iter().map(|(k, n)| (k.clone(), number(n))).collect(),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                let o = i.as_object().unwrap();
                let name = o.iter().find(|(k, _)| *k != "count").unwrap().1;
                (text(name), number(&o["count"]))
            })
            .collect(),
        other => panic!("not counts: {other}"),
    }
}

/// What the entities table should say, made from the mentions table.
#[derive(Debug, Default, PartialEq)]
struct Entity {
    mentions: u64,
    dateline: u64,
    docs: BTreeSet<usize>,
    outside: BTreeSet<usize>,
    spellings: BTreeMap<String, u64>,
    kinds: BTreeMap<String, u64>,
}

#[test]
fn the_aggregates_are_the_counts_of_the_mentions_in_every_format() {
    let dir = tempdir("aggregates-formats");
    let Some(input) = corpus(&dir) else { return };
    let input = input.to_str().unwrap();
    // Documents in input order, with their dates.
    let docs: Vec<Value> = std::fs::read_to_string(input)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut seen = BTreeSet::new();
    for format in ["csv", "jsonl", "parquet"] {
        let out = dir.join(format);
        let o = gazet(&[
            "extract",
            input,
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
            "--keep-field",
            "date",
            "--cooccur",
            "document,sentence",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mentions = table(&out, "mentions", format);
        let documents = table(&out, "documents", format);
        assert_eq!(documents.len(), docs.len());
        let order: BTreeMap<String, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (text(&d["doc_id"]), i))
            .collect();
        // Entities, by hand.
        let mut by_hand: BTreeMap<String, Entity> = BTreeMap::new();
        // Pairs: documents and sentences naming both, outside datelines.
        let mut in_doc: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        let mut in_sentence: BTreeMap<(usize, String, u64), BTreeSet<String>> = BTreeMap::new();
        for m in &mentions {
            let id = text(&m["entity_id"]);
            let doc = order[&text(&m["doc_id"])];
            let dateline = boolean(&m["dateline"]);
            let e = by_hand.entry(id.clone()).or_default();
            e.mentions += 1;
            e.dateline += u64::from(dateline);
            e.docs.insert(doc);
            if !dateline {
                e.outside.insert(doc);
                in_doc.entry(doc).or_default().insert(id.clone());
                in_sentence
                    .entry((doc, text(&m["field"]), number(&m["sentence"])))
                    .or_default()
                    .insert(id.clone());
            }
            *e.spellings.entry(text(&m["surface"])).or_default() += 1;
            *e.kinds.entry(text(&m["match"])).or_default() += 1;
        }
        let entities = table(&out, "entities", format);
        assert_eq!(entities.len(), by_hand.len(), "{format}");
        let mut last = u64::MAX;
        for row in &entities {
            let id = text(&row["entity_id"]);
            let e = &by_hand[&id];
            assert_eq!(number(&row["mentions"]), e.mentions, "{format} {id}");
            assert!(e.mentions <= last, "sorted by mentions");
            last = e.mentions;
            assert_eq!(
                number(&row["dateline_mentions"]),
                e.dateline,
                "{format} {id}"
            );
            assert_eq!(
                number(&row["documents"]),
                e.docs.len() as u64,
                "{format} {id}"
            );
            assert_eq!(
                number(&row["documents_outside_dateline"]),
                e.outside.len() as u64,
                "{format} {id}"
            );
            assert_eq!(counts(&row["spellings"]), e.spellings, "{format} {id}");
            assert_eq!(counts(&row["match_kinds"]), e.kinds, "{format} {id}");
            let first = *e.docs.iter().next().unwrap();
            let last_doc = *e.docs.iter().last().unwrap();
            assert_eq!(text(&row["first_doc"]), text(&documents[first]["doc_id"]));
            assert_eq!(text(&row["last_doc"]), text(&documents[last_doc]["doc_id"]));
            // Dates: the Reuters stories have them, the sample articles too.
            let dates: BTreeSet<String> = e
                .docs
                .iter()
                .filter_map(|&d| docs[d]["date"].as_str().and_then(iso))
                .collect();
            assert_eq!(
                text(&row["first_date"]),
                dates.iter().next().cloned().unwrap_or_default(),
                "{format} {id}"
            );
            assert_eq!(
                text(&row["last_date"]),
                dates.iter().last().cloned().unwrap_or_default(),
                "{format} {id}"
            );
        }
        // Pairs, by hand.
        let mut pairs: BTreeMap<(String, String), (u64, u64, usize)> = BTreeMap::new();
        let mut count = |ids: &BTreeSet<String>, doc: usize, unit: usize| {
            let ids: Vec<&String> = ids.iter().collect();
            for (i, a) in ids.iter().enumerate() {
                for b in &ids[i + 1..] {
                    let p = pairs
                        .entry(((*a).clone(), (*b).clone()))
                        .or_insert((0, 0, doc));
                    if unit == 0 {
                        p.0 += 1
                    } else {
                        p.1 += 1
                    }
                    p.2 = p.2.min(doc);
                }
            }
        };
        for (doc, ids) in &in_doc {
            count(ids, *doc, 0);
        }
        for ((doc, _, _), ids) in &in_sentence {
            count(ids, *doc, 1);
        }
        let table_pairs = table(&out, "cooccurrence", format);
        assert_eq!(table_pairs.len(), pairs.len(), "{format}");
        let mut last = u64::MAX;
        for row in &table_pairs {
            let key = (text(&row["entity_a"]), text(&row["entity_b"]));
            assert!(key.0 < key.1);
            let (d, s, first) = pairs[&key];
            assert_eq!(
                (number(&row["documents"]), number(&row["sentences"])),
                (d, s),
                "{format} {key:?}"
            );
            assert!(d <= last, "sorted by documents");
            last = d;
            assert_eq!(
                text(&row["first_doc"]),
                text(&documents[first]["doc_id"]),
                "{key:?}"
            );
        }
        assert!(
            table_pairs.len() > 1000,
            "{format}: {} pairs",
            table_pairs.len()
        );
        seen.insert((entities.len(), table_pairs.len()));
    }
    assert_eq!(seen.len(), 1, "every format has the same rows: {seen:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `26-FEB-1987 15:01:01.79` or `2026-01-05` as `1987-02-26`.
fn iso(date: &str) -> Option<String> {
    if date.len() >= 10 && date.as_bytes()[4] == b'-' {
        return Some(date[..10].to_string());
    }
    let months = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let mut parts = date.trim().split(['-', ' ']);
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let month = months.iter().position(|m| *m == month)? + 1;
    let year: u32 = parts.next()?.parse().ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[test]
fn rare_pairs_units_and_datelines_follow_the_options() {
    let dir = tempdir("aggregates-options");
    let input = dir.join("a.jsonl");
    std::fs::write(
        &input,
        concat!(
            "{\"id\":\"a\",\"text\":\"BAGHDAD – Kataib Hezbollah fired on Erbil.\\n\\nErbil and Tehran spoke.\"}\n",
            "{\"id\":\"b\",\"text\":\"Kataib Hezbollah and Erbil again.\"}\n",
        ),
    )
    .unwrap();
    let run = |name: &str, extra: &[&str]| -> Vec<Vec<String>> {
        let out = dir.join(name);
        let mut args = vec![
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = gazet(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut r = csv::Reader::from_path(out.join("cooccurrence.csv")).unwrap();
        let mut rows = vec![r.headers().unwrap().iter().map(String::from).collect()];
        rows.extend(
            r.records()
                .map(|x| x.unwrap().iter().map(String::from).collect()),
        );
        rows
    };
    let all = run("all", &[]);
    assert_eq!(
        all[0],
        [
            "entity_a",
            "entity_b",
            "type_a",
            "type_b",
            "canonical_a",
            "canonical_b",
            "documents",
            "sentences",
            "first_doc"
        ]
    );
    assert_eq!(all[1][..2], ["erbil", "kataib-hezbollah"]);
    assert_eq!(all[1][6..], ["2", "2", "a"]);
    assert!(
        !all.iter().any(|r| r[0] == "baghdad" || r[1] == "baghdad"),
        "a dateline pairs with nothing"
    );
    let rare = run("rare", &["--cooccur-min", "2"]);
    assert_eq!(rare.len(), 2, "{rare:?}");
    let paragraphs = run("paragraphs", &["--cooccur", "paragraph,document"]);
    assert_eq!(paragraphs[0][6..], ["paragraphs", "documents", "first_doc"]);
    // Erbil and Tehran share a paragraph; Kataib Hezbollah and Tehran only the document.
    assert!(paragraphs
        .iter()
        .any(|r| r[..2] == ["erbil", "tehran"] && r[6] == "1"));
    assert!(!paragraphs
        .iter()
        .any(|r| r[..2] == ["kataib-hezbollah", "tehran"]));
    let datelines = run("datelines", &["--cooccur-datelines"]);
    assert!(datelines
        .iter()
        .any(|r| r[..2] == ["baghdad", "kataib-hezbollah"]));
    // No aggregates: no tables, and none left from an earlier run.
    let out = dir.join("all");
    let o = gazet(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-aggregates",
    ]);
    assert!(o.status.success());
    assert!(!out.join("cooccurrence.csv").exists() && !out.join("entities.csv").exists());
    assert!(out.join("mentions.csv").exists());
    let bad = gazet(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--cooccur",
        "chapter",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown co-occurrence unit \"chapter\""));
    let bad = gazet(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date-field",
        "date",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--keep-field date"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_run_killed_and_resumed_counts_the_same() {
    let dir = tempdir("aggregates-resume");
    let Some(input) = corpus(&dir) else { return };
    let input = input.to_str().unwrap();
    let whole = dir.join("whole");
    let o = gazet(&[
        "extract",
        input,
        "--out",
        whole.to_str().unwrap(),
        "--keep-field",
        "date",
    ]);
    assert!(o.status.success());
    let out = dir.join("killed");
    let args = [
        "extract",
        input,
        "--out",
        out.to_str().unwrap(),
        "--keep-field",
        "date",
        "--batch-docs",
        "50",
        "--checkpoint-secs",
        "0",
        "--batch-pause-ms",
        "40",
    ];
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(args)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once a few checkpoints are written.
    let cp = out.join(".gazet-checkpoint.json");
    let started = std::time::Instant::now();
    while !(cp.exists()
        && std::fs::read_to_string(&cp)
            .map(|t| t.contains("\"aggregates\":{"))
            .unwrap_or(false))
        && started.elapsed().as_secs() < 60
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!out.join("entities.csv").exists(), "killed before the end");
    let mut resume = args.to_vec();
    resume.truncate(6);
    resume.push("--resume");
    let o = gazet(&resume);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("resumed after"));
    for name in ["entities.csv", "cooccurrence.csv", "mentions.csv"] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(whole.join(name)).unwrap(),
            "{name}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_report_is_the_same_page_from_every_format() {
    let dir = tempdir("aggregates-report");
    let Some(input) = corpus(&dir) else { return };
    let mut pages = Vec::new();
    for format in ["csv", "jsonl", "parquet"] {
        // The same directory name, for the same title.
        let out = dir.join(format).join("run");
        let o = gazet(&[
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
            "--keep-field",
            "date",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let o = gazet(&["report", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let page = std::fs::read_to_string(out.join("report.html")).unwrap();
        let again = gazet(&["report", out.to_str().unwrap(), "--output", "-"]);
        assert_eq!(
            String::from_utf8(again.stdout).unwrap(),
            page,
            "the same bytes twice"
        );
        pages.push(page);
    }
    assert_eq!(pages[0], pages[1], "csv and jsonl");
    assert_eq!(pages[0], pages[2], "csv and parquet");
    let page = &pages[0];
    let documents = std::fs::read_to_string(&input).unwrap().lines().count();
    let shown = format!("{},{:03}", documents / 1000, documents % 1000);
    assert!(page.contains(&shown), "the page shows {shown} documents");
    // The Reuters stories of 1987 make a timeline by month, gaps filled.
    assert!(page.contains("1987-02") && page.contains("1987-03"));
    assert!(page.contains("Over time"));
    assert!(!page.contains("<script"));
    // Not a run: a clear error.
    let o = gazet(&["report", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no documents table"));
    std::fs::remove_dir_all(&dir).unwrap();
}
