//! The run's pairs of entities: a sorted list, brought up to date a block
//! of documents at a time.
//!
//! A corpus makes pair updates by the million (the Tehran Times: 2.7
//! million, into 491,696 pairs). Counted one at a time into a hash map, an
//! update is a cache miss in a table of tens of megabytes, and each time the
//! table grows it is moved again, into memory the kernel must hand over
//! zeroed: on the Tehran Times that was most of what the aggregates cost.
//!
//! So the units of each document (the entities each sentence, paragraph or
//! document names, as indices into the run's entities) are kept as they
//! come, in a [`Block`]. When the block holds as many entities as the list
//! holds pairs (and at the end), its pairs are counted entity by entity, the
//! way a sparse matrix is multiplied by its transpose (Gustavson's
//! algorithm): for each entity, the units that name it, and in them the
//! entities after it, counted into one dense row that stays in cache. The
//! row's pairs come out in order, and the block's pairs are merged into the
//! sorted list in one pass. Every access is in cache or in order.
//!
//! The block never holds more entities than the list holds pairs (past a
//! first [`Pairs::MIN_BLOCK`]), so memory grows with the pairs, not with the
//! corpus. Units are kept in input order, so the first unit of a block that
//! names a pair is the first document where it meets; a pair already listed
//! met earlier.

use super::PairStats;
use std::borrow::Cow;

/// A pair: its entities (indices into the run's, the smaller first) and
/// its counts.
pub(super) type Pair = (u32, u32, PairStats);

/// The run's pairs: those counted, and the units not counted yet.
#[derive(Clone, Debug, Default)]
pub(super) struct Pairs {
    /// Each pair once, in the [`Order`] of `order`.
    list: Vec<Pair>,
    order: Order,
    /// The ids of the documents where pairs first met, each once
    /// ([`PairStats::first_doc`] indexes it).
    docs: Vec<Box<str>>,
    block: Block,
}

/// The order of the list of pairs.
#[derive(Clone, Debug, Default)]
enum Order {
    /// By entities, `(a, b)` with `a < b`: the order blocks are merged in.
    #[default]
    Entities,
    /// The order of the co-occurrence table's rows, put in place at the end
    /// of a run so that the table is read without a copy of the pairs: each
    /// pair's entities replaced by their ranks in `by_id` (the entities in
    /// id order), the smaller first, sorted by their count in unit `unit`
    /// (most first), then by those ranks.
    Rows { unit: usize, by_id: Vec<u32> },
}

/// The units of the documents added since the list was brought up to date.
#[derive(Clone, Debug, Default)]
struct Block {
    /// The entities of each unit (indices into the run's), unit after unit,
    /// each unit's in increasing order.
    members: Vec<u32>,
    units: Vec<BlockUnit>,
    /// The ids of the block's documents, one after the other, and where
    /// each ends.
    doc_ids: String,
    doc_ends: Vec<usize>,
}

/// A unit of a [`Block`].
#[derive(Clone, Copy, Debug)]
struct BlockUnit {
    /// Where its entities end in [`Block::members`].
    end: u32,
    /// Its kind ([`super::Unit::index`]).
    kind: u8,
    /// Its document (an index into [`Block::doc_ends`]).
    doc: u32,
}

/// A pair found in a block: its entities, counts, and the block's document
/// where it first met.
type Found = (u32, u32, [u32; 3], u32);

impl Pairs {
    /// The fewest entities a block holds before it is counted.
    const MIN_BLOCK: usize = 1 << 20;

    /// Pairs counted already: `list` sorted and each pair once, its first
    /// documents indexing `docs`.
    pub(super) fn from_list(list: Vec<Pair>, docs: Vec<Box<str>>) -> Pairs {
        Pairs {
            list,
            order: Order::Entities,
            docs,
            block: Block::default(),
        }
    }

