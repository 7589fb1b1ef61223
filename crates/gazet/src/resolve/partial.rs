//! Partial names within a document.
//!
//! News names a person in full once (`Michael Rubin`, `Abu Hussein
//! al-Humaidawi`) and then by surname (`Rubin`, `Humaidawi`, `al-Hamidawi`). No
//! gazetteer should list bare surnames: `Harris` alone is a poll, a bank and a
//! hundred other people. So a surname is linked only inside a document that
//! names its person in full, and only when:
//!
//! * it is the last word of that full name, of four letters or more, not a
//!   common English word, not a title (`Reza Shah`), and the name is not a
//!   patronymic chain (`Mohammed bin Salman`: `Salman` is his father, but
//!   `bin Salman` is the son); or
//!   the compound that ends the name (`Abdul Mahdi` of `Adel Abdul Mahdi`,
//!   `Abu Akleh`, `Bou Habib`): see `words::short_name`;
//! * if that word is also a frequent given name (`Abbas` of `Mahmoud Abbas`,
//!   `Hussein` of `Fuad Hussein`), it stands alone: no capitalized word
//!   after it, no `bin`, `abu` or `al-` joining it to another name, and no
//!   capitalized word before it but a title that names no one else
//!   (`President Abbas`, not `Imam Hussein`);
//! * the text writes it capitalized, and not right after another given name
//!   (`Nancy Reagan` after `Ronald Reagan` is someone else);
//! * it is not already part of a mention.
//!
//! A surname shared by two people named in the document is not guessed: it is
//! reported once, flagged ambiguous with both candidates. When the document
//! gives the surname to someone no gazetteer lists (`Nawaz Sharif` beside
//! the listed `Shehbaz Sharif`), the bare surname is not linked at all.

use super::Mention;
use crate::chars::swar;
use crate::english::{self, surname_of_another, word_before_name, word_span, Possessive};
use crate::gazetteer::{words, EntityType, Gazetteer};
use crate::matcher::{KeyRule, Matcher};
use crate::normalize::{self, Normalized};
use std::collections::{BTreeMap, BTreeSet};

/// A test of whether a span overlaps one of `found` (sorted by start), in
/// O(log n), not a scan of every mention for every surname occurrence
/// (quadratic in a long document): a span overlaps one of them exactly when
/// the furthest end among those starting before the span's end is past its
/// start.
fn overlap_test(found: &[Mention]) -> impl Fn(usize, usize) -> bool + '_ {
    let mut furthest = Vec::with_capacity(found.len());
    let mut far = 0;
    for m in found {
        far = far.max(m.end);
        furthest.push(far);
    }
    move |start: usize, end: usize| {
        let n = found.partition_point(|m| m.start < end);
        n > 0 && furthest[n - 1] > start
    }
}

/// Finds where each of a document's surnames occurs in its normalized texts,
/// in one pass over each text for all of them: searching for each surname in
/// turn cost a pass over the text per person named, and an automaton built
/// for each document cost more than the search.
///
/// The pass is a packed (SIMD) search of the `aho-corasick` crate (Teddy)
/// where the CPU has one: it looks for the keys' first three bytes sixteen
/// or thirty-two text bytes at a time, and the keys are compared only where
/// one may start. Without it, the pass looks for the keys' first bytes
/// (eight text bytes at a time when they are few) and compares the keys
/// where one is found; but the text is normalized to lowercase, where a
/// surname's first letter is one byte in fifteen, and this pass was 2% of a
/// run's time.
struct Occurrences<'k> {
    keys: Vec<&'k str>,
    /// The keys' first bytes, one bit per byte.
    first: [u64; 4],
    /// The keys' distinct first bytes, when they are few enough to look for
    /// eight text bytes at a time.
    firsts: Vec<u8>,
    /// The packed searcher of the keys, where the CPU and the number of
    /// keys allow one.
    packed: Option<aho_corasick::packed::Searcher>,
}

/// Most keys compared where a first byte is found: a document naming more
/// people in full (a long one) is searched with an automaton, in one pass
/// whatever the number of keys, as comparing each key at each such byte
/// made a long document's reading quadratic.
const MAX_SCANNED_KEYS: usize = 16;

/// Most distinct first bytes looked for eight bytes at a time.
const MAX_FIRSTS: usize = 6;

