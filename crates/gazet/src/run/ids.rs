//! The document ids seen so far in a run, to flag a document whose id is not
//! new.
//!
//! This is the one structure of a run that grows with the corpus, so it is
//! kept small: it holds a 64-bit keyed hash of each id, not the id, and the
//! row of `documents.csv` where the id was first seen, 12 bytes a slot in an
//! open-addressing table (linear probing, at most 7/8 full). The table is cut
//! into 256 shards by the hash's top byte, so growing one shard copies 1/256
//! of it and the peak during a resize stays near the table's own size, where
//! one big table would briefly need three times as much.
//!
//! The hash keys are random per process, so no input can be made to collide
//! on purpose. By chance two distinct ids of a run of n documents share a
//! hash with probability about n²/2⁶⁵ (3·10⁻⁶ for ten million documents); the
//! cost of such a collision is one document flagged as a duplicate, and still
//! matched.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// A row too far down to store: reported as an earlier row.
const FAR_ROW: u32 = u32::MAX;

/// See the module documentation.
pub struct SeenIds {
    hasher: RandomState,
    shards: Vec<Shard>,
    rows: u64,
}

/// Where an id was seen before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstSeen {
    /// In this row of `documents.csv` (counting from 1).
    Row(u64),
    /// In a row past 4,294,967,294.
    Earlier,
}

impl Default for SeenIds {
    fn default() -> Self {
        SeenIds::new()
    }
}

impl SeenIds {
    /// An empty set.
    pub fn new() -> SeenIds {
        SeenIds {
            hasher: RandomState::new(),
            shards: (0..256).map(|_| Shard::default()).collect(),
            rows: 0,
        }
    }

    /// Counts one more row with this id (empty for none); returns where the
    /// id was first seen, if it was.
    pub fn check(&mut self, id: &str) -> Option<FirstSeen> {
        self.rows += 1;
        if id.is_empty() {
            return None;
        }
        // 0 marks an empty slot.
        let key = self.hasher.hash_one(id).max(1);
        let row = u32::try_from(self.rows).unwrap_or(FAR_ROW);
        let shard = &mut self.shards[(key >> 56) as usize];
        shard.insert(key, row).map(|r| {
            if r == FAR_ROW {
                FirstSeen::Earlier
            } else {
                FirstSeen::Row(u64::from(r))
            }
        })
    }

    /// Heap bytes held.
    #[cfg(test)]
    pub fn memory_usage(&self) -> usize {
        self.shards.iter().map(|s| s.keys.len() * 12).sum()
    }
}

#[derive(Default)]
struct Shard {
    keys: Vec<u64>,
    rows: Vec<u32>,
    len: usize,
}

impl Shard {
    /// Inserts `key` (not 0) first seen at `row`, or returns the row it was
    /// first seen at.
    fn insert(&mut self, key: u64, row: u32) -> Option<u32> {
        if (self.len + 1) * 8 > self.keys.len() * 7 {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut i = key as usize & mask;
        loop {
            match self.keys[i] {
                0 => {
                    self.keys[i] = key;
                    self.rows[i] = row;
                    self.len += 1;
                    return None;
                }
                k if k == key => return Some(self.rows[i]),
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.keys.len() * 2).max(16);
        let keys = std::mem::replace(&mut self.keys, vec![0; size]);
        let rows = std::mem::replace(&mut self.rows, vec![0; size]);
        self.len = 0;
        for (k, r) in keys.into_iter().zip(rows) {
            if k != 0 {
                self.insert(k, r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_give_the_row_first_seen() {
        let mut s = SeenIds::new();
        assert_eq!(s.check("a"), None);
        assert_eq!(s.check(""), None);
        assert_eq!(s.check("b"), None);
        assert_eq!(s.check("a"), Some(FirstSeen::Row(1)));
        assert_eq!(s.check("b"), Some(FirstSeen::Row(3)));
        assert_eq!(s.check(""), None);
    }

    #[test]
    fn many_ids_survive_growth() {
        let mut s = SeenIds::new();
        for i in 0..100_000 {
            assert_eq!(s.check(&format!("doc-{i}")), None);
        }
        for i in (0..100_000).step_by(997) {
            assert_eq!(
                s.check(&format!("doc-{i}")),
                Some(FirstSeen::Row(i as u64 + 1))
            );
        }
        // 12 bytes a slot, at most 7/8 full, at least half full after growth
        // on average: well under 40 bytes an id.
        assert!(s.memory_usage() < 100_000 * 40, "{}", s.memory_usage());
    }
}
