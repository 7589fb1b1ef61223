//! Resolution: from overlapping candidates to the mentions of a text.
//!
//! The matcher reports every name it finds, overlaps included (`Iran` inside
//! `Iran International`, `Hezbollah` inside `Kata'ib Hezbollah`). Resolution
//! keeps the leftmost-longest ones: scanning from the left, the candidate that
//! starts first wins, and among those starting together the longest; then the
//! scan resumes after it. Candidates with the same span are pooled, and the
//! targets made by the most direct rule win (a name as written beats a name
//! derived by a rule, which beats a guess at a lost possessive apostrophe).
//!
//! Then, per field of a document (each on its own: a field's mentions never
//! depend on which other fields were read), [`evidence`] drops the one-word
//! spellings found by skeleton whose entity the field does not name as
//! listed, and [`partial`] links surnames to the people the field names in
//! full.
//!
//! When the winning targets still point to several entities (`Fars`, the
//! province and the news agency), the mention is ambiguous: [`context`] decides
//! it from the rest of the document where the document tells; otherwise it is
//! reported once, under the first candidate in gazetteer order, with every
//! candidate listed so that nothing is silently decided.

pub mod context;
pub mod evidence;
pub mod partial;

use crate::english::{self, Possessive, SpanRules};
use crate::gazetteer::{words, EntityType, Gazetteer};
use crate::matcher::{Candidate, KeyRule, Matcher};
use crate::normalize;
use crate::variants::VariantRules;
use std::collections::BTreeMap;

/// A mention: a span of the original text and the entity it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Original byte offsets, end exclusive.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Original byte offsets of the part that matched the name.
    pub name_start: usize,
    /// See `name_start`.
    pub name_end: usize,
    /// The entity (index in the gazetteer).
    pub entity: u32,
    /// The name of that entity that matched (index in its names).
    pub name: u32,
    /// How the key was made from the name.
    pub key_rule: KeyRule,
    /// Rules applied at this occurrence.
    pub rules: SpanRules,
    /// When more than one entity fits equally well: all of them, in gazetteer
    /// order (the chosen `entity` first). Empty otherwise.
    pub ambiguous: Vec<u32>,
    /// The name fits several entities, and the document decided which
    /// ([`context`]).
    pub disambiguated: bool,
    /// For a transliteration variant: the rules that made it (`q+double`).
    pub variant: Option<VariantRules>,
    /// A common word where its capital says nothing: kept only where the
    /// field names the entity elsewhere ([`evidence`]).
    pub weak: bool,
}

/// How direct a target of a candidate is, lower first: the rank of the rule
/// that made its key ([`KeyRule::rank`]; a candidate found by skeleton has
/// the rank of [`KeyRule::Skeleton`]), plus 1 for an article before the name
/// taken into the span (`El Salvador` is the country's name, not `Salvador`
/// with an article), plus 2 for a possessive read from a lost apostrophe.
fn rank(c: &Candidate, rule: KeyRule) -> u8 {
    let rule = if c.skeleton { KeyRule::Skeleton } else { rule };
    let bare = c.rules.possessive == Some(Possessive::Bare);
    rule.rank() + u8::from(c.rules.article_added) + if bare { 2 } else { 0 }
}

/// Picks the leftmost-longest candidates and their entities.
pub fn resolve(matcher: &Matcher, mut candidates: Vec<Candidate>) -> Vec<Mention> {
    candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let targets = matcher.targets();
    let mut out = Vec::new();
    // The entities of a group's best candidates: one buffer for all, most
    // groups naming one entity, which a mention does not keep.
    let mut entities: Vec<u32> = Vec::new();
    let mut last_end = 0;
    let mut i = 0;
    while i < candidates.len() {
        // The group of candidates with this exact span.
        let mut j = i + 1;
        while j < candidates.len()
            && candidates[j].start == candidates[i].start
            && candidates[j].end == candidates[i].end
        {
            j += 1;
        }
        let mut group = &candidates[i..j];
        i = j;
        if group[0].start < last_end {
            continue;
        }
        // Candidates that stand where they are win over weak ones.
        let strong: Vec<Candidate>;
        if group.iter().any(|c| c.weak) && group.iter().any(|c| !c.weak) {
            strong = group.iter().filter(|c| !c.weak).cloned().collect();
            group = &strong;
        }
        // The best rank over all (candidate, target) pairs of the group.
        let best = group
            .iter()
            .flat_map(|c| {
                c.targets
                    .iter()
                    .map(move |&t| rank(c, targets[t as usize].rule))
            })
            .min()
            .expect("candidates have targets");
        let mut chosen: Option<(&Candidate, u32)> = None;
        entities.clear();
        for c in group {
            for &t in &c.targets {
                let target = &targets[t as usize];
                if rank(c, target.rule) != best {
                    continue;
                }
                if chosen.is_none_or(|(_, ct)| target.entity < targets[ct as usize].entity) {
                    chosen = Some((c, t));
                }
                if !entities.contains(&target.entity) {
                    entities.push(target.entity);
                }
            }
        }
        let (c, t) = chosen.expect("best rank exists");
        let target = &targets[t as usize];
        entities.sort_unstable();
        last_end = c.end;
        out.push(Mention {
            start: c.start,
            end: c.end,
            name_start: c.name_start,
            name_end: c.name_end,
            entity: target.entity,
            name: target.name,
            key_rule: if c.skeleton {
                KeyRule::Skeleton
            } else {
                target.rule
            },
            rules: c.rules,
            ambiguous: if entities.len() > 1 {
                entities.clone()
            } else {
                Vec::new()
            },
            disambiguated: false,
            variant: target.variant,
            weak: c.weak,
        });
    }
    out
}

