//! Throughput of each stage and of documents end to end, in bytes of text per
//! second, with the default gazetteers and with a large one; and how long the
//! matchers take to build.
//!
//! Two gazetteers, because gazet's cost depends on the size of the gazetteer
//! as much as on the text: the built-in ones (about 2,000 entities, 10,000
//! names), and every place of GeoNames' `cities15000` (about 23,000 places,
//! 80,000 names in every script), imported at bench time from
//! `../shared/data/geonames/cities15000.txt.gz` with the library's own
//! importer, as `gazet gazetteer import geonames --all-scripts` does.
//!
//! Two texts: the seed articles of `../shared/seeds` when present, else the
//! sample corpus shipped in `examples/`, as one document (a few dozen kB, the
//! numbers this bench always gave); and the first 2 MB of article text of the
//! Tehran Times corpus (`../shared/data/news/tehran_times.jsonl.gz`), as its
//! documents, for rates over thousands of real articles rather than one text
//! that fits in cache.
//!
//! The stages, each over every document of a text: `normalize` (once per
//! text: it does not depend on the gazetteer), `match` (the normalized text
//! against the compiled gazetteer), `unlisted` (the names no gazetteer
//! lists, read around the listed mentions), `resolve` (overlaps and ambiguity),
//! `write` (the rows of `mentions.csv` and `documents.csv`, rendered and
//! written by the CSV sink, into the page cache: the tables are created
//! before the timing and not synced, as a run syncs only once a second), and
//! `document_end_to_end` ([`Extractor::extract`]).
//!
//! Whatever needs `../shared` is skipped with a message when it is absent.
//! Run with `cargo bench`; for a quick look, `cargo bench -- --sample-size
//! 10 --warm-up-time 1 --measurement-time 2`.

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use gazet::gazetteer::geonames;
use gazet::matcher::Matcher;
use gazet::sink::{csv::Csv, Record, Render, Sink, SinkOptions, Target};
use gazet::unlisted::{self, Listed};
use gazet::{normalize, resolve, Document, DocumentResult, Extractor, Gazetteer, MatchOptions};
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// `../shared` beside the checkout.
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The seed articles (or the shipped sample), as one text.
fn seed_text() -> String {
    let mut text = String::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for dir in [shared().join("seeds"), root.join("examples/sample")] {
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

/// A gzip file of `../shared`, decompressed as it is read; `None`, with a
/// message saying which benches are skipped, when it is absent.
fn open_gz(
    path: &std::path::Path,
    skipped: &str,
) -> Option<BufReader<flate2::read::MultiGzDecoder<std::fs::File>>> {
    match std::fs::File::open(path) {
        Ok(file) => Some(BufReader::new(flate2::read::MultiGzDecoder::new(file))),
        Err(_) => {
            eprintln!("{} not found: skipping {skipped}", path.display());
            None
        }
    }
}

/// The `text` of the first Tehran Times articles, about `bytes` of it.
fn news_texts(bytes: usize) -> Option<Vec<String>> {
    let path = shared().join("data/news/tehran_times.jsonl.gz");
    let reader = open_gz(&path, "the benches on news articles")?;
    let mut texts = Vec::new();
    let mut total = 0;
    for line in reader.lines() {
        let line = line.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("{}: not JSONL: {e}", path.display()));
        if let Some(t) = doc["text"].as_str() {
            total += t.len();
            texts.push(t.to_string());
        }
        if total >= bytes {
            break;
        }
    }
    Some(texts)
}

/// Every place of `cities15000`, all scripts, as gazet's importer makes it:
/// the gazetteer as a CSV text, to load as `gazet extract -g` would.
fn large_gazetteer_csv() -> Option<String> {
    let path = shared().join("data/geonames/cities15000.txt.gz");
    let reader = open_gz(&path, "the benches on the large GeoNames gazetteer")?;
    let options = geonames::ImportOptions {
        all_scripts: true,
        ..geonames::ImportOptions::default()
    };
    let name = path.display().to_string();
    let imported = geonames::import(reader, &name, &options, None)
        .unwrap_or_else(|e| panic!("importing {name}: {e}"));
    let mut csv = Vec::new();
    geonames::write_csv(&mut csv, &imported.places).expect("writing to memory");
    Some(String::from_utf8(csv).expect("the importer writes UTF-8"))
}

fn load_csv(csv: &str) -> Gazetteer {
    Gazetteer::from_sources([("geonames-all.csv".to_string(), csv.to_string())])
        .expect("the imported gazetteer loads")
}

/// A text to bench on: its name and its documents.
struct Text {
    name: &'static str,
    docs: Vec<String>,
}

impl Text {
    fn bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.len() as u64).sum()
    }

    /// Fewer samples, each of the same number of iterations, for the big
    /// text (an iteration takes a tenth of a second or more), so that a run
    /// stays within minutes.
    fn tune(&self, group: &mut BenchmarkGroup<'_, WallTime>) {
        if self.bytes() > 1 << 20 {
            slow(group);
        }
    }
}

