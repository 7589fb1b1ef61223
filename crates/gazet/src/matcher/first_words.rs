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
//! The table is a Bloom filter with one hash: a bit per hashed first word,
//! about eight bits a word, so about one word in eight that starts no key
//! still walks (a false positive costs the walk it would have cost anyway,
//! never a match). A "word" is a run of ASCII letters, digits and `_`, the
//! bytes the matcher's scan treats as one word ([`chars::is_word`] of ASCII).

/// Is this byte part of an ASCII word (a letter, a digit or `_`)?
#[inline]
fn ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The first words of a set of keys (see the module doc).
#[derive(Clone, Debug)]
pub(crate) struct FirstWords {
    /// One bit per hash value; a word whose bit is clear is no key's first
    /// word.
    bits: Vec<u64>,
    /// `64 - log2(number of bits)`: the hash's top bits index the table.
    shift: u32,
}

impl FirstWords {
    /// The filter for `keys` (normalized).
    pub(crate) fn new<K: AsRef<[u8]>>(keys: &[K]) -> FirstWords {
        // About eight bits a key: at most one word in eight passes wrongly.
        let wanted = (keys.len().max(1) * 8).next_power_of_two().max(64);
        let log = wanted.trailing_zeros();
        let mut filter = FirstWords {
            bits: vec![0; wanted / 64],
            shift: 64 - log,
        };
        for k in keys {
            let k = k.as_ref();
            let n = k.iter().take_while(|&&b| ascii_word(b)).count();
            if n > 0 {
                filter.insert(&k[..n]);
            }
        }
        filter
    }

    fn slot(&self, word: &[u8]) -> (usize, u64) {
        let h = hash(word) >> self.shift;
        ((h / 64) as usize, 1 << (h % 64))
    }

    fn insert(&mut self, word: &[u8]) {
        let (at, bit) = self.slot(word);
        self.bits[at] |= bit;
    }

    /// May some key start with the word `word` (a whole run of ASCII word
    /// bytes, as the text has it) and be found there? False means no key
    /// is this word, starts with it and goes on with a byte that is no
    /// ASCII word byte, or is this word less a possessive `s`.
    #[inline]
    pub(crate) fn may_start(&self, word: &[u8]) -> bool {
        let has = |w: &[u8]| {
            let (at, bit) = self.slot(w);
            self.bits[at] & bit != 0
        };
        has(word) || (word.len() > 1 && word.ends_with(b"s") && has(&word[..word.len() - 1]))
    }

    /// May `key` (a whole normalized key) be one of the keys? False when
    /// its first word is no key's first word.
    #[inline]
    pub(crate) fn may_hold(&self, key: &[u8]) -> bool {
        let n = key.iter().take_while(|&&b| ascii_word(b)).count();
        n == 0 || self.may_start(&key[..n])
    }

    /// Heap bytes used.
    pub(crate) fn memory_usage(&self) -> usize {
        self.bits.capacity() * 8
    }
}

/// A hash of a short byte string: eight bytes at a time, multiplied and
/// folded (the words of news fit in one or two steps).
#[inline]
fn hash(word: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = word.len() as u64;
    let mut rest = word;
    while rest.len() >= 8 {
        let (c, r) = rest.split_at(8);
        h = (h ^ u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .wrapping_mul(K)
            .rotate_left(29);
        rest = r;
    }
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(a)).wrapping_mul(K);
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
            assert!(f.may_start(w.as_bytes()), "{w}");
        }
        // A possessive: the key and an `s`.
        assert!(f.may_start(b"irans"));
        assert!(f.may_start(b"xs"));
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
        assert!(keys
            .iter()
            .all(|k| f.may_start(k.split(' ').next().unwrap().as_bytes())));
        // About one in eight passes by a collision; far fewer than all.
        let passing = (0..10_000)
            .filter(|i| f.may_start(format!("word{i}").as_bytes()))
            .count();
        assert!(passing < 2_500, "{passing} of 10000 passed");
    }
}
