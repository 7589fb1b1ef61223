//! The dateline of a news text: `TEHRAN –`, `BAGHDAD, Jan 5 (Reuters) -`,
//! the place a story was filed from, written before its first sentence.
//!
//! Why it is marked: a dateline names the bureau, not what the story is
//! about, and it would put Tehran in nearly every Tehran Times article (in
//! 29,181 of 33,721). A mention inside it is marked (the `dateline` column)
//! rather than dropped, so that a study decides whether to count it.
//!
//! What a dateline is, at the start of one of the text's first three lines
//! (a title may come first): one or more words in capitals (`KUWAIT CITY`,
//! `AL-QAIM`, `ST. PETERSBURG`); then, optionally, a comma and a short date
//! or region (`, Jan 5`, `, Iraq`), and an agency in brackets (`(Reuters)`,
//! `(IRNA)`); then a dash (`-`, `--`, `–`, `—`, `_`, written against the
//! place or not) or a colon, and a space or a line break (or, after `–` and
//! `—`, a capital: `TEHRAN –Iran's`). A line of capitals with no dash after
//! it (a headline) is not one.

use std::ops::Range;

/// The bytes of the dateline of `text`, from the place to the dash, if it
/// has one.
///
/// ```
/// use gazet::datelines::dateline;
/// let text = "TEHRAN – Iranian authorities rely on militias.";
/// assert_eq!(dateline(text).map(|r| &text[r]), Some("TEHRAN –"));
/// let text = "Militias deployed\nBAGHDAD, Jan. 5 (Reuters) - Fighters crossed.";
/// assert_eq!(dateline(text).map(|r| &text[r]), Some("BAGHDAD, Jan. 5 (Reuters) -"));
/// assert_eq!(dateline("IRAQ VOTES\nThe count began."), None);
/// ```
pub fn dateline(text: &str) -> Option<Range<usize>> {
    let mut line_start = 0;
    for _ in 0..3 {
        let start = line_start + (text[line_start..].len() - text[line_start..].trim_start().len());
        if let Some(end) = at(text, start) {
            return Some(start..end);
        }
        line_start += text[line_start..].find('\n')? + 1;
    }
    None
}

/// The end of a dateline starting at `start`, if one does.
fn at(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    // The place: words of capitals (and `-`, `'`, `.`), one space apart,
    // at least two capitals in all.
    let in_word = |c: char| c.is_uppercase() || matches!(c, '-' | '\'' | '.' | '’');
    let (mut w, mut place_end, mut letters) = (0, 0, 0);
    loop {
        let end = rest[w..]
            .find(|c: char| !in_word(c))
            .map_or(rest.len(), |n| w + n);
        let caps = rest[w..end].chars().filter(|c| c.is_uppercase()).count();
        // A word of capitals, not the start of a word in lowercase.
        if caps == 0
            || rest[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            break;
        }
        letters += caps;
        // `TEHRAN-` written against its dash: the dash is not the place's.
        if rest[w..end].ends_with('-') && rest[end..].starts_with([' ', '\n']) {
            place_end = end - 1;
            break;
        }
        place_end = end;
        match rest[end..].strip_prefix(' ') {
            Some(next) if next.starts_with(char::is_uppercase) => w = end + 1,
            _ => break,
        }
    }
    if letters < 2 {
        return None;
    }
    let mut j = place_end;
    // A short date or region after a comma.
    if let Some(after) = rest[j..].strip_prefix(", ") {
        let len = after
            .find(['(', '-', '–', '—', ':', '\n'])
            .filter(|&n| n <= 30)?;
        j += 2 + len;
        j = start_of_trailing_space(rest, j);
    }
    // An agency in brackets.
    let skip = rest[j..].len() - rest[j..].trim_start_matches(' ').len();
    if rest[j + skip..].starts_with('(') {
        let close = rest[j + skip..].find(')').filter(|&n| n <= 30)?;
        j += skip + close + 1;
    }
    // The dash (`-`, `--`, `–`, `—`) or colon, then a space or a line break.
    let skip = rest[j..].len() - rest[j..].trim_start_matches(' ').len();
    let dash = rest[j + skip..].chars().next()?;
    if !matches!(dash, '-' | '–' | '—' | ':' | '_') {
        return None;
    }
    let mut end = j + skip + dash.len_utf8();
    if dash == '-' && rest[end..].starts_with('-') {
        end += 1;
    }
    let next = rest[end..].chars().next()?;
    let spaced = next == ' ' || next == '\n' || next == '\u{a0}';
    let typed_close = matches!(dash, '–' | '—') && next.is_uppercase();
    (spaced || typed_close).then_some(start + end)
}

/// `j` moved back over the spaces before it.
fn start_of_trailing_space(s: &str, j: usize) -> usize {
    s[..j].trim_end_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Option<&str> {
        dateline(text).map(|r| &text[r])
    }

    #[test]
    fn datelines_of_the_wires_and_papers() {
        assert_eq!(of("TEHRAN - Islamic Republic"), Some("TEHRAN -"));
        assert_eq!(of("TEHRAN –\nIranian authorities"), Some("TEHRAN –"));
        assert_eq!(of("KUWAIT CITY — The emir"), Some("KUWAIT CITY —"));
        assert_eq!(
            of("AL-QAIM, Iraq (AP) - Fighters"),
            Some("AL-QAIM, Iraq (AP) -")
        );
        assert_eq!(of("ST. PETERSBURG: Talks"), Some("ST. PETERSBURG:"));
        assert_eq!(
            of("Iran accused of deploying militias\nBAGHDAD (Reuters) - Iraq said"),
            Some("BAGHDAD (Reuters) -")
        );
        assert_eq!(of("  \nDUBAI, March 3 – Oil"), Some("DUBAI, March 3 –"));
        // The dash against the place, or doubled.
        assert_eq!(of("TEHRAN- Iran"), Some("TEHRAN-"));
        assert_eq!(of("TEHRAN (PIN) -- Energy"), Some("TEHRAN (PIN) --"));
        assert_eq!(of("TEHRAN -- The"), Some("TEHRAN --"));
        assert_eq!(of("TEHRAN –Iran’s"), Some("TEHRAN –"));
        assert_eq!(of("TEHRAN _ Over"), Some("TEHRAN _"));
        // A hyphen against a word is a compound, not a dateline.
        assert_eq!(of("TEHRAN-Platform"), None);
    }

    #[test]
    fn what_is_not_a_dateline() {
        // A headline in capitals, a sentence, a mixed-case place.
        assert_eq!(of("IRAQ VOTES\nThe count began."), None);
        assert_eq!(of("The U.S. - Iran talks"), None);
        assert_eq!(of("Tehran - Iranian authorities"), None);
        // Too far in, or a dash inside a word.
        assert_eq!(of("One\nTwo\nThree\nTEHRAN - late"), None);
        assert_eq!(of("US-IRAN talks"), None);
        assert_eq!(of("A - B"), None);
        assert_eq!(of(""), None);
        assert_eq!(
            of("TEHRAN, a city of many people and long winters - it"),
            None
        );
    }

    proptest::proptest! {
        /// On any text: no panic, and a dateline is a span of it on
        /// character boundaries.
        #[test]
        fn any_text(text in "([A-Z ,.()–:-]|\\PC|\n)*") {
            if let Some(r) = dateline(&text) {
                proptest::prop_assert!(r.start < r.end && r.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
        }
    }
}
