//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared` beside the checkout (CI has it there). Tests that need it fail
/// with a clear message when it is missing, unless GAZET_SKIP_SHARED=1.
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
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
