//! Ambiguous names, decided from the document where it tells.
//!
//! A name of several entities (`Fars`: the province and the news agency;
//! `Tripoli`: in Libya and in Lebanon) is decided only on evidence from the
//! same document, and each candidate is scored:
//!
//! * +2 when the document mentions it elsewhere without ambiguity
//!   (`Fars News Agency` earlier in the article);
//! * +1 when the document mentions, without ambiguity, something in the same
//!   country (`Beirut` makes Lebanon's Tripoli likelier);
//! * +1 when the words around the mention fit its type (`Fars reported`,
//!   `according to Fars` for an outlet; `in Fars`, `Fars province` for a place).
//!
//! The single best candidate wins, and the mention says so in its `rule`
//! column (`disambiguated`). A tie, or no evidence, leaves the mention flagged
//! ambiguous with every candidate: nothing is assigned silently.
//!
//! # A country and its namesakes
//!
//! One kind of ambiguity has a likely answer: a country's name that a place
//! of another country shares (`Georgia`, the country and the US state). In
//! world news the name is mostly the country, and the country of the
//! namesake is named everywhere (`the United States`, `Washington`), so
//! neither a tie nor a mention of that country may decide it. The name is
//! the country unless the text says otherwise, read in this order:
//!
//! 1. what it is listed with or set beside: other countries (`Armenia,
//!    Georgia and Azerbaijan`, `Ukraine and Georgia`) or a place of the
//!    country (`Kutaisi, Georgia`) keep the country; places below a country
//!    of the namesake's (`Atlanta, Georgia`; `Arizona, Georgia and Texas`)
//!    make the namesake;
//! 2. a word that calls it a state (`the state of Georgia`, `Georgia's
//!    governor`, `Georgia state`) makes the namesake that is a division;
//! 3. the places the document names (divisions and localities, not
//!    countries, each counted once): the namesake when its country has
//!    three or more than the country's. An article on Atlanta, Savannah and
//!    Florida is about the US state; one that names `the United States`,
//!    `Washington` and `New York` beside `Georgia` is still about the
//!    country.
//!
//! What steps 1 and 2 decide at some mentions holds at the others of the
//! document, where nothing around them tells, when those decisions agree: a
//! story on the US state sets it beside a city once (`Atlanta, Georgia`)
//! and names it alone many times (`in Georgia, the two counties ...`).
//!
//! The gazetteers say which places are countries
//! ([`crate::gazetteer::PlaceLevel`]).

use super::Mention;
use crate::gazetteer::{Entity, EntityType, Gazetteer, PlaceLevel};
use crate::matcher::Matcher;
use std::collections::{HashMap, HashSet};

/// Words after an outlet's name (`Fars reported`).
const OUTLET_AFTER: &[&str] = &[
    "reported",
    "reports",
    "said",
    "says",
    "quoted",
    "cited",
    "wrote",
    "published",
    "news",
    "agency",
    "correspondent",
    "report",
];
/// Words before an outlet's name (`according to Fars`, `told Fars`).
const OUTLET_BEFORE: &[&str] = &["to", "told", "by", "via"];
/// Words before a place's name (`in Fars`).
const PLACE_BEFORE: &[&str] = &[
    "in", "from", "near", "across", "into", "at", "province", "city", "town",
];
/// Words after a place's name (`Fars province`).
const PLACE_AFTER: &[&str] = &[
    "province",
    "governorate",
    "city",
    "region",
    "district",
    "border",
    "crossing",
    "county",
];

