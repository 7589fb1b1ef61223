//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The tables of the CSV format.
pub const TABLES: [&str; 3] = ["mentions.csv", "documents.csv", "rejects.csv"];

/// `../shared` beside the checkout (CI has it there). Tests that need it fail
/// with a clear message when it is missing, unless GAZET_SKIP_SHARED=1.
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var_os("GAZET_SKIP_SHARED").is_some() {
        eprintln!("../shared not found; skipped because GAZET_SKIP_SHARED is set");
        return None;
    }
    panic!("../shared not found beside the checkout ({}); set GAZET_SKIP_SHARED=1 to skip tests that need it", p.display());
}

/// A fresh temporary directory for one test.
pub fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gazet-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs the `gazet` binary.
pub fn gazet(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(args)
        .output()
        .unwrap()
}

/// The rows of a CSV table, header left out.
pub fn rows(path: &std::path::Path) -> Vec<Vec<String>> {
    csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The sample articles shipped in `examples/sample/`, one JSON object each.
pub fn sample_articles() -> Vec<serde_json::Value> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample/news.jsonl");
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The corpus of the fault tests: three input files (plain, gzip, plain) of 1,200 documents each, made of
/// the sample articles with fresh ids, a few lines that are not JSON and a
/// few repeated ids, so that every table and the id check cross the
/// interruptions.
pub fn fault_corpus(dir: &Path) -> Vec<PathBuf> {
    let articles = sample_articles();
    let mut paths = Vec::new();
    for (f, name) in ["a.jsonl", "b.jsonl.gz", "c.jsonl"].iter().enumerate() {
        let mut text = String::new();
        for i in 0..1200 {
            let mut a = articles[i % articles.len()].clone();
            a["id"] = format!("{f}-{i}").into();
            if i % 300 == 7 {
                a["id"] = "0-1".into(); // seen in the first file
            }
            text.push_str(&format!("{a}\n"));
            if i % 400 == 13 {
                text.push_str("{\"id\": not json\n");
            }
        }
        let path = dir.join(name);
        if name.ends_with(".gz") {
            let mut enc = flate2::write::GzEncoder::new(
                std::fs::File::create(&path).unwrap(),
                flate2::Compression::fast(),
            );
            enc.write_all(text.as_bytes()).unwrap();
            enc.finish().unwrap();
        } else {
            std::fs::write(&path, text).unwrap();
        }
        paths.push(path);
    }
    paths
}

/// `gazet extract INPUTS... --out OUT EXTRA...`.
pub fn args<'a>(inputs: &'a [PathBuf], out: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["extract"];
    a.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    a.extend(["--out", out.to_str().unwrap()]);
    a.extend_from_slice(extra);
    a
}

/// Starts `gazet ARGS`, its standard error piped.
pub fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Sends the run Ctrl-C (SIGINT) and waits for it to end: its output, and
/// how long it took to stop.
pub fn interrupt(child: Child) -> (Output, Duration) {
    let asked = Instant::now();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let res = child.wait_with_output().unwrap();
    (res, asked.elapsed())
}

/// The standard error of a run.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Small batches, a checkpoint after each and a pause of 5 ms after each:
/// many points to stop at, and a pace (at most 8,000 documents a second)
/// that leaves a busy machine time to kill the run before its end.
pub const SLOW: [&str; 8] = [
    "--threads",
    "1",
    "--batch-docs",
    "40",
    "--checkpoint-secs",
    "0",
    "--batch-pause-ms",
    "5",
];

/// Documents saved by the checkpoint in `out`, if there is one.
pub fn saved(out: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(out.join(".gazet-checkpoint.json")).ok()?;
    let cp: serde_json::Value = serde_json::from_str(&text).ok()?;
    cp["counts"]["documents"].as_u64()
}

/// Waits until the run writing to `out` has saved at least `docs`
/// documents; fails if it ends first.
pub fn wait_for(child: &mut Child, out: &Path, docs: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if let Some(n) = saved(out).filter(|&n| n >= docs) {
            return n;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before saving {docs} documents");
        }
        assert!(Instant::now() < deadline, "no checkpoint after 300 s");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Fails if any of `tables` has its final name in `out`.
pub fn no_final_tables(out: &Path, tables: &[&str]) {
    for t in tables {
        assert!(!out.join(t).exists(), "{t} exists after an interruption");
    }
}

/// Fails unless `tables` are the same bytes in `a` and `b`, and `b` holds no
/// temporary file.
pub fn same_tables(a: &Path, b: &Path, tables: &[&str]) {
    for t in tables {
        let (x, y) = (
            std::fs::read(a.join(t)).unwrap(),
            std::fs::read(b.join(t)).unwrap(),
        );
        assert!(x == y, "{t} differs ({} and {} bytes)", x.len(), y.len());
    }
    let left: Vec<_> = std::fs::read_dir(b)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// Runs `gazet extract INPUTS --out OUT EXTRA...` and kills it (SIGKILL)
/// twice: first with small batches and a checkpoint after each ([`SLOW`])
/// once a checkpoint holds `at[0]` documents; then resumed with other
/// settings (two threads, batches of 16, each followed by a pause, so that
/// the kill lands before the end on a busy machine) once one holds `at[1]`. After each
/// kill, `unfinished(OUT)` checks that nothing has its final name. Returns
/// the documents the last checkpoint holds, which the next `--resume` run
/// reports as done before.
pub fn kill_twice(
    inputs: &[PathBuf],
    out: &Path,
    extra: &[&str],
    at: [u64; 2],
    unfinished: impl Fn(&Path),
) -> u64 {
    let mut first = extra.to_vec();
    first.extend_from_slice(&SLOW);
    let mut child = spawn(&args(inputs, out, &first));
    wait_for(&mut child, out, at[0]);
    let first = kill_and_read(&mut child, out);
    unfinished(out);
    let mut resume = extra.to_vec();
    resume.extend([
        "--resume",
        "--threads",
        "2",
        "--batch-docs",
        "16",
        "--checkpoint-secs",
        "0",
        "--batch-pause-ms",
        "2",
    ]);
    let mut child = spawn(&args(inputs, out, &resume));
    wait_for(&mut child, out, at[1]);
    let second = kill_and_read(&mut child, out);
    unfinished(out);
    assert!(first < second, "{first} {second}");
    second
}

/// Kills the run (SIGKILL) and gives the documents its checkpoint holds
/// then: the run may save another between the test's last look and the
/// kill, and a resumed run goes on from the checkpoint, not from what the
/// test saw.
fn kill_and_read(child: &mut Child, out: &Path) -> u64 {
    child.kill().unwrap();
    child.wait().unwrap();
    saved(out).expect("a checkpoint after the kill")
}

/// Resumes the run into `out` that [`kill_twice`] left, to the end, and
/// checks that it exits with `code`, counts `total` documents and says it
/// resumed after the `done` documents of the runs before.
pub fn resume_to_the_end(
    inputs: &[PathBuf],
    out: &Path,
    extra: &[&str],
    code: i32,
    total: u64,
    done: u64,
) {
    assert!(done < total, "the runs before ended at {done} of {total}");
    let mut last = extra.to_vec();
    last.push("--resume");
    let res = gazet(&args(inputs, out, &last));
    assert_eq!(res.status.code(), Some(code), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(
        err.contains(&format!("gazet: {total} documents: ")),
        "{err}"
    );
    assert!(
        err.contains(&format!("resumed after {done} documents done before")),
        "{err}"
    );
}
