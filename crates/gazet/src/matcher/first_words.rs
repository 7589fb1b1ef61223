//! The first words of the keys, as a filter that says of a word of the text
//! whether a walk of the trie from it can find anything.
//!
//! The trie is walked from the start of every word of every text
//! ([`super::Matcher::find_in`]), and with a gazetteer of the world's places
//! most walks go three or four bytes deep before they die: `said`, `gover`,
//! `prote` all start some key. Past the first few bytes each step is a read
//! from a part of the trie that is no longer in the cache, and these reads
//! were most of the walk's time. Yet a key can only be found where the
//! text's word is the key's first word (the key goes on past it) or the key
//! itself (a one-word key), or, for a possessive (`Irans`, `Iran’s`, whose
//! apostrophe normalization deleted), the key followed by an `s` ([`crate::
//! english::word_span`] takes no other key that ends inside a word). So a
//! word of the text that is none of these, found by one look-up in a table
//! that fits the cache, starts no walk. The same look-up answers most of the
//! words the recognizer of unlisted names asks [`super::Matcher::targets_of`]
//! about, which are no key.
//!
//! The table is a blocked Bloom filter: a first word sets three bits of one
//! 64-bit block, all chosen by one hash, and a word of the text passes if
//! its three bits are set, which one read answers. At sixteen bits a first
//! word, about one word in a hundred that starts no key still walks (a
//! false positive costs the walk it would have cost anyway, never a match).
//! The filter's first form, one bit a word of eight, let one in eight
//! through: on the Tehran Times, of 13.5 million words looked up, 4.85
//! million walked, and 4.12 million with this one (0.95 million walks found
//! a key). A "word" is a run of ASCII letters, digits and `_`, the bytes the
//! matcher's scan treats as one word ([`crate::chars::is_word`] of ASCII).
//!
//! Most of the walks left are from words of grammar that start a few long
//! names (`the`, `to`, `said`: a third of the walks that find nothing). A
//! second filter, of the keys' first two words, cut the walks to 1.2
//! million but not the time: such a walk dies in the first, dense states,
//! which are in the cache, and reading the next word cost as much.

use crate::chars::swar;

/// Is this byte part of an ASCII word (a letter, a digit or `_`), as the
/// matcher's scan reads words?
#[inline]
fn ascii_word(b: u8) -> bool {
    super::find::ASCII_WORD[usize::from(b)]
}

/// The first words of a set of keys (see the module doc).
#[derive(Clone, Debug)]
pub(crate) struct FirstWords {
    /// Blocks of 64 bits; a word whose three bits in its block are not all
    /// set is no key's first word.
    bits: Vec<u64>,
    /// `64 - log2(number of blocks)`: the hash's top bits pick the block.
    shift: u32,
}

impl FirstWords {
    /// The filter for `keys` (normalized).
    pub(crate) fn new<K: AsRef<[u8]>>(keys: &[K]) -> FirstWords {
        let mut firsts: Vec<&[u8]> = keys
            .iter()
            .map(|k| {
                let k = k.as_ref();
                &k[..k.iter().take_while(|&&b| ascii_word(b)).count()]
            })
            .filter(|w| !w.is_empty())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        // Sixteen bits a word, four words a block: about one word in a
        // hundred that starts no key passes, and the table (32 KB for the
        // default gazetteers' 16,000 first words) stays in the cache.
        let blocks = (firsts.len() * 16 / 64).next_power_of_two().max(2);
        let mut filter = FirstWords {
            bits: vec![0; blocks],
            shift: 64 - blocks.trailing_zeros(),
        };
        for w in firsts {
            let (at, mask) = filter.slot(hash_of(w, 0, w.len()));
            filter.bits[at] |= mask;
        }
        filter
    }

    /// The block of a hash (its top bits) and its three bits in the block
    /// (three groups of six bits from the middle of the hash, which the
    /// multiplication mixed best; it mixes the bottom bits least).
    #[inline]
    fn slot(&self, hash: u64) -> (usize, u64) {
        let at = (hash >> self.shift) as usize;
        let mask = 1 << ((hash >> 20) & 63) | 1 << ((hash >> 26) & 63) | 1 << ((hash >> 32) & 63);
        (at, mask)
    }

