//! `gazet gazetteer check`: what a gazetteer holds, and which names are at
//! risk of matching the wrong thing.
//!
//! Loading already rejects what is wrong (see [`super`]). A valid gazetteer
//! can still match badly, and these are the names a person should look at:
//!
//! * a name shared by two entities (every match is ambiguous);
//! * a one-word name that is a common English word (`Tyre`, `Nice`) and is not
//!   marked `=` to match only where capitalized;
//! * a one-word name that is a given name: a place or group named like a
//!   person (`Mehran`, `Badr`), or a person listed by a bare given name;
//! * a name of one or two letters.
//!
//! A reviewed name is listed in the entity's `reviewed` column, and its
//! warnings are counted but no longer shown.

use super::{words, Entity, EntityType, Gazetteer, NameCase, Origin};
use crate::chars;
use crate::normalize;
use std::collections::BTreeMap;
use std::fmt;

/// Why a name is at risk.
///
/// ```
/// use gazet::gazetteer::check::{check, Risk};
/// let csv = "id,type,canonical,aliases\ntyre,place,Tyre,\nmehran,place,Mehran,\nbasra,place,Basra,Bs\n";
/// let g = gazet::Gazetteer::from_sources([("g.csv".to_string(), csv.to_string())])?;
/// let report = check(&g);
/// let risks: Vec<(&str, Risk)> = report.findings.iter().map(|f| (f.name.as_str(), f.risk)).collect();
/// assert_eq!(risks, [("Tyre", Risk::EnglishWord), ("Mehran", Risk::GivenName), ("Bs", Risk::Short)]);
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Risk {
    /// The name is also a name of another entity.
    Shared,
    /// A common English word, matched in any case.
    EnglishWord,
    /// A given name.
    GivenName,
    /// One or two letters or digits.
    Short,
}

impl Risk {
    /// How the summary names it.
    ///
    /// ```
    /// assert_eq!(gazet::gazetteer::check::Risk::EnglishWord.as_str(), "English word");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Shared => "shared name",
            Risk::EnglishWord => "English word",
            Risk::GivenName => "given name",
            Risk::Short => "short name",
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One name at risk.
///
/// ```
/// use gazet::gazetteer::check::{check, Risk};
/// let csv = "id,type,canonical,aliases\nfars,place,Fars,\nfars-news,outlet,Fars News Agency,Fars\n";
/// let g = gazet::Gazetteer::from_sources([("g.csv".to_string(), csv.to_string())])?;
/// let f = &check(&g).findings[0];
/// assert_eq!((f.entity.as_str(), f.name.as_str(), f.risk, f.reviewed), ("fars", "Fars", Risk::Shared, false));
/// assert_eq!(f.origin.to_string(), "g.csv:2");
/// assert!(f.to_string().starts_with("g.csv:2: warning: name 'Fars' of 'fars' is also a name of fars-news"));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Where the entity is defined.
    pub origin: Origin,
    /// The entity id.
    pub entity: String,
    /// The name, as written.
    pub name: String,
    /// The risk.
    pub risk: Risk,
    /// What to do about it.
    pub message: String,
    /// Listed in the entity's `reviewed` column.
    pub reviewed: bool,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.origin, self.message)
    }
}

/// Counts for one type.
///
/// ```
/// use gazet::gazetteer::check::{check, TypeStats};
/// let csv = "id,type,canonical,aliases,wikidata\nbasra,place,Basra,البصرة,Q48195\nerbil,place,Erbil,Irbil,\n";
/// let g = gazet::Gazetteer::from_sources([("g.csv".to_string(), csv.to_string())])?;
/// let places: &TypeStats = &check(&g).types["place"];
/// assert_eq!((places.entities, places.names, places.with_qid), (2, 4, 1));
/// assert_eq!((places.scripts["latin"], places.scripts["arabic"]), (3, 1));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeStats {
    /// Entities.
    pub entities: usize,
    /// Names (canonical names and aliases).
    pub names: usize,
    /// Entities with a Wikidata QID.
    pub with_qid: usize,
    /// Names per script.
    pub scripts: BTreeMap<&'static str, usize>,
}

