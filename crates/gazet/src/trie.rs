//! A trie of keys, walked anchored from one position of the text.
//!
//! The matcher looks for keys only where a word starts (see
//! [`crate::matcher::Matcher::find_in`]), so it never needs what makes an
//! Aho-Corasick automaton: no failure transitions, no overlapping search, only
//! "which keys start here". This trie answers that and nothing else, and is
//! laid out for it:
//!
//! * States are numbered breadth first, so the children of a state are
//!   consecutive. A deep state is two `u32`s and its children's edge bytes,
//!   sorted and compared eight at a time: about 9 bytes a state, against
//!   several times that in an automaton with failure transitions.
//! * Nearly every walk ends in the first few bytes (a walk from the start of
//!   `the` or `said` dies there), so the first two steps are one lookup in a
//!   table of byte pairs, and the states two and three bytes deep have dense
//!   rows of transitions by byte class, with their key: one read a step.
//! * It is built from the sorted keys in one linear pass: a group of keys
//!   sharing a prefix is a state, and its children are the groups by the next
//!   byte. A gazetteer of 100,000 names compiles in a fraction of a second.

use crate::chars::swar;
use std::fmt;

/// No state: the walk is over.
const DEAD: u32 = u32::MAX;
/// No key ends at this state.
const NO_KEY: u32 = u32::MAX;

/// One state of the trie.
#[derive(Clone, Copy, Debug)]
struct State {
    /// The first child; the children of state `s` are the states from
    /// `states[s].first` to `states[s + 1].first`.
    first: u32,
    /// The key that ends here, or [`NO_KEY`].
    key: u32,
}

/// Why a trie could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrieError {
    /// The keys were not sorted and distinct (at this index).
    Unsorted(usize),
    /// More states than 32-bit state numbers can hold.
    TooLarge,
}

impl fmt::Display for TrieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrieError::Unsorted(i) => write!(f, "key {i} is not after the key before it"),
            TrieError::TooLarge => write!(f, "too many keys: the trie needs over 4 billion states"),
        }
    }
}

impl std::error::Error for TrieError {}

/// The keys, for finding which of them start at a given position.
#[derive(Clone)]
pub struct KeyTrie {
    /// Every state, breadth first, and one past the last (holding the end of
    /// the last state's children).
    states: Vec<State>,
    /// The byte on the edge into each state (0 for the root).
    label: Vec<u8>,
    /// The state after each pair of bytes (`b0 << 8 | b1`), or [`DEAD`].
    pairs: Vec<u32>,
    /// The states two and three bytes deep are `shallow.start..shallow.end`;
    /// their transitions are rows of `dense`, by byte class.
    shallow: std::ops::Range<u32>,
    /// The class of each byte: 0 for a byte no key holds.
    class: [u8; 256],
    /// Number of byte classes, 0 included.
    classes: usize,
    /// For each shallow state, a row of `classes` transitions, then its key.
    dense: Vec<u32>,
    /// The key of one byte, for each byte, or [`NO_KEY`].
    one_byte: [u32; 256],
    /// Bytes some key starts with.
    first_bytes: [bool; 256],
}

impl fmt::Debug for KeyTrie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyTrie")
            .field("states", &(self.states.len() - 1))
            .finish_non_exhaustive()
    }
}

