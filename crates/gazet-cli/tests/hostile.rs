//! Bad input and faults, second round (issue 18): inputs that are not plain
//! files (pipes, devices), the same file given twice, names that are not
//! UTF-8, gazetteers with a quote left open, planted links and forged
//! checkpoints. Each test failed before the fix it checks.

mod common;

use common::{gazet, rows, tempdir};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `gazet ARGS` and kills it after `limit`: `None` when it had to be
/// killed (it hung, or read without end).
fn gazet_within(args: &[&str], limit: Duration) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `documents.csv`: (id, source, status).
fn documents(out: &Path) -> Vec<(String, String, String)> {
    rows(&out.join("documents.csv"))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[4].clone()))
        .collect()
}

#[test]
fn a_gazetteer_quote_left_open_is_an_error_not_rows_swallowed() {
    let dir = tempdir("open-quote");
    let g = dir.join("g.csv");
    std::fs::write(
        &g,
        "id,type,canonical,aliases\niran,place,Iran,\"Persia\niraq,place,Iraq,\nsyria,place,Syria,\n",
    )
    .unwrap();
    let res = gazet(&["gazetteer", "check", g.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("g.csv:2: a quote opened in this row is not closed"),
        "{}",
        stderr(&res)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_read_once_whole_and_a_device_is_refused() {
    let dir = tempdir("fifo");
    let fifo = dir.join("feed.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let line = "{\"id\":\"a1\",\"text\":\"Kataib Hezbollah fighters reached Basra.\"}\n";
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            // Blocks until gazet opens the pipe to read it.
            std::fs::write(&fifo, line).unwrap();
        })
    };
    let out = dir.join("out");
    let res = gazet_within(
        &[
            "extract",
            fifo.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    )
    .expect("gazet hung on a named pipe");
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    writer.join().unwrap();
    // The first bytes were not eaten: the line is a document with its id.
    let docs = documents(&out);
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!((docs[0].0.as_str(), docs[0].2.as_str()), ("a1", "ok"));
    assert!(!rows(&out.join("mentions.csv")).is_empty());

    // A device would be read without end: refused at once.
    for device in ["/dev/zero", "/dev/urandom"] {
        let res = gazet_within(
            &[
                "extract",
                device,
                "--input-format",
                "txt",
                "--out",
                out.to_str().unwrap(),
            ],
            Duration::from_secs(60),
        )
        .unwrap_or_else(|| panic!("{device} was read without end"));
        assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
        assert!(stderr(&res).contains("not a file, a directory or a pipe"));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_same_file_given_twice_is_read_once_and_said_so() {
    let dir = tempdir("twice");
    let news = dir.join("news");
    std::fs::create_dir_all(&news).unwrap();
    let a = news.join("a.jsonl");
    std::fs::write(&a, "{\"id\":\"a1\",\"text\":\"Basra.\"}\n").unwrap();
    std::fs::write(news.join("b.txt"), "Erbil.").unwrap();
    let out = dir.join("out");
    // The file twice, and the directory that holds it.
    let res = gazet(&[
        "extract",
        a.to_str().unwrap(),
        a.to_str().unwrap(),
        news.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let ids: Vec<String> = documents(&out).into_iter().map(|d| d.0).collect();
    assert_eq!(ids, ["a1", "b.txt"]);
    let err = stderr(&res);
    assert_eq!(
        err.matches("the same file as").count(),
        2,
        "each repeat is named: {err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_read_and_kept_apart() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir("not-utf8");
    let (d1, d2) = (
        dir.join(OsStr::from_bytes(b"caf\xe9")),
        dir.join(OsStr::from_bytes(b"caf\xe8")),
    );
    for d in [&d1, &d2] {
        if std::fs::create_dir_all(d).is_err() {
            // A file system that refuses such names (some do): nothing to test.
            return;
        }
        std::fs::write(d.join("a.txt"), "Erbil.").unwrap();
    }
    let file = dir.join(OsStr::from_bytes(b"r\xe9sum\xe9.txt"));
    std::fs::write(&file, "Basra.").unwrap();
    let out = dir.join("out");
    let res = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .arg("extract")
        .args([&file, &d1, &d2])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let docs = documents(&out);
    // The file given directly has a known ending whatever its name.
    assert_eq!(docs.len(), 3, "{docs:?}");
    // Read, all three (the second `a.txt` is flagged: its id is the first's).
    assert!(docs.iter().all(|d| d.2 != "rejected"), "{docs:?}");
    let sources: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.1.as_str()).collect();
    assert_eq!(
        sources.len(),
        3,
        "two directories became one source: {docs:?}"
    );
    assert!(
        sources.iter().any(|s| s.ends_with("r\\xE9sum\\xE9.txt")),
        "{sources:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// An interrupted run in `out` over the fault corpus: killed after its
/// checkpoint counts 600 documents.
fn interrupted(dir: &Path, out: &Path) -> Vec<std::path::PathBuf> {
    let inputs = common::fault_corpus(dir);
    let mut a = common::args(&inputs, out, &common::SLOW);
    a.push("--no-aggregates");
    let mut child = common::spawn(&a);
    common::wait_for(&mut child, out, 600);
    child.kill().unwrap();
    child.wait().unwrap();
    inputs
}

fn resume(inputs: &[std::path::PathBuf], out: &Path) -> Output {
    gazet(&common::args(inputs, out, &["--resume", "--no-aggregates"]))
}

#[cfg(unix)]
#[test]
fn resume_never_writes_through_a_link_planted_at_a_temporary_table() {
    let dir = tempdir("planted-link");
    let out = dir.join("out");
    let inputs = interrupted(&dir, &out);
    let partial = out.join(".mentions.csv.partial");
    let victim = dir.join("victim.csv");
    std::fs::copy(&partial, &victim).unwrap();
    let before = std::fs::read(&victim).unwrap();
    std::fs::remove_file(&partial).unwrap();
    std::os::unix::fs::symlink(&victim, &partial).unwrap();
    let res = resume(&inputs, &out);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("not a regular file"),
        "{}",
        stderr(&res)
    );
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        before,
        "written through the link"
    );
    assert!(!out.join("mentions.csv").exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_checkpoint_edited_by_hand_is_refused_not_trusted() {
    let dir = tempdir("forged");
    let out = dir.join("out");
    let inputs = interrupted(&dir, &out);
    let cp_path = out.join(".gazet-checkpoint.json");
    let good = std::fs::read_to_string(&cp_path).unwrap();
    let cp: serde_json::Value = serde_json::from_str(&good).unwrap();
    let forge = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut c = cp.clone();
        edit(&mut c);
        std::fs::write(&cp_path, c.to_string()).unwrap();
        resume(&inputs, &out)
    };
    let refused = |res: &Output, why: &str| {
        assert_eq!(res.status.code(), Some(2), "{}", stderr(res));
        assert!(stderr(res).contains(why), "{}", stderr(res));
        assert!(!out.join("mentions.csv").exists(), "published");
    };
    // A table's length cut inside a row.
    let len = cp["sink"]["mentions.csv"].as_u64().unwrap();
    refused(
        &forge(&|c| c["sink"]["mentions.csv"] = (len - 3).into()),
        "does not end a row",
    );
    // Counts that do not add up, and counts that are not the tables'.
    refused(
        &forge(&|c| c["counts"]["ok"] = (c["counts"]["ok"].as_u64().unwrap() + 1).into()),
        "do not add up",
    );
    refused(
        &forge(&|c| {
            for k in ["documents", "ok"] {
                c["counts"][k] = (c["counts"][k].as_u64().unwrap() + 5).into();
            }
        }),
        "holds",
    );
    // A position past the last input, or a line count that is not the
    // lines before the byte where reading goes on.
    refused(
        &forge(&|c| c["next"]["file"] = 7.into()),
        "goes on at input file 8, of 3",
    );
    assert_eq!(cp["next"]["file"], 0, "{cp}");
    refused(
        &forge(&|c| c["next"]["line"] = (c["next"]["line"].as_u64().unwrap() + 1).into()),
        "not the",
    );
    // The true checkpoint still resumes.
    std::fs::write(&cp_path, &good).unwrap();
    let res = resume(&inputs, &out);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert_eq!(rows(&out.join("documents.csv")).len(), 3609);
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_checkpoint_that_is_a_link_to_a_device_is_refused_at_once() {
    let dir = tempdir("cp-dev");
    let out = dir.join("out");
    let inputs = interrupted(&dir, &out);
    let cp_path = out.join(".gazet-checkpoint.json");
    std::fs::remove_file(&cp_path).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &cp_path).unwrap();
    let a = common::args(&inputs, &out, &["--resume", "--no-aggregates"]);
    let res = gazet_within(&a, Duration::from_secs(60)).expect("read /dev/zero without end");
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("not a regular file"),
        "{}",
        stderr(&res)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_second_run_into_the_same_directory_refuses_and_names_the_first() {
    let dir = tempdir("lock");
    let out = dir.join("out");
    let inputs = common::fault_corpus(&dir);
    // Slow enough (90 batches, 100 ms apart) to be running still when the
    // second run starts, however busy the machine.
    let mut slower = common::SLOW;
    let pause = slower
        .iter()
        .position(|&a| a == "--batch-pause-ms")
        .unwrap();
    slower[pause + 1] = "100";
    let mut a = common::args(&inputs, &out, &slower);
    a.push("--no-aggregates");
    let mut first = common::spawn(&a);
    common::wait_for(&mut first, &out, 200);
    let res = gazet(&common::args(&inputs, &out, &["--no-aggregates"]));
    let pid = first.id();
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains(&format!(
            "another gazet run (process {pid}) is writing there"
        )),
        "{}",
        stderr(&res)
    );
    // The first run was killed: its lock is taken over, and it resumes.
    let res = resume(&inputs, &out);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert_eq!(rows(&out.join("documents.csv")).len(), 3609);
    assert!(
        !out.join(".gazet.lock").exists(),
        "the lock outlives its run"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn tables_published_are_not_reported_as_an_interrupted_run() {
    // A run that finished writing and was stopped while renaming its
    // tables: resuming renames them; that the checkpoint then cannot be
    // removed is said, with the tables complete and the run's exit status.
    let dir = tempdir("after-publish");
    let out = dir.join("out");
    let inputs = interrupted(&dir, &out);
    let cp_path = out.join(".gazet-checkpoint.json");
    let mut cp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cp_path).unwrap()).unwrap();
    cp["finished"] = true.into();
    std::fs::write(&cp_path, cp.to_string()).unwrap();
    // Something in the way of the checkpoint's removal.
    let blocker = out.join(".gazet-checkpoint.json.tmp");
    std::fs::create_dir_all(blocker.join("x")).unwrap();
    let res = resume(&inputs, &out);
    // 1: the corpus has rejected lines; not 3, an interrupted run.
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(out.join("mentions.csv").is_file());
    assert!(
        stderr(&res).contains("the tables are complete, but"),
        "{}",
        stderr(&res)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_mistyped_field_is_named_at_once_with_the_fields_there_are() {
    let dir = tempdir("mistyped");
    let jsonl = dir.join("news.jsonl");
    let mut text = String::new();
    for i in 0..500 {
        text.push_str(&format!(
            "{{\"docid\":\"d{i}\",\"headline\":\"Basra\",\"body\":\"Kataib Hezbollah in Basra.\"}}\n"
        ));
    }
    std::fs::write(&jsonl, &text).unwrap();
    let csv = dir.join("news.csv");
    std::fs::write(&csv, "docid,body\nd1,Basra.\n").unwrap();
    let out = dir.join("out");
    for (input, extra, what) in [
        (&jsonl, vec![], "text field text: no such field"),
        (
            &jsonl,
            vec!["--text-field", "bdy"],
            "text field bdy: no such field",
        ),
        (
            &csv,
            vec!["--text-field", "text"],
            "text field text: no such field",
        ),
        (
            &jsonl,
            vec!["--text-field", "body", "--id-field", "doc_id"],
            "id field doc_id: no such field",
        ),
    ] {
        let mut a = vec![
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        a.extend(extra);
        let res = gazet(&a);
        assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
        let err = stderr(&res);
        assert!(err.contains(what), "{err}");
        // The fields the records have are listed.
        assert!(err.contains("docid") && err.contains("body"), "{err}");
        assert!(!out.join("documents.csv").exists(), "a run started");
    }
    // Named right, it runs; a nested field is found by its dotted path.
    let res = gazet(&[
        "extract",
        jsonl.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--text-field",
        "body",
        "--id-field",
        "docid",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(rows(&out.join("documents.csv"))[0][0], "d0");
    let nested = dir.join("nested.jsonl");
    std::fs::write(
        &nested,
        "{\"id\":\"n1\",\"article\":{\"body\":\"Basra.\"}}\n",
    )
    .unwrap();
    let res = gazet(&[
        "extract",
        nested.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--text-field",
        "article.body",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn numeric_ids_keep_every_digit() {
    let dir = tempdir("ids");
    let input = dir.join("ids.jsonl");
    std::fs::write(
        &input,
        "{\"id\":18446744073709551616,\"text\":\"Basra.\"}\n\
         {\"id\":18446744073709551617,\"text\":\"Erbil.\"}\n\
         {\"id\":1e400,\"text\":\"Mosul.\"}\n\
         {\"id\":-12,\"text\":\"Mosul.\"}\n",
    )
    .unwrap();
    let out = dir.join("out");
    let res = gazet(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let docs = documents(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "18446744073709551616",
            "18446744073709551617",
            "1e+400",
            "-12"
        ]
    );
    assert!(docs.iter().all(|d| d.2 == "ok"), "{docs:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// JSON lines `d{from}` to `d{to - 1}`, each naming two places.
fn lines(from: usize, to: usize) -> Vec<u8> {
    (from..to)
        .map(|i| format!("{{\"id\": \"d{i}\", \"text\": \"Basra and Erbil, day {i}.\"}}\n"))
        .collect::<String>()
        .into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn documents_of_a_gzip_member_whose_checksum_fails_are_flagged_not_ok() {
    let dir = tempdir("crc");
    // Three members (as `cat a.gz b.gz c.gz` makes): the second's checksum
    // is wrong, though its deflate data decodes.
    let mut damaged = gzip(&lines(3, 6));
    let n = damaged.len();
    damaged[n - 6] ^= 0xff;
    let file = dir.join("news.jsonl.gz");
    std::fs::write(
        &file,
        [gzip(&lines(0, 3)), damaged, gzip(&lines(6, 8))].concat(),
    )
    .unwrap();
    let out = dir.join("out");
    let res = gazet(&[
        "extract",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let docs = rows(&out.join("documents.csv"));
    let status: Vec<(&str, &str)> = docs
        .iter()
        .map(|r| (r[0].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("d0", "ok"),
            ("d1", "ok"),
            ("d2", "ok"),
            ("d3", "flagged"),
            ("d4", "flagged"),
            ("d5", "flagged"),
            ("", "rejected"),
        ]
    );
    let from = lines(0, 3).len();
    assert!(
        docs[3][5].contains(&format!(
            "damaged gzip member (it starts at byte {from} of the decompressed file"
        )),
        "{:?}",
        docs[3]
    );
    assert!(docs[6][5].contains("checksum"), "{:?}", docs[6]);
    // The flagged documents are still matched, and counted as flagged.
    assert_eq!(docs[3][3], "2");
    assert!(
        stderr(&res).contains("3 ok, 3 flagged, 1 rejected"),
        "{}",
        stderr(&res)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Ctrl-C while a document of 30 MB is matched gives the document up
/// rather than waiting for it (the run ends in a fraction of the time the
/// document takes on one thread): the checkpoint holds the documents before
/// it, and `--resume` matches it from its start, to the tables of a run
/// never stopped.
#[test]
fn ctrl_c_during_a_huge_document_gives_it_up_and_resume_redoes_it() {
    let dir = tempdir("ctrl-c-huge");
    let d = dir.join("in");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("a.txt"), "Basra.").unwrap();
    let para =
        "Hadi al-Amiri met Esmail Qaani in Baghdad, then flew to Erbil and Basra. ".repeat(12);
    std::fs::write(d.join("b.txt"), format!("{para}\n\n").repeat(34_000)).unwrap();
    let (fresh, out) = (dir.join("fresh"), dir.join("out"));
    let inputs = [d];
    let slow = [
        "--threads",
        "1",
        "--batch-docs",
        "1",
        "--checkpoint-secs",
        "0",
    ];
    let started = Instant::now();
    let res = gazet(&common::args(&inputs, &fresh, &slow));
    let whole = started.elapsed();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let mut child = common::spawn(&common::args(&inputs, &out, &slow));
    // `a.txt` is committed; `b.txt`, read at once, is then being matched.
    common::wait_for(&mut child, &out, 1);
    std::thread::sleep(Duration::from_millis(300));
    let (res, took) = common::interrupt(child);
    assert_eq!(res.status.code(), Some(130), "{}", stderr(&res));
    assert!(
        took < whole / 3,
        "stopped in {took:?}; the run takes {whole:?}"
    );
    assert_eq!(common::saved(&out), Some(1));
    assert!(!out.join("mentions.csv").exists());
    let res = gazet(&common::args(&inputs, &out, &["--resume"]));
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    common::same_tables(
        &fresh,
        &out,
        &[
            "mentions.csv",
            "documents.csv",
            "rejects.csv",
            "entities.csv",
            "cooccurrence.csv",
        ],
    );
    std::fs::remove_dir_all(dir).unwrap();
}
