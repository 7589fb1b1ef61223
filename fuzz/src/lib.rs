//! What both fuzz targets check on the output of the pipeline.

use gazet::input::Document;
use gazet::output::Processed;
use gazet::{pipeline, Gazetteer, MatchOptions, Matcher};
use std::sync::OnceLock;

/// The built-in gazetteers and their matcher, built once per process.
pub fn matcher() -> &'static (Gazetteer, Matcher) {
    static SETUP: OnceLock<(Gazetteer, Matcher)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let g = Gazetteer::default_embedded().expect("the built-in gazetteers load");
        let m = Matcher::new(&g, MatchOptions::default()).expect("the matcher builds");
        (g, m)
    })
}

/// Checks a text's normalization: every offset the map gives back is a
/// character boundary of the text, and they never go backwards.
pub fn check_normalization(text: &str) {
    let n = gazet::normalize::normalize(text);
    let norm = n.as_str();
    let mut last_start = 0;
    for (i, _) in norm.char_indices().chain([(norm.len(), ' ')]) {
        if let Some(o) = n.map().original_start(i) {
            assert!(
                o <= text.len() && text.is_char_boundary(o),
                "start {o} of {i}"
            );
            assert!(o >= last_start, "starts go backwards at {i}");
            last_start = o;
        }
        if let Some(o) = n.map().original_end(i) {
            assert!(
                o <= text.len() && text.is_char_boundary(o),
                "end {o} of {i}"
            );
        }
    }
}

/// Processes a document twice and checks the result: the same both times;
/// every mention on character boundaries of its field, its surface exactly
/// the original slice, its character offsets those of the slice, mentions
/// sorted and apart.
pub fn check_document(doc: Document) -> Processed {
    let (g, m) = matcher();
    let a = pipeline::process_document(m, g, doc.clone());
    let b = pipeline::process_document(m, g, doc.clone());
    assert_eq!(a, b, "not deterministic");
    let mut last: Option<(&str, usize)> = None;
    for l in &a.mentions {
        let field = doc
            .fields
            .iter()
            .find(|f| f.name == l.field)
            .expect("a mention's field is a field of the document");
        let text = field.text.as_str();
        let (s, e) = (l.mention.start, l.mention.end);
        assert!(s < e && e <= text.len(), "span {s}..{e} of {}", text.len());
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e}"
        );
        assert_eq!(l.surface, &text[s..e]);
        assert_eq!(l.char_start, text[..s].chars().count());
        assert_eq!(l.char_end, text[..e].chars().count());
        let (ns, ne) = (l.mention.name_start, l.mention.name_end);
        assert!(
            s <= ns && ns <= ne && ne <= e,
            "name {ns}..{ne} in {s}..{e}"
        );
        assert!(text.is_char_boundary(ns) && text.is_char_boundary(ne));
        if let Some((f, end)) = last {
            if f == &*l.field {
                assert!(s >= end, "mentions overlap or are out of order");
            }
        }
        last = Some((&l.field, e));
        assert!((0.0..=1.0).contains(&l.score));
    }
    a
}
