//! The compiled gazetteer: every name in one trie of normalized keys
//! ([`crate::trie::KeyTrie`]), walked over normalized text from each place a
//! name can start (see [`Matcher::find_in`]).
//!
//! Compiling (`build.rs`, [`Matcher::new`]) turns each entity name into its
//! normalized key (see [`crate::normalize`]) plus the keys that the rules
//! derive from it: the name without its leading Arabic article (`al-Sudani` →
//! `Sudani`) and its transliteration variants ([`crate::variants`]). Keys
//! shared by several names or entities are stored once, with every target, so
//! the trie has one key per distinct normalized form. Names transliterated
//! from Arabic script are also indexed by consonant skeleton
//! ([`crate::skeleton`]), for the spellings no rule foresaw.
//!
//! Matching (`find.rs`, [`Matcher::find_in`]) reports every occurrence of
//! every key ([`Candidate`]s, possibly overlapping) that passes the checks
//! made on the text around it:
//!
//! * whole words under Unicode rules (see [`crate::chars::is_boundary`]):
//!   never `Iran` inside `Iranian`, but `Iran` in `Iran-backed`;
//! * the case rule of the name: an acronym (`PMF`) or an `=`-marked name
//!   matches only as written;
//! * possessives outside the span: `Khamenei’s` yields `Khamenei`, and where
//!   the apostrophe was lost (`Khameneis`) the whole token;
//! * the Arabic article: a name preceded by `al-`/`el-` (or a sun-letter form
//!   such as `as-Sadr`) takes the article into its span.
//!
//! Those checks, and the others that read the English around a match
//! (sentence starts, capitals, a given name before a surname), are rules of
//! [`crate::english`], with the article's forms in [`crate::article`]: this
//! module finds keys and applies those rules to what it found.
//!
//! Choosing among overlapping candidates is the next stage's job
//! ([`crate::resolve`]). Reporting every key found, overlapping, rather than
//! leftmost-longest ones keeps that choice correct: a longer name that fails
//! its boundary check must not hide a shorter one that passes.
//!
//! Speed comes from where the trie is walked. A key can only start where its
//! first character is not glued to the one before it, so the walk starts at
//! word starts only, follows no failure transitions, and stops at the first
//! byte no key continues with: a word that starts no name costs a step or
//! two, and the cost does not grow with the number of names, where an
//! automaton run over every byte slows down with large pattern sets.

mod build;
mod find;
mod first_words;

use crate::english::{SpanOptions, SpanRules};
use crate::gazetteer::{Entity, Gazetteer};
use crate::normalize;
use crate::skeleton::SkeletonIndex;
use crate::trie::KeyTrie;
use crate::variants::VariantRules;

/// How case is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaseMode {
    /// Names written in capitals, and `=`-marked names, match only as written;
    /// every other name matches in any case. The default.
    #[default]
    Auto,
    /// Every name matches in any case.
    Insensitive,
    /// Every name matches only with exactly the case written.
    Sensitive,
}

/// Matching options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchOptions {
    /// How case is checked.
    pub case: CaseMode,
    /// Recognize possessives (`Iran’s`, `Irans`).
    pub possessive: bool,
    /// Apply the Arabic article rules (take `al-` into the span; match
    /// `al-Sudani` as `Sudani`).
    pub article: bool,
    /// Match the transliteration variants of names ([`crate::variants`]).
    pub variants: bool,
    /// Find the names no gazetteer lists ([`crate::unlisted`]): match
    /// `unlisted`.
    pub unlisted: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            case: CaseMode::Auto,
            possessive: true,
            article: true,
            variants: true,
            unlisted: true,
        }
    }
}

impl MatchOptions {
    /// The options of the English-context rules on a match's span.
    pub fn span_options(self) -> SpanOptions {
        SpanOptions {
            possessive: self.possessive,
            article: self.article,
        }
    }

    /// Plain dictionary matching: whole words, leftmost-longest, no name rules.
    pub fn plain(case: CaseMode) -> MatchOptions {
        MatchOptions {
            case,
            possessive: false,
            article: false,
            variants: false,
            unlisted: false,
        }
    }
}

/// How a key was made from a name. How direct each rule is, is its
/// [`KeyRule::rank`], not the order of the variants here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyRule {
    /// The name itself.
    Name,
    /// The name without its leading Arabic article (`al-Sudani` → `Sudani`).
    ArticleDropped,
    /// Another transliteration of the name, made by the rules of
    /// [`crate::variants`] (`Ghaani` for `Qaani`).
    Variant,
    /// A spelling with the name's consonant skeleton, close to it by weighted
    /// edit distance ([`crate::skeleton`]): `Humaidawi` for `Hamidawi`.
    Skeleton,
    /// Part of a person's name, linked because the same document names the
    /// person in full (`Rubin` after `Michael Rubin`); see [`crate::resolve::partial`].
    /// Also a short form of a group or outlet the document names in full,
    /// and a city's name standing for the state of its name where the words
    /// call it a state (`Washington Gov.`; [`crate::resolve::context`]).
    Partial,
}

