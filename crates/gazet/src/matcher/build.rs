//! Compiling a gazetteer into a [`Matcher`], in stages.
//!
//! [`Matcher::new`] is the list of the stages, each a function here:
//!
//! 1. [`generate_variants`]: the transliteration variants of every name, made
//!    in parallel (the costliest stage on a large gazetteer);
//! 2. [`name_targets`]: the keys and targets of each name: the name itself,
//!    the name without its Arabic article, and its variants fit to stand alone;
//! 3. [`add_variants`]: the variants that land on no other entity's name,
//!    added to the keys;
//! 4. [`PatternTable::new`]: the keys sorted into the pattern table the trie is
//!    built from, each key's targets in rank order;
//! 5. [`skeleton_index`]: the names transliterated from Arabic script,
//!    indexed by consonant skeleton;
//! 6. [`given_names`]: each person's given names, which may stand before a
//!    one-word name of theirs (`Qasem` before `Soleimani`) where another
//!    given name makes someone else.
//!
//! Every stage is deterministic given its input, and the keys are sorted
//! before the trie is built: the same gazetteer always compiles to the same
//! matcher, whatever the order of the hash maps on the way.

use super::{CaseMode, GivenNames, KeyRule, MatchOptions, Matcher, Standing, Target};
use crate::article;
use crate::english::{self, fixed_word};
use crate::error::Error;
use crate::gazetteer::{words, EntityType, Gazetteer, NameCase};
use crate::normalize::{self, Case};
use crate::skeleton::{self, SkeletonIndex};
use crate::trie::KeyTrie;
use crate::variants::{self, VariantRules};
use rayon::prelude::*;
use std::collections::HashMap;

/// Every key with the targets it stands for, before sorting.
type ByKey = HashMap<String, Vec<Target>>;

/// For each entity, for each of its names: its variants, with the rules that
/// made them.
type Generated = Vec<Vec<Vec<(String, VariantRules)>>>;

impl Matcher {
    /// Compiles a gazetteer.
    pub fn new(gazetteer: &Gazetteer, options: MatchOptions) -> Result<Matcher, Error> {
        let mut generated = generate_variants(gazetteer, options);
        let (mut by_key, variant_targets) = name_targets(gazetteer, options, &mut generated);
        add_variants(gazetteer, &mut by_key, variant_targets);
        let table = PatternTable::new(by_key);
        // The indexes over the table are made side by side (see
        // `crate::beside`): the trie, the longest to make, on this thread.
        let (trie, (first_words, skeletons, given, outlet_heads)) = crate::beside::beside(
            "gazet-indexes",
            || KeyTrie::new(&table.keys),
            || {
                let skeletons = if options.variants {
                    skeleton_index(gazetteer, &table)
                } else {
                    SkeletonIndex::default()
                };
                (
                    super::first_words::FirstWords::new(&table.keys),
                    skeletons,
                    given_names(gazetteer),
                    outlet_heads(gazetteer),
                )
            },
        );
        let trie = trie.map_err(|e| Error::Build(e.to_string()))?;
        Ok(Matcher {
            first_words,
            trie,
            pattern_targets: table.pattern_targets,
            targets: table.targets,
            keys: table.keys,
            skeletons,
            given,
            outlet_heads,
            options,
        })
    }
}

