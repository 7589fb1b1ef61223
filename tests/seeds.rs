//! The seed articles, extracted with the default gazetteers and scored against
//! the gold mentions: strict F1 ≥ 0.97 overall and ≥ 0.95 for each type.

mod common;

use gazet::{eval, pipeline, ExtractOptions, Gazetteer, MatchOptions, Matcher};

#[test]
fn seeds_against_gold() {
    let Some(shared) = common::shared() else {
        return;
    };
    let g = Gazetteer::default_embedded().unwrap();
    let m = Matcher::new(&g, MatchOptions::default()).unwrap();
    let out = common::tempdir("seeds");
    let summary = pipeline::extract(
        &[shared.join("seeds")],
        &g,
        &m,
        &out,
        &ExtractOptions::default(),
    )
    .unwrap();
    assert_eq!(summary.documents, 5);
    assert_eq!(summary.ok, 5);
    let report = eval::evaluate_files(
        &shared.join("gold/seeds_mentions.csv"),
        &out.join("mentions.csv"),
    )
    .unwrap();
    println!("{report}");
    assert!(
        report.strict.f1() >= 0.97,
        "strict F1 {:.3} < 0.97",
        report.strict.f1()
    );
    for (kind, c) in &report.strict_by_type {
        assert!(c.f1() >= 0.95, "strict F1 of {kind} {:.3} < 0.95", c.f1());
    }
    assert!(
        report.linking_accuracy() >= 0.97,
        "linking accuracy {:.3}",
        report.linking_accuracy()
    );
    std::fs::remove_dir_all(out).unwrap();
}
