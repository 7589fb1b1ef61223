//! Any bytes as the checkpoint of an interrupted run (`.gazet-checkpoint.json`)
//! read by `--resume`: the run resumed into a directory that holds the
//! temporary tables of an interrupted run over a small JSONL file (all of
//! its documents written), with the bytes as its checkpoint. The checkpoint
//! is read only inside a run (`run::checkpoint` is private), so the target
//! calls `gazet::run::extract` with `resume`, as `gazet extract ... --resume`
//! does, with the options of
//!
//! ```sh
//! gazet extract DIR/in/news.jsonl -o DIR/out --text-field title \
//!     --text-field text --keep-field date
//! ```
//!
//! where DIR is `/dev/shm/gazet-fuzz-checkpoint` (or `gazet-fuzz-checkpoint`
//! in the temporary directory when there is no `/dev/shm`): the input's path
//! and modification time are in the checkpoint, so they are the same in
//! every process, and one process at a time may use them. `seed.sh` makes
//! the seeds with the command line on the same file.
//!
//! The run either fails with a message, publishing no table, or finishes:
//! its tables are published, the checkpoint is gone, the counts reconcile
//! (when they did in the checkpoint), and when the checkpoint is one the
//! run really writes (after 1 to 6 documents, or finished, compared as JSON values with
//! the lists the run fills from hash maps sorted), the
//! tables are byte for byte those of a run never stopped.
//!
//! `GAZET_FUZZ_VERBOSE=1` prints what became of each input, and leaves the
//! real checkpoints in DIR (`real-after-N`).
#![no_main]

use gazet::aggregate::AggregateOptions;
use gazet::run::Counts;
use gazet::source::{Position, ReadOptions};
use gazet::{Error, Progress, RunOptions};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

/// The input: four articles, a line that is not JSON, and an id seen before.
const INPUT: &[u8] = include_bytes!("../checkpoint_input.jsonl");
const DOCUMENTS: u64 = 6;
/// Its modification time, in seconds since the epoch (`seed.sh` sets it too).
const MTIME: u64 = 1_700_000_000;
const CHECKPOINT: &str = ".gazet-checkpoint.json";
/// The tables a finished run publishes.
const TABLES: [&str; 5] = [
    "mentions.csv",
    "documents.csv",
    "rejects.csv",
    "entities.csv",
    "cooccurrence.csv",
];

/// The files of a directory, by name (no subdirectories expected).
type Files = BTreeMap<String, Vec<u8>>;

struct Setup {
    input: PathBuf,
    out: PathBuf,
    /// The temporary tables and list of ids of an interrupted run that wrote
    /// every document.
    state: Files,
    /// The checkpoints a run writes after 1, 2, ... documents.
    genuine: Vec<Value>,
    /// The tables of a run never stopped.
    reference: Files,
    verbose: bool,
}

fn dir() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join("gazet-fuzz-checkpoint")
}

/// The options of the command line above; `interrupted` for the runs that
/// write a checkpoint after each document (batches, threads and the
/// checkpoint interval are not part of what a checkpoint checks).
fn options(resume: bool, interrupted: bool) -> RunOptions {
    let read =
        ReadOptions::new("id", vec!["title".into(), "text".into()]).keep(vec!["date".into()]);
    let mut o = RunOptions::new(read);
    o.threads = Some(1);
    o.resume = resume;
    let mut a = AggregateOptions::default();
    a.date_field = AggregateOptions::guess_date_field(&["date".into()]);
    o.aggregate = Some(a);
    if interrupted {
        o.batch_docs = 1;
        o.checkpoint_interval = Duration::from_secs(3600);
    }
    o
}

/// Stops the run once `at` documents are written.
struct StopAt {
    at: u64,
    stop: Arc<AtomicBool>,
}

impl Progress for StopAt {
    fn start(&self, _: &[gazet::source::InputFile], _: Counts) {}
    fn update(&self, counts: Counts, _: Position) {
        if counts.documents >= self.at {
            self.stop.store(true, Ordering::Relaxed);
        }
    }
    fn finish(&self) {}
}

