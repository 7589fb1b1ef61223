//! Real news written by others, scored against gold: the 50 documents of
//! `gold/news/` (drawn at random from the Tehran Times and Reuters corpora,
//! read from `../shared/data/news` at run time) and the 12 documents of
//! `../shared/gold/dev/`. Each test prints strict and lenient P/R/F1 per type,
//! precision per match kind, linking accuracy, and every miss and spurious
//! mention (`cargo test --test news -- --nocapture`), and holds the figures
//! reached so far as floors, so that a change that loses ground fails.

mod common;

use gazet::eval::{self, Report, Row};
use gazet::{Document, Extractor, Field};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The repository's `gold/news/`.
fn news_gold() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../gold/news")
}

/// The `text` of each document of `gold/news/documents.csv`, read from the
/// corpora in `shared`, each checked against its recorded length.
fn news_documents(shared: &Path) -> Vec<(String, String)> {
    let mut want: HashMap<String, (String, usize)> = HashMap::new();
    let mut order = Vec::new();
    for r in common::rows(&news_gold().join("documents.csv")) {
        want.insert(r[1].clone(), (r[0].clone(), r[2].parse().unwrap()));
        order.push(r[1].clone());
    }
    let mut texts: HashMap<String, String> = HashMap::new();
    for corpus in ["tehran_times", "reuters21578"] {
        let path = shared.join(format!("data/news/{corpus}.jsonl.gz"));
        let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines();
        for line in lines {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let id = v["id"].as_str().unwrap();
            if let Some((c, chars)) = want.get(id) {
                let text = v["text"].as_str().unwrap().to_string();
                assert_eq!(c, corpus, "{id}");
                assert_eq!(text.chars().count(), *chars, "the text of {id} changed");
                texts.insert(id.to_string(), text);
            }
        }
    }
    order
        .into_iter()
        .map(|id| {
            let text = texts
                .remove(&id)
                .unwrap_or_else(|| panic!("{id} not found"));
            (id, text)
        })
        .collect()
}

/// Gazet's mentions of each document's text, as eval rows.
fn extract(ex: &Extractor, docs: &[(String, String)]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (id, text) in docs {
        let result = ex.extract(&Document::new(
            id.clone(),
            vec![Field::new("text", text.as_str())],
        ));
        for m in &result.mentions {
            let e = ex.entity(m);
            let mut row = Row::new(id, m.start, m.end, e.kind.as_str(), &e.id);
            row.surface = text[m.start..m.end].to_string();
            row.how = m.kind.as_str().to_string();
            rows.push(row);
        }
    }
    rows
}

/// Fails unless every gold mention's surface is the text at its offsets.
fn gold_fits(gold: &[Row], docs: &[(String, String)]) {
    let texts: HashMap<&str, &str> = docs.iter().map(|(i, t)| (i.as_str(), t.as_str())).collect();
    for g in gold {
        let text = texts[g.doc.as_str()];
        assert_eq!(
            text.get(g.start..g.end),
            Some(g.surface.as_str()),
            "gold {} {}..{}",
            g.doc,
            g.start,
            g.end
        );
    }
}

/// Prints the report and checks it against floors: strict precision,
/// strict recall, and linking accuracy.
fn holds(name: &str, report: &Report, floors: (f64, f64, f64)) {
    println!("== {name}\n{report}");
    let (p, r, l) = (
        report.strict.precision(),
        report.strict.recall(),
        report.linking_accuracy(),
    );
    assert!(
        p >= floors.0,
        "{name}: strict precision {p:.3} < {}",
        floors.0
    );
    assert!(r >= floors.1, "{name}: strict recall {r:.3} < {}", floors.1);
    assert!(
        l >= floors.2,
        "{name}: linking accuracy {l:.3} < {}",
        floors.2
    );
}

#[test]
fn real_news_development_set() {
    let Some(shared) = common::shared() else {
        return;
    };
    let docs = news_documents(&shared);
    assert_eq!(docs.len(), 50);
    let (gold, _) = eval::read_rows(&news_gold().join("mentions.csv")).unwrap();
    gold_fits(&gold, &docs);
    let ex = Extractor::new().unwrap();
    let report = eval::evaluate(&gold, &extract(&ex, &docs), false);
    holds(
        "gold/news: 50 Tehran Times and Reuters documents",
        &report,
        (0.98, 0.94, 0.99),
    );
}

#[test]
fn shared_development_set() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("gold/dev");
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(dir.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        docs.push((name, std::fs::read_to_string(&path).unwrap()));
    }
    docs.sort();
    assert_eq!(docs.len(), 12);
    let (gold, _) = eval::read_rows(&dir.join("gold_mentions.csv")).unwrap();
    gold_fits(&gold, &docs);
    let ex = Extractor::new().unwrap();
    // "The people of `h06.txt` (sports) are fictional and are not gold"
    // (the set's README): gazet's persons there are not scored.
    let mut pred = extract(&ex, &docs);
    pred.retain(|r| !(r.doc == "h06.txt" && r.kind == "person"));
    let report = eval::evaluate(&gold, &pred, false);
    holds("shared gold/dev: 12 documents", &report, (0.97, 0.93, 0.96));
}
