//! The output formats say the same thing: the CSV tables, the JSON lines
//! tables (`--format jsonl`) and standard output (`--out -`) hold the same
//! mentions and documents, typed in JSON; kept fields keep their JSON types;
//! a reader that closes standard output ends a run quietly; a killed JSON
//! lines run resumes to the same bytes.

mod common;

use common::{
    args, fault_corpus, gazet, kill_twice, no_final_tables, resume_to_the_end, same_tables, stderr,
};
use serde_json::{json, Map, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const CSV_TABLES: [&str; 3] = ["mentions.csv", "documents.csv", "rejects.csv"];
const JSONL_TABLES: [&str; 3] = ["mentions.jsonl", "documents.jsonl", "rejects.jsonl"];

/// Columns whose CSV cells are integers in JSON.
const INTEGERS: &[&str] = &[
    "start",
    "end",
    "char_start",
    "char_end",
    "sentence",
    "field_bytes",
    "mentions",
    "line",
    "byte_offset",
];

/// Columns whose empty CSV cells are `null` in JSON.
const NULLABLE: &[&str] = &[
    "rule",
    "wikidata",
    "country",
    "ambiguous",
    "line",
    "byte_offset",
    "reason",
];

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample/news.jsonl")
}

/// `gazet extract INPUT --out OUT EXTRA...`, which must end with `code`.
fn extract(input: &Path, out: &str, extra: &[&str], code: i32) -> Output {
    let mut a = vec!["extract", input.to_str().unwrap(), "--out", out];
    a.extend_from_slice(extra);
    let res = gazet(&a);
    assert_eq!(res.status.code(), Some(code), "{}", stderr(&res));
    res
}

/// A table as JSON objects: a CSV table typed as the jsonl format types it
/// (integers, the score as a number, `null` for an empty cell, `ambiguous`
/// split), with its header.
fn csv_table(path: &Path) -> (Vec<String>, Vec<Value>) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), header.len(), "{}: {r:?}", path.display());
            let mut o = Map::new();
            for (c, cell) in header.iter().zip(r.iter()) {
                let v = if cell.is_empty() && NULLABLE.contains(&c.as_str()) {
                    Value::Null
                } else if INTEGERS.contains(&c.as_str()) {
                    json!(cell.parse::<u64>().unwrap())
                } else if c == "dateline" {
                    json!(cell.parse::<bool>().unwrap())
                } else if c == "score" {
                    json!(cell.parse::<f64>().unwrap())
                } else if c == "ambiguous" {
                    json!(cell.split('|').collect::<Vec<_>>())
                } else {
                    json!(cell)
                };
                o.insert(c.clone(), v);
            }
            Value::Object(o)
        })
        .collect();
    (header, rows)
}

/// The keys of a JSON object, in the order written (the top level only).
fn keys(line: &str) -> Vec<String> {
    let (mut depth, mut keys) = (0, Vec::new());
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            '"' => {
                let mut end = i + 1;
                while let Some((j, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => {
                            end = j;
                            break;
                        }
                        _ => {}
                    }
                }
                if depth == 1 && line[end + 1..].starts_with(':') {
                    keys.push(serde_json::from_str(&line[i..=end]).unwrap());
                }
            }
            _ => {}
        }
    }
    keys
}

/// The lines of a JSON lines text, each an object.
fn objects(text: &str) -> Vec<Value> {
    assert!(text.is_empty() || text.ends_with('\n'), "{text}");
    text.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            assert!(v.is_object(), "{l}");
            v
        })
        .collect()
}

/// A JSON lines table, each line checked to have `columns` in that order.
fn jsonl_table(path: &Path, columns: &[String]) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    for line in text.lines() {
        assert_eq!(keys(line), columns, "{}: {line}", path.display());
    }
    objects(&text)
}