    #[inline]
    fn has(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        let (at, mask) = self.slot(hash_of(bytes, start, end));
        self.bits[at] & mask == mask
    }

    /// May some key start with the word `bytes[start..end]` (a whole run of
    /// ASCII word bytes, as the text has it) and be found there? False
    /// means no key is this word, starts with it and goes on with a byte
    /// that is no ASCII word byte, or is this word less a possessive `s`.
    /// The word is read in place: the bytes after it may be read, not used.
    #[inline]
    pub(crate) fn may_start(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        self.has(bytes, start, end)
            || (end - start > 1 && bytes[end - 1] == b's' && self.has(bytes, start, end - 1))
    }

    /// May `key` (a whole normalized key) be one of the keys? False when
    /// its first word is no key's first word.
    #[inline]
    pub(crate) fn may_hold(&self, key: &[u8]) -> bool {
        let n = key.iter().take_while(|&&b| ascii_word(b)).count();
        n == 0 || self.may_start(key, 0, n)
    }

    /// Heap bytes used.
    pub(crate) fn memory_usage(&self) -> usize {
        self.bits.capacity() * 8
    }
}

/// A hash of the short byte string `bytes[start..end]`, eight bytes at a
/// time: each eight read with one load where `bytes` holds eight from
/// there (the bytes past `end` masked off), so that a word of news costs
/// one load and one multiplication, and no copy.
#[inline]
fn hash_of(bytes: &[u8], start: usize, end: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (end - start) as u64;
    let mut at = start;
    while at < end {
        let n = (end - at).min(8);
        let chunk = match swar::load(bytes, at) {
            Some(x) if n == 8 => x,
            Some(x) => x & ((1u64 << (8 * n)) - 1),
            None => bytes[at..at + n]
                .iter()
                .rev()
                .fold(0u64, |x, &b| x << 8 | u64::from(b)),
        };
        h = (h ^ chunk).wrapping_mul(K);
        at += n;
        if at < end {
            h = h.rotate_left(29);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_words_of_keys_pass() {
        let keys = [
            "al quds",
            "basra",
            "iran",
            "kataib hezbollah",
            "new york",
            "x",
        ];
        let f = FirstWords::new(&keys);
        for w in ["al", "basra", "iran", "kataib", "new", "x"] {
            assert!(f.may_start(w.as_bytes(), 0, w.len()), "{w}");
        }
        // A possessive: the key and an `s`.
        assert!(f.may_start(b"irans", 0, 5));
        assert!(f.may_start(b"xs", 0, 2));
        // In place, whatever is around the word.
        assert!(f.may_start(b"the kataib hezbollah", 4, 10));
        assert!(f.may_start(b"in basra", 3, 8));
        // Whole keys: by their first word.
        for k in keys {
            assert!(f.may_hold(k.as_bytes()), "{k}");
        }
        assert!(f.may_hold("اير".as_bytes()));
    }

    #[test]
    fn most_other_words_do_not() {
        let keys: Vec<String> = (0..1000).map(|i| format!("key{i} town")).collect();
        let f = FirstWords::new(&keys);
        assert!(keys.iter().all(|k| f.may_hold(k.as_bytes())));
        // About one in a hundred passes by a collision, far fewer than the
        // one in eight of a filter of one bit a word of eight.
        let passing = (0..10_000)
            .filter(|i| {
                let w = format!("word{i}");
                f.may_start(w.as_bytes(), 0, w.len())
            })
            .count();
        assert!(passing < 400, "{passing} of 10000 passed");
    }

    proptest::proptest! {
        /// A word hashed in place, with bytes around it, hashes as the
        /// word alone: the text's words meet the keys' first words.
        #[test]
        fn a_word_hashes_the_same_in_place(
            text in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            a in 0usize..40,
            b in 0usize..40,
        ) {
            let (start, end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            let alone = text[start..end].to_vec();
            proptest::prop_assert_eq!(hash_of(&text, start, end), hash_of(&alone, 0, alone.len()));
        }
    }
}
