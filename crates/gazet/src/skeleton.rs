//! Consonant skeletons: finding spellings that no rule foresaw.
//!
//! Arabic script writes consonants and leaves most vowels out, so the Latin
//! spellings of one name agree on their consonants far more than on their
//! vowels: `Humaidawi` and `Hamidawi`, `Sulaymani` and `Soleimani`. Where
//! they differ in a consonant, it is nearly always within one small class of
//! letters that render one Arabic or Persian sound, or a few neighbouring
//! ones:
//!
//! | class | letters | examples |
//! |---|---|---|
//! | `k` | `q k g c x`, `kh gh ck` | Qaani / Ghaani, Qadhafi / Gaddafi, Sadeqi / Sadeghi, Khatib / Katib |
//! | `t` | `t d z s`, `th dh ts` | Qadhafi / Qaddafi / Qathafi, Fazl / Fadl, Harith / Haris, Nasr / Nazr |
//! | `$` | `sh ch sch` | Hamsho / Hamcho, Darwish / Darwich |
//! | `j` | `j`, `zh dj` | Djamal / Jamal, Pezhman / Pejman |
//! | `v` | `v w` | Fadavi / Fadwi |
//!
//! and `b p f l r m n` stand for themselves. Vowels, `y` and `h` are left out
//! (`Pahlawan` / `Palawan`, `Mashhadani` / `Mashadani`), doubled letters are
//! written once, and the Arabic article is left out.
//!
//! A word's skeleton is packed into a [`WordCode`], four bits a class, so the
//! text can be scanned word by word with no allocation. Every name of an
//! entity transliterated from Arabic script is indexed by the codes of its
//! words ([`SkeletonIndex`]); runs of text words whose codes are a name's are
//! candidates, and a candidate stands only if it is [`confirmed`]: word by
//! word, the first letters agree and a weighted edit distance between the
//! letters is small. Changing or dropping a vowel, doubling a letter or
//! writing `q` for `gh` is cheap; changing a consonant for one of its class
//! costs more, and for any other consonant more still. The classes are wide
//! so that the index misses few spellings; the distance is what keeps
//! `Mahmud` from `Muhammad` and `Hamid Vahedi` from `Ahmad Vahidi`.

use rustc_hash::{FxHashMap, FxHashSet};

/// The consonant skeleton of one word, four bits a class, the first
/// consonant in the lowest bits; 0 for a word with no consonant (or an
/// article).
pub type WordCode = u64;

/// Most consonant classes a word's code holds.
const MAX_CLASSES: usize = 16;

/// Articles, which have no skeleton of their own.
const ARTICLES: &[&str] = &[
    "al", "el", "ul", "as", "ash", "ad", "ar", "at", "az", "an", "adh", "ath",
];

/// Is this word an Arabic article (`al`, `el`, `ash`, ...)?
pub fn is_article(word: &str) -> bool {
    ARTICLES.contains(&word)
}

/// The class (1..=15) of the consonant at `b[i]`, and the bytes it takes;
/// class 0 for a letter left out (vowels, `y`, `h`).
fn class_at(b: &[u8], i: usize) -> (u8, usize) {
    let next = b.get(i + 1).copied();
    match (b[i], next) {
        (b'k' | b'g' | b'z' | b'd' | b't' | b'p', Some(b'h')) => (digraph_class(b[i]), 2),
        (b's', Some(b'h')) | (b'c', Some(b'h')) => (CLASS_SH, 2),
        (b's', Some(b'c')) if b.get(i + 2) == Some(&b'h') => (CLASS_SH, 3),
        (b'c', Some(b'k')) => (CLASS_K, 2),
        (b'd', Some(b'j')) => (CLASS_J, 2),
        (b't', Some(b's')) => (CLASS_T, 2),
        (c, _) => (letter_class(c), 1),
    }
}

const CLASS_K: u8 = 1;
const CLASS_T: u8 = 2;
const CLASS_SH: u8 = 3;
const CLASS_J: u8 = 4;
const CLASS_V: u8 = 5;

fn digraph_class(first: u8) -> u8 {
    match first {
        b'k' | b'g' => CLASS_K,
        b'z' => CLASS_J,
        b'd' | b't' => CLASS_T,
        _ => 8, // ph: f
    }
}