/// What `check` found.
///
/// ```
/// let csv = "id,type,canonical,aliases\ntyre,place,Tyre,\n";
/// let g = gazet::Gazetteer::from_sources([("g.csv".to_string(), csv.to_string())])?;
/// let report = gazet::gazetteer::check::check(&g);
/// assert_eq!(report.types["place"].entities, 1);
/// let text = report.to_string();
/// assert!(text.starts_with("g.csv:2: warning: name 'Tyre' of 'tyre' is a common English word"));
/// assert!(text.ends_with("1 warning to review, 0 reviewed — English word: 1 to review, 0 reviewed\n"));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Statistics per type.
    pub types: BTreeMap<String, TypeStats>,
    /// Names at risk, reviewed or not, in file order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Findings nobody has reviewed yet.
    ///
    /// ```
    /// let csv = "id,type,canonical,aliases,reviewed\ntyre,place,Tyre,,Tyre\nmehran,place,Mehran,,\n";
    /// let g = gazet::Gazetteer::from_sources([("g.csv".to_string(), csv.to_string())])?;
    /// let report = gazet::gazetteer::check::check(&g);
    /// assert_eq!(report.findings.len(), 2);
    /// let open: Vec<&str> = report.unreviewed().map(|f| f.name.as_str()).collect();
    /// assert_eq!(open, ["Mehran"]);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn unreviewed(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.reviewed)
    }
}

/// Checks a loaded gazetteer.
///
/// ```
/// use gazet::gazetteer::check::{check, Risk};
/// let g = gazet::Gazetteer::default_embedded()?;
/// let report = check(&g);
/// assert_eq!(report.unreviewed().count(), 0); // every warning of the defaults was reviewed
/// assert!(report.types["militia"].entities > 100);
/// assert!(report.findings.iter().any(|f| f.risk == Risk::Shared));
/// # Ok::<(), gazet::Error>(())
/// ```
pub fn check(g: &Gazetteer) -> Report {
    let mut report = Report::default();
    let mut by_key: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (ei, e) in g.entities().iter().enumerate() {
        let stats = report.types.entry(e.kind.to_string()).or_default();
        stats.entities += 1;
        stats.names += e.names.len();
        stats.with_qid += usize::from(e.wikidata.is_some());
        for (ni, n) in e.names.iter().enumerate() {
            *stats.scripts.entry(chars::script(&n.text)).or_default() += 1;
            let key = normalize::key(&n.text);
            let list = by_key.entry(key.clone()).or_default();
            if !list.iter().any(|&(x, _)| x == ei) {
                list.push((ei, ni));
            }
            single_name_risks(e, &n.text, n.case, &key, &mut report.findings);
        }
    }
    for list in by_key.values().filter(|l| l.len() > 1) {
        let ents = g.entities();
        let ids: Vec<&str> = list.iter().map(|&(e, _)| ents[e].id.as_str()).collect();
        for &(ei, ni) in list {
            let e = &ents[ei];
            let name = &e.names[ni].text;
            let others: Vec<&str> = ids.iter().copied().filter(|id| *id != e.id).collect();
            report.findings.push(Finding {
                origin: e.origin.clone(),
                entity: e.id.clone(),
                name: name.clone(),
                risk: Risk::Shared,
                message: format!(
                    "name '{name}' of '{}' is also a name of {}: its matches are flagged ambiguous; drop it from all but the likely entity, or list it under reviewed",
                    e.id,
                    others.join(", ")
                ),
                reviewed: e.is_reviewed(name),
            });
        }
    }
    report.findings.sort_by(|a, b| {
        (
            a.origin.file.as_str(),
            a.origin.line,
            a.risk,
            a.name.as_str(),
        )
            .cmp(&(
                b.origin.file.as_str(),
                b.origin.line,
                b.risk,
                b.name.as_str(),
            ))
    });
    report
}

