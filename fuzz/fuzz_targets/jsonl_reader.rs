//! The JSONL reader on any bytes: one document per non-blank line, each at
//! its line's place, the same every time, resumable from any document; and
//! each document through the pipeline, with the checks of normalize_match.
#![no_main]

use gazet::source::jsonl::Lines;
use gazet::source::{discover, is_compressed, Location, Position, ReadOptions, Reader};
use gazet::Document;
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

fn options() -> ReadOptions {
    ReadOptions::new("id", vec!["title".into(), "text".into()])
}

fn read(data: &[u8]) -> Vec<(Document, Position)> {
    let stream = Box::new(Cursor::new(data.to_vec()));
    Lines::from_reader("f.jsonl", stream, &options()).collect()
}

fuzz_target!(|data: &[u8]| {
    let docs = read(data);
    assert_eq!(docs, read(data), "not deterministic");
    let lines: Vec<(usize, &[u8])> = data
        .split_inclusive(|&b| b == b'\n')
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l))
        })
        .enumerate()
        .filter(|(_, (_, l))| !l.iter().all(u8::is_ascii_whitespace))
        .map(|(n, (start, _))| (n + 1, start))
        .map(|(n, start)| (n, &data[start..]))
        .collect();
    assert_eq!(docs.len(), lines.len(), "one document per non-blank line");
    for ((doc, next), (n, rest)) in docs.iter().zip(&lines) {
        assert_eq!(doc.source.line, Some(*n as u64));
        let offset = doc.source.offset.expect("a JSONL document has an offset") as usize;
        assert_eq!(data.len() - offset, rest.len(), "offset of line {n}");
        let len = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        assert_eq!(next.offset as usize, offset + len);
        assert_eq!(next.line, *n as u64);
        // Read, or rejected with a reason; a rejected line has no fields.
        if doc.is_unreadable() {
            assert!(doc.fields.is_empty());
        } else {
            assert!(!doc.id.is_empty());
        }
        gazet_fuzz::check_document(doc);
    }

    // Resuming from the middle gives the rest of the documents. The file
    // reader takes gzip and zstd for what they are; the stream above never
    // does.
    if docs.is_empty() {
        return;
    }
    let path = std::env::temp_dir().join(format!("gazet-fuzz-{}.jsonl", std::process::id()));
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
