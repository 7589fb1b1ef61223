//! Mentions: a span of a document's text, the entity it names, how it was
//! found, and how sure gazet is.
//!
//! A [`Mention`] is what every front end gets: the command line's tables,
//! the Python package and Spark all render the same values. It refers to its
//! entity and alias by index into the [`crate::Gazetteer`] of the
//! [`crate::Extractor`] that found it (four bytes each rather than strings
//! copied a million times), and to its field by index into the document's
//! fields; [`crate::Extractor::entity`] and [`Mention::alias`] give the
//! strings. How it was found is typed ([`MatchKind`], [`Rules`]) and becomes
//! text only in a table (`match`, `rule`), and its [`score`] follows from
//! those types alone, in one place.

use crate::english::Possessive;
use crate::gazetteer::{Entity, Gazetteer, Name};
use crate::variants::VariantRules;
use std::fmt;
use std::sync::Arc;

/// How a mention was found: the `match` column.
///
/// ```
/// let ex = gazet::Extractor::new()?;
/// let kinds: Vec<_> = ex.extract_text("Tehran and Teheran").iter().map(|m| m.kind).collect();
/// assert_eq!(kinds, [gazet::MatchKind::Exact, gazet::MatchKind::Exact]);
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Written exactly as a gazetteer name.
    Exact,
    /// Equal to a gazetteer name once normalized.
    Normalized,
    /// A short form, linked because the document names the entity in full:
    /// a person's surname (`Rubin` after `Michael Rubin`), a group's first
    /// word (`Badr`), an acronym the document defines (`Islamic State (IS)`).
    Partial,
    /// A transliteration variant of a name, made by a rule (see [`Rules::variant`]).
    Variant,
    /// A spelling found by consonant skeleton, close to a name by weighted
    /// edit distance.
    Skeleton,
    /// A name no gazetteer lists, recognized from how it is written and the
    /// words around it (`Ketza River`, `Andrej Plenkovic`, `SENA news
    /// agency`); its entity is its own ([`EntityRef::Unlisted`]).
    Unlisted,
}

impl MatchKind {
    /// The value written in the `match` column.
    ///
    /// ```
    /// assert_eq!(gazet::MatchKind::Skeleton.as_str(), "skeleton");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Normalized => "normalized",
            MatchKind::Partial => "partial",
            MatchKind::Variant => "variant",
            MatchKind::Skeleton => "skeleton",
            MatchKind::Unlisted => "unlisted",
        }
    }
}

impl fmt::Display for MatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rules applied to make a mention: the `rule` column.
///
/// ```
/// let ex = gazet::Extractor::new()?;
/// let m = &ex.extract_text("the Shalamche crossing")[0];
/// assert_eq!(m.kind, gazet::MatchKind::Variant);
/// assert!(m.rules.variant.is_some());
/// assert_eq!(m.rules.to_string(), "variant:ending");
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rules {
    /// For a transliteration variant: the rules that made it (`q+double`).
    pub variant: Option<VariantRules>,
    /// The name matched without its leading Arabic article (`Sudani` for
    /// `al-Sudani`).
    pub article_dropped: bool,
    /// An Arabic article before the name was taken into the span.
    pub article_added: bool,
    /// A possessive followed the name.
    pub possessive: Option<Possessive>,
    /// The name fits several entities, and the document decided which.
    pub disambiguated: bool,
    /// For an unlisted name: a short form of a name the text gives in full
    /// (`Lowcock` after `Mark Lowcock`).
    pub short_form: bool,
    /// A listed person's two-word name written with middle names between
    /// its words (`Fuad Mohammed Hussein` for `Fuad Hussein`).
    pub middle_names: bool,
}

impl Rules {
    /// Is no rule applied?
    ///
    /// ```
    /// assert!(gazet::Rules::default().is_empty());
    /// assert_eq!(gazet::Rules::default().to_string(), "");
    /// ```
    pub fn is_empty(&self) -> bool {
        *self == Rules::default()
    }
}

