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

use super::Mention;
use crate::gazetteer::Gazetteer;
use std::collections::HashSet;

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
    let mut named: HashSet<u32> = HashSet::new();
    let mut countries: HashSet<&str> = HashSet::new();
    for m in mentions.iter().flatten().filter(|m| m.ambiguous.is_empty()) {
        named.insert(m.entity);
        if let Some(c) = &ents[m.entity as usize].country {
            countries.insert(c.as_str());
        }
    }
    for (text, found) in texts.iter().zip(mentions.iter_mut()) {
        for m in found.iter_mut().filter(|m| !m.ambiguous.is_empty()) {
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
                let e = winners[0];
                // The name that matched is a name of the winner too; find it.
                let key =
                    crate::normalize::key(&ents[m.entity as usize].names[m.name as usize].text);
                m.name = ents[e as usize]
                    .names
                    .iter()
                    .position(|n| crate::normalize::key(&n.text) == key)
                    .map_or(0, |i| i as u32);
                m.entity = e;
                m.ambiguous.clear();
                m.disambiguated = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::Gazetteer;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::resolve;

    fn run(text: &str) -> Vec<(String, String, bool)> {
        let g = Gazetteer::from_sources([(
            "t.csv".to_string(),
            "id,type,canonical,aliases,wikidata,country\n\
             fars,place,Fars,,,IR\n\
             fars-news-agency,outlet,Fars News Agency,Fars,,IR\n\
             tripoli,place,Tripoli,,,LY\n\
             tripoli-lb,place,Tripoli,,,LB\n\
             beirut,place,Beirut,,,LB\n"
                .to_string(),
        )])
        .unwrap();
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
}