impl KeyTrie {
    /// Builds the trie of `keys`, which must be sorted (bytewise) and
    /// distinct; a key is found by its index in `keys`. An empty key is never
    /// found.
    pub fn new<K: AsRef<[u8]>>(keys: &[K]) -> Result<KeyTrie, TrieError> {
        for (i, w) in keys.windows(2).enumerate() {
            if w[0].as_ref() >= w[1].as_ref() {
                return Err(TrieError::Unsorted(i + 1));
            }
        }
        let key = |i: usize| keys[i].as_ref();
        let id = |n: usize| u32::try_from(n).ok().filter(|&n| n != DEAD);
        // Each state is a range of keys sharing its prefix; the queue holds
        // them breadth first, and a state's number is its place in it.
        let mut queue: Vec<(usize, usize, usize)> = vec![(0, keys.len(), 0)];
        // The states two and three bytes deep, breadth first: one range.
        let (mut shallow_start, mut shallow_end) = (None, 0);
        let mut states: Vec<State> = Vec::new();
        let mut label: Vec<u8> = vec![0];
        let mut next = 0;
        while let Some(&(mut lo, hi, depth)) = queue.get(next) {
            if (2..=3).contains(&depth) {
                shallow_start.get_or_insert(next);
                shallow_end = next + 1;
            }
            next += 1;
            let mut own = NO_KEY;
            // The key equal to the prefix sorts first in its range.
            if lo < hi && key(lo).len() == depth {
                if depth > 0 {
                    own = id(lo).ok_or(TrieError::TooLarge)?;
                }
                lo += 1;
            }
            let first = id(queue.len()).ok_or(TrieError::TooLarge)?;
            states.push(State { first, key: own });
            while lo < hi {
                let b = key(lo)[depth];
                let end = lo + (lo..hi).take_while(|&i| key(i)[depth] == b).count();
                queue.push((lo, end, depth + 1));
                label.push(b);
                lo = end;
            }
        }
        let end = id(queue.len()).ok_or(TrieError::TooLarge)?;
        states.push(State {
            first: end,
            key: NO_KEY,
        });
        // Padding for reading edge bytes eight at a time (see `child`).
        label.extend([0; 8]);
        // Byte classes: one per byte some key holds, and 0 for the rest.
        let mut used = [false; 256];
        for k in keys {
            for &b in k.as_ref() {
                used[usize::from(b)] = true;
            }
        }
        let mut class = [0u8; 256];
        let mut classes = 1;
        for (b, _) in used.iter().enumerate().filter(|&(_, &u)| u) {
            // Past 255 classes a `u8` cannot number them: no dense rows.
            class[b] = u8::try_from(classes).unwrap_or(0);
            classes += 1;
        }
        let shallow = match shallow_start {
            Some(start) if classes <= 256 => {
                id(start).ok_or(TrieError::TooLarge)?..id(shallow_end).ok_or(TrieError::TooLarge)?
            }
            _ => 0..0,
        };
        let mut trie = KeyTrie {
            states,
            label,
            pairs: Vec::new(),
            shallow: 0..0,
            class,
            classes,
            dense: Vec::new(),
            one_byte: [NO_KEY; 256],
            first_bytes: [false; 256],
        };
        let mut pairs = vec![DEAD; 1 << 16];
        for b0 in 0..=255u8 {
            let s0 = trie.child(0, b0);
            if s0 == DEAD {
                continue;
            }
            trie.first_bytes[usize::from(b0)] = true;
            trie.one_byte[usize::from(b0)] = trie.states[s0 as usize].key;
            for b1 in 0..=255u8 {
                pairs[usize::from(b0) << 8 | usize::from(b1)] = trie.child(s0, b1);
            }
        }
        trie.pairs = pairs;
        // Each row ends with the state's key, so a step through a shallow
        // state reads one row and nothing else.
        let mut dense = vec![DEAD; shallow.len() * (classes + 1)];
        for (row, s) in dense.chunks_exact_mut(classes + 1).zip(shallow.clone()) {
            for b in 0..=255u8 {
                let c = usize::from(trie.class[usize::from(b)]);
                if c != 0 {
                    row[c] = trie.child(s, b);
                }
            }
            row[classes] = trie.states[s as usize].key;
        }
        trie.dense = dense;
        trie.shallow = shallow;
        Ok(trie)
    }

    /// Does some key start with this byte?
    #[inline]
    pub fn starts_with(&self, b: u8) -> bool {
        self.first_bytes[usize::from(b)]
    }

    /// The child of state `s` along byte `b`, or [`DEAD`].
    ///
    /// The edge bytes are compared eight at a time, as one `u64`: a loop
    /// over them mispredicted its exit at nearly every step of every walk.
    #[inline]
    fn child(&self, s: u32, b: u8) -> u32 {
        let lo = self.states[s as usize].first as usize;
        let hi = self.states[s as usize + 1].first as usize;
        let mut at = lo;
        // `label` ends in eight bytes of padding, so a load never falls short.
        while at < hi {
            let Some(x) = swar::load(&self.label, at) else {
                break;
            };
            let mut found = swar::equal(x, b);
            if hi - at < 8 {
                found &= (1u64 << (8 * (hi - at))) - 1;
            }
            if found != 0 {
                return (at + (found.trailing_zeros() / 8) as usize) as u32;
            }
            at += 8;
        }
        DEAD
    }

    /// Calls `found(end, key)` for every key that `hay[start..]` starts
    /// with, shortest first.
    #[inline]
    pub fn walk(&self, hay: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
        let Some(&b0) = hay.get(start) else {
            return;
        };
        let k = self.one_byte[usize::from(b0)];
        if k != NO_KEY {
            found(start + 1, k as usize);
        }
        let Some(&b1) = hay.get(start + 1) else {
            return;
        };
        let mut s = self.pairs[usize::from(b0) << 8 | usize::from(b1)];
        let mut end = start + 2;
        while s != DEAD {
            if self.shallow.contains(&s) {
                let row = (s - self.shallow.start) as usize * (self.classes + 1);
                let k = self.dense[row + self.classes];
                if k != NO_KEY {
                    found(end, k as usize);
                }
                let Some(&b) = hay.get(end) else {
                    return;
                };
                s = self.dense[row + usize::from(self.class[usize::from(b)])];
            } else {
                let k = self.states[s as usize].key;
                if k != NO_KEY {
                    found(end, k as usize);
                }
                let Some(&b) = hay.get(end) else {
                    return;
                };
                s = self.child(s, b);
            }
            end += 1;
        }
    }

