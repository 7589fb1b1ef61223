//! The CSV reader on any bytes: the same documents every time, each placed
//! at the start of its record (not on a line end, at the line its offset
//! is on), in order, with the position after it where reading can resume
//! (after a line end, or at the end); reading the same bytes from a file
//! and resuming after the middle document gives the rest; and each
//! document through the pipeline, with the checks of normalize_match.
#![no_main]

use gazet::source::csv::Records;
use gazet::source::{discover, is_compressed, Location, Position, ReadOptions, Reader};
use gazet::Document;
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

fn options() -> ReadOptions {
    ReadOptions::new("id", vec!["title".into(), "text".into()]).keep(vec!["date".into()])
}

fn read(data: &[u8]) -> Vec<(Document, Position)> {
    let stream = Box::new(Cursor::new(data.to_vec()));
    Records::from_reader("f.csv", stream, b',', &options()).collect()
}

fuzz_target!(|data: &[u8]| {
    let docs = read(data);
    assert_eq!(docs, read(data), "not deterministic");
    let mut after = 0u64;
    for (doc, next) in &docs {
        let offset = doc.source.offset.expect("a record has an offset");
        let line = doc.source.line.expect("a record has a line");
        assert!(
            offset >= after,
            "record at {offset} before the end of the last, {after}"
        );
        assert!(next.offset > offset && next.offset <= data.len() as u64);
        let start = offset as usize;
        assert!(
            !matches!(data[start], b'\r' | b'\n'),
            "a record starts on a line end"
        );
        let lines = data[..start].iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(line, lines + 1, "line of the record at {offset}");
        let end = next.offset as usize;
        assert!(
            matches!(data[end - 1], b'\r' | b'\n') || end == data.len(),
            "no line end before {end}"
        );
        let ends = data[..end].iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(next.line, ends, "lines before {end}");
        assert_eq!(doc.keep.len(), 1);
        if doc.is_unreadable() {
            assert!(doc.fields.is_empty());
        } else {
            assert!(!doc.id.is_empty());
        }
        gazet_fuzz::check_document(doc);
        after = next.offset;
    }

    // Resuming from the middle gives the rest of the documents. The file
    // reader takes gzip and zstd for what they are; the stream above never
    // does.
    if docs.is_empty() {
        return;
    }
    let path = std::env::temp_dir().join(format!("gazet-fuzz-{}.csv", std::process::id()));
    std::fs::write(&path, data).expect("temporary file");
    if is_compressed(&Location::Path(path.clone())) {
        return;
    }
    let (files, _) = discover(&[&path]).expect("the file exists");
    let all: Vec<(Document, Position)> = Reader::new(files.clone(), options()).collect();
    assert_eq!(all.len(), docs.len());
    let k = all.len() / 2;
    let rest: Vec<(Document, Position)> = Reader::resume(files, options(), all[k].1).collect();
    assert_eq!(&all[k + 1..], &rest[..]);
});
