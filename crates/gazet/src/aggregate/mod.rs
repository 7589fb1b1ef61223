//! Aggregates: the tables a study starts from, counted during the run.
//!
//! A researcher who has a mentions table writes the same code every time:
//! mentions and documents per entity, the spellings of each, and the pairs
//! of entities named together. gazet counts them while it writes the
//! mentions, and writes two more tables at the end of a run:
//!
//! - **entities** (`entities.csv`): one row per entity found, with its
//!   mentions, documents, spellings, match kinds, first and last document
//!   (and date, when a date field is kept);
//! - **co-occurrence** (`cooccurrence.csv`): one row per pair of entities
//!   named in the same document, sentence or paragraph ([`Unit`]), with the
//!   number of each and the first document where they meet.
//!
//! # How datelines count
//!
//! A mention in a dateline (`TEHRAN –`, see [`crate::datelines`]) says where
//! a story was filed, not what it is about: the Tehran Times puts Tehran in
//! nearly every article that way. In the entities table it counts in
//! `mentions` and `documents` like any other, and is counted apart as well
//! (`dateline_mentions`, and `documents_outside_dateline`, the documents
//! that name the entity elsewhere than in the dateline), so a study can keep
//! or drop it. Pairs leave dateline mentions out unless asked
//! ([`AggregateOptions::datelines_in_pairs`]): otherwise every entity of the
//! paper would co-occur with Tehran.
//!
//! # How it is built, and why
//!
//! Counting is split as rendering is (see [`crate::sink`]): each worker
//! thread sums its document into a small [`DocAggregate`] (its distinct
//! entities, their counts and spellings, and the entities of each of its
//! units), and the writing thread adds these, in input order, into the
//! run's [`Aggregates`]. The entities are counted at once; the pairs a
//! block of documents at a time, into a sorted list (`aggregate/pairs.rs` says why).
//! The run's state is then one row per entity and one per pair, and a block
//! never larger than the pairs: it grows with the number of distinct
//! entities and pairs, not with the corpus, so that ten copies of a corpus
//! take the memory of one. Added in input order, the first and last
//! documents, and so the tables, are the same whatever the number of
//! threads.
//!
//! A document that names a great many entities in one unit (a list, a
//! whole book as one document) would make pairs by the million: a unit
//! counts pairs among its [`MAX_UNIT_ENTITIES`] most mentioned entities, and
//! [`Aggregates::capped_units`] says how many units were cut so.

mod dates;
mod pairs;
pub mod tables;

pub use dates::Date;

use crate::gazetteer::Gazetteer;
use crate::mention::{EntityRef, MatchKind, Mention};
use crate::sink::Record;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// The units within which two entities are said to co-occur.
///
/// ```
/// use gazet::aggregate::Unit;
/// assert_eq!(Unit::parse_list("document,sentence")?, [Unit::Document, Unit::Sentence]);
/// assert!(Unit::parse_list("chapter").is_err());
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// The whole document: all its text fields.
    Document,
    /// A sentence (see [`crate::sentences`]), within one field.
    Sentence,
    /// A paragraph, within one field: text between blank lines, or between
    /// line breaks in a field that has no blank line.
    Paragraph,
}

impl Unit {
    /// Every unit, in column order.
    pub const ALL: [Unit; 3] = [Unit::Document, Unit::Sentence, Unit::Paragraph];

    /// The column of the co-occurrence table that counts it (`documents`).
    pub fn column(self) -> &'static str {
        match self {
            Unit::Document => "documents",
            Unit::Sentence => "sentences",
            Unit::Paragraph => "paragraphs",
        }
    }

    /// Its name, as `--cooccur` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Document => "document",
            Unit::Sentence => "sentence",
            Unit::Paragraph => "paragraph",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// A comma-separated list of units, in the order given, each once.
    pub fn parse_list(s: &str) -> Result<Vec<Unit>, crate::Error> {
        let mut units = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let unit = Unit::ALL
                .into_iter()
                .find(|u| u.as_str() == part || u.column() == part)
                .ok_or_else(|| {
                    crate::Error::Usage(format!(
                        "unknown co-occurrence unit {part:?}: expected document, sentence or paragraph"
                    ))
                })?;
            if !units.contains(&unit) {
                units.push(unit);
            }
        }
        if units.is_empty() {
            return Err(crate::Error::Usage(
                "--cooccur needs at least one unit: document, sentence or paragraph".into(),
            ));
        }
        Ok(units)
    }
}

/// The most entities of one unit among which pairs are counted.
pub const MAX_UNIT_ENTITIES: usize = 500;

/// What to count, and how.
///
/// ```
/// let options = gazet::aggregate::AggregateOptions::default();
/// assert_eq!(options.units, [gazet::aggregate::Unit::Document, gazet::aggregate::Unit::Sentence]);
/// assert_eq!(options.min_pairs, 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AggregateOptions {
    /// The units pairs are counted in, one column each; a pair is a row of
    /// the table when it meets [`min_pairs`](Self::min_pairs) in the first.
    pub units: Vec<Unit>,
    /// Leave out pairs met in fewer units (of the first kind) than this.
    pub min_pairs: u64,
    /// Count mentions in datelines in pairs too.
    pub datelines_in_pairs: bool,
    /// The kept field that holds each document's date, if any.
    pub date_field: Option<Arc<str>>,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        AggregateOptions {
            units: vec![Unit::Document, Unit::Sentence],
            min_pairs: 1,
            datelines_in_pairs: false,
            date_field: None,
        }
    }
}