impl fmt::Display for Rules {
    /// The `rule` column: `variant:q+double`, `article-dropped`,
    /// `article-added`, `possessive`, `possessive-bare`, `disambiguated`,
    /// `short-form`, `middle-names`, `+`-joined in that order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        let mut part = |f: &mut fmt::Formatter<'_>, s: fmt::Arguments<'_>| {
            let r = write!(f, "{sep}{s}");
            sep = "+";
            r
        };
        if let Some(v) = &self.variant {
            part(f, format_args!("variant:{v}"))?;
        }
        if self.article_dropped {
            part(f, format_args!("article-dropped"))?;
        }
        if self.article_added {
            part(f, format_args!("article-added"))?;
        }
        match self.possessive {
            Some(Possessive::Apostrophe) => part(f, format_args!("possessive"))?,
            Some(Possessive::Bare) => part(f, format_args!("possessive-bare"))?,
            None => {}
        }
        if self.disambiguated {
            part(f, format_args!("disambiguated"))?;
        }
        if self.short_form {
            part(f, format_args!("short-form"))?;
        }
        if self.middle_names {
            part(f, format_args!("middle-names"))?;
        }
        Ok(())
    }
}

/// One mention found in a document.
///
/// ```
/// let ex = gazet::Extractor::new()?;
/// let text = "Protests in Tehran";
/// let m = &ex.extract_text(text)[0];
/// assert_eq!(&text[m.start..m.end], "Tehran");
/// assert_eq!((m.char_start, m.char_end), (12, 18));
/// assert_eq!((m.kind, m.score), (gazet::MatchKind::Exact, 1.0));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Mention {
    /// The field it is in: an index into the document's fields.
    pub field: usize,
    /// Byte offsets into the original field text, end exclusive.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// The same span in Unicode scalar values (Python string indices).
    pub char_start: usize,
    /// See `char_start`.
    pub char_end: usize,
    /// The sentence it starts in: its index among the sentences of its
    /// field, from 0 (see [`crate::sentences`]).
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// let text = "Gen. Qaani met Hadi al-Amiri in Baghdad. The U.S. Treasury named \
    ///             Kata'ib Hezbollah.\n\nTEHRAN TALKS";
    /// let got: Vec<(&str, usize)> =
    ///     ex.extract_text(text).iter().map(|m| (&text[m.start..m.end], m.sentence)).collect();
    /// assert_eq!(got, [("Qaani", 0), ("Hadi al-Amiri", 0), ("Baghdad", 0), ("U.S.", 1), ("Kata'ib Hezbollah", 1), ("TEHRAN", 2)]);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub sentence: usize,
    /// Is it in the text's dateline (`TEHRAN –`, `BAGHDAD (Reuters) -`),
    /// which names where the story was filed (see [`crate::datelines`])?
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// let text = "TEHRAN – Protests spread from Tehran to Mashhad.";
    /// let got: Vec<(&str, bool)> =
    ///     ex.extract_text(text).iter().map(|m| (&text[m.start..m.end], m.dateline)).collect();
    /// assert_eq!(got, [("TEHRAN", true), ("Tehran", false), ("Mashhad", false)]);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub dateline: bool,
    /// The entity: listed in the gazetteer, or unlisted.
    pub entity: EntityRef,
    /// The name of that entity that matched: an index into its names.
    pub alias: u32,
    /// How it was found.
    pub kind: MatchKind,
    /// The rules applied.
    pub rules: Rules,
    /// How sure gazet is, in [0, 1] (see [`score`]).
    pub score: f32,
    /// When the name fits several entities equally: all of them, in
    /// gazetteer order (`entity` first). Empty otherwise.
    pub ambiguous: Vec<u32>,
}

