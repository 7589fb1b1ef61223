//! Character classes shared by normalization and matching.
//!
//! Everything that decides "what kind of character is this" lives here, so that
//! the normalizer (which rewrites text) and the matcher (which checks word
//! boundaries on the rewritten text) can never disagree; and so does the
//! script a name is written in ([`script`]), which the gazetteer's checks,
//! its GeoNames importer and the variant rules all ask.

/// Apostrophes, ayn and hamza marks, and their look-alikes: deleted by
/// normalization, so `Kata'ib`, `Kata’ib`, `Kataʼib` and `Kataib` are one key.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '\u{00B4}' // ´ acute accent
            | '\u{2018}' // ‘
            | '\u{2019}' // ’
            | '\u{201B}' // ‛
            | '\u{2032}' // ′ prime, a common OCR/scrape stand-in
            | '\u{02BB}' // ʻ
            | '\u{02BC}' // ʼ
            | '\u{02BD}' // ʽ
            | '\u{02BE}' // ʾ hamza transliteration
            | '\u{02BF}' // ʿ ayn transliteration
            | '\u{02C8}' // ˈ
            | '\u{FF07}' // ＇ fullwidth
    )
}

/// Hyphens and dashes: a run of these and whitespace becomes one space.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{058A}' | '\u{05BE}' | '\u{1400}' | '\u{1806}' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2E17}'
                | '\u{2E1A}'
                | '\u{2E3A}'
                | '\u{2E3B}'
                | '\u{2E40}'
                | '\u{301C}'
                | '\u{3030}'
                | '\u{30A0}'
                | '\u{FE31}'
                | '\u{FE32}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
    )
}

/// Characters that separate words and collapse, in runs, to one space:
/// whitespace, dashes, control characters and the zero-width space.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || is_dash(c) || c.is_control() || c == '\u{200B}'
}

/// Invisible format characters deleted by normalization: soft hyphen, zero-width
/// joiners, bidirectional marks, word joiner, byte-order mark, Arabic tatweel.
pub fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0640}' // Arabic tatweel (kashida), purely typographic
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200C}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
    )
}

/// The runs of letters, digits and apostrophes of `text` (`Asa’ib`,
/// `'Iraq'`), as byte ranges, in order: the words a key is taken of. ASCII
/// is classified a byte at a time, so a pass over an English text costs
/// about one comparison a byte.
pub fn word_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Whether the character at byte `i` belongs to a run, and its length.
    let class = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            return (b.is_ascii_alphanumeric() || b == b'\'' || b == b'`', 1);
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric() || is_apostrophe(c), c.len_utf8())
    };
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (inside, len) = class(at);
            if inside {
                break;
            }
            at += len;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() {
            let (inside, len) = class(at);
            if !inside {
                break;
            }
            at += len;
        }
        Some((start, at))
    })
}

/// A character that is part of a word under Unicode rules: letters, marks,
/// digits, connector punctuation.
#[inline]
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    is_word_beyond_ascii(c)
}

/// [`is_word`] of a character beyond ASCII.
fn is_word_beyond_ascii(c: char) -> bool {
    // General Punctuation (`’`, `“`, `”`, `–`), most of the non-ASCII
    // characters of English news, holds no letter, digit or mark (a test
    // checks the whole block): it is not looked up in the Unicode tables (a
    // search each), and its word characters are the connectors below.
    let general_punctuation = ('\u{2000}'..='\u{206F}').contains(&c);
    !general_punctuation
        && (c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
        || matches!(
            c,
            '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}' | '\u{FE4D}'
                ..='\u{FE4F}' | '\u{FF3F}'
        )
}

/// A word character of a script written without spaces between words (Han,
/// Hiragana, Katakana, Thai, Lao, Khmer, Myanmar). Unicode word segmentation
/// (UAX #29) does not join these into words, so each one is a word of its own:
/// `中` matches in `中国`.
pub fn is_standalone(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF   // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x2E80..=0x2FDF // CJK radicals
        | 0x3005..=0x3007
        | 0x3021..=0x3029
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3100..=0x31FF
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F
        | 0x20000..=0x3FFFF)
}

/// Is there a word boundary between `before` and `after` (`None` = edge of text)?
pub fn is_boundary(before: Option<char>, after: Option<char>) -> bool {
    match (before, after) {
        (Some(a), Some(b)) => !(joins(a) && joins(b)),
        _ => true,
    }
}

