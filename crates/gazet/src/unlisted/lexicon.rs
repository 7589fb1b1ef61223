//! What the word lists say of a word, in one lookup.
//!
//! The recognizer asks of each capitalized word of a corpus whether it is a
//! title, a role, a given name, a common English word, a month, a word of
//! an organization's name, and more: a hash lookup a question made it as
//! slow as matching the gazetteers. Here every list is merged once into one
//! map from a word's key to the set of lists it is on ([`Lex`]); the reader
//! looks each token up once and keeps the answer.
//!
//! The lists stay where they are written and documented (`words` for
//! titles, given names and English words; the recognizer's module for its
//! own), and the flags are computed from their predicates, so the two
//! cannot disagree: a test checks every word of the map.

use super::{
    ABBREVIATIONS, CLAUSE_WORDS, COMPANY_AFTER, FUNCTION_WORDS, MILITIA_BEFORE, NOT_TITLES,
    ORG_WORDS, OUTLET_AFTER_LOWER, OUTLET_AFTER_LOWER_TWO, PLACE_AFTER_LOWER,
    PLACE_AFTER_LOWER_TWO, ROLES, STATE_FORCES,
};
use crate::gazetteer::words;
use rustc_hash::FxHashMap;
use std::ops::BitOr;
use std::sync::OnceLock;

/// `Abu Nour`, `Umm Kulthum`: a kunya starts a name.
pub(super) const KUNYAS: &[&str] = &["abu", "abou", "umm", "um"];

pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The lists a word (a normalized key) is on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Lex(u32);

impl Lex {
    /// [`words::is_title`]: `general`, `ayatollah`.
    pub const TITLE: Lex = Lex(1);
    /// [`ROLES`]: `director`, `spokesman`.
    pub const ROLE: Lex = Lex(1 << 1);
    /// [`NOT_TITLES`]: `former`, `deputy`.
    pub const NOT_TITLE: Lex = Lex(1 << 2);
    /// [`FUNCTION_WORDS`]: `an`, `many`.
    pub const FUNCTION: Lex = Lex(1 << 3);
    /// [`words::is_any_given_name`]: `andrej`, `mark`.
    pub const GIVEN: Lex = Lex(1 << 4);
    /// [`words::is_frequent_given_name`]: `hussein`.
    pub const FREQUENT_GIVEN: Lex = Lex(1 << 5);
    /// [`words::is_english_word`]: `republic`, `will`.
    pub const ENGLISH: Lex = Lex(1 << 6);
    /// [`words::is_month`].
    pub const MONTH: Lex = Lex(1 << 7);
    /// A day of the week.
    pub const WEEKDAY: Lex = Lex(1 << 8);
    /// [`ORG_WORDS`]: `street`, `group`.
    pub const ORG: Lex = Lex(1 << 9);
    /// [`COMPANY_AFTER`], in any case: `co`, `inc`.
    pub const COMPANY: Lex = Lex(1 << 10);
    /// [`ABBREVIATIONS`], in any case: `gen`, `dr`.
    pub const ABBREVIATION: Lex = Lex(1 << 11);
    /// A kunya: `abu`, `umm`.
    pub const KUNYA: Lex = Lex(1 << 12);
    /// [`STATE_FORCES`]: `army`, `police`.
    pub const STATE_FORCE: Lex = Lex(1 << 13);
    /// [`MILITIA_BEFORE`]: `kataib`, `liwa`.
    pub const MILITIA_BEFORE: Lex = Lex(1 << 14);
    /// [`CLAUSE_WORDS`]: `on`, `said`.
    pub const CLAUSE: Lex = Lex(1 << 15);
    /// The first word of a descriptive phrase in lowercase after a name
    /// ([`descriptive_firsts`]): `province`, `border`, `news`.
    pub const DESCRIPTIVE: Lex = Lex(1 << 16);
    /// Not looked up yet (no word is on every list).
    pub const UNKNOWN: Lex = Lex(u32::MAX);

    /// Is the word on any of the lists of `flags`?
    #[inline]
    pub fn any(self, flags: Lex) -> bool {
        self.0 & flags.0 != 0
    }
}

impl std::ops::BitAnd for Lex {
    type Output = Lex;
    fn bitand(self, other: Lex) -> Lex {
        Lex(self.0 & other.0)
    }
}

