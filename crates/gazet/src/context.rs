//! The text around a mention, for the `context` column of the mentions
//! tables (`gazet extract --context N`): a reader checks a mention at a
//! glance, without going back to the article.
//!
//! One function, [`context`], that every format writes through, so the
//! column says the same in the CSV, JSON lines, Parquet and standard-output
//! tables and in Python's Arrow tables.

use crate::chars::joins;

/// The largest `N` the command line takes for `--context N`: a window of
/// twenty thousand characters is already the whole of most articles.
///
/// ```
/// assert_eq!(gazet::context::MAX_CONTEXT, 10_000);
/// ```
pub const MAX_CONTEXT: usize = 10_000;

/// The mention at bytes `start..end` of `text` with up to `n` characters
/// (Unicode scalar values) of the text on each side, on one line.
///
/// A cut that falls inside a word moves inward to the nearest word boundary,
/// so that no partial word shows (never into the mention itself); every run
/// of whitespace (newlines and tabs too) becomes one space; the ends are
/// trimmed. So the value holds at most `2n` characters besides the
/// mention's, and `n = 0` gives the mention alone.
///
/// Offsets that are out of range or inside a character are clamped to the
/// text and widened to whole characters: the function never panics.
///
/// ```
/// use gazet::context::context;
/// let text = "Talks in Baghdad\n\tended on Sunday.";
/// let (start, end) = (9, 16); // Baghdad
/// assert_eq!(context(text, start, end, 0), "Baghdad");
/// assert_eq!(context(text, start, end, 7), "in Baghdad ended"); // not "lks in"
/// assert_eq!(context(text, start, end, 100), "Talks in Baghdad ended on Sunday.");
/// // Arabic: characters, not bytes, and whole words.
/// let ar = "وصل الوفد إلى بغداد صباح اليوم";
/// let at = ar.find("بغداد").unwrap();
/// assert_eq!(context(ar, at, at + "بغداد".len(), 5), "إلى بغداد صباح");
/// // Never a panic, whatever the offsets.
/// assert_eq!(context("é", 1, 99, 3), "é");
/// ```
pub fn context(text: &str, start: usize, end: usize, n: usize) -> String {
    let end = ceil_char(text, end.min(text.len()));
    let start = floor_char(text, start.min(end));
    // The outer cuts: n characters away, or the ends of the text.
    let mut left = match n.checked_sub(1) {
        None => start,
        Some(k) => text[..start]
            .char_indices()
            .rev()
            .nth(k)
            .map_or(0, |(i, _)| i),
    };
    let mut right = text[end..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| end + i);
    // Inward to a word boundary, stopping at the mention.
    while left < start && inside_word(text, left) {
        left += text[left..].chars().next().map_or(1, char::len_utf8);
    }
    while right > end && inside_word(text, right) {
        right -= text[..right].chars().next_back().map_or(1, char::len_utf8);
    }
    let mut out = String::with_capacity(right - left);
    for word in text[left..right].split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Does byte `at` (a character boundary) of `text` fall inside a word?
fn inside_word(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    matches!((before, after), (Some(a), Some(b)) if joins(a) && joins(b))
}

/// The character boundary at or before `i` (`i` ≤ the text's length).
fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The character boundary at or after `i` (`i` ≤ the text's length).
fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The context of the first occurrence of `m` in `text`.
    fn of(text: &str, m: &str, n: usize) -> String {
        let at = text.find(m).unwrap();
        context(text, at, at + m.len(), n)
    }

    #[test]
    fn cuts_move_inward_to_word_boundaries() {
        let text = "The militia Kata'ib Hezbollah said on Monday";
        assert_eq!(of(text, "Kata'ib Hezbollah", 0), "Kata'ib Hezbollah");
        // 7 before is "ilitia " and 7 after " said o": no part of a word shows.
        assert_eq!(of(text, "Kata'ib Hezbollah", 7), "Kata'ib Hezbollah said");
        assert_eq!(
            of(text, "Kata'ib Hezbollah", 8),
            "militia Kata'ib Hezbollah said on"
        );
        // A cut on a boundary stays.
        assert_eq!(of("a, Basra, b", "Basra", 2), ", Basra,");
        // Inside the mention's own word, the cut stops at the mention.
        assert_eq!(of("yxBasraxz", "Basra", 1), "Basra");
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        let text = "one\n\n two\t\tBasra \r\n three   four";
        assert_eq!(of(text, "Basra", 10), "two Basra three");
        assert_eq!(of(text, "Basra", 100), "one two Basra three four");
        assert_eq!(of("x\u{a0}Basra\u{2003}y", "Basra", 5), "x Basra y");
        assert_eq!(of("  Basra  ", "Basra", 1), "Basra");
    }

    #[test]
    fn mentions_at_the_ends_of_the_text() {
        assert_eq!(of("Basra is hot", "Basra", 4), "Basra is");
        assert_eq!(of("flights to Basra", "Basra", 4), "to Basra");
        assert_eq!(of("Basra", "Basra", 50), "Basra");
        assert_eq!(context("", 0, 0, 5), "");
        assert_eq!(context("abc", 7, 3, 5), "abc");
        assert_eq!(context("abc", 2, 1, 5), "abc");
    }

    #[test]
    fn arabic_and_emoji_count_characters() {
        let text = "قال المتحدث إن كتائب حزب الله في بغداد";
        assert_eq!(of(text, "بغداد", 3), "في بغداد");
        assert_eq!(of(text, "بغداد", 2), "بغداد");
        assert_eq!(of(text, "كتائب حزب الله", 3), "إن كتائب حزب الله في");
        let emoji = "🔥🔥 Basra 🔥🔥";
        assert_eq!(of(emoji, "Basra", 2), "🔥 Basra 🔥");
        // Han characters are words of their own: any cut is a boundary.
        assert_eq!(of("中国北京市", "北京", 1), "国北京市");
    }

    #[test]
    fn offsets_inside_a_character_are_widened() {
        let text = "éBasraé";
        assert_eq!(context(text, 1, 3, 0), "éB");
        assert_eq!(context(text, 0, 1, 0), "é");
    }

    fn collapsed(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest! {
        #[test]
        fn never_panics_and_holds_the_mention(
            text in "[a-z é\n\tب🔥中]{0,40}",
            a in 0usize..60,
            b in 0usize..60,
            n in 0usize..20,
        ) {
            let (start, end) = (a.min(b), a.max(b));
            for out in [context(&text, a, b, n), context(&text, start, end, n)] {
                prop_assert_eq!(out.trim(), out.as_str());
                prop_assert!(!out.contains("  ") && !out.contains(['\n', '\t']));
            }
            // On valid offsets: the mention is in it, with at most 2n more.
            let out = context(&text, start, end, n);
            if end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end) {
                let mention = &text[start..end];
                prop_assert!(out.contains(&collapsed(mention)), "{:?} in {:?}", mention, out);
                prop_assert!(out.chars().count() <= 2 * n + mention.chars().count());
                let out = context(&text, start, end, 0);
                prop_assert_eq!(out, collapsed(mention));
            }
        }
    }
}
