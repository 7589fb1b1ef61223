//! `gazet explain`: how gazet sees a string, and why it matches what it does.
//!
//! The first tool to reach for when a name is or is not found: it shows the
//! normalized form, the mentions the full pipeline finds in the string (with
//! the gazetteer name, the case rule and the name rules that applied), and,
//! when nothing matched, the gazetteer names closest to it by edit
//! distance over normalized keys, so that a missing spelling can be added as
//! an alias.

use crate::extract::Extractor;
use crate::gazetteer::NameCase;
use crate::normalize;
use std::fmt;

/// One mention found in the explained string.
///
/// ```
/// use gazet::{explain::explain, Extractor};
/// let ex = Extractor::new()?;
/// let x = explain(&ex, "Kataib Hezbollah's men");
/// let found = &x.found[0];
/// assert_eq!((found.surface.as_str(), found.start, found.end), ("Kataib Hezbollah", 0, 16));
/// assert_eq!(found.entity.0, "kataib-hezbollah");
/// assert_eq!(found.how, "normalized, possessive");
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The span, as written.
    pub surface: String,
    /// Byte offsets.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Entity id, type and canonical name.
    pub entity: (String, String, String),
    /// The gazetteer name that matched, and its case rule.
    pub name: (String, NameCase),
    /// The match kind (`exact`, `normalized`, `variant`, `skeleton`,
    /// `partial`) and the rules applied, `, `-joined.
    pub how: String,
    /// Other entities the name fits equally.
    pub ambiguous: Vec<String>,
}

/// A gazetteer name close to the string.
///
/// ```
/// use gazet::explain::{explain, Near};
/// let csv = "id,type,canonical,aliases\nesmail-qaani,person,Esmail Qaani,Qaani\n";
/// let ex = gazet::Extractor::builder().gazetteer_source("people.csv", csv).build()?;
/// let x = explain(&ex, "Ghaani");
/// assert!(x.found.is_empty());
/// let qaani = Near { distance: 2, name: "Qaani".into(), entity: "esmail-qaani".into() };
/// assert_eq!(x.near, [qaani]);
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Near {
    /// Edit distance between normalized keys.
    pub distance: usize,
    /// The name, as written in the gazetteer.
    pub name: String,
    /// The entity id.
    pub entity: String,
}

/// What `explain` found.
///
/// ```
/// use gazet::{explain::explain, Extractor};
/// let x = explain(&Extractor::new()?, "TEHRAN");
/// assert_eq!((x.input.as_str(), x.normalized.as_str()), ("TEHRAN", "tehran"));
/// assert_eq!(x.found[0].entity.0, "tehran");
/// assert!(x.to_string().starts_with("input:      TEHRAN\nnormalized: tehran\nmentions:\n"));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The input.
    pub input: String,
    /// Its normalized form.
    pub normalized: String,
    /// The mentions in it.
    pub found: Vec<Found>,
    /// The closest names, when nothing matched.
    pub near: Vec<Near>,
}

/// Levenshtein distance over chars, giving up above `max` (returns `max + 1`).
///
/// ```
/// use gazet::explain::edit_distance;
/// assert_eq!(edit_distance("qaani", "ghaani", 3), 2);
/// assert_eq!(edit_distance("basra", "basrah", 3), 1);
/// assert_eq!(edit_distance("tehran", "baghdad", 2), 3); // gave up above 2
/// ```
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut best = cur[0];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            best = best.min(cur[j + 1]);
        }
        if best > max {
            return max + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(max + 1)
}