fn letter_class(c: u8) -> u8 {
    LETTER_CLASS[usize::from(c)]
}

/// [`letter_class`] of every byte, looked up.
static LETTER_CLASS: [u8; 256] = letter_classes();

const fn letter_classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = letter_class_of(c as u8);
        c += 1;
    }
    t
}

const fn letter_class_of(c: u8) -> u8 {
    match c {
        b'q' | b'k' | b'g' | b'c' | b'x' => CLASS_K,
        b't' | b'd' | b'z' | b's' => CLASS_T,
        b'j' => CLASS_J,
        b'v' | b'w' => CLASS_V,
        b'b' => 6,
        b'p' => 7,
        b'f' => 8,
        b'l' => 9,
        b'r' => 10,
        b'm' => 11,
        b'n' => 12,
        _ => 0,
    }
}

/// The letter a class is written with in [`skeleton`].
fn class_letter(class: u8) -> char {
    b"?kt$jvbpflrmn"[class as usize] as char
}

/// The code of one normalized word: `Some(0)` for an article or a word with
/// no consonant, `None` when the word is not plain lowercase ASCII letters
/// or has more than 16 consonant classes. A `w` counts as a consonant, of
/// the class of `v` (`Safawi`, `Safavi`).
pub fn word_code(word: &str) -> Option<WordCode> {
    word_codes(word).map(|(code, _)| code)
}

/// The codes of one word, as [`word_code`], and read the other way where a
/// letter is read two ways: `w` as the vowel it often writes (`Jawad` /
/// `Juad`, `Nawshad` / `Naushad`, `Sahrawi` / `Sahraoui`), and `g` as the
/// `j` of Egyptian spellings (`Gamal` / `Jamal`, `Katrangi` / `Katranji`).
/// The two are the same when the word has neither letter.
pub fn word_codes(word: &str) -> Option<(WordCode, WordCode)> {
    let b = word.as_bytes();
    if !b.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    if b.len() <= 3 && ARTICLES.contains(&word) {
        return Some((0, 0));
    }
    // Most words have neither `w` nor `g`: one reading, the other only for
    // those that do (this runs on every capitalized word).
    let code = read_code(b, false)?;
    let other_way = b.iter().any(|&c| c == b'w' || c == b'g');
    Some((code, if other_way { read_code(b, true)? } else { code }))
}

/// The code of the lowercase ASCII word `b`, with `w` read as a vowel and
/// `g` as `j` when `other_way`.
fn read_code(b: &[u8], other_way: bool) -> Option<WordCode> {
    let mut code = Code::default();
    let mut i = 0;
    while i < b.len() {
        let (class, step) = class_at(b, i);
        code.push(match (other_way, b[i], step) {
            (true, b'w', 1) => 0,
            (true, b'g', 1) => CLASS_J,
            _ => class,
        });
        i += step;
    }
    code.done()
}

/// A word's code as it is read, a consonant class at a time.
#[derive(Default)]
struct Code {
    code: WordCode,
    /// Classes so far; past [`MAX_CLASSES`], the word has no code.
    n: usize,
    last: u8,
}

impl Code {
    fn push(&mut self, class: u8) {
        if class != 0 && class != self.last {
            if self.n < MAX_CLASSES {
                self.code |= u64::from(class) << (4 * self.n);
            }
            self.n += 1;
        }
        // A doubled letter is written once; a vowel between two like
        // consonants keeps them apart (`Fadad`).
        self.last = class;
    }

    fn done(self) -> Option<WordCode> {
        (self.n <= MAX_CLASSES).then_some(self.code)
    }
}

/// The number of consonant classes in a code.
pub fn classes(code: WordCode) -> usize {
    (64 - code.leading_zeros() as usize).div_ceil(4)
}

