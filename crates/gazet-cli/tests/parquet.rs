//! Parquet in and out: `--format parquet` writes the rows `--format csv`
//! writes, typed; a Parquet input gives the documents its JSONL twin gives,
//! with kept fields; and a Parquet run killed with SIGKILL resumes to the
//! rows of a run never stopped.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Int64Type};
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use common::{args, fault_corpus, gazet, kill_twice, resume_to_the_end, rows};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

const TABLES: [&str; 3] = ["mentions", "documents", "rejects"];

/// The option that makes a run write Parquet.
const PARQUET: [&str; 2] = ["--format", "parquet"];

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn extract(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut a = vec!["extract"];
    a.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    a.extend(["--out", out.to_str().unwrap()]);
    a.extend_from_slice(extra);
    gazet(&a)
}

/// A dataset read back: its column names, and its rows with every cell as
/// the CSV tables write it (null as an empty cell, the score to two
/// decimals, ambiguous ids `|`-joined), the parts read in order. Checks
/// that the parts are `part-00000.parquet` on, numbered without a gap, with
/// one schema, and that nothing else is in the directory.
fn dataset(dir: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let want: Vec<String> = (0..names.len())
        .map(|i| format!("part-{i:05}.parquet"))
        .collect();
    assert_eq!(names, want, "the parts of {}", dir.display());
    let mut columns: Option<Vec<String>> = None;
    let mut out = Vec::new();
    for name in &names {
        let file = std::fs::File::open(dir.join(name)).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        let schema = arrow_array::RecordBatchReader::schema(&reader);
        let these: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        assert_eq!(columns.get_or_insert(these.clone()), &these, "{name}");
        for batch in reader {
            out.extend(csv_rows(&batch.unwrap()));
        }
    }
    (columns.unwrap(), out)
}

fn csv_rows(batch: &RecordBatch) -> Vec<Vec<String>> {
    (0..batch.num_rows())
        .map(|i| batch.columns().iter().map(|c| cell(c, i)).collect())
        .collect()
}

fn cell(c: &ArrayRef, i: usize) -> String {
    if c.is_null(i) {
        return String::new();
    }
    if let Some(s) = c.as_string_opt::<i32>() {
        s.value(i).to_string()
    } else if let Some(n) = c.as_primitive_opt::<Int64Type>() {
        n.value(i).to_string()
    } else if let Some(f) = c.as_primitive_opt::<Float32Type>() {
        format!("{:.2}", f.value(i))
    } else if let Some(b) = c.as_boolean_opt() {
        b.value(i).to_string()
    } else if let Some(l) = c.as_list_opt::<i32>() {
        let ids = l.value(i);
        let ids = ids.as_string::<i32>();
        ids.iter().map(|s| s.unwrap()).collect::<Vec<_>>().join("|")
    } else {
        panic!("unexpected column type {}", c.data_type())
    }
}

/// The header and rows of a CSV table.
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    (header, rows(path))
}

/// The Parquet datasets of `pq` hold the rows of the CSV tables of `csv`,
/// cell for cell.
fn same_rows(csv: &Path, pq: &Path) {
    for t in TABLES {
        let (c_head, c_rows) = table(&csv.join(format!("{t}.csv")));
        let (p_head, p_rows) = dataset(&pq.join(format!("{t}.parquet")));
        assert_eq!(p_head, c_head, "{t}");
        assert_eq!(p_rows.len(), c_rows.len(), "{t}");
        for (k, (p, c)) in p_rows.iter().zip(&c_rows).enumerate() {
            assert_eq!(p, c, "{t} row {k}");
        }
    }
    let left: Vec<_> = std::fs::read_dir(pq)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample/news.jsonl")
}