impl<'k> Occurrences<'k> {
    fn new(keys: impl Iterator<Item = &'k String>) -> Occurrences<'k> {
        let keys: Vec<&str> = keys.map(String::as_str).collect();
        let mut first = [0u64; 4];
        let mut firsts = Vec::new();
        for k in &keys {
            let b = k.as_bytes()[0];
            first[usize::from(b >> 6)] |= 1 << (b & 63);
            if !firsts.contains(&b) {
                firsts.push(b);
            }
        }
        if firsts.len() > MAX_FIRSTS {
            firsts.clear();
        }
        let packed = aho_corasick::packed::Config::new()
            .builder()
            .extend(&keys)
            .build();
        Occurrences {
            keys,
            first,
            firsts,
            packed,
        }
    }

    /// For each key, in order, the starts of its occurrences in `hay`, as
    /// `str::match_indices` gives them: left to right, not overlapping each
    /// other.
    fn find(&self, hay: &str) -> Vec<Vec<usize>> {
        if let Some(packed) = &self.packed {
            return self.find_packed(packed, hay);
        }
        if self.keys.len() > MAX_SCANNED_KEYS {
            return self.find_with_automaton(hay);
        }
        self.find_scanning(hay)
    }

    /// [`Occurrences::find`] with the packed searcher: it gives the leftmost
    /// start of any key from where it is asked, so asking again from the
    /// byte after each start finds every byte where some key starts, and
    /// every key is compared there.
    fn find_packed(&self, packed: &aho_corasick::packed::Searcher, hay: &str) -> Vec<Vec<usize>> {
        let mut at: Vec<Vec<usize>> = vec![Vec::new(); self.keys.len()];
        let b = hay.as_bytes();
        let mut from = 0;
        while from < b.len() {
            let Some(m) = packed.find_in(b, aho_corasick::Span::from(from..b.len())) else {
                break;
            };
            self.keys_at(b, m.start(), &mut at);
            from = m.start() + 1;
        }
        at
    }

    /// [`Occurrences::find`] by a scan for the keys' first bytes.
    fn find_scanning(&self, hay: &str) -> Vec<Vec<usize>> {
        let mut at: Vec<Vec<usize>> = vec![Vec::new(); self.keys.len()];
        let b = hay.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // Eight bytes at a time up to the next first byte of a key.
            if !self.firsts.is_empty()
                && let Some(x) = swar::load(b, i)
            {
                let found = self.firsts.iter().fold(0, |m, &f| m | swar::equal(x, f));
                if found == 0 {
                    i += 8;
                    continue;
                }
                i += (found.trailing_zeros() / 8) as usize;
                if i >= b.len() {
                    break;
                }
            }
            if self.first[usize::from(b[i] >> 6)] & (1 << (b[i] & 63)) != 0 {
                self.keys_at(b, i, &mut at);
            }
            i += 1;
        }
        at
    }

    /// Adds `i` to the list of each key that starts at byte `i` of `b` and
    /// does not overlap the key's last occurrence.
    #[inline]
    fn keys_at(&self, b: &[u8], i: usize, at: &mut [Vec<usize>]) {
        // The byte after, compared here before a key is: most of the places
        // a first byte is found are the start of another word (a surname's
        // `s` in `said`), and a call to compare the whole key at each was a
        // third of the search.
        let next = b.get(i + 1).copied();
        for (list, key) in at.iter_mut().zip(&self.keys) {
            let k = key.as_bytes();
            // Both are UTF-8: a key can only match at a character start.
            if k.get(1).is_none_or(|&second| next == Some(second))
                && b[i..].starts_with(k)
                && list.last().is_none_or(|&last| i >= last + key.len())
            {
                list.push(i);
            }
        }
    }

    /// [`Occurrences::find`] for many keys: every occurrence of every key
    /// in one pass of an Aho-Corasick automaton, then each key's kept left
    /// to right, not overlapping each other.
    fn find_with_automaton(&self, hay: &str) -> Vec<Vec<usize>> {
        let mut at: Vec<Vec<usize>> = vec![Vec::new(); self.keys.len()];
        let Ok(ac) = aho_corasick::AhoCorasick::new(&self.keys) else {
            return at;
        };
        let mut all: Vec<(usize, usize)> = ac
            .find_overlapping_iter(hay)
            .map(|m| (m.pattern().as_usize(), m.start()))
            .collect();
        all.sort_unstable();
        for (k, start) in all {
            let list = &mut at[k];
            if list
                .last()
                .is_none_or(|&last| start >= last + self.keys[k].len())
            {
                list.push(start);
            }
        }
        at
    }
}