impl AggregateOptions {
    /// The kept field most likely a date, of `keep` (`date`, `published`,
    /// `pubdate`, `published_at`, `timestamp`, `datetime`, `time`), used
    /// when none is named.
    ///
    /// ```
    /// use gazet::aggregate::AggregateOptions;
    /// assert_eq!(AggregateOptions::guess_date_field(&["url".into(), "date".into()]).as_deref(), Some("date"));
    /// assert_eq!(AggregateOptions::guess_date_field(&["url".into()]), None);
    /// ```
    pub fn guess_date_field(keep: &[String]) -> Option<Arc<str>> {
        const NAMES: [&str; 8] = [
            "date",
            "published",
            "pubdate",
            "published_at",
            "publish_date",
            "timestamp",
            "datetime",
            "time",
        ];
        NAMES.iter().find_map(|n| {
            keep.iter()
                .find(|k| k.eq_ignore_ascii_case(n))
                .map(|k| Arc::from(k.as_str()))
        })
    }
}

/// The kinds of match, in the order of the `match_kinds` cells.
const KINDS: [MatchKind; 6] = [
    MatchKind::Exact,
    MatchKind::Normalized,
    MatchKind::Variant,
    MatchKind::Partial,
    MatchKind::Skeleton,
    MatchKind::Unlisted,
];

fn kind_index(k: MatchKind) -> usize {
    KINDS.iter().position(|&x| x == k).unwrap_or(0)
}

/// Which entity: listed (its index in the gazetteer) or unlisted (its id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
enum Key {
    Listed(u32),
    Unlisted(String),
}

/// Which entity one of a document's is.
#[derive(Clone, Debug)]
enum DocKey {
    /// A listed one: its index in the gazetteer.
    Listed(u32),
    /// An unlisted one: its id and canonical name, ranges of
    /// [`DocAggregate::names`], and its type (it has no Wikidata id or
    /// country, see [`EntityRef::Unlisted`]). Not the entity itself: the
    /// document's sums are dropped on the writing thread, and dropping the
    /// last share of an entity there freed its every name there, on
    /// another thread than the one that made them.
    Unlisted {
        id: (u32, u32),
        canonical: (u32, u32),
        kind: crate::gazetteer::EntityType,
    },
}

/// One entity of one document.
#[derive(Clone, Debug)]
struct DocEntity {
    entity: DocKey,
    mentions: u32,
    dateline: u32,
    kinds: [u32; 6],
    /// Its spellings: a range of [`DocAggregate::spellings`].
    spellings: (u32, u32),
}

/// What an entity is (the descriptive cells of its row). Its strings are
/// inline (up to 24 bytes, most ids and names): the end of a run reads
/// them entity after entity in an order of their own (ids to rank them,
/// then the cells of the tables), and a string on the heap of its own was a
/// cache miss each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Info {
    entity_id: CompactString,
    entity_type: CompactString,
    canonical: CompactString,
    wikidata: Option<CompactString>,
    country: Option<CompactString>,
    unlisted: bool,
}

/// One document, summed up for the aggregates on a worker thread.
///
/// ```
/// use gazet::aggregate::{AggregateOptions, Aggregates, DocAggregate};
/// use gazet::sink::Record;
/// let ex = gazet::Extractor::new()?;
/// let doc = gazet::Document::text("a1", "BAGHDAD – Kataib Hezbollah fired on Erbil. Erbil and Baghdad protested.");
/// let result = ex.extract(&doc);
/// let options = AggregateOptions::default();
/// let one = DocAggregate::of(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() }, &options);
/// let mut all = Aggregates::new(options);
/// all.add(ex.gazetteer(), "a1", one);
/// let rows = all.entity_rows();
/// let baghdad = rows.iter().find(|r| r.entity_id == "baghdad").unwrap();
/// assert_eq!((baghdad.mentions, baghdad.dateline_mentions, baghdad.documents_outside_dateline), (2, 1, 1));
/// let pairs = all.pair_rows();
/// let erbil_kh = pairs.iter().find(|p| (p.entity_a, p.entity_b) == ("erbil", "kataib-hezbollah")).unwrap();
/// assert_eq!(erbil_kh.counts(), [1, 1]); // one document, one sentence
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct DocAggregate {
    entities: Vec<DocEntity>,
    /// The spellings of the entities, entity after entity: where each ends
    /// in `text`, and its mentions.
    spellings: Vec<(u32, u32)>,
    /// The spellings, one after the other: a document's parts are a few
    /// allocations, not one per spelling, since they are freed on another
    /// thread than the one that made them (which costs the allocator).
    text: String,
    /// The ids and canonical names of the unlisted entities, one after the
    /// other ([`DocKey::Unlisted`]).
    names: String,
    /// The entities (indices into `entities`) of each unit that names two
    /// or more, unit after unit.
    members: Vec<u32>,
    /// Each such unit: its kind ([`Unit::index`]) and where its entities
    /// end in `members`.
    units: Vec<(u8, u32)>,
    date: Option<Date>,
    /// Units whose entities were cut to [`MAX_UNIT_ENTITIES`].
    capped: u32,
}