/// Normalizes, matches and resolves one text, keeping the guesses the text
/// supports ([`evidence`]): the matching pipeline for one field, without
/// partial names or disambiguation, which need the gazetteer.
pub fn mentions(matcher: &Matcher, text: &str) -> Vec<Mention> {
    let mut found = [resolve(matcher, matcher.find(text))];
    evidence::require(&[text], &mut found);
    let [found] = found;
    found
}

/// The mentions of a whole document, one list per field. Each field is
/// matched on its own, so that what one field gives never depends on the
/// others (a title given with `--text-field title` changes nothing in
/// `text`): matched and resolved, its one-word skeleton guesses checked
/// against the rest of the field, its partial names linked, its ambiguous
/// names decided.
pub fn document(matcher: &Matcher, gazetteer: &Gazetteer, fields: &[&str]) -> Vec<Vec<Mention>> {
    fields
        .iter()
        .map(|&text| field(matcher, gazetteer, text))
        .collect()
}

/// Where the names of a field end, by how the text writes the words after
/// them: a name ending in descriptive words written in lowercase ends before
/// them (`Tasnim news agency` gives `Tasnim`, as `Fars province` gives
/// `Fars`), in text written in mixed case; a place followed by a capitalized
/// division word takes it in (`Hormozgan Province`), and an outlet the words
/// of its medium (`Alsumaria TV`, `Rudaw News Agency`) and the language of
/// its service (`RT Arabic`, `BBC Persian`). The entity stays.
/// A place's name that is a ship's whole name (`the battleship Missouri`) is
/// dropped, so is one after `Lake` or `Mount` (`Lake Urmia`), and any name
/// that is a stock's instrument code (`<HIT.T>`).
fn name_ends(matcher: &Matcher, gazetteer: &Gazetteer, text: &str, found: &mut Vec<Mention>) {
    // A place's name after a word for a ship names the ship (`the
    // battleship Missouri`).
    found.retain(|m| {
        gazetteer.entities()[m.entity as usize].kind != EntityType::Place
            || !english::ship_name(text, m.start, m.end)
    });
    // A place's name after `Lake`, `Mount`, `Camp` names another place
    // (`Lake Urmia`, `Mount Damavand`), which the gazetteers do not list:
    // the recognizer of unlisted names takes it whole.
    found.retain(|m| {
        gazetteer.entities()[m.entity as usize].kind != EntityType::Place
            || !english::after_place_word(text, m.start)
    });
    // A stock's instrument code names a security (`Hitachi Ltd <HIT.T>`).
    found.retain(|m| !english::instrument_code(text, m.start, m.end));
    let mut mixed: Option<bool> = None;
    for i in 0..found.len() {
        let m = &found[i];
        let next_start = found.get(i + 1).map_or(text.len(), |n| n.start);
        if let Some(end) = english::without_generic_tail(text, m.name_start, m.name_end)
            && *mixed.get_or_insert_with(|| english::is_mixed_case(text))
            // A feature's kind is left out only where what is left is a
            // name (`Euphrates river`), not a word that needs it (`Red sea`,
            // `Arabian peninsula`).
            && (!english::FEATURE_TAIL.contains(&text[end..m.name_end].trim())
                || !matcher
                    .targets_of(&normalize::key(&text[m.name_start..end]))
                    .is_empty())
        {
            let m = &mut found[i];
            let tail = text[end..m.name_end].trim();
            m.end = end;
            m.name_end = end;
            m.rules.possessive = None;
            // What is left may be another entity's name (`Damascus` of
            // `Damascus countryside`): then it names that one, but a city
            // stays the city (`Mexico` of `Mexico city`), and a channel
            // the channel (`the Al-Nujaba channel`, not the militia).
            let keeps = tail == "city"
                || tail.ends_with("television")
                || tail.ends_with("channel")
                || english::FEATURE_TAIL.contains(&tail);
            let left = normalize::key(&text[m.name_start..end]);
            let targets = matcher.targets_of(&left);
            if !keeps && !targets.is_empty() && !targets.iter().any(|t| t.entity == m.entity) {
                let t = &targets[0];
                m.entity = t.entity;
                m.name = t.name;
                m.key_rule = t.rule;
                m.variant = t.variant;
                let mut entities: Vec<u32> = targets
                    .iter()
                    .filter(|x| x.rule.rank() == t.rule.rank())
                    .map(|x| x.entity)
                    .collect();
                entities.sort_unstable();
                entities.dedup();
                m.ambiguous = if entities.len() > 1 {
                    entities
                } else {
                    Vec::new()
                };
            }
        } else if m.end == m.name_end
            && m.rules.possessive.is_none()
            && let Some(end) = match gazetteer.entities()[m.entity as usize].kind {
                // `District` and `State` before another capitalized word
                // are that name's (`U.S. District Court`, `Iraq State Oil
                // Marketing Organization`).
                EntityType::Place => {
                    english::with_trailing_words(text, m.end, english::DIVISION_WORDS, 1).filter(
                        |&e| {
                            let word = &text[..e];
                            !((word.ends_with("District") || word.ends_with("State"))
                                && english::capital_after(text, e))
                        },
                    )
                }
                EntityType::Outlet => {
                    let medium =
                        english::with_trailing_words(text, m.end, english::MEDIUM_WORDS, 2);
                    english::with_service_language(text, medium.unwrap_or(m.end)).or(medium)
                }
                _ => None,
            }
            && end <= next_start
        {
            let m = &mut found[i];
            m.end = end;
            m.name_end = end;
        }
    }
}