fn word_before(text: &str, start: usize) -> String {
    text[..start]
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

fn word_after(text: &str, end: usize) -> String {
    text[end..]
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

fn type_cue(kind: &str, before: &str, after: &str) -> bool {
    match kind {
        "outlet" => {
            OUTLET_AFTER.contains(&after)
                || (OUTLET_BEFORE.contains(&before) && after != "province")
        }
        "place" => PLACE_BEFORE.contains(&before) || PLACE_AFTER.contains(&after),
        _ => false,
    }
}

/// Decides the ambiguous mentions of a document where its evidence allows.
/// `texts[i]` is the text of field `i`, `mentions[i]` its mentions.
pub fn disambiguate(g: &Gazetteer, texts: &[&str], mentions: &mut [Vec<Mention>]) {
    let ents = g.entities();
    if mentions.iter().flatten().all(|m| m.ambiguous.is_empty()) {
        return;
    }
    let mut named: HashSet<u32> = HashSet::new();
    let mut countries: HashSet<&str> = HashSet::new();
    for m in mentions.iter().flatten().filter(|m| m.ambiguous.is_empty()) {
        named.insert(m.entity);
        if let Some(c) = &ents[m.entity as usize].country {
            countries.insert(c.as_str());
        }
    }
    // The places below a country that the document names, by country.
    let mut places_in: HashMap<&str, u32> = HashMap::new();
    for &e in &named {
        let ent = &ents[e as usize];
        if ent.kind == EntityType::Place
            && ent.level != Some(PlaceLevel::Country)
            && let Some(c) = &ent.country
        {
            *places_in.entry(c.as_str()).or_default() += 1;
        }
    }
    // The countries' names decided, by field and index: their candidates,
    // the winner, and whether the words around the mention told.
    let mut by_country_rule: Vec<(usize, usize, Vec<u32>, u32, bool)> = Vec::new();
    for (f, (text, found)) in texts.iter().zip(mentions.iter_mut()).enumerate() {
        for i in 0..found.len() {
            if found[i].ambiguous.is_empty() {
                continue;
            }
            let around = Around::of(text, found, i);
            let m = &mut found[i];
            if let Some((e, told)) = country_or_namesake(ents, &m.ambiguous, &places_in, &around) {
                by_country_rule.push((f, i, m.ambiguous.clone(), e, told));
                decide(ents, m, e);
                continue;
            }
            let (before, after) = (word_before(text, m.start), word_after(text, m.end));
            let scores: Vec<(u32, u32)> = m
                .ambiguous
                .iter()
                .map(|&e| {
                    let ent = &ents[e as usize];
                    let mut s = 0;
                    if named.contains(&e) {
                        s += 2;
                    }
                    if ent
                        .country
                        .as_deref()
                        .is_some_and(|c| countries.contains(c))
                    {
                        s += 1;
                    }
                    if type_cue(ent.kind.as_str(), &before, &after) {
                        s += 1;
                    }
                    (s, e)
                })
                .collect();
            let best = scores.iter().map(|&(s, _)| s).max().unwrap_or(0);
            let winners: Vec<u32> = scores
                .iter()
                .filter(|&&(s, _)| s == best)
                .map(|&(_, e)| e)
                .collect();
            if best > 0 && winners.len() == 1 {
                decide(ents, m, winners[0]);
            }
        }
    }
    same_name_same_place(ents, mentions, &by_country_rule);
}

/// A city's name that is the name of its country's division too, less a
/// word (`Washington` of `Washington State`, `New York` of `New York
/// State`), is the division where the words around it call it a state:
/// `Washington Gov. Bob Ferguson`, `New York state`, `the state of
/// Washington`, and after a city of the same country and a comma
/// (`Seattle, Washington`; `Albany, New York, on Monday`), unless a list goes on after it
/// (`Boston, Washington and Chicago`). Anywhere else the name stays the
/// city, the sense the press mostly means: one `Washington Gov.` in a
/// story does not make the capital a state at its other mentions.
///
/// The division is found by the key of the name and the word `state`
/// among the gazetteer's names, so it holds for any such pair a
/// gazetteer lists, without a table of them. The mention is then a
/// partial name of the division (`match` = `partial`), decided by the
/// document (`rule` = `disambiguated`).
pub fn states_of_cities(matcher: &Matcher, g: &Gazetteer, text: &str, found: &mut [Mention]) {
    let ents = g.entities();
    for i in 0..found.len() {
        let m = &found[i];
        let ent = &ents[m.entity as usize];
        if ent.kind != EntityType::Place
            || !(state_word(text, m, CITY_STATE_BEFORE)
                || after_a_place_of(matcher, ents, text, found, i))
        {
            continue;
        }
        let Some(state) = state_of(matcher, ents, text, m) else {
            continue;
        };
        let key = format!(
            "{} state",
            crate::normalize::key(&text[m.name_start..m.name_end])
        );
        let m = &mut found[i];
        m.name = name_keyed(ents, state, &key);
        m.entity = state;
        // A part of the division's name, as `Rubin` is of `Michael Rubin`.
        m.key_rule = crate::matcher::KeyRule::Partial;
        m.disambiguated = true;
    }
}

/// The division of its country named as the city `m` is with the word
/// `state` (`Washington State` for `Washington`), if `m` is a city (not a
/// country, not a division) and the gazetteer lists one.
fn state_of(matcher: &Matcher, ents: &[Entity], text: &str, m: &Mention) -> Option<u32> {
    let ent = &ents[m.entity as usize];
    if !m.ambiguous.is_empty()
        || ent.kind != EntityType::Place
        || matches!(ent.level, Some(PlaceLevel::Country | PlaceLevel::Division))
    {
        return None;
    }
    let country = ent.country.as_deref()?;
    let key = format!(
        "{} state",
        crate::normalize::key(text.get(m.name_start..m.name_end)?)
    );
    matcher
        .targets_of(&key)
        .iter()
        .map(|t| t.entity)
        .find(|&e| {
            let s = &ents[e as usize];
            s.kind == EntityType::Place
                && s.level == Some(PlaceLevel::Division)
                && s.country.as_deref() == Some(country)
        })
}

/// Words before a city's name that call it a state (`the state of
/// Washington`); `a puppet state of Washington` does not.
const CITY_STATE_BEFORE: &[&str] = &[
    "the state of",
    "u.s. state of",
    "us state of",
    "governor of",
];

/// Is the word after `m` one of [`STATE_AFTER`] (a possessive `'s` left
/// out: `Georgia's governor`), or do the words before it end with one of
/// `before` (`state of Georgia`)? Only the words next to the mention are
/// read and compared without case, not the text before it lowercased.
fn state_word(text: &str, m: &Mention, before: &[&str]) -> bool {
    let rest = text.get(m.end..).unwrap_or("");
    let rest = rest
        .strip_prefix("'s")
        .or_else(|| rest.strip_prefix("\u{2019}s"))
        .unwrap_or(rest);
    let next = rest
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if STATE_AFTER.iter().any(|w| next.eq_ignore_ascii_case(w)) {
        return true;
    }
    let head = text.get(..m.start).unwrap_or("").trim_end();
    before.iter().any(|w| {
        let cut = head.len().saturating_sub(w.len());
        head.is_char_boundary(cut)
            && head[cut..].eq_ignore_ascii_case(w)
            && !head[..cut].ends_with(char::is_alphanumeric)
    })
}

/// Is mention `i` set after a city of its own country and a comma
/// (`Seattle, Washington`), and not in a list (`Boston, Washington and
/// Chicago`; `in Washington, New York, European capitals`: a city that is
/// itself named as a state starts no such pair) nor a longer name?
fn after_a_place_of(
    matcher: &Matcher,
    ents: &[Entity],
    text: &str,
    found: &[Mention],
    i: usize,
) -> bool {
    let m = &found[i];
    let Some(before) = i.checked_sub(1).map(|j| &found[j]) else {
        return false;
    };
    let b = &ents[before.entity as usize];
    if before.entity == m.entity
        || !before.ambiguous.is_empty()
        || b.kind != EntityType::Place
        || matches!(b.level, Some(PlaceLevel::Country | PlaceLevel::Division))
        || b.country != ents[m.entity as usize].country
        || text.get(before.end..m.start).map(str::trim) != Some(",")
        || state_of(matcher, ents, text, before).is_some()
    {
        return false;
    }
    let rest = text.get(m.end..).unwrap_or("");
    // A name goes on (`Baltimore, Washington University`), or the list
    // does (`Indianapolis, New York's Kennedy Airport`).
    let after = rest.trim_start();
    if after.starts_with(char::is_uppercase) || after.starts_with(['\'', '\u{2019}']) {
        return false;
    }
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    let next_word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let listed_after = found
        .get(i + 1)
        .is_some_and(|n| text.get(m.end..n.start).map(str::trim) == Some(","));
    !matches!(next_word, "and" | "or") && !listed_after
}

/// A country's name that the words around some of its mentions decide
/// (`Atlanta, Georgia`, `Georgia Gov. Brian Kemp`) is the same place at its
/// other mentions in the document, where nothing around them tells (`in
/// Georgia, the two counties ...`), when those that tell agree: a story on
/// the US state names it many times and sets it beside a city once.
/// `decided` holds the decisions of [`country_or_namesake`], by field and
/// index.
fn same_name_same_place(
    ents: &[Entity],
    mentions: &mut [Vec<Mention>],
    decided: &[(usize, usize, Vec<u32>, u32, bool)],
) {
    // For each set of candidates, the one place the words told, or `None`
    // when they told two.
    let mut told: HashMap<&[u32], Option<u32>> = HashMap::new();
    for (_, _, candidates, e, by_words) in decided {
        if *by_words {
            told.entry(candidates)
                .and_modify(|t| {
                    if *t != Some(*e) {
                        *t = None;
                    }
                })
                .or_insert(Some(*e));
        }
    }
    for (f, i, candidates, e, by_words) in decided {
        if let (false, Some(Some(t))) = (*by_words, told.get(candidates.as_slice()))
            && t != e
            && let Some(m) = mentions.get_mut(*f).and_then(|ms| ms.get_mut(*i))
        {
            decide(ents, m, *t);
        }
    }
}

/// Links an ambiguous mention to the candidate `e`.
fn decide(ents: &[Entity], m: &mut Mention, e: u32) {
    // The name that matched is a name of the winner too; find it.
    let key = crate::normalize::key(&ents[m.entity as usize].names[m.name as usize].text);
    m.name = name_keyed(ents, e, &key);
    m.entity = e;
    m.ambiguous.clear();
    m.disambiguated = true;
}

/// The index of the name of entity `e` whose key is `key`; its first name
/// (the canonical) when none is.
fn name_keyed(ents: &[Entity], e: u32, key: &str) -> u32 {
    ents[e as usize]
        .names
        .iter()
        .position(|n| crate::normalize::key(&n.text) == key)
        .map_or(0, |i| i as u32)
}

/// What is written next to an ambiguous mention: the places it is listed
/// with or set beside (`Atlanta, Georgia`; `Armenia, Georgia and
/// Azerbaijan`), and whether a word calls it a state (`the state of
/// Georgia`, `Georgia's governor`).
struct Around {
    /// The entities of the mentions next to it, with nothing between but a
    /// comma, `and`, `or` or `&`.
    neighbours: Vec<u32>,
    state_word: bool,
}

/// Words that call a place a state of a federation.
const STATE_AFTER: &[&str] = &["state", "governor", "gov", "legislature", "statehouse"];
const STATE_BEFORE: &[&str] = &["state of", "governor of"];

impl Around {
    fn of(text: &str, found: &[Mention], i: usize) -> Around {
        let m = &found[i];
        let listed = |gap: &str| {
            matches!(
                gap.trim(),
                "," | "and" | "or" | "&" | ", and" | ", or" | "and the" | ", and the"
            )
        };
        let mut neighbours = Vec::new();
        let before = found
            .iter()
            .filter(|o| o.end <= m.start && o.ambiguous.is_empty())
            .max_by_key(|o| o.end);
        let after = found
            .iter()
            .filter(|o| o.start >= m.end && o.ambiguous.is_empty())
            .min_by_key(|o| o.start);
        for o in before.into_iter().chain(after) {
            // The text between them, whichever comes first.
            let gap = if o.end <= m.start {
                text.get(o.end..m.start)
            } else {
                text.get(m.end..o.start)
            };
            let gap = gap.unwrap_or("");
            if listed(gap) {
                neighbours.push(o.entity);
            }
        }
        let state_word = state_word(text, m, STATE_BEFORE);
        Around {
            neighbours,
            state_word,
        }
    }
}

/// The answer for a country's name that places of other countries share
/// (see the module documentation), from what is written next to the
/// mention, then from the places the document names in each country
/// (`places_in`): `None` when the candidates are not one country and such
/// places. With the answer, whether the words around the mention gave it
/// (steps 1 and 2) rather than the document's places (step 3).
fn country_or_namesake(
    ents: &[Entity],
    candidates: &[u32],
    places_in: &HashMap<&str, u32>,
    around: &Around,
) -> Option<(u32, bool)> {
    let is_country = |e: u32| ents[e as usize].level == Some(PlaceLevel::Country);
    let mut countries = candidates.iter().copied().filter(|&e| is_country(e));
    let country = countries.next()?;
    if countries.next().is_some()
        || candidates
            .iter()
            .any(|&e| ents[e as usize].kind != EntityType::Place)
    {
        return None;
    }
    let country_code = ents[country as usize].country.as_deref();
    // A namesake in the country's own country (`México`, the state) is not
    // told apart by where it is.
    let namesakes: Vec<u32> = candidates
        .iter()
        .copied()
        .filter(|&e| e != country && ents[e as usize].country.as_deref() != country_code)
        .collect();
    let in_country_of = |code: &str| {
        namesakes
            .iter()
            .copied()
            .find(|&e| ents[e as usize].country.as_deref() == Some(code))
    };
    // Listed with countries, or beside a place of the country, it is the
    // country; listed with or beside places of one namesake's country
    // (`Atlanta, Georgia`; `Florida, Georgia and Alabama`), that namesake.
    let mut for_country = false;
    let mut for_namesake: Option<u32> = None;
    let mut split = false;
    for &n in &around.neighbours {
        let ne = &ents[n as usize];
        if ne.kind != EntityType::Place || candidates.contains(&n) {
            continue;
        }
        let code = ne.country.as_deref();
        if ne.level == Some(PlaceLevel::Country) || (code.is_some() && code == country_code) {
            for_country = true;
        } else if let Some(e) = code.and_then(in_country_of) {
            split |= for_namesake.is_some_and(|f| f != e);
            for_namesake = Some(e);
        }
    }
    match (for_country, for_namesake) {
        (true, None) => return Some((country, true)),
        (false, Some(e)) if !split => return Some((e, true)),
        _ => {}
    }
    // Called a state: the one namesake that is a division.
    if around.state_word {
        let mut divisions = namesakes
            .iter()
            .copied()
            .filter(|&e| ents[e as usize].level == Some(PlaceLevel::Division));
        if let (Some(e), None) = (divisions.next(), divisions.next()) {
            return Some((e, true));
        }
    }
    let in_country = |e: u32| {
        ents[e as usize]
            .country
            .as_deref()
            .and_then(|c| places_in.get(c))
            .copied()
            .unwrap_or(0)
    };
    // What a namesake's country must pass: the capital and the city of the
    // UN, say, named in a story on the country.
    let bar = in_country(country) + 2;
    let mut best: Option<(u32, u32)> = None;
    let mut tied = false;
    for &e in &namesakes {
        let n = in_country(e);
        match best {
            Some((b, _)) if n == b => tied = true,
            Some((b, _)) if n < b => {}
            _ => {
                best = Some((n, e));
                tied = false;
            }
        }
    }
    match best {
        Some((n, e)) if n > bar && !tied => Some((e, false)),
        _ => Some((country, false)),
    }
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::Gazetteer;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::resolve;

    /// (surface, entity id, still ambiguous) of `text` resolved against the
    /// gazetteer `csv`.
    fn resolved(csv: &str, text: &str) -> Vec<(String, String, bool)> {
        let g = Gazetteer::from_sources([("t.csv".to_string(), csv.to_string())]).unwrap();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        resolve::document(&m, &g, &[text])
            .remove(0)
            .into_iter()
            .map(|x| {
                (
                    text[x.start..x.end].to_string(),
                    g.entities()[x.entity as usize].id.clone(),
                    !x.ambiguous.is_empty(),
                )
            })
            .collect()
    }

    fn run(text: &str) -> Vec<(String, String, bool)> {
        resolved(
            "id,type,canonical,aliases,wikidata,country\n\
             fars,place,Fars,,,IR\n\
             fars-news-agency,outlet,Fars News Agency,Fars,,IR\n\
             tripoli,place,Tripoli,,,LY\n\
             tripoli-lb,place,Tripoli,,,LB\n\
             beirut,place,Beirut,,,LB\n",
            text,
        )
    }

    #[test]
    fn the_document_decides() {
        let p = |s: &str, id: &str, amb| (s.to_string(), id.to_string(), amb);
        assert_eq!(
            run("Fars reported a quake."),
            vec![p("Fars", "fars-news-agency", false)]
        );
        assert_eq!(
            run("A quake hit Fars province."),
            vec![p("Fars", "fars", false)]
        );
        assert_eq!(
            run("The Fars News Agency said that Fars had"),
            vec![
                p("Fars News Agency", "fars-news-agency", false),
                p("Fars", "fars-news-agency", false)
            ]
        );
        assert_eq!(
            run("Clashes in Beirut and Tripoli"),
            vec![
                p("Beirut", "beirut", false),
                p("Tripoli", "tripoli-lb", false)
            ]
        );
    }

    #[test]
    fn no_evidence_stays_ambiguous() {
        assert_eq!(
            run("Tripoli"),
            vec![("Tripoli".to_string(), "tripoli".to_string(), true)]
        );
        assert_eq!(
            run("Fars and Tripoli"),
            vec![
                ("Fars".into(), "fars".into(), true),
                ("Tripoli".into(), "tripoli".into(), true)
            ]
        );
    }

    /// (surface, entity id, still ambiguous) with a country and its
    /// namesake, a US state, and places of both countries.
    fn run_places(text: &str) -> Vec<(String, String, bool)> {
        resolved(
            "id,type,canonical,aliases,wikidata,country,feature_code\n\
             georgia,place,Georgia,,,GE,PCLI\n\
             georgia-us,place,Georgia,,,US,ADM1\n\
             united-states,place,United States,,,US,PCLI\n\
             washington,place,Washington,,,US,\n\
             new-york,place,New York,,,US,\n\
             atlanta,place,Atlanta,,,US,PPLA\n\
             texas,place,Texas,,,US,ADM1\n\
             florida,place,Florida,,,US,ADM1\n\
             tbilisi,place,Tbilisi,,,GE,PPLC\n",
            text,
        )
    }

    fn georgia(text: &str) -> Vec<(String, bool)> {
        run_places(text)
            .into_iter()
            .filter(|(s, _, _)| s == "Georgia")
            .map(|(_, id, amb)| (id, amb))
            .collect()
    }

    #[test]
    fn a_countrys_name_is_the_country_without_evidence_against() {
        let country = || ("georgia".to_string(), false);
        // No evidence either way: the country, decided, not left ambiguous.
        assert_eq!(georgia("Georgia signed the deal."), [country()]);
        // The namesake's country itself, its capital and one more city are
        // named in any world news: not enough.
        assert_eq!(
            georgia("The United States, Washington and New York welcomed Georgia's deal."),
            [country()]
        );
    }

    #[test]
    fn a_countrys_name_in_a_story_full_of_the_namesakes_places_is_the_namesake() {
        assert_eq!(
            georgia("Storms hit Atlanta, Texas and Florida before they reached Georgia."),
            [("georgia-us".to_string(), false)]
        );
        // Every mention of the name in the document goes the same way.
        assert_eq!(
            georgia("Georgia braced. Atlanta, Texas and Florida flooded, then Georgia did."),
            [
                ("georgia-us".to_string(), false),
                ("georgia-us".to_string(), false)
            ]
        );
        // Places of the country raise the bar.
        assert_eq!(
            georgia("Tbilisi watched Atlanta, Texas and Florida; Georgia said nothing."),
            [("georgia".to_string(), false)]
        );
    }

    #[test]
    fn a_countrys_name_is_decided_by_what_it_is_listed_with_or_set_beside() {
        let state = || ("georgia-us".to_string(), false);
        let country = || ("georgia".to_string(), false);
        // Beside a city of the namesake's country, or listed with its
        // states: the namesake, though the document names nothing else.
        assert_eq!(
            georgia("He lived in Atlanta, Georgia, for years."),
            [state()]
        );
        assert_eq!(georgia("Texas, Georgia and Florida voted."), [state()]);
        assert_eq!(georgia("Florida or Georgia will vote."), [state()]);
        // Listed with countries, or beside a city of the country: the
        // country, though the document is full of the namesake's places.
        assert_eq!(
            georgia("Atlanta, Texas and Florida wrote to the United States and Georgia."),
            [country()]
        );
        assert_eq!(
            georgia("Atlanta, Texas and Florida heard from Tbilisi, Georgia."),
            [country()]
        );
    }

    #[test]
    fn a_countrys_name_called_a_state_is_the_namesake_that_is_a_division() {
        let state = || ("georgia-us".to_string(), false);
        assert_eq!(georgia("The state of Georgia sued."), [state()]);
        assert_eq!(georgia("Georgia's governor signed it."), [state()]);
        assert_eq!(georgia("Georgia state lawmakers met."), [state()]);
        // `statesman` is no state.
        assert_eq!(
            georgia("Georgia statesmen met."),
            [("georgia".to_string(), false)]
        );
        // `Gov.` before a governor's name, though `Georgia` is also a given
        // name and `Gov` might have been a surname.
        assert_eq!(georgia("Georgia Gov. Brian Kemp spoke."), [state()]);
    }

    #[test]
    fn what_the_words_around_one_mention_tell_holds_for_the_others() {
        let state = || ("georgia-us".to_string(), false);
        let country = || ("georgia".to_string(), false);
        // Nothing around the first tells; the second is beside Atlanta.
        assert_eq!(
            georgia("Floods hit two counties in Georgia on Sunday. Crews from Atlanta, Georgia, helped."),
            [state(), state()]
        );
        // And the other way: the country, beside its capital.
        assert_eq!(
            georgia("Georgia voted. Atlanta, Texas and Florida watched Tbilisi, Georgia."),
            [country(), country()]
        );
        // Two mentions that tell two places leave the rest to the document.
        assert_eq!(
            georgia("Georgia voted. He flew from Atlanta, Georgia to Tbilisi, Georgia."),
            [country(), state(), country()]
        );
    }

    #[test]
    fn a_city_named_as_its_state_is_the_state_where_the_words_say_so() {
        let csv = "id,type,canonical,aliases,wikidata,country,feature_code,iso_3166_2\n\
            washington,place,Washington,Washington DC,,US,PPLC,\n\
            washington-state,place,Washington State,=Washington State,,US,,US-WA\n\
            seattle,place,Seattle,,,US,PPL,\n\
            united-states,place,United States,U.S.,,US,PCLI,\n\
            boston,place,Boston,,,US,PPL,\n\
            chicago,place,Chicago,,,US,PPL,\n\
            paris,place,Paris,,,FR,PPLC,\n";
        let ids = |text: &str| -> Vec<String> {
            resolved(csv, text)
                .into_iter()
                .filter(|(s, _, _)| s == "Washington")
                .map(|(_, id, _)| id)
                .collect()
        };
        // The words around it call it a state.
        assert_eq!(
            ids("Washington Gov. Bob Ferguson said."),
            ["washington-state"]
        );
        assert_eq!(ids("Washington's governor said."), ["washington-state"]);
        assert_eq!(
            ids("in the state of Washington, crews"),
            ["washington-state"]
        );
        assert_eq!(
            ids("Fires in Seattle, Washington, on Monday."),
            ["washington-state"]
        );
        // Nothing calls it a state: the city, even in a story that once does.
        assert_eq!(
            ids("Washington Gov. Bob Ferguson flew to Washington for talks."),
            ["washington-state", "washington"]
        );
        assert_eq!(ids("Talks in Washington ended."), ["washington"]);
        // A list of cities, and a place of another country before it.
        assert_eq!(
            ids("He toured Boston, Washington and Chicago."),
            ["washington"]
        );
        assert_eq!(
            ids("He toured Boston, Washington, Chicago."),
            ["washington"]
        );
        assert_eq!(ids("From Paris, Washington looked weak."), ["washington"]);
        assert_eq!(ids("It was a puppet state of Washington."), ["washington"]);
        assert_eq!(ids("Angry at the U.S., Washington said"), ["washington"]);
        assert_eq!(ids("In Washington, Seattle, Boston"), ["washington"]);
        assert_eq!(ids("Boston, Washington University"), ["washington"]);
        assert_eq!(ids("Boston, Washington's airport"), ["washington"]);
        // The state named whole is matched as it is.
        assert_eq!(
            resolved(csv, "Washington State passed it.")[0].1,
            "washington-state"
        );
    }
}
