//! Normalize-and-match on any text: offsets on character boundaries, the
//! surface equal to the original slice, the same result every time.
#![no_main]

use gazet::{Document, Field};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Any bytes: valid UTF-8 as it is, the rest as the reader decodes it.
    let text = String::from_utf8_lossy(data);
    gazet_fuzz::check_normalization(&text);
    // Two fields, to exercise partial names and disambiguation across fields.
    let (title, body) = text.split_at(text.char_indices().nth(16).map_or(0, |(i, _)| i));
    gazet_fuzz::check_document(&Document::new(
        "f",
        vec![Field::new("title", title), Field::new("text", body)],
    ));
});