impl DocAggregate {
    /// Sums up one document.
    pub fn of(record: &Record<'_>, options: &AggregateOptions) -> DocAggregate {
        // Made at their most (one entity per mention): a few small
        // allocations, not a few more each time one grows.
        let n = record.result.mentions.len();
        let mut index: FxHashMap<EntityKeyRef<'_>, u32> =
            FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut entities: Vec<DocEntity> = Vec::with_capacity(n);
        // The local entity of each mention, and its spelling.
        let mut local: Vec<u32> = Vec::with_capacity(n);
        let mut said: Vec<(u32, u32, &str)> = Vec::with_capacity(n);
        let mut names = String::new();
        for m in &record.result.mentions {
            let key_ref = EntityKeyRef::of(m);
            let i = *index.entry(key_ref).or_insert_with(|| {
                let entity = match &m.entity {
                    EntityRef::Listed(i) => DocKey::Listed(*i),
                    EntityRef::Unlisted(e) => {
                        let mut keep = |s: &str| {
                            let start = names.len() as u32;
                            names.push_str(s);
                            (start, names.len() as u32)
                        };
                        DocKey::Unlisted {
                            id: keep(&e.id),
                            canonical: keep(&e.canonical),
                            kind: e.kind.clone(),
                        }
                    }
                };
                entities.push(DocEntity {
                    entity,
                    mentions: 0,
                    dateline: 0,
                    kinds: [0; 6],
                    spellings: (0, 0),
                });
                (entities.len() - 1) as u32
            });
            local.push(i);
            let e = &mut entities[i as usize];
            e.mentions += 1;
            e.dateline += u32::from(m.dateline);
            e.kinds[kind_index(m.kind)] += 1;
            let surface = record
                .document
                .fields
                .get(m.field)
                .and_then(|f| f.text.get(m.start..m.end))
                .unwrap_or("");
            said.push((i, said.len() as u32, surface));
        }
        let (spellings, text) = spellings_of(&mut said, &mut entities);
        let mut doc = DocAggregate {
            entities,
            spellings,
            text,
            names,
            members: Vec::new(),
            units: Vec::new(),
            date: options.date_field.as_deref().and_then(|name| {
                let v = record.document.keep.iter().find(|(n, _)| **n == *name)?;
                Date::parse_value(&v.1)
            }),
            capped: 0,
        };
        doc.units_of(record, &local, options);
        doc
    }

    /// Lists the entities of each unit that names two or more, for the run
    /// to pair them.
    fn units_of(&mut self, record: &Record<'_>, local: &[u32], options: &AggregateOptions) {
        let mentions = &record.result.mentions;
        let counted: Vec<usize> = (0..mentions.len())
            .filter(|&i| options.datelines_in_pairs || !mentions[i].dateline)
            .collect();
        if counted.len() < 2 {
            return;
        }
        let mut keyed: Vec<((usize, usize), u32)> = Vec::new();
        let mut group: Vec<u32> = Vec::with_capacity(self.entities.len());
        self.members
            .reserve(options.units.len() * counted.len().min(self.entities.len()));
        for &unit in &options.units {
            if unit == Unit::Document {
                // The document's entities are distinct already, and listed
                // in order: those named outside a dateline (or at all).
                group.clear();
                group.extend((0..self.entities.len() as u32).filter(|&e| {
                    let e = &self.entities[e as usize];
                    options.datelines_in_pairs || e.mentions > e.dateline
                }));
                self.push_unit(unit, &mut group);
                continue;
            }
            let paragraphs: Vec<Vec<usize>> = if unit == Unit::Paragraph {
                record
                    .document
                    .fields
                    .iter()
                    .map(|f| paragraph_starts(&f.text))
                    .collect()
            } else {
                Vec::new()
            };
            let key = |i: usize| -> (usize, usize) {
                let m = &mentions[i];
                match unit {
                    Unit::Document => (0, 0),
                    Unit::Sentence => (m.field, m.sentence),
                    Unit::Paragraph => {
                        let starts = paragraphs.get(m.field).map_or(&[][..], Vec::as_slice);
                        (m.field, starts.partition_point(|&s| s <= m.start))
                    }
                }
            };
            keyed.clear();
            keyed.extend(counted.iter().map(|&i| (key(i), local[i])));
            // Mentions come in text order, so this is most often a check
            // that they are sorted (made first: the sort would allocate
            // its buffer before it looked).
            if !keyed.is_sorted_by_key(|&(k, _)| k) {
                keyed.sort_by_key(|&(k, _)| k);
            }
            let mut at = 0;
            while at < keyed.len() {
                let k = keyed[at].0;
                group.clear();
                while at < keyed.len() && keyed[at].0 == k {
                    group.push(keyed[at].1);
                    at += 1;
                }
                group.sort_unstable();
                group.dedup();
                self.push_unit(unit, &mut group);
            }
        }
    }

    /// Adds a unit whose entities are `group` (sorted, each once), when it
    /// names two or more, cut to its [`MAX_UNIT_ENTITIES`] most mentioned.
    fn push_unit(&mut self, unit: Unit, group: &mut Vec<u32>) {
        if group.len() > MAX_UNIT_ENTITIES {
            // Keep the most mentioned (ties: first named).
            group.sort_by_key(|&e| (std::cmp::Reverse(self.entities[e as usize].mentions), e));
            group.truncate(MAX_UNIT_ENTITIES);
            group.sort_unstable();
            self.capped += 1;
        }
        if group.len() >= 2 {
            self.members.extend_from_slice(group);
            self.units
                .push((unit.index() as u8, self.members.len() as u32));
        }
    }
}