/// Runs `input` into CSV, JSON lines and standard output, and checks that
/// they hold the same mentions and documents; returns the documents.
fn same_in_every_format(dir: &Path, input: &Path, extra: &[&str], code: i32) -> Vec<Value> {
    let (c, j) = (dir.join("csv"), dir.join("jsonl"));
    extract(input, c.to_str().unwrap(), extra, code);
    let mut e = extra.to_vec();
    e.extend(["--format", "jsonl"]);
    extract(input, j.to_str().unwrap(), &e, code);
    let res = extract(input, "-", extra, code);

    let mut tables = Vec::new();
    for (csv, jsonl) in CSV_TABLES.iter().zip(JSONL_TABLES) {
        let (header, rows) = csv_table(&c.join(csv));
        assert_eq!(jsonl_table(&j.join(jsonl), &header), rows, "{jsonl}");
        tables.push(rows);
    }
    let [mentions, documents, rejects] = <[Vec<Value>; 3]>::try_from(tables).unwrap();

    // Standard output: one object per document, rejected ones too, each
    // the documents row with its mentions in it.
    let out = String::from_utf8(res.stdout).unwrap();
    let streamed = objects(&out);
    assert_eq!(streamed.len(), documents.len());
    let mut streamed_mentions = Vec::new();
    for (s, d) in streamed.iter().zip(&documents) {
        let line = serde_json::to_string(s).unwrap();
        let ms = s["mentions"].as_array().unwrap();
        let mut row = s.as_object().unwrap().clone();
        row.insert("mentions".into(), json!(ms.len()));
        assert_eq!(&Value::Object(row), d);
        for m in ms {
            let mut m = m.as_object().unwrap().clone();
            assert!(!m.contains_key("doc_id"), "{line}");
            m.insert("doc_id".into(), s["doc_id"].clone());
            streamed_mentions.push(Value::Object(m));
        }
    }
    for line in out.lines() {
        assert_eq!(
            keys(line),
            [
                "doc_id",
                "source",
                "status",
                "reason",
                "field_bytes",
                "mentions"
            ]
        );
    }
    assert_eq!(streamed_mentions, mentions);
    let streamed_rejects: Vec<_> = streamed
        .iter()
        .filter(|s| s["status"] == "rejected")
        .map(|s| (s["source"].clone(), &s["doc_id"], &s["reason"]))
        .collect();
    let rejected: Vec<_> = rejects
        .iter()
        .map(|r| {
            let source = format!("{}:{}", r["file"].as_str().unwrap(), r["line"]);
            (json!(source), &r["doc_id"], &r["reason"])
        })
        .collect();
    assert_eq!(streamed_rejects, rejected);
    documents
}