/// Does a short form that is also a given name stand alone at `span`: no
/// capitalized word right after it on its line (`Abbas Araghchi`, `Rashid
/// Street`), no word that joins it to a longer name (`Hussein bin Ali`,
/// `Ruqayya bint Hussein`, `Hussein al-Dirani`), and no capitalized word
/// right before it but a title that names no one else (`President Abbas`,
/// not `Imam Hussein` or `Sheikh Rashid`)?
fn stands_alone(text: &str, span: &crate::english::WordSpan) -> bool {
    // A word joined to a name (`bin`, `ibn`, `bint`, `abu`, `umm`), or an
    // Arabic article (`al-Dirani`), makes it part of a longer name.
    let joins = |w: &str| {
        let w = w.to_lowercase();
        words::PATRONYMIC.contains(&w.as_str()) || matches!(w.as_str(), "abu" | "umm" | "abou")
    };
    let after = &text[span.end..];
    let rest = after.trim_start_matches([' ', '\u{a0}']);
    if rest.len() < after.len() {
        let next: &str = rest
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        let article = ["al-", "el-", "Al-", "El-", "al ", "Al "]
            .iter()
            .any(|a| rest.starts_with(a));
        if rest.starts_with(char::is_uppercase) || article || joins(next) {
            return false;
        }
    }
    let before = text[..span.start].trim_end_matches([' ', '\u{a0}']);
    if before.len() == span.start {
        return true;
    }
    let word_start = before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[word_start..];
    if joins(word) {
        return false;
    }
    if !word.starts_with(char::is_uppercase) {
        return true;
    }
    let word = word.to_lowercase();
    // A capitalized word that is no title is another part of a name, unless
    // the sentence starts with it (the check of `surname_of_another`).
    words::is_title(&word) && !words::is_others_title(&word)
        || !words::is_title(&word) && crate::english::at_sentence_start(text, word_start)
}

/// Is a short form that is also a common word (`Salami`, `Rice`) used as a
/// name at `span` ([`english::common_surname_in_use`]), and not a plural
/// (`Rices`)?
fn used_as_name(text: &str, span: &crate::english::WordSpan) -> bool {
    span.rules.possessive != Some(Possessive::Bare)
        && english::common_surname_in_use(text, span.start, span.end)
}

/// Adds the partial names of a document to its mentions. `fields` are the
/// document's texts with their normalized forms; `mentions[i]` are the
/// mentions of field `i`, sorted by start, and stay sorted.
/// Is a short name written capitalized: its first word, or the word after
/// a patronymic particle (`bin Farhan`)?
fn capitalized(name: &str) -> bool {
    let name = match name.split_once(' ') {
        Some((particle, rest))
            if words::PATRONYMIC
                .iter()
                .any(|p| p.eq_ignore_ascii_case(particle)) =>
        {
            rest.trim_start()
        }
        _ => name,
    };
    name.starts_with(char::is_uppercase)
}

