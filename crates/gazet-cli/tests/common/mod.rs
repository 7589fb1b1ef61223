//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

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