    /// Adds the units of the next document (in input order), `doc_id`:
    /// unit `i` names the entities `members[units[i-1].1..units[i].1]`
    /// (indices into `global`, which gives the run's index of each), and is
    /// of the kind `units[i].0`.
    pub(super) fn add(
        &mut self,
        doc_id: &str,
        members: &[u32],
        units: &[(u8, u32)],
        global: &[u32],
    ) {
        if units.is_empty() {
            return;
        }
        let block = &mut self.block;
        let doc = block.doc_ends.len() as u32;
        block.doc_ids.push_str(doc_id);
        block.doc_ends.push(block.doc_ids.len());
        let mut start = 0;
        for &(kind, end) in units {
            let part = members.get(start..end as usize).unwrap_or(&[]);
            let from = block.members.len();
            block
                .members
                .extend(part.iter().filter_map(|&l| global.get(l as usize)));
            // In the run's order, so that counting reads only the entities
            // after each one (see `Rows::count`).
            block.members[from..].sort_unstable();
            block.units.push(BlockUnit {
                end: block.members.len() as u32,
                kind,
                doc,
            });
            start = end as usize;
        }
        if block.members.len() >= Self::MIN_BLOCK.max(self.list.len()) {
            self.settle(false);
        }
    }

    /// Counts the block into the list; with `parallel`, on the threads of
    /// the current rayon pool.
    pub(super) fn settle(&mut self, parallel: bool) {
        if self.block.units.is_empty() {
            return;
        }
        self.order_by_entities();
        let found = self.block.count(parallel);
        let mut first_doc = Self::first_docs(&mut self.docs, &self.block);
        let list = merge(&self.list, found, &mut first_doc);
        drop(first_doc);
        self.list = list;
        self.block.clear();
    }