impl BitOr for Lex {
    type Output = Lex;
    fn bitor(self, other: Lex) -> Lex {
        Lex(self.0 | other.0)
    }
}

/// The lists `key` is on, from their own predicates.
#[cfg(test)]
fn flags_of(key: &str) -> Lex {
    let on = |yes: bool, flag: Lex| if yes { flag } else { Lex::default() };
    let any_case = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(key));
    on(words::is_title(key), Lex::TITLE)
        | on(ROLES.contains(&key), Lex::ROLE)
        | on(NOT_TITLES.contains(&key), Lex::NOT_TITLE)
        | on(FUNCTION_WORDS.contains(&key), Lex::FUNCTION)
        | on(words::is_any_given_name(key), Lex::GIVEN)
        | on(words::is_frequent_given_name(key), Lex::FREQUENT_GIVEN)
        | on(words::is_english_word(key), Lex::ENGLISH)
        | on(words::is_month(key), Lex::MONTH)
        | on(WEEKDAYS.contains(&key), Lex::WEEKDAY)
        | on(ORG_WORDS.contains(&key), Lex::ORG)
        | on(any_case(COMPANY_AFTER), Lex::COMPANY)
        | on(any_case(ABBREVIATIONS), Lex::ABBREVIATION)
        | on(KUNYAS.contains(&key), Lex::KUNYA)
        | on(STATE_FORCES.contains(&key), Lex::STATE_FORCE)
        | on(MILITIA_BEFORE.contains(&key), Lex::MILITIA_BEFORE)
        | on(CLAUSE_WORDS.contains(&key), Lex::CLAUSE)
        | on(descriptive_firsts().any(|w| w == key), Lex::DESCRIPTIVE)
}

/// The first words of the descriptive words and pairs of words in
/// lowercase after a name (`province`, `border` of `border crossing`,
/// `news` of `news agency`).
fn descriptive_firsts() -> impl Iterator<Item = &'static str> {
    PLACE_AFTER_LOWER
        .iter()
        .chain(OUTLET_AFTER_LOWER)
        .copied()
        .chain(
            PLACE_AFTER_LOWER_TWO
                .iter()
                .chain(OUTLET_AFTER_LOWER_TWO)
                .map(|(first, _)| *first),
        )
}

/// Every word on some list: the keys of the map.
#[cfg(test)]
fn every_word() -> impl Iterator<Item = String> {
    let lower = |w: &&str| w.to_ascii_lowercase();
    words::listed_words()
        .map(str::to_string)
        .chain(ROLES.iter().map(lower))
        .chain(NOT_TITLES.iter().map(lower))
        .chain(FUNCTION_WORDS.iter().map(lower))
        .chain(ORG_WORDS.iter().map(lower))
        .chain(COMPANY_AFTER.iter().map(lower))
        .chain(ABBREVIATIONS.iter().map(lower))
        .chain(STATE_FORCES.iter().map(lower))
        .chain(MILITIA_BEFORE.iter().map(lower))
        .chain(CLAUSE_WORDS.iter().map(lower))
        .chain(KUNYAS.iter().map(lower))
        .chain(WEEKDAYS.iter().map(lower))
        .chain(descriptive_firsts().map(str::to_string))
}

/// The map, by key. A key of up to [`SLOT_KEY`] bytes (nearly every word)
/// is looked up as one `u128`, its bytes: hashed in two multiplications and
/// compared in one, where a string key costs a hash over its bytes and a
/// call to `memcmp`, which is what a lookup spent most on.
struct Map {
    short: Slots,
    long: FxHashMap<Box<str>, Lex>,
}

/// The longest key kept in [`Slots`]: its flags take the three bytes left
/// of a `u128`.
const SLOT_KEY: usize = 13;
const KEY_BITS: u32 = 8 * SLOT_KEY as u32;
const KEY_MASK: u128 = (1 << KEY_BITS) - 1;
// Every flag fits in the bytes above a key.
const _: () = assert!(Lex::DESCRIPTIVE.0 < 1 << (128 - KEY_BITS));