/// The transliteration variants of each name, generated in parallel: the
/// costliest part of compiling a large gazetteer. Only names matched in any
/// case vary, of entities transliterated from Arabic script
/// ([`variants::transliterated`]), of two words or of six letters or more;
/// never outlets' names, brands spelled as their owners spell them.
fn generate_variants(gazetteer: &Gazetteer, options: MatchOptions) -> Generated {
    gazetteer
        .entities()
        .par_iter()
        .map(|e| {
            e.names
                .iter()
                .map(|name| {
                    let key = normalize::key(&name.text);
                    let long_enough = (key.contains(' ') || key.chars().count() >= 6)
                        && variants::transliterated(e);
                    if options.variants
                        && name.case == NameCase::Any
                        && e.kind != EntityType::Outlet
                        && long_enough
                    {
                        variants::variants(&key)
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        })
        .collect()
}

/// The keys and targets of each name: the name's key, its key without a
/// leading Arabic article (`al-Sudani` → `sudani`), each with the case rules
/// of the name; and, set apart for [`add_variants`], the variants `generated`
/// for it that may stand as keys (of two words or more, or of one word of
/// six letters or more that is no English word or given name). The variants
/// are taken out of `generated`.
fn name_targets(
    gazetteer: &Gazetteer,
    options: MatchOptions,
    generated: &mut Generated,
) -> (ByKey, Vec<(String, Target)>) {
    let mut by_key = ByKey::new();
    let mut variant_targets: Vec<(String, Target)> = Vec::new();
    for (ei, e) in gazetteer.entities().iter().enumerate() {
        for (ni, name) in e.names.iter().enumerate() {
            let key = normalize::key(&name.text);
            if key.is_empty() {
                continue;
            }
            let (checked, exact) = match options.case {
                CaseMode::Auto => (name.case != NameCase::Any, false),
                CaseMode::Insensitive => (false, false),
                CaseMode::Sensitive => (true, true),
            };
            let common_word = options.case == CaseMode::Auto && name.case == NameCase::Cased;
            let surname_only = options.possessive && !key.contains(' ');
            let person = e.kind == EntityType::Person;
            let standing = match e.kind {
                EntityType::Person => Standing::Person,
                EntityType::Place => Standing::Place,
                EntityType::Outlet => Standing::Outlet,
                _ => Standing::Other,
            };
            let capitalized = name.text.chars().any(char::is_uppercase);
            let apostrophe_s = english::ends_with_apostrophe_s(&name.text);
            let given_name_like = options.possessive
                && e.kind != EntityType::Person
                && !key.contains(' ')
                && (words::is_given_name(&key) || words::is_first_name(&key));
            let cased =
                checked.then(|| normalize::key_with(&name.text, Case::Keep).into_boxed_str());
            let mut add = |key: String, rule: KeyRule, cased: Option<Box<str>>| {
                let list = by_key.entry(key).or_default();
                if !list.iter().any(|t| {
                    t.entity == ei as u32 && t.rule.rank() <= rule.rank() && t.cased == cased
                }) {
                    list.push(Target {
                        entity: ei as u32,
                        name: ni as u32,
                        rule,
                        cased,
                        exact,
                        common_word,
                        surname_only,
                        person,
                        standing,
                        given_name_like,
                        capitalized,
                        apostrophe_s,
                        variant: None,
                    });
                }
            };
            if options.article
                && e.kind != EntityType::Outlet
                && article::written_with_article(&name.text)
                && let Some(rest) = article::strip_article(&key)
                && rest.chars().count() >= 4
            {
                let cased_rest = cased
                    .as_deref()
                    .and_then(|c| c.split_once(' '))
                    .map(|(_, r)| r.into());
                add(rest.to_string(), KeyRule::ArticleDropped, cased_rest);
            }
            // An outlet named with its medium's short word is named with
            // the whole word too (`Al-Hadath TV`: `Al-Hadath television`,
            // `Al-Hadath channel`, whose lowercase word the span leaves
            // out), where its bare name is not listed (a Beirut suburb).
            if e.kind == EntityType::Outlet
                && let Some(head) = key.strip_suffix(" tv")
                && head.chars().count() >= 3
            {
                let cased_head = cased.as_deref().map(|c| c.strip_suffix(" TV"));
                if cased_head != Some(None) {
                    for medium in ["television", "channel"] {
                        let cased = cased_head.flatten().map(|h| format!("{h} {medium}").into());
                        add(format!("{head} {medium}"), KeyRule::Name, cased);
                    }
                }
            }
            // None for outlets, which are brands spelled as their owners
            // spell them, and other names left alone (see `generate_variants`).
            for (v, rule) in std::mem::take(&mut generated[ei][ni]) {
                let single = !v.contains(' ');
                let letters = v.chars().filter(|c| c.is_alphabetic()).count();
                if single && (letters < 6 || words::is_english_word(&v) || words::is_given_name(&v))
                {
                    continue;
                }
                variant_targets.push((
                    v,
                    Target {
                        entity: ei as u32,
                        name: ni as u32,
                        rule: KeyRule::Variant,
                        cased: None,
                        exact: false,
                        common_word: false,
                        surname_only,
                        person,
                        standing,
                        given_name_like: false,
                        capitalized: true,
                        apostrophe_s,
                        variant: Some(rule),
                    },
                ));
            }
            add(key, KeyRule::Name, cased);
        }
    }
    (by_key, variant_targets)
}

/// Adds the variants to the keys, in order. A variant never lands on a name
/// of another entity, nor turns one of its words into another entity's
/// one-word name (`Khomeyni` into `Khomeini`), and adds nothing where its
/// entity already has the key.
fn add_variants(gazetteer: &Gazetteer, by_key: &mut ByKey, variant_targets: Vec<(String, Target)>) {
    let one_word: HashMap<&str, Vec<u32>> =
        by_key
            .iter()
            .filter(|(k, _)| !k.contains(' '))
            .fold(HashMap::new(), |mut acc, (k, ts)| {
                acc.entry(k.as_str())
                    .or_default()
                    .extend(ts.iter().map(|t| t.entity));
                acc
            });
    // Which to keep is decided on every thread (each variant's name is
    // keyed again), into one list of flags made here; the variants are not
    // moved between threads (a pool's thread keeps the memory it frees).
    let keep: Vec<bool> = variant_targets
        .par_iter()
        .map(|(key, t)| {
            let source = normalize::key(
                &gazetteer.entities()[t.entity as usize].names[t.name as usize].text,
            );
            let source_words: Vec<&str> = source.split(' ').collect();
            !key.split(' ').any(|w| {
                !source_words.contains(&w)
                    && one_word
                        .get(w)
                        .is_some_and(|es| es.iter().any(|&e| e != t.entity))
            })
        })
        .collect();
    let kept = variant_targets
        .into_iter()
        .zip(keep)
        .filter_map(|(v, keep)| keep.then_some(v));
    for (key, t) in kept {
        let list = by_key.entry(key).or_default();
        if list
            .iter()
            .any(|x| x.rule != KeyRule::Variant && x.entity != t.entity)
            || list.iter().any(|x| x.entity == t.entity)
        {
            continue;
        }
        list.push(t);
    }
}

/// The distinct keys in sorted order (a pattern is an index into them), with
/// every target in one table, each key's targets a range of it.
struct PatternTable {
    keys: Vec<String>,
    /// For each pattern: the range of its targets in `targets`.
    pattern_targets: Vec<(u32, u32)>,
    targets: Vec<Target>,
}

impl PatternTable {
    /// Sorts the keys, and each key's targets by rule ([`KeyRule::rank`]),
    /// entity and name. The
    /// trie is built from the sorted keys, so the same gazetteer always
    /// compiles to the same matcher.
    fn new(by_key: ByKey) -> PatternTable {
        let mut entries: Vec<(String, Vec<Target>)> = by_key.into_iter().collect();
        // Keys are distinct: an unstable sort gives the one order.
        entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut targets = Vec::new();
        let mut pattern_targets = Vec::with_capacity(entries.len());
        let mut keys = Vec::with_capacity(entries.len());
        for (key, mut ts) in entries {
            ts.sort_by_key(|t| (t.rule.rank(), t.entity, t.name));
            let start = targets.len() as u32;
            targets.extend(ts);
            pattern_targets.push((start, targets.len() as u32));
            keys.push(key);
        }
        PatternTable {
            keys,
            pattern_targets,
            targets,
        }
    }
}

/// The keys of names transliterated from Arabic script, indexed by their
/// consonant skeletons: the names as listed or without their article, matched
/// in any case, of entities that are not outlets, and fit for it
/// ([`skeleton_codes`]).
fn skeleton_index(gazetteer: &Gazetteer, table: &PatternTable) -> SkeletonIndex {
    let mut skeletons = SkeletonIndex::default();
    for (p, key) in table.keys.iter().enumerate() {
        let (lo, hi) = table.pattern_targets[p];
        let fit = |t: &&Target| {
            let e = &gazetteer.entities()[t.entity as usize];
            matches!(t.rule, KeyRule::Name | KeyRule::ArticleDropped)
                && t.cased.is_none()
                && e.kind != EntityType::Outlet
                && variants::transliterated(e)
        };
        let mut fits = table.targets[lo as usize..hi as usize].iter().filter(fit);
        let Some(first) = fits.next() else {
            continue;
        };
        // A canonical name: of one word, only those are indexed.
        let canonical = std::iter::once(first).chain(fits).any(|t| {
            let e = &gazetteer.entities()[t.entity as usize];
            e.names[t.name as usize].text == e.canonical
        });
        if let Some(codes) = skeleton_codes(key, canonical) {
            skeletons.add(&codes, p);
        }
    }
    skeletons
}

/// The word codes a name is indexed under for skeleton matching, if it is
/// fit for it: some word free to vary (not an English word, see
/// [`fixed_word`]), and enough consonants to tell it from other words: four
/// over two words or more, or three in one word of seven letters or more
/// (`Hezbollah`), read either way. A name of one word must be an entity's
/// canonical name: aliases are spellings already, often odd ones (GeoNames
/// gives `Kurrachi` for Karachi, which would take `Qureshi`).
fn skeleton_codes(
    key: &str,
    canonical: bool,
) -> Option<Vec<(skeleton::WordCode, skeleton::WordCode)>> {
    let mut codes = skeleton::name_codes(key)?;
    // A one-word name read the other way must keep its three consonants.
    if let [(code, alt)] = codes.as_mut_slice()
        && skeleton::classes(*alt) < 3
    {
        *alt = *code;
    }
    let free = key
        .split(' ')
        .any(|w| !skeleton::is_article(w) && !fixed_word(w));
    let consonants: usize = codes.iter().map(|&(c, _)| skeleton::classes(c)).sum();
    let enough = match codes.len() {
        0 => false,
        1 => canonical && key.len() >= 7 && consonants >= 3,
        _ => consonants >= 4,
    };
    (free && enough).then_some(codes)
}

/// Each person's given names: every word of each of their names but the
/// last (`Abu Mahdi al-Muhandis` gives `abu`, `mahdi`), articles left out,
/// with its consonant skeleton; nothing for other entities.
/// Words after an outlet's first word that say it is a medium (`Fars News
/// Agency`, `Mehr News`).
const MEDIUM_WORDS: &[&str] = &["news agency", "news", "agency", "news network"];

/// The first words of the outlets' names made of one word and a medium
/// word (see [`Matcher::outlet_head`]): a word of four letters or more,
/// capitalized, no common English word, and no name of that outlet already;
/// a word two outlets share is left out.
fn outlet_heads(gazetteer: &Gazetteer) -> Vec<(Box<str>, u32, u32)> {
    let mut heads: Vec<(Box<str>, u32, u32)> = Vec::new();
    for (e, entity) in gazetteer.entities().iter().enumerate() {
        if entity.kind != EntityType::Outlet {
            continue;
        }
        let keys: Vec<String> = entity
            .names
            .iter()
            .map(|n| normalize::key(&n.text))
            .collect();
        for (n, name) in entity.names.iter().enumerate() {
            let Some((head, rest)) = name.text.split_once(' ') else {
                continue;
            };
            let key = normalize::key(head);
            if head.chars().count() >= 4
                && head.starts_with(char::is_uppercase)
                && MEDIUM_WORDS.contains(&normalize::key(rest).as_str())
                && !words::is_english_word(&key)
                && !keys.contains(&key)
                && !heads.iter().any(|h| *h.0 == *key && h.1 == e as u32)
            {
                heads.push((key.into(), e as u32, n as u32));
            }
        }
    }
    heads.sort();
    // A word two outlets share names neither.
    let shared: Vec<Box<str>> = heads
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .map(|w| w[0].0.clone())
        .collect();
    heads.retain(|h| !shared.contains(&h.0));
    heads
}

fn given_names(gazetteer: &Gazetteer) -> Vec<GivenNames> {
    gazetteer
        .entities()
        .iter()
        .map(|e| {
            if e.kind != EntityType::Person {
                return GivenNames::default();
            }
            let mut keys: Vec<Box<str>> = Vec::new();
            for name in &e.names {
                let key = normalize::key(&name.text);
                let words: Vec<&str> = key.split(' ').collect();
                for w in &words[..words.len().saturating_sub(1)] {
                    if !skeleton::is_article(w) && !keys.iter().any(|k| **k == **w) {
                        keys.push((*w).into());
                    }
                }
            }
            let skeletons = keys
                .iter()
                .filter_map(|k| skeleton::skeleton(k).map(String::into_boxed_str))
                .collect();
            GivenNames {
                keys: keys.into(),
                skeletons,
            }
        })
        .collect()
}
