//! Helpers shared by the integration tests.
#![allow(dead_code)]

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

/// `extract INPUTS... --out OUT EXTRA...`.
pub fn args<'a>(inputs: &'a [PathBuf], out: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["extract"];
    a.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    a.extend(["--out", out.to_str().unwrap()]);
    a.extend_from_slice(extra);
    a
}

/// Starts `gazet ARGS...`, its standard error piped.
pub fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// What a finished run printed on standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Small batches and a checkpoint after each: many points to stop at.
pub const SLOW: [&str; 6] = [
    "--threads",
    "1",
    "--batch-docs",
    "40",
    "--checkpoint-secs",
    "0",
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

/// No table has its final name in `out` (after an interruption).
pub fn no_final_tables(out: &Path) {
    for t in TABLES {
        assert!(!out.join(t).exists(), "{t} exists after an interruption");
    }
}

/// The tables in `a` and `b` are the same bytes, and `b` holds no
/// temporary file.
pub fn same_tables(a: &Path, b: &Path) {
    for t in TABLES {
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
