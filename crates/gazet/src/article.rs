//! The Arabic article as Latin script writes it: `al-Sudani`, `Al Anbar`,
//! `el-Sisi`, and before a sun letter assimilated, `as-Sadr`, `ash-Sham`.
//!
//! Two stages meet it, and they read one table of its forms so that they
//! can never disagree on what an article is. Compiling drops it from a name,
//! so that `Sudani` is found for `al-Sudani` ([`strip_article`], guarded by
//! `written_with_article`: a Spanish `El` stays); matching takes an article
//! written before a name into the span, so that `as-Sadr` is found whole for
//! `Sadr` (`article_before`, used by [`crate::english::word_span`]).
//!
//! The consonant skeletons of [`crate::skeleton`] keep a list of their own:
//! there an article is a word without consonants, whatever follows it.

use crate::chars;
use crate::normalize::Normalized;

/// Arabic articles as they are transliterated before a name, with the
/// consonant a sun-letter form requires the name to start with (`as` only
/// before `s`: `as-Sadr`).
const ARTICLES: &[(&str, &str)] = &[
    ("al", ""),
    ("el", ""),
    ("as", "s"),
    ("ash", "sh"),
    ("ad", "d"),
    ("adh", "dh"),
    ("ar", "r"),
    ("at", "t"),
    ("ath", "th"),
    ("az", "z"),
    ("an", "n"),
];

/// Does the name, as written, begin with an Arabic article that may be
/// dropped? `al` in any form (`al-Sudani`, `Al Anbar`); another article only
/// when hyphenated (`el-Sisi`, `as-Sadr`), since `El Salvador` and `El Paso`
/// are Spanish and keep theirs.
pub(crate) fn written_with_article(name: &str) -> bool {
    let name = name.trim_start();
    let end = name
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(name.len());
    let (word, rest) = name.split_at(end);
    word.eq_ignore_ascii_case("al") || rest.starts_with(chars::is_dash)
}

/// Splits a leading Arabic article off a key: `al shalamcheh` → `shalamcheh`.
pub fn strip_article(key: &str) -> Option<&str> {
    // An article is two letters or three, so the key's first space is its
    // third byte or its fourth: asked of every key the matcher finds, this
    // looks at those two rather than for the first space.
    let b = key.as_bytes();
    let cut = match (b.get(2), b.get(3)) {
        (Some(b' '), _) => 2,
        (_, Some(b' ')) => 3,
        _ => return None,
    };
    // No article holds a space: cut at a later space than the first, the
    // first word is none, as it would be cut at the first.
    let (first, rest) = (&key[..cut], &key[cut + 1..]);
    ARTICLES
        .iter()
        .any(|(a, c)| *a == first && rest.starts_with(c))
        .then_some(rest)
}

/// The original start of an Arabic article written just before the key at
/// normalized offset `ns`, if there is one: `al-`/`el-` joined by a hyphen or a
/// space, or a sun-letter form (`as-Sadr`, `ash-Sham`) joined by a hyphen.
pub(crate) fn article_before(text: &str, norm: &Normalized, ns: usize, key: &str) -> Option<usize> {
    let hay = norm.as_str();
    let before = hay[..ns].strip_suffix(' ')?;
    // An article is two ASCII letters or three: before any other word
    // (nearly every key the matcher finds) no word is read back.
    let letters = before
        .bytes()
        .rev()
        .take(4)
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if !(2..=3).contains(&letters) {
        return None;
    }
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| chars::is_word(*c))
        .last()
        .map(|(i, _)| i)?;
    let word = &before[word_start..];
    let (_, consonant) = ARTICLES.iter().find(|(a, _)| *a == word)?;
    if !key.starts_with(consonant) {
        return None;
    }
    let map = norm.map();
    let art_start = map.original_start(word_start)?;
    let art_end = map.original_end(before.len())?;
    let name_start = map.original_start(ns)?;
    let joint = &text[art_end..name_start];
    let hyphen = joint.chars().any(chars::is_dash);
    if !consonant.is_empty() && !hyphen {
        return None;
    }
    // `AL` in a headline is fine; `Al` as an English given name before a
    // gazetteer surname is rare enough, but not across a line break.
    if joint.contains('\n') {
        return None;
    }
    Some(art_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_come_off_keys_before_their_consonant() {
        assert_eq!(strip_article("al shalamcheh"), Some("shalamcheh"));
        assert_eq!(strip_article("as sadr"), Some("sadr"));
        assert_eq!(strip_article("ash sham"), Some("sham"));
        assert_eq!(strip_article("as hab"), None);
        assert_eq!(strip_article("sadr"), None);
        assert_eq!(strip_article("al"), None);
        assert_eq!(strip_article("al "), Some(""));
        assert_eq!(strip_article("a al sadr"), None);
        assert_eq!(strip_article(" al sadr"), None);
        assert_eq!(strip_article("alx sadr"), None);
    }

    proptest::proptest! {
        /// The article taken off a key is the one its first word is, as
        /// splitting at the first space finds it.
        #[test]
        fn the_article_is_the_first_word(key in "(a[lsdrtzn]h?|el|[a-z ]{0,4})( [a-z ]{0,6})?") {
            let by_split = key.split_once(' ').and_then(|(first, rest)| {
                ARTICLES
                    .iter()
                    .any(|(a, c)| *a == first && rest.starts_with(c))
                    .then_some(rest)
            });
            proptest::prop_assert_eq!(strip_article(&key), by_split);
        }
    }

    #[test]
    fn a_spanish_el_is_written_without_a_hyphen() {
        assert!(written_with_article("al-Sudani") && written_with_article("Al Anbar"));
        assert!(written_with_article("el-Sisi") && written_with_article("as-Sadr"));
        assert!(!written_with_article("El Salvador") && !written_with_article("Sadr"));
    }

    #[test]
    fn an_article_before_a_key_is_found_in_the_original_text() {
        let at = |text: &str, key: &str| {
            let norm = crate::normalize::normalize(text);
            let ns = norm.as_str().find(key).unwrap();
            article_before(text, &norm, ns, key)
        };
        assert_eq!(at("said al-Sadr", "sadr"), Some(5));
        assert_eq!(at("said Al Sadr", "sadr"), Some(5));
        assert_eq!(at("said as-Sadr", "sadr"), Some(5));
        // A sun-letter form needs its hyphen and its consonant.
        assert_eq!(at("said as Sadr", "sadr"), None);
        assert_eq!(at("said ash-Sadr", "sadr"), None);
        // Not across a line break.
        assert_eq!(at("said al\nSadr", "sadr"), None);
    }
}