impl KeyRule {
    /// How direct the rule is: lower is more direct. Where the keys of several
    /// rules find one span, the targets of the most direct rule win
    /// ([`crate::resolve`]); compiling adds no target to a key that already
    /// has one of the same entity and case rule, made by a rule as direct or
    /// more; and each key's targets are sorted by rank.
    ///
    /// | rule | rank |
    /// |---|---|
    /// | [`Name`](KeyRule::Name) | 0 |
    /// | [`ArticleDropped`](KeyRule::ArticleDropped) | 1 |
    /// | [`Variant`](KeyRule::Variant) | 2 |
    /// | [`Skeleton`](KeyRule::Skeleton) | 3 |
    /// | [`Partial`](KeyRule::Partial) | 4 |
    ///
    /// Resolution adds 2 for a possessive read from a lost apostrophe, so
    /// such a guess ranks with a variant.
    pub fn rank(self) -> u8 {
        match self {
            KeyRule::Name => 0,
            KeyRule::ArticleDropped => 1,
            KeyRule::Variant => 2,
            KeyRule::Skeleton => 3,
            KeyRule::Partial => 4,
        }
    }
}

/// What a key stands for: one name of one entity.
#[derive(Clone, Debug)]
pub struct Target {
    /// Index of the entity in the gazetteer.
    pub entity: u32,
    /// Index of the name in the entity's names (0 is the canonical name).
    pub name: u32,
    /// How the key was made from the name.
    pub rule: KeyRule,
    /// The key without case folding, when the case must match.
    cased: Option<Box<str>>,
    /// With `cased`: the text must equal it exactly (else it must keep its
    /// capitals).
    exact: bool,
    /// A `=`-marked name (a common word): not matched where capitals say
    /// nothing, at the start of a sentence.
    common_word: bool,
    /// A one-word name (`Reagan`, `Houston`): not matched right after a given
    /// name (`Nancy Reagan`, `Donald Houston` are people).
    surname_only: bool,
    /// The entity is a person: a one-word name of it is not matched after
    /// any given name but its own (`Zeinab Soleimani` is not Qasem).
    person: bool,
    /// What the words after a common word (`=Trump`, `=Turkey`) must be for
    /// it to name the entity where its capital says nothing.
    standing: Standing,
    /// A one-word name of a place or group that is also a given name
    /// (`Mehran`): not matched right before a surname (`Mehran Kamrava`).
    given_name_like: bool,
    /// The name is written with a capital letter.
    capitalized: bool,
    /// The name ends in an apostrophe and an `s` (`McDonald's`): only such
    /// a name matches a surface that ends so where the `s` may be the
    /// possessive's of another name (`America's` is not `Americas`).
    apostrophe_s: bool,
    /// For a variant: the rules that made it (`q+double`).
    pub variant: Option<VariantRules>,
}

/// The kind of entity, as the words around a common word read it (see
/// [`crate::english::stands_for_entity`]).
pub use crate::english::Standing;

/// One occurrence of a key in the text that passed the checks.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Original byte offsets of the span (end exclusive).
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Original byte offsets of the part that matched the name (without an
    /// added article or a bare possessive `s`).
    pub name_start: usize,
    /// See `name_start`.
    pub name_end: usize,
    /// Indexes into [`Matcher::targets`] of the targets whose case rules held.
    pub targets: Vec<u32>,
    /// Rules applied at this occurrence.
    pub rules: SpanRules,
    /// Found by its consonant skeleton, not by its key.
    pub skeleton: bool,
    /// Its targets are common words standing where their capital says
    /// nothing (`Trump said`): kept only where the field names the entity
    /// elsewhere (see [`crate::resolve::evidence`]).
    pub weak: bool,
}

/// A gazetteer compiled for matching.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// Every key, walked anchored from each word start (see [`Matcher::find_in`]).
    trie: KeyTrie,
    /// The words a key starts with: most words of a text start no walk.
    first_words: first_words::FirstWords,
    /// For each pattern (distinct key): the range of its targets in `targets`.
    pattern_targets: Vec<(u32, u32)>,
    targets: Vec<Target>,
    keys: Vec<String>,
    skeletons: SkeletonIndex,
    /// For each entity: the given names of a person (every word of a name
    /// but its last, articles left out), as keys and as consonant
    /// skeletons; empty for other entities.
    given: Vec<GivenNames>,
    /// The first words of outlets named by a medium word (`Fars` of `Fars
    /// News Agency`), by key: (key, entity, name), sorted (see
    /// [`Matcher::outlet_head`]).
    outlet_heads: Vec<(Box<str>, u32, u32)>,
    options: MatchOptions,
}

