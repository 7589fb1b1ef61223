//! What both fuzz targets check on the output of the pipeline.

use gazet::{Document, DocumentResult, Extractor};
use std::sync::OnceLock;

/// The extractor of the built-in gazetteers, built once per process.
pub fn extractor() -> &'static Extractor {
    static SETUP: OnceLock<Extractor> = OnceLock::new();
    SETUP.get_or_init(|| Extractor::new().expect("the built-in gazetteers load"))
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

/// Extracts a document twice and checks the result: the same both times;
/// every mention on character boundaries of its field, its character
/// offsets those of the slice, mentions sorted and apart, scores in [0, 1].
pub fn check_document(doc: &Document) -> DocumentResult {
    let ex = extractor();
    let a = ex.extract(doc);
    let b = ex.extract(doc);
    assert_eq!(a, b, "not deterministic");
    let mut last: Option<(usize, usize)> = None;
    for m in &a.mentions {
        let text = doc.fields[m.field].text.as_str();
        let (s, e) = (m.start, m.end);
        assert!(s < e && e <= text.len(), "span {s}..{e} of {}", text.len());
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e}"
        );
        assert_eq!(m.char_start, text[..s].chars().count());
        assert_eq!(m.char_end, text[..e].chars().count());
        if let Some((f, end)) = last {
            if f == m.field {
                assert!(s >= end, "mentions overlap or are out of order");
            }
        }
        last = Some((m.field, e));
        assert!((0.0..=1.0).contains(&m.score));
    }
    a
}
