//! The compiled gazetteer: every name in one trie of normalized keys
//! ([`crate::trie::KeyTrie`]), walked over normalized text from each place a
//! name can start (see [`Matcher::find_in`]).
//!
//! Compiling turns each entity name into its normalized key (see
//! [`crate::normalize`]) plus the keys that the rules derive from it (today:
//! the name without its leading Arabic article, `al-Sudani` → `Sudani`). Keys
//! shared by several names or entities are stored once, with every target, so
//! the trie has one key per distinct normalized form.
//!
//! Matching reports every occurrence of every key ([`Candidate`]s, possibly
//! overlapping) that passes the checks made on the text around it:
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

use crate::article;
use crate::chars;
use crate::english::{
    after_first_name, ascii_word, before_surname, capitalized_words, common_word_in_use,
    fixed_word, is_mixed_case, keeps_capitals, next_capital, short_capitals, stands_alone,
    word_span, Possessive, SpanOptions, SpanRules,
};
use crate::error::Error;
use crate::gazetteer::{words, Entity, Gazetteer, NameCase};
use crate::normalize::{self, Case, Normalized};
use crate::skeleton::{self, SkeletonIndex};
use crate::trie::KeyTrie;
use crate::variants;
use rayon::prelude::*;
use std::collections::HashMap;

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
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            case: CaseMode::Auto,
            possessive: true,
            article: true,
            variants: true,
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
        }
    }
}

/// How a key was made from a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    Partial,
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
    /// A one-word name of a place or group that is also a given name
    /// (`Mehran`): not matched right before a surname (`Mehran Kamrava`).
    given_name_like: bool,
    /// The name is written with a capital letter.
    capitalized: bool,
    /// For a variant: the rules that made it (`q+double`).
    pub variant: Option<Box<str>>,
}

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
}

/// A gazetteer compiled for matching.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// Every key, walked anchored from each word start (see [`Matcher::find_in`]).
    trie: KeyTrie,
    /// For each pattern (distinct key): the range of its targets in `targets`.
    pattern_targets: Vec<(u32, u32)>,
    targets: Vec<Target>,
    keys: Vec<String>,
    skeletons: SkeletonIndex,
    options: MatchOptions,
}