/// Countries whose names are also English words (`China Steel Corp` is in
/// China, as `Bank of Japan` is Japan's), as keys.
const COUNTRIES_THAT_ARE_WORDS: &[&str] = &[
    "china", "chile", "turkey", "jordan", "chad", "georgia", "guinea", "niger", "us", "cuba",
    "japan", "peru", "malta", "wales", "jersey",
];

/// Drops the names a field uses as a company's: an outlet's name right
/// before a company's ending (`CBS Inc` is the company, not `CBS News`), and
/// a place's name that is a common word at the start of a company's name
/// (`Phoenix Financial Corp`; a place of another name stays, `Philadelphia
/// Electric Co`). A one-word name so used names the company all through the
/// field (`Phoenix chairman`, `--CBS TO PAY`), where no word before it places
/// it (`in Phoenix`).
fn companies(gazetteer: &Gazetteer, text: &str, found: &mut Vec<Mention>) {
    let mut firms: Vec<String> = Vec::new();
    found.retain(|m| {
        let entity = &gazetteer.entities()[m.entity as usize];
        let surface = &text[m.name_start..m.name_end];
        let firm = match entity.kind {
            // The parent of a news division (`CBS` of `CBS News`); an
            // outlet's own company is the outlet (`Reuters Holdings PLC`).
            EntityType::Outlet => {
                english::starts_company(text, m.name_end, 0)
                    && entity
                        .canonical
                        .strip_prefix(surface)
                        .is_some_and(|rest| rest.starts_with(' '))
            }
            // The company's ending first: it is rare, the key is not.
            EntityType::Place => {
                english::starts_company(text, m.name_end, 2) && {
                    let key = normalize::key(surface);
                    words::is_english_word(&key)
                        && !COUNTRIES_THAT_ARE_WORDS.contains(&key.as_str())
                }
            }
            _ => false,
        };
        if firm && !surface.contains(' ') {
            firms.push(normalize::key(surface));
        }
        !firm
    });
    if firms.is_empty() {
        return;
    }
    found.retain(|m| {
        let surface = &text[m.name_start..m.name_end];
        surface.contains(' ')
            || english::placed(text, m.start)
            || !firms.contains(&normalize::key(surface))
    });
}

impl Mention {
    /// A partial name of `entity`'s name `name` at `start..end`.
    pub(crate) fn partial_name(start: usize, end: usize, entity: u32, name: u32) -> Mention {
        partial(start, end, entity, name)
    }

    /// A person's name `name` of `entity`, written at `start..end` with
    /// middle names between its words (see
    /// [`crate::unlisted::listed_with_middle_names`]): a variant of it.
    pub(crate) fn with_middle_names(start: usize, end: usize, entity: u32, name: u32) -> Mention {
        Mention {
            key_rule: KeyRule::Variant,
            rules: SpanRules {
                middle_names: true,
                ..SpanRules::default()
            },
            ..partial(start, end, entity, name)
        }
    }
}

