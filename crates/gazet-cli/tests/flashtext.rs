//! FlashText's keyword-extractor test cases and the Unicode cases of the
//! flashtext-i18n fork, run through the library.
//!
//! FlashText has no name rules, so the cases run with plain matching
//! (whole words, leftmost-longest, no possessive or article rule), case
//! insensitive for `keywords` and case sensitive for `keywords_case_sensitive`.

mod common;

use gazet::gazetteer::{Entity, Name, NameCase, Origin};
use gazet::{CaseMode, Document, Extractor, Gazetteer, MatchOptions};
use serde_json::Value;

/// One entity per clean name, matched by its keywords only.
fn gazetteer(keywords: &[(String, Vec<String>)]) -> Gazetteer {
    let entities = keywords
        .iter()
        .enumerate()
        .map(|(i, (clean, kws))| Entity {
            id: format!("e{i}"),
            kind: "keyword".into(),
            canonical: clean.clone(),
            names: kws
                .iter()
                .map(|k| Name {
                    text: k.clone(),
                    case: NameCase::Any,
                })
                .collect(),
            wikidata: None,
            country: None,
            level: None,
            reviewed: Vec::new(),
            origin: Origin {
                file: "flashtext".into(),
                line: i as u64 + 1,
            },
        })
        .collect();
    Gazetteer::from_entities(entities).unwrap()
}

/// (canonical, surface, byte start, byte end, char start, char end) of each mention.
fn extract(
    g: &Gazetteer,
    case: CaseMode,
    text: &str,
) -> Vec<(String, String, usize, usize, usize, usize)> {
    extract_with(g, MatchOptions::plain(case), text)
}

fn extract_with(
    g: &Gazetteer,
    options: MatchOptions,
    text: &str,
) -> Vec<(String, String, usize, usize, usize, usize)> {
    let ex = Extractor::builder()
        .gazetteer(g.clone())
        .match_options(options)
        .build()
        .unwrap();
    let doc = Document::text("t", text);
    ex.extract(&doc)
        .mentions
        .into_iter()
        .map(|m| {
            (
                ex.entity(&m).canonical.clone(),
                text[m.start..m.end].to_string(),
                m.start,
                m.end,
                m.char_start,
                m.char_end,
            )
        })
        .collect()
}

/// FlashText's keyword-extractor cases.
fn extractor_cases(shared: &std::path::Path) -> Vec<Value> {
    let path = shared.join("data/peer-tests/flashtext/keyword_extractor_test_cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A case's `keyword_dict`: (clean name, keywords), in order.
fn keyword_dict(case: &Value) -> Vec<(String, Vec<String>)> {
    case["keyword_dict"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), names(v)))
        .collect()
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn flashtext_keyword_extractor_cases() {
    let Some(shared) = common::shared() else {
        return;
    };
    let cases = extractor_cases(&shared);
    assert_eq!(cases.len(), 49);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let sentence = case["sentence"].as_str().unwrap();
        let keywords = keyword_dict(case);
        let g = gazetteer(&keywords);
        for (mode, expected) in [
            (CaseMode::Insensitive, &case["keywords"]),
            (CaseMode::Sensitive, &case["keywords_case_sensitive"]),
        ] {
            let got: Vec<String> = extract(&g, mode, sentence)
                .into_iter()
                .map(|m| m.0)
                .collect();
            if got != names(expected) {
                failures.push(format!(
                    "case {i} {mode:?} {sentence:?}: expected {expected}, got {got:?}"
                ));
            }
        }
    }
    println!(
        "FlashText keyword extractor: {} cases x 2 case modes, {} failures",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// With gazet's name rules on (possessives, Arabic article), the answers stay
/// FlashText's: the rules only fire on text these cases do not contain.
#[test]
fn flashtext_cases_with_name_rules_on() {
    let Some(shared) = common::shared() else {
        return;
    };
    let cases = extractor_cases(&shared);
    let options = MatchOptions {
        case: CaseMode::Insensitive,
        ..MatchOptions::default()
    };
    for (i, case) in cases.iter().enumerate() {
        let sentence = case["sentence"].as_str().unwrap();
        let keywords = keyword_dict(case);
        let got: Vec<String> = extract_with(&gazetteer(&keywords), options, sentence)
            .into_iter()
            .map(|m| m.0)
            .collect();
        assert_eq!(got, names(&case["keywords"]), "case {i} {sentence:?}");
    }
}

#[test]
fn flashtext_i18n_unicode_cases() {
    let Some(shared) = common::shared() else {
        return;
    };
    let path = shared.join("data/peer-tests/flashtext-i18n/unicode_cases.json");
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 9);
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let text = case["text"].as_str().unwrap();
        // keyword -> clean name; one entity per clean name.
        let mut keywords: Vec<(String, Vec<String>)> = Vec::new();
        for (kw, clean) in case["keywords"].as_object().unwrap() {
            let clean = clean.as_str().unwrap().to_string();
            match keywords.iter_mut().find(|(c, _)| *c == clean) {
                Some((_, list)) => list.push(kw.clone()),
                None => keywords.push((clean, vec![kw.clone()])),
            }
        }
        let mode = if case["case_sensitive"].as_bool().unwrap() {
            CaseMode::Sensitive
        } else {
            CaseMode::Insensitive
        };
        let got = extract(&gazetteer(&keywords), mode, text);
        let got_names: Vec<String> = got.iter().map(|m| m.0.clone()).collect();
        assert_eq!(got_names, names(&case["expected"]), "case {id}");
        if let Some(spans) = case.get("expected_spans").and_then(Value::as_array) {
            for (span, m) in spans.iter().zip(&got) {
                let want = (
                    span["clean_name"].as_str().unwrap().to_string(),
                    span["matched_text"].as_str().unwrap().to_string(),
                    span["byte_start"].as_u64().unwrap() as usize,
                    span["byte_end"].as_u64().unwrap() as usize,
                    span["char_start"].as_u64().unwrap() as usize,
                    span["char_end"].as_u64().unwrap() as usize,
                );
                assert_eq!(m, &want, "case {id}");
            }
        }
    }
}