fn files(dir: &Path) -> Files {
    let mut all = Files::new();
    for e in std::fs::read_dir(dir).expect("the output directory") {
        let e = e.expect("a directory entry");
        assert!(
            e.file_type().unwrap().is_file(),
            "{:?} is not a file",
            e.path()
        );
        let name = e.file_name().into_string().expect("a UTF-8 name");
        all.insert(name, std::fs::read(e.path()).expect("a file of the output"));
    }
    all
}

fn fill(dir: &Path, state: &Files, checkpoint: &[u8]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("the output directory");
    for (name, bytes) in state {
        std::fs::write(dir.join(name), bytes).expect("a table of the interrupted run");
    }
    std::fs::write(dir.join(CHECKPOINT), checkpoint).expect("the checkpoint");
}

fn resume(s: &Setup) -> Result<gazet::Summary, Error> {
    gazet::run::extract(
        &[&s.input],
        gazet_fuzz::extractor(),
        &s.out,
        &options(true, false),
    )
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = dir();
        let _ = std::fs::remove_dir_all(&dir);
        let input = dir.join("in").join("news.jsonl");
        std::fs::create_dir_all(input.parent().unwrap()).expect("the input directory");
        std::fs::write(&input, INPUT).expect("the input");
        std::fs::File::options()
            .write(true)
            .open(&input)
            .and_then(|f| f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(MTIME)))
            .expect("the input's modification time");
        let ex = gazet_fuzz::extractor();

        let reference_dir = dir.join("reference");
        gazet::run::extract(&[&input], ex, &reference_dir, &options(false, false))
            .expect("a run never stopped");
        let reference = files(&reference_dir);

        let mut genuine = Vec::new();
        let mut state = Files::new();
        for at in 1..=DOCUMENTS {
            let out = dir.join(format!("stopped-{at}"));
            let stop = Arc::new(AtomicBool::new(false));
            let mut o = options(false, true);
            o.stop = Some(stop.clone());
            o.progress = Some(Arc::new(StopAt { at, stop }));
            match gazet::run::extract(&[&input], ex, &out, &o) {
                Err(Error::Interrupted { documents, .. }) => assert_eq!(documents, at),
                other => panic!("a run stopped after {at} documents: {other:?}"),
            }
            state = files(&out);
            let checkpoint = state.remove(CHECKPOINT).expect("a checkpoint");
            if std::env::var_os("GAZET_FUZZ_VERBOSE").is_some() {
                std::fs::write(dir.join(format!("real-after-{at}")), &checkpoint).unwrap();
            }
            genuine.push(canonical(
                serde_json::from_slice(&checkpoint).expect("a checkpoint is JSON"),
            ));
            let _ = std::fs::remove_dir_all(&out);
        }
        // The checkpoint of a run killed while renaming its finished tables:
        // the last, finished, without the aggregates (already written).
        let mut finished = genuine.last().expect("a checkpoint").clone();
        finished["finished"] = Value::Bool(true);
        finished["aggregates"] = Value::Null;
        genuine.push(finished);
        // A run killed while renaming its tables had written the partial
        // aggregate tables too.
        for t in ["entities.csv", "cooccurrence.csv"] {
            state.insert(format!(".{t}.partial"), reference[t].clone());
        }
        let s = Setup {
            out: dir.join("out"),
            input,
            state,
            genuine,
            reference,
            verbose: std::env::var_os("GAZET_FUZZ_VERBOSE").is_some(),
        };
        // The oracle: every checkpoint a run writes resumes into the tables
        // of a run never stopped.
        for (i, c) in s.genuine.iter().enumerate() {
            fill(&s.out, &s.state, &serde_json::to_vec(c).unwrap());
            resume(&s).unwrap_or_else(|e| panic!("resuming {}: {e}", real(i)));
            assert!(
                files(&s.out) == s.reference,
                "resuming {} gives other tables",
                real(i)
            );
        }
        s
    })
}