    /// Gives each of the block's documents where a pair first met an index
    /// in `docs` (once, the first time it is asked for).
    fn first_docs<'p>(
        docs: &'p mut Vec<Box<str>>,
        block: &'p Block,
    ) -> impl FnMut(u32) -> u32 + 'p {
        let mut doc_index = vec![u32::MAX; block.doc_ends.len()];
        move |d: u32| {
            let index = &mut doc_index[d as usize];
            if *index == u32::MAX {
                docs.push(block.doc_id(d).into());
                *index = (docs.len() - 1) as u32;
            }
            *index
        }
    }

    /// The pairs, sorted: borrowed when the block is empty, counted into a
    /// copy otherwise, where a pair that first met in the block has the
    /// first document `docs.len()` plus its index in the block (see
    /// [`Pairs::doc`]).
    pub(super) fn settled(&self) -> Cow<'_, [Pair]> {
        let list = match &self.order {
            Order::Entities => Cow::Borrowed(&self.list[..]),
            Order::Rows { by_id, .. } => Cow::Owned(by_entities(self.list.clone(), by_id)),
        };
        if self.block.units.is_empty() {
            return list;
        }
        let listed = self.docs.len() as u32;
        Cow::Owned(merge(&list, self.block.count(false), |d| listed + d))
    }

    /// Puts the list back in the order of the entities.
    fn order_by_entities(&mut self) {
        if let Order::Rows { by_id, .. } = std::mem::take(&mut self.order) {
            self.list = by_entities(std::mem::take(&mut self.list), &by_id);
        }
    }

    /// Counts the block on the current rayon pool, and puts the list in
    /// the order of the table's rows (see [`Order::Rows`]) for the count of
    /// `unit`, with `rank` each entity's rank in `by_id`.
    ///
    /// The block is counted on the ranks, so that its pairs come out in
    /// the order of the ranks, and the list (the pairs of earlier blocks)
    /// is put in that order and merged with them: what is left is one
    /// stable pass by count. The end of a run over the Tehran Times (one
    /// block, half a million pairs) so skips copying the pairs into the
    /// list and two of the three passes of [`sort_into_rows`].
    pub(super) fn order_rows(&mut self, unit: usize, by_id: Vec<u32>, rank: &[u32]) {
        let in_order =
            matches!(&self.order, Order::Rows { unit: u, by_id: b } if *u == unit && *b == by_id);
        if in_order && self.block.units.is_empty() {
            return;
        }
        self.order_by_entities();
        let mut listed = std::mem::take(&mut self.list);
        by_ranks(&mut listed, rank);
        // The block's entities renamed by rank (in place: the block is not
        // counted again), so that its pairs come out in the order of the
        // ranks.
        self.block.rename(rank_of(rank));
        let found = self.block.count(true);
        let mut first_doc = Self::first_docs(&mut self.docs, &self.block);
        let parts: Vec<Vec<Pair>> = if listed.is_empty() {
            found
                .into_iter()
                .map(|part| {
                    part.into_iter()
                        .map(|(a, b, counts, doc)| {
                            let first_doc = first_doc(doc);
                            (a, b, PairStats { counts, first_doc })
                        })
                        .collect()
                })
                .collect()
        } else {
            vec![merge(&listed, found, &mut first_doc)]
        };
        drop((listed, first_doc));
        let list = by_count(&parts, unit);
        self.list = list;
        // The block's buffers are not filled again: their memory goes to
        // the table's rendering.
        self.block = Block::default();
        self.order = Order::Rows { unit, by_id };
    }

    /// The list in the order of the table's rows for the count of `unit`,
    /// and the entities by rank, when it is in that order and up to date.
    pub(super) fn rows(&self, unit: usize) -> Option<(&[Pair], &[u32])> {
        match &self.order {
            Order::Rows { unit: u, by_id } if *u == unit && self.block.units.is_empty() => {
                Some((&self.list, by_id))
            }
            _ => None,
        }
    }

    /// The id of a pair's first document ([`PairStats::first_doc`]), of the
    /// list or of [`Pairs::settled`].
    pub(super) fn doc(&self, index: u32) -> &str {
        match index.checked_sub(self.docs.len() as u32) {
            None => self.docs.get(index as usize).map_or("", |d| d),
            Some(d) if (d as usize) < self.block.doc_ends.len() => self.block.doc_id(d),
            Some(_) => "",
        }
    }

    /// The documents the list's pairs first met in
    /// ([`PairStats::first_doc`] indexes them; the block's come after).
    pub(super) fn listed_docs(&self) -> &[Box<str>] {
        &self.docs
    }

    /// The documents [`Pairs::settled`] indexes: the list's, then the
    /// block's.
    pub(super) fn docs(&self) -> Vec<Box<str>> {
        let mut docs = self.docs.clone();
        docs.extend((0..self.block.doc_ends.len() as u32).map(|d| self.block.doc_id(d).into()));
        docs
    }
}

impl Block {
    fn clear(&mut self) {
        // The buffers are kept: the next block fills them again.
        self.members.clear();
        self.units.clear();
        self.doc_ids.clear();
        self.doc_ends.clear();
    }

    /// The id of the block's document `d`.
    fn doc_id(&self, d: u32) -> &str {
        let d = d as usize;
        let start = if d == 0 { 0 } else { self.doc_ends[d - 1] };
        &self.doc_ids[start..self.doc_ends[d]]
    }

    /// Renames the block's entities by `name`, in place, and puts each
    /// unit's in order again.
    fn rename(&mut self, name: impl Fn(u32) -> u32) {
        for e in &mut self.members {
            *e = name(*e);
        }
        let mut start = 0;
        for unit in &self.units {
            let end = unit.end as usize;
            if let Some(part) = self.members.get_mut(start..end) {
                part.sort_unstable();
            }
            start = end;
        }
    }