#[test]
fn csv_jsonl_and_stdout_say_the_same_on_the_sample() {
    let dir = common::tempdir("formats-sample");
    let documents = same_in_every_format(
        &dir,
        &sample(),
        &["--text-field", "title", "--text-field", "text"],
        0,
    );
    assert_eq!(documents.len(), 8);
    let mentions: u64 = documents
        .iter()
        .map(|d| d["mentions"].as_u64().unwrap())
        .sum();
    assert!(mentions > 50, "{mentions}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn csv_jsonl_and_stdout_say_the_same_on_bad_lines() {
    let dir = common::tempdir("formats-bad");
    let input = dir.join("bad.jsonl");
    std::fs::write(
        &input,
        [
            r#"{"id":"a","text":"Kata'ib Hezbollah fighters left Baghdad, said the Hashd."}"#,
            "this line is not JSON",
            r#"{"id":"n","text":5}"#,
            r#"{"id":"a","text":"Baghdad again, \"quoted\", with KH"}"#,
            r#"{"id":"e","text":""}"#,
            r#"{"id":"t","title":"no text field"}"#,
            r#"{"id":"z","text":"Hashd, Hashd\nand Baghdad"}"#,
        ]
        .join("\n")
            + "\n",
    )
    .unwrap();
    let g = dir.join("g.csv");
    std::fs::write(
        &g,
        "id,type,canonical,aliases,wikidata,country\n\
         kataib-hezbollah,militia,Kata'ib Hezbollah,KH,Q1199711,IQ\n\
         baghdad,place,Baghdad,,Q1530,IQ\n\
         hashd-a,militia,Hashd One,Hashd,,\n\
         hashd-b,militia,Hashd Two,Hashd,,\n",
    )
    .unwrap();
    let documents = same_in_every_format(&dir, &input, &["-g", g.to_str().unwrap()], 1);
    let status: Vec<&str> = documents
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(status.len(), 7);
    assert_eq!(
        status.iter().filter(|s| **s == "rejected").count(),
        3,
        "{status:?}"
    );
    assert_eq!(status[3], "flagged");
    assert!(documents[3]["reason"]
        .as_str()
        .unwrap()
        .contains("duplicate"));
    // The ambiguous name is an array in JSON, and each format agrees on it.
    let mentions = std::fs::read_to_string(dir.join("jsonl/mentions.jsonl")).unwrap();
    assert!(
        mentions.contains(r#""ambiguous":["hashd-a","hashd-b"]"#),
        "{mentions}"
    );
    assert!(mentions.contains(r#""score":0.5,"#), "{mentions}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn kept_fields_keep_their_json_types() {
    let dir = common::tempdir("formats-keep");
    let input = dir.join("k.jsonl");
    let docs = [
        json!({"id": "a", "text": "Baghdad and Basra", "date": "2024-05-01", "n": 3, "tags": ["x", "y"], "source": "wire"}),
        json!({"id": "b", "text": "Nothing here", "date": "2024-05-02", "n": 2.5, "tags": [], "source": null}),
        json!({"id": "c", "text": "Baghdad", "n": -1}),
    ];
    let text: String = docs.iter().map(|d| format!("{d}\n")).collect();
    std::fs::write(&input, text).unwrap();
    let keep = [
        "--keep-field",
        "date",
        "--keep-field",
        "n",
        "--keep-field",
        "tags",
        "--keep-field",
        "source",
    ];
    let (c, j) = (dir.join("csv"), dir.join("jsonl"));
    extract(&input, c.to_str().unwrap(), &keep, 0);
    let mut e = keep.to_vec();
    e.extend(["--format", "jsonl"]);
    extract(&input, j.to_str().unwrap(), &e, 0);
    let res = extract(&input, "-", &keep, 0);
    let kept = |d: &Value| -> [Value; 4] {
        let get = |k: &str| d.get(k).cloned().unwrap_or(Value::Null);
        [get("date"), get("n"), get("tags"), get("source")]
    };

    // JSON lines: typed, in the documents rows and in each mention row.
    let documents = objects(&std::fs::read_to_string(j.join("documents.jsonl")).unwrap());
    let mentions = objects(&std::fs::read_to_string(j.join("mentions.jsonl")).unwrap());
    assert_eq!(documents.len(), 3);
    assert!(mentions.len() >= 3);
    for (d, input) in documents.iter().zip(&docs) {
        let [date, n, tags, source] = kept(input);
        assert_eq!(d["date"], date);
        assert_eq!(d["n"], n);
        assert_eq!(d["tags"], tags);
        assert_eq!(d["input_source"], source);
    }
    for m in &mentions {
        let input = docs.iter().find(|d| d["id"] == m["doc_id"]).unwrap();
        let [date, n, tags, source] = kept(input);
        assert_eq!(
            [&m["date"], &m["n"], &m["tags"], &m["source"]],
            [&date, &n, &tags, &source]
        );
    }
    let header = std::fs::read_to_string(j.join("documents.jsonl")).unwrap();
    assert_eq!(
        keys(header.lines().next().unwrap()),
        [
            "doc_id",
            "source",
            "field_bytes",
            "mentions",
            "status",
            "reason",
            "date",
            "n",
            "tags",
            "input_source"
        ]
    );

    // Standard output: typed, in each document's object.
    let streamed = objects(&String::from_utf8(res.stdout).unwrap());
    for (s, input) in streamed.iter().zip(&docs) {
        let [date, n, tags, source] = kept(input);
        assert_eq!(
            [&s["date"], &s["n"], &s["tags"], &s["input_source"]],
            [&date, &n, &tags, &source]
        );
    }

    // CSV: the documents table, as text (a string as it is, null empty,
    // anything else its JSON text).
    let rows = common::rows(&c.join("documents.csv"));
    let cells: Vec<&[String]> = rows.iter().map(|r| &r[6..]).collect();
    assert_eq!(cells[0], ["2024-05-01", "3", r#"["x","y"]"#, "wire"]);
    assert_eq!(cells[1], ["2024-05-02", "2.5", "[]", ""]);
    assert_eq!(cells[2], ["", "-1", "", ""]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_reader_that_closes_stdout_ends_the_run_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(["extract", "-", "--out", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // About 9 MB of documents, written while gazet reads them: far more
    // than a pipe holds, so gazet is still writing when the reader leaves.
    let mut stdin = child.stdin.take().unwrap();
    // Returns the bytes written before gazet stopped reading, or `None` if
    // it read them all.
    let writer = std::thread::spawn(move || {
        let mut written = 0;
        for i in 0..100_000 {
            let line = format!(
                "{}\n",
                json!({"id": format!("d{i}"), "text": "Kata'ib Hezbollah fighters in Baghdad and Basra, said the PMF."})
            );
            if stdin.write_all(line.as_bytes()).is_err() {
                return Some(written);
            }
            written += line.len();
        }
        None
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    drop(stdout);
    let v: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["doc_id"], "d0");
    assert!(!v["mentions"].as_array().unwrap().is_empty());

    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("gazet still running 120 s after its reader left");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    let written = writer.join().unwrap();
    assert!(status.success(), "{status}: {err}");
    assert_eq!(err, "");
    // It stopped at the closed pipe, not at the end of its input.
    assert!(
        written.is_some(),
        "gazet read every document: it never saw the closed pipe"
    );
}

#[test]
fn stdout_refuses_a_directory_and_resume() {
    let dir = common::tempdir("formats-refused");
    let out = dir.join("out");
    let res = extract(&sample(), out.to_str().unwrap(), &["--format", "stdout"], 2);
    let err = stderr(&res);
    assert!(
        err.contains("the stdout format writes to standard output"),
        "{err}"
    );
    assert!(!out.exists());
    let res = extract(&sample(), "-", &["--resume"], 2);
    assert!(
        stderr(&res).contains("standard output cannot be resumed"),
        "{}",
        stderr(&res)
    );
    // --format jsonl with --out - streams the same objects.
    let a = extract(&sample(), "-", &[], 0);
    let b = extract(&sample(), "-", &["--format", "jsonl"], 0);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(objects(&String::from_utf8(a.stdout).unwrap()).len(), 8);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn jsonl_killed_twice_and_resumed_gives_the_same_tables() {
    let dir = common::tempdir("formats-kill");
    let inputs = fault_corpus(&dir);
    let (fresh, out) = (dir.join("fresh"), dir.join("out"));
    let jsonl = ["--format", "jsonl"];
    let res = gazet(&args(&inputs, &fresh, &jsonl));
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let lines = |t: &str| {
        std::fs::read_to_string(fresh.join(t))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(lines("documents.jsonl"), 3609);
    assert_eq!(lines("rejects.jsonl"), 9);

    // Killed (SIGKILL) in the second file, then resumed with other thread
    // and batch settings and killed in the third, then resumed to the end.
    let unfinished = |out: &Path| no_final_tables(out, &JSONL_TABLES);
    let done = kill_twice(&inputs, &out, &jsonl, [1500, 2700], unfinished);
    // The run was a jsonl run: resuming it as CSV is refused.
    let res = gazet(&args(&inputs, &out, &["--resume"]));
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("the options differ"),
        "{}",
        stderr(&res)
    );
    resume_to_the_end(&inputs, &out, &jsonl, 1, 3609, done);
    same_tables(&fresh, &out, &JSONL_TABLES);
    std::fs::remove_dir_all(dir).unwrap();
}
