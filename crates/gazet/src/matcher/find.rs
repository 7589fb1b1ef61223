//! Finding the candidates of a text: the keys found by walking the trie from
//! word starts ([`Matcher::find_in`]), then the runs of capitalized words
//! whose consonant skeletons are a name's (`SkeletonSearch`), each checked
//! against the rules of its targets (`Matcher::check`).
//!
//! The walk is the hot path: it runs over every byte of every text, so it
//! starts only where a word may start, and passes over the rest of an ASCII
//! word with one table look-up a byte. The checks run only where a key was
//! found, and read the English around it ([`crate::english`]). The skeleton
//! search starts only at capitalized words, which it finds eight bytes at a
//! time.

use super::{Candidate, CaseMode, KeyRule, Matcher, Target};
use crate::chars;
use crate::english::{
    ascii_word, before_surname, capital_after, capitalized_words, common_word_in_use,
    ends_with_apostrophe_s, fixed_word, is_mixed_case, keeps_capitals, next_capital,
    short_capitals, stands_alone, stands_for_entity, surname_of_another, word_span, Possessive,
};
use crate::gazetteer::words;
use crate::normalize::{self, Case, Normalized};
use crate::skeleton;
use std::cell::OnceCell;

impl Matcher {
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
            let more = SkeletonSearch::new(self, text, norm, &mut mixed, &out).run();
            out.extend(more);
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
                // The rest of an ASCII word starts nothing.
                let start = i;
                i = chars::swar::ascii_word_end(bytes, i + 1);
                if !glued && self.trie.starts_with(b) && self.first_words.may_start(bytes, start, i)
                {
                    self.walk(bytes, start, &mut hits);
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

    /// Checks a key found at normalized bytes `ns..ne` of `text` (pattern
    /// `pattern`): where it stands in the original text ([`word_span`]), and
    /// which of the pattern's targets the rules keep there. `None` when it
    /// stands as no whole word or no target is kept. `mixed` is whether the
    /// text is written in mixed case, computed at the first need.
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
        // `America's`: the key `americas` of the region, whose `s` is the
        // possessive's of another name (`America`); only a name written with
        // it (`McDonald's`) is meant. Where no name is left without the `s`
        // (`Philippine’s`, the apostrophe misplaced), the name stands.
        let apostrophe_s = ends_with_apostrophe_s(surface)
            && norm.as_str()[ns..ne]
                .strip_suffix('s')
                .is_some_and(|stem| !self.targets_of(stem).is_empty());
        let mut targets = Vec::new();
        let mut weak_targets = Vec::new();
        for ti in lo..hi {
            let t = &self.targets[ti as usize];
            if apostrophe_s && !t.apostrophe_s {
                continue;
            }
            let mut weak_here = false;
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
                if !fits || plural {
                    continue;
                }
                // Where its capital says nothing (`Trump said`, `the Trump
                // administration`), a common word names the entity only if
                // the words around it say a person is meant, or the field
                // names the entity elsewhere (see `resolve::evidence`).
                weak_here = t.common_word
                    && common_word_in_use(text, span.name_start, span.name_end, cased)
                    && !stands_for_entity(text, span.start, span.end, t.standing);
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
            // A spelling found by skeleton is the whole name, not the start
            // of a longer one (`Hossein Ali Haji Deligani` is not `Hussein
            // Allawi`).
            if by_skeleton && capital_after(text, span.end) {
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
            if (t.surname_only
                && surname_of_another(text, span.start, t.person, |w| {
                    self.is_own_given_name(t.entity, w)
                }))
                || (t.given_name_like && before_surname(text, span.end))
            {
                continue;
            }
            if weak_here {
                weak_targets.push(ti);
            } else {
                targets.push(ti);
            }
        }
        // Targets that stand where they are win over those that need the
        // field's support.
        let weak = targets.is_empty();
        if weak {
            targets = weak_targets;
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
            weak,
        })
    }
}

/// Spans sorted by start, with the furthest end up to each.
type SortedSpans = (Vec<(usize, usize)>, Vec<usize>);

/// The candidates found by key in a text, as the skeleton search must respect
/// them. Where a listed name already starts, no skeleton match competes; nor
/// where it overlaps one, unless it holds it whole and names the same entity
/// (`Beshar al-Assad` holds `al-Assad`; `Imam Khomeini` is no spelling of the
/// port `Bandar Emam Khomeyni` when `Khomeini` is listed).
struct Listed<'a> {
    found: &'a [Candidate],
    /// Where each starts (the name, without an added article), sorted.
    starts: Vec<usize>,
    /// Whether any listed name overlaps a span, in O(log n): the spans
    /// sorted by start, with the furthest end so far. Built at the first
    /// skeleton candidate: most texts have none.
    sorted: OnceCell<SortedSpans>,
}