#[test]
fn parquet_holds_the_rows_of_csv() {
    let dir = common::tempdir("parquet-csv");
    let fields = ["--text-field", "title", "--text-field", "text"];
    let (csv, pq) = (dir.join("csv"), dir.join("pq"));
    let res = extract(&[&sample()], &csv, &fields);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let mut extra = fields.to_vec();
    extra.extend(["--format", "parquet"]);
    let res = extract(&[&sample()], &pq, &extra);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    same_rows(&csv, &pq);
    let (_, mentions) = dataset(&pq.join("mentions.parquet"));
    assert!(mentions.len() > 20, "{}", mentions.len());
    let (_, rejects) = dataset(&pq.join("rejects.parquet"));
    assert!(
        rejects.is_empty(),
        "an empty dataset is one part with no rows"
    );

    // Bad lines: not JSON, a number as text, a repeated id, an ambiguous
    // name; a second run over the same directory replaces the first.
    let bad = dir.join("bad.jsonl");
    let mut text = std::fs::read_to_string(sample()).unwrap();
    text.push_str("{\"id\": not json\n");
    text.push_str("{\"id\":\"n\",\"text\":42}\n");
    text.push_str("{\"id\":\"sample-001\",\"text\":\"Baghdad again, and Tripoli\"}\n");
    text.push_str("{\"text\":\"no id: Kata'ib Hezbollah in Basra\"}\n");
    std::fs::write(&bad, text).unwrap();
    let res = extract(&[&bad], &csv, &fields);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let res = extract(&[&bad], &pq, &extra);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    same_rows(&csv, &pq);
    let (_, rejects) = dataset(&pq.join("rejects.parquet"));
    assert_eq!(rejects.len(), 2);
    let (_, docs) = dataset(&pq.join("documents.parquet"));
    assert!(docs
        .iter()
        .any(|d| d[4] == "flagged" && d[5].contains("duplicate doc_id")));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Writes a Parquet file of these columns.
fn write_parquet(path: &Path, columns: Vec<(&str, ArrayRef)>) {
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let mut w =
        ArrowWriter::try_new(std::fs::File::create(path).unwrap(), batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

fn strings(values: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(values))
}

/// The sample articles as columns: id, title, text.
fn sample_columns() -> Vec<(&'static str, ArrayRef)> {
    let articles = common::sample_articles();
    let col = |name: &str| -> ArrayRef {
        strings(
            articles
                .iter()
                .map(|a| a[name].as_str().map(String::from))
                .collect(),
        )
    };
    vec![
        ("id", col("id")),
        ("title", col("title")),
        ("text", col("text")),
    ]
}

#[test]
fn kept_fields_from_a_parquet_input_go_to_both_formats() {
    let dir = common::tempdir("parquet-keep");
    let input = dir.join("in.parquet");
    let mut columns = sample_columns();
    let n = columns[0].1.len();
    columns.push((
        "date",
        strings(
            (0..n)
                .map(|i| (i != 1).then(|| format!("2024-03-{:02}", i + 1)))
                .collect(),
        ),
    ));
    columns.push((
        "n",
        Arc::new(Int64Array::from(
            (0..n as i64).map(|i| i * 10).collect::<Vec<_>>(),
        )),
    ));
    write_parquet(&input, columns);
    let args = [
        "--text-field",
        "title",
        "--text-field",
        "text",
        "--keep-field",
        "date",
        "--keep-field",
        "n",
    ];
    let (csv, pq) = (dir.join("csv"), dir.join("pq"));
    let res = extract(&[&input], &csv, &args);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let mut extra = args.to_vec();
    extra.extend(["--format", "parquet"]);
    let res = extract(&[&input], &pq, &extra);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));

    let (c_head, c_docs) = table(&csv.join("documents.csv"));
    assert_eq!(c_head[6..], ["date", "n"]);
    let (p_head, p_docs) = dataset(&pq.join("documents.parquet"));
    assert_eq!(p_head, c_head);
    assert_eq!(p_docs, c_docs);
    assert_eq!(c_docs[0][6..], ["2024-03-01", "0"]);
    assert_eq!(c_docs[1][6..], ["", "10"], "a null date is an empty cell");
    assert_eq!(c_docs[2][6..], ["2024-03-03", "20"]);
    // Each mention row carries its document's kept fields.
    let (m_head, mentions) = dataset(&pq.join("mentions.parquet"));
    let own = gazet::sink::csv::MENTION_COLUMNS.len();
    assert_eq!(m_head[own..], ["date", "n"]);
    assert!(!mentions.is_empty());
    for m in &mentions {
        let d = p_docs.iter().find(|d| d[0] == m[0]).unwrap();
        assert_eq!(m[own..], d[6..], "{m:?}");
    }
    // Typed: the kept fields are text columns, null where JSON is null.
    let part = std::fs::File::open(pq.join("documents.parquet/part-00000.parquet")).unwrap();
    let batch = ParquetRecordBatchReaderBuilder::try_new(part)
        .unwrap()
        .build()
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let date = batch.column_by_name("date").unwrap();
    assert!(date.is_null(1));
    assert_eq!(
        batch
            .column_by_name("n")
            .unwrap()
            .as_string::<i32>()
            .value(3),
        "30"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_parquet_input_gives_the_mentions_of_its_jsonl_twin() {
    let dir = common::tempdir("parquet-source");
    let pq = dir.join("news.parquet");
    write_parquet(&pq, sample_columns());
    let fields = ["--text-field", "title", "--text-field", "text"];
    let (from_jsonl, from_pq) = (dir.join("jsonl"), dir.join("pq"));
    let res = extract(&[&sample()], &from_jsonl, &fields);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    // A directory holding the file is walked like any other.
    let parts = dir.join("parts");
    std::fs::create_dir_all(&parts).unwrap();
    std::fs::copy(&pq, parts.join("part-00000.parquet")).unwrap();
    let res = extract(&[&parts], &from_pq, &fields);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let (a, b) = (
        std::fs::read(from_jsonl.join("mentions.csv")).unwrap(),
        std::fs::read(from_pq.join("mentions.csv")).unwrap(),
    );
    assert!(a == b, "mentions.csv differs");
    let (a, b) = (
        rows(&from_jsonl.join("documents.csv")),
        rows(&from_pq.join("documents.csv")),
    );
    assert_eq!(a.len(), b.len());
    for (k, (a, b)) in a.iter().zip(&b).enumerate() {
        let source = |r: &[String]| r[1].rsplit_once(':').map(|(_, n)| n.to_string());
        assert_eq!(source(a), source(b), "row {k}: the line is the row number");
        assert_eq!((&a[..1], &a[2..]), (&b[..1], &b[2..]), "row {k}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn no_final_datasets(out: &Path) {
    for t in TABLES {
        let d = out.join(format!("{t}.parquet"));
        assert!(!d.exists(), "{} exists after an interruption", d.display());
    }
}

#[test]
fn killed_twice_and_resumed_gives_the_same_datasets() {
    let dir = common::tempdir("parquet-kill");
    let inputs = fault_corpus(&dir);
    let (fresh, out) = (dir.join("fresh"), dir.join("out"));
    let res = gazet(&args(&inputs, &fresh, &PARQUET));
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let (_, docs) = dataset(&fresh.join("documents.parquet"));
    assert_eq!(docs.len(), 3609);

    // A checkpoint interval of zero closes a part at every checkpoint: the
    // kills land between many parts.
    let done = kill_twice(&inputs, &out, &PARQUET, [1500, 2700], no_final_datasets);
    resume_to_the_end(&inputs, &out, &PARQUET, 1, 3609, done);
    for t in TABLES {
        let d = format!("{t}.parquet");
        let (a_head, a) = dataset(&fresh.join(&d));
        let (b_head, b) = dataset(&out.join(&d));
        assert_eq!(a_head, b_head, "{t}");
        assert_eq!(a.len(), b.len(), "{t}");
        assert!(a == b, "{t}: the rows differ");
    }
    let parts = std::fs::read_dir(out.join("documents.parquet"))
        .unwrap()
        .count();
    assert!(parts > 10, "{parts} parts: one per checkpoint");
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    std::fs::remove_dir_all(dir).unwrap();
}