/// The partial names ([`partial::link`]) of a document whose `fields` have
/// the listed mentions `found` (each sorted by start), added to them: for
/// mentions found after the fields were resolved.
pub(crate) fn link_partial_names(
    matcher: &Matcher,
    gazetteer: &Gazetteer,
    fields: &[&str],
    found: &mut [Vec<Mention>],
) {
    let norms: Vec<normalize::Normalized> =
        fields.iter().map(|t| normalize::normalize(t)).collect();
    let fields: Vec<(&str, &normalize::Normalized)> = fields.iter().copied().zip(&norms).collect();
    partial::link(gazetteer, matcher, &fields, found);
}

/// A partial name of `entity` (a short form of its name `name`) at
/// `start..end`.
fn partial(start: usize, end: usize, entity: u32, name: u32) -> Mention {
    Mention {
        start,
        end,
        name_start: start,
        name_end: end,
        entity,
        name,
        key_rule: KeyRule::Partial,
        rules: SpanRules::default(),
        ambiguous: Vec::new(),
        disambiguated: false,
        variant: None,
        weak: false,
    }
}

/// Adds each span `(start, end, entity, name)` that overlaps no mention
/// (nor a span added before it) as a partial name of `entity`, standing for
/// its name `name`; `found` stays sorted by start.
fn add_partial(found: &mut Vec<Mention>, spans: Vec<(usize, usize, u32, u32)>) {
    let mut added: Vec<Mention> = Vec::new();
    // Look-ups, not scans of every mention for every span (quadratic in a
    // long document): the mentions found, by start, with the furthest end
    // among those starting before; the spans added, which never overlap.
    let mut by_start: Vec<(usize, usize)> = found.iter().map(|m| (m.start, m.end)).collect();
    by_start.sort_unstable();
    let mut furthest = Vec::with_capacity(by_start.len());
    let mut far = 0;
    for &(_, end) in &by_start {
        far = far.max(end);
        furthest.push(far);
    }
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    for (s, e, entity, name) in spans {
        let n = by_start.partition_point(|&(start, _)| start < e);
        let over_found = n > 0 && furthest[n - 1] > s;
        let over_added = taken
            .range(..e)
            .next_back()
            .is_some_and(|(_, &end)| end > s);
        if over_found || over_added {
            continue;
        }
        taken.insert(s, e);
        added.push(partial(s, e, entity, name));
    }
    if !added.is_empty() {
        found.extend(added);
        found.sort_by_key(|m| m.start);
    }
}

/// Words left out of an acronym (`Islamic State of Iraq and the Levant` is
/// `ISIL`).
const UNLETTERED: &[&str] = &["of", "the", "and", "for", "in", "al", "el", "de", "du"];

/// Does `acronym` (capitals, maybe with dots) spell initials of the words of
/// `name` in order, starting with the first (`PMF` of `Popular Mobilization
/// Forces`, `IS` of `Islamic State`, `ISIL`)?
fn spells(acronym: &str, name: &str) -> bool {
    let letters: Vec<char> = acronym.chars().filter(|c| *c != '.').collect();
    let initials: Vec<char> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !UNLETTERED.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    let (Some(first), Some(name_first)) = (letters.first(), initials.first()) else {
        return false;
    };
    if first != name_first {
        return false;
    }
    let mut rest = initials[1..].iter();
    letters[1..].iter().all(|l| rest.any(|i| i == l))
}

/// The acronym written in parentheses right after `end`, if there is one:
/// two to eight capitals, maybe with dots (`(IS)`, `(PMF)`, `(U.N.)`).
fn acronym_after(text: &str, end: usize) -> Option<&str> {
    let rest = text[end..].strip_prefix(" (")?;
    let close = rest.find(')')?;
    let acronym = &rest[..close];
    let capitals = acronym.chars().filter(char::is_ascii_uppercase).count();
    let fits =
        (2..=8).contains(&capitals) && acronym.chars().all(|c| c.is_ascii_uppercase() || c == '.');
    fits.then_some(acronym)
}

