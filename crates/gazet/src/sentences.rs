//! Where the sentences of a text start: the `sentence` of each mention (its
//! index within its field), so that a study can pair the names of one
//! sentence or find the sentence a mention is in.
//!
//! Why rules and not a model: news is written to a house style, and the few
//! places where a full stop does not end a sentence are known ones. A
//! sentence ends at `.`, `!`, `?`, `…` (or the Arabic `؟` and `۔`), with
//! any closing quotes and brackets after it, when whitespace and then the
//! start of a sentence follow: a capital letter, a digit, an opening quote
//! or bracket, or a letter of a script without case (Arabic, Persian). A
//! blank line ends one too, with or without a stop (a headline, a list),
//! and so does a line that is a heading: after a sentence's end, a line of
//! ten words at most in title case with no stop (`Suppressing the
//! Protests`), or the text's first line (its title, in any case), before a
//! line that starts with a capital. What does not end a sentence:
//!
//! - a stop followed by a small letter (`the U.N. envoy`, `... and so on`);
//! - a title or a month abbreviated (`Gen. Soleimani`, `Dr. Ali`,
//!   `Jan. 5`), and an initial (`Michael R. Hall`);
//! - a dotted acronym followed by a name (`the U.S. Treasury`): only a word
//!   that starts sentences (`The`, `He`, `But`, ...) after it makes a break
//!   (`in the U.S. The talks`);
//! - a stop inside a word or number (`3.5`, `e.g.`) or without space after
//!   it (`gazet.io`);
//! - any other single line break: news is often wrapped at a fixed width.
//!
//! Company abbreviations (`Inc.`, `Co.`, `Ltd.`, `Corp.`) and `etc.` are
//! read as words: they end a sentence when a capital follows.
//!
//! The scan looks at stops only: it skips eight bytes at a time to the
//! next stop, line break or non-ASCII byte (a word-at-a-time test, as the
//! recognizer's tokenizer does), and allocates nothing but the list of
//! starts. A byte-at-a-time loop took 5.5% of a run's CPU time over the
//! Tehran Times (perf); this scan takes 2%.

use crate::chars::swar;

/// Titles and months abbreviated with a full stop, which a name or a number
/// follows: never the end of a sentence. Compared without case.
const ABBREVIATIONS: &[&str] = &[
    // Titles and ranks.
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "brig", "capt", "cmdr", "adm",
    "sgt", "cpl", "pvt", "sen", "rep", "gov", "pres", "amb", "rev", "hon", "st", "mt", "ft", "sr",
    "jr", "messrs", "mme", "mlle", // Months.
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    // Others that a name follows.
    "approx", "vs", "v", "cf",
];

/// Abbreviations that a number follows (`No. 5`, `Vol. 2`): not the end of
/// a sentence before a digit, but words before anything else (`he said
/// no. Then`).
const NUMBER_ABBREVIATIONS: &[&str] = &["no", "nos", "vol", "pp", "art", "fig", "ch", "sec"];

/// Words that start sentences, after which a dotted acronym (`U.S.`) ends
/// one.
const STARTERS: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These",
    "Those", "There", "But", "And", "In", "On", "At", "As", "If", "When", "While", "After",
    "Before", "Since", "Its", "His", "Her", "Their", "Our", "Some", "Many", "Most", "No",
];

/// The byte offsets where the sentences of `text` start, in order: the
/// first is 0 (an empty text has one sentence), each later one is the
/// first character of a sentence (never whitespace).
///
/// ```
/// use gazet::sentences::starts;
/// let text = "Gen. Qaani met U.S. envoys in Baghdad. Talks went on.\n\nNEW TALKS";
/// let s = starts(text);
/// assert_eq!(s.iter().map(|&i| &text[i..i + 5]).collect::<Vec<_>>(), ["Gen. ", "Talks", "NEW T"]);
/// ```
pub fn starts(text: &str) -> Vec<usize> {
    starts_through(text, usize::MAX)
}