/// Explains how `text` normalizes and matches, with the extractor's
/// gazetteer and options: the mentions are exactly those
/// [`Extractor::extract_text`] finds.
///
/// ```
/// use gazet::{explain::explain, Extractor};
/// let ex = Extractor::new()?;
/// let text = "Esmail Qaani arrived in Baghdad";
/// let x = explain(&ex, text);
/// let ids: Vec<&str> = x.found.iter().map(|f| f.entity.0.as_str()).collect();
/// assert_eq!(ids, ["esmail-qaani", "baghdad"]);
/// assert_eq!(x.found.len(), ex.extract_text(text).len());
/// assert!(x.near.is_empty());
/// # Ok::<(), gazet::Error>(())
/// ```
pub fn explain(ex: &Extractor, text: &str) -> Explanation {
    let g = ex.gazetteer();
    let normalized = normalize::key(text);
    let found: Vec<Found> = ex
        .extract_text(text)
        .into_iter()
        .map(|x| {
            let e = x.entity(g);
            let n = x.alias(g);
            let mut how = x.kind.as_str().to_string();
            if !x.rules.is_empty() {
                how = format!("{how}, {}", x.rules);
            }
            Found {
                surface: text[x.start..x.end].to_string(),
                start: x.start,
                end: x.end,
                entity: (e.id.clone(), e.kind.to_string(), e.canonical.clone()),
                name: (n.text.clone(), n.case),
                how,
                ambiguous: x
                    .ambiguous
                    .iter()
                    .filter(|&&i| Some(i) != x.entity.listed())
                    .map(|&i| g.entities()[i as usize].id.clone())
                    .collect(),
            }
        })
        .collect();
    let mut near = Vec::new();
    if found.is_empty() && !normalized.is_empty() {
        let max = (normalized.chars().count() / 3).clamp(1, 4);
        for e in g.entities() {
            for n in &e.names {
                let d = edit_distance(&normalized, &normalize::key(&n.text), max);
                if d <= max {
                    near.push(Near {
                        distance: d,
                        name: n.text.clone(),
                        entity: e.id.clone(),
                    });
                }
            }
        }
        near.sort_by(|a, b| {
            (a.distance, &a.entity, &a.name).cmp(&(b.distance, &b.entity, &b.name))
        });
        // Each entity once, at its closest name (sorted by distance first).
        let mut seen = std::collections::HashSet::new();
        near.retain(|n| seen.insert(n.entity.clone()));
        near.truncate(8);
    }
    Explanation {
        input: text.to_string(),
        normalized,
        found,
        near,
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "input:      {}", self.input)?;
        writeln!(f, "normalized: {}", self.normalized)?;
        if self.found.is_empty() {
            writeln!(f, "mentions:   none")?;
        } else {
            writeln!(f, "mentions:")?;
        }
        for x in &self.found {
            let case = match x.name.1 {
                NameCase::Any => "any case",
                NameCase::Acronym => "capitals only",
                NameCase::Cased => "capitalized only (=)",
            };
            writeln!(
                f,
                "  {:?} [{}..{}] -> {} {} ({:?}) via name {:?} [{case}], {}",
                x.surface, x.start, x.end, x.entity.1, x.entity.0, x.entity.2, x.name.0, x.how
            )?;
            if !x.ambiguous.is_empty() {
                writeln!(f, "    ambiguous: also fits {}", x.ambiguous.join(", "))?;
            }
        }
        if !self.near.is_empty() {
            writeln!(f, "closest names (edit distance over normalized forms):")?;
            for n in &self.near {
                writeln!(f, "  {} {:?} of {}", n.distance, n.name, n.entity)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> Extractor {
        Extractor::builder()
            .gazetteer_source(
                "t.csv",
                "id,type,canonical,aliases\nkataib-hezbollah,militia,Kata'ib Hezbollah,Kataib Hizballah|KH\nesmail-qaani,person,Esmail Qaani,Qaani\n",
            )
            .build()
            .unwrap()
    }

    #[test]
    fn explains_a_match() {
        let x = explain(&setup(), "Kata’ib Hizballah’s");
        assert_eq!(x.normalized, "kataib hizballahs");
        assert_eq!(x.found.len(), 1);
        assert_eq!(x.found[0].surface, "Kata’ib Hizballah");
        assert_eq!(x.found[0].entity.0, "kataib-hezbollah");
        assert_eq!(x.found[0].how, "normalized, possessive");
        assert!(x.near.is_empty());
        let text = x.to_string();
        assert!(
            text.contains("via name \"Kataib Hizballah\" [any case]"),
            "{text}"
        );
    }

    /// An entity with several close names is listed once, at its closest,
    /// even when another entity's name lies between them.
    #[test]
    fn lists_each_entity_once() {
        let ex = Extractor::builder()
            .gazetteer_source(
                "t.csv",
                "id,type,canonical,aliases\nbasra,place,Basra,Basr\nbasray,place,Basray,\n",
            )
            .build()
            .unwrap();
        let x = explain(&ex, "Basrax");
        let ids: Vec<&str> = x.near.iter().map(|n| n.entity.as_str()).collect();
        assert_eq!(ids, ["basra", "basray"], "{:?}", x.near);
        assert_eq!(x.near[0].distance, 1);
    }

    #[test]
    fn suggests_the_closest_names() {
        let x = explain(&setup(), "Ghaani");
        assert!(x.found.is_empty());
        assert_eq!(
            x.near[0],
            Near {
                distance: 2,
                name: "Qaani".into(),
                entity: "esmail-qaani".into()
            }
        );
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("qaani", "ghaani", 3), 2);
        assert_eq!(edit_distance("abc", "abc", 0), 0);
        assert_eq!(edit_distance("abcdef", "a", 2), 3);
    }
}
