//! Input formats end to end: the same documents in every format (JSONL,
//! CSV, TSV) and compression give the same mentions; nested JSON fields
//! give the flat ones' mentions; kept fields become columns; each kind of
//! bad CSV record has its outcome; CSV and zstd input resume after a
//! SIGKILL with the same bytes as a run never stopped; a truncated stream
//! keeps the documents before the cut.

mod common;

use common::{
    args, gazet, kill_twice, no_final_tables, resume_to_the_end, rows, same_tables, stderr,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `n` documents made of the sample articles with fresh ids, as JSON
/// objects (`id`, `title`, `text`, `source`).
fn documents(n: usize) -> Vec<serde_json::Value> {
    let articles = common::sample_articles();
    (0..n)
        .map(|i| {
            let mut a = articles[i % articles.len()].clone();
            a["id"] = format!("doc-{i}").into();
            a
        })
        .collect()
}

fn jsonl(docs: &[serde_json::Value]) -> Vec<u8> {
    docs.iter()
        .flat_map(|d| format!("{d}\n").into_bytes())
        .collect()
}

/// The documents as a table with a header (`id`, `title`, `text`,
/// `source`), cells separated by `delimiter`, quoted where needed (the
/// texts hold line ends and quotes).
fn table(docs: &[serde_json::Value], delimiter: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    w.write_record(["id", "title", "text", "source"]).unwrap();
    for d in docs {
        let cell = |k: &str| d[k].as_str().unwrap_or_default().to_string();
        w.write_record([cell("id"), cell("title"), cell("text"), cell("source")])
            .unwrap();
    }
    w.into_inner().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Zstandard, in frames of at most 64 kB: a file of several frames, as
/// concatenated dumps are.
fn zstd(bytes: &[u8]) -> Vec<u8> {
    bytes
        .chunks(64 * 1024)
        .flat_map(|c| zstd::encode_all(c, 3).unwrap())
        .collect()
}

/// Runs `gazet extract - --out OUT EXTRA...` with `input` on standard input.
fn extract_stdin(input: &[u8], out: &Path, extra: &[&str]) -> Output {
    let mut a = vec!["extract", "-", "--out", out.to_str().unwrap()];
    a.extend_from_slice(extra);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(&a)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn ok(res: &Output) {
    assert_eq!(res.status.code(), Some(0), "{}", stderr(res));
}

/// The rows of `documents.csv` without the `source` column (which names
/// the file).
fn documents_but_source(out: &Path) -> Vec<Vec<String>> {
    rows(&out.join("documents.csv"))
        .into_iter()
        .map(|mut r| {
            r.remove(1);
            r
        })
        .collect()
}

const FIELDS: [&str; 4] = ["--text-field", "title", "--text-field", "text"];

#[test]
fn every_format_and_compression_gives_the_same_mentions() {
    let dir = common::tempdir("sources-same");
    let docs = documents(300);
    let plain = jsonl(&docs);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("a.jsonl", plain.clone()),
        ("b.jsonl.gz", gzip(&plain)),
        ("c.jsonl.zst", zstd(&plain)),
        ("d.csv", table(&docs, b',')),
        ("e.tsv", table(&docs, b'\t')),
        ("f.csv.zst", zstd(&table(&docs, b','))),
    ];
    let reference = dir.join("out-a.jsonl");
    for (name, bytes) in &files {
        let input = dir.join(name);
        std::fs::write(&input, bytes).unwrap();
        let out = dir.join(format!("out-{name}"));
        ok(&gazet(&args(&[input], &out, &FIELDS)));
    }
    let out = dir.join("out-stdin");
    ok(&extract_stdin(&zstd(&plain), &out, &FIELDS));
    // A CSV on standard input, and one whose name says nothing, named.
    let mut named = FIELDS.to_vec();
    named.extend(["--input-format", "csv"]);
    let csv_stdin = dir.join("out-stdin-csv");
    ok(&extract_stdin(
        &gzip(&table(&docs, b',')),
        &csv_stdin,
        &named,
    ));
    let dat = dir.join("g.dat");
    std::fs::write(&dat, table(&docs, b',')).unwrap();
    let csv_dat = dir.join("out-g.dat");
    ok(&gazet(&args(&[dat], &csv_dat, &named)));
    let mentions = std::fs::read(reference.join("mentions.csv")).unwrap();
    assert!(rows(&reference.join("mentions.csv")).len() > 1000);
    let documents = documents_but_source(&reference);
    assert_eq!(documents.len(), 300);
    let outs = files
        .iter()
        .map(|(name, _)| dir.join(format!("out-{name}")))
        .chain([out, csv_stdin, csv_dat]);
    for out in outs {
        let m = std::fs::read(out.join("mentions.csv")).unwrap();
        assert!(m == mentions, "{}: mentions.csv differs", out.display());
        assert_eq!(documents_but_source(&out), documents, "{}", out.display());
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_truncated_zstd_file_keeps_the_documents_before_the_cut() {
    let dir = common::tempdir("sources-zst-cut");
    // Ids that do not compress away, so the stream has many blocks.
    let docs: Vec<serde_json::Value> = documents(3000)
        .into_iter()
        .enumerate()
        .map(|(i, mut d)| {
            d["id"] = format!("{:016x}", (i as u64).wrapping_mul(0x9e3779b97f4a7c15)).into();
            d
        })
        .collect();
    let zst = zstd::encode_all(&jsonl(&docs)[..], 19).unwrap();
    let input = dir.join("cut.jsonl.zst");
    std::fs::write(&input, &zst[..zst.len() * 2 / 3]).unwrap();
    let out = dir.join("out");
    let res = gazet(&args(&[input], &out, &[]));
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let documents = rows(&out.join("documents.csv"));
    let rejects = rows(&out.join("rejects.csv"));
    let (last, kept) = documents.split_last().unwrap();
    assert!(kept.len() > 500 && kept.len() < 3000, "{}", kept.len());
    // The documents before the cut, in order; the last line read may be cut
    // short itself.
    for (row, doc) in kept.iter().zip(&docs).take(kept.len() - 1) {
        assert_eq!(row[0], doc["id"].as_str().unwrap());
        assert_eq!(row[4], "ok", "{row:?}");
    }
    assert_eq!(last[4], "rejected");
    assert!(
        last[5].starts_with("cannot read the rest of the file, from line "),
        "{last:?}"
    );
    assert!(
        last[5].ends_with("the documents before it are kept"),
        "{last:?}"
    );
    assert!(rejects.iter().any(|r| r[4] == last[5]));
    std::fs::remove_dir_all(dir).unwrap();
}

/// Killed (SIGKILL) twice, then resumed with other thread and batch
/// settings, a run over `inputs` gives the same tables as a run never
/// stopped, which exits with `code` after `total` documents.
fn killed_twice_and_resumed(dir: &Path, inputs: &[PathBuf], extra: &[&str], code: i32, total: u64) {
    let (fresh, out) = (dir.join("fresh"), dir.join("out"));
    let res = gazet(&args(inputs, &fresh, extra));
    assert_eq!(res.status.code(), Some(code), "{}", stderr(&res));
    assert_eq!(rows(&fresh.join("documents.csv")).len() as u64, total);

    let unfinished = |out: &Path| no_final_tables(out, &common::TABLES);
    let done = kill_twice(inputs, &out, extra, [total / 3, total * 2 / 3], unfinished);
    resume_to_the_end(inputs, &out, extra, code, total, done);
    same_tables(&fresh, &out, &common::TABLES);
}

#[test]
fn a_killed_run_over_zstd_resumes_with_the_same_tables() {
    let dir = common::tempdir("sources-zst-kill");
    let mut text = jsonl(&documents(3000));
    text.extend_from_slice(b"{\"id\": not json\n");
    let input = dir.join("dump.jsonl.zst");
    std::fs::write(&input, zstd(&text)).unwrap();
    killed_twice_and_resumed(&dir, &[input], &FIELDS, 1, 3001);
    std::fs::remove_dir_all(dir).unwrap();
}

/// The rows of `mentions.csv`, with the `field` column renamed by `rename`.
fn mentions_renamed(out: &Path, rename: &[(&str, &str)]) -> Vec<Vec<String>> {
    rows(&out.join("mentions.csv"))
        .into_iter()
        .map(|mut r| {
            if let Some((_, to)) = rename.iter().find(|(from, _)| r[1] == *from) {
                r[1] = to.to_string();
            }
            r
        })
        .collect()
}

#[test]
fn nested_fields_give_the_same_mentions_as_flat_ones() {
    let dir = common::tempdir("sources-nested");
    let docs = documents(40);
    let nested: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| {
            serde_json::json!({
                "meta": {"id": d["id"], "tags": ["a", {"b": [[[]]]}]},
                "html": {"body": "<p>Baghdad</p>"},
                "article": {"title": d["title"], "body": d["text"]},
            })
        })
        .collect();
    let (flat_in, nested_in) = (dir.join("flat.jsonl"), dir.join("nested.jsonl"));
    std::fs::write(&flat_in, jsonl(&docs)).unwrap();
    std::fs::write(&nested_in, jsonl(&nested)).unwrap();
    let (flat, deep) = (dir.join("flat"), dir.join("nested"));
    ok(&gazet(&args(&[flat_in], &flat, &FIELDS)));
    let paths = [
        "--text-field",
        "article.title",
        "--text-field",
        "article.body",
        "--id-field",
        "meta.id",
    ];
    ok(&gazet(&args(&[nested_in], &deep, &paths)));
    let renamed = mentions_renamed(
        &deep,
        &[("article.title", "title"), ("article.body", "text")],
    );
    let reference = rows(&flat.join("mentions.csv"));
    assert!(reference.len() > 100);
    assert_eq!(renamed, reference);
    // The field column is the path as given.
    let fields: std::collections::BTreeSet<String> = rows(&deep.join("mentions.csv"))
        .into_iter()
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(
        fields.into_iter().collect::<Vec<_>>(),
        ["article.body", "article.title"]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn kept_fields_are_columns_of_the_documents_table() {
    let dir = common::tempdir("sources-keep");
    let input = dir.join("x.jsonl");
    std::fs::write(
        &input,
        concat!(
            "{\"id\":\"a\",\"text\":\"Baghdad\",\"source\":\"Rudaw\",\"meta\":{\"date\":\"2024-01-02\",\"n\":3}}\n",
            "{\"id\":\"b\",\"text\":\"Basra\",\"meta\":{\"n\":{\"x\":[1,null]}}}\n",
            "not json\n",
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let keep = [
        "--keep-field",
        "source",
        "--keep-field",
        "meta.date",
        "--keep-field",
        "meta.n",
    ];
    let res = gazet(&args(&[input], &out, &keep));
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let table = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    let header = table.lines().next().unwrap();
    assert_eq!(
        header,
        "doc_id,source,field_bytes,mentions,status,reason,input_source,meta.date,meta.n"
    );
    let kept: Vec<Vec<String>> = rows(&out.join("documents.csv"))
        .into_iter()
        .map(|r| r[6..].to_vec())
        .collect();
    assert_eq!(
        kept,
        [
            vec!["Rudaw", "2024-01-02", "3"],
            vec!["", "", "{\"x\":[1,null]}"],
            vec!["", "", ""],
        ]
    );
    // The mentions table is as without kept fields.
    let plain = dir.join("plain");
    gazet(&args(&[dir.join("x.jsonl")], &plain, &[]));
    assert_eq!(
        std::fs::read(out.join("mentions.csv")).unwrap(),
        std::fs::read(plain.join("mentions.csv")).unwrap()
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn csv_records_each_have_their_outcome() {
    let dir = common::tempdir("sources-csv-bad");
    let input = dir.join("bad.csv");
    let mut bytes = b"id,text,date\r\n".to_vec();
    bytes.extend_from_slice(b"a,Baghdad,2024-01-02\r\n");
    bytes.extend_from_slice(b"b,\"Basra,\r\nand \"\"Najaf\"\"\",x\r\n");
    bytes.extend_from_slice(b"c,too,many,cells\r\n");
    bytes.extend_from_slice(b",Tehran,\r\n");
    bytes.extend_from_slice(b"e,Bagh\xFFdad,\r\n");
    bytes.extend_from_slice(b"f,,\r\n");
    std::fs::write(&input, &bytes).unwrap();
    let out = dir.join("out");
    let res = gazet(&args(
        std::slice::from_ref(&input),
        &out,
        &["--keep-field", "date"],
    ));
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let docs = rows(&out.join("documents.csv"));
    let summary: Vec<(&str, &str, &str, &str, &str)> = docs
        .iter()
        .map(|r| {
            (
                r[0].as_str(),
                r[1].rsplit('/').next().unwrap(),
                r[4].as_str(),
                r[5].as_str(),
                r[6].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("a", "bad.csv:2", "ok", "", "2024-01-02"),
            ("b", "bad.csv:3", "ok", "", "x"),
            ("", "bad.csv:5", "rejected", "malformed CSV record: 4 cells where the header has 3", ""),
            ("6", "bad.csv:6", "flagged", "id field 'id' is empty: the line number is used as id", ""),
            ("e", "bad.csv:7", "flagged", "invalid UTF-8: 1 sequence (the first at byte 6) replaced by U+FFFD (byte offsets counted from the line start)", ""),
            ("f", "bad.csv:8", "ok", "", ""),
        ]
    );
    let rejects = rows(&out.join("rejects.csv"));
    assert_eq!(rejects.len(), 1);
    let offset = bytes.windows(4).position(|w| w == b"c,to").unwrap();
    assert_eq!(rejects[0][1..3], ["5".to_string(), offset.to_string()]);
    // Mentions in the quoted cell with a line end, and in the replaced one.
    let mentions = rows(&out.join("mentions.csv"));
    let found: Vec<(&str, &str)> = mentions
        .iter()
        .map(|r| (r[0].as_str(), r[5].as_str()))
        .collect();
    assert!(found.contains(&("b", "Najaf")), "{found:?}");
    assert!(found.contains(&("6", "Tehran")), "{found:?}");

    // No text column in the file: said before the run, with the columns
    // there are.
    let out = dir.join("no-text");
    let res = gazet(&args(
        std::slice::from_ref(&input),
        &out,
        &["--text-field", "body"],
    ));
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("text field body: no such field")
            && stderr(&res).contains("id, text, date"),
        "{}",
        stderr(&res)
    );
    // On standard input, which cannot be looked at before: every record
    // rejected, saying which were looked for.
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args([
            "extract",
            "-",
            "--input-format",
            "csv",
            "--text-field",
            "body",
            "--out",
        ])
        .arg(&out)
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let reasons: Vec<String> = rows(&out.join("documents.csv"))
        .into_iter()
        .map(|r| r[5].clone())
        .collect();
    assert_eq!(reasons.len(), 6);
    assert_eq!(reasons[0], "no text field (body)");
    assert!(reasons
        .iter()
        .all(|r| r.starts_with("no text field (body)") || r.starts_with("malformed")));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_killed_run_over_csv_resumes_with_the_same_tables() {
    let dir = common::tempdir("sources-csv-kill");
    let mut bytes = table(&documents(3000), b',');
    bytes.extend_from_slice(b"x,too,many,cells,here\n");
    let input = dir.join("dump.csv");
    std::fs::write(&input, bytes).unwrap();
    killed_twice_and_resumed(&dir, &[input], &FIELDS, 1, 3001);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unknown_input_format_is_a_usage_error() {
    let dir = common::tempdir("sources-input-format");
    let out = dir.join("out");
    let res = gazet(&[
        "extract",
        "-",
        "--out",
        out.to_str().unwrap(),
        "--input-format",
        "xml",
    ]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(
        err.contains("unknown --input-format xml: expected one of txt, jsonl, csv, tsv, parquet"),
        "{err}"
    );
    assert!(!out.exists());
    // A file of unknown ending says how to name its format.
    let dat = dir.join("x.dat");
    std::fs::write(&dat, "id,text\n").unwrap();
    let res = gazet(&args(std::slice::from_ref(&dat), &out, &[]));
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res)
        .contains("or name the format with --input-format (txt, jsonl, csv, tsv, parquet)"));
    // sample knows it too.
    std::fs::write(&dat, "id,text\na,Baghdad and Basra\n").unwrap();
    let res = gazet(&args(
        std::slice::from_ref(&dat),
        &out,
        &["--input-format", "csv"],
    ));
    ok(&res);
    let res = gazet(&[
        "sample",
        dat.to_str().unwrap(),
        "--mentions",
        out.join("mentions.csv").to_str().unwrap(),
        "--input-format",
        "csv",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let sample = String::from_utf8_lossy(&res.stdout);
    assert!(
        sample.contains("Baghdad") && sample.contains("Basra"),
        "{sample}"
    );
    let res = gazet(&[
        "sample",
        "-",
        "--mentions",
        out.join("mentions.csv").to_str().unwrap(),
        "--input-format",
        "yaml",
    ]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(stderr(&res).contains("unknown --input-format yaml"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_tables_of_an_earlier_run_are_not_read_as_input() {
    let dir = common::tempdir("sources-out-inside");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("a.jsonl"), jsonl(&documents(5))).unwrap();
    std::fs::write(data.join("b.csv"), table(&documents(3), b',')).unwrap();
    let out = data.join("out");
    let first = gazet(&args(std::slice::from_ref(&data), &out, &[]));
    ok(&first);
    let before = std::fs::read(out.join("documents.csv")).unwrap();
    assert_eq!(rows(&out.join("documents.csv")).len(), 8);
    let second = gazet(&args(std::slice::from_ref(&data), &out, &[]));
    ok(&second);
    let err = stderr(&second);
    for t in ["mentions.csv", "documents.csv", "rejects.csv"] {
        assert!(
            err.contains(&format!(
                "out/{t}: in the output directory of this run: not read as input"
            )),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(out.join("documents.csv")).unwrap(), before);
    // A table given directly is read, wherever it is.
    let given = [out.join("documents.csv")];
    let o3 = dir.join("o3");
    let third = gazet(&args(&given, &o3, &["--text-field", "reason"]));
    ok(&third);
    assert_eq!(rows(&o3.join("documents.csv")).len(), 8);
    std::fs::remove_dir_all(dir).unwrap();
}