/// [`starts`] as far as byte `last`: every start up to it (and perhaps a
/// few after), for the [`index`] of offsets up to `last`. The scan stops
/// there: the sentences of a field are asked of its mentions only, and
/// the text after the last one (a fifth of news) is not read.
///
/// A start is found at a stop or line break before it, and what is decided
/// there depends only on the text and the starts before it, so the starts
/// up to `last` are those of [`starts`].
///
/// ```
/// use gazet::sentences::{index, starts, starts_through};
/// let text = "One. Two. Three. Four.";
/// assert_eq!(starts(text), [0, 5, 10, 17]);
/// // As far as byte 6, in `Two`: the starts up to there.
/// let some = starts_through(text, 6);
/// assert_eq!(some, [0, 5]);
/// assert_eq!(index(&some, 6), index(&starts(text), 6));
/// ```
pub fn starts_through(text: &str, last: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = vec![0];
    let mut i = 0;
    while let Some(at) = next_candidate(b, i) {
        if at > last {
            break;
        }
        i = at;
        let c = b[i];
        let stop_len = match c {
            b'.' | b'!' | b'?' => 1,
            b'\n' => {
                // A blank line: the next text starts a sentence.
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < b.len() && b[j] == b'\n' {
                    let k = skip_space(text, j);
                    if k < b.len() {
                        push(&mut out, k);
                    }
                    i = k;
                    continue;
                }
                // A heading on a line of its own (`Suppressing the
                // Protests`), between a sentence's end and a capital.
                let k = skip_space(text, i + 1);
                if k < b.len() && heading_before(text, &out, i, k) {
                    push(&mut out, k);
                    i = k;
                    continue;
                }
                i += 1;
                continue;
            }
            0xE2 if b[i..].starts_with("…".as_bytes()) => 3,
            0xD8 if b[i..].starts_with("؟".as_bytes()) => 2,
            0xDB if b[i..].starts_with("۔".as_bytes()) => 2,
            _ => {
                i += 1;
                continue;
            }
        };
        let stop = i;
        // The run of stops (`?!`, `...`) and the closing quotes and
        // brackets after it.
        let mut j = stop + stop_len;
        loop {
            if j < b.len() && matches!(b[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']') {
                j += 1;
            } else if let Some(n) = ["…", "”", "’", "»", "؟", "۔"]
                .iter()
                .find(|q| b[j..].starts_with(q.as_bytes()))
                .map(|q| q.len())
            {
                j += n;
            } else {
                break;
            }
        }
        if j >= b.len() || skip_space(text, j) == j {
            i = j.max(i + 1);
            continue;
        }
        let k = skip_space(text, j);
        if k >= b.len() {
            break;
        }
        let blank_line = b[j..k].iter().filter(|&&x| x == b'\n').count() >= 2;
        if blank_line || ends_sentence(text, stop, stop_len, j, k) {
            push(&mut out, k);
        }
        i = k;
    }
    out
}

/// The first byte from `pos` on that may end a sentence: a stop (`.`,
/// `!`, `?`), a line break, or a byte of a non-ASCII character (`…`, `؟`,
/// `۔` and the others, told apart by the caller). Eight bytes at a time:
/// this skip over the words between stops is most of the scan.
fn next_candidate(b: &[u8], mut pos: usize) -> Option<usize> {
    while let Some(x) = swar::load(b, pos) {
        let hit = swar::equal(x, b'.')
            | swar::equal(x, b'!')
            | swar::equal(x, b'?')
            | swar::equal(x, b'\n')
            | (x & swar::HIGHS);
        if hit != 0 {
            return Some(pos + (hit.trailing_zeros() / 8) as usize);
        }
        pos += 8;
    }
    (pos..b.len()).find(|&i| matches!(b[i], b'.' | b'!' | b'?' | b'\n') || b[i] >= 0x80)
}

/// Is the line ending at the line break `nl` a heading: a sentence of its
/// own (it starts where the last sentence does), of ten words at most, in
/// title case (every word of four letters or more capitalized), with no
/// comma and no stop at its end; and does the next line, from `next`,
/// start with a capital? Text wrapped at a fixed width has lines of that
/// length, but rarely in title case right after a sentence's end. The
/// text's first line, its title, may be in any case and have 20 words.
fn heading_before(text: &str, out: &[usize], nl: usize, next: usize) -> bool {
    let Some(&last) = out.last() else {
        return false;
    };
    let line_start = text[..nl].rfind('\n').map_or(0, |p| p + 1);
    if skip_space(text, line_start) != last || last >= nl {
        return false;
    }
    let line = text[last..nl].trim_end();
    if line.ends_with(['.', '!', '?', ':', ';', ',', '…', '؟', '۔']) {
        return false;
    }
    if !text[next..].chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    // The text's first line is its title, in any case.
    if last == skip_space(text, 0) {
        return !words.is_empty() && words.len() <= 20;
    }
    // Title case: every word of four letters or more capitalized.
    let title_case = words
        .iter()
        .all(|w| w.chars().count() < 4 || w.chars().next().is_some_and(|c| !c.is_lowercase()));
    !words.is_empty() && words.len() <= 10 && title_case && !line.contains(',')
}

/// The index of the sentence holding byte `at`, given [`starts`].
///
/// ```
/// use gazet::sentences::{index, starts};
/// let text = "One. Two. Three.";
/// assert_eq!(index(&starts(text), text.find("Three").unwrap_or(0)), 2);
/// ```
pub fn index(starts: &[usize], at: usize) -> usize {
    starts.partition_point(|&s| s <= at).saturating_sub(1)
}

fn push(out: &mut Vec<usize>, k: usize) {
    if out.last() != Some(&k) && k > 0 {
        out.push(k);
    }
}

/// The first byte from `i` (a character boundary) on that is not
/// whitespace.
fn skip_space(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() {
        if matches!(b[i], b' ' | b'\t' | b'\r' | b'\n' | b'\x0b' | b'\x0c') {
            i += 1;
        } else if b[i] >= 0x80 {
            // A non-ASCII space (no-break, em, ideographic, ...).
            match text[i..].chars().next() {
                Some(c) if c.is_whitespace() => i += c.len_utf8(),
                _ => return i,
            }
        } else {
            return i;
        }
    }
    i
}

/// Does the stop at `stop` (of `stop_len` bytes; its closing marks end at
/// `after`) end a sentence, the next text starting at `next`?
fn ends_sentence(text: &str, stop: usize, stop_len: usize, after: usize, next: usize) -> bool {
    let Some(first) = text[next..].chars().next() else {
        return false;
    };
    let opens = matches!(first, '"' | '\'' | '“' | '‘' | '«' | '(' | '[');
    let starts_one = first.is_uppercase()
        || first.is_ascii_digit()
        || opens
        || (first.is_alphabetic() && !first.is_lowercase());
    if !starts_one {
        return false;
    }
    // Only a single full stop right after a word can be an abbreviation's.
    if stop_len != 1 || text.as_bytes()[stop] != b'.' || after != stop + 1 {
        return true;
    }
    let before = &text[..stop];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
        .last()
        .map_or(stop, |(i, _)| i);
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let last_part = word.rsplit('.').next().unwrap_or(word);
    // `U.S.`, `U.N.`, `a.m.`: a dotted acronym.
    if word.contains('.') {
        let next_word: &str = text[next..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        return STARTERS.contains(&next_word);
    }
    // An initial: one capital letter (`R.`).
    let mut chars = last_part.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return false;
    }
    // No abbreviation is longer than six letters (a test checks): a longer
    // word, most words before a stop, is compared with none of them.
    let is = |list: &[&str]| {
        last_part.len() <= LONGEST_ABBREVIATION
            && list.iter().any(|a| a.eq_ignore_ascii_case(last_part))
    };
    !(is(ABBREVIATIONS) || first.is_ascii_digit() && is(NUMBER_ABBREVIATIONS))
}

/// The length of the longest of [`ABBREVIATIONS`] and
/// [`NUMBER_ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_abbreviation_is_longer_than_the_longest() {
        let longest = ABBREVIATIONS
            .iter()
            .chain(NUMBER_ABBREVIATIONS)
            .map(|a| a.len())
            .max();
        assert_eq!(longest, Some(LONGEST_ABBREVIATION));
    }

    /// The sentences of `text`, trimmed.
    fn split(text: &str) -> Vec<&str> {
        let s = starts(text);
        s.iter()
            .enumerate()
            .map(|(n, &a)| text[a..s.get(n + 1).copied().unwrap_or(text.len())].trim())
            .collect()
    }

    #[test]
    fn stops_end_sentences_before_a_capital_or_a_digit() {
        assert_eq!(
            split("Protests spread. Police fired! Who ordered it? 12 died."),
            [
                "Protests spread.",
                "Police fired!",
                "Who ordered it?",
                "12 died."
            ]
        );
        assert_eq!(
            split("It was late... and dark."),
            ["It was late... and dark."]
        );
        assert_eq!(
            split("It was late… Then dark."),
            ["It was late…", "Then dark."]
        );
        assert_eq!(split(""), [""]);
        assert_eq!(split("No stop at all"), ["No stop at all"]);
    }

    #[test]
    fn abbreviations_initials_and_acronyms() {
        assert_eq!(
            split("Gen. Esmail Qaani met Dr. Ali on Jan. 5 in Baghdad. Michael R. Hall spoke."),
            [
                "Gen. Esmail Qaani met Dr. Ali on Jan. 5 in Baghdad.",
                "Michael R. Hall spoke."
            ]
        );
        assert_eq!(
            split("The U.S. Treasury named Kata'ib Hezbollah. The U.N. envoy left."),
            [
                "The U.S. Treasury named Kata'ib Hezbollah.",
                "The U.N. envoy left."
            ]
        );
        assert_eq!(
            split("Sanctions came from the U.S. The talks failed."),
            ["Sanctions came from the U.S.", "The talks failed."]
        );
        assert_eq!(
            split("He joined Apple Inc. The firm grew 3.5 percent, e.g. in Iraq."),
            [
                "He joined Apple Inc.",
                "The firm grew 3.5 percent, e.g. in Iraq."
            ]
        );
        assert_eq!(split("See gazet.io now. Ok."), ["See gazet.io now.", "Ok."]);
        assert_eq!(
            split("Resolution No. 2231 holds. He said no. Then he left."),
            ["Resolution No. 2231 holds.", "He said no.", "Then he left."]
        );
    }

    #[test]
    fn quotes_and_brackets() {
        assert_eq!(
            split("\"We will respond.\" The minister left. (He said so.) \"Why?\" asked one."),
            [
                "\"We will respond.\"",
                "The minister left.",
                "(He said so.)",
                "\"Why?\" asked one."
            ]
        );
        assert_eq!(
            split("“They fled,” he said. “All of them.” Then silence."),
            ["“They fled,” he said.", "“All of them.”", "Then silence."]
        );
    }

    #[test]
    fn line_breaks() {
        // Text wrapped at a fixed width: one sentence.
        assert_eq!(
            split("Showers continued throughout the week in\nthe Bahia cocoa zone."),
            ["Showers continued throughout the week in\nthe Bahia cocoa zone."]
        );
        // A blank line ends a headline without a stop.
        assert_eq!(
            split("IRAQ MILITIAS DEPLOY\n\nFighters crossed at Shalamcheh.\n \nMore soon"),
            [
                "IRAQ MILITIAS DEPLOY",
                "Fighters crossed at Shalamcheh.",
                "More soon"
            ]
        );
        // A heading on a line of its own, after a sentence's end.
        assert_eq!(
            split("It fell.\nSuppressing the Protests\nOn January 16, CNN reported.\nNo Trust\nIn a related move"),
            [
                "It fell.",
                "Suppressing the Protests",
                "On January 16, CNN reported.",
                "No Trust",
                "In a related move"
            ]
        );
        // A title in sentence case on the first line, then a dateline.
        assert_eq!(
            split("Iran accused of deploying Iraqi militias, again\nTEHRAN – Iranian authorities rely on them."),
            [
                "Iran accused of deploying Iraqi militias, again",
                "TEHRAN – Iranian authorities rely on them."
            ]
        );
        assert_eq!(
            split("Showers continued throughout the week in\nthe Bahia zone."),
            ["Showers continued throughout the week in\nthe Bahia zone."]
        );
        // Not a line of wrapped text, even in capitals, inside a sentence.
        assert_eq!(
            split("It rained. The talks in Baghdad and Tehran, said Ali\nAlmasare, failed."),
            [
                "It rained.",
                "The talks in Baghdad and Tehran, said Ali\nAlmasare, failed."
            ]
        );
        // A stop then a line break, as a sentence per line.
        assert_eq!(split("One.\nTwo."), ["One.", "Two."]);
        assert_eq!(split("  Leading space. Next."), ["Leading space.", "Next."]);
    }

    #[test]
    fn arabic_script() {
        // No case in Arabic: a letter after a stop starts a sentence.
        assert_eq!(
            split("وصل قاآني إلى بغداد. التقى العامري؟ نعم۔ انتهى"),
            ["وصل قاآني إلى بغداد.", "التقى العامري؟", "نعم۔", "انتهى"]
        );
        // A stop inside a mixed text.
        assert_eq!(
            split("Kata'ib Hezbollah (كتائب حزب الله). It denied it."),
            ["Kata'ib Hezbollah (كتائب حزب الله).", "It denied it."]
        );
    }

    #[test]
    fn starts_are_char_boundaries_and_index_finds_them() {
        let text = "Dr. Ali met «them». Él llegó.\u{a0}Then left؟ ok";
        let s = starts(text);
        assert!(s.iter().all(|&i| text.is_char_boundary(i)));
        assert_eq!(index(&s, 0), 0);
        assert_eq!(index(&s, text.find("Él").unwrap_or(0)), 1);
        assert_eq!(index(&s, text.find("Then").unwrap_or(0)), 2);
        assert_eq!(index(&s, text.len()), s.len() - 1);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// On any text: no panic, the first start is 0, the starts rise,
        /// fall on character boundaries and on no whitespace, and every
        /// byte has a sentence.
        #[test]
        fn starts_are_well_formed(text in "(\\PC|[ .!?\n\"”…؟\u{a0}\u{2003}\u{3000}])*") {
            let s = starts(&text);
            prop_assert_eq!(s[0], 0);
            prop_assert!(s.windows(2).all(|w| w[0] < w[1]));
            for &i in &s[1..] {
                prop_assert!(text.is_char_boundary(i));
                prop_assert!(!text[i..].starts_with(char::is_whitespace));
            }
            for at in 0..=text.len() {
                prop_assert!(index(&s, at) < s.len());
            }
        }

        /// Read as far as any byte, the starts are those of the whole
        /// text up to there: every offset up to it has the same index.
        #[test]
        fn starts_through_a_byte_are_the_starts_up_to_it(
            text in "([A-Za-z]{1,6}|[ .!?\n\"”…]|U\\.S\\.|Gen\\.|\n\n){0,60}",
            last in 0usize..200,
        ) {
            let all = starts(&text);
            let some = starts_through(&text, last);
            prop_assert_eq!(&all[..some.len()], &some[..]);
            for at in 0..=last.min(text.len()) {
                prop_assert_eq!(index(&some, at), index(&all, at), "at {}", at);
            }
        }

        /// The skip eight bytes at a time finds the byte a byte-at-a-time
        /// search finds, from any position.
        #[test]
        fn candidates_are_the_first_interesting_bytes(text in "(\\PC|[ .!?\n…؟])*", from in 0usize..64) {
            let b = text.as_bytes();
            let from = from.min(b.len());
            let naive = (from..b.len()).find(|&i| matches!(b[i], b'.' | b'!' | b'?' | b'\n') || b[i] >= 0x80);
            prop_assert_eq!(next_candidate(b, from), naive);
        }
    }
}