/// Acronyms a field defines for the entities it names, in parentheses after
/// the name (`Islamic State (IS)`, `Popular Mobilization Front (PMF)`), and
/// their uses from there on: linked to that entity, as partial names are,
/// when the acronym spells the name's initials and names nothing else in
/// the gazetteers (a name of another entity is left to the gazetteers).
fn defined_acronyms(matcher: &Matcher, text: &str, found: &mut Vec<Mention>) {
    let mut defined: Vec<(&str, usize, usize)> = Vec::new(); // (acronym, from, mention index)
    for (i, m) in found.iter().enumerate() {
        let Some(acronym) = acronym_after(text, m.end) else {
            continue;
        };
        if !m.ambiguous.is_empty()
            || !spells(acronym, &text[m.name_start..m.name_end])
            || !matcher.targets_of(&normalize::key(acronym)).is_empty()
            || defined.iter().any(|d| d.0 == acronym)
        {
            continue;
        }
        defined.push((acronym, m.end, i));
    }
    if defined.is_empty() {
        return;
    }
    let mut spans = Vec::new();
    // Each acronym's uses, in one pass for all (a pass an acronym made a
    // long document's reading quadratic): the standalone words of capitals
    // and dots, looked up.
    let mut uses: rustc_hash::FxHashMap<&str, Vec<usize>> = rustc_hash::FxHashMap::default();
    let acronym_byte = |b: u8| b.is_ascii_uppercase() || b == b'.';
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !acronym_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && acronym_byte(bytes[i]) {
            i += 1;
        }
        // Every run's prefixes ending where an acronym may (`U.N.` in
        // `U.N.'s`, `IS` as written): the defined ones are few, so each is
        // tried at the run's start.
        for &(acronym, _, _) in &defined {
            if text[start..i].starts_with(acronym) {
                uses.entry(acronym).or_default().push(start);
            }
        }
    }
    for &(acronym, from, i) in &defined {
        let at_all = uses.get(acronym).map_or(&[][..], Vec::as_slice);
        for &at in at_all.iter().filter(|&&at| at >= from) {
            let (s, e) = (at, at + acronym.len());
            let joined = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            if joined(text[..s].chars().next_back()) || joined(text[e..].chars().next()) {
                continue;
            }
            spans.push((s, e, found[i].entity, found[i].name));
        }
    }
    add_partial(found, spans);
}

/// The long form a field gives a listed acronym, in the words right before
/// it in parentheses. The words must be capitalized (`of`, `the`, `al` and
/// the like aside), as many as the acronym has letters, and spell it in
/// order; the fewest such words are taken. Then:
///
/// - a long form that shares most of its words with a name of the
///   acronym's group or outlet is a name of it, as the field defines it
///   (`the Popular Mobilization Front (PMF)`, where only `PMF` and `Popular
///   Mobilization Forces` are listed), where it holds no other mention;
/// - a long form that shares none says the acronym is something else in
///   this field (`the Additional Protocol (AP)` is no Associated Press):
///   the acronym there and after it is no mention of the outlet.
fn defined_long_forms(gazetteer: &Gazetteer, text: &str, found: &mut Vec<Mention>) {
    let mut spans = Vec::new();
    let mut redefined: Vec<(usize, &str, u32)> = Vec::new();
    for m in found.iter() {
        let Some(entity) = gazetteer.entities().get(m.entity as usize) else {
            continue;
        };
        if !m.ambiguous.is_empty()
            || !matches!(entity.kind, EntityType::Militia | EntityType::Outlet)
            || !text[m.end..].starts_with(')')
        {
            continue;
        }
        let Some(before) = text[..m.start].strip_suffix(" (") else {
            continue;
        };
        let acronym = &text[m.start..m.end];
        let letters = acronym.chars().filter(char::is_ascii_uppercase).count();
        if letters < 2 || !acronym.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
            continue;
        }
        // The words before, last first, while they may be part of a name.
        let mut start = before.len();
        let mut lettered = 0;
        for (at, word) in before.split(' ').rev().scan(before.len(), |end, w| {
            let at = *end - w.len();
            *end = at.saturating_sub(1);
            Some((at, w))
        }) {
            let particle = UNLETTERED.contains(&word.to_lowercase().as_str());
            let capital = word.starts_with(|c: char| c.is_uppercase());
            if word.is_empty() || !(particle || capital) || word.ends_with([',', '.', ';', ':']) {
                break;
            }
            if particle {
                continue;
            }
            lettered += word
                .split('-')
                .filter(|p| !p.is_empty() && !UNLETTERED.contains(&p.to_lowercase().as_str()))
                .count();
            if lettered > letters {
                break;
            }
            if lettered == letters {
                start = at;
                break;
            }
        }
        let end = before.len();
        if start == end || !spells(acronym, &text[start..end]) {
            continue;
        }
        let long = lettered_keys(&text[start..end]);
        let names: Vec<String> = entity
            .names
            .iter()
            .flat_map(|n| lettered_keys(&n.text))
            .collect();
        let shared = long.iter().filter(|w| names.contains(w)).count();
        if 2 * shared > long.len() {
            spans.push((start, end, m.entity, m.name));
        } else if shared == 0 {
            redefined.push((m.start, acronym, m.entity));
        }
    }
    for (from, acronym, entity) in redefined {
        found.retain(|o| {
            !(o.start >= from && o.entity == entity && &text[o.start..o.end] == acronym)
        });
    }
    if !spans.is_empty() {
        add_partial(found, spans);
    }
}

/// The keys of the words of a name that give an acronym a letter (`of`,
/// `the`, `al` and the like left out).
fn lettered_keys(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !UNLETTERED.contains(&w.to_lowercase().as_str()))
        .map(normalize::key)
        .collect()
}

