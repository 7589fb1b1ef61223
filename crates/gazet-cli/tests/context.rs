//! `gazet extract --context N`: a `context` column, last among the mention
//! columns, saying the same in every format; none without the option.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use common::{gazet, rows, stderr, tempdir};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample/news.jsonl")
}

/// `gazet extract SAMPLE --out OUT EXTRA...`, which must succeed.
fn extract(out: &str, extra: &[&str]) -> Vec<u8> {
    let sample = sample();
    let mut a = vec!["extract", sample.to_str().unwrap(), "--out", out];
    a.extend_from_slice(extra);
    let res = gazet(&a);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    res.stdout
}

/// A mention's key: document, field, byte offsets.
type Key = (String, String, u64, u64);

/// Mentions by key: their surface and context.
type Surfaces = BTreeMap<Key, (String, Option<String>)>;

fn key(doc: &str, m: &Value) -> Key {
    (
        doc.to_string(),
        m["field"].as_str().unwrap().to_string(),
        m["start"].as_u64().unwrap(),
        m["end"].as_u64().unwrap(),
    )
}

/// The mentions of a CSV table: header, and each row's context by key.
fn csv_contexts(out: &Path) -> (Vec<String>, Surfaces) {
    let table = out.join("mentions.csv");
    let mut reader = csv::Reader::from_path(&table).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = |c: &str| header.iter().position(|h| h == c).unwrap();
    let ctx = header.iter().position(|h| h == "context");
    let mut by_key = BTreeMap::new();
    for r in rows(&table) {
        let k = (
            r[at("doc_id")].clone(),
            r[at("field")].clone(),
            r[at("start")].parse().unwrap(),
            r[at("end")].parse().unwrap(),
        );
        by_key.insert(k, (r[at("surface")].clone(), ctx.map(|i| r[i].clone())));
    }
    (header, by_key)
}

/// The contexts of the rows of a Parquet dataset, by key.
fn parquet_contexts(dir: &Path) -> (Vec<String>, BTreeMap<Key, Option<String>>) {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut columns = Vec::new();
    let mut by_key = BTreeMap::new();
    for part in names {
        let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(part).unwrap())
            .unwrap()
            .build()
            .unwrap();
        for batch in reader {
            let batch: RecordBatch = batch.unwrap();
            columns = batch
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            let text = |c: &str| batch.column_by_name(c).unwrap().as_string::<i32>().clone();
            let int = |c: &str| {
                batch
                    .column_by_name(c)
                    .unwrap()
                    .as_primitive::<arrow_array::types::Int64Type>()
                    .clone()
            };
            let (doc, field, start, end) =
                (text("doc_id"), text("field"), int("start"), int("end"));
            let ctx = batch
                .column_by_name("context")
                .map(|c| c.as_string::<i32>().clone());
            for i in 0..batch.num_rows() {
                let k = (
                    doc.value(i).to_string(),
                    field.value(i).to_string(),
                    start.value(i) as u64,
                    end.value(i) as u64,
                );
                let c = ctx.as_ref().map(|c| {
                    assert!(!c.is_null(i));
                    c.value(i).to_string()
                });
                by_key.insert(k, c);
            }
        }
    }
    (columns, by_key)
}

/// The keys of a JSON object in the order written (a mention object's last
/// key is what this test is about).
fn last_keys(line: &str, n: usize) -> Vec<String> {
    let v: Value = serde_json::from_str(line).unwrap();
    let mut at: Vec<(usize, String)> = v
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (line.find(&format!("\"{k}\":")).unwrap(), k.clone()))
        .collect();
    at.sort();
    at.into_iter().rev().take(n).map(|(_, k)| k).rev().collect()
}

