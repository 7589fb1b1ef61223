//! The words of a field's text and how each is written: the one pass of
//! the recognizer over every byte.
//!
//! A corpus has millions of words and the recognizer cares about the few
//! that are capitalized, so this pass is kept cheap: ASCII bytes are
//! classed by a table, a character is decoded only at a non-ASCII byte, a
//! word's shape is read from its bytes, and nothing is allocated but the
//! list of tokens.

use super::shortlist::Shortlist;
use super::{Listed, PARTICLES};
use crate::chars::{self, swar};

/// How a word is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// `Lowcock`, `al-Hebtoor`, `De`.
    Cap,
    /// `R.`
    Initial,
    /// `SENA`, `TV`.
    Acronym,
    /// `bin`, `al`, `de`: lowercase inside names.
    Particle,
    /// Any other lowercase word.
    Lower,
    /// Digits and the rest.
    Other,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub(super) start: usize,
    /// The end of the word, a possessive `'s` left out.
    pub(super) end: usize,
    pub(super) shape: Shape,
}

/// The class of an ASCII byte for [`tokens_into`]; bytes from 0x80 on are
/// decoded.
const ALNUM: u8 = 1;
const JOINER: u8 = 2;
const OTHER_BYTE: u8 = 0;
const NON_ASCII: u8 = 3;

static BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            ALNUM
        } else if c == b'-' || c == b'\'' || c == b'`' {
            JOINER
        } else {
            OTHER_BYTE
        };
        b += 1;
    }
    t
};

/// How far the reader looks from a capitalized word, in words: back to
/// the words before a name (`the town of Balao`, `said Abbas`), forward to
/// the words after one (`Fars province on Monday`). See [`tokens_into`].
pub(super) const CONTEXT_BEFORE: usize = 2;
/// See [`CONTEXT_BEFORE`].
pub(super) const CONTEXT_AFTER: usize = 3;

/// [`tokens_into`] a new list.
#[cfg(test)]
pub(super) fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    tokens_into(text, &[], &mut out);
    out
}

/// The words of a text that may matter to a name, and how each is written,
/// written at the end of `out`: every word within [`CONTEXT_BEFORE`] words
/// before and [`CONTEXT_AFTER`] words after a word with a capital letter,
/// and no other.
///
/// The recognizer reads names and the few words around them; the rest of
/// a text (two words in five of news) is skipped eight bytes at a time and
/// never tokenized. Words are counted as chunks between ASCII whitespace,
/// and a window starts and ends at whitespace, so the tokens of a window
/// are exactly those of the whole text there: two tokens next to each other
/// in the list are next to each other in the text only if nothing but
/// whitespace is between them, which [`super::Reader`] checks before it
/// reads a neighbour.
///
/// A capital opens a window only if its word is no part of a listed
/// mention (`listed`: the field's listed mentions, sorted by start and
/// apart) and no word [`no_name_word`] rules out. A name the recognizer
/// finds has a word of its own (it never takes a listed name), and a
/// window opened there reaches back over the capitalized words before it,
/// [`CONTEXT_BEFORE`] words past the first: the other capitals are read
/// where they are near such a word, and nowhere else. Of the capitals of
/// news, a third are listed names' and a tenth words of grammar.
pub(super) fn tokens_into(text: &str, listed: &[Listed], out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    // Bytes before `floor` are read; capitals are sought from `at`.
    let mut floor = 0;
    let mut at = 0;
    let mut li = 0;
    while let Some(p) = next_capital(text, at) {
        while li < listed.len() && listed[li].end <= p {
            li += 1;
        }
        let end = word_end(bytes, p);
        let in_listed = listed.get(li).is_some_and(|l| l.start <= p && end <= l.end);
        if in_listed || no_name_word(&bytes[p..end]) {
            at = end;
            continue;
        }
        let from = window_start(bytes, p, floor);
        floor = tokenize(text, from, Some(CONTEXT_AFTER), out);
        at = floor;
    }
}