/// Settings for benches whose iterations take a tenth of a second or more.
fn slow(group: &mut BenchmarkGroup<'_, WallTime>) {
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
}

fn normalize_stage(c: &mut Criterion, texts: &[Text]) {
    for text in texts {
        let mut group = c.benchmark_group(format!("stages/no-gazetteer/{}", text.name));
        group.throughput(Throughput::Bytes(text.bytes()));
        text.tune(&mut group);
        group.bench_function("normalize", |b| {
            b.iter(|| {
                for d in &text.docs {
                    black_box(normalize::normalize(black_box(d)));
                }
            })
        });
        group.finish();
    }
}

/// match, resolve, write and end to end for one gazetteer and one text.
fn stages(c: &mut Criterion, gazetteer: &str, ex: &Extractor, text: &Text) {
    let (g, m) = (ex.gazetteer(), ex.matcher());
    let norms: Vec<_> = text.docs.iter().map(|d| normalize::normalize(d)).collect();
    let candidates: Vec<_> = text
        .docs
        .iter()
        .zip(&norms)
        .map(|(d, n)| m.find_in(d, n))
        .collect();
    let documents: Vec<Document> = text
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| Document::text(format!("bench-{i}"), d.clone()))
        .collect();
    let processed: Vec<DocumentResult> = documents.iter().map(|d| ex.extract(d)).collect();
    let dir = std::env::temp_dir().join(format!("gazet-bench-{}", std::process::id()));

    let mut group = c.benchmark_group(format!("stages/{gazetteer}/{}", text.name));
    group.throughput(Throughput::Bytes(text.bytes()));
    text.tune(&mut group);
    group.bench_function("match", |b| {
        b.iter(|| {
            for (d, n) in text.docs.iter().zip(&norms) {
                black_box(m.find_in(black_box(d), n));
            }
        })
    });
    // The names no gazetteer lists, read around the listed mentions (part
    // of `document_end_to_end`; on its own here, as it reads every word).
    let listed: Vec<Vec<Listed>> = processed
        .iter()
        .map(|p| {
            p.mentions
                .iter()
                .filter_map(|m| {
                    Some(Listed {
                        start: m.start,
                        end: m.end,
                        kind: g.entities()[m.entity.listed()? as usize].kind.clone(),
                    })
                })
                .collect()
        })
        .collect();
    group.bench_function("unlisted", |b| {
        b.iter(|| {
            for (d, l) in text.docs.iter().zip(&listed) {
                black_box(unlisted::find(m, black_box(d), l));
            }
        })
    });
    group.bench_function("resolve", |b| {
        b.iter(|| {
            for cands in &candidates {
                black_box(resolve::resolve(m, black_box(cands.clone())));
            }
        })
    });
    group.bench_function("write", |b| {
        b.iter_batched(
            || {
                Csv::create(&Target::Dir(dir.clone()), &SinkOptions::default())
                    .expect("tables in the temporary directory")
            },
            |mut w| {
                let r = w.renderer();
                for (d, p) in documents.iter().zip(&processed) {
                    let record = Record {
                        document: d,
                        result: black_box(p),
                        gazetteer: g,
                    };
                    w.write(r.render(&record)).expect("writing the tables");
                }
                // Flushes to the page cache, unsynced.
                drop(w);
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("document_end_to_end", |b| {
        b.iter(|| {
            for d in &documents {
                black_box(ex.extract(black_box(d)));
            }
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
    let mentions: usize = processed.iter().map(|p| p.mentions.len()).sum();
    eprintln!(
        "{gazetteer} gazetteer on {}: {} documents, {:.2} MB of text, {mentions} mentions",
        text.name,
        text.docs.len(),
        text.bytes() as f64 / 1e6
    );
}

fn describe(label: &str, g: &Gazetteer, m: &Matcher) {
    let names: usize = g.entities().iter().map(|e| e.names.len()).sum();
    eprintln!(
        "{label} gazetteer: {} entities, {} names, {} distinct keys; matcher heap {:.1} MiB",
        g.len(),
        names,
        m.keys().len(),
        m.memory_usage() as f64 / (1 << 20) as f64
    );
}

fn benches(c: &mut Criterion) {
    let mut texts = vec![Text {
        name: "seeds",
        docs: vec![seed_text()],
    }];
    if let Some(docs) = news_texts(2_000_000) {
        // The same text as one document: a document's cost must grow
        // linearly with its length (its partial names, short forms and
        // unlisted names once took time quadratic in it).
        let one = docs.join("\n\n");
        texts.push(Text {
            name: "news-2mb",
            docs,
        });
        texts.push(Text {
            name: "news-2mb-as-one-document",
            docs: vec![one],
        });
    }
    if let Some(docs) = news_texts(8_000_000) {
        // Over 4 MiB: matched in parts of about 1 MiB on every thread of
        // the pool, so this one document should take less time a byte than
        // the 2 MB one on a machine of several cores.
        texts.push(Text {
            name: "news-8mb-as-one-document",
            docs: vec![docs.join("\n\n")],
        });
    }
    normalize_stage(c, &texts);

    let g = Gazetteer::default_embedded().expect("default gazetteers load");
    let ex = Extractor::builder()
        .gazetteer(g.clone())
        .build()
        .expect("matcher builds");
    describe("default", &g, ex.matcher());
    for text in &texts {
        stages(c, "default", &ex, text);
    }

    // Loading the default gazetteers and compiling them: what every run pays
    // before the first document.
    let mut group = c.benchmark_group("gazetteer/default");
    group.bench_function("load", |b| {
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

    let Some(csv) = large_gazetteer_csv() else {
        return;
    };
    let large = load_csv(&csv);
    let lex = Extractor::builder()
        .gazetteer(large.clone())
        .build()
        .expect("matcher builds");
    describe(
        "large (GeoNames cities15000, all scripts)",
        &large,
        lex.matcher(),
    );
    for text in &texts {
        stages(c, "large", &lex, text);
    }
    // The same for the large gazetteer, loaded from its CSV text as
    // `gazet extract -g geonames-all.csv` does (the file read aside).
    let mut group = c.benchmark_group("gazetteer/large");
    slow(&mut group);
    group.bench_function("load", |b| b.iter(|| load_csv(black_box(&csv))));
    group.bench_function("build_matcher", |b| {
        b.iter(|| Matcher::new(black_box(&large), MatchOptions::default()).unwrap())
    });
    group.bench_function("load_and_build", |b| {
        b.iter(|| Matcher::new(&load_csv(black_box(&csv)), MatchOptions::default()).unwrap())
    });
    group.finish();
}

criterion_group!(pipeline_benches, benches);
criterion_main!(pipeline_benches);