#[test]
fn every_format_gives_the_same_context() {
    let dir = tempdir("context-formats");
    let out = |f: &str| dir.join(f);
    let o = |f: &str| out(f).to_str().unwrap().to_string();
    extract(&o("csv"), &["--context", "20"]);
    extract(
        &o("jsonl"),
        &[
            "--context",
            "20",
            "--format",
            "jsonl",
            "--keep-field",
            "source",
        ],
    );
    extract(&o("parquet"), &["--context", "20", "--format", "parquet"]);
    let stdout = extract("-", &["--context", "20"]);

    let (header, csv) = csv_contexts(&out("csv"));
    assert_eq!(header.last().map(String::as_str), Some("context"));
    assert_eq!(header[header.len() - 2], "ambiguous");
    assert!(csv.len() > 10, "{} mentions", csv.len());
    for ((doc, ..), (surface, ctx)) in &csv {
        let ctx = ctx.as_deref().unwrap();
        let surface = surface.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(ctx.contains(&surface), "{doc}: {surface:?} not in {ctx:?}");
        assert!(
            ctx.chars().count() <= 40 + surface.chars().count(),
            "{ctx:?}"
        );
        assert!(
            !ctx.contains(['\n', '\t']) && !ctx.contains("  "),
            "{ctx:?}"
        );
        assert_eq!(ctx.trim(), ctx);
    }
    // Some context is more than the mention.
    assert!(csv
        .values()
        .any(|(s, c)| c.as_deref().unwrap().len() > s.len() + 10));
    let want: BTreeMap<Key, Option<String>> = csv
        .iter()
        .map(|(k, (_, c))| (k.clone(), c.clone()))
        .collect();

    let table = std::fs::read_to_string(out("jsonl").join("mentions.jsonl")).unwrap();
    let mut jsonl = BTreeMap::new();
    for line in table.lines() {
        // context after the mention's own columns, before the kept fields.
        assert_eq!(last_keys(line, 3), ["ambiguous", "context", "source"]);
        let m: Value = serde_json::from_str(line).unwrap();
        let k = key(m["doc_id"].as_str().unwrap(), &m);
        jsonl.insert(k, m["context"].as_str().map(String::from));
    }
    assert_eq!(jsonl, want);

    let (columns, parquet) = parquet_contexts(&out("parquet").join("mentions.parquet"));
    assert_eq!(columns.last().map(String::as_str), Some("context"));
    assert_eq!(parquet, want);

    let mut from_stdout = BTreeMap::new();
    for line in String::from_utf8(stdout).unwrap().lines() {
        let d: Value = serde_json::from_str(line).unwrap();
        let doc = d["doc_id"].as_str().unwrap();
        // Each mention's context follows its `ambiguous` (null or a list).
        let after: Vec<&str> = line.split("\"ambiguous\":").skip(1).collect();
        assert_eq!(after.len(), d["mentions"].as_array().unwrap().len());
        for rest in after {
            let rest = rest
                .strip_prefix("null")
                .or_else(|| rest.split_once(']').map(|(_, r)| r))
                .unwrap();
            assert!(rest.starts_with(",\"context\":\""), "{line}");
        }
        for m in d["mentions"].as_array().unwrap() {
            from_stdout.insert(key(doc, m), m["context"].as_str().map(String::from));
        }
    }
    assert_eq!(from_stdout, want);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_the_option_there_is_no_context() {
    let dir = tempdir("context-none");
    let o = |f: &str| dir.join(f).to_str().unwrap().to_string();
    extract(&o("csv"), &[]);
    extract(&o("jsonl"), &["--format", "jsonl"]);
    extract(&o("parquet"), &["--format", "parquet"]);
    let stdout = extract("-", &[]);
    let (header, _) = csv_contexts(&dir.join("csv"));
    assert_eq!(header, gazet::sink::csv::MENTION_COLUMNS);
    let table = std::fs::read_to_string(dir.join("jsonl/mentions.jsonl")).unwrap();
    assert!(!table.is_empty() && !table.contains("\"context\""));
    assert!(!String::from_utf8(stdout).unwrap().contains("\"context\""));
    let (columns, _) = parquet_contexts(&dir.join("parquet/mentions.parquet"));
    assert_eq!(columns, gazet::sink::csv::MENTION_COLUMNS);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn context_0_is_the_mention_and_a_kept_context_field_is_renamed() {
    let dir = tempdir("context-zero");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"a\", \"text\": \"Talks\\n\\nin  Baghdad\\tended.\", \"context\": \"x\"}\n",
    )
    .unwrap();
    let run = |out: &str, n: &str, extra: &[&str]| {
        let mut a = vec![
            "extract",
            input.to_str().unwrap(),
            "--out",
            out,
            "--context",
            n,
        ];
        a.extend_from_slice(extra);
        let res = gazet(&a);
        assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
        res.stdout
    };
    let zero = run("-", "0", &[]);
    let v: Value = serde_json::from_slice(&zero).unwrap();
    assert_eq!(v["mentions"][0]["context"], "Baghdad");
    let wide = run("-", "100", &[]);
    let v: Value = serde_json::from_slice(&wide).unwrap();
    assert_eq!(v["mentions"][0]["context"], "Talks in Baghdad ended.");
    let out = dir.join("out");
    let keep = ["--format", "jsonl", "--keep-field", "context"];
    run(out.to_str().unwrap(), "4", &keep);
    let row: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("mentions.jsonl")).unwrap())
            .unwrap();
    assert_eq!(
        (&row["context"], &row["input_context"]),
        (&Value::from("in Baghdad"), &Value::from("x"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn too_wide_a_context_is_a_usage_error() {
    let sample = sample();
    let res = gazet(&[
        "extract",
        sample.to_str().unwrap(),
        "--out",
        "-",
        "--context",
        "10001",
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("--context must be at most 10000"),
        "{}",
        stderr(&res)
    );
    let res = gazet(&[
        "extract",
        sample.to_str().unwrap(),
        "--out",
        "-",
        "--context",
        "-1",
    ]);
    assert_eq!(res.status.code(), Some(2));
}