    /// The block's pairs, sorted, each once, with their counts and the
    /// first document where they meet; with `parallel`, the entities are
    /// shared among the threads of the current rayon pool, each counting
    /// the rows of a range of them. In parts, one after the other (one per
    /// range), read in turn rather than copied into one list: the pairs
    /// of a block are tens of megabytes at the end of a large run.
    fn count(&self, parallel: bool) -> Vec<Vec<Found>> {
        let members = &self.members[..];
        let n = members.iter().max().map_or(0, |&m| m as usize + 1);
        // The units of each entity (a transposed copy of the block), in
        // input order: `units_of[starts[e]..starts[e + 1]]`, each as where
        // the entities after `e` start in it (its entities are sorted, so
        // that counting need not look for `e` again) and end, its kind and
        // document: read in order, entity by entity, rather than each
        // looked up in the block's units, a cache miss each.
        let mut starts = vec![0u32; n + 1];
        for &m in members {
            starts[m as usize + 1] += 1;
        }
        for e in 0..n {
            starts[e + 1] += starts[e];
        }
        let mut fill: Vec<u32> = starts[..n].to_vec();
        let mut units_of = vec![UnitOf::default(); members.len()];
        // What counting each entity's row costs: a step per unit, and one
        // per entity after it there (summed over the entities before it,
        // from the second), for the threads to share the rows evenly.
        let mut cost = vec![0u64; n + 1];
        let mut start = 0;
        for unit in &self.units {
            let end = unit.end as usize;
            let part = members.get(start..end).unwrap_or_default();
            for (at, &m) in (start..).zip(part) {
                let m = m as usize;
                units_of[fill[m] as usize] = UnitOf {
                    after: at as u32 + 1,
                    end: unit.end,
                    doc: unit.doc,
                    kind: u32::from(unit.kind),
                };
                fill[m] += 1;
                cost[m + 1] += (end - at) as u64;
            }
            start = end;
        }
        drop(fill);
        let rows = Rows {
            members,
            starts: &starts,
            units_of: &units_of,
        };
        let threads = if parallel {
            rayon::current_num_threads()
        } else {
            1
        };
        if threads <= 1 {
            return vec![rows.count(0..n, &mut Row::default())];
        }
        // Ranges of entities that cost about as much each, more than there
        // are threads: a thread may join late (the end of a run renders the
        // entities table beside the count), and takes the ranges left.
        for e in 0..n {
            cost[e + 1] += cost[e];
        }
        let parts = (threads * 8) as u64;
        let total = cost[n].max(1);
        let mut cuts = vec![0];
        for p in 1..parts {
            let want = total * p / parts;
            let cut = cost.partition_point(|&c| c < want).min(n);
            if cut > *cuts.last().unwrap_or(&0) {
                cuts.push(cut);
            }
        }
        cuts.push(n);
        cuts.dedup();
        use rayon::prelude::*;
        // A row of counts for each job of the pool, not for each range:
        // each is as long as there are entities, and left empty.
        cuts.par_windows(2)
            .map_init(Row::default, |row, w| rows.count(w[0]..w[1], row))
            .collect()
    }
}

/// A row of counts of [`Rows::count`], kept for the next range of
/// entities.
#[derive(Default)]
struct Row {
    counts: Vec<[u32; 3]>,
    first: Vec<u32>,
    touched: Vec<u32>,
}

/// A unit of a [`Block`] as one of an entity's (see [`Block::count`]).
#[derive(Clone, Copy, Debug, Default)]
struct UnitOf {
    /// Where the entities after the entity start in [`Block::members`],
    /// and where the unit ends.
    after: u32,
    end: u32,
    /// The unit's document (as [`BlockUnit::doc`]).
    doc: u32,
    /// Its kind ([`super::Unit::index`]).
    kind: u32,
}

/// The rows of a block: for each entity, the units that name it.
struct Rows<'b> {
    /// The block's entities, unit after unit, each unit's in order (renamed
    /// by rank at the end of a run: see [`Pairs::order_rows`]).
    members: &'b [u32],
    starts: &'b [u32],
    /// Each unit of each entity, entity after entity (see [`UnitOf`]).
    units_of: &'b [UnitOf],
}