/// Each entity's spellings, counted, from its mentions in `said` (entity,
/// order, surface): the spellings one after the other in a string, each
/// with where it ends and its count, an entity's side by side (its
/// [`DocEntity::spellings`]), in the order they first come.
///
/// The mentions are grouped by entity with a sort on numbers, and each
/// surface is compared only with the spellings of its entity seen before
/// (one or two, most often), not sorted among all the document's surfaces
/// (string comparisons were most of what summing a document cost). An
/// entity with more spellings than [`LINEAR_SPELLINGS`] has the rest found
/// in a hash map, so that a document of thousands of variants is not
/// quadratic.
fn spellings_of<'a>(
    said: &mut [(u32, u32, &'a str)],
    entities: &mut [DocEntity],
) -> (Vec<(u32, u32)>, String) {
    said.sort_unstable_by_key(|&(i, order, _)| (i, order));
    let mut spellings: Vec<(u32, u32)> = Vec::with_capacity(said.len());
    let mut text = String::with_capacity(said.iter().map(|(_, _, s)| s.len()).sum());
    // The spellings of the entity at hand, in order, and (past
    // `LINEAR_SPELLINGS`) the index of each.
    let mut distinct: Vec<&'a str> = Vec::new();
    let mut many: FxHashMap<&'a str, usize> = FxHashMap::default();
    let mut at = 0;
    while at < said.len() {
        let i = said[at].0;
        let first = spellings.len();
        distinct.clear();
        many.clear();
        while let Some(&(_, _, surface)) = said.get(at).filter(|x| x.0 == i) {
            at += 1;
            let known = if many.is_empty() {
                distinct.iter().position(|&d| d == surface)
            } else {
                many.get(surface).copied()
            };
            match known.and_then(|k| spellings.get_mut(first + k)) {
                Some(spelling) => spelling.1 += 1,
                None => {
                    text.push_str(surface);
                    spellings.push((text.len() as u32, 1));
                    distinct.push(surface);
                    if distinct.len() > LINEAR_SPELLINGS {
                        if many.is_empty() {
                            many.extend(distinct.iter().enumerate().map(|(k, &d)| (d, k)));
                        } else {
                            many.insert(surface, distinct.len() - 1);
                        }
                    }
                }
            }
        }
        if let Some(e) = entities.get_mut(i as usize) {
            e.spellings = (first as u32, spellings.len() as u32);
        }
    }
    (spellings, text)
}

/// The most spellings of one entity that [`spellings_of`] (in a document)
/// and [`Aggregates::add`] (in the run) compare one by one; past them, a
/// hash map finds them.
const LINEAR_SPELLINGS: usize = 8;

/// The index of each of an entity's spellings in `spellings`.
fn spelling_index(spellings: &[(CompactString, u64)]) -> FxHashMap<Box<str>, u32> {
    spellings
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (Box::from(s.as_str()), i as u32))
        .collect()
}

/// The byte offsets where the paragraphs of a field start after the first:
/// after each blank line, or after each line break when there is no blank
/// line.
fn paragraph_starts(text: &str) -> Vec<usize> {
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        text.split_inclusive('\n')
            .map(|l| {
                let start = at;
                at += l.len();
                (start, l)
            })
            .collect()
    };
    let blank = |l: &str| l.trim().is_empty();
    let has_blank = lines.iter().skip(1).any(|(_, l)| blank(l));
    let mut starts = Vec::new();
    let mut after_break = false;
    for (i, (start, l)) in lines.iter().enumerate() {
        if blank(l) {
            after_break = true;
            continue;
        }
        if i > 0 && (after_break || !has_blank) {
            starts.push(*start);
        }
        after_break = false;
    }
    starts
}

/// The first bytes of an id, as numbers that sort as the bytes do (see
/// [`Aggregates::ranks`]).
type IdKey = [u64; 3];

/// How many bytes of an id an [`IdKey`] holds.
const ID_KEY_BYTES: usize = 24;

/// The [`IdKey`] of `id`: its first [`ID_KEY_BYTES`] bytes, padded with
/// zeros, big-endian. Two ids whose keys differ sort as their keys do; two
/// whose keys are the same must be compared whole.
fn id_key(id: &[u8]) -> IdKey {
    let mut bytes = [0u8; ID_KEY_BYTES];
    let n = id.len().min(ID_KEY_BYTES);
    bytes[..n].copy_from_slice(&id[..n]);
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[8 * i..8 * i + 8]);
        u64::from_be_bytes(w)
    };
    [word(0), word(1), word(2)]
}

/// An entity key that borrows from the mention (no allocation per mention).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum EntityKeyRef<'a> {
    Listed(u32),
    Unlisted(&'a str),
}

impl<'a> EntityKeyRef<'a> {
    fn of(m: &'a Mention) -> EntityKeyRef<'a> {
        match &m.entity {
            EntityRef::Listed(i) => EntityKeyRef::Listed(*i),
            EntityRef::Unlisted(e) => EntityKeyRef::Unlisted(&e.id),
        }
    }
}

/// What the listed entity `i` of `g` is.
fn listed_info(i: u32, g: &Gazetteer) -> Info {
    match g.entities().get(i as usize) {
        Some(e) => Info {
            entity_id: e.id.as_str().into(),
            entity_type: e.kind.as_str().into(),
            canonical: e.canonical.as_str().into(),
            wikidata: e.wikidata.as_deref().map(CompactString::from),
            country: e.country.as_deref().map(CompactString::from),
            unlisted: false,
        },
        // Not an index of `g`: a mention of another gazetteer.
        None => Info {
            entity_id: compact_str::format_compact!("unknown-{i}"),
            entity_type: CompactString::default(),
            canonical: CompactString::default(),
            wikidata: None,
            country: None,
            unlisted: false,
        },
    }
}

/// An entity's counts over the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct EntityStats {
    key: Key,
    /// Boxed: read only for the tables, it would more than double the
    /// size of the counts, which the run reads and grows at each document.
    info: Box<Info>,
    mentions: u64,
    dateline_mentions: u64,
    documents: u64,
    documents_outside_dateline: u64,
    kinds: [u64; 6],
    /// Its spellings and their mentions, inline: compared with those of
    /// each document that names the entity.
    spellings: Vec<(CompactString, u64)>,
    /// Inline (see `compact_str` in the crate's manifest): the last is
    /// written at each document that names the entity.
    first_doc: CompactString,
    last_doc: CompactString,
    first_date: Option<(i32, u8, u8)>,
    last_date: Option<(i32, u8, u8)>,
}

impl EntityStats {
    /// An entity not counted yet, first named in `first_doc`.
    fn new(key: Key, info: Info, first_doc: &str) -> EntityStats {
        EntityStats {
            key,
            info: Box::new(info),
            mentions: 0,
            dateline_mentions: 0,
            documents: 0,
            documents_outside_dateline: 0,
            kinds: [0; 6],
            spellings: Vec::new(),
            first_doc: first_doc.into(),
            last_doc: CompactString::default(),
            first_date: None,
            last_date: None,
        }
    }
}