/// Is this a word that is no name and no name's only unlisted word,
/// written with its capital: a word of grammar (`The`, `He`, `However`), a
/// day of the week, or a title most frequent in news (`President`)? None
/// of them opens a window; one next to a name is read in the name's window.
/// (Not the months: `May` is a surname.)
pub(super) fn no_name_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"The"
            | b"A"
            | b"He"
            | b"She"
            | b"It"
            | b"We"
            | b"They"
            | b"You"
            | b"His"
            | b"Her"
            | b"Its"
            | b"Their"
            | b"Our"
            | b"In"
            | b"On"
            | b"At"
            | b"By"
            | b"For"
            | b"From"
            | b"With"
            | b"To"
            | b"Of"
            | b"As"
            | b"After"
            | b"Before"
            | b"During"
            | b"Since"
            | b"But"
            | b"And"
            | b"Or"
            | b"If"
            | b"When"
            | b"While"
            | b"Although"
            | b"However"
            | b"Meanwhile"
            | b"Moreover"
            | b"Also"
            | b"This"
            | b"That"
            | b"These"
            | b"Those"
            | b"There"
            | b"According"
            | b"What"
            | b"Which"
            | b"Who"
            | b"Some"
            | b"Many"
            | b"All"
            | b"Monday"
            | b"Tuesday"
            | b"Wednesday"
            | b"Thursday"
            | b"Friday"
            | b"Saturday"
            | b"Sunday"
            | b"Minister"
            | b"President"
            | b"Foreign"
            | b"Prime"
            | b"Leader"
    )
}

/// The end of the word at byte `p` as a listed mention would hold it:
/// letters, digits, joiners and any non-ASCII byte (a longer word is read
/// rather than skipped), less a possessive `'s` or `’s`.
fn word_end(bytes: &[u8], p: usize) -> usize {
    let mut e = p;
    while e < bytes.len() && (BYTE_CLASS[usize::from(bytes[e])] != OTHER_BYTE) {
        e += 1;
    }
    if e >= p + 3 && bytes[e - 1] == b's' && bytes[e - 2] == b'\'' {
        e -= 2;
    } else if e >= p + 5 && bytes[e - 1] == b's' && bytes[e - 4..e - 1] == *"’".as_bytes() {
        // `Iran’s`, as news writes it: a listed name with its possessive.
        e -= 4;
    }
    e
}

/// Where the window around a capital at byte `p` starts: the start of its
/// chunk, moved back over every chunk with a capital before it and then
/// [`CONTEXT_BEFORE`] chunks more; not before `floor`.
fn window_start(bytes: &[u8], p: usize, floor: usize) -> usize {
    let mut i = chunks_back(bytes, p, 0, floor);
    let mut left = CONTEXT_BEFORE;
    while left > 0 && i > floor {
        let end = i;
        i = chunks_back(bytes, i, 1, floor);
        // The chunk `i..end` (with the whitespace after it).
        if bytes[i..end]
            .iter()
            .any(|&b| b.is_ascii_uppercase() || b >= 0x80)
        {
            left = CONTEXT_BEFORE;
        } else {
            left -= 1;
        }
    }
    i
}

/// Every word of a text (what [`tokens_into`] reads around names).
#[cfg(test)]
pub(super) fn all_tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    tokenize(text, 0, None, &mut out);
    out
}

/// Is `c` of the General Punctuation block (U+2000 to U+206F: `’`, `“`,
/// `”`, `–`), where no character is a letter or a digit (a test checks)?
/// Most non-ASCII characters of English news are there; this answers for
/// them without the Unicode tables, which a lookup searches.
#[inline]
fn is_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206F}').contains(&c)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r' | b'\x0c')
}

/// The first capital letter from byte `pos` on (a char boundary): ASCII
/// bytes are read eight at a time, a non-ASCII character is decoded.
fn next_capital(text: &str, mut pos: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    while let Some(p) = next_capital_or_non_ascii(bytes, pos) {
        if bytes[p] < 0x80 {
            return Some(p);
        }
        let c = text[p..].chars().next()?;
        if !is_punctuation(c) && c.is_uppercase() {
            return Some(p);
        }
        pos = p + c.len_utf8();
    }
    None
}