/// The skeleton of a normalized name, written out (`abu mahdi al muhandis`
/// → `b md mntt`): each word's classes, articles left out. `None` when a
/// word is not plain Latin letters.
pub fn skeleton(key: &str) -> Option<String> {
    let mut parts = Vec::new();
    for w in key.split(' ') {
        let mut code = word_code(w)?;
        if code == 0 {
            continue;
        }
        let mut s = String::new();
        while code != 0 {
            s.push(class_letter((code & 15) as u8));
            code >>= 4;
        }
        parts.push(s);
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The codes of a name's words ([`word_codes`]), articles left out (a word
/// with no consonant, `Yahya`, has code 0); `None` when a word has no code.
pub fn name_codes(key: &str) -> Option<Vec<(WordCode, WordCode)>> {
    let mut out = Vec::new();
    for w in key.split(' ') {
        let codes = word_codes(w)?;
        if !ARTICLES.contains(&w) {
            out.push(codes);
        }
    }
    Some(out)
}

fn vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// A word with each digraph written as one letter, so that the distance
/// counts it once: `kh` → `x`, `gh` → `q`, `sh`/`ch` → `$`, `th` → `0`,
/// `dh` → `9`, `zh`/`dj` → `j`, `ph` → `f`, `ck` → `k`; a final
/// `h` after a vowel is left out.
fn letters(word: &str) -> Vec<u8> {
    let b = word.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        // A final `h` after a vowel writes no consonant: `Jumah`, `Jomaa`.
        if b[i] == b'h' && i + 1 == b.len() && i > 0 && vowel(b[i - 1]) {
            break;
        }
        let (c, step) = letter_at(b, i);
        out.push(c);
        i += step;
    }
    out
}

/// The letter of [`letters`] at `b[i]`, and the bytes it takes.
fn letter_at(b: &[u8], i: usize) -> (u8, usize) {
    match (b[i], b.get(i + 1).copied()) {
        (b'k', Some(b'h')) => (b'x', 2),
        (b'g', Some(b'h')) => (b'q', 2),
        (b's' | b'c', Some(b'h')) => (b'$', 2),
        (b't', Some(b'h')) => (b'0', 2),
        (b'd', Some(b'h')) => (b'9', 2),
        (b'z', Some(b'h')) | (b'd', Some(b'j')) => (b'j', 2),
        (b'p', Some(b'h')) => (b'f', 2),
        (b'c', Some(b'k')) => (b'k', 2),
        (c, _) => (c, 1),
    }
}

/// The class of a letter of [`letters`], for substitution costs.
fn letter_group(c: u8) -> u8 {
    match c {
        b'0' | b'9' => CLASS_T,
        b'$' => CLASS_SH,
        _ => letter_class(c),
    }
}

/// Consonants that render one Arabic or Persian letter, or two letters that
/// transliterations mix up all the time: changing one for another costs no
/// more than a vowel. (`0` is `th`, `9` is `dh`, `$` is `sh` or `ch`.)
const NEAR: &[&[u8]] = &[b"qgkc", b"dz90", b"t0", b"sz0", b"sc$", b"jz", b"gj", b"vw"];

fn substitution(a: u8, b: u8) -> f32 {
    if a == b {
        0.0
    } else if (vowel(a) || a == b'w') && (vowel(b) || b == b'w') {
        // `w` writes a vowel as often as a consonant: `Awf` / `Auf`.
        0.3
    } else if NEAR.iter().any(|g| g.contains(&a) && g.contains(&b)) {
        0.3
    } else if !vowel(a) && !vowel(b) && letter_group(a) == letter_group(b) && letter_group(a) != 0 {
        0.5
    } else {
        1.0
    }
}

fn indel(c: u8) -> f32 {
    if vowel(c) || c == b'h' || c == b'w' {
        0.3
    } else {
        1.0
    }
}

/// Weighted edit distance between two words (as [`letters`]): vowel changes,
/// `h` and doubled letters are cheap, a consonant for one of its class costs
/// 0.5, any other consonant change 1.
///
/// Past `limit` the exact distance is not needed: once every cell of a row
/// is over it, so is the distance (no step costs less than nothing), and
/// the least of the row is returned. Most words compared are another
/// name's, and are told apart in their first letters.
fn distance(a: &[u8], b: &[u8], limit: f32) -> f32 {
    let mut prev: Vec<f32> = std::iter::once(0.0)
        .chain(b.iter().scan(0.0, |acc, &c| {
            *acc += indel(c);
            Some(*acc)
        }))
        .collect();
    let mut cur = vec![0.0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = prev[0] + indel(ca);
        for (j, &cb) in b.iter().enumerate() {
            // Dropping one of a doubled letter costs little.
            let del_a = if i > 0 && a[i - 1] == ca {
                0.2
            } else {
                indel(ca)
            };
            let ins_b = if j > 0 && b[j - 1] == cb {
                0.2
            } else {
                indel(cb)
            };
            cur[j + 1] = (prev[j] + substitution(ca, cb))
                .min(prev[j + 1] + del_a)
                .min(cur[j] + ins_b);
        }
        std::mem::swap(&mut prev, &mut cur);
        let least = prev.iter().copied().fold(f32::INFINITY, f32::min);
        if least > limit {
            return least;
        }
    }
    prev[b.len()]
}

/// Weighted edit distance between two normalized names.
pub fn weighted_distance(a: &str, b: &str) -> f32 {
    distance(&letters(a), &letters(b), f32::INFINITY)
}

/// The first letter of a normalized word as [`letters`] writes it (`Sh` is
/// `$`, `Kh` is `x`).
fn first_letter(word: &[u8]) -> Option<u8> {
    (!word.is_empty()).then(|| letter_at(word, 0).0)
}

/// Do two words start alike: both with a vowel (`Usama` / `Osama`, `Ihsan`
/// / `Ehsan`), or with one consonant or two that render one sound (`Qasim` /
/// `Kasim`, `Khata'ib` / `Kata'ib`, `Zulfiqar` / `Dhulfiqar`)? `Syrian` does
/// not start as `Tehran`.
fn initials_agree(a: &[u8], b: &[u8]) -> bool {
    match (first_letter(a), first_letter(b)) {
        (Some(x), Some(y)) => {
            let open = |c: u8| vowel(c) && c != b'y';
            // `Kh` is often written `K`: `Khata'ib` / `Kata'ib`.
            let k = |c: u8| letter_group(c) == CLASS_K;
            x == y
                || (open(x) && open(y))
                || (k(x) && k(y))
                || NEAR.iter().any(|g| g.contains(&x) && g.contains(&y))
        }
        _ => false,
    }
}

fn content_words(s: &str) -> Vec<&str> {
    s.split(' ')
        .filter(|w| !ARTICLES.contains(w) && !w.is_empty())
        .collect()
}

/// Does one word end in the `-i` of a nisba (`Velayati`, `Baghdadi`), the
/// suffix that makes a name of a place or a word, where the other ends in a
/// consonant? `Velayat` is not `Velayati`, nor `Saad` `Saadi`; but `Hamza`
/// may be written `Hamzi`.
fn nisba_added(a: &[u8], b: &[u8]) -> bool {
    let nisba = |w: &[u8]| matches!(w.last(), Some(b'i' | b'y')) || w.ends_with(b"ee");
    let consonant = |w: &[u8]| w.last().is_some_and(|&c| !vowel(c) && c != b'h');
    (nisba(a) && consonant(b)) || (nisba(b) && consonant(a))
}

/// Is `surface` close enough to `name` (both normalized) to be a spelling of
/// it? Word by word, articles aside: the words start alike (both with a
/// vowel, or with consonants of one class), neither adds a nisba `-i` to the
/// other (`nisba_added`), and the weighted distance
/// between them is at most 0.25 plus 0.1 a letter of the name's word. A word
/// of the name in `fixed` (an English word, say) must be the same. Over the
/// words that differ, the distances add up to at most 0.25 plus 0.1 a
/// letter. Returns
/// the summed distance.
pub fn confirmed(surface: &str, name: &str, fixed: impl Fn(&str) -> bool) -> Option<f32> {
    let (ws, wn) = (content_words(surface), content_words(name));
    if ws.len() != wn.len() {
        return None;
    }
    // Cheap tests first: most candidates fail one.
    for (s, n) in ws.iter().zip(&wn) {
        if s != n
            && (fixed(n)
                || !initials_agree(s.as_bytes(), n.as_bytes())
                || nisba_added(s.as_bytes(), n.as_bytes()))
        {
            return None;
        }
    }
    let (mut total, mut letters_changed) = (0.0, 0);
    for (s, n) in ws.iter().zip(&wn) {
        if s == n {
            continue;
        }
        let (a, b) = (letters(s), letters(n));
        letters_changed += b.len();
        let limit = 0.25 + 0.1 * b.len() as f32;
        // Each letter more or less costs at least 0.2.
        if a.len().abs_diff(b.len()) as f32 * 0.2 > limit {
            return None;
        }
        let d = distance(&a, &b, limit);
        if d > limit {
            return None;
        }
        total += d;
    }
    // The allowance of 0.25 is once a name, not once a word: `Hassan Ali`
    // is two near misses of `Hussein Allawi`, not a spelling of it.
    (total <= 0.25 + 0.1 * letters_changed as f32).then_some(total)
}

/// Most combinations of word codes a name is indexed under, or a run of
/// text words is looked up by.
pub const MAX_COMBINATIONS: usize = 16;

/// A run of word codes hashed into one number, a word at a time, so a run of
/// text words is extended and looked up with no allocation. Two runs with one
/// hash are told apart by [`confirmed`], which compares the letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Run(u64);

impl Run {
    /// The run of no word.
    pub const EMPTY: Run = Run(0x243f_6a88_85a3_08d3);

    /// This run followed by a word of this code.
    pub fn then(self, code: WordCode) -> Run {
        // FxHash's step: rotate, mix in, multiply.
        Run((self.0.rotate_left(5) ^ code).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95))
    }
}