/// A pair's counts over the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PairStats {
    /// By [`Unit::index`]; saturating (four billion documents or
    /// sentences naming one pair is beyond any corpus).
    counts: [u32; 3],
    /// An index into [`Aggregates::docs`].
    first_doc: u32,
}

/// The run's counts: add each document in input order, then read the rows.
/// See the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Aggregates {
    options: AggregateOptions,
    entities: Vec<EntityStats>,
    /// The index in `entities` of each listed entity (by its index in the
    /// gazetteer) and of each unlisted one (by its id).
    listed: FxHashMap<u32, u32>,
    unlisted: FxHashMap<Box<str>, u32>,
    pairs: pairs::Pairs,
    /// The spellings of each entity with more than [`LINEAR_SPELLINGS`]
    /// (by index into `entities`): the index of each in its `spellings`.
    /// Those with fewer (most) are compared one by one.
    spelling_index: FxHashMap<u32, FxHashMap<Box<str>, u32>>,
    capped: u64,
}

impl Aggregates {
    /// Empty counts.
    pub fn new(options: AggregateOptions) -> Aggregates {
        Aggregates {
            options,
            entities: Vec::new(),
            listed: FxHashMap::default(),
            unlisted: FxHashMap::default(),
            pairs: pairs::Pairs::default(),
            spelling_index: FxHashMap::default(),
            capped: 0,
        }
    }

    /// The options counted with.
    pub fn options(&self) -> &AggregateOptions {
        &self.options
    }

    /// Units whose entities were too many to pair them all (see
    /// [`MAX_UNIT_ENTITIES`]).
    pub fn capped_units(&self) -> u64 {
        self.capped
    }

    /// Distinct entities so far.
    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    /// Distinct pairs so far (before [`AggregateOptions::min_pairs`]).
    pub fn pair_count(&self) -> usize {
        self.pairs.settled().len()
    }

    /// The rows [`Aggregates::pair_rows`] gives, counted without making them.
    pub fn pair_rows_len(&self) -> usize {
        if let Some((rows, _)) = self.pairs.rows(self.first_unit().index()) {
            return rows.partition_point(|(_, _, p)| self.is_row(p));
        }
        let list = self.pairs.settled();
        list.iter().filter(|(_, _, p)| self.is_row(p)).count()
    }

    /// Counts the pairs of the documents added since the last time (they
    /// are counted a block of documents at a time, as the module
    /// documentation says), on the threads of the current rayon pool, and
    /// puts them in the order of the co-occurrence table's rows, in place.
    /// Every method answers the same before and after; the pairs' methods
    /// answer faster after, with nothing left to count or to copy. Call it
    /// once the last document is added: adding more puts the pairs back in
    /// the order they are counted in.
    pub fn finish(&mut self) {
        self.finish_beside(|_, _, _| ());
    }

    /// [`Aggregates::finish`], with `entities` run beside it on the current
    /// rayon pool while the pairs are put in order (the end of a run
    /// renders the entities table meanwhile), given the counts, the
    /// entities in id order and the rank of each in it. The pairs are out
    /// of the counts `entities` is given, which read as having none: it
    /// must read the entities only.
    fn finish_beside<R: Send>(
        &mut self,
        entities: impl FnOnce(&Aggregates, &[u32], &[u32]) -> R + Send,
    ) -> R {
        let mut pairs = std::mem::take(&mut self.pairs);
        let unit = self.first_unit().index();
        let this = &*self;
        // The entities are ranked first, the last pairs counted on their
        // ranks (see `Pairs::order_rows`) while their table is made.
        let (by_id, rank) = this.ranks();
        let ordered = by_id.clone();
        let (out, ()) = rayon::join(
            || entities(this, &by_id, &rank),
            || pairs.order_rows(unit, ordered, &rank),
        );
        self.pairs = pairs;
        out
    }