impl Mention {
    /// The entity, in the gazetteer of the extractor that found it.
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// let m = &ex.extract_text("flights to Irbil")[0];
    /// assert_eq!(m.entity(ex.gazetteer()).canonical, "Erbil");
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn entity<'a>(&'a self, g: &'a Gazetteer) -> &'a Entity {
        match &self.entity {
            EntityRef::Listed(i) => &g.entities()[*i as usize],
            EntityRef::Unlisted(e) => e,
        }
    }

    /// The gazetteer name that matched.
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// let m = &ex.extract_text("flights to Irbil")[0];
    /// assert_eq!(m.alias(ex.gazetteer()).text, "Irbil");
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn alias<'a>(&'a self, g: &'a Gazetteer) -> &'a Name {
        &self.entity(g).names[self.alias as usize]
    }

    /// Is the name ambiguous between several entities?
    ///
    /// ```
    /// use gazet::{Entity, Extractor, Gazetteer};
    /// let g = Gazetteer::from_entities(vec![
    ///     Entity::new("tripoli-libya", "place", "Tripoli"),
    ///     Entity::new("tripoli-lebanon", "place", "Tripoli"),
    /// ])?;
    /// let ex = Extractor::builder().gazetteer(g).build()?;
    /// let m = &ex.extract_text("a port in Tripoli")[0];
    /// assert!(m.is_ambiguous());
    /// assert_eq!(m.ambiguous.len(), 2);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn is_ambiguous(&self) -> bool {
        !self.ambiguous.is_empty()
    }
}

/// The entity a mention names.
///
/// ```
/// use gazet::mention::EntityRef;
/// let ex = gazet::Extractor::new()?;
/// let found = ex.extract_text("Flights to Irbil, said Andrej Plenkovic.");
/// assert!(matches!(found[0].entity, EntityRef::Listed(_)));
/// let EntityRef::Unlisted(e) = &found[1].entity else { panic!() };
/// assert_eq!(e.id, "unlisted:person:andrej-plenkovic");
/// assert!(found[1].entity.is_unlisted());
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum EntityRef {
    /// An entity of the gazetteer: an index into its entities.
    Listed(u32),
    /// A name no gazetteer lists ([`MatchKind::Unlisted`]): an entity of its
    /// own, with the id `unlisted:<type>:<slug>` (no gazetteer id has a `:`,
    /// so the two never collide; the same name gets the same id in every
    /// document), the name as written for canonical name, and no Wikidata id
    /// or country.
    Unlisted(Arc<Entity>),
}

impl EntityRef {
    /// Is it a name no gazetteer lists?
    ///
    /// ```
    /// assert!(!gazet::mention::EntityRef::Listed(0).is_unlisted());
    /// ```
    pub fn is_unlisted(&self) -> bool {
        matches!(self, EntityRef::Unlisted(_))
    }

    /// The index of a listed entity in its gazetteer.
    ///
    /// ```
    /// assert_eq!(gazet::mention::EntityRef::Listed(3).listed(), Some(3));
    /// ```
    pub fn listed(&self) -> Option<u32> {
        match self {
            EntityRef::Listed(i) => Some(*i),
            EntityRef::Unlisted(_) => None,
        }
    }
}