/// The short keys and their flags, one `u128` a key (its bytes, and its
/// flags above them), in a table of open addressing; 0 is an empty slot.
///
/// Why not a hash map of `u128` to [`Lex`]: a pair took 32 bytes there, so
/// the 60,000 words took 4 MB, more than a core's cache, and a lookup was
/// about one miss of it (a tenth of a microsecond, more than the rest of a
/// lookup). At 16 bytes a key and 5/8 full, the table takes 1.5 MB, and
/// the slots probed after the first are mostly in its cache line.
struct Slots {
    slots: Box<[u128]>,
}

impl Slots {
    /// The table of `entries` (packed keys of at most [`SLOT_KEY`] bytes,
    /// none empty, each once).
    fn new(entries: &[(u128, Lex)]) -> Slots {
        let n = (entries.len() * 8 / 5).max(8);
        let mut slots = vec![0u128; n].into_boxed_slice();
        for &(key, lex) in entries {
            debug_assert!(key != 0 && key & !KEY_MASK == 0);
            let mut i = Self::home(key, n);
            while slots[i] != 0 {
                i = if i + 1 == n { 0 } else { i + 1 };
            }
            slots[i] = key | u128::from(lex.0) << KEY_BITS;
        }
        Slots { slots }
    }

    /// The packed keys and their flags.
    fn entries(&self) -> impl Iterator<Item = (u128, Lex)> + '_ {
        self.slots
            .iter()
            .filter(|&&slot| slot != 0)
            .map(|&slot| (slot & KEY_MASK, Lex((slot >> KEY_BITS) as u32)))
    }

    /// The first slot probed for `key` in a table of `n` slots.
    #[inline]
    fn home(key: u128, n: usize) -> usize {
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        let h = (lo ^ hi.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xd6e8_feb8_6659_fd93);
        // The high bits of the product, which every bit of the key moves:
        // a slot in `0..n` without a division.
        ((u128::from(h) * n as u128) >> 64) as usize
    }

    #[inline]
    fn get(&self, key: u128) -> Option<Lex> {
        if key == 0 {
            return None;
        }
        let n = self.slots.len();
        let mut i = Self::home(key, n);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            if slot & KEY_MASK == key {
                return Some(Lex((slot >> KEY_BITS) as u32));
            }
            i = if i + 1 == n { 0 } else { i + 1 };
        }
    }
}

/// The bytes of a key of at most 16 bytes and no NUL, in one number (the
/// zeros after a short key are no byte of it).
///
/// Read as two words of eight bytes, each loaded at once, and checked for
/// a NUL a word at a time: a copy into a buffer and a search for NUL of a
/// length known only at run time were calls to `memcpy` and `memchr`, a
/// good part of a lookup.
#[inline]
fn packed(key: &str) -> Option<u128> {
    let b = key.as_bytes();
    let n = b.len();
    if n > 16 {
        return None;
    }
    // The first eight bytes (fewer, zeros after them), and the rest.
    let (lo, hi) = if n >= 8 {
        let lo = u64::from_le_bytes(b[..8].try_into().ok()?);
        // The last eight bytes, moved down past those of `lo` they repeat.
        let last = u64::from_le_bytes(b[n - 8..].try_into().ok()?);
        (lo, last.checked_shr(8 * (16 - n) as u32).unwrap_or(0))
    } else if n >= 4 {
        // Two loads of four bytes, overlapping where `n < 8`: the bytes they
        // share are the same.
        let first = u32::from_le_bytes(b[..4].try_into().ok()?);
        let last = u32::from_le_bytes(b[n - 4..].try_into().ok()?);
        (u64::from(first) | u64::from(last) << (8 * (n - 4)), 0)
    } else if n > 0 {
        let byte = |i: usize| u64::from(b[i]) << (8 * i);
        (byte(0) | byte(n / 2) | byte(n - 1), 0)
    } else {
        (0, 0)
    };
    // Every byte of the key (the padding set) is non-zero.
    let full = |x: u64, len: usize| {
        let pad = u64::MAX.checked_shl(8 * len as u32).unwrap_or(0);
        !has_zero_byte(x | pad)
    };
    let ok = if n >= 8 {
        full(lo, 8) && full(hi, n - 8)
    } else {
        full(lo, n)
    };
    ok.then(|| u128::from(lo) | (u128::from(hi) << 64))
}