    /// The entities (indices) in id order, and the rank of each in it: the
    /// co-occurrence table is sorted on the ranks, numbers, not on strings.
    ///
    /// The ids are sorted on their first [`ID_KEY_BYTES`] bytes, read as
    /// numbers, and compared whole only where those are the same: sorting
    /// on the strings themselves read each id from its own allocation at
    /// each comparison, and most ids start alike (`unlisted:person:`).
    fn ranks(&self) -> (Vec<u32>, Vec<u32>) {
        let id = |e: u32| self.entities[e as usize].info.entity_id.as_bytes();
        let mut keyed: Vec<(IdKey, u32)> = (0..self.entities.len() as u32)
            .map(|e| (id_key(id(e)), e))
            .collect();
        keyed.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| id(a.1).cmp(id(b.1)))
                .then(a.1.cmp(&b.1))
        });
        let by_id: Vec<u32> = keyed.into_iter().map(|(_, e)| e).collect();
        let mut rank = vec![0u32; by_id.len()];
        for (r, &e) in by_id.iter().enumerate() {
            rank[e as usize] = r as u32;
        }
        (by_id, rank)
    }

    /// The unit that decides which pairs are rows, and sorts them: the
    /// first of [`AggregateOptions::units`].
    fn first_unit(&self) -> Unit {
        self.options
            .units
            .first()
            .copied()
            .unwrap_or(Unit::Document)
    }

    /// Is a pair a row of the table: met in at least
    /// [`AggregateOptions::min_pairs`] units of the first kind?
    fn is_row(&self, p: &PairStats) -> bool {
        u64::from(p.counts[self.first_unit().index()]) >= self.options.min_pairs.max(1)
    }

    /// Adds the next document (in input order), whose id is `doc_id`; its
    /// mentions index into `gazetteer`.
    pub fn add(&mut self, gazetteer: &Gazetteer, doc_id: &str, doc: DocAggregate) {
        self.capped += u64::from(doc.capped);
        let mut global: Vec<u32> = Vec::with_capacity(doc.entities.len());
        let date = doc.date.map(|d| (d.year, d.month, d.day));
        let name =
            |(start, end): (u32, u32)| doc.names.get(start as usize..end as usize).unwrap_or("");
        for e in &doc.entities {
            let known = match &e.entity {
                DocKey::Listed(i) => self.listed.get(i),
                DocKey::Unlisted { id, .. } => self.unlisted.get(name(*id)),
            };
            let g = match known {
                Some(&g) => g,
                None => {
                    let g = self.entities.len() as u32;
                    let (key, info) = match &e.entity {
                        DocKey::Listed(i) => {
                            self.listed.insert(*i, g);
                            (Key::Listed(*i), listed_info(*i, gazetteer))
                        }
                        DocKey::Unlisted {
                            id,
                            canonical,
                            kind,
                        } => {
                            let id = name(*id);
                            self.unlisted.insert(id.into(), g);
                            let info = Info {
                                entity_id: id.into(),
                                entity_type: kind.as_str().into(),
                                canonical: name(*canonical).into(),
                                wikidata: None,
                                country: None,
                                unlisted: true,
                            };
                            (Key::Unlisted(id.to_string()), info)
                        }
                    };
                    self.entities.push(EntityStats::new(key, info, doc_id));
                    g
                }
            };
            global.push(g);
            let s = &mut self.entities[g as usize];
            s.mentions += u64::from(e.mentions);
            s.dateline_mentions += u64::from(e.dateline);
            s.documents += 1;
            s.documents_outside_dateline += u64::from(e.mentions > e.dateline);
            for (k, n) in s.kinds.iter_mut().zip(e.kinds) {
                *k += u64::from(n);
            }
            let (from, to) = (e.spellings.0 as usize, e.spellings.1 as usize);
            let mut start = match from.checked_sub(1) {
                Some(before) => doc
                    .spellings
                    .get(before)
                    .map_or(0, |&(end, _)| end as usize),
                None => 0,
            };
            for &(end, n) in doc.spellings.get(from..to).unwrap_or(&[]) {
                let spelling = doc.text.get(start..end as usize).unwrap_or("");
                start = end as usize;
                let known = if s.spellings.len() <= LINEAR_SPELLINGS {
                    s.spellings.iter().position(|(x, _)| x == spelling)
                } else {
                    self.spelling_index
                        .get(&g)
                        .and_then(|index| index.get(spelling))
                        .map(|&i| i as usize)
                };
                match known.and_then(|i| s.spellings.get_mut(i)) {
                    Some(known) => known.1 += u64::from(n),
                    None => {
                        s.spellings.push((spelling.into(), u64::from(n)));
                        if s.spellings.len() > LINEAR_SPELLINGS {
                            let index = self.spelling_index.entry(g).or_default();
                            if index.is_empty() {
                                *index = spelling_index(&s.spellings);
                            } else {
                                index.insert(spelling.into(), s.spellings.len() as u32 - 1);
                            }
                        }
                    }
                }
            }
            s.last_doc.clear();
            s.last_doc.push_str(doc_id);
            if let Some(d) = date {
                s.first_date = Some(s.first_date.map_or(d, |f| f.min(d)));
                s.last_date = Some(s.last_date.map_or(d, |l| l.max(d)));
            }
        }
        self.pairs.add(doc_id, &doc.members, &doc.units, &global);
    }

    /// The entities (indices into `entities`) in the order of the entities
    /// table's rows: by mentions (most first), then id, given as `rank`,
    /// each entity's rank in id order ([`Aggregates::ranks`]). Sorted as
    /// numbers (most entities share their count of mentions with many
    /// others, and comparing their ids was a third of what making the
    /// table cost), and the rows made in order: a row is large and moving
    /// rows about in the sort cost more than making them.
    fn entity_order(&self, rank: &[u32]) -> Vec<usize> {
        let mut keys: Vec<(std::cmp::Reverse<u64>, u32, u32)> = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let r = rank.get(i).copied().unwrap_or(u32::MAX);
                (std::cmp::Reverse(e.mentions), r, i as u32)
            })
            .collect();
        keys.sort_unstable();
        keys.into_iter().map(|(_, _, i)| i as usize).collect()
    }

    /// The rows of the entities table: by mentions (most first), then id.
    pub fn entity_rows(&self) -> Vec<EntityRow> {
        self.entity_rows_ranked(&self.ranks().1)
    }

    /// [`Aggregates::entity_rows`], with `rank` the entities' ranks in id
    /// order ([`Aggregates::ranks`]).
    fn entity_rows_ranked(&self, rank: &[u32]) -> Vec<EntityRow> {
        self.entity_order(rank)
            .into_iter()
            .map(|i| {
                let s = &self.entities[i];
                let mut spellings: Vec<(String, u64)> = s
                    .spellings
                    .iter()
                    .map(|(k, n)| (k.to_string(), *n))
                    .collect();
                spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let match_kinds = KINDS
                    .iter()
                    .zip(s.kinds)
                    .filter(|(_, n)| *n > 0)
                    .map(|(k, n)| (k.as_str(), n))
                    .collect();
                let date = |d: Option<(i32, u8, u8)>| {
                    d.map(|(year, month, day)| Date { year, month, day })
                };
                EntityRow {
                    entity_id: s.info.entity_id.to_string(),
                    entity_type: s.info.entity_type.to_string(),
                    canonical: s.info.canonical.to_string(),
                    wikidata: s.info.wikidata.as_deref().map(str::to_string),
                    country: s.info.country.as_deref().map(str::to_string),
                    unlisted: s.info.unlisted,
                    mentions: s.mentions,
                    dateline_mentions: s.dateline_mentions,
                    documents: s.documents,
                    documents_outside_dateline: s.documents_outside_dateline,
                    spellings,
                    match_kinds,
                    first_doc: s.first_doc.to_string(),
                    last_doc: s.last_doc.to_string(),
                    first_date: date(s.first_date),
                    last_date: date(s.last_date),
                }
            })
            .collect()
    }

    /// The rows of the co-occurrence table: the pairs that meet
    /// [`AggregateOptions::min_pairs`] in the first unit, by that count
    /// (most first), then by their ids. `entity_a` sorts before `entity_b`.
    /// The rows are made as they are read: a row is a few numbers until
    /// then.
    pub fn pair_rows(&self) -> PairRows<'_> {
        let n = self.first_unit().index();
        if let Some((rows, by_id)) = self.pairs.rows(n) {
            let len = rows.partition_point(|(_, _, p)| self.is_row(p));
            return PairRows {
                agg: self,
                order: Cow::Borrowed(&rows[..len]),
                by_id: Cow::Borrowed(by_id),
            };
        }
        let (by_id, rank) = self.ranks();
        let list = self.pairs.settled();
        // Made at its full size at once (growing it would copy it and touch
        // twice the memory), and sorted in place.
        let mut order: Vec<pairs::Pair> = Vec::with_capacity(list.len());
        order.extend(list.iter().filter(|(_, _, p)| self.is_row(p)));
        drop(list);
        pairs::sort_into_rows(&mut order, n, &rank);
        PairRows {
            agg: self,
            order: Cow::Owned(order),
            by_id: Cow::Owned(by_id),
        }
    }

    /// The row of the pair of entities `a` and `b` (indices into
    /// `entities`, `a` the smaller id), whose counts are `p`, and which
    /// first met in `first_doc`.
    fn pair_row<'a>(&'a self, a: u32, b: u32, p: PairStats, first_doc: &'a str) -> PairRow<'a> {
        let (ea, eb) = (
            &self.entities[a as usize].info,
            &self.entities[b as usize].info,
        );
        let mut counts = [0; 3];
        for (c, u) in counts.iter_mut().zip(&self.options.units) {
            *c = u64::from(p.counts[u.index()]);
        }
        PairRow {
            entity_a: &ea.entity_id,
            entity_b: &eb.entity_id,
            type_a: &ea.entity_type,
            type_b: &eb.entity_type,
            canonical_a: &ea.canonical,
            canonical_b: &eb.canonical,
            counts,
            units: self.options.units.len(),
            first_doc,
        }
    }

    /// [`Aggregates::settle`], then [`Aggregates::state`]: the pairs are
    /// counted once, not once for the state and again later.
    pub fn settled_state(&mut self) -> AggregatesState {
        self.pairs.settle(false);
        self.state()
    }

    /// The counts as they are, to be stored in a checkpoint.
    pub fn state(&self) -> AggregatesState {
        let list = self.pairs.settled();
        AggregatesState {
            options: self.options.clone(),
            entities: self.entities.clone(),
            docs: self.pairs.docs(),
            pairs: list
                .iter()
                .map(|&(a, b, p)| (a, b, p.counts, p.first_doc))
                .collect(),
            capped: self.capped,
        }
    }

    /// The counts stored by [`Aggregates::state`].
    pub fn from_state(state: AggregatesState) -> Aggregates {
        let (mut listed, mut unlisted) = (FxHashMap::default(), FxHashMap::default());
        for (i, e) in state.entities.iter().enumerate() {
            match &e.key {
                Key::Listed(l) => {
                    listed.insert(*l, i as u32);
                }
                Key::Unlisted(id) => {
                    unlisted.insert(Box::from(id.as_str()), i as u32);
                }
            }
        }
        let spelling_index = state
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.spellings.len() > LINEAR_SPELLINGS)
            .map(|(g, e)| (g as u32, spelling_index(&e.spellings)))
            .collect();
        Aggregates {
            options: state.options,
            entities: state.entities,
            listed,
            unlisted,
            pairs: pairs::Pairs::from_list(
                {
                    let mut list: Vec<pairs::Pair> = state
                        .pairs
                        .into_iter()
                        .map(|(a, b, counts, first_doc)| (a, b, PairStats { counts, first_doc }))
                        .collect();
                    list.sort_unstable_by_key(|&(a, b, _)| (a, b));
                    list.dedup_by_key(|&mut (a, b, _)| (a, b));
                    list
                },
                state.docs,
            ),
            spelling_index,
            capped: state.capped,
        }
    }
}

