//! Evidence for one-word spellings found by skeleton.
//!
//! One word's consonants say little: `Garcia` has the skeleton of `Karachi`,
//! `Gabelli` of `Jablah`, `Kherson` of `Khorasan`, `Safar` (the month) of
//! `Safirah`. A spelling of one word found only by its consonant skeleton
//! ([`crate::skeleton`]) is therefore kept only when the document itself
//! names its entity as listed: `Hezbollah` earlier, `Hizballah` here. The
//! evidence must be a mention found as listed or by a rule, not another
//! guess by skeleton or a partial name. (Naming something of the same
//! country was tried as evidence and is too weak: a Tehran Times article
//! always names Iran.)
//!
//! Names of several words carry more consonants and need no evidence.
//!
//! A name that is also a common word (`=Trump`, `=Republic`) standing where
//! its capital says nothing (at a sentence start, after `the`, beside one
//! capitalized word: [`crate::english`]) is a weak mention: kept on the same
//! evidence, the field naming its entity where the name stands for itself
//! (`Donald Trump`, or `Trump` mid-sentence), rather than dropped for where
//! it stands.

use super::Mention;
use crate::matcher::KeyRule;
use std::collections::HashSet;

/// Is this mention a guess that needs the document's support: found by
/// skeleton, on a surface of one word, or weak?
fn needs_evidence(m: &Mention, text: &str) -> bool {
    m.weak
        || (m.key_rule == KeyRule::Skeleton
            && !text[m.name_start..m.name_end].contains(|c: char| c.is_whitespace()))
}

/// Drops the one-word skeleton mentions and the weak mentions of a document
/// (`found`, one list per field of `fields`) whose entity the document does
/// not name as listed.
pub fn require(fields: &[&str], found: &mut [Vec<Mention>]) {
    let named: HashSet<u32> = found
        .iter()
        .flatten()
        .filter(|m| {
            !matches!(m.key_rule, KeyRule::Skeleton | KeyRule::Partial)
                && m.ambiguous.is_empty()
                && !m.weak
        })
        .map(|m| m.entity)
        .collect();
    for (list, text) in found.iter_mut().zip(fields) {
        list.retain(|m| !needs_evidence(m, text) || named.contains(&m.entity));
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
        // Naming the country is not enough; naming the place is.
        assert_eq!(
            ids("Flights from Tehran reach Borougen twice a week."),
            ["tehran"]
        );
        assert_eq!(
            ids("Borujen (often Borougen) is small; Borougen grows."),
            ["borujen", "borujen", "borujen"]
        );
        assert_eq!(
            ids("Hezbollah denied it. A Hizballah statement came late."),
            ["hezbollah", "hezbollah"]
        );
    }
}