/// Names indexed by the codes of their words.
#[derive(Clone, Debug, Default)]
pub struct SkeletonIndex {
    /// Each whole name's run → the names (keys) with it.
    names: FxHashMap<Run, Vec<usize>>,
    /// Every run that starts some name: a run of text words is extended
    /// only while it is one, so most stop at their first word.
    prefixes: FxHashSet<Run>,
    /// Most words in an indexed name.
    pub max_words: usize,
}

impl SkeletonIndex {
    /// Adds a name (by its index among the matcher's keys) under its words'
    /// codes ([`name_codes`]), in every combination of each word's two.
    pub fn add(&mut self, codes: &[(WordCode, WordCode)], key_index: usize) {
        if codes.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(codes.len());
        let mut runs = vec![Run::EMPTY];
        for &(code, alt) in codes {
            let mut next = Vec::with_capacity(runs.len() * 2);
            for r in &runs {
                for x in [code, alt] {
                    let run = r.then(x);
                    if !next.contains(&run) && next.len() < MAX_COMBINATIONS {
                        next.push(run);
                    }
                }
            }
            self.prefixes.extend(next.iter().copied());
            runs = next;
        }
        for run in runs {
            let list = self.names.entry(run).or_default();
            if !list.contains(&key_index) {
                list.push(key_index);
            }
        }
    }