fn single_name_risks(e: &Entity, name: &str, case: NameCase, key: &str, out: &mut Vec<Finding>) {
    let mut push = |risk: Risk, message: String| {
        out.push(Finding {
            origin: e.origin.clone(),
            entity: e.id.clone(),
            name: name.to_string(),
            risk,
            message,
            reviewed: e.is_reviewed(name),
        })
    };
    let letters = key.chars().filter(|c| c.is_alphanumeric()).count();
    if letters <= 2 {
        push(Risk::Short, format!("name '{name}' of '{}' has {letters} letter(s): it may match unrelated abbreviations; list it under reviewed if it is meant", e.id));
    }
    if key.contains(' ') {
        return;
    }
    if case == NameCase::Any && words::is_english_word(key) {
        push(
            Risk::EnglishWord,
            format!("name '{name}' of '{}' is a common English word: write it '={name}' to match only where capitalized, or list it under reviewed", e.id),
        );
    }
    if words::is_given_name(key) {
        let what = if e.kind == EntityType::Person {
            "is a bare given name: it will match other people of that name"
        } else {
            "is also a given name: the text may mean a person"
        };
        push(
            Risk::GivenName,
            format!(
                "name '{name}' of '{}' {what}; list it under reviewed once checked",
                e.id
            ),
        );
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in self.unreviewed() {
            writeln!(f, "{finding}")?;
        }
        let total = |g: fn(&TypeStats) -> usize| self.types.values().map(g).sum::<usize>();
        writeln!(
            f,
            "{:<10} {:>8} {:>8} {:>8}   names by script",
            "type", "entities", "names", "QIDs"
        )?;
        for (kind, s) in &self.types {
            let scripts: Vec<String> = s.scripts.iter().map(|(k, v)| format!("{k} {v}")).collect();
            writeln!(
                f,
                "{kind:<10} {:>8} {:>8} {:>8}   {}",
                s.entities,
                s.names,
                s.with_qid,
                scripts.join(", ")
            )?;
        }
        writeln!(
            f,
            "{:<10} {:>8} {:>8} {:>8}",
            "all",
            total(|s| s.entities),
            total(|s| s.names),
            total(|s| s.with_qid)
        )?;
        let mut by_risk: BTreeMap<Risk, (usize, usize)> = BTreeMap::new();
        for x in &self.findings {
            let c = by_risk.entry(x.risk).or_default();
            if x.reviewed {
                c.1 += 1;
            } else {
                c.0 += 1;
            }
        }
        let parts: Vec<String> = by_risk
            .iter()
            .map(|(r, (u, rv))| format!("{r}: {u} to review, {rv} reviewed"))
            .collect();
        let unreviewed = self.unreviewed().count();
        writeln!(
            f,
            "{unreviewed} warning{} to review, {} reviewed{}{}",
            if unreviewed == 1 { "" } else { "s" },
            self.findings.len() - unreviewed,
            if parts.is_empty() { "" } else { " — " },
            parts.join("; ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(rows: &str) -> Gazetteer {
        Gazetteer::from_sources([(
            "g.csv".to_string(),
            format!("id,type,canonical,aliases,reviewed\n{rows}"),
        )])
        .unwrap()
    }

    #[test]
    fn finds_each_risk_and_honours_reviewed() {
        let g = load(
            "tyre,place,Tyre,Sour|صور,\n\
             nice,place,Nice,=Nice,\n\
             mehran,place,Mehran,,\n\
             us,place,United States,US,US\n\
             fars,place,Fars,,\n\
             fars-news,outlet,Fars News Agency,Fars,Fars\n",
        );
        let r = check(&g);
        let got: Vec<(String, Risk, bool)> = r
            .findings
            .iter()
            .map(|f| (f.name.clone(), f.risk, f.reviewed))
            .collect();
        assert!(
            got.contains(&("Tyre".into(), Risk::EnglishWord, false)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Mehran".into(), Risk::GivenName, false)),
            "{got:?}"
        );
        assert!(got.contains(&("US".into(), Risk::Short, true)), "{got:?}");
        assert!(
            got.contains(&("Fars".into(), Risk::Shared, false)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Fars".into(), Risk::Shared, true)),
            "{got:?}"
        );
        // `=Nice` is marked: not an English-word risk.
        assert!(
            !got.iter()
                .any(|(n, r, _)| n == "Nice" && *r == Risk::EnglishWord),
            "{got:?}"
        );
        let stats = &r.types["place"];
        assert_eq!((stats.entities, stats.scripts["arabic"]), (5, 1));
        let text = r.to_string();
        assert!(
            text.contains("g.csv:2: warning: name 'Tyre' of 'tyre' is a common English word"),
            "{text}"
        );
        assert!(
            !text.contains("name 'US'"),
            "reviewed warnings are not shown: {text}"
        );
    }

    /// The built-in gazetteers load without error and every name at risk in
    /// them has been reviewed by a person.
    #[test]
    fn defaults_have_every_warning_reviewed() {
        let g = Gazetteer::default_embedded().unwrap();
        let r = check(&g);
        let open: Vec<String> = r.unreviewed().map(|f| f.to_string()).collect();
        assert!(
            open.is_empty(),
            "unreviewed warnings in the defaults:\n{}",
            open.join("\n")
        );
        for kind in ["person", "militia", "place", "outlet"] {
            assert!(r.types[kind].entities > 100, "{kind}");
        }
    }
}