pub fn link(
    g: &Gazetteer,
    matcher: &Matcher,
    fields: &[(&str, &Normalized)],
    mentions: &mut [Vec<Mention>],
) {
    let options = matcher.options();
    // Surname key -> (entity, name it came from), for every person named in full.
    let mut by_surname: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
    // Each (entity, name) once: a person is often named many times.
    let mut named: BTreeSet<(u32, u32)> = BTreeSet::new();
    // The short forms that are also frequent given names: see
    // `words::ShortName::alone_only`.
    let mut alone_only: BTreeSet<String> = BTreeSet::new();
    // Those that are also common words: see `words::ShortName::common_word`.
    let mut common: BTreeSet<String> = BTreeSet::new();
    for m in mentions.iter().flatten() {
        if m.key_rule == KeyRule::Partial || !m.ambiguous.is_empty() {
            continue;
        }
        let e = &g.entities()[m.entity as usize];
        if e.kind != EntityType::Person || !named.insert((m.entity, m.name)) {
            continue;
        }
        for (ni, name) in [(m.name, &e.names[m.name as usize].text), (0, &e.canonical)] {
            let key = normalize::key(name);
            if let Some(s) = words::short_name(&key) {
                if s.alone_only {
                    alone_only.insert(s.key.to_string());
                }
                if s.common_word {
                    common.insert(s.key.to_string());
                }
                let list = by_surname.entry(s.key.to_string()).or_default();
                if !list.iter().any(|&(x, _)| x == m.entity) {
                    list.push((m.entity, ni));
                }
            }
        }
    }
    if by_surname.is_empty() {
        return;
    }
    // A surname the document also gives someone else, in a full name no
    // gazetteer lists (`Jalaluddin Haqqani` beside the listed `Sirajuddin
    // Haqqani`; `Nawaz Sharif` beside `Shehbaz Sharif`), is not guessed.
    let searcher = Occurrences::new(by_surname.keys());
    let occurrences: Vec<Vec<Vec<usize>>> = fields
        .iter()
        .map(|(_, norm)| searcher.find(norm.as_str()))
        .collect();
    let mut shared: BTreeSet<&str> = BTreeSet::new();
    for (((text, norm), found), at) in fields.iter().zip(mentions.iter()).zip(&occurrences) {
        let overlaps = overlap_test(found);
        for ((key, people), at) in by_surname.iter().zip(at) {
            if shared.contains(key.as_str()) {
                continue;
            }
            for &ns in at {
                let Some(span) = word_span(text, norm, ns, ns + key.len(), options.span_options())
                else {
                    continue;
                };
                if overlaps(span.start, span.end) {
                    continue;
                }
                // At a sentence start, an English word is capitalized for
                // that alone (`Yesterday Haqqani said`).
                let Some((word, sentence_start)) = word_before_name(text, span.start) else {
                    continue;
                };
                let word = normalize::key(word);
                if sentence_start && words::is_english_word(&word) {
                    continue;
                }
                // A month (`In May Sadr said`) or the first word of a
                // place's name (`Madinat al-Sadr`, a district named for
                // the family) is no one's given name.
                if words::is_month(&word) || words::is_place_word(&word) {
                    continue;
                }
                let theirs = people.iter().any(|&(e, _)| {
                    g.entities()[e as usize]
                        .names
                        .iter()
                        .any(|n| normalize::key(&n.text).split(' ').any(|w| w == word))
                });
                if !theirs {
                    shared.insert(key.as_str());
                }
            }
        }
    }
    for (((text, norm), found), at) in fields.iter().zip(mentions.iter_mut()).zip(&occurrences) {
        let overlaps_found = overlap_test(found);
        // The partial names added so far, which never overlap each other: start -> end.
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        let mut added = Vec::new();
        for ((key, people), at) in by_surname.iter().zip(at) {
            if shared.contains(key.as_str()) {
                continue;
            }
            for &ns in at {
                let Some(span) = word_span(text, norm, ns, ns + key.len(), options.span_options())
                else {
                    continue;
                };
                let own = |w: &str| people.iter().any(|&(e, _)| matcher.is_own_given_name(e, w));
                if !capitalized(&text[span.name_start..span.name_end])
                    || surname_of_another(text, span.start, true, own)
                    || (alone_only.contains(key.as_str()) && !stands_alone(text, &span))
                    || (common.contains(key.as_str()) && !used_as_name(text, &span))
                {
                    continue;
                }
                let overlaps_added = taken
                    .range(..span.end)
                    .next_back()
                    .is_some_and(|(_, &end)| end > span.start);
                if overlaps_found(span.start, span.end) || overlaps_added {
                    continue;
                }
                taken.insert(span.start, span.end);
                let mut entities: Vec<u32> = people.iter().map(|&(e, _)| e).collect();
                entities.sort_unstable();
                let (entity, name) = people.iter().copied().min().expect("non-empty");
                added.push(Mention {
                    start: span.start,
                    end: span.end,
                    name_start: span.name_start,
                    name_end: span.name_end,
                    entity,
                    name,
                    key_rule: KeyRule::Partial,
                    rules: span.rules,
                    ambiguous: if entities.len() > 1 {
                        entities
                    } else {
                        Vec::new()
                    },
                    disambiguated: false,
                    weak: false,
                    variant: None,
                });
            }
        }
        drop(overlaps_found);
        if !added.is_empty() {
            found.extend(added);
            found.sort_by_key(|m| (m.start, m.end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::resolve;

    fn run(rows: &str, texts: &[&str]) -> Vec<Vec<(String, String, bool)>> {
        let g = Gazetteer::from_sources([(
            "p.csv".to_string(),
            format!("id,type,canonical,aliases\n{rows}"),
        )])
        .unwrap();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let norms: Vec<Normalized> = texts.iter().map(|t| normalize::normalize(t)).collect();
        let fields: Vec<(&str, &Normalized)> = texts.iter().copied().zip(norms.iter()).collect();
        let mut found: Vec<Vec<Mention>> = fields
            .iter()
            .map(|(t, n)| resolve::resolve(&m, m.find_in(t, n)))
            .collect();
        link(&g, &m, &fields, &mut found);
        found
            .iter()
            .zip(texts)
            .map(|(ms, t)| {
                ms.iter()
                    .map(|x| {
                        (
                            t[x.start..x.end].to_string(),
                            g.entities()[x.entity as usize].id.clone(),
                            x.key_rule == KeyRule::Partial,
                        )
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn surnames_link_within_the_document() {
        let rows = "michael-rubin,person,Michael Rubin,\nabu-hussein-al-hamidawi,person,Abu Hussein al-Hamidawi,Abu Hussein al-Humaidawi\n";
        let got = run(rows, &["Rubin: a warning", "Michael Rubin said Rubin’s view; Abu Hussein al-Humaidawi spoke, Humaidawi and al-Humaidawi; rubin"]);
        let p = |s: &str, id: &str, partial| (s.to_string(), id.to_string(), partial);
        assert_eq!(got[0], vec![p("Rubin", "michael-rubin", true)]);
        assert_eq!(
            got[1],
            vec![
                p("Michael Rubin", "michael-rubin", false),
                p("Rubin", "michael-rubin", true),
                p("Abu Hussein al-Humaidawi", "abu-hussein-al-hamidawi", false),
                p("Humaidawi", "abu-hussein-al-hamidawi", true),
                p("al-Humaidawi", "abu-hussein-al-hamidawi", true),
            ]
        );
    }

    #[test]
    fn a_surname_the_document_gives_someone_else_is_not_linked() {
        let rows = "sirajuddin-haqqani,person,Sirajuddin Haqqani,\n";
        let got = run(
            rows,
            &["Jalaluddin Haqqani died; his son Sirajuddin Haqqani leads. Haqqani, 71, founded it."],
        );
        assert_eq!(
            got[0],
            vec![(
                "Sirajuddin Haqqani".to_string(),
                "sirajuddin-haqqani".to_string(),
                false
            )]
        );
        // A title before the surname is no other person.
        let got = run(rows, &["Sirajuddin Haqqani spoke. Commander Haqqani left."]);
        assert_eq!(got[0].len(), 2);
    }

    #[test]
    fn compound_surnames_and_given_names_standing_alone() {
        let rows = "adil-abdul-mahdi,person,Adil Abdul-Mahdi,Adel Abdul Mahdi\n\
                    mahmoud-abbas,person,Mahmoud Abbas,\n\
                    abdul-latif-rashid,person,Abdul Latif Rashid,\n";
        let partials = |text: &str| -> Vec<String> {
            run(rows, &[text])[0]
                .iter()
                .filter(|(_, _, partial)| *partial)
                .map(|(surface, id, _)| format!("{surface}={id}"))
                .collect()
        };
        // The compound is the surname, hyphenated or not.
        assert_eq!(
            partials("Adel Abdul Mahdi resigned. Abdul Mahdi said so; Abdul-Mahdi left."),
            [
                "Abdul Mahdi=adil-abdul-mahdi",
                "Abdul-Mahdi=adil-abdul-mahdi"
            ]
        );
        // A surname that is also a given name, where it stands alone or
        // after an office, and nowhere it is part of another name.
        assert_eq!(
            partials(
                "Mahmoud Abbas spoke. Abbas said no. President Abbas left. \
                 Abbas Kadhim wrote, citing Imam Abbas and Hussein bin Abbas."
            ),
            ["Abbas=mahmoud-abbas", "Abbas=mahmoud-abbas"]
        );
        assert_eq!(
            partials(
                "Abdul Latif Rashid won. Rashid said so. Sheikh Rashid and Rashid al-Ali did not."
            ),
            ["Rashid=abdul-latif-rashid"]
        );
    }

    #[test]
    fn the_fathers_name_with_bin_is_the_son() {
        let rows = "mohammed-bin-salman,person,Mohammed bin Salman,\n";
        let partials = |text: &str| -> Vec<String> {
            run(rows, &[text])[0]
                .iter()
                .filter(|(_, _, partial)| *partial)
                .map(|(surface, _, _)| surface.clone())
                .collect()
        };
        assert_eq!(
            partials(
                "Mohammed bin Salman arrived. Bin Salman said so, and later bin Salman left. \
                 King Salman stayed."
            ),
            ["Bin Salman", "bin Salman"]
        );
        // Another son of the same father: the short form is no one's.
        assert!(
            partials("Mohammed bin Salman met Khalid bin Salman. Later bin Salman left.")
                .is_empty()
        );
        // Written in lowercase, it is no name.
        assert!(partials("Mohammed bin Salman arrived; the bin salman rule.").is_empty());
    }

    #[test]
    fn a_place_or_a_month_before_the_surname_is_no_one_else() {
        let rows = "muqtada-al-sadr,person,Muqtada al-Sadr,\n";
        let partials = |text: &str| {
            run(rows, &[text])[0]
                .iter()
                .filter(|(_, _, partial)| *partial)
                .count()
        };
        // A district named for the family, a month: Sadr is still his.
        assert_eq!(
            partials("Muqtada al-Sadr drew crowds in Madinat al-Sadr. Sadr spoke."),
            1
        );
        assert_eq!(partials("Muqtada al-Sadr won. In May Sadr spoke."), 1);
        // A given name before it is another person's: none is linked.
        assert_eq!(
            partials("Muqtada al-Sadr won; his cousin Jafar al-Sadr lost. Sadr spoke."),
            0
        );
    }

    #[test]
    fn no_full_name_no_partial() {
        let got = run(
            "joshua-harris,person,Joshua Harris,\n",
            &["The Harris poll found"],
        );
        assert!(got[0].is_empty());
    }

    #[test]
    fn a_surname_of_two_people_is_flagged_not_guessed() {
        let rows = "ayad-allawi,person,Ayad Allawi,\nhussein-allawi,person,Hussein Allawi,\n";
        let g = Gazetteer::from_sources([(
            "p.csv".to_string(),
            format!("id,type,canonical,aliases\n{rows}"),
        )])
        .unwrap();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let text = "Ayad Allawi met Hussein Allawi. Allawi said";
        let n = normalize::normalize(text);
        let mut found = vec![resolve::resolve(&m, m.find_in(text, &n))];
        link(&g, &m, &[(text, &n)], &mut found);
        let last = found[0].last().unwrap();
        assert_eq!(&text[last.start..last.end], "Allawi");
        assert_eq!(last.ambiguous.len(), 2);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// One pass finds what `match_indices` finds for each key in turn,
        /// with keys that overlap themselves and each other, with few first
        /// bytes (looked for eight bytes at a time) or many, and with more
        /// keys than are compared in turn (an automaton).
        #[test]
        fn one_pass_finds_what_a_search_per_key_finds(
            (keys, hay) in proptest::prop_oneof![
                (proptest::collection::btree_set("[abé]{4,6}", 1..5), "[abé ]{0,60}"),
                (proptest::collection::btree_set("[a-h][ab]{3}", 1..12), "([a-h][ab]{3}|[a-hé ]){0,24}"),
                // Keys of one or two characters, a key's last byte the
                // text's last (no byte after it to compare first).
                (proptest::collection::btree_set("[abé]{1,2}", 1..5), "[abé ]{0,12}"),
                // More keys than are compared in turn: the automaton.
                (proptest::collection::btree_set("[a-d][ab]{2,3}", 17..40), "([a-d][ab]{2,3}|[a-dé ]){0,40}"),
            ],
        ) {
            let keys: Vec<String> = keys.into_iter().collect();
            let searcher = Occurrences::new(keys.iter());
            let want: Vec<Vec<usize>> = keys
                .iter()
                .map(|k| hay.match_indices(k.as_str()).map(|(i, _)| i).collect())
                .collect();
            proptest::prop_assert_eq!(&searcher.find(&hay), &want);
            // Each way of searching, whichever `find` chose.
            if let Some(packed) = &searcher.packed {
                proptest::prop_assert_eq!(&searcher.find_packed(packed, &hay), &want);
            }
            if keys.len() <= MAX_SCANNED_KEYS {
                proptest::prop_assert_eq!(&searcher.find_scanning(&hay), &want);
            } else {
                proptest::prop_assert_eq!(&searcher.find_with_automaton(&hay), &want);
            }
        }
    }
}