/// Has `x` a zero byte?
#[inline]
fn has_zero_byte(x: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

impl Map {
    fn get(&self, key: &str) -> Option<Lex> {
        match Self::slot_key(key) {
            Some(k) => self.short.get(k),
            None => self.long.get(key).copied(),
        }
    }

    /// The packed key of `key` if it is one of [`Slots`] (at most
    /// [`SLOT_KEY`] bytes, not empty, no NUL).
    #[inline]
    fn slot_key(key: &str) -> Option<u128> {
        if key.is_empty() || key.len() > SLOT_KEY {
            return None;
        }
        packed(key)
    }

    /// The map of `entries`, each key once.
    fn new(entries: impl IntoIterator<Item = (Box<str>, Lex)>) -> Map {
        let mut short = Vec::new();
        let mut long = FxHashMap::default();
        for (k, v) in entries {
            match Self::slot_key(&k) {
                Some(p) => short.push((p, v)),
                None => {
                    long.insert(k, v);
                }
            }
        }
        Map {
            short: Slots::new(&short),
            long,
        }
    }
}

fn map() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(|| Map::new(by_key()))
}

fn by_key() -> FxHashMap<Box<str>, Lex> {
    // The words of the large lists by their predicates (hash lookups);
    // the small lists by walking them: [`flags_of`] on every word
    // would compare each with every word of the small lists.
    let mut map: FxHashMap<Box<str>, Lex> = FxHashMap::default();
    for w in words::listed_words() {
        let on = |yes: bool, flag: Lex| if yes { flag } else { Lex::default() };
        let flags = on(words::is_title(w), Lex::TITLE)
            | on(words::is_any_given_name(w), Lex::GIVEN)
            | on(words::is_frequent_given_name(w), Lex::FREQUENT_GIVEN)
            | on(words::is_english_word(w), Lex::ENGLISH)
            | on(words::is_month(w), Lex::MONTH);
        if flags != Lex::default() {
            *map.entry(w.into()).or_default() = flags;
        }
    }
    let small: [(&[&str], Lex); 11] = [
        (ROLES, Lex::ROLE),
        (NOT_TITLES, Lex::NOT_TITLE),
        (FUNCTION_WORDS, Lex::FUNCTION),
        (ORG_WORDS, Lex::ORG),
        (COMPANY_AFTER, Lex::COMPANY),
        (ABBREVIATIONS, Lex::ABBREVIATION),
        (STATE_FORCES, Lex::STATE_FORCE),
        (MILITIA_BEFORE, Lex::MILITIA_BEFORE),
        (CLAUSE_WORDS, Lex::CLAUSE),
        (KUNYAS, Lex::KUNYA),
        (WEEKDAYS, Lex::WEEKDAY),
    ];
    for w in descriptive_firsts() {
        let entry = map.entry(w.into()).or_default();
        *entry = *entry | Lex::DESCRIPTIVE;
    }
    for (list, flag) in small {
        for w in list {
            // The words of the lists match as the predicates do: the
            // company words and abbreviations in any case, the others
            // as written (in lowercase).
            let key = if matches!(flag, Lex::COMPANY | Lex::ABBREVIATION) {
                w.to_ascii_lowercase()
            } else {
                w.to_string()
            };
            let entry = map.entry(key.into_boxed_str()).or_default();
            *entry = *entry | flag;
        }
    }
    map
}

/// Makes the maps of [`lex`] and [`context`] now (see [`super::warm`]).
pub(super) fn warm() {
    context("");
}

/// The lists `key` (a lowercase key) is on; none for a word on no list.
#[inline]
pub(super) fn lex(key: &str) -> Lex {
    map().get(key).unwrap_or_default()
}

/// The lists asked of the lowercase words beside a name: the word before
/// it (a title, a role: `spokesman Ali Hassan`, `former`) and the word after
/// it (the first of a descriptive phrase: `province`, `news agency`).
pub(super) const CONTEXT: Lex =
    Lex(Lex::TITLE.0 | Lex::ABBREVIATION.0 | Lex::ROLE.0 | Lex::NOT_TITLE.0 | Lex::DESCRIPTIVE.0);