/// The first byte from `pos` on that is an ASCII capital or part of a
/// non-ASCII character, eight bytes at a time.
fn next_capital_or_non_ascii(bytes: &[u8], mut pos: usize) -> Option<usize> {
    while let Some(x) = swar::load(bytes, pos) {
        let hit = swar::in_range(x, b'A', b'Z') | (x & swar::HIGHS);
        if hit != 0 {
            return Some(pos + (hit.trailing_zeros() / 8) as usize);
        }
        pos += 8;
    }
    (pos..bytes.len()).find(|&i| bytes[i].is_ascii_uppercase() || bytes[i] >= 0x80)
}

/// The start of the chunk (text between ASCII whitespace) holding byte `p`,
/// moved `n` chunks back; `floor` if that is before it (the text before
/// `floor` is read already).
fn chunks_back(bytes: &[u8], p: usize, n: usize, floor: usize) -> usize {
    let mut i = p;
    while i > floor && !is_space(bytes[i - 1]) {
        i -= 1;
    }
    for _ in 0..n {
        while i > floor && is_space(bytes[i - 1]) {
            i -= 1;
        }
        while i > floor && !is_space(bytes[i - 1]) {
            i -= 1;
        }
    }
    i.max(floor)
}

/// Tokenizes the words of `text` from byte `from` (a chunk's start) into
/// `out`: to the end, or with `Some(after)`, until `after` chunks have
/// passed with no capital letter (the window [`tokens_into`] reads). Returns the
/// start of the first chunk not read.
fn tokenize(text: &str, from: usize, after: Option<usize>, out: &mut Vec<Tok>) -> usize {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let in_word =
        |c: char| !is_punctuation(c) && (c.is_alphanumeric() || matches!(c, 'ʿ' | 'ʾ' | 'ʻ' | 'ʼ'));
    // The character at byte `i` (a char boundary) and its length.
    let char_at = |i: usize| -> (char, usize) {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    };
    let alnum_at = |i: usize| -> bool {
        match bytes.get(i) {
            None => false,
            Some(&b) => match BYTE_CLASS[usize::from(b)] {
                ALNUM => true,
                NON_ASCII => {
                    let c = char_at(i).0;
                    !is_punctuation(c) && c.is_alphanumeric()
                }
                _ => false,
            },
        }
    };
    // Chunks left to read with no capital; whether whitespace was passed
    // since the last chunk began.
    // The window reads on to its first capital, `CONTEXT_BEFORE` chunks
    // in at most.
    let mut left = after.map_or(usize::MAX, |a| a + CONTEXT_BEFORE + 1);
    let mut spaced = false;
    let mut i = from;
    while i < len {
        let b = bytes[i];
        // A new chunk.
        if spaced && !is_space(b) {
            spaced = false;
            if left == 0 {
                return i;
            }
            left -= 1;
        }
        match BYTE_CLASS[usize::from(b)] {
            ALNUM => {}
            NON_ASCII => {
                let (c, n) = char_at(i);
                if !in_word(c) {
                    i += n;
                    continue;
                }
            }
            _ => {
                spaced |= is_space(b);
                i += 1;
                continue;
            }
        }
        // A word at `i`, and each word after it with one space between
        // (most words): that space starts the next chunk.
        loop {
            let start = i;
            let mut end = i;
            let mut ascii = true;
            while end < len {
                match BYTE_CLASS[usize::from(bytes[end])] {
                    ALNUM => end = ascii_alnum_end(bytes, end),
                    JOINER if alnum_at(end + 1) => end += 1,
                    NON_ASCII => {
                        let (c, n) = char_at(end);
                        if in_word(c) || (chars::is_apostrophe(c) && alnum_at(end + n)) {
                            ascii = false;
                            end += n;
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            i = end;
            let mut word = &text[start..end];
            // A possessive `'s` is no part of the name.
            if word.ends_with('s')
                && let Some(stem) = word.strip_suffix('s')
                && let Some(a) = stem.chars().next_back()
                && chars::is_apostrophe(a)
            {
                word = &stem[..stem.len() - a.len_utf8()];
            }
            let mut tok_end = start + word.len();
            let shape = if ascii {
                ascii_shape(word)
            } else {
                char_shape(word)
            };
            let shape = match shape {
                Shape::Initial if bytes.get(end) == Some(&b'.') => {
                    tok_end = end + 1;
                    Shape::Initial
                }
                // One capital without a dot.
                Shape::Initial => Shape::Other,
                s => s,
            };
            out.push(Tok {
                start,
                end: tok_end,
                shape,
            });
            // The words a name is made of (all with a capital letter) open the
            // window on.
            let capital = matches!(shape, Shape::Cap | Shape::Initial | Shape::Acronym);
            if capital && let Some(after) = after {
                left = after;
            }
            if bytes.get(end) == Some(&b' ')
                && bytes
                    .get(end + 1)
                    .is_some_and(|&c| BYTE_CLASS[usize::from(c)] == ALNUM)
            {
                if left == 0 {
                    return end + 1;
                }
                left -= 1;
                i = end + 1;
                continue;
            }
            break;
        }
    }
    len
}

/// The end of the ASCII letters and digits from `at`: eight bytes at a
/// time, as a word of news fits in one or two loads.
#[inline]
fn ascii_alnum_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(x) = swar::load(bytes, at) {
        // A byte with 0x20 set is a small letter if and only if it was a
        // letter: one range test for the letters of both cases.
        let alnum =
            swar::in_range(x | (0x20 * swar::ONES), b'a', b'z') | swar::in_range(x, b'0', b'9');
        let stop = !alnum & swar::HIGHS;
        if stop != 0 {
            return at + (stop.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
        at += 1;
    }
    at
}

/// The shape of an ASCII word; a single capital letter is `Initial` (its
/// caller checks the dot).
fn ascii_shape(word: &str) -> Shape {
    let w = word.as_bytes();
    let first = w[0];
    if first.is_ascii_uppercase() {
        if w.len() == 1 {
            Shape::Initial
        } else if plural_acronym(w) {
            // `CDs`, `MPs`: the plural of an acronym, no one's name.
            Shape::Acronym
        } else if w[1].is_ascii_lowercase() || w.iter().any(u8::is_ascii_lowercase) {
            Shape::Cap
        } else if w.iter().filter(|b| b.is_ascii_alphabetic()).count() >= 2 {
            Shape::Acronym
        } else {
            Shape::Other
        }
    } else if first.is_ascii_lowercase() {
        lowercase_shape(word, w.len() <= 5 && is_particle(word))
    } else {
        Shape::Other
    }
}

/// Is this ASCII word two capitals or more and a plural `s` (`CDs`, `NGOs`)?
fn plural_acronym(w: &[u8]) -> bool {
    w.len() >= 3 && w[w.len() - 1] == b's' && w[..w.len() - 1].iter().all(u8::is_ascii_uppercase)
}

/// [`PARTICLES`] as a filter: most short words (`the`, `of`, `in`) are
/// ruled out by their first letter and length.
static PARTICLE_FILTER: Shortlist = Shortlist::new(&[PARTICLES]);

/// Is this ASCII word one of [`PARTICLES`], in any case?
pub(super) fn is_particle(word: &str) -> bool {
    if !PARTICLE_FILTER.may_hold(word) {
        return false;
    }
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        // A `match` compiles to a comparison by length and bytes.
        matches!(
            word,
            "bin"
                | "ibn"
                | "bint"
                | "al"
                | "el"
                | "de"
                | "da"
                | "di"
                | "del"
                | "della"
                | "der"
                | "den"
                | "van"
                | "von"
                | "du"
                | "dos"
                | "das"
                | "do"
                | "la"
                | "le"
                | "ul"
                | "ur"
                | "ud"
                | "ter"
                | "ten"
        )
    } else {
        PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word))
    }
}

/// The shape of any word; a single capital letter is `Initial`.
fn char_shape(word: &str) -> Shape {
    let first = word.chars().next().unwrap_or(' ');
    if first.is_uppercase() && word.chars().count() == 1 {
        Shape::Initial
    } else if plural_acronym(word.as_bytes()) {
        Shape::Acronym
    } else if first.is_uppercase() && word.chars().any(char::is_lowercase) {
        Shape::Cap
    } else if first.is_uppercase()
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    {
        Shape::Acronym
    } else if first.is_lowercase() {
        lowercase_shape(word, PARTICLES.contains(&word.to_lowercase().as_str()))
    } else {
        Shape::Other
    }
}

/// The shape of a word starting with a small letter: a particle, an
/// article joined to a capital (a capitalized word), or a lowercase word.
fn lowercase_shape(word: &str, particle: bool) -> Shape {
    if particle {
        Shape::Particle
    } else if article_capital(word) {
        Shape::Cap
    } else {
        Shape::Lower
    }
}

/// `al-Hebtoor`, `el-Sisi`, `ash-Shuhada`: an article joined to a capital.
pub(super) fn article_capital(word: &str) -> bool {
    let b = word.as_bytes();
    // The articles have two or three letters.
    if b.get(2) != Some(&b'-') && b.get(3) != Some(&b'-') {
        return false;
    }
    let Some((article, rest)) = word.split_once('-') else {
        return false;
    };
    matches!(
        article,
        "al" | "el" | "ad" | "an" | "ar" | "as" | "ash" | "at" | "az" | "adh" | "ath" | "ul"
    ) && rest.starts_with(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level filter's days are the lexicon's, capitalized; its
    /// words are read as written, not in other cases.
    #[test]
    fn the_days_that_open_no_window_are_the_lexicons() {
        for day in super::super::lexicon::WEEKDAYS {
            let titled = format!("{}{}", day[..1].to_uppercase(), &day[1..]);
            assert!(no_name_word(titled.as_bytes()), "{titled}");
            assert!(!no_name_word(day.as_bytes()), "{day}");
        }
        assert!(!no_name_word(b"THE") && !no_name_word(b"May"));
    }

    /// The byte-level particle test is the list's.
    #[test]
    fn particles_are_the_list() {
        for p in PARTICLES {
            assert!(is_particle(p), "{p}");
            assert!(is_particle(&p.to_uppercase()), "{p}");
            assert!(!is_particle(&format!("{p}x")), "{p}");
        }
        for w in ["the", "of", "and", "bi", "a", ""] {
            assert!(!is_particle(w), "{w}");
        }
    }

    /// No character of the General Punctuation block is a letter, a digit
    /// or a capital.
    #[test]
    fn punctuation_has_no_letters() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(is_punctuation(c));
            assert!(!c.is_alphanumeric() && !c.is_uppercase(), "{c:?}");
        }
        for c in ['a', 'é', 'ʼ', '\u{1FFF}', '\u{2070}', '\u{2071}'] {
            assert!(!is_punctuation(c), "{c:?}");
        }
    }

    /// The end of a word read eight bytes at a time is where the byte
    /// test ends it, whatever the byte after it.
    #[test]
    fn alnum_end_is_the_byte_tests() {
        for b in 0..=255u8 {
            for at in 0..12 {
                let mut bytes = b"aZ09azAZ0aZ9z".to_vec();
                bytes[at] = b;
                let want = bytes
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(bytes.len());
                assert_eq!(ascii_alnum_end(&bytes, 0), want, "{b:#x} at {at}");
            }
        }
    }

    /// Tokens: words joined by apostrophes and hyphens, a possessive left
    /// out, an initial with its dot, shapes of ASCII and other words alike.
    #[test]
    fn tokens_and_their_shapes() {
        let text =
            "Gen. R. Qāʾānī's al-Hebtoor met SENA and Kata’ib bin X 2020 in Zākhū, ÉTAT's de-facto";
        let got: Vec<(&str, Shape)> = tokens(text)
            .iter()
            .map(|t| (&text[t.start..t.end], t.shape))
            .collect();
        use Shape::*;
        assert_eq!(
            got,
            [
                ("Gen", Cap),
                ("R.", Initial),
                ("Qāʾānī", Cap),
                ("al-Hebtoor", Cap),
                ("met", Lower),
                ("SENA", Acronym),
                ("and", Lower),
                ("Kata’ib", Cap),
                ("bin", Particle),
                ("X", Other),
                ("2020", Other),
                ("in", Lower),
                ("Zākhū", Cap),
                ("ÉTAT", Acronym),
                ("de-facto", Lower),
            ]
        );
    }
}
