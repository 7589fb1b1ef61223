//! The Python package's tests (`python/tests`), run from `cargo test`, so
//! that the README's one test command runs every test, Rust and Python.
//!
//! What it does: makes a virtual environment in cargo's temporary directory
//! for tests, installs pytest, maturin, pyarrow, pandas, polars, spaCy,
//! PySpark, Dask and Ray there (from PyPI), installs the
//! package with `pip install .` from the repository root (maturin compiles
//! `crates/gazet-py` against the core), and runs pytest with the `gazet`
//! binary of this build, which the Python tests take as their reference.
//!
//! The wheel is built as a user's is, in cargo's release profile, but
//! without link-time optimization and with more codegen units (cargo's
//! `CARGO_PROFILE_RELEASE_*` variables): the same code, compiled in about
//! half the time on a CI machine of two cores.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `cmd`, failing the test with its output if it fails.
fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{what}:\n{stdout}");
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
}

#[test]
fn the_python_package_passes_its_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root");
    let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("python-venv");
    let python = venv.join("bin/python");
    // The build backend runs `maturin` from the environment's `bin`.
    let path = std::env::join_paths(std::iter::once(venv.join("bin")).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("a PATH");
    if !python.exists() {
        run(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        );
    }
    run(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            // The wheels (pyspark, ray, pyarrow, polars: about 800 MB) are
            // installed once into the environment; a second copy in pip's
            // cache would only take disk a CI machine may not have.
            "--no-cache-dir",
            "maturin>=1.5,<2",
            "pytest>=7",
            "pyarrow>=14",
            // PySpark does not yet support pandas 3 (it warns so).
            "pandas>=1.5,<3",
            "polars>=0.20",
            "spacy>=3.7,<4",
            // Java 17 is on the machine; Spark 4 needs it.
            "pyspark>=3.5",
            "dask[dataframe]>=2024.1",
            "ray[data]>=2.9",
        ]),
        "pip install maturin pytest pyarrow pandas polars spacy pyspark dask ray",
    );
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-build-isolation",
                "--force-reinstall",
                "--no-deps",
            ])
            .arg(&root)
            .env("PATH", &path)
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "0"),
        "pip install . (the gazet package)",
    );
    run(
        Command::new(&python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(root.join("python/tests"))
            .current_dir(&venv)
            .env("GAZET_BIN", env!("CARGO_BIN_EXE_gazet"))
            .env("GAZET_SHARED", root.join("../shared")),
        "pytest python/tests",
    );
}