impl Rows<'_> {
    /// The most pairs [`Rows::count`] makes room for at once (24 MB).
    const MOST_RESERVED: usize = 1 << 20;

    /// The pairs whose first entity is in `entities`, sorted.
    fn count(&self, entities: std::ops::Range<usize>, row: &mut Row) -> Vec<Found> {
        let n = self.starts.len() - 1;
        // One row of counts, by the second entity, and where each first met:
        // all zeros between two entities (each count touched is taken).
        if row.counts.len() < n {
            row.counts.resize(n, [0; 3]);
            row.first.resize(n, 0);
        }
        let Row {
            counts: row,
            first,
            touched,
        } = row;
        // Made at once, not grown (each growth copies it into memory the
        // system must hand over): as long as the range's pair updates, the
        // most pairs it can find, up to a bound, as it may find fewer.
        let updates: usize = self
            .units_of
            .get(self.starts[entities.start] as usize..self.starts[entities.end] as usize)
            .unwrap_or_default()
            .iter()
            .map(|u| u.end.saturating_sub(u.after) as usize)
            .sum();
        let mut found: Vec<Found> = Vec::with_capacity(updates.min(Self::MOST_RESERVED));
        for a in entities {
            let units = &self.units_of[self.starts[a] as usize..self.starts[a + 1] as usize];
            for unit in units {
                // A unit's entities are sorted: those after `a` end it.
                let members = self.members.get(unit.after as usize..unit.end as usize);
                let kind = unit.kind as usize;
                for &b in members.unwrap_or_default() {
                    let counts = &mut row[b as usize];
                    if *counts == [0; 3] {
                        touched.push(b);
                        first[b as usize] = unit.doc;
                    }
                    if let Some(c) = counts.get_mut(kind) {
                        *c += 1;
                    }
                }
            }
            touched.sort_unstable();
            for &b in touched.iter() {
                let counts = std::mem::take(&mut row[b as usize]);
                found.push((a as u32, b, counts, first[b as usize]));
            }
            touched.clear();
        }
        found
    }
}

/// Each entity's rank in `rank`; an entity without one (none is, but a rank
/// is looked up, not trusted) comes after every ranked one.
fn rank_of(rank: &[u32]) -> impl Fn(u32) -> u32 + '_ {
    let last = rank.len() as u32;
    move |e| rank.get(e as usize).copied().unwrap_or(last)
}

/// Puts pairs of entities in the order of the table's rows for the count of
/// `unit` (see [`Order::Rows`]), `rank` giving each entity's rank in id
/// order.
///
/// Sorted by counting, not by comparing: three stable passes, by the
/// second rank, the first, then the count (most first), each a histogram
/// and one move of every pair. Half a million pairs sorted by comparison
/// took a seventh of what the aggregates cost a run (the sort is the last
/// thing a run does before it writes the table); by counting, a few
/// instructions a pair a pass. The passes by rank move the pairs through a
/// second buffer of the list's size; the pass by count, into a new list.
pub(super) fn sort_into_rows(list: &mut Vec<Pair>, unit: usize, rank: &[u32]) {
    by_ranks(list, rank);
    *list = by_count(std::slice::from_ref(list), unit);
}

/// Renames the entities of pairs by `rank` (the smaller first), and sorts
/// the pairs by them: two stable passes, by the second rank, then the
/// first.
fn by_ranks(list: &mut [Pair], rank: &[u32]) {
    if list.is_empty() {
        return;
    }
    let last = rank.len() as u32;
    let rank = rank_of(rank);
    for pair in list.iter_mut() {
        let (ra, rb) = (rank(pair.0), rank(pair.1));
        (pair.0, pair.1) = (ra.min(rb), ra.max(rb));
    }
    let mut other = vec![(0, 0, PairStats::default()); list.len()];
    let entities = last as usize + 1;
    counting_pass(list.iter(), &mut other, entities, |p| p.1 as usize);
    counting_pass(other.iter(), list, entities, |p| p.0 as usize);
}