/// How sure a mention is, in [0, 1]: 1 for a name written as listed, less for
/// each step away from it.
///
/// | found as | score |
/// |---|---|
/// | `exact` | 1.00 |
/// | `normalized` | 0.97 |
/// | the name without its article (`Sudani` for `al-Sudani`) | 0.95 |
/// | `variant`, one rule / two rules | 0.85 / 0.75 |
/// | `partial` | 0.80 |
/// | `skeleton` | 0.70 |
/// | `unlisted`, in full / a short form | 0.25 / 0.20 |
///
/// A possessive read from a lost apostrophe takes 0.05 off, a name decided
/// between several entities by the document 0.10, and a name left ambiguous
/// is halved. An unlisted name scores below every listed match (the
/// lowest of those, a skeleton match decided by the document, read with a
/// lost apostrophe and left ambiguous, scores 0.275).
///
/// ```
/// use gazet::{mention::score, MatchKind, Rules};
/// assert_eq!(score(MatchKind::Exact, &Rules::default(), false), 1.0);
/// assert_eq!(score(MatchKind::Exact, &Rules::default(), true), 0.5);
/// ```
pub fn score(kind: MatchKind, rules: &Rules, ambiguous: bool) -> f32 {
    let mut s: f32 = match kind {
        MatchKind::Exact => 1.0,
        MatchKind::Normalized if rules.article_dropped => 0.95,
        MatchKind::Normalized => 0.97,
        MatchKind::Variant if rules.variant.is_some_and(VariantRules::is_combined) => 0.75,
        MatchKind::Variant => 0.85,
        MatchKind::Partial => 0.80,
        MatchKind::Skeleton => 0.70,
        MatchKind::Unlisted if rules.short_form => 0.20,
        MatchKind::Unlisted => 0.25,
    };
    if rules.possessive == Some(Possessive::Bare) {
        s -= 0.05;
    }
    if rules.disambiguated {
        s -= 0.10;
    }
    if ambiguous {
        s *= 0.5;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::variants::VariantRule;

    fn rules(variant: Option<VariantRules>, article_dropped: bool) -> Rules {
        Rules {
            variant,
            article_dropped,
            ..Rules::default()
        }
    }

    #[test]
    fn scores_fall_with_each_step_away_from_the_name() {
        let exact = score(MatchKind::Exact, &rules(None, false), false);
        let norm = score(MatchKind::Normalized, &rules(None, false), false);
        let dropped = score(MatchKind::Normalized, &rules(None, true), false);
        let v1 = score(
            MatchKind::Variant,
            &rules(Some(VariantRules::one(VariantRule::Q)), false),
            false,
        );
        let v2 = score(
            MatchKind::Variant,
            &rules(
                Some(VariantRules::two(VariantRule::Q, VariantRule::Double)),
                false,
            ),
            false,
        );
        let partial = score(MatchKind::Partial, &rules(None, false), false);
        assert!(
            exact > norm && norm > dropped && dropped > v1 && v1 > partial && partial > v2,
            "{exact} {norm} {dropped} {v1} {partial} {v2}"
        );
        assert_eq!(score(MatchKind::Exact, &rules(None, false), true), 0.5);
        // Unlisted names score below every listed match.
        let worst = Rules {
            possessive: Some(Possessive::Bare),
            disambiguated: true,
            ..Rules::default()
        };
        let lowest_listed = [
            MatchKind::Exact,
            MatchKind::Normalized,
            MatchKind::Partial,
            MatchKind::Variant,
            MatchKind::Skeleton,
        ]
        .into_iter()
        .map(|k| score(k, &worst, true))
        .fold(f32::MAX, f32::min);
        let unlisted = score(MatchKind::Unlisted, &Rules::default(), false);
        assert!(unlisted < lowest_listed, "{unlisted} {lowest_listed}");
        let short = Rules {
            short_form: true,
            ..Rules::default()
        };
        assert!(score(MatchKind::Unlisted, &short, false) < unlisted);
    }

    #[test]
    fn rule_text_joins_in_a_fixed_order() {
        assert_eq!(
            rules(
                Some(VariantRules::two(VariantRule::Q, VariantRule::Double)),
                false
            )
            .to_string(),
            "variant:q+double"
        );
        let all = Rules {
            variant: Some(VariantRules::one(VariantRule::Q)),
            article_dropped: true,
            article_added: true,
            possessive: Some(Possessive::Bare),
            disambiguated: true,
            short_form: true,
            middle_names: true,
        };
        assert_eq!(
            all.to_string(),
            "variant:q+article-dropped+article-added+possessive-bare+disambiguated+short-form+middle-names"
        );
        assert_eq!(Rules::default().to_string(), "");
    }
}
