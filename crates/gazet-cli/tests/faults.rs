//! Faults during a run: SIGKILL then --resume, Ctrl-C, a write error; and
//! the security options. Every interrupted run must leave no table under its
//! final name, and its resumed run the same bytes as a run never stopped.

mod common;

use common::{
    args, fault_corpus as corpus, gazet, kill_twice, no_final_tables, resume_to_the_end, rows,
    same_tables, saved, spawn, stderr, wait_for, SLOW,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const TABLES: [&str; 3] = ["mentions.csv", "documents.csv", "rejects.csv"];

/// The tables of a run never stopped, with all the defaults.
fn reference(inputs: &[PathBuf], out: &Path) -> Output {
    let res = gazet(&args(inputs, out, &[]));
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(rows(&out.join("documents.csv")).len() == 3609);
    assert!(rows(&out.join("rejects.csv")).len() == 9);
    res
}

#[test]
fn killed_twice_and_resumed_gives_the_same_tables() {
    let dir = common::tempdir("kill");
    let inputs = corpus(&dir);
    let (fresh, out) = (dir.join("fresh"), dir.join("out"));
    reference(&inputs, &fresh);

    // Killed (SIGKILL) in the second file, then resumed with other thread
    // and batch settings and killed in the third, then resumed to the end.
    let unfinished = |out: &Path| no_final_tables(out, &TABLES);
    let done = kill_twice(&inputs, &out, &[], [1500, 2700], unfinished);
    resume_to_the_end(&inputs, &out, &[], 1, 3609, done);
    same_tables(&fresh, &out, &TABLES);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn ctrl_c_stops_cleanly_and_says_how_to_resume() {
    let dir = common::tempdir("ctrl-c");
    let inputs = corpus(&dir);
    let (fresh, out) = (dir.join("fresh"), dir.join("out"));
    reference(&inputs, &fresh);

    let child = spawn(&args(&inputs, &out, &SLOW));
    let mut child = child;
    wait_for(&mut child, &out, 1000);
    let (res, took) = common::interrupt(child);
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!(res.status.code(), Some(130), "{}", stderr(&res));
    no_final_tables(&out, &TABLES);
    let err = stderr(&res);
    let prefix = "gazet: to continue where it stopped: ";
    let command = err
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no resume command in: {err}"));
    assert!(command.ends_with(" --resume"), "{command}");
    // The command printed is the one to run.
    let res = Command::new("sh").args(["-c", command]).output().unwrap();
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    same_tables(&fresh, &out, &TABLES);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_write_error_leaves_no_table_and_the_run_resumes() {
    let dir = common::tempdir("write-error");
    let inputs = corpus(&dir);
    let (fresh, out) = (dir.join("fresh"), dir.join("out"));
    reference(&inputs, &fresh);

    // A file size limit makes writes fail past 256 kB ("File too large"),
    // as a full disk would, even for root.
    let mut a = vec![
        "-c",
        "ulimit -f 512; trap '' XFSZ; exec \"$0\" \"$@\"",
        env!("CARGO_BIN_EXE_gazet"),
    ];
    a.extend(args(&inputs, &out, &SLOW));
    let res = Command::new("sh").args(&a).output().unwrap();
    assert_eq!(res.status.code(), Some(3), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(
        err.contains(".mentions.csv.partial: cannot write: "),
        "{err}"
    );
    assert!(err.contains("File too large"), "{err}");
    assert!(err.contains("no table has its final name"), "{err}");
    assert!(err.contains("continue with: "), "{err}");
    no_final_tables(&out, &TABLES);
    assert!(saved(&out).unwrap() > 0);

    let res = gazet(&args(&inputs, &out, &["--resume"]));
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    same_tables(&fresh, &out, &TABLES);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn resume_refuses_another_run_and_a_plain_run_starts_over() {
    let dir = common::tempdir("resume-checks");
    let inputs = corpus(&dir);
    let (fresh, out) = (dir.join("fresh"), dir.join("out"));
    reference(&inputs, &fresh);
    let mut child = spawn(&args(&inputs, &out, &SLOW));
    wait_for(&mut child, &out, 1500);
    child.kill().unwrap();
    child.wait().unwrap();

    let refused = |extra: &[&str], why: &str| {
        let mut e = vec!["--resume"];
        e.extend_from_slice(extra);
        let res = gazet(&args(&inputs, &out, &e));
        assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
        let err = stderr(&res);
        assert!(
            err.contains("cannot resume the run in") && err.contains(why),
            "{err}"
        );
        assert!(err.contains("run without --resume to start again"), "{err}");
    };
    refused(&["--min-score", "0.5"], "the options differ");
    refused(&["--no-variants"], "the gazetteer differs");
    // A file already read has changed.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&inputs[0])
        .unwrap();
    writeln!(f, "{{\"id\":\"late\",\"text\":\"Baghdad\"}}").unwrap();
    drop(f);
    refused(&[], "a.jsonl changed since the interrupted run read it");
    // Standard input cannot be resumed.
    let res = gazet(&["extract", "-", "--out", out.to_str().unwrap(), "--resume"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("cannot continue a run that reads standard input"));

    // Without --resume, the run starts again, and says so.
    let res = gazet(&args(&inputs, &out, &[]));
    assert_eq!(res.status.code(), Some(1));
    assert!(
        stderr(&res).contains("held an interrupted run: started again from the beginning"),
        "{}",
        stderr(&res)
    );
    assert_eq!(rows(&out.join("documents.csv")).len(), 3610);
    // With --resume and nothing to resume, likewise.
    let res = gazet(&args(&inputs, &out, &["--resume"]));
    assert_eq!(res.status.code(), Some(1));
    assert!(
        stderr(&res).contains("no interrupted run in"),
        "{}",
        stderr(&res)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn excel_safe_neutralizes_formulas_and_inputs_are_never_commands() {
    let dir = common::tempdir("excel");
    let input = dir.join("x.jsonl");
    let ids = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\tTAB",
        "$(touch pwned)",
        "`touch pwned`",
        "../../../../tmp/pwned",
        "ok",
    ];
    let mut text = String::new();
    for id in ids {
        text.push_str(&format!(
            "{}\n",
            serde_json::json!({"id": id, "text": "Baghdad"})
        ));
    }
    text.push_str("=1+1 not json\n");
    std::fs::write(&input, text).unwrap();
    let (plain, safe) = (dir.join("plain"), dir.join("safe"));
    let run = |out: &Path, extra: &[&str]| {
        let mut a = vec![
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        let res = gazet(&a);
        assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    };
    run(&plain, &[]);
    run(&safe, &["--excel-safe"]);
    let col = |out: &Path, table: &str, c: usize| -> Vec<String> {
        rows(&out.join(table))
            .into_iter()
            .map(|r| r[c].clone())
            .collect()
    };
    let plain_ids = col(&plain, "mentions.csv", 0);
    assert_eq!(plain_ids, ids);
    let safe_ids = col(&safe, "mentions.csv", 0);
    for (p, s) in plain_ids.iter().zip(&safe_ids) {
        if p.starts_with(['=', '+', '-', '@', '\t']) {
            assert_eq!(s, &format!("'{p}"));
        } else {
            assert_eq!(s, p);
        }
    }
    assert_eq!(col(&safe, "documents.csv", 0)[..9], safe_ids[..]);
    // No id was ever run or used as a path.
    for name in ["pwned", "tmp/pwned"] {
        assert!(!dir.join(name).exists());
        assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join(name).exists());
    }
    assert!(!Path::new("/tmp/pwned").exists());
    std::fs::remove_dir_all(dir).unwrap();
}