impl<'a> Listed<'a> {
    fn new(found: &'a [Candidate]) -> Listed<'a> {
        let mut starts: Vec<usize> = found.iter().map(|c| c.name_start).collect();
        starts.sort_unstable();
        Listed {
            found,
            starts,
            sorted: OnceCell::new(),
        }
    }

    /// Does a listed name start at original byte `at`?
    /// Does a listed name start at byte `at`? Asked of increasing
    /// offsets: `cursor` (0 at first) is how many starts are before the
    /// last one asked.
    fn starts_at(&self, at: usize, cursor: &mut usize) -> bool {
        while self.starts.get(*cursor).is_some_and(|&s| s < at) {
            *cursor += 1;
        }
        self.starts.get(*cursor) == Some(&at)
    }

    /// Does any listed name overlap the original bytes `s..e`?
    fn any_overlap(&self, s: usize, e: usize) -> bool {
        let (spans, reach) = self.sorted.get_or_init(|| {
            let mut spans: Vec<(usize, usize)> =
                self.found.iter().map(|c| (c.start, c.end)).collect();
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
    }

    /// Does a listed name keep the skeleton candidate `c` out: one that
    /// overlaps `c` and is not held whole by it, or names none of its
    /// entities?
    fn hides(&self, targets: &[Target], c: &Candidate) -> bool {
        if !self.any_overlap(c.start, c.end) {
            return false;
        }
        let entities: Vec<u32> = c
            .targets
            .iter()
            .map(|&t| targets[t as usize].entity)
            .collect();
        self.found.iter().any(|x| {
            x.start < c.end
                && c.start < x.end
                && (x.start < c.start
                    || x.end > c.end
                    || !x
                        .targets
                        .iter()
                        .any(|&t| entities.contains(&targets[t as usize].entity)))
        })
    }
}

/// The search of one text for runs of capitalized words whose consonant
/// skeletons match a name's, confirmed by weighted edit distance.
///
/// Only a capitalized word starts a run, so the original text is scanned for
/// capitals (a byte test for ASCII), and each is looked up in the normalized
/// text through the offset map: the other words cost nothing. From each, the
/// run grows a word at a time while its codes still start some name.
struct SkeletonSearch<'a> {
    matcher: &'a Matcher,
    text: &'a str,
    norm: &'a Normalized,
    /// Whether `text` is written in mixed case, computed at the first need.
    mixed: &'a mut Option<bool>,
    listed: Listed<'a>,
    /// The runs of words so far, in each combination of the words' two
    /// codes that starts some name.
    runs: Vec<skeleton::Run>,
    /// The runs one word longer, being made.
    grown: Vec<skeleton::Run>,
    /// The patterns whose skeletons the runs are.
    patterns: Vec<usize>,
    /// The candidates found.
    out: Vec<Candidate>,
}

impl<'a> SkeletonSearch<'a> {
    /// A search of `text` (normalized as `norm`) beside the candidates
    /// `listed` found by key.
    fn new(
        matcher: &'a Matcher,
        text: &'a str,
        norm: &'a Normalized,
        mixed: &'a mut Option<bool>,
        listed: &'a [Candidate],
    ) -> SkeletonSearch<'a> {
        SkeletonSearch {
            matcher,
            text,
            norm,
            mixed,
            listed: Listed::new(listed),
            runs: Vec::with_capacity(skeleton::MAX_COMBINATIONS),
            grown: Vec::with_capacity(skeleton::MAX_COMBINATIONS),
            patterns: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Runs the search from every capitalized word that starts no listed
    /// name, and returns the candidates found, in the order found.
    fn run(mut self) -> Vec<Candidate> {
        let (text, hay) = (self.text, self.norm.as_str());
        let tb = text.as_bytes();
        let mut o = 0;
        // Where the scan is in the listed names' starts and in the pieces
        // of the offset map: the capitals come in order.
        let (mut listed_at, mut piece) = (0, 0);
        // The next capital ASCII letter or non-ASCII character.
        while let Some(orig) = next_capital(tb, o) {
            let c = text[orig..].chars().next().unwrap_or(' ');
            o = orig + c.len_utf8();
            if !c.is_uppercase() || text[..orig].chars().next_back().is_some_and(chars::is_word) {
                continue;
            }
            if self.listed.starts_at(orig, &mut listed_at) {
                continue;
            }
            let Some(ws) = self.norm.map().normalized_start_from(orig, &mut piece) else {
                continue;
            };
            let Some(we) = ascii_word(hay, ws) else {
                continue;
            };
            let we = self.without_possessive(ws, we);
            let Some((code, alt)) = skeleton::word_codes(&hay[ws..we]) else {
                continue;
            };
            if code == 0 && skeleton::is_article(&hay[ws..we]) {
                continue;
            }
            self.grow_from(orig, ws, we, code, alt);
        }
        self.out
    }

    /// The end of the normalized word `ws..we` without the `s` of a
    /// possessive (`al-Assad’s` normalizes to `al assads`): the check of a
    /// match reads the possessive again, as for a match by key.
    fn without_possessive(&self, ws: usize, we: usize) -> usize {
        let hay = self.norm.as_str().as_bytes();
        if we < ws + 3 || hay[we - 1] != b's' {
            return we;
        }
        let possessive = self
            .norm
            .map()
            .original_end(we)
            .is_some_and(|oe| ends_with_apostrophe_s(&self.text[..oe]));
        if possessive {
            we - 1
        } else {
            we
        }
    }

    /// Grows runs from the word at normalized bytes `ws..we` (original byte
    /// `orig`), of codes `code` and `alt`, a word at a time, and confirms the
    /// names each run is the skeleton of.
    fn grow_from(
        &mut self,
        orig: usize,
        ws: usize,
        we: usize,
        code: skeleton::WordCode,
        alt: skeleton::WordCode,
    ) {
        let skeletons = &self.matcher.skeletons;
        let hay = self.norm.as_str();
        self.runs.clear();
        for c in [code, alt] {
            let run = skeleton::Run::EMPTY.then(c);
            if skeletons.starts(run) && !self.runs.contains(&run) {
                self.runs.push(run);
            }
        }
        let (mut end, mut n) = (we, 1);
        let mut ends_on_article = false;
        while !self.runs.is_empty() {
            // A span never ends on an article (`as`, `al`).
            self.patterns.clear();
            if !ends_on_article {
                for &run in &self.runs {
                    for &p in skeletons.get(run) {
                        if !self.patterns.contains(&p) {
                            self.patterns.push(p);
                        }
                    }
                }
            }
            // One word found by skeleton is no common word or given name
            // (checked again on the surface; here it saves the confirming).
            // Asked only of a word some name's skeleton is: two look-ups
            // in large tables a capitalized word saved.
            if n == 1 && !self.patterns.is_empty() && {
                let w = &hay[ws..end];
                words::is_english_word(w) || words::is_given_name(w)
            } {
                self.patterns.clear();
            }
            self.confirm(orig, ws, end);
            // The next word, one space on.
            if n >= skeletons.max_words || hay.as_bytes().get(end) != Some(&b' ') {
                break;
            }
            let Some(e2) = ascii_word(hay, end + 1) else {
                break;
            };
            let e2 = self.without_possessive(end + 1, e2);
            let Some((next, next_alt)) = skeleton::word_codes(&hay[end + 1..e2]) else {
                break;
            };
            ends_on_article = next == 0 && skeleton::is_article(&hay[end + 1..e2]);
            end = e2;
            if ends_on_article {
                continue;
            }
            n += 1;
            self.grown.clear();
            for &run in &self.runs {
                for c in [next, next_alt] {
                    let r = run.then(c);
                    if skeletons.starts(r) && !self.grown.contains(&r) {
                        self.grown.push(r);
                    }
                }
            }
            std::mem::swap(&mut self.runs, &mut self.grown);
        }
    }

    /// Adds a candidate for each of `patterns` that the run at normalized
    /// bytes `ws..end` (original byte `orig`) spells: confirmed by weighted
    /// edit distance, standing alone with every word capitalized, passing
    /// the checks of its targets and hidden by no listed name.
    fn confirm(&mut self, orig: usize, ws: usize, end: usize) {
        let (m, text, norm) = (self.matcher, self.text, self.norm);
        let hay = norm.as_str();
        for &p in &self.patterns {
            let key = &m.keys[p];
            if hay[ws..end] != **key
                && skeleton::confirmed(&hay[ws..end], key, fixed_word).is_some()
                && norm.map().original_end(end).is_some_and(|oe| {
                    stands_alone(text, orig, oe) && capitalized_words(text, orig, oe)
                })
                && let Some(c) = m.check(text, norm, p, ws, end, self.mixed, true)
                && !self.listed.hides(&m.targets, &c)
            {
                self.out.push(c);
            }
        }
    }
}

/// The ASCII bytes of words ([`chars::is_word`]): letters, digits and `_`.
pub(super) static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::matcher::MatchOptions;

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
        /// The walk from word starts finds the keys an overlapping search
        /// over every byte finds at a boundary, on texts made of pieces of
        /// keys, words and separators in several scripts; the only ones it
        /// leaves out (the words no key starts with, see
        /// [`super::super::first_words`]) are keys the checks refuse, as
        /// they end inside a word (`iran` in `iranian`).
        #[test]
        fn the_walk_finds_what_an_overlapping_search_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "al", "al-", "Sadr", "sadr", "Asaib", "Ahl", "al-Haq", "haq", "Iran",
                    "Iranian", "Irans", "Iran's", "Sadrs", "I", "US", "U.S.", "e", "es", "(", ")", "’s", "s", "'", " ", "  ", "-",
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
            let all = overlapping_hits(&m, norm.as_str());
            proptest::prop_assert!(walked.iter().all(|h| all.contains(h)));
            for &(start, end, p) in all.iter().filter(|h| !walked.contains(h)) {
                let kept = m.check(&text, &norm, p, start, end, &mut None, false);
                proptest::prop_assert!(kept.is_none(), "{:?} left out", &norm.as_str()[start..end]);
            }
        }
    }
}