/// A person's given names (see [`Matcher::is_own_given_name`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct GivenNames {
    keys: Box<[Box<str>]>,
    skeletons: Box<[Box<str>]>,
}

impl Matcher {
    /// Every target, indexed by [`Candidate::targets`].
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The distinct normalized keys, in pattern order (sorted).
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The targets of a normalized key, best rank first; empty when no name
    /// has that key.
    ///
    /// The key is walked in the trie, which leaves at the first byte no key
    /// goes on with: most words asked for are no key, and the recognizer
    /// of unlisted names asks for many.
    pub fn targets_of(&self, key: &str) -> &[Target] {
        let bytes = key.as_bytes();
        // A key's first word is a first word of the keys: one look-up
        // answers most words without a walk.
        if !self.first_words.may_hold(bytes) {
            return &[];
        }
        let mut pattern = None;
        self.trie.walk(bytes, 0, |end, k| {
            if end == bytes.len() {
                pattern = Some(k);
            }
        });
        match pattern {
            Some(p) => {
                let (lo, hi) = self.pattern_targets[p];
                &self.targets[lo as usize..hi as usize]
            }
            None => &[],
        }
    }

    /// The outlet whose name is `key` (a normalized word) followed by a
    /// medium word (`News Agency`, `News`), as (entity, name): the short
    /// name the press cites it by (`Fars reported`). `None` when no outlet's
    /// is, or two outlets' are.
    pub(crate) fn outlet_head(&self, key: &str) -> Option<(u32, u32)> {
        let i = self
            .outlet_heads
            .binary_search_by(|(k, _, _)| (**k).cmp(key))
            .ok()?;
        Some((self.outlet_heads[i].1, self.outlet_heads[i].2))
    }

    /// Heap bytes used by the trie and the pattern tables (not counting
    /// the gazetteer itself).
    pub fn memory_usage(&self) -> usize {
        self.trie.memory_usage()
            + self.first_words.memory_usage()
            + self
                .keys
                .iter()
                .map(|k| k.capacity() + std::mem::size_of::<String>())
                .sum::<usize>()
            + self.targets.len() * std::mem::size_of::<Target>()
            + self
                .targets
                .iter()
                .filter_map(|t| t.cased.as_ref().map(|c| c.len()))
                .sum::<usize>()
            + self.pattern_targets.len() * 8
    }

    /// The options it was compiled with.
    pub fn options(&self) -> MatchOptions {
        self.options
    }

    /// Is `word` one of the given names of entity `entity` (a person), as
    /// written in the gazetteer or in another spelling of the same consonants
    /// (`Qasim` for `Qasem`)?
    pub fn is_own_given_name(&self, entity: u32, word: &str) -> bool {
        let Some(given) = self.given.get(entity as usize) else {
            return false;
        };
        if given.keys.is_empty() {
            return false;
        }
        let key = normalize::key(word);
        given.keys.iter().any(|k| **k == *key)
            || crate::skeleton::skeleton(&key)
                .is_some_and(|s| given.skeletons.iter().any(|g| **g == *s))
    }
}

/// The entity a target points to.
pub fn entity_of<'g>(gazetteer: &'g Gazetteer, target: &Target) -> &'g Entity {
    &gazetteer.entities()[target.entity as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trie's answer is the sorted keys' answer: every key finds its
    /// own targets, and a prefix, an extension or a stranger finds none.
    #[test]
    fn targets_of_finds_exactly_the_keys() {
        let g = crate::Gazetteer::default_embedded().unwrap();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        assert!(m.keys().len() > 1000);
        for (p, key) in m.keys().iter().enumerate() {
            let (lo, hi) = m.pattern_targets[p];
            let want = &m.targets[lo as usize..hi as usize];
            let got = m.targets_of(key);
            assert!(std::ptr::eq(got, want), "{key}");
            let mut shorter = key.chars();
            shorter.next_back();
            for other in [
                format!("{key}x"),
                format!("{key} x"),
                shorter.as_str().to_string(),
            ] {
                let want = m.keys.binary_search(&other).is_ok();
                assert_eq!(!m.targets_of(&other).is_empty(), want, "{other}");
            }
        }
        assert!(m.targets_of("").is_empty());
    }

    /// The ranks are the documented numbers, written out: reordering the
    /// variants of the enum cannot change them.
    #[test]
    fn key_rules_rank_as_documented() {
        let documented = [
            (KeyRule::Name, 0),
            (KeyRule::ArticleDropped, 1),
            (KeyRule::Variant, 2),
            (KeyRule::Skeleton, 3),
            (KeyRule::Partial, 4),
        ];
        for (rule, rank) in documented {
            assert_eq!(rule.rank(), rank, "{rule:?}");
        }
    }
}