impl AggregatesState {
    /// Does the state hold together, for a run that wrote `documents`
    /// documents: each pair names two entities of the state, in order, and
    /// a document of its list; no entity is in more documents than that?
    /// A checkpoint edited by hand may not (see
    /// [`crate::run::Checkpoint::load`]).
    pub fn check(&self, documents: u64) -> Result<(), String> {
        let n = self.entities.len() as u64;
        if let Some((a, b, _, d)) = self
            .pairs
            .iter()
            .find(|(a, b, _, d)| a >= b || u64::from(*b) >= n || *d as usize >= self.docs.len())
        {
            return Err(format!(
                "its aggregates have a pair ({a}, {b}, first document {d}) beyond their {n} entities and {} documents",
                self.docs.len()
            ));
        }
        if let Some(e) = self.entities.iter().find(|e| {
            e.documents > documents
                || e.documents_outside_dateline > e.documents
                || e.dateline_mentions > e.mentions
        }) {
            return Err(format!(
                "its aggregates count entity {} in {} documents of {documents}",
                e.info.entity_id, e.documents
            ));
        }
        Ok(())
    }

    /// Are the state's entities those of `gazetteer` and of the run: each
    /// counted once, a listed one under the id the gazetteer gives it, an
    /// unlisted one under its own id, each spelling once? A checkpoint
    /// edited by hand may count an entity twice, or under another's name.
    pub fn check_entities(&self, gazetteer: &Gazetteer) -> Result<(), String> {
        let mut listed = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for e in &self.entities {
            let fits = match &e.key {
                Key::Listed(l) => {
                    listed.insert(*l)
                        && gazetteer
                            .entities()
                            .get(*l as usize)
                            .is_some_and(|g| g.id == e.info.entity_id && !e.info.unlisted)
                }
                Key::Unlisted(id) => *id == e.info.entity_id && e.info.unlisted,
            };
            let mut spellings = std::collections::HashSet::new();
            if !fits
                || !ids.insert(e.info.entity_id.as_str())
                || !e
                    .spellings
                    .iter()
                    .all(|(s, _)| spellings.insert(s.as_str()))
            {
                return Err(format!(
                    "its aggregates count entity {} twice, or under a key that is not its own",
                    e.info.entity_id
                ));
            }
        }
        Ok(())
    }
}

