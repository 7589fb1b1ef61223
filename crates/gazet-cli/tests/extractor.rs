//! The library's `Extractor` gives the command line's mentions: on the seed
//! articles and on a thousand Tehran Times documents, every column of every
//! row of `mentions.csv` is what `Extractor::extract` returns for the same
//! document, read and built by the library alone.

mod common;

use gazet::{Document, Extractor, Field};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

/// A mention as the CLI writes it: every column of `mentions.csv`.
type Row = Vec<String>;

/// The rows the library gives for `docs`, formatted here as the columns
/// of `mentions.csv` are documented.
fn library_rows(ex: &Extractor, docs: &[Document]) -> Vec<Row> {
    let g = ex.gazetteer();
    let mut rows = Vec::new();
    for doc in docs {
        let result = ex.extract(doc);
        for m in &result.mentions {
            let e = ex.entity(m);
            let field = &doc.fields[m.field];
            rows.push(vec![
                doc.id.clone(),
                field.name.to_string(),
                e.id.clone(),
                e.kind.to_string(),
                e.canonical.clone(),
                field.text[m.start..m.end].to_string(),
                m.start.to_string(),
                m.end.to_string(),
                m.char_start.to_string(),
                m.char_end.to_string(),
                m.sentence.to_string(),
                m.dateline.to_string(),
                m.kind.to_string(),
                m.rules.to_string(),
                format!("{:.2}", m.score),
                m.alias(g).text.clone(),
                e.wikidata.clone().unwrap_or_default(),
                e.country.clone().unwrap_or_default(),
                m.ambiguous
                    .iter()
                    .map(|&i| g.entities()[i as usize].id.as_str())
                    .collect::<Vec<_>>()
                    .join("|"),
            ]);
        }
    }
    rows
}

fn cli_rows(args: &[&str], out: &Path) -> Vec<Row> {
    let o = common::gazet(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    common::rows(&out.join("mentions.csv"))
}

fn same(lib: &[Row], cli: &[Row]) {
    assert_eq!(lib.len(), cli.len(), "number of mentions");
    for (i, (a, b)) in lib.iter().zip(cli).enumerate() {
        assert_eq!(a, b, "mention {i}");
    }
}

#[test]
fn the_seeds() {
    let Some(shared) = common::shared() else {
        return;
    };
    let seeds = shared.join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let docs: Vec<Document> = paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            Document::text(name, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let ex = Extractor::new().unwrap();
    let lib = library_rows(&ex, &docs);
    assert!(lib.len() > 300, "{} mentions", lib.len());
    let out = common::tempdir("extractor-seeds");
    let cli = cli_rows(
        &[
            "extract",
            seeds.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &out,
    );
    same(&lib, &cli);
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn a_thousand_tehran_times_documents() {
    let Some(shared) = common::shared() else {
        return;
    };
    let gz = std::fs::File::open(shared.join("data/news/tehran_times.jsonl.gz")).unwrap();
    let lines: Vec<String> = BufReader::new(flate2::read::MultiGzDecoder::new(gz))
        .lines()
        .take(1000)
        .map(Result::unwrap)
        .collect();
    let docs: Vec<Document> = lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Document::new(
                v["id"].as_str().unwrap(),
                vec![
                    Field::new("title", v["title"].as_str().unwrap()),
                    Field::new("text", v["text"].as_str().unwrap()),
                ],
            )
        })
        .collect();
    let dir = common::tempdir("extractor-tt");
    let input = dir.join("tt.jsonl");
    let mut f = std::fs::File::create(&input).unwrap();
    for l in &lines {
        writeln!(f, "{l}").unwrap();
    }
    drop(f);
    let ex = Extractor::new().unwrap();
    let lib = library_rows(&ex, &docs);
    assert!(lib.len() > 10_000, "{} mentions", lib.len());
    let out = dir.join("out");
    let cli = cli_rows(
        &[
            "extract",
            input.to_str().unwrap(),
            "--text-field",
            "title",
            "--text-field",
            "text",
            "-o",
            out.to_str().unwrap(),
        ],
        &out,
    );
    same(&lib, &cli);
    // Other options are the same in both too.
    let strict = Extractor::builder()
        .variants(false)
        .min_score(0.9)
        .build()
        .unwrap();
    let lib = library_rows(&strict, &docs[..200]);
    let first: Vec<&String> = lines[..200].iter().collect();
    let small = dir.join("small.jsonl");
    std::fs::write(
        &small,
        first.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let out = dir.join("out-strict");
    let cli = cli_rows(
        &[
            "extract",
            small.to_str().unwrap(),
            "--text-field",
            "title",
            "--text-field",
            "text",
            "--no-variants",
            "--min-score",
            "0.9",
            "-o",
            out.to_str().unwrap(),
        ],
        &out,
    );
    same(&lib, &cli);
    std::fs::remove_dir_all(dir).unwrap();
}