/// Does `c` join the characters beside it into one word (a letter or digit of
/// a script that spaces its words)? A name may start or end only where one of
/// the two characters on either side does not.
pub fn joins(c: char) -> bool {
    is_word(c) && !is_standalone(c)
}

/// Letters that the source may write with a distinct look-alike: folded after
/// case folding and diacritic removal so that both sides meet. Returns `None`
/// when the character is kept as is.
pub fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        // Latin letters whose "diacritic" is not a combining mark.
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ŧ' => "t",
        // Arabic and Persian letter forms.
        '\u{0671}' => "\u{0627}", // alef wasla -> alef
        '\u{0649}' => "\u{064A}", // alef maqsura -> yeh
        '\u{06CC}' => "\u{064A}", // Persian yeh -> Arabic yeh
        '\u{06D2}' => "\u{064A}", // yeh barree -> yeh
        '\u{06A9}' => "\u{0643}", // keheh -> kaf
        '\u{06AA}' => "\u{0643}", // swash kaf -> kaf
        '\u{0629}' => "\u{0647}", // ta marbuta -> heh
        '\u{06C0}' => "\u{0647}", // heh with yeh above -> heh
        '\u{06D5}' => "\u{0647}", // ae -> heh
        '\u{06C1}' => "\u{0647}", // heh goal -> heh
        _ => return None,
    })
}

/// The script a name is written in, from its first letter: `latin`, `arabic`,
/// `cyrillic`, `greek`, `hebrew`, `cjk`, `other`, or `none` without letters.
pub fn script(name: &str) -> &'static str {
    let Some(c) = name.chars().find(|c| c.is_alphabetic()) else {
        return "none";
    };
    match c as u32 {
        0x0041..=0x024F | 0x1E00..=0x1EFF => "latin",
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            "arabic"
        }
        0x0400..=0x052F => "cyrillic",
        0x0370..=0x03FF => "greek",
        0x0590..=0x05FF => "hebrew",
        0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF => "cjk",
        _ => "other",
    }
}

/// Tests on eight bytes at a time, as one `u64` ("SWAR": SIMD within a
/// register), for the loops that scan every byte of a text. Each mask has the
/// high bit of a byte set where the byte passes, and is exact: no carry or
/// borrow crosses from one byte to the next.
pub mod swar {
    /// 0x01 in every byte.
    pub const ONES: u64 = 0x0101_0101_0101_0101;
    /// The high bit of every byte.
    pub const HIGHS: u64 = 0x8080_8080_8080_8080;
    const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;