    /// Does some indexed name start with this run?
    pub fn starts(&self, run: Run) -> bool {
        self.prefixes.contains(&run)
    }

    /// The keys indexed under this run.
    pub fn get(&self, run: Run) -> &[usize] {
        self.names.get(&run).map_or(&[], Vec::as_slice)
    }

    /// Number of distinct skeletons.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes of a word read twice, once each way: what [`word_codes`]
    /// does in one pass.
    fn two_passes(word: &str) -> Option<(WordCode, WordCode)> {
        fn code_of(b: &[u8], other_way: bool) -> Option<WordCode> {
            let (mut code, mut n, mut last, mut i) = (0u64, 0usize, 0u8, 0usize);
            while i < b.len() {
                let (mut class, step) = class_at(b, i);
                if other_way && step == 1 {
                    match b[i] {
                        b'w' => class = 0,
                        b'g' => class = CLASS_J,
                        _ => {}
                    }
                }
                if class != 0 && class != last {
                    if n == MAX_CLASSES {
                        return None;
                    }
                    code |= u64::from(class) << (4 * n);
                    n += 1;
                }
                last = class;
                i += step;
            }
            Some(code)
        }
        let b = word.as_bytes();
        if !b.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        if ARTICLES.contains(&word) {
            return Some((0, 0));
        }
        let code = code_of(b, false)?;
        let alt = if b.contains(&b'w') || b.contains(&b'g') {
            code_of(b, true)?
        } else {
            code
        };
        Some((code, alt))
    }

    proptest::proptest! {
        #[test]
        fn one_pass_reads_both_ways(word in "[a-z]{0,40}|[ghkswtdzcjaeA ]{0,12}") {
            proptest::prop_assert_eq!(word_codes(&word), two_passes(&word));
        }
    }