/// First words that many groups' names share (`Kata'ib ...`, `Harakat ...`,
/// `Popular ...`): never a group's short form.
const GROUP_WORDS: &[&str] = &[
    "kataib",
    "harakat",
    "saraya",
    "liwa",
    "jaysh",
    "jaish",
    "jeish",
    "hizb",
    "quwat",
    "firqat",
    "tajamu",
    "ansar",
    "popular",
    "islamic",
    "national",
    "revolutionary",
    "democratic",
    "free",
    "syrian",
    "iraqi",
    "arab",
    "lebanese",
    "afghan",
    "kurdish",
    "united",
    "new",
];

/// For each of `keys`, the words of `text` (letters, digits and
/// apostrophes) whose key it is, as byte ranges (`Asa’ib` for `asaib`): in
/// one pass over the text for all of them (a pass a key made a long
/// document's reading quadratic).
fn words_keyed(text: &str, keys: &[String]) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); keys.len()];
    if keys.is_empty() {
        return out;
    }
    let mut index: rustc_hash::FxHashMap<&str, Vec<usize>> = rustc_hash::FxHashMap::default();
    for (i, k) in keys.iter().enumerate() {
        index.entry(k.as_str()).or_default().push(i);
    }
    let firsts: Vec<char> = keys.iter().filter_map(|k| k.chars().next()).collect();
    for (s, e) in crate::chars::word_runs(text) {
        let chunk = &text[s..e];
        let lead = chunk.trim_start_matches(crate::chars::is_apostrophe);
        let first = lead.chars().next().and_then(|c| c.to_lowercase().next());
        if !first.is_some_and(|f| firsts.contains(&f)) {
            continue;
        }
        let w = lead.trim_end_matches(crate::chars::is_apostrophe);
        let s = s + (chunk.len() - lead.len());
        if let Some(at) = index.get(normalize::key(w).as_str()) {
            for &k in at {
                out[k].push((s, s + w.len()));
            }
        }
    }
    out
}

/// The short forms of groups a field names in full: the first word of a
/// militia's or outlet's name of several words (`Badr` after `Badr
/// Organization`), linked as partial names are where it stands alone in the
/// field, before the full name or after it: capitalized, with no capitalized word joined to it (`Badr
/// Lahlou` is someone else), when it is no common English word, no word
/// many groups' names start with, and no other entity's name.
fn short_forms(matcher: &Matcher, gazetteer: &Gazetteer, text: &str, found: &mut Vec<Mention>) {
    // (short form, from, mention index, also another entity's name)
    let mut heads: Vec<(&str, usize, usize, bool)> = Vec::new();
    for (i, m) in found.iter().enumerate() {
        let kind = &gazetteer.entities()[m.entity as usize].kind;
        if !matches!(kind, EntityType::Militia | EntityType::Outlet)
            || !m.ambiguous.is_empty()
            || m.key_rule == KeyRule::Partial
        {
            continue;
        }
        let name = &text[m.name_start..m.name_end];
        let Some((head, _)) = name.split_once(' ') else {
            continue;
        };
        let key = normalize::key(head);
        if head.chars().count() < 4
            || !head.starts_with(char::is_uppercase)
            || words::is_english_word(&key)
            || GROUP_WORDS.contains(&key.as_str())
            || heads.iter().any(|h| h.0 == head)
        {
            continue;
        }
        // A short form that is another entity's name (`Fars`, the province,
        // of `Fars News Agency`) stands for an outlet named by it and a
        // medium word only, where the text cites it (`Fars reported`,
        // `according to Fars`); never for a group, nor for an outlet named
        // after a place in other words (`Washington` of `Washington Post`,
        // `Iran` of `Iran International`: places speak too).
        let contested = matcher
            .targets_of(&key)
            .iter()
            .any(|t| t.entity != m.entity);
        if contested && matcher.outlet_head(&key).is_none_or(|(e, _)| e != m.entity) {
            continue;
        }
        heads.push((head, 0, i, contested));
    }
    let mut spans = Vec::new();
    let mut cited = Vec::new();
    let head_keys: Vec<String> = heads.iter().map(|h| normalize::key(h.0)).collect();
    let places = words_keyed(text, &head_keys);
    for (&(_, from, i, contested), places) in heads.iter().zip(&places) {
        for &(s, e) in places.iter().filter(|&&(s, _)| s >= from) {
            if !text[s..].starts_with(char::is_uppercase) {
                continue;
            }
            let capitalized_next = text[e..]
                .strip_prefix([' ', '-'])
                .is_some_and(|r| r.starts_with(char::is_uppercase));
            let capitalized_prev = text[..s]
                .strip_suffix(' ')
                .and_then(|b| b.split_whitespace().next_back())
                .is_some_and(|w| {
                    // A cited outlet after the last word of the sentence
                    // before (`in Ghom. Fars reported`), not an initial
                    // (`A. Fars`).
                    let sentence_ends = contested && w.len() > 2 && w.ends_with(['.', '!', '?']);
                    w.starts_with(char::is_uppercase)
                        && !sentence_ends
                        && !english::at_sentence_start(text, s - 1 - w.len())
                        && !words::is_title(&w.to_lowercase())
                });
            if capitalized_next || capitalized_prev {
                continue;
            }
            let span = (s, e, found[i].entity, found[i].name);
            if !contested {
                spans.push(span);
            } else if english::cites_source(text, s, e) {
                cited.push(span);
            }
        }
    }
    // A cited short form takes the place of the other entity's mention of
    // the same word (the province, where the text cites the agency).
    if !cited.is_empty() {
        let owners: BTreeMap<(usize, usize), Vec<u32>> =
            cited
                .iter()
                .fold(BTreeMap::new(), |mut m, &(s, e, owner, _)| {
                    m.entry((s, e)).or_insert_with(Vec::new).push(owner);
                    m
                });
        found.retain(|o| {
            !owners
                .get(&(o.name_start, o.name_end))
                .is_some_and(|all| all.iter().any(|&owner| o.entity != owner))
        });
        spans.extend(cited);
        spans.sort_unstable();
    }
    add_partial(found, spans);
}

