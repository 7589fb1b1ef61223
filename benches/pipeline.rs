//! Throughput of each stage and of one document end to end, in MB/s of text.
//!
//! The text is the seed articles of `../shared/seeds` when present (CI has
//! them beside the checkout), else the sample corpus shipped in `examples/`.
//! Run with `cargo bench`; Criterion reports throughput per stage.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gazet::input::{Document, Field};
use gazet::{normalize, pipeline, resolve, Gazetteer, MatchOptions, Matcher};
use std::hint::black_box;

fn corpus() -> String {
    let mut text = String::new();
    for dir in ["../shared/seeds", "examples/sample"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                text.push_str(&t);
                text.push('\n');
            }
        }
        if !text.is_empty() {
            break;
        }
    }
    assert!(
        !text.is_empty(),
        "no benchmark text found in ../shared/seeds or examples/sample"
    );
    text
}

fn stages(c: &mut Criterion) {
    let text = corpus();
    let g = Gazetteer::default_embedded().expect("default gazetteers load");
    let m = Matcher::new(&g, MatchOptions::default()).expect("matcher builds");
    let norm = normalize::normalize(&text);

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| normalize::normalize(black_box(&text)))
    });
    group.bench_function("match", |b| b.iter(|| m.find_in(black_box(&text), &norm)));
    let candidates = m.find_in(&text, &norm);
    group.bench_function("resolve", |b| {
        b.iter(|| resolve::resolve(&m, black_box(candidates.clone())))
    });
    group.bench_function("document_end_to_end", |b| {
        b.iter(|| {
            let doc = Document::new("bench", vec![Field::new("text", text.clone())]);
            pipeline::process_document(&m, &g, black_box(doc))
        })
    });
    group.finish();

    // Loading the default gazetteers and compiling them: what every run pays
    // before the first document.
    let mut group = c.benchmark_group("gazetteer");
    group.bench_function("load_defaults", |b| {
        b.iter(|| Gazetteer::default_embedded().unwrap())
    });
    group.bench_function("build_matcher", |b| {
        b.iter(|| Matcher::new(black_box(&g), MatchOptions::default()).unwrap())
    });
    group.bench_function("load_and_build", |b| {
        b.iter(|| {
            let g = Gazetteer::default_embedded().unwrap();
            Matcher::new(&g, MatchOptions::default()).unwrap()
        })
    });
    group.finish();
    let names: usize = g.entities().iter().map(|e| e.names.len()).sum();
    eprintln!(
        "default gazetteers: {} entities, {} names, {} distinct keys; matcher heap {:.1} MiB",
        g.len(),
        names,
        m.keys().len(),
        m.memory_usage() as f64 / (1 << 20) as f64
    );
}

criterion_group!(benches, stages);
criterion_main!(benches);