impl Matcher {
    /// Compiles a gazetteer.
    pub fn new(gazetteer: &Gazetteer, options: MatchOptions) -> Result<Matcher, Error> {
        let mut by_key: HashMap<String, Vec<Target>> = HashMap::new();
        let mut variant_targets: Vec<(String, Target)> = Vec::new();
        // The transliteration variants of each name, generated in parallel:
        // the costliest part of compiling a large gazetteer.
        let mut generated: Vec<Vec<Vec<(String, String)>>> = gazetteer
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
                            && e.kind != "outlet"
                            && long_enough
                        {
                            variants::variants(&key)
                        } else {
                            Vec::new()
                        }
                    })
                    .collect()
            })
            .collect();
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
                let capitalized = name.text.chars().any(char::is_uppercase);
                let given_name_like = options.possessive
                    && e.kind != "person"
                    && !key.contains(' ')
                    && (words::is_given_name(&key) || words::is_first_name(&key));
                let cased =
                    checked.then(|| normalize::key_with(&name.text, Case::Keep).into_boxed_str());
                let mut add = |key: String, rule: KeyRule, cased: Option<Box<str>>| {
                    let list = by_key.entry(key).or_default();
                    if !list
                        .iter()
                        .any(|t| t.entity == ei as u32 && t.rule <= rule && t.cased == cased)
                    {
                        list.push(Target {
                            entity: ei as u32,
                            name: ni as u32,
                            rule,
                            cased,
                            exact,
                            common_word,
                            surname_only,
                            given_name_like,
                            capitalized,
                            variant: None,
                        });
                    }
                };
                if options.article
                    && e.kind != "outlet"
                    && article::written_with_article(&name.text)
                {
                    if let Some(rest) = article::strip_article(&key) {
                        if rest.chars().count() >= 4 {
                            let cased_rest = cased
                                .as_deref()
                                .and_then(|c| c.split_once(' '))
                                .map(|(_, r)| r.into());
                            add(rest.to_string(), KeyRule::ArticleDropped, cased_rest);
                        }
                    }
                }
                // None for outlets, which are brands spelled as their owners
                // spell them, and other names left alone (see above).
                for (v, rule) in std::mem::take(&mut generated[ei][ni]) {
                    let single = !v.contains(' ');
                    let letters = v.chars().filter(|c| c.is_alphabetic()).count();
                    if single
                        && (letters < 6 || words::is_english_word(&v) || words::is_given_name(&v))
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
                            given_name_like: false,
                            capitalized: true,
                            variant: Some(rule.into_boxed_str()),
                        },
                    ));
                }
                add(key, KeyRule::Name, cased);
            }
        }
        // A variant never lands on a name of another entity, nor turns one of
        // its words into another entity's one-word name (`Khomeyni` into
        // `Khomeini`), and adds nothing where its entity already has the key.
        let one_word: HashMap<&str, Vec<u32>> = by_key
            .iter()
            .filter(|(k, _)| !k.contains(' '))
            .fold(HashMap::new(), |mut acc, (k, ts)| {
                acc.entry(k.as_str())
                    .or_default()
                    .extend(ts.iter().map(|t| t.entity));
                acc
            });
        let variant_targets: Vec<(String, Target)> = variant_targets
            .into_iter()
            .filter(|(key, t)| {
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
        for (key, t) in variant_targets {
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
        // Sorted keys: the trie is built from them, and the same gazetteer
        // always compiles to the same matcher.
        let mut entries: Vec<(String, Vec<Target>)> = by_key.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut targets = Vec::new();
        let mut pattern_targets = Vec::with_capacity(entries.len());
        let mut keys = Vec::with_capacity(entries.len());
        for (key, mut ts) in entries {
            ts.sort_by_key(|t| (t.rule, t.entity, t.name));
            let start = targets.len() as u32;
            targets.extend(ts);
            pattern_targets.push((start, targets.len() as u32));
            keys.push(key);
        }
        let trie = KeyTrie::new(&keys).map_err(|e| Error::Build(e.to_string()))?;
        // Names transliterated from Arabic script, indexed by skeleton.
        let mut skeletons = SkeletonIndex::default();
        if options.variants {
            for (p, key) in keys.iter().enumerate() {
                let (lo, hi) = pattern_targets[p];
                let fit = |t: &&Target| {
                    let e = &gazetteer.entities()[t.entity as usize];
                    matches!(t.rule, KeyRule::Name | KeyRule::ArticleDropped)
                        && t.cased.is_none()
                        && e.kind != "outlet"
                        && variants::transliterated(e)
                };
                let mut fits = targets[lo as usize..hi as usize].iter().filter(fit);
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
        }
        Ok(Matcher {
            trie,
            pattern_targets,
            targets,
            keys,
            skeletons,
            options,
        })
    }

    /// Every target, indexed by [`Candidate::targets`].
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The distinct normalized keys, in pattern order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Heap bytes used by the trie and the pattern tables (not counting
    /// the gazetteer itself).
    pub fn memory_usage(&self) -> usize {
        self.trie.memory_usage()
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

    /// Normalizes `text` and finds every candidate in it.
    pub fn find(&self, text: &str) -> Vec<Candidate> {
        let norm = normalize::normalize(text);
        self.find_in(text, &norm)
    }

    /// Finds every candidate in `text`, given its normalized form `norm`
    /// (which must come from [`normalize::normalize`] of `text`).
    pub fn find_in(&self, text: &str, norm: &Normalized) -> Vec<Candidate> {
        let mut hits = self.key_hits(norm.as_str());
        // In the order of an overlapping Aho-Corasick search: by end, then
        // longest first.
        hits.sort_unstable_by_key(|&(start, end, _)| (end, start));
        let mut out = Vec::new();
        // Computed on the first match only: most texts have few.
        let mut mixed: Option<bool> = None;
        for (start, end, p) in hits {
            if let Some(c) = self.check(text, norm, p, start, end, &mut mixed, false) {
                out.push(c);
            }
        }
        if !self.skeletons.is_empty() {
            self.find_skeletons(text, norm, &mut mixed, &mut out);
        }
        out
    }

    /// Every occurrence of a key in the normalized text `hay` that starts at a
    /// word boundary, as `(start, end, pattern)`.
    ///
    /// A key can only match where its first character is not glued to the
    /// character before it ([`chars::is_boundary`]), so rather than run
    /// an automaton over every byte and drop most of what it finds (`iran` in
    /// `iranian`, `al` in `also`), the trie of keys is walked anchored from
    /// each such position, and the walk stops at the first byte no key
    /// continues with. A word that starts no key costs one step. The cost
    /// grows with the text, and only slowly with the number of keys: no
    /// failure transitions are followed, and a large gazetteer only makes the
    /// walks into the names it holds longer.
    fn key_hits(&self, hay: &str) -> Vec<(usize, usize, usize)> {
        let bytes = hay.as_bytes();
        let mut hits = Vec::new();
        // Is the character before `i` one that joins?
        let mut glued = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0x80 {
                let c = hay[i..].chars().next().expect("i is a char boundary");
                let joins = chars::joins(c);
                if !(glued && joins) && self.trie.starts_with(b) {
                    self.walk(bytes, i, &mut hits);
                }
                glued = joins;
                i += c.len_utf8();
            } else if ASCII_WORD[usize::from(b)] {
                if !glued && self.trie.starts_with(b) {
                    self.walk(bytes, i, &mut hits);
                }
                // The rest of an ASCII word starts nothing.
                i += 1;
                while bytes.get(i).is_some_and(|&b| ASCII_WORD[usize::from(b)]) {
                    i += 1;
                }
                glued = true;
            } else {
                if self.trie.starts_with(b) {
                    self.walk(bytes, i, &mut hits);
                }
                glued = false;
                i += 1;
            }
        }
        hits
    }

    /// Adds every key that starts at `start` to `hits`.
    #[inline]
    fn walk(&self, bytes: &[u8], start: usize, hits: &mut Vec<(usize, usize, usize)>) {
        self.trie
            .walk(bytes, start, |end, p| hits.push((start, end, p)));
    }

    /// Runs of capitalized words whose consonant skeletons match a name's,
    /// confirmed by weighted edit distance.
    ///
    /// Only a capitalized word starts a run, so the original text is scanned
    /// for capitals (a byte test for ASCII), and each is looked up in the
    /// normalized text through the offset map: the other words cost nothing.
    fn find_skeletons(
        &self,
        text: &str,
        norm: &Normalized,
        mixed: &mut Option<bool>,
        out: &mut Vec<Candidate>,
    ) {
        let hay = norm.as_str();
        let map = norm.map();
        // Where a listed name already starts, no skeleton match competes;
        // nor where it overlaps one, unless it holds it whole and names the
        // same entity (`Beshar al-Assad` holds `al-Assad`; `Imam Khomeini`
        // is no spelling of the port `Bandar Emam Khomeyni` when `Khomeini`
        // is listed).
        let mut listed: Vec<usize> = out.iter().map(|c| c.name_start).collect();
        listed.sort_unstable();
        let ac_found = out.len();
        // Whether any listed name overlaps a span, in O(log n): the spans
        // sorted by start, with the furthest end so far. Built at the first
        // skeleton candidate: most texts have none.
        let sorted: std::cell::OnceCell<SortedSpans> = std::cell::OnceCell::new();
        let any_overlap = |out: &[Candidate], s: usize, e: usize| {
            let (spans, reach) = sorted.get_or_init(|| {
                let mut spans: Vec<(usize, usize)> =
                    out[..ac_found].iter().map(|c| (c.start, c.end)).collect();
                spans.sort_unstable();
                let reach = spans
                    .iter()
                    .scan(0, |m, &(_, e)| {
                        *m = e.max(*m);
                        Some(*m)
                    })
                    .collect();
                (spans, reach)
            });
            let i = spans.partition_point(|&(x, _)| x < e);
            i > 0 && reach[i - 1] > s
        };
        let overlaps_other = |out: &[Candidate], c: &Candidate| {
            if !any_overlap(out, c.start, c.end) {
                return false;
            }
            let entities: Vec<u32> = c
                .targets
                .iter()
                .map(|&t| self.targets[t as usize].entity)
                .collect();
            out[..ac_found].iter().any(|x| {
                x.start < c.end
                    && c.start < x.end
                    && (x.start < c.start
                        || x.end > c.end
                        || !x
                            .targets
                            .iter()
                            .any(|&t| entities.contains(&self.targets[t as usize].entity)))
            })
        };
        // The runs of words so far, in each combination of the words' two
        // codes that starts some name.
        let mut runs: Vec<skeleton::Run> = Vec::with_capacity(skeleton::MAX_COMBINATIONS);
        let mut grown: Vec<skeleton::Run> = Vec::with_capacity(skeleton::MAX_COMBINATIONS);
        let mut found: Vec<usize> = Vec::new();
        let tb = text.as_bytes();
        let mut o = 0;
        // The next capital ASCII letter or non-ASCII character.
        while let Some(orig) = next_capital(tb, o) {
            let c = text[orig..].chars().next().unwrap_or(' ');
            o = orig + c.len_utf8();
            if !c.is_uppercase() || text[..orig].chars().next_back().is_some_and(chars::is_word) {
                continue;
            }
            if listed.binary_search(&orig).is_ok() {
                continue;
            }
            let Some(ws) = map.normalized_start(orig) else {
                continue;
            };
            let Some(we) = ascii_word(hay, ws) else {
                continue;
            };
            let Some((code, alt)) = skeleton::word_codes(&hay[ws..we]) else {
                continue;
            };
            if code == 0 && skeleton::is_article(&hay[ws..we]) {
                continue;
            }
            runs.clear();
            for c in [code, alt] {
                let run = skeleton::Run::EMPTY.then(c);
                if self.skeletons.starts(run) && !runs.contains(&run) {
                    runs.push(run);
                }
            }
            let (mut end, mut n) = (we, 1);
            let mut ends_on_article = false;
            while !runs.is_empty() {
                // A span never ends on an article (`as`, `al`).
                found.clear();
                // One word found by skeleton is no common word or given name
                // (checked again on the surface; here it saves a look-up).
                let one_word_common = n == 1 && {
                    let w = &hay[ws..end];
                    words::is_english_word(w) || words::is_given_name(w)
                };
                if !ends_on_article && !one_word_common {
                    for &run in &runs {
                        for &p in self.skeletons.get(run) {
                            if !found.contains(&p) {
                                found.push(p);
                            }
                        }
                    }
                }
                for &p in &found {
                    let key = &self.keys[p];
                    if hay[ws..end] != **key
                        && skeleton::confirmed(&hay[ws..end], key, fixed_word).is_some()
                        && map.original_end(end).is_some_and(|oe| {
                            stands_alone(text, orig, oe) && capitalized_words(text, orig, oe)
                        })
                    {
                        if let Some(c) = self.check(text, norm, p, ws, end, mixed, true) {
                            if !overlaps_other(out, &c) {
                                out.push(c);
                            }
                        }
                    }
                }
                // The next word, one space on.
                if n >= self.skeletons.max_words || hay.as_bytes().get(end) != Some(&b' ') {
                    break;
                }
                let Some(e2) = ascii_word(hay, end + 1) else {
                    break;
                };
                let Some((next, next_alt)) = skeleton::word_codes(&hay[end + 1..e2]) else {
                    break;
                };
                ends_on_article = next == 0 && skeleton::is_article(&hay[end + 1..e2]);
                end = e2;
                if ends_on_article {
                    continue;
                }
                n += 1;
                grown.clear();
                for &run in &runs {
                    for c in [next, next_alt] {
                        let r = run.then(c);
                        if self.skeletons.starts(r) && !grown.contains(&r) {
                            grown.push(r);
                        }
                    }
                }
                std::mem::swap(&mut runs, &mut grown);
            }
        }
    }

    // Private and on the hot path: the match's parts are passed as they are
    // rather than gathered into a struct per match.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        text: &str,
        norm: &Normalized,
        pattern: usize,
        ns: usize,
        ne: usize,
        mixed: &mut Option<bool>,
        by_skeleton: bool,
    ) -> Option<Candidate> {
        let span = word_span(text, norm, ns, ne, self.options.span_options())?;
        let surface = &text[span.name_start..span.name_end];
        // A one-word spelling found by skeleton is no common word or given name.
        if by_skeleton && !surface.contains(' ') {
            let k = normalize::key(surface);
            if words::is_english_word(&k) || words::is_given_name(&k) {
                return None;
            }
        }
        // In text written in mixed case, a name written with capitals does
        // not match a surface without any (`65 sucres` is not `Sucre`).
        let lowercase_surface = self.options.case == CaseMode::Auto
            && !surface.chars().any(char::is_uppercase)
            && *mixed.get_or_insert_with(|| is_mixed_case(text));
        let (lo, hi) = self.pattern_targets[pattern];
        let mut surface_cased: Option<String> = None;
        let mut targets = Vec::new();
        for ti in lo..hi {
            let t = &self.targets[ti as usize];
            if let Some(cased) = &t.cased {
                // An `S` after an acronym is not a possessive: `USS` is not `US`.
                if span.rules.possessive == Some(Possessive::Bare) && !span.lowercase_s {
                    continue;
                }
                let surface = surface_cased.get_or_insert_with(|| {
                    normalize::key_with(&text[span.name_start..span.name_end], Case::Keep)
                });
                let fits = if t.exact {
                    surface.as_str() == &**cased
                } else {
                    keeps_capitals(surface, cased)
                };
                // A common word with a bare `s` is its plural (`Republics`).
                let plural = t.common_word && span.rules.possessive == Some(Possessive::Bare);
                if !fits
                    || plural
                    || (t.common_word
                        && common_word_in_use(text, span.name_start, span.name_end, cased))
                {
                    continue;
                }
            }
            if lowercase_surface && t.capitalized {
                continue;
            }
            // A variant needs a capitalized surface in mixed-case text; a
            // one-word variant must stand alone, not in capitals and with no
            // capitalized neighbour (`Edi Rama`, `Fara Bourse` are other names).
            if by_skeleton && !matches!(t.rule, KeyRule::Name | KeyRule::ArticleDropped) {
                continue;
            }
            if (t.rule == KeyRule::Variant || by_skeleton)
                && (!surface.starts_with(char::is_uppercase)
                    || !*mixed.get_or_insert_with(|| is_mixed_case(text))
                    || (!surface.contains(' ') && !stands_alone(text, span.start, span.end)))
            {
                continue;
            }
            // A word in capitals in mixed-case text is an acronym, not a name
            // with its article dropped (`BALO` is not `Al Balo`).
            if t.rule == KeyRule::ArticleDropped
                && t.cased.is_none()
                && !surface.chars().any(char::is_lowercase)
                && *mixed.get_or_insert_with(|| is_mixed_case(text))
            {
                continue;
            }
            // Three capitals or fewer are an acronym (`FAO`, `PTA`), not a
            // name matched in any case (`Fao`, `Pta`).
            if self.options.case == CaseMode::Auto
                && t.cased.is_none()
                && short_capitals(&text[span.name_start..span.name_end])
            {
                continue;
            }
            if (t.surname_only && after_first_name(text, span.start))
                || (t.given_name_like && before_surname(text, span.end))
            {
                continue;
            }
            targets.push(ti);
        }
        if targets.is_empty() {
            return None;
        }
        Some(Candidate {
            start: span.start,
            end: span.end,
            name_start: span.name_start,
            name_end: span.name_end,
            targets,
            rules: span.rules,
            skeleton: by_skeleton,
        })
    }
}

/// Spans sorted by start, with the furthest end up to each.
type SortedSpans = (Vec<(usize, usize)>, Vec<usize>);

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
    if let [(code, alt)] = codes.as_mut_slice() {
        if skeleton::classes(*alt) < 3 {
            *alt = *code;
        }
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

/// The ASCII bytes of words ([`chars::is_word`]): letters, digits and `_`.
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

/// The entity a target points to.
pub fn entity_of<'g>(gazetteer: &'g Gazetteer, target: &Target) -> &'g Entity {
    &gazetteer.entities()[target.entity as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz(rows: &str) -> Gazetteer {
        Gazetteer::from_sources([(
            "t.csv".to_string(),
            format!("id,type,canonical,aliases\n{rows}"),
        )])
        .unwrap()
    }

    /// Every key occurrence whose start passes the boundary check, by an
    /// overlapping Aho-Corasick search over every byte: what the walk from
    /// word starts must find.
    fn overlapping_hits(m: &Matcher, hay: &str) -> Vec<(usize, usize, usize)> {
        let ac = aho_corasick::AhoCorasick::new(&m.keys).unwrap();
        let mut hits: Vec<_> = ac
            .find_overlapping_iter(hay)
            .filter(|h| {
                chars::is_boundary(
                    hay[..h.start()].chars().next_back(),
                    hay[h.start()..].chars().next(),
                )
            })
            .map(|h| (h.start(), h.end(), h.pattern().as_usize()))
            .collect();
        hits.sort_unstable();
        hits
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// The walk from word starts finds exactly the keys an overlapping
        /// search over every byte finds at a boundary, on texts made of
        /// pieces of keys, words and separators in several scripts.
        #[test]
        fn the_walk_finds_what_an_overlapping_search_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "al", "al-", "Sadr", "sadr", "Asaib", "Ahl", "al-Haq", "haq", "Iran",
                    "Iranian", "I", "US", "U.S.", "e", "(", ")", "’s", "s", " ", "  ", "-",
                    ",", ".", "\n", "é", "ş", "صدر", "ال", "中国", "x", "Kata’ib", "Hezbollah",
                ]),
                0..24,
            )
        ) {
            let g = gaz("sadr,person,Muqtada al-Sadr,al-Sadr|Sadr\n\
                         aah,militia,Asa'ib Ahl al-Haq,AAH|Asaib\n\
                         iran,place,Iran,ایران\n\
                         us,place,United States,US|U.S.\n\
                         e,place,E,\n\
                         cn,place,China,中国\n\
                         sadr-ar,person,صدر,\n\
                         kh,militia,Kata'ib Hezbollah,");
            let m = Matcher::new(&g, MatchOptions::default()).unwrap();
            let text: String = pieces.concat();
            let norm = normalize::normalize(&text);
            let mut walked = m.key_hits(norm.as_str());
            walked.sort_unstable();
            proptest::prop_assert_eq!(walked, overlapping_hits(&m, norm.as_str()));
        }
    }

    /// Spans after resolution (the matcher alone reports overlaps).
    fn spans(m: &Matcher, text: &str) -> Vec<String> {
        crate::resolve::mentions(m, text)
            .iter()
            .map(|c| text[c.start..c.end].to_string())
            .collect()
    }

    #[test]
    fn whole_words_only() {
        let m = Matcher::new(&gaz("iran,place,Iran,\n"), MatchOptions::default()).unwrap();
        assert_eq!(
            spans(&m, "Iranian Iran-backed (Iran) Irani iran_x"),
            vec!["Iran", "Iran"]
        );
    }

    #[test]
    fn acronyms_match_only_in_capitals() {
        let m = Matcher::new(
            &gaz("pmf,militia,Popular Mobilization Forces,PMF\nus,place,United States,US|U.S.\n"),
            MatchOptions::default(),
        )
        .unwrap();
        assert_eq!(
            spans(&m, "the PMF and the pmf; US, us, Us, U.S.-led, u.s."),
            vec!["PMF", "US", "U.S."]
        );
        let m = Matcher::new(
            &gaz("us,place,United States,US\n"),
            MatchOptions::plain(CaseMode::Insensitive),
        )
        .unwrap();
        assert_eq!(spans(&m, "tell us"), vec!["us"]);
    }

    #[test]
    fn marked_names_keep_their_capitals() {
        let g = gaz("republic,outlet,Republic,=Republic\n");
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let text = "add Republic; the republic; REPUBLIC; rePublic";
        assert_eq!(spans(&m, text), vec!["Republic", "REPUBLIC"]);
        // At the start of a sentence or line a capital says nothing; `the
        // Republic` and `Republic of` are the common word.
        assert!(spans(&m, "Republic day. Republic is. “Republic”\nRepublic").is_empty());
        assert!(spans(&m, "with the Republic against; Republic of Chile").is_empty());
        // Part of a longer name, or a plural; title case is fine.
        assert!(spans(&m, "the People’s Republic reversed").is_empty());
        assert!(spans(
            &m,
            "in the Azerbaijan Republic, also called Republic Day, Central Asian Republics"
        )
        .is_empty());
        assert_eq!(
            spans(&m, "Follow\nAdd Republic As Your Trusted Source"),
            vec!["Republic"]
        );
        let m = Matcher::new(&g, MatchOptions::plain(CaseMode::Sensitive)).unwrap();
        assert_eq!(spans(&m, text), vec!["Republic"]);
    }

    #[test]
    fn possessives() {
        let m = Matcher::new(
            &gaz("k,person,Ali Khamenei,Khamenei\nus,place,United States,US\n"),
            MatchOptions::default(),
        )
        .unwrap();
        assert_eq!(
            spans(
                &m,
                "Khamenei’s rule, Khamenei's men, Khameneis turn, Khamenei’ses, USS Cole, US's"
            ),
            vec!["Khamenei", "Khamenei", "Khameneis", "US"]
        );
    }

    #[test]
    fn arabic_article_is_optional_and_kept_in_the_span() {
        let m = Matcher::new(&gaz("shalamcheh,place,Shalamcheh,\nsudani,person,Mohammed Shia al-Sudani,al-Sudani\nsadr,person,Moqtada al-Sadr,Sadr\n"), MatchOptions::default()).unwrap();
        assert_eq!(
            spans(
                &m,
                "al-Shalamcheh, Shalamcheh, Al Shalamcheh, Sudani, al-Sudani, as-Sadr, as Sadr"
            ),
            vec![
                "al-Shalamcheh",
                "Shalamcheh",
                "Al Shalamcheh",
                "Sudani",
                "al-Sudani",
                "as-Sadr",
                "Sadr"
            ]
        );
    }

    #[test]
    fn lowercase_surfaces_match_only_in_lowercase_text() {
        let m = Matcher::new(
            &gaz("sucre,place,Sucre,\nperu,place,Peru,\n"),
            MatchOptions::default(),
        )
        .unwrap();
        assert_eq!(
            spans(
                &m,
                "Prices rose to 110 sucres from 65 sucres in Sucre, Peru said."
            ),
            vec!["Sucre", "Peru"]
        );
        assert_eq!(
            spans(&m, "peru's consumer prices rose, the central bank said"),
            vec!["peru"]
        );
    }

    #[test]
    fn short_capitals_are_acronyms() {
        let m = Matcher::new(&gaz("al-faw,place,Al Faw,Fao\n"), MatchOptions::default()).unwrap();
        assert_eq!(spans(&m, "the FAO said; in Fao"), vec!["Fao"]);
    }

    #[test]
    fn a_title_is_not_a_capitalized_neighbour() {
        let mt = Matcher::new(
            &gaz("trump,person,Donald Trump,=Trump\n"),
            MatchOptions::default(),
        )
        .unwrap();
        assert_eq!(
            spans(&mt, "He urged President Trump to act; a trump card"),
            vec!["Trump"]
        );
    }

    #[test]
    fn a_surname_after_another_given_name_is_someone_else() {
        let m = Matcher::new(
            &gaz("reagan,person,Ronald Reagan,Reagan\nk,person,Ali Khamenei,Khamenei\n"),
            MatchOptions::default(),
        )
        .unwrap();
        assert_eq!(
            spans(&m, "Then Nancy Reagan met Reagan. President Reagan and Mojtaba Khamenei, Ayatollah Khamenei. Will Reagan go?"),
            vec!["Reagan", "Reagan", "Khamenei", "Reagan"]
        );
        let m = Matcher::new(&gaz("houston,place,Houston,\n"), MatchOptions::default()).unwrap();
        assert_eq!(
            spans(&m, "in Houston, said Donald Houston"),
            vec!["Houston"]
        );
    }

    #[test]
    fn a_place_named_like_a_person_before_a_surname_is_the_person() {
        let m = Matcher::new(
            &gaz("mehran,place,Mehran,\nisrael,place,Israel,\n"),
            MatchOptions::default(),
        )
        .unwrap();
        assert_eq!(
            spans(&m, "via Mehran to Iraq, a piece by Mehran Kamrava; the Israel Defense Forces; minister Israel Katz"),
            vec!["Mehran", "Israel"]
        );
    }

    #[test]
    fn a_spanish_el_is_not_dropped() {
        let m = Matcher::new(
            &gaz("el-salvador,place,El Salvador,\nsisi,person,Abdel Fattah el-Sisi,el-Sisi\n"),
            MatchOptions::default(),
        )
        .unwrap();
        assert_eq!(
            spans(&m, "Salvador Allende; El Salvador; Sisi"),
            vec!["El Salvador", "Sisi"]
        );
    }

    #[test]
    fn arabic_script_boundaries() {
        let m = Matcher::new(&gaz("iraq,place,Iraq,العراق\n"), MatchOptions::default()).unwrap();
        assert_eq!(spans(&m, "في العراق، والعراقيين"), vec!["العراق"]);
    }

    /// Ids of the mentions of `text` (the whole document pipeline).
    fn ids(g: &Gazetteer, m: &Matcher, text: &str) -> Vec<String> {
        crate::resolve::document(m, g, &[text])
            .remove(0)
            .iter()
            .map(|x| g.entities()[x.entity as usize].id.clone())
            .collect()
    }

    fn gaz_with_countries(rows: &str) -> Gazetteer {
        Gazetteer::from_sources([(
            "t.csv".to_string(),
            format!("id,type,canonical,aliases,wikidata,country\n{rows}"),
        )])
        .unwrap()
    }

    #[test]
    fn skeleton_matches_find_unlisted_spellings() {
        let g = gaz_with_countries(
            "soleimani,person,Qasem Soleimani,,,IR\nkh,militia,Kata'ib Hezbollah,,,IQ\n",
        );
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        assert_eq!(
            ids(
                &g,
                &m,
                "Iran mourned Qassim Sulaimani and Khataib Hizballah fighters."
            ),
            ["soleimani", "kh"]
        );
        // Lowercase words are no part of a name; other names stay apart.
        assert!(ids(&g, &m, "Qasem said; Kasim Salman came; qasem soleimani").is_empty());
    }

    #[test]
    fn a_skeleton_match_never_overlaps_a_listed_name() {
        let g = gaz_with_countries(
            "khomeini,person,Ruhollah Khomeini,Khomeini,,IR\n\
             port,place,Bandar Emam Khomeyni,Emam Khomeyni,,IR\n",
        );
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        assert_eq!(
            ids(&g, &m, "As Imam Khomeini said, it stands."),
            ["khomeini"]
        );
        // Where no listed name is in the way, the same run is found.
        assert_eq!(ids(&g, &m, "Ships reached Emam Khomeyny port."), ["port"]);
        // A listed name of the same entity, held whole, is no obstacle.
        let g = gaz_with_countries("assad,person,Bashar al-Assad,al-Assad,,SY\n");
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let found = crate::resolve::mentions(&m, "President Beshar al-Assad spoke.");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end), (10, 25));
    }

    #[test]
    fn one_word_skeletons_come_from_canonical_names_only() {
        // `Kurrachi` is an alias: `Qureshi` is not found through it.
        let g = gaz_with_countries(
            "karachi,place,Karachi,Kurrachi,,PK\npakistan,place,Pakistan,,,PK\n",
        );
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        assert_eq!(
            ids(&g, &m, "Karachi: in Pakistan, Qureshi spoke."),
            ["karachi", "pakistan"]
        );
        assert_eq!(
            ids(&g, &m, "Karachi: in Pakistan, Karaachi grew."),
            ["karachi", "pakistan", "karachi"]
        );
    }
}