/// Verbs only an outlet does before its object (`Fars reported`, `Mehr
/// quoted`): people say, add and claim, outlets report.
const OUTLET_VERBS: &[&str] = &[
    "reported",
    "reports",
    "quoted",
    "carried",
    "published",
    "aired",
    "broadcast",
];

/// What comes before an outlet cited by its first word (`according to
/// Mehr, ...`).
const ACCORDING: &[&str] = &["according to ", "According to "];

/// An outlet cited by its first word alone, right before a verb of
/// reporting (`..., Fars reported.`, `Mehr quoted him`), after `according
/// to` before a clause's end (`according to Mehr, ...`), or as a
/// photograph's credit (`(Mehr/Asghar Khamseh)`), where the field
/// does not name it in full ([`short_forms`] reads those): the word is the
/// outlet (see [`Matcher::outlet_head`]), in place of what else it names
/// (the province of Fars), where no longer name holds it.
fn cited_outlets(matcher: &Matcher, text: &str, found: &mut Vec<Mention>) {
    // The verbs and `according to`, found in one pass (a search of every
    // text for each cost more than the rest of this stage).
    static CUES: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    // Leftmost-first: the semantics the vectorized (Teddy) search serves.
    let Some(cues) = CUES.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(OUTLET_VERBS.iter().chain(ACCORDING))
            .ok()
    }) else {
        return;
    };
    let mut spans: Vec<(usize, usize, u32, u32)> = Vec::new();
    for cue in cues.find_iter(text) {
        if cue.pattern().as_usize() >= OUTLET_VERBS.len() {
            // `according to Mehr, ...`: the word alone before a clause's
            // end.
            let start = cue.end();
            let end = start
                + text[start..]
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(text.len() - start);
            let word = &text[start..end];
            let closes = text[end..].starts_with([',', '.', ';', ':']) || end == text.len();
            if closes
                && word.starts_with(char::is_uppercase)
                && let Some((entity, name)) = matcher.outlet_head(&normalize::key(word))
            {
                spans.push((start, end, entity, name));
            }
            continue;
        }
        let at = cue.start();
        let after = text[cue.end()..].chars().next();
        if after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let Some(before) = text[..at].strip_suffix(' ') else {
            continue;
        };
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric())
            .last()
            .map_or(before.len(), |(i, _)| i);
        let word = &before[start..];
        if !word.starts_with(char::is_uppercase) {
            continue;
        }
        if let Some((entity, name)) = matcher.outlet_head(&normalize::key(word)) {
            spans.push((start, before.len(), entity, name));
        }
    }
    // A photograph's credit: `(Mehr/Asghar Khamseh)`.
    for (slash, _) in text.match_indices('/') {
        let before = &text[..slash];
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric())
            .last()
            .map_or(slash, |(i, _)| i);
        let word = &text[start..slash];
        if text[..start].ends_with('(')
            && word.starts_with(char::is_uppercase)
            && let Some((entity, name)) = matcher.outlet_head(&normalize::key(word))
        {
            spans.push((start, slash, entity, name));
        }
    }
    if spans.is_empty() {
        return;
    }
    spans.sort_unstable();
    spans.dedup();
    for (s, e, entity, name) in spans {
        // What names the word alone gives way; a longer name keeps it.
        if found
            .iter()
            .any(|o| o.start < e && s < o.end && (o.name_start != s || o.name_end != e))
        {
            continue;
        }
        found.retain(|o| !(o.name_start == s && o.name_end == e));
        found.push(partial(s, e, entity, name));
    }
    found.sort_by_key(|m| m.start);
}