/// The counts of a run at a checkpoint (see [`Aggregates::state`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AggregatesState {
    options: AggregateOptions,
    entities: Vec<EntityStats>,
    /// The ids of the documents where pairs first meet.
    docs: Vec<Box<str>>,
    /// Each pair: its entities, its counts, and its first document (an
    /// index into `docs`).
    pairs: Vec<(u32, u32, [u32; 3], u32)>,
    capped: u64,
}

/// A row of the entities table.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EntityRow {
    /// The entity's id (`unlisted:person:...` for an unlisted one).
    pub entity_id: String,
    /// Its type.
    pub entity_type: String,
    /// Its canonical name.
    pub canonical: String,
    /// Its Wikidata id.
    pub wikidata: Option<String>,
    /// Its country.
    pub country: Option<String>,
    /// Is it a name no gazetteer lists?
    pub unlisted: bool,
    /// Mentions of it, those in datelines included.
    pub mentions: u64,
    /// Of those, in datelines.
    pub dateline_mentions: u64,
    /// Documents naming it.
    pub documents: u64,
    /// Of those, the documents naming it outside their dateline.
    pub documents_outside_dateline: u64,
    /// Its spellings as written, with their counts (most first).
    pub spellings: Vec<(String, u64)>,
    /// Its mentions by match kind.
    pub match_kinds: Vec<(&'static str, u64)>,
    /// The first document naming it, in input order.
    pub first_doc: String,
    /// The last.
    pub last_doc: String,
    /// The earliest date of a document naming it (with a date field).
    pub first_date: Option<Date>,
    /// The latest.
    pub last_date: Option<Date>,
}

/// A row of the co-occurrence table, borrowed from the [`Aggregates`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PairRow<'a> {
    /// One entity's id: the smaller.
    pub entity_a: &'a str,
    /// The other's.
    pub entity_b: &'a str,
    /// The first's type.
    pub type_a: &'a str,
    /// The second's.
    pub type_b: &'a str,
    /// The first's canonical name.
    pub canonical_a: &'a str,
    /// The second's.
    pub canonical_b: &'a str,
    counts: [u64; 3],
    units: usize,
    /// The first document where they meet (in the first unit or any other).
    pub first_doc: &'a str,
}

/// The rows of the co-occurrence table, in order (see
/// [`Aggregates::pair_rows`]).
#[derive(Clone, Debug)]
pub struct PairRows<'a> {
    agg: &'a Aggregates,
    /// The rows: the ranks of their entities in `by_id`, and their counts.
    order: Cow<'a, [pairs::Pair]>,
    /// The entities (indices) in id order.
    by_id: Cow<'a, [u32]>,
}

impl<'a> PairRows<'a> {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Are there none?
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The `i`-th row.
    pub fn get(&self, i: usize) -> Option<PairRow<'a>> {
        let (a, b, p) = self.decode(*self.order.get(i)?);
        Some(self.agg.pair_row(a, b, p, self.first_doc_of(&p)))
    }

    /// The entities (indices) and counts of a row.
    fn decode(&self, (a, b, p): pairs::Pair) -> (u32, u32, PairStats) {
        let entity = |rank: u32| self.by_id.get(rank as usize).copied().unwrap_or(0);
        (entity(a), entity(b), p)
    }

    /// The rows, in order.
    pub fn iter(&self) -> impl Iterator<Item = PairRow<'a>> + '_ {
        self.order.iter().map(|&row| {
            let (a, b, p) = self.decode(row);
            self.agg.pair_row(a, b, p, self.first_doc_of(&p))
        })
    }

    /// The rows in `range` as they are kept: the ranks of their entities
    /// in id order (the smaller first; [`PairRows::by_id`] gives the
    /// entity of each) and their counts.
    fn raw(&self, range: std::ops::Range<usize>) -> &[pairs::Pair] {
        self.order.get(range).unwrap_or(&[])
    }

    /// The entities (indices) in id order: the entity of each rank.
    fn by_id(&self) -> &[u32] {
        &self.by_id
    }

    /// The counts of the units of the run, in order.
    fn counts_of<'p>(&'p self, p: &'p PairStats) -> impl Iterator<Item = u64> + 'p {
        self.agg
            .options
            .units
            .iter()
            .map(|u| u64::from(p.counts[u.index()]))
    }

    /// The first document where a pair meets.
    fn first_doc_of(&self, p: &PairStats) -> &'a str {
        self.agg.pairs.doc(p.first_doc)
    }

    /// The rows in consecutive ranges of `n` (the last may be shorter).
    pub fn ranges(&self, n: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
        let len = self.len();
        (0..len)
            .step_by(n.max(1))
            .map(move |s| s..(s + n.max(1)).min(len))
    }
}

impl PairRow<'_> {
    /// The units naming both, one count per unit of
    /// [`AggregateOptions::units`], in that order.
    pub fn counts(&self) -> &[u64] {
        &self.counts[..self.units]
    }
}

#[cfg(test)]
mod tests;