/// Which real checkpoint `genuine[i]` is.
fn real(i: usize) -> String {
    if (i as u64) < DOCUMENTS {
        format!("after {} documents", i + 1)
    } else {
        "of the finished run".into()
    }
}

/// A checkpoint with the lists the run fills from hash maps sorted (the
/// pairs, and the spellings of each entity, whose order changes nothing in
/// the tables), so that equal checkpoints compare equal.
fn canonical(mut v: Value) -> Value {
    let sort = |l: Option<&mut Value>| {
        if let Some(Value::Array(items)) = l {
            items.sort_by_key(|x| x.to_string());
        }
    };
    if let Some(a) = v.get_mut("aggregates") {
        sort(a.get_mut("pairs"));
        if let Some(Value::Array(entities)) = a.get_mut("entities") {
            for e in entities {
                sort(e.get_mut("spellings"));
            }
        }
    }
    v
}

/// How `v` differs from the real checkpoint with as many documents, for
/// GAZET_FUZZ_VERBOSE: the fields that differ, one level down.
fn unlike(s: &Setup, v: &Value) -> String {
    let n = v
        .pointer("/counts/documents")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let Some(real) = n.checked_sub(1).and_then(|i| s.genuine.get(i as usize)) else {
        return format!("{n} documents");
    };
    let (Some(a), Some(b)) = (v.as_object(), real.as_object()) else {
        return "not an object".into();
    };
    let mut keys: Vec<String> = Vec::new();
    for (k, x) in b {
        match (a.get(k), x) {
            (Some(Value::Object(y)), Value::Object(x)) => keys.extend(
                x.iter()
                    .filter(|(kk, xx)| y.get(*kk) != Some(*xx))
                    .map(|(kk, _)| format!("{k}.{kk}")),
            ),
            (y, x) if y != Some(x) => keys.push(k.clone()),
            _ => {}
        }
    }
    keys.extend(a.keys().filter(|k| !b.contains_key(*k)).cloned());
    format!("{} differ", keys.join(", "))
}

fn reconciles(c: &Counts) -> bool {
    c.ok.checked_add(c.flagged)
        .and_then(|n| n.checked_add(c.rejected))
        == Some(c.documents)
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    fill(&s.out, &s.state, data);
    let result = resume(s);
    let parsed: Option<Value> = serde_json::from_slice(data).ok().map(canonical);
    let genuine = parsed
        .as_ref()
        .and_then(|v| s.genuine.iter().position(|g| g == v));
    match result {
        Err(e) => {
            if s.verbose {
                eprintln!("checkpoint_reader: error: {e}");
            }
            assert!(
                !e.to_string().trim().is_empty(),
                "an error without a message"
            );
            assert!(genuine.is_none(), "a real checkpoint refused: {e}");
            for t in TABLES {
                assert!(
                    !s.out.join(t).exists(),
                    "{t} published by a failed run: {e}"
                );
            }
        }
        Ok(summary) => {
            if s.verbose {
                let what = match (genuine, &parsed) {
                    (Some(i), _) => format!("the checkpoint {}", real(i)),
                    (None, Some(v)) => format!("not a real checkpoint: {}", unlike(s, v)),
                    (None, None) => unreachable!("resumed from a checkpoint that is not JSON"),
                };
                eprintln!("checkpoint_reader: resumed ({what}): {}", summary.line());
            }
            let out = files(&s.out);
            assert!(!out.contains_key(CHECKPOINT), "the checkpoint is left");
            for t in TABLES {
                assert!(out.contains_key(t), "{t} is not published");
            }
            let then = parsed
                .as_ref()
                .and_then(|v| serde_json::from_value::<Counts>(v.get("counts")?.clone()).ok());
            if then.as_ref().is_some_and(reconciles) {
                assert!(reconciles(&summary.counts), "counts {:?}", summary.counts);
            }
            if genuine.is_some() {
                assert!(
                    out == s.reference,
                    "a real checkpoint resumed into other tables"
                );
            }
        }
    }
});