/// The mentions of one field of a document (see [`document`]).
fn field(matcher: &Matcher, gazetteer: &Gazetteer, text: &str) -> Vec<Mention> {
    let norm = normalize::normalize(text);
    let mut found = [resolve(matcher, matcher.find_in(text, &norm))];
    name_ends(matcher, gazetteer, text, &mut found[0]);
    companies(gazetteer, text, &mut found[0]);
    let fields = [text];
    evidence::require(&fields, &mut found);
    partial::link(gazetteer, matcher, &[(text, &norm)], &mut found);
    defined_acronyms(matcher, text, &mut found[0]);
    defined_long_forms(gazetteer, text, &mut found[0]);
    short_forms(matcher, gazetteer, text, &mut found[0]);
    cited_outlets(matcher, text, &mut found[0]);
    context::disambiguate(gazetteer, &fields, &mut found);
    context::states_of_cities(matcher, gazetteer, text, &mut found[0]);
    let [found] = found;
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::matcher::MatchOptions;

    fn setup(rows: &str) -> (Gazetteer, Matcher) {
        let g = Gazetteer::from_sources([(
            "t.csv".to_string(),
            format!("id,type,canonical,aliases\n{rows}"),
        )])
        .unwrap();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        (g, m)
    }

    fn found(g: &Gazetteer, m: &Matcher, text: &str) -> Vec<(String, String)> {
        mentions(m, text)
            .iter()
            .map(|x| {
                (
                    text[x.start..x.end].to_string(),
                    g.entities()[x.entity as usize].id.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn leftmost_longest() {
        let (g, m) = setup("iran,place,Iran,Islamic Republic of Iran|Islamic Republic\niran-international,outlet,Iran International,\nkh,militia,Kata'ib Hezbollah,\nhezbollah,militia,Hezbollah,\n");
        let text = "Iran International said the Islamic Republic of Iran and Kata’ib Hezbollah, not Hezbollah.";
        assert_eq!(
            found(&g, &m, text),
            vec![
                ("Iran International".into(), "iran-international".into()),
                ("Islamic Republic of Iran".into(), "iran".into()),
                ("Kata’ib Hezbollah".into(), "kh".into()),
                ("Hezbollah".into(), "hezbollah".into()),
            ]
        );
    }

    #[test]
    fn a_longer_name_failing_its_boundary_does_not_hide_a_shorter_one() {
        let (g, m) = setup("iran,place,Iran,\niran-international,outlet,Iran International,\n");
        assert_eq!(
            found(&g, &m, "Iran Internationally"),
            vec![("Iran".into(), "iran".into())]
        );
    }

    #[test]
    fn a_name_beats_a_lost_possessive_guess() {
        let (g, m) = setup("hama,place,Hama,\nhamas,militia,Hamas,\n");
        assert_eq!(
            found(&g, &m, "Hamas and Hama"),
            vec![
                ("Hamas".into(), "hamas".into()),
                ("Hama".into(), "hama".into())
            ]
        );
    }

    #[test]
    fn ambiguity_is_flagged_not_hidden() {
        let (g, m) =
            setup("fars-province,place,Fars,\nfars-news-agency,outlet,Fars News Agency,Fars\n");
        let ms = mentions(&m, "Fars reported");
        assert_eq!(ms.len(), 1);
        let ids: Vec<&str> = ms[0]
            .ambiguous
            .iter()
            .map(|&e| g.entities()[e as usize].id.as_str())
            .collect();
        assert_eq!(ids, vec!["fars-province", "fars-news-agency"]);
    }

    #[test]
    fn a_long_form_before_a_listed_acronym_is_its_name_or_says_it_is_not() {
        let (g, m) = setup(
            "pmf,militia,Popular Mobilization Forces,PMF\n\
             afp,outlet,Agence France-Presse,AFP\n",
        );
        let ids = |text: &str| -> Vec<(String, String)> {
            field(&m, &g, text)
                .iter()
                .map(|x| {
                    (
                        text[x.start..x.end].to_string(),
                        g.entities()[x.entity as usize].id.clone(),
                    )
                })
                .collect()
        };
        let p = |s: &str, id: &str| (s.to_string(), id.to_string());
        // A long form of the group's own words: a name of it.
        assert_eq!(
            ids("Fighters of the Popular Mobilization Front (PMF) left; the PMF stayed."),
            [
                p("Popular Mobilization Front", "pmf"),
                p("PMF", "pmf"),
                p("PMF", "pmf")
            ]
        );
        // Another thing with the same letters: the acronym is no mention
        // of the outlet there or after, only before.
        assert_eq!(
            ids("AFP said the Armed Forces of the Philippines (AFP) moved; the AFP denied it."),
            [p("AFP", "afp")]
        );
        // Words that do not spell it, or are not capitalized, decide nothing.
        assert_eq!(
            ids("The armed forces of the Philippines (AFP) moved."),
            [p("AFP", "afp")]
        );
        assert_eq!(ids("The Philippine Army (AFP) moved."), [p("AFP", "afp")]);
    }
}
