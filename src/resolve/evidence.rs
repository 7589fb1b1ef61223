//! Evidence for one-word spellings found by skeleton.
//!
//! One word's consonants say little: `Garcia` has the skeleton of `Karachi`,
//! `Gabelli` of `Jablah`, `Bergen` of `Borujen`. A spelling of one word
//! found only by its consonant skeleton ([`crate::skeleton`]) is therefore
//! kept only when the document itself points to its entity: it names the
//! entity as listed (`Hezbollah` earlier, `Hizballah` here), or it names
//! something of the same country (`Tehran` makes `Borujen` likelier). The
//! evidence must be a mention found as listed or by a rule, not another
//! guess by skeleton or a partial name.
//!
//! Names of several words carry more consonants and need no evidence.

use super::Mention;
use crate::gazetteer::Gazetteer;
use crate::matcher::KeyRule;
use std::collections::HashSet;

/// Is this mention a guess that needs the document's support: found by
/// skeleton, on a surface of one word?
fn needs_evidence(m: &Mention, text: &str) -> bool {
    m.key_rule == KeyRule::Skeleton
        && !text[m.name_start..m.name_end].contains(|c: char| c.is_whitespace())
}

/// Drops the one-word skeleton mentions of a document (`found`, one list per
/// field of `fields`) that nothing else in the document supports.
pub fn require(gazetteer: &Gazetteer, fields: &[&str], found: &mut [Vec<Mention>]) {
    let entities = gazetteer.entities();
    let mut named: HashSet<u32> = HashSet::new();
    let mut countries: HashSet<&str> = HashSet::new();
    for m in found.iter().flatten() {
        if matches!(m.key_rule, KeyRule::Skeleton | KeyRule::Partial) || !m.ambiguous.is_empty() {
            continue;
        }
        named.insert(m.entity);
        if let Some(c) = entities[m.entity as usize].country.as_deref() {
            countries.insert(c);
        }
    }
    for (list, text) in found.iter_mut().zip(fields) {
        list.retain(|m| {
            !needs_evidence(m, text) || named.contains(&m.entity) || {
                let e = &entities[m.entity as usize];
                e.country.as_deref().is_some_and(|c| countries.contains(c))
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::Gazetteer;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::resolve;

    fn ids(text: &str) -> Vec<String> {
        let g = Gazetteer::from_sources([(
            "t.csv".to_string(),
            "id,type,canonical,aliases,wikidata,country\n\
             borujen,place,Borujen,,,IR\n\
             tehran,place,Tehran,,,IR\n\
             hezbollah,militia,Hezbollah,,,LB\n"
                .to_string(),
        )])
        .unwrap();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        resolve::document(&m, &g, &[text])
            .remove(0)
            .iter()
            .map(|x| g.entities()[x.entity as usize].id.clone())
            .collect()
    }

    #[test]
    fn one_word_skeletons_need_the_document() {
        // Nothing in the document points to Iran or to Lebanon.
        assert!(ids("The field lies west of Bergen, in the North Sea.").is_empty());
        assert!(ids("The statement from Hizballah came late.").is_empty());
        // The same spellings where the document supports them.
        assert_eq!(
            ids("Flights from Tehran reach Borougen twice a week."),
            ["tehran", "borujen"]
        );
        assert_eq!(
            ids("Hezbollah denied it. A Hizballah statement came late."),
            ["hezbollah", "hezbollah"]
        );
    }
}