    fn same(a: &str, b: &str) -> bool {
        word_code(a) == word_code(b)
    }

    #[test]
    fn spellings_of_one_name_share_a_skeleton() {
        for (a, b) in [
            ("humaidawi", "hamidawi"),
            ("soleimani", "sulaymani"),
            ("qaani", "ghaani"),
            ("shalamcheh", "shalamcha"),
            ("muhandis", "mohandes"),
            ("kataib", "kataeb"),
            ("hezbollah", "hizballah"),
            ("qadhafi", "gaddafi"),
            ("qathafi", "kadafi"),
            ("hamsho", "hamcho"),
            ("pahlawan", "palawan"),
            ("mashhadani", "mashadani"),
            ("fazl", "fadl"),
            ("djamal", "jamal"),
        ] {
            assert!(same(a, b), "{a} / {b}");
        }
        for (a, b) in [("karim", "kazim"), ("hasan", "hamid"), ("fadad", "fad")] {
            assert!(!same(a, b), "{a} / {b}");
        }
        // Read the other way.
        let alt = |w: &str| word_codes(w).unwrap().1;
        assert_eq!(alt("gamal"), word_code("jamal").unwrap());
        assert_eq!(alt("jawad"), word_code("juad").unwrap());
        assert_eq!(alt("ghazi"), word_code("ghazi").unwrap());
        assert_eq!(
            skeleton("abu mahdi al muhandis").as_deref(),
            Some("b mt mntt")
        );
        assert_eq!(word_code("al"), Some(0));
        assert_eq!(word_code("قاآني"), None);
        assert_eq!(classes(word_code("muhandis").unwrap()), 4);
        assert_eq!(name_codes("abu al muhandis").unwrap().len(), 2);
    }

    proptest::proptest! {
        /// Under a limit, the distance is the exact one; over it, it is
        /// over it too.
        #[test]
        fn a_distance_under_a_limit_is_exact(
            a in "[abdhikstuw]{0,10}",
            b in "[abdhikstuw]{0,10}",
            limit in 0.0f32..3.0,
        ) {
            let exact = distance(a.as_bytes(), b.as_bytes(), f32::INFINITY);
            let bounded = distance(a.as_bytes(), b.as_bytes(), limit);
            if exact <= limit {
                proptest::prop_assert_eq!(bounded, exact);
            } else {
                proptest::prop_assert!(bounded > limit);
            }
        }
    }

    #[test]
    fn distances_weigh_vowels_light_and_consonants_heavy() {
        let none = |_: &str| false;
        assert!(weighted_distance("humaidawi", "hamidawi") < 1.0);
        assert!(weighted_distance("hezbollah", "hizballah") < 1.0);
        assert!(weighted_distance("hassan", "hasan") < 0.5);
        assert!(weighted_distance("hassan", "hassar") >= 1.0);
        assert!(confirmed("qasim sulaymani", "qasem soleimani", none).is_some());
        assert!(confirmed("esmail ghaani", "esmail qaani", none).is_some());
        assert!(confirmed("abu hussein al humaidawi", "abu hussein al hamidawi", none).is_some());
        assert!(confirmed("muammar qaddafi", "muammar qadhafi", none).is_some());
        assert!(confirmed("usama ali", "osama ali", none).is_some());
        // Other names with the same consonants.
        assert!(confirmed("hamid vahedi", "ahmad vahidi", none).is_none());
        assert!(confirmed("mahmud ali", "muhammad ali", none).is_none());
        assert!(confirmed("sulaymaniyah", "soleimani", none).is_none());
        assert!(confirmed("karim", "kazim", none).is_none());
        assert!(confirmed("velayat", "velayati", none).is_none());
        assert!(confirmed("saadi", "saad", none).is_none());
        assert!(confirmed("hamzi", "hamza", none).is_some());
        assert!(confirmed("hassan ali", "hussein allawi", none).is_none());
        // A word held fixed must be the same.
        let said = |w: &str| w == "said";
        assert!(confirmed("saeed khan", "said khan", said).is_none());
        assert!(confirmed("said khaan", "said khan", said).is_some());
    }
}
