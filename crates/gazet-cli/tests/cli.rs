//! The `gazet` binary end to end: inputs of every kind, tables, exit status.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn gazet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `gazet extract INPUT --out OUT EXTRA...`.
fn extract(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    gazet(&args)
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "gazet failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample/news.jsonl")
}

/// A JSONL corpus big enough to make several batches: the sample, repeated
/// with fresh ids.
fn corpus(dir: &Path, copies: usize) -> PathBuf {
    let lines: Vec<serde_json::Value> = read(&sample())
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let path = dir.join("corpus.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    for c in 0..copies {
        for l in &lines {
            let mut l = l.clone();
            l["id"] = format!("{}-{c}", l["id"].as_str().unwrap()).into();
            writeln!(f, "{l}").unwrap();
        }
    }
    path
}

#[test]
fn same_bytes_with_one_and_two_threads_and_any_batch_size() {
    let dir = common::tempdir("threads");
    let input = corpus(&dir, 400);
    let (a, b, c) = (dir.join("a"), dir.join("b"), dir.join("c"));
    // The default batches, then batches of 7 documents: hundreds of them,
    // each matched apart and written in turn.
    let small: &[&str] = &["--batch-docs", "7"];
    for (out, threads, batch) in [(&a, "1", &[][..]), (&b, "2", &[][..]), (&c, "2", small)] {
        let mut args = vec![
            "--threads",
            threads,
            "--text-field",
            "title",
            "--text-field",
            "text",
        ];
        args.extend_from_slice(batch);
        ok(&extract(&input, out, &args));
    }
    for table in ["mentions.csv", "documents.csv"] {
        assert_eq!(
            std::fs::read(b.join(table)).unwrap(),
            std::fs::read(c.join(table)).unwrap(),
            "{table} depends on the batch size"
        );
    }
    let (ma, mb) = (
        std::fs::read(a.join("mentions.csv")).unwrap(),
        std::fs::read(b.join("mentions.csv")).unwrap(),
    );
    assert!(
        ma.len() > 100_000,
        "expected a real table, got {} bytes",
        ma.len()
    );
    assert_eq!(ma, mb);
    assert_eq!(
        std::fs::read(a.join("documents.csv")).unwrap(),
        std::fs::read(b.join("documents.csv")).unwrap()
    );
    assert_eq!(read(&a.join("documents.csv")).lines().count(), 1 + 400 * 8);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn txt_directory_and_jsonl_give_the_same_mentions() {
    let dir = common::tempdir("txt-jsonl");
    let txt = dir.join("txt");
    std::fs::create_dir_all(txt.join("sub")).unwrap();
    let mut jsonl = std::fs::File::create(dir.join("docs.jsonl")).unwrap();
    for (i, line) in read(&sample()).lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = if i % 2 == 0 {
            format!("doc{i}.txt")
        } else {
            format!("sub/doc{i}.txt")
        };
        std::fs::write(txt.join(&id), v["text"].as_str().unwrap()).unwrap();
        writeln!(
            jsonl,
            "{}",
            serde_json::json!({"id": id, "text": v["text"]})
        )
        .unwrap();
    }
    drop(jsonl);
    let (a, b) = (dir.join("a"), dir.join("b"));
    ok(&extract(&txt, &a, &[]));
    ok(&extract(&dir.join("docs.jsonl"), &b, &[]));
    // Same documents in a different order: compare the sorted rows.
    let sorted = |p: PathBuf| {
        let mut v: Vec<String> = read(&p).lines().map(String::from).collect();
        v.sort();
        v
    };
    let (ra, rb) = (
        sorted(a.join("mentions.csv")),
        sorted(b.join("mentions.csv")),
    );
    assert!(ra.len() > 30);
    assert_eq!(ra, rb);
    assert!(read(&a.join("documents.csv")).contains("sub/doc1.txt,"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn gzip_and_stdin_read_the_same_documents() {
    let dir = common::tempdir("gz-stdin");
    let input = corpus(&dir, 3);
    let bytes = std::fs::read(&input).unwrap();
    let gz = dir.join("corpus.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&bytes).unwrap();
    enc.finish().unwrap();
    let (a, b, c) = (dir.join("a"), dir.join("b"), dir.join("c"));
    ok(&extract(&input, &a, &[]));
    ok(&extract(&gz, &b, &[]));
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(["extract", "-", "--out", c.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&gz).unwrap())
        .unwrap();
    ok(&child.wait_with_output().unwrap());
    let m = read(&a.join("mentions.csv"));
    assert_eq!(m, read(&b.join("mentions.csv")));
    assert_eq!(m, read(&c.join("mentions.csv")));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fields_are_matched_on_their_own_with_offsets_into_each() {
    let dir = common::tempdir("fields");
    let input = dir.join("x.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"title\":\"Iran and Iraq\",\"text\":\"In Iraq’s south\"}\n",
    )
    .unwrap();
    let out = dir.join("out");
    let res = extract(
        &input,
        &out,
        &["--text-field", "title", "--text-field", "text"],
    );
    ok(&res);
    let mut rdr = csv::Reader::from_path(out.join("mentions.csv")).unwrap();
    let rows: Vec<(String, String, String, String, String)> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[1].to_string(),
                r[2].to_string(),
                r[5].to_string(),
                r[6].to_string(),
                r[7].to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "title".into(),
                "iran".into(),
                "Iran".into(),
                "0".into(),
                "4".into()
            ),
            (
                "title".into(),
                "iraq".into(),
                "Iraq".into(),
                "9".into(),
                "13".into()
            ),
            (
                "text".into(),
                "iraq".into(),
                "Iraq".into(),
                "3".into(),
                "7".into()
            ),
        ]
    );
    let summary = String::from_utf8_lossy(&res.stderr);
    assert!(
        summary.contains("1 documents: 1 ok, 0 flagged, 0 rejected;")
            && summary.contains("3 mentions"),
        "{summary}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn documents_not_processed_are_listed_with_their_reason() {
    let dir = common::tempdir("bad-docs");
    let input = dir.join("x.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"Baghdad\"}\nnot json\n{\"id\":\"c\"}\n{\"text\":\"Tehran\"}\n",
    )
    .unwrap();
    let out = dir.join("out");
    let res = extract(&input, &out, &[]);
    assert_eq!(
        res.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let docs = read(&out.join("documents.csv"));
    let lines: Vec<&str> = docs.lines().collect();
    assert_eq!(lines.len(), 5, "{docs}");
    assert!(lines[1].starts_with("a,") && lines[1].ends_with(",ok,"));
    assert!(lines[2].starts_with(",") && lines[2].contains(",rejected,not JSON"));
    assert!(lines[3].starts_with("c,") && lines[3].ends_with(",rejected,no text field (text)"));
    assert!(lines[4].starts_with("4,") && lines[4].ends_with(",ok,"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn gazetteer_errors_stop_the_run_before_any_output() {
    let dir = common::tempdir("bad-gaz");
    let gz = dir.join("g.csv");
    std::fs::write(
        &gz,
        "id,type,canonical,aliases,wikidata\niran,place,Iran,,Q794\niraq,place,Iraq,,QX\n",
    )
    .unwrap();
    let out = dir.join("out");
    let res = extract(&sample(), &out, &["--gazetteer", gz.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains("g.csv:3: malformed Wikidata QID 'QX'"),
        "{err}"
    );
    assert!(!out.exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn custom_gazetteer_replaces_the_default() {
    let dir = common::tempdir("custom-gaz");
    let gz = dir.join("mine");
    std::fs::create_dir_all(&gz).unwrap();
    std::fs::write(
        gz.join("a.csv"),
        "id,type,canonical,aliases\nmehran-crossing,place,Mehran crossing,\n",
    )
    .unwrap();
    let out = dir.join("out");
    // Only the names of the custom gazetteer: `--no-unlisted` leaves out
    // the names no gazetteer lists.
    ok(&extract(
        &sample(),
        &out,
        &["-g", gz.to_str().unwrap(), "--no-unlisted"],
    ));
    let m = read(&out.join("mentions.csv"));
    assert_eq!(m.lines().count(), 2, "{m}");
    assert!(m.contains(",mehran-crossing,place,Mehran crossing,Mehran crossing,"));
    // Without it, the unlisted names come too, each with its own id.
    let again = dir.join("again");
    ok(&extract(&sample(), &again, &["-g", gz.to_str().unwrap()]));
    let m = read(&again.join("mentions.csv"));
    assert!(m.lines().count() > 2, "{m}");
    assert!(
        m.lines()
            .skip(1)
            .all(|l| l.contains(",mehran-crossing,") || l.contains(",unlisted:")),
        "{m}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    let res = gazet(&["extract", "/nonexistent/x.jsonl", "--out", "/tmp/never"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&res.stderr).contains("/nonexistent/x.jsonl: cannot open input")
    );
    let res = gazet(&["extract", "Cargo.toml", "--out", "/tmp/never"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("unknown input type"));
}

#[test]
fn eval_scores_a_table() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = common::tempdir("eval");
    let out = dir.join("out");
    ok(&extract(&shared.join("seeds"), &out, &[]));
    let res = gazet(&[
        "eval",
        "--gold",
        shared.join("gold/seeds_mentions.csv").to_str().unwrap(),
        "--pred",
        out.join("mentions.csv").to_str().unwrap(),
    ]);
    ok(&res);
    let report = String::from_utf8_lossy(&res.stdout);
    for needle in [
        "strict", "lenient", "militia", "outlet", "person", "place", "linking:",
    ] {
        assert!(report.contains(needle), "{report}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sample_is_reproducible_and_shows_context() {
    let dir = common::tempdir("sample");
    let out = dir.join("out");
    let input = sample();
    ok(&extract(&input, &out, &[]));
    let draw = |seed: &str| {
        let res = gazet(&[
            "sample",
            input.to_str().unwrap(),
            "--mentions",
            out.join("mentions.csv").to_str().unwrap(),
            "-n",
            "5",
            "--seed",
            seed,
            "--where",
            "type=place|militia",
        ]);
        ok(&res);
        String::from_utf8(res.stdout).unwrap()
    };
    let a = draw("11");
    assert_eq!(a, draw("11"));
    assert_ne!(a, draw("12"));
    let mut rdr = csv::Reader::from_reader(a.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let (ti, si, li, ri) = (4, 6, h.len() - 3, h.len() - 2);
    assert_eq!(
        (&h[ti], &h[si], &h[li], &h[ri]),
        ("type", "surface", "left", "right")
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let texts: String = read(&input)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .replace('\n', " ")
        })
        .collect::<Vec<_>>()
        .join(" ");
    for r in &rows {
        assert!(&r[ti] == "place" || &r[ti] == "militia");
        // The context around the surface is really in the document.
        let tail: String = r[li]
            .chars()
            .rev()
            .take(10)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let needle = format!("{tail}{}", &r[si]);
        assert!(texts.contains(&needle), "{needle:?}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn gazetteer_check_reports_risks_and_statistics() {
    let dir = common::tempdir("check");
    let g = dir.join("g.csv");
    std::fs::write(&g, "id,type,canonical,aliases,reviewed\nnice,place,Nice,,\nmehran,place,Mehran,,Mehran\nus,place,United States,US,\n").unwrap();
    let res = gazet(&["gazetteer", "check", g.to_str().unwrap()]);
    ok(&res);
    let text = String::from_utf8_lossy(&res.stdout);
    assert!(
        text.contains("g.csv:2: warning: name 'Nice' of 'nice' is a common English word"),
        "{text}"
    );
    assert!(
        text.contains("g.csv:4: warning: name 'US' of 'us' has 2 letter(s)"),
        "{text}"
    );
    assert!(!text.contains("'Mehran'"), "reviewed: {text}");
    assert!(
        text.contains("place") && text.contains("2 warnings to review, 1 reviewed"),
        "{text}"
    );
    assert_eq!(
        gazet(&["gazetteer", "check", "--strict", g.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    std::fs::write(&g, "id,type,canonical,aliases\nx,place,,\n").unwrap();
    let res = gazet(&["gazetteer", "check", g.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr)
        .contains("g.csv:2: entity 'x' has an empty canonical name"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn gazetteer_names_lists_every_name_once_sorted_without_marks() {
    // The built-in gazetteers: names from several files, `=` marks among them.
    let res = gazet(&["gazetteer", "names"]);
    ok(&res);
    let text = String::from_utf8(res.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for known in [
        "Kata'ib Hezbollah",
        "Kataib Hizballah",
        "Esmail Qaani",
        "Qaani",
        "قاآنی",
        "Islamic Resistance Movement",
    ] {
        assert!(lines.contains(&known), "{known} missing");
    }
    assert!(lines.len() > 1000, "{} names", lines.len());
    assert!(lines.iter().all(|l| !l.is_empty() && !l.starts_with('=')));
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]),
        "not sorted and unique"
    );

    // Given files: their names only, each once, even when shared.
    let dir = common::tempdir("names");
    let g = dir.join("g.csv");
    std::fs::write(
        &g,
        "id,type,canonical,aliases\nfars,place,Fars,Pars|=Persis\nfars-news,outlet,Fars News,Fars\n",
    )
    .unwrap();
    let res = gazet(&["gazetteer", "names", g.to_str().unwrap()]);
    ok(&res);
    assert_eq!(
        String::from_utf8_lossy(&res.stdout),
        "Fars\nFars News\nPars\nPersis\n"
    );
    let res = gazet(&["gazetteer", "names", dir.join("none.csv").to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("none.csv"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn geonames_import_makes_a_gazetteer_gazet_can_use() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = common::tempdir("geonames");
    let g = dir.join("geo.csv");
    let file = shared.join("data/geonames/cities15000_IR_IQ_SY_LB.txt.gz");
    let res = gazet(&[
        "gazetteer",
        "import",
        "geonames",
        file.to_str().unwrap(),
        "--countries",
        "IQ",
        "--min-population",
        "50000",
        "--out",
        g.to_str().unwrap(),
    ]);
    ok(&res);
    let table = read(&g);
    assert!(table.starts_with("id,type,canonical,aliases,wikidata,country,geonameid,population"));
    assert!(table.lines().skip(1).all(|l| l.contains(",IQ,")), "{table}");
    assert!(table.contains("baghdad,place,Baghdad,"), "{table}");
    let out = dir.join("out");
    let docs = dir.join("d.jsonl");
    std::fs::write(
        &docs,
        "{\"id\":\"1\",\"text\":\"Clashes in Zakho and in Baghdad; Tehran said.\"}\n",
    )
    .unwrap();
    ok(&extract(&docs, &out, &["-g", g.to_str().unwrap()]));
    let m = read(&out.join("mentions.csv"));
    assert!(
        m.contains(",Zakho,") && m.contains(",baghdad,place,Baghdad,Baghdad,"),
        "{m}"
    );
    assert!(!m.contains("Tehran"), "{m}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn explain_shows_normalization_matches_and_near_names() {
    let res = gazet(&["explain", "Kata’ib", "Hizballah’s", "fighters"]);
    ok(&res);
    let text = String::from_utf8_lossy(&res.stdout);
    assert!(
        text.contains("normalized: kataib hizballahs fighters"),
        "{text}"
    );
    assert!(
        text.contains("\"Kata’ib Hizballah\" [0..19] -> militia kataib-hezbollah"),
        "{text}"
    );
    let res = gazet(&["explain", "Shalamchehh"]);
    // Nothing matches: status 1, so that a script can test it.
    assert_eq!(res.status.code(), Some(1));
    let text = String::from_utf8_lossy(&res.stdout);
    assert!(
        text.contains("mentions:   none") && text.contains("\"Shalamcheh\" of shalamcheh"),
        "{text}"
    );
}

#[test]
fn explain_reads_standard_input() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(["explain", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Kata’ib Hizballah\n".as_bytes())
        .unwrap();
    let res = child.wait_with_output().unwrap();
    ok(&res);
    let text = String::from_utf8_lossy(&res.stdout);
    assert!(
        text.starts_with("input:      Kata’ib Hizballah\nnormalized: kataib hizballah\n"),
        "{text}"
    );
    assert!(text.contains("-> militia kataib-hezbollah"), "{text}");
}

#[test]
fn a_closed_standard_output_ends_a_command_quietly() {
    let dir = common::tempdir("closed-stdout");
    let (gold, pred) = (dir.join("gold.csv"), dir.join("mentions.csv"));
    std::fs::write(&gold, "doc_id,start,end,type,entity\na,0,6,place,tehran\n").unwrap();
    std::fs::write(
        &pred,
        "doc_id,field,start,end,type,entity_id\na,text,0,6,place,tehran\n",
    )
    .unwrap();
    let places = dir.join("cities.txt");
    let place = |i: u32| {
        format!("{i}\tBasra {i}\tBasra {i}\t\t30.5\t47.8\tP\tPPL\tIQ\t\t02\t\t\t\t{}\t\t5\tAsia/Baghdad\t2024-01-01\n", 20_000 + i)
    };
    std::fs::write(&places, (0..5_000).map(place).collect::<String>()).unwrap();
    let news = dir.join("news.jsonl");
    std::fs::write(
        &news,
        "{\"id\":\"a\",\"text\":\"Basra and Erbil\"}\n".repeat(2_000),
    )
    .unwrap();
    ok(&extract(&news, &dir.join("out"), &[]));
    let table = dir.join("out/mentions.csv");
    for args in [
        vec![
            "sample",
            "--mentions",
            table.to_str().unwrap(),
            "-n",
            "3000",
            news.to_str().unwrap(),
        ],
        vec!["gazetteer", "check"],
        vec!["gazetteer", "import", "geonames", places.to_str().unwrap()],
        vec!["explain", "Tehran"],
        vec![
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            "--pred",
            pred.to_str().unwrap(),
        ],
    ] {
        // A pipe whose reader is gone: every write fails with EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let res = std::process::Command::new(env!("CARGO_BIN_EXE_gazet"))
            .args(&args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert!(matches!(res.status.code(), Some(0 | 1)), "{args:?}: {err}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn min_score_leaves_out_the_less_sure_mentions() {
    let dir = common::tempdir("min-score");
    let input = dir.join("x.jsonl");
    std::fs::write(&input, "{\"id\":\"a\",\"text\":\"Michael Rubin said Iran would act. Rubin added that Baghdad agreed.\"}\n").unwrap();
    let gz = dir.join("g.csv");
    std::fs::write(&gz, "id,type,canonical,aliases\nmichael-rubin,person,Michael Rubin,\niran,place,Iran,\nbaghdad,place,Baghdad,\n").unwrap();
    let (all, sure) = (dir.join("all"), dir.join("sure"));
    ok(&extract(&input, &all, &["-g", gz.to_str().unwrap()]));
    ok(&extract(
        &input,
        &sure,
        &["-g", gz.to_str().unwrap(), "--min-score", "0.9"],
    ));
    let a = read(&all.join("mentions.csv"));
    assert!(
        a.contains(",Rubin,") && a.contains(",partial,") && a.contains(",0.80,"),
        "{a}"
    );
    let s = read(&sure.join("mentions.csv"));
    assert_eq!(s.lines().count(), 4, "{s}");
    assert!(!s.contains(",partial,"), "{s}");
    assert_eq!(
        extract(&input, &sure, &["--min-score", "2"]).status.code(),
        Some(2)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Not on a terminal, `extract` draws no progress bar: standard error holds
/// the summary line and nothing else (no carriage returns, no escapes).
#[test]
fn no_progress_bar_off_a_terminal() {
    let dir = common::tempdir("progress");
    let res = extract(&sample(), &dir.join("out"), &[]);
    ok(&res);
    let err = String::from_utf8(res.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.starts_with("gazet: "), "{err:?}");
    assert!(!err.contains(['\r', '\u{1b}']), "{err:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// `gazet discover` gathers the names no gazetteer lists into a candidate
/// gazetteer that `--gazetteer` loads: each name once, with its spellings,
/// counts and contexts, the same table on every run.
#[test]
fn discover_writes_a_candidate_gazetteer_that_loads() {
    let dir = common::tempdir("discover");
    let input = dir.join("news.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id":"a","text":"Deputy Director Hamed Soltani-Nejad spoke at the Ketza River. Soltani-Nejad said so."}"#,
            "\n",
            r#"{"id":"b","text":"Deputy Director Hamed Soltaninejad visited the Ketza River."}"#,
            "\n",
            r#"{"id":"c","text":"Tehran is far from it."}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = dir.join("candidates.csv");
    let res = common::gazet(&[
        "discover",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(res.status.success(), "{}", common::stderr(&res));
    assert!(common::stderr(&res).contains("3 documents: 2 candidate names"));
    let header = std::fs::read_to_string(&out).unwrap();
    assert!(header.starts_with("id,type,canonical,aliases,count,documents,spellings,contexts\n"));
    let rows = common::rows(&out); // without the header
    assert_eq!(
        rows[0][..6],
        [
            "hamed-soltani-nejad",
            "person",
            "Hamed Soltani-Nejad",
            "Hamed Soltaninejad",
            "3",
            "2"
        ]
    );
    assert_eq!(
        rows[1][..6],
        ["ketza-river", "place", "Ketza River", "", "2", "2"]
    );
    assert!(
        rows[0][7].contains("a: …Deputy Director [Hamed Soltani-Nejad] spoke"),
        "{:?}",
        rows[0]
    );
    // The same table again, and it loads as a gazetteer.
    let again = dir.join("again.csv");
    common::gazet(&[
        "discover",
        input.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
    let res = common::gazet(&["explain", "-g", out.to_str().unwrap(), "Hamed Soltaninejad"]);
    let text = String::from_utf8_lossy(&res.stdout);
    assert!(text.contains("-> person hamed-soltani-nejad"), "{text}");
    // Names seen fewer times than --min-count are left out.
    let res = common::gazet(&["discover", input.to_str().unwrap(), "--min-count", "3"]);
    let csv = String::from_utf8_lossy(&res.stdout);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_closed_standard_error_loses_the_messages_not_the_run() {
    let dir = common::tempdir("closed-stderr");
    let input = dir.join("a.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"Protests in Tehran\"}\nnot json\n",
    )
    .unwrap();
    let out = dir.join("out");
    // A pipe whose reader is gone: every message to standard error fails.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args([
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stderr(writer)
        .output()
        .unwrap();
    // One line was rejected: status 1, the tables whole.
    assert_eq!(res.status.code(), Some(1));
    assert!(std::fs::read_to_string(out.join("mentions.csv"))
        .unwrap()
        .contains("tehran"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// The sample articles extracted into `dir/out`, and a gold table made from
/// the mentions of the first `covered` documents (its columns a gold file's:
/// doc_id,start,end,surface,type,entity), each row passed through `edit`
/// (`None` drops it).
fn gold_from_run(
    dir: &Path,
    covered: usize,
    edit: impl Fn(usize, Vec<String>) -> Option<Vec<String>>,
) -> (PathBuf, PathBuf) {
    let out = dir.join("out");
    ok(&extract(&sample(), &out, &[]));
    let pred = out.join("mentions.csv");
    let mut rdr = csv::Reader::from_path(&pred).unwrap();
    let h = rdr.headers().unwrap().clone();
    let at = |name: &str| h.iter().position(|c| c == name).unwrap();
    let cols = ["doc_id", "start", "end", "surface", "type", "entity_id"].map(at);
    let mut docs: Vec<String> = Vec::new();
    let gold = dir.join("gold.csv");
    let mut w = csv::Writer::from_path(&gold).unwrap();
    w.write_record(["doc_id", "start", "end", "surface", "type", "entity"])
        .unwrap();
    for (i, r) in rdr.records().map(Result::unwrap).enumerate() {
        if !docs.iter().any(|d| d == &r[cols[0]]) {
            docs.push(r[cols[0]].to_string());
        }
        if docs.len() > covered {
            continue;
        }
        if let Some(row) = edit(i, cols.iter().map(|&c| r[c].to_string()).collect()) {
            w.write_record(&row).unwrap();
        }
    }
    w.flush().unwrap();
    (gold, pred)
}

/// `gazet eval --gold GOLD --pred PRED EXTRA...`.
fn eval(gold: &Path, pred: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--pred",
        pred.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    gazet(&args)
}

/// The rows of eval's table, by name (a type, or `all`): strict P, R, F1,
/// lenient P, R, F1, then strict tp, fp, fn, as printed.
fn eval_table(text: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with("type "));
    lines.next();
    lines
        .take_while(|l| !l.starts_with("linking:"))
        .map(|l| {
            let mut cells = l.split_whitespace().map(String::from);
            (cells.next().unwrap(), cells.collect())
        })
        .collect()
}

#[test]
fn eval_with_no_document_in_common_is_an_error() {
    let dir = common::tempdir("eval-disjoint");
    let (gold, pred) = (dir.join("gold.csv"), dir.join("mentions.csv"));
    std::fs::write(
        &gold,
        "doc_id,start,end,type,entity\na1,0,6,place,tehran\nb2,4,9,place,basra\n",
    )
    .unwrap();
    // The ids of another field (line numbers) or of another corpus.
    std::fs::write(
        &pred,
        "doc_id,field,start,end,type,entity_id\n1,text,0,6,place,tehran\n2,text,4,9,place,basra\n",
    )
    .unwrap();
    let res = eval(&gold, &pred, &[]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        res.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&res.stdout)
    );
    let err = String::from_utf8_lossy(&res.stderr);
    for needle in [
        gold.to_str().unwrap(),
        pred.to_str().unwrap(),
        "no document in common",
        "doc_id",
        "--id-field",
    ] {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn eval_leaves_out_documents_the_gold_does_not_cover() {
    let dir = common::tempdir("eval-covered");
    // A gold that agrees with gazet on the first three documents and says
    // nothing of the others.
    let (gold, pred) = gold_from_run(&dir, 3, |_, row| Some(row));
    let gold_docs: std::collections::BTreeSet<String> = common::rows(&gold)
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let predicted = common::rows(&pred);
    let outside: Vec<&Vec<String>> = predicted
        .iter()
        .filter(|r| !gold_docs.contains(&r[0]))
        .collect();
    let outside_docs: std::collections::BTreeSet<&String> = outside.iter().map(|r| &r[0]).collect();
    assert!(gold_docs.len() == 3 && outside_docs.len() >= 2);

    let res = eval(&gold, &pred, &[]);
    ok(&res);
    let text = String::from_utf8_lossy(&res.stdout);
    // The mentions of the other documents are no false positives.
    let all = &eval_table(&text)["all"];
    assert_eq!(&all[..2], ["1.000", "1.000"], "{text}");
    assert_eq!(all[7], "0", "{text}");
    assert_eq!(all[6], (predicted.len() - outside.len()).to_string());
    let said = format!(
        "left out: {} predicted documents ({} mentions) that the gold does not cover",
        outside_docs.len(),
        outside.len()
    );
    assert!(text.contains(&said), "{said:?} not in {text}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn eval_help_defines_strict_and_lenient_as_the_readme_does() {
    let res = gazet(&["eval", "--help"]);
    ok(&res);
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let help = flat(&String::from_utf8_lossy(&res.stdout));
    let readme = flat(&read(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"),
    ));
    for term in ["strict:", "lenient:", "left out:"] {
        let start = help
            .find(term)
            .unwrap_or_else(|| panic!("{term} is not defined in gazet eval --help: {help}"));
        // The definition: up to the end of its sentence.
        let def = &help[start..start + help[start..].find(". ").unwrap() + 1];
        assert!(def.len() > 40, "{def}");
        assert!(readme.contains(def), "README does not say {def:?}");
    }
}

#[test]
fn eval_json_has_the_figures_of_the_text_report() {
    let dir = common::tempdir("eval-json");
    // A gold that differs: a mention dropped, a span moved by a byte, a type
    // changed, on four of the eight documents.
    let (gold, pred) = gold_from_run(&dir, 4, |i, mut row| match i % 7 {
        0 => None,
        3 => {
            row[1] = (row[1].parse::<usize>().unwrap() + 1).to_string();
            Some(row)
        }
        5 => {
            row[4] = if row[4] == "place" { "person" } else { "place" }.to_string();
            Some(row)
        }
        _ => Some(row),
    });
    let text = eval(&gold, &pred, &[]);
    ok(&text);
    let text = String::from_utf8(text.stdout).unwrap();
    let res = eval(&gold, &pred, &["--json"]);
    ok(&res);
    let raw = String::from_utf8(res.stdout).unwrap();
    assert_eq!(raw.lines().count(), 1, "one JSON object on one line: {raw}");
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    // Keys in a documented, stable order.
    let keys = [
        "\"gold\"",
        "\"predictions\"",
        "\"left_out\"",
        "\"overall\"",
        "\"by_type\"",
        "\"linking\"",
    ];
    let at: Vec<usize> = keys.iter().map(|k| raw.find(k).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{raw}");
    assert_eq!(
        raw,
        String::from_utf8(eval(&gold, &pred, &["--json"]).stdout).unwrap()
    );

    let table = eval_table(&text);
    assert!(table.len() >= 3, "{text}");
    let f = |v: &serde_json::Value| format!("{:.3}", v.as_f64().unwrap());
    for (name, cells) in &table {
        let row = if name == "all" {
            &json["overall"]
        } else {
            &json["by_type"][name]
        };
        let (s, l) = (&row["strict"], &row["lenient"]);
        let from_json = [
            f(&s["precision"]),
            f(&s["recall"]),
            f(&s["f1"]),
            f(&l["precision"]),
            f(&l["recall"]),
            f(&l["f1"]),
            s["tp"].to_string(),
            s["fp"].to_string(),
            s["fn"].to_string(),
        ];
        assert_eq!(cells[..], from_json[..], "{name}: {text}\n{raw}");
        // The lenient counts, which the text leaves out, give its figures.
        // (Precision and recall of nothing are 1.)
        let n = |k: &str| l[k].as_u64().unwrap() as f64;
        let ratio = |a: f64, b: f64| format!("{:.3}", if b == 0.0 { 1.0 } else { a / b });
        assert_eq!(f(&l["precision"]), ratio(n("tp"), n("tp") + n("fp")));
        assert_eq!(f(&l["recall"]), ratio(n("tp"), n("tp") + n("fn")));
    }
    assert_eq!(
        json["by_type"].as_object().unwrap().len(),
        table.len() - 1,
        "{raw}"
    );
    let said = format!(
        "left out: {} predicted documents ({} mentions)",
        json["left_out"]["documents"], json["left_out"]["mentions"]
    );
    assert!(text.contains(&said), "{said:?} not in {text}");
    assert!(json["left_out"]["documents"].as_u64().unwrap() >= 2);
    let linking = format!(
        "linking: {}/{} ",
        json["linking"]["right"], json["linking"]["matches"]
    );
    assert!(text.contains(&linking), "{linking:?} not in {text}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// `gazet sample INPUTS --mentions MENTIONS -n 40 EXTRA...`.
fn sample_of(inputs: &[&Path], mentions: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["sample"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--mentions", mentions.to_str().unwrap(), "-n", "40"]);
    args.extend_from_slice(extra);
    gazet(&args)
}

#[test]
fn sample_with_the_wrong_inputs_or_fields_is_an_error() {
    let dir = common::tempdir("sample-unmatched");
    let out = dir.join("out");
    let input = sample();
    ok(&extract(
        &input,
        &out,
        &["--text-field", "title", "--text-field", "text"],
    ));
    let mentions = out.join("mentions.csv");
    let ids: std::collections::BTreeSet<String> = common::rows(&mentions)
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    // Ids read from another field (line numbers): no document is found; and
    // the titles' mentions, read without --text-field title: no field is.
    for extra in [
        &["--id-field", "number"][..],
        &["--where", "field=title"][..],
    ] {
        let res = sample_of(&[&input], &mentions, extra);
        assert_eq!(res.status.code(), Some(2), "{extra:?}");
        assert!(res.stdout.is_empty(), "{extra:?}: nothing is written");
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(!err.contains("panicked"), "{err}");
        for needle in ["found in the inputs", "--id-field", "--text-field"] {
            assert!(err.contains(needle), "{extra:?}: {needle:?} not in {err}");
        }
        // It names what it did not find: documents of the sample, or the field.
        if extra[0] == "--id-field" {
            assert!(ids.iter().any(|id| err.contains(id.as_str())), "{err}");
        } else {
            assert!(err.contains("field title not read"), "{err}");
        }
    }
    // With the fields of the run, every mention is found.
    let res = sample_of(
        &[&input],
        &mentions,
        &["--text-field", "title", "--text-field", "text"],
    );
    ok(&res);
    assert!(!String::from_utf8_lossy(&res.stderr).contains("warning"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sample_warns_of_the_documents_it_does_not_find() {
    let dir = common::tempdir("sample-some-missing");
    let out = dir.join("out");
    let input = sample();
    ok(&extract(&input, &out, &[]));
    let mentions = out.join("mentions.csv");
    // The inputs, but for their last three documents.
    let lines: Vec<String> = read(&input).lines().map(String::from).collect();
    let part = dir.join("part.jsonl");
    std::fs::write(&part, lines[..lines.len() - 3].join("\n") + "\n").unwrap();
    let gone: Vec<String> = lines[lines.len() - 3..]
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();

    let res = sample_of(&[&part], &mentions, &[]);
    ok(&res);
    let drawn: Vec<csv::StringRecord> = csv::Reader::from_reader(&res.stdout[..])
        .records()
        .map(Result::unwrap)
        .collect();
    let missing: Vec<&csv::StringRecord> = drawn
        .iter()
        .filter(|r| gone.iter().any(|g| g == &r[1]))
        .collect();
    assert!(!missing.is_empty() && missing.len() < drawn.len());
    let err = String::from_utf8_lossy(&res.stderr);
    let said = format!(
        "{} of {} sampled mentions were not found in the inputs",
        missing.len(),
        drawn.len()
    );
    assert!(err.contains(&said), "{said:?} not in {err}");
    let left = drawn[0].len() - 3;
    for r in &drawn {
        let found = !missing.iter().any(|m| m == &r);
        assert_eq!(!r[left].starts_with("(document not found"), found, "{r:?}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// The subcommands `gazet --help` lists.
fn subcommands() -> Vec<String> {
    let res = gazet(&["--help"]);
    ok(&res);
    let help = String::from_utf8(res.stdout).unwrap();
    let names: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .filter(|n| n != "help")
        .collect();
    assert!(names.len() >= 7, "{help}");
    names
}

#[test]
fn completions_cover_every_subcommand() {
    let commands = subcommands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let res = gazet(&["completions", shell]);
        ok(&res);
        let script = String::from_utf8(res.stdout).unwrap();
        for c in &commands {
            assert!(script.contains(c.as_str()), "{shell}: no {c}");
        }
    }
    let res = gazet(&["completions", "tcsh"]);
    assert_eq!(res.status.code(), Some(2));
    // bash completes `gazet <TAB>` with every subcommand, and an option of
    // one: the script is valid bash and works.
    let dir = common::tempdir("completions");
    let script = dir.join("gazet.bash");
    std::fs::write(&script, gazet(&["completions", "bash"]).stdout).unwrap();
    let complete = |words: &str, cword: usize| {
        let res = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{}' && COMP_WORDS=({words}) && COMP_CWORD={cword} && \
                 _gazet gazet \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\" && \
                 printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                script.display()
            ))
            .output()
            .unwrap();
        ok(&res);
        String::from_utf8(res.stdout).unwrap()
    };
    let offered = complete("gazet ''", 1);
    let offered: Vec<&str> = offered.lines().collect();
    for c in &commands {
        assert!(offered.contains(&c.as_str()), "{c} not in {offered:?}");
    }
    assert_eq!(complete("gazet eval --js", 2), "--json\n");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn man_pages_are_roff_and_list_the_subcommands() {
    let res = gazet(&["man"]);
    ok(&res);
    let page = String::from_utf8(res.stdout).unwrap();
    // clap_mangen defines the apostrophe string first, then the title.
    let first = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"));
    assert!(first.unwrap().starts_with(".TH gazet 1 "), "{page}");
    assert!(page.contains("\n.SH NAME\n") && page.contains("\n.SH SYNOPSIS\n"));
    let commands = subcommands();
    for c in &commands {
        assert!(page.contains(&format!("gazet\\-{c}(1)")), "no {c}: {page}");
    }
    // A subcommand's page, with its options and its long help.
    let res = gazet(&["man", "eval"]);
    ok(&res);
    let eval_page = String::from_utf8(res.stdout).unwrap();
    assert!(eval_page.contains("\n.TH gazet-eval 1 "), "{eval_page}");
    assert!(eval_page.contains("\\-\\-gold") && eval_page.contains("lenient:"));
    assert_eq!(gazet(&["man", "nonesuch"]).status.code(), Some(2));
    // --dir writes every page, gazet(1) and those it refers to.
    let dir = common::tempdir("man");
    ok(&gazet(&["man", "--dir", dir.to_str().unwrap()]));
    assert_eq!(read(&dir.join("gazet.1")), page);
    assert_eq!(read(&dir.join("gazet-eval.1")), eval_page);
    let mut pages = vec![dir.join("gazet.1")];
    pages.extend(commands.iter().map(|c| dir.join(format!("gazet-{c}.1"))));
    // groff, where the machine has it, reads each page without a warning.
    for page in &pages {
        let res = match Command::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(page)
            .output()
        {
            Ok(res) => res,
            Err(e) => {
                eprintln!("groff not run ({e}): the man pages are not rendered");
                break;
            }
        };
        ok(&res);
        assert!(
            res.stderr.is_empty(),
            "{}: {}",
            page.display(),
            String::from_utf8_lossy(&res.stderr)
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn completions_and_man_end_quietly_on_a_closed_standard_output() {
    for args in [&["completions", "bash"][..], &["man"][..]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let res = Command::new(env!("CARGO_BIN_EXE_gazet"))
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(res.status.code(), Some(0), "{args:?}: {err}");
    }
}

/// The part of README.md under `## TITLE`, up to the next `## `.
fn readme_section(title: &str) -> String {
    let readme = read(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"));
    let start = readme
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("README.md has no section {title}"));
    let rest = &readme[start + 1..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

/// The lines of the ```sh blocks of a README section, comments left out.
fn sh_lines(section: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for l in section.lines() {
        match (inside, l.trim_end()) {
            (false, "```sh") => inside = true,
            (true, "```") => inside = false,
            (true, l) if !l.starts_with('#') && !l.is_empty() => lines.push(l.to_string()),
            _ => {}
        }
    }
    lines
}

#[test]
fn the_installation_steps_of_the_readme_work() {
    let section = readme_section("Installation");
    let lines = sh_lines(&section);
    // The install command builds this binary.
    let install = lines
        .iter()
        .find(|l| l.starts_with("cargo install"))
        .expect("no cargo install command");
    let words: Vec<&str> = install.split_whitespace().collect();
    let path = words[words.iter().position(|w| *w == "--path").unwrap() + 1];
    let manifest = read(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path)
            .join("Cargo.toml"),
    );
    assert!(manifest.contains("[[bin]]\nname = \"gazet\""), "{install}");
    // The other steps, as written, in a fresh home with gazet on the PATH
    // where cargo install puts it (PowerShell's own line left out).
    let home = common::tempdir("install-home");
    let bin = home.join(".cargo/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_gazet"), bin.join("gazet")).unwrap();
    let steps: Vec<&String> = lines
        .iter()
        .filter(|l| !l.starts_with("cargo install") && !l.contains("$PROFILE"))
        .collect();
    assert!(steps.len() >= 6, "{steps:?}");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    for step in &steps {
        let res = Command::new("bash")
            .args(["-euc", step])
            .env("HOME", &home)
            .env("PATH", &path)
            .output()
            .unwrap();
        ok(&res);
    }
    // Each completion script is where the step put it, whole.
    for step in steps.iter().filter(|l| l.contains("gazet completions")) {
        let target = step.rsplit(['>', ' ']).next().unwrap();
        let file = home.join(target.trim_start_matches("~/"));
        let shell = step.split("gazet completions ").nth(1).unwrap();
        let shell = shell.split_whitespace().next().unwrap();
        assert_eq!(
            std::fs::read(&file).unwrap(),
            gazet(&["completions", shell]).stdout,
            "{step}"
        );
    }
    // man finds the pages beside the binary, where the machine has man.
    match Command::new("man")
        .args(["-w", "gazet", "gazet-eval"])
        .env("HOME", &home)
        .env("PATH", &path)
        .env_remove("MANPATH")
        .output()
    {
        Ok(res) => {
            ok(&res);
            let found = String::from_utf8(res.stdout).unwrap();
            let dir = home.join(".cargo/share/man/man1");
            assert_eq!(
                found,
                format!(
                    "{}\n{}\n",
                    dir.join("gazet.1").display(),
                    dir.join("gazet-eval.1").display()
                )
            );
        }
        Err(e) => eprintln!("man not run ({e}): where it finds the pages is not checked"),
    }
    std::fs::remove_dir_all(home).unwrap();
}

#[test]
fn release_builds_carry_no_debug_info_and_profiling_builds_do() {
    let manifest = read(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml"));
    let profile = |name: &str| -> std::collections::BTreeMap<String, String> {
        let head = format!("\n[profile.{name}]\n");
        let start = manifest
            .find(&head)
            .unwrap_or_else(|| panic!("Cargo.toml has no [profile.{name}]"));
        manifest[start + head.len()..]
            .lines()
            .take_while(|l| !l.starts_with('['))
            .filter_map(|l| l.split_once(" = "))
            .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
            .collect()
    };
    let (release, profiling) = (profile("release"), profile("profiling"));
    // No debug info of gazet's, and the standard library's stripped.
    assert!(
        ["0", "false", "none"].contains(&release["debug"].as_str()),
        "{release:?}"
    );
    assert_eq!(release["strip"], "debuginfo");
    // The profiling build is the release build with line tables, unstripped.
    assert_eq!(profiling["inherits"], "release");
    assert!(
        ["1", "limited", "2", "true", "full"].contains(&profiling["debug"].as_str()),
        "{profiling:?}"
    );
    assert_eq!(profiling["strip"], "none");
    assert!(
        readme_section("Development").contains("cargo build --profile profiling"),
        "README does not say how to build for perf"
    );
}