    /// Number of states.
    pub fn len(&self) -> usize {
        self.states.len() - 1
    }

    /// True when no key is held.
    pub fn is_empty(&self) -> bool {
        self.states.len() <= 2
    }

    /// Heap bytes used.
    pub fn memory_usage(&self) -> usize {
        self.states.capacity() * std::mem::size_of::<State>()
            + self.label.capacity()
            + self.pairs.capacity() * 4
            + self.dense.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starting(trie: &KeyTrie, hay: &str, start: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        trie.walk(hay.as_bytes(), start, |end, k| out.push((end, k)));
        out
    }

    #[test]
    fn finds_every_key_that_starts_here_shortest_first() {
        let keys = ["a", "al", "al quds", "ala", "b", "quds", "quds force"];
        let trie = KeyTrie::new(&keys).unwrap();
        assert_eq!(
            starting(&trie, "al quds force", 0),
            vec![(1, 0), (2, 1), (7, 2)]
        );
        assert_eq!(starting(&trie, "al quds force", 3), vec![(7, 5), (13, 6)]);
        assert_eq!(starting(&trie, "quds forc", 0), vec![(4, 5)]);
        assert_eq!(starting(&trie, "x", 0), vec![]);
        assert_eq!(starting(&trie, "b", 0), vec![(1, 4)]);
        assert_eq!(starting(&trie, "ab", 5), vec![]);
        assert!(trie.starts_with(b'q') && !trie.starts_with(b'z'));
        // The states two and three bytes deep have dense rows: `al`, `qu`,
        // `al `, `ala` and `qud`.
        assert_eq!(trie.shallow.len(), 5);
        assert_eq!(trie.dense.len(), 5 * (trie.classes + 1));
    }

    #[test]
    fn keys_of_every_byte() {
        // 256 distinct bytes are more than a byte class can number: the
        // trie does without dense rows, and still finds every key.
        let keys: Vec<[u8; 3]> = (0..=255u8).map(|b| [b, b'x', b]).collect();
        let trie = KeyTrie::new(&keys).unwrap();
        assert!(trie.shallow.is_empty());
        for b in 0..=255u8 {
            let mut found = Vec::new();
            trie.walk(&[b, b'x', b, b'x'], 0, |end, k| found.push((end, k)));
            assert_eq!(found, vec![(3, usize::from(b))]);
        }
        // 255 of them still fit.
        let trie = KeyTrie::new(&keys[1..]).unwrap();
        assert!(!trie.shallow.is_empty());
        let mut found = Vec::new();
        trie.walk(&[255, b'x', 255], 0, |end, k| found.push((end, k)));
        assert_eq!(found, vec![(3, 254)]);
    }

    #[test]
    fn keys_must_be_sorted_and_distinct() {
        assert_eq!(
            KeyTrie::new(&["b", "a"]).unwrap_err(),
            TrieError::Unsorted(1)
        );
        assert_eq!(
            KeyTrie::new(&["a", "a"]).unwrap_err(),
            TrieError::Unsorted(1)
        );
        let empty: [&str; 0] = [];
        assert!(KeyTrie::new(&empty).unwrap().is_empty());
        // An empty key is held but never found.
        let trie = KeyTrie::new(&["", "a"]).unwrap();
        assert_eq!(starting(&trie, "a", 0), vec![(1, 1)]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The walk finds exactly the keys that the text at `start` starts with.
        #[test]
        fn the_walk_finds_the_keys_that_start_here(
            keys in proptest::collection::btree_set("[ab é]{1,5}", 1..30),
            hay in "[ab é]{0,12}",
        ) {
            let keys: Vec<String> = keys.into_iter().collect();
            let trie = KeyTrie::new(&keys).unwrap();
            for start in 0..hay.len() {
                let mut want: Vec<(usize, usize)> = keys
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| hay.as_bytes()[start..].starts_with(k.as_bytes()))
                    .map(|(i, k)| (start + k.len(), i))
                    .collect();
                want.sort_unstable();
                proptest::prop_assert_eq!(starting(&trie, &hay, start), want);
            }
        }
    }
}
