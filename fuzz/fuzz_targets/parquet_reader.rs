//! The Parquet reader on any bytes, written to a `.parquet` file: the same
//! documents every time; each one read (an id and fields) or rejected with
//! a reason (and no fields); rows numbered in order, the position after each
//! its row count; resuming after the middle document gives the rest; each
//! document through the pipeline, with the checks of normalize_match.
//!
//! gazet runs the Parquet decoder under `catch_unwind` and rejects a file
//! it panics on, so a panic of the decoder is tolerated (and noted once per
//! place on standard error): one raised outside gazet's code, under one of
//! the reader's calls into the parquet crate. Any other panic is a crash,
//! and with `GAZET_FUZZ_STRICT=1` every panic is.
#![no_main]

use gazet::source::{discover, Position, ReadOptions, Reader};
use gazet::Document;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

fn options() -> ReadOptions {
    ReadOptions::new("id", vec!["title".into(), "text".into()]).keep(vec![
        "date".into(),
        "meta".into(),
        "meta.tags".into(),
        "n".into(),
        "absent".into(),
    ])
}

/// The source of gazet's Parquet reader, to tell its calls into the
/// decoder from the rest of its code.
const SOURCE: &str = include_str!("../../crates/gazet/src/source/parquet.rs");

/// The calls into the decoder (and its metadata), as written in the source.
const CALLS: &[&str] = &[
    "ArrowReaderMetadata::load(",
    "g.num_rows()",
    "ProjectionMask::roots(",
    "byte_range()",
    "reader.next()",
    "new_with_metadata(",
    ".with_row_groups(",
    ".with_projection(",
    ".with_batch_size(",
    "builder.build()",
];

/// The lines of the reader (not its tests) that call into the decoder.
fn decoder_lines() -> HashSet<usize> {
    SOURCE
        .lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//") && CALLS.iter().any(|c| l.contains(c)))
        .map(|(i, _)| i + 1)
        .collect()
}

/// Is this panic the decoder's: raised outside gazet, under a call of
/// gazet's reader into the decoder (the first frame of gazet's code in the
/// backtrace is on one of `lines`)?
fn in_decoder(info: &std::panic::PanicHookInfo<'_>, lines: &HashSet<usize>) -> bool {
    const OWN: &str = "/crates/gazet/src/";
    if info.location().is_none_or(|l| l.file().contains(OWN)) {
        return false;
    }
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    let first = trace
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("at "))
        .find(|at| at.contains(OWN));
    let Some(at) = first else { return false };
    let mut parts = at.rsplitn(3, ':');
    let (_column, line, file) = (parts.next(), parts.next(), parts.next());
    file.is_some_and(|f| f.ends_with("/crates/gazet/src/source/parquet.rs"))
        && line
            .and_then(|l| l.parse().ok())
            .is_some_and(|l| lines.contains(&l))
}

/// The temporary file, and the panic hook that tolerates the decoder's
/// panics, set up once per process.
fn setup() -> &'static PathBuf {
    static SETUP: OnceLock<PathBuf> = OnceLock::new();
    SETUP.get_or_init(|| {
        if std::env::var_os("GAZET_FUZZ_STRICT").is_none() {
            let abort = std::panic::take_hook();
            let lines = decoder_lines();
            assert!(
                lines.len() >= CALLS.len(),
                "the decoder calls are not found"
            );
            let seen: Mutex<HashSet<String>> = Mutex::default();
            std::panic::set_hook(Box::new(move |info| {
                if !in_decoder(info, &lines) {
                    return abort(info);
                }
                let place = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                if seen.lock().is_ok_and(|mut s| s.insert(place.clone())) {
                    let message = info
                        .payload()
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| info.payload().downcast_ref::<&str>().copied())
                        .unwrap_or("");
                    eprintln!("parquet_reader: tolerated decoder panic at {place}: {message}");
                }
            }));
        }
        let dir = std::env::temp_dir().join(format!("gazet-fuzz-parquet-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        dir.join("f.parquet")
    })
}

fn check(doc: &Document) {
    if doc.is_unreadable() {
        assert!(doc.fields.is_empty(), "a rejected row has fields");
    } else {
        assert!(!doc.id.is_empty(), "a read row has no id");
        assert!(!doc.fields.is_empty(), "a read row has no field");
    }
    assert_eq!(doc.keep.len(), options().keep_fields.len());
    gazet_fuzz::check_document(doc);
}

fuzz_target!(|data: &[u8]| {
    let path = setup();
    std::fs::write(path, data).expect("temporary file");
    let (files, _) = discover(&[path]).expect("the file exists");
    let read = || -> Vec<(Document, Position)> { Reader::new(files.clone(), options()).collect() };
    let all = read();
    assert_eq!(all, read(), "not deterministic");

    // Rows in order, each followed by its row count; the last document may
    // instead be a rejection of the file or of its rest, after which the
    // reader goes on to the next file.
    let mut rows = 0u64;
    for (i, (doc, next)) in all.iter().enumerate() {
        check(doc);
        if next.file == 0 {
            rows += 1;
            assert_eq!(doc.source.line, Some(rows), "row number");
            assert_eq!(next.line, rows, "rows read");
            assert!(next.offset <= data.len() as u64);
        } else {
            assert_eq!(next.file, 1);
            assert_eq!(
                i + 1,
                all.len(),
                "a document after the rejection of the rest"
            );
            assert!(doc.is_unreadable(), "the file left while reading on");
            assert!(doc.source.line.is_none_or(|l| l == rows + 1));
        }
    }

    // Resuming after the middle document gives the rest of the documents.
    if all.is_empty() {
        return;
    }
    let k = all.len() / 2;
    let at = all[k].1;
    if at.file == 0 {
        let f = &files[0];
        f.format
            .check_resume(f, at)
            .expect("a resume after a document read is accepted");
    }
    let rest: Vec<(Document, Position)> = Reader::resume(files, options(), at).collect();
    assert_eq!(
        &all[k + 1..],
        &rest[..],
        "resuming after document {}",
        k + 1
    );
});