/// [`lex`] for the lists of [`CONTEXT`] only (`lex(key) & CONTEXT`), from a
/// map of the few hundred words on them.
///
/// Why: the reader asks of the word before and the word after nearly every
/// run of capitalized words, and these are the commonest words of a text
/// (`the`, `in`, `said`). In the full map (60,000 words, 4 MB) each question
/// cost one or two cache misses; the small map stays in the cache.
#[inline]
pub(super) fn context(key: &str) -> Lex {
    static SMALL: OnceLock<Map> = OnceLock::new();
    let small = SMALL.get_or_init(|| {
        let full = map();
        let short: Vec<(u128, Lex)> = full
            .short
            .entries()
            .filter(|(_, l)| l.any(CONTEXT))
            .map(|(k, l)| (k, l & CONTEXT))
            .collect();
        Map {
            short: Slots::new(&short),
            long: full
                .long
                .iter()
                .filter(|(_, l)| l.any(CONTEXT))
                .map(|(k, &l)| (k.clone(), l & CONTEXT))
                .collect(),
        }
    });
    small.get(key).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key packed is its bytes and zeros after them, and a key with a NUL
    /// is not packed, at every length.
    #[test]
    fn packed_keys_are_their_bytes() {
        let naive = |key: &str| {
            let b = key.as_bytes();
            let mut buf = [0u8; 16];
            (b.len() <= 16 && !b.contains(&0)).then(|| {
                buf[..b.len()].copy_from_slice(b);
                u128::from_le_bytes(buf)
            })
        };
        let letters = "abcdefghijklmnopqrs";
        for n in 0..=letters.len() {
            let key = &letters[..n];
            assert_eq!(packed(key), naive(key), "{key}");
            for at in 0..n {
                let mut with_nul = key.to_string().into_bytes();
                with_nul[at] = 0;
                let with_nul = String::from_utf8(with_nul).unwrap();
                assert_eq!(packed(&with_nul), None, "{with_nul:?}");
            }
        }
        for key in ["ʿAlī", "zākhū", "qāʾānī-ḥusayn"] {
            assert_eq!(packed(key), naive(key), "{key}");
        }
    }

    /// The map says what the predicates say, of every word on a list and
    /// of words on none.
    #[test]
    fn the_map_is_the_lists() {
        for w in every_word() {
            assert_eq!(lex(&w), flags_of(&w), "{w}");
        }
        // Keys of `SLOT_KEY` bytes and fewer are packed, the longer ones
        // not: both kinds are on the lists.
        assert!(every_word().any(|w| w.len() > SLOT_KEY));
        assert!(every_word().any(|w| w.len() == SLOT_KEY));
        for w in ["zzyzx", "", "lowcock", "Mark"] {
            assert_eq!(lex(w), flags_of(w), "{w}");
            assert_eq!(lex(w), Lex::default(), "{w}");
        }
        assert!(lex("general").any(Lex::TITLE));
        assert!(lex("mark").any(Lex::GIVEN));
        assert!(lex("andrej").any(Lex::GIVEN));
        assert!(lex("ashkan").any(Lex::GIVEN));
        assert!(!lex("august").any(Lex::GIVEN));
        assert!(lex("august").any(Lex::MONTH));
        assert!(lex("street").any(Lex::ORG));
        assert!(lex("inc").any(Lex::COMPANY));
        assert!(lex("gen").any(Lex::ABBREVIATION));
        assert!(lex("will").any(Lex::ENGLISH | Lex::FUNCTION));
    }

    /// The small map says what the full one says of its lists, of every
    /// word, and it is small.
    #[test]
    fn the_context_map_is_the_full_one_restricted() {
        let mut on = 0;
        for w in every_word().chain(["zzyzx", "", "the", "said"].map(String::from)) {
            assert_eq!(context(&w), lex(&w) & CONTEXT, "{w}");
            on += usize::from(context(&w) != Lex::default());
        }
        assert!(context("analyst").any(Lex::ROLE));
        assert!(context("spokesman").any(Lex::TITLE));
        assert!(context("province").any(Lex::DESCRIPTIVE));
        assert!(context("general").any(Lex::TITLE));
        assert!(!context("mark").any(CONTEXT));
        assert!(on > 100 && on < 5_000, "{on} words on the context lists");
    }
}
