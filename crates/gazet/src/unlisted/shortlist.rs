//! A filter that answers "not on these short lists" for most words in one
//! table lookup.
//!
//! The rules that read what kind of name a run of capitalized words is
//! (`Ketza River`, `Zindabad TV`, `Camp Speicher`) compare a word with
//! lists of a few dozen words each, for nearly every run of a text, and
//! nearly every word is on none of them. A word's first letter (in either
//! case) and its length, looked up in a table made from the lists at
//! compile time, rule out most words at once; only a word the table lets
//! through is compared with the lists. The table is a filter, not the
//! lists: it may let through a word that is on none (`Rival` has the first
//! letter and length of `River`), never the other way round, so the rules
//! still read the lists and answer exactly as before.

/// Which lengths (1 to 63 bytes; longer ones share bit 63) the words of
/// some lists have, for each first letter (case folded; one slot for every
/// other first byte).
#[derive(Clone, Copy, Debug)]
pub(super) struct Shortlist {
    lengths: [u64; 27],
}

const fn slot(first: u8) -> usize {
    let b = first.to_ascii_lowercase();
    if b.is_ascii_lowercase() {
        (b - b'a') as usize
    } else {
        26
    }
}

const fn bit(len: usize) -> u64 {
    1 << if len < 63 { len } else { 63 }
}

impl Shortlist {
    /// The filter of the words of `lists`.
    pub(super) const fn new(lists: &[&[&str]]) -> Shortlist {
        let mut s = Shortlist { lengths: [0; 27] };
        let mut l = 0;
        while l < lists.len() {
            let mut i = 0;
            while i < lists[l].len() {
                s = s.with(lists[l][i]);
                i += 1;
            }
            l += 1;
        }
        s
    }

    /// This filter and the second words of `pairs`.
    pub(super) const fn with_seconds(mut self, pairs: &[(&str, &str)]) -> Shortlist {
        let mut i = 0;
        while i < pairs.len() {
            self = self.with(pairs[i].1);
            i += 1;
        }
        self
    }

    const fn with(mut self, word: &str) -> Shortlist {
        let b = word.as_bytes();
        if !b.is_empty() {
            self.lengths[slot(b[0])] |= bit(b.len());
        }
        self
    }

    /// May `word` be on the lists? `false` is sure; `true` means compare.
    #[inline]
    pub(super) fn may_hold(&self, word: &str) -> bool {
        let b = word.as_bytes();
        !b.is_empty() && self.lengths[slot(b[0])] & bit(b.len()) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTS: Shortlist =
        Shortlist::new(&[&["River", "TV"], &["kataib"]]).with_seconds(&[("Air", "Base")]);

    #[test]
    fn every_word_of_the_lists_may_be_held_in_either_case() {
        for w in [
            "River", "river", "RIVER", "TV", "tv", "kataib", "Kataib", "Base",
        ] {
            assert!(LISTS.may_hold(w), "{w}");
        }
    }

    #[test]
    fn words_of_other_letters_or_lengths_are_not() {
        // `Air` is a pair's first word, not its second.
        for w in [
            "", "Rive", "Rivers", "Iran", "T", "TVs", "kataibs", "Air", "9th", "ال",
        ] {
            assert!(!LISTS.may_hold(w), "{w}");
        }
        // Same first letter and length: let through, for the lists to say.
        assert!(LISTS.may_hold("Rival"));
    }
}