    /// The eight bytes of `bytes` from `at`, if there are eight.
    #[inline]
    pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
        let chunk = bytes.get(at..at.checked_add(8)?)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        Some(u64::from_le_bytes(a))
    }

    /// The bytes of `x` equal to zero.
    #[inline]
    pub fn zeros(x: u64) -> u64 {
        !(((x & LOWS) + LOWS) | x | LOWS)
    }

    /// The bytes of `x` equal to `b`.
    #[inline]
    pub fn equal(x: u64, b: u8) -> u64 {
        zeros(x ^ (u64::from(b) * ONES))
    }

    /// The ASCII bytes of `x` in `lo..=hi` (`hi` below 0x80).
    #[inline]
    pub fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
        let y = x & LOWS;
        (y + u64::from(0x80 - lo) * ONES) & !(y + u64::from(0x7F - hi) * ONES) & !x & HIGHS
    }

    /// The end of the run of ASCII word bytes (letters, digits and `_`)
    /// from `at`: eight bytes at a time, so that a word of news costs one
    /// load and no branch a byte (a loop a byte mispredicted its exit at
    /// nearly every word, the words' lengths being what they are).
    #[inline]
    pub fn ascii_word_end(bytes: &[u8], mut at: usize) -> usize {
        while let Some(x) = load(bytes, at) {
            // A byte with 0x20 set is a small letter if and only if it was
            // a letter: one range test for the letters of both cases.
            let word = in_range(x | (0x20 * ONES), b'a', b'z')
                | in_range(x, b'0', b'9')
                | (equal(x, b'_') & HIGHS);
            let stop = !word & HIGHS;
            if stop != 0 {
                return at + (stop.trailing_zeros() / 8) as usize;
            }
            at += 8;
        }
        while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
            at += 1;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_latin() {
        assert!(is_boundary(None, Some('a')));
        assert!(is_boundary(Some(' '), Some('a')));
        assert!(!is_boundary(Some('n'), Some('i')));
        assert!(!is_boundary(Some('f'), Some('é')));
        assert!(is_boundary(Some('n'), Some('-')));
    }

    #[test]
    fn boundaries_arabic_and_cjk() {
        // Arabic letters join each other; a space or punctuation separates.
        assert!(!is_boundary(Some('ر'), Some('ا')));
        assert!(is_boundary(Some('ن'), Some('،')));
        // Han characters are words of their own.
        assert!(is_boundary(Some('中'), Some('国')));
        assert!(is_boundary(Some('a'), Some('中')));
    }

    proptest::proptest! {
        /// The end of an ASCII word found eight bytes at a time is where a
        /// byte at a time finds it, whatever the bytes around it.
        #[test]
        fn ascii_word_ends_where_a_byte_at_a_time_ends(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::any::<u8>(),
                proptest::sample::select(b"aZz09_ -@[`{/:\x80\xff".to_vec()),
            ], 0..40),
            at in 0usize..40,
        ) {
            let at = at.min(bytes.len());
            let want = at + bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            proptest::prop_assert_eq!(swar::ascii_word_end(&bytes, at), want);
        }
    }

    /// General Punctuation, answered without the Unicode tables, as the
    /// tables answer.
    #[test]
    fn general_punctuation_is_word_as_the_tables_say() {
        for c in '\u{2000}'..='\u{206F}' {
            let by_tables = c.is_alphanumeric()
                || unicode_normalization::char::is_combining_mark(c)
                || matches!(c, '\u{203F}' | '\u{2040}' | '\u{2054}');
            assert_eq!(is_word(c), by_tables, "{c:?}");
        }
        assert!(is_word('\u{203F}'));
        assert!(!is_word('’'));
    }

    /// `word_runs` by its definition, a character at a time.
    fn runs_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric() || is_apostrophe(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn word_runs_are_letters_digits_and_apostrophes() {
        let text = "Asa’ib Ahl al-Haq's `men`, 2,000 in Ḥalab (حلب)—a_b";
        let runs: Vec<&str> = word_runs(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            runs,
            [
                "Asa’ib", "Ahl", "al", "Haq's", "`men`", "2", "000", "in", "Ḥalab", "حلب", "a", "b"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn word_runs_agree_with_a_char_by_char_reading(text in "\\PC{0,60}|[a-zA-Z0-9'` ,.’é_-]{0,60}") {
            proptest::prop_assert_eq!(word_runs(&text).collect::<Vec<_>>(), runs_by_chars(&text));
        }

        /// Each eight-byte test flags exactly the bytes the byte test does.
        #[test]
        fn swar_masks_are_exact(bytes in proptest::array::uniform8(proptest::num::u8::ANY), b: u8, lo in 0u8..0x80, hi in 0u8..0x80) {
            let x = swar::load(&bytes, 0).unwrap();
            let mask = |f: &dyn Fn(u8) -> bool| {
                bytes.iter().enumerate().fold(0u64, |m, (i, &c)| if f(c) { m | 0x80 << (8 * i) } else { m })
            };
            proptest::prop_assert_eq!(swar::zeros(x), mask(&|c| c == 0));
            proptest::prop_assert_eq!(swar::equal(x, b), mask(&|c| c == b));
            proptest::prop_assert_eq!(swar::in_range(x, lo, hi), mask(&|c| c >= lo && c <= hi));
        }
    }

    #[test]
    fn classes() {
        for c in ['\'', '’', '‘', 'ʼ', 'ʻ', 'ʿ', 'ʾ', '´', '`'] {
            assert!(is_apostrophe(c), "{c:?}");
        }
        for c in ['-', '–', '—', ' ', '\n', '\t', '\u{00A0}'] {
            assert!(is_separator(c), "{c:?}");
        }
        assert!(!is_separator('a'));
        assert!(is_ignorable('\u{200C}'));
    }

    #[test]
    fn scripts() {
        assert_eq!(script("Tehran"), "latin");
        assert_eq!(script("تهران"), "arabic");
        assert_eq!(script("Тегеран"), "cyrillic");
        assert_eq!(script("U.S."), "latin");
    }
}