/// The pairs of `parts` (one after the other) in one list, by their count
/// in `unit` (most first), those with the same count in the order they
/// were.
fn by_count(parts: &[Vec<Pair>], unit: usize) -> Vec<Pair> {
    let all = || parts.iter().flatten();
    let len = parts.iter().map(Vec::len).sum();
    let most = all().map(|p| p.2.counts[unit]).max().unwrap_or(0) as usize;
    if most <= MAX_COUNT_BUCKETS {
        let mut sorted = vec![(0, 0, PairStats::default()); len];
        counting_pass(all(), &mut sorted, most + 1, |p| {
            most - p.2.counts[unit] as usize
        });
        sorted
    } else {
        // Counts beyond any histogram worth making: a stable sort keeps the
        // order of the ranks among equal counts.
        let mut sorted: Vec<Pair> = Vec::with_capacity(len);
        sorted.extend(all());
        sorted.sort_by_key(|p| std::cmp::Reverse(p.2.counts[unit]));
        sorted
    }
}

/// The largest count [`sort_into_rows`] sorts by counting (a histogram of
/// four megabytes); a larger one, a pair named together in more than a
/// million units, is sorted by comparison.
const MAX_COUNT_BUCKETS: usize = 1 << 20;

/// Moves the pairs of `from` into `to` (as long), in the order of `key`
/// (less than `buckets`), those with the same key in the order they were.
fn counting_pass<'p>(
    from: impl Iterator<Item = &'p Pair> + Clone,
    to: &mut [Pair],
    buckets: usize,
    key: impl Fn(&Pair) -> usize,
) {
    let mut starts = vec![0u32; buckets + 1];
    for p in from.clone() {
        starts[key(p) + 1] += 1;
    }
    for k in 0..buckets {
        starts[k + 1] += starts[k];
    }
    for p in from {
        let at = &mut starts[key(p)];
        to[*at as usize] = *p;
        *at += 1;
    }
}

/// Adds a block's counts of a pair to the list's.
fn add_counts(into: &mut [u32; 3], counts: [u32; 3]) {
    for (c, n) in into.iter_mut().zip(counts) {
        *c = c.saturating_add(n);
    }
}

/// Pairs in the order of rows (see [`Order::Rows`]) back in the order of
/// their entities.
fn by_entities(mut list: Vec<Pair>, by_id: &[u32]) -> Vec<Pair> {
    let entity = |r: u32| by_id.get(r as usize).copied().unwrap_or(u32::MAX);
    for pair in &mut list {
        let (a, b) = (entity(pair.0), entity(pair.1));
        (pair.0, pair.1) = (a.min(b), a.max(b));
    }
    list.sort_unstable_by_key(|&(a, b, _)| (a, b));
    list
}

/// The pairs of `list` and `found` (both sorted), their counts summed; a
/// pair new to the list has the first document `first_doc` gives for the
/// block's.
fn merge(
    list: &[Pair],
    found: Vec<Vec<Found>>,
    mut first_doc: impl FnMut(u32) -> u32,
) -> Vec<Pair> {
    // Room to grow into, for the pairs of the next block: memory reserved
    // and not written costs nothing (the system gives it when it is
    // written), where growing would copy the list into new memory.
    let found_len: usize = found.iter().map(Vec::len).sum();
    let mut merged: Vec<Pair> = Vec::with_capacity(2 * (list.len() + found_len));
    let mut at = 0;
    for (a, b, counts, doc) in found.into_iter().flatten() {
        while at < list.len() && (list[at].0, list[at].1) < (a, b) {
            merged.push(list[at]);
            at += 1;
        }
        match list.get(at) {
            Some(&(la, lb, mut stats)) if (la, lb) == (a, b) => {
                add_counts(&mut stats.counts, counts);
                merged.push((a, b, stats));
                at += 1;
            }
            _ => merged.push((
                a,
                b,
                PairStats {
                    counts,
                    first_doc: first_doc(doc),
                },
            )),
        }
    }
    merged.extend_from_slice(&list[at..]);
    merged
}
