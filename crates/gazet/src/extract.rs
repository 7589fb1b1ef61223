//! The [`Extractor`]: the one way to find the mentions of a document.
//!
//! Every front end calls it (the command line's run, `explain`, the benches,
//! the fuzz targets, the Python package), so that all of them give the same
//! answers for the same text and gazetteers. It is built once, by an
//! [`ExtractorBuilder`], from gazetteers and options: it owns the loaded
//! [`Gazetteer`] and the [`Matcher`] compiled from it, behind an `Arc`, so it
//! is `Send + Sync` and a clone costs a reference count. Building is the
//! costly step (a fraction of a second for the built-in gazetteers); a
//! document then costs time in proportion to its text.
//!
//! [`Extractor::extract`] takes one [`Document`] and returns its
//! [`DocumentResult`]: every field normalized, matched and resolved, the
//! one-word skeleton guesses checked against the rest of the document,
//! surnames linked to the people the document names in full, ambiguous names
//! decided where the document tells, each mention scored, and those under the
//! minimum score left out. It never panics: a bug met on one document makes
//! that document rejected with [`Reason::InternalError`], so a run of
//! millions goes on.
//!
//! What depends on the order of documents in a run (an id seen before) is
//! the run's business, not the extractor's: see [`crate::run`].

use crate::datelines;
use crate::document::{Document, DocumentResult, Reason, Status};
use crate::error::Error;
use crate::gazetteer::{Entity, Gazetteer};
use crate::matcher::{CaseMode, KeyRule, MatchOptions, Matcher};
use crate::mention::{score, EntityRef, MatchKind, Mention, Rules};
use crate::normalize;
use crate::resolve;
use crate::sentences;
use crate::unlisted::{self, Listed};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Where an extractor's gazetteer comes from.
#[derive(Clone, Debug, Default)]
enum GazetteerSpec {
    /// The built-in gazetteers.
    #[default]
    Default,
    /// Files, or directories of `.csv` files.
    Paths(Vec<PathBuf>),
    /// (name, CSV text) pairs.
    Sources(Vec<(String, String)>),
    /// Already loaded.
    Loaded(Gazetteer),
}

/// Builds an [`Extractor`]: gazetteers and options, then [`build`](ExtractorBuilder::build).
///
/// ```
/// let ex = gazet::Extractor::builder()
///     .gazetteer_source(
///         "mine.csv",
///         "id,type,canonical,aliases,wikidata,country\nkh,militia,Kata'ib Hezbollah,,,IQ\n",
///     )
///     .variants(true)
///     .min_score(0.5)
///     .build()?;
/// let found = ex.extract_text("Kataib Hizballah fighters");
/// assert_eq!(ex.entity(&found[0]).id, "kh");
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    gazetteer: GazetteerSpec,
    matching: MatchOptions,
    min_score: f32,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder {
            gazetteer: GazetteerSpec::Default,
            matching: MatchOptions::default(),
            min_score: 0.0,
        }
    }
}

impl ExtractorBuilder {
    /// The built-in gazetteers and the default options.
    ///
    /// ```
    /// let ex = gazet::ExtractorBuilder::new().build()?;
    /// assert_eq!(ex.min_score(), 0.0);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn new() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Gazetteer files, or directories whose `.csv` files are gazetteers;
    /// they replace the built-in ones. An empty list means the built-in ones.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-paths-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let file = dir.join("places.csv");
    /// std::fs::write(&file, "id,type,canonical,aliases\nshalamcheh,place,Shalamcheh,al-Shalamcheh\n")?;
    /// let ex = gazet::Extractor::builder().gazetteer_paths([&file]).build()?;
    /// assert_eq!(ex.gazetteer().len(), 1);
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn gazetteer_paths<P: Into<PathBuf>>(
        mut self,
        paths: impl IntoIterator<Item = P>,
    ) -> ExtractorBuilder {
        let paths: Vec<PathBuf> = paths.into_iter().map(Into::into).collect();
        self.gazetteer = if paths.is_empty() {
            GazetteerSpec::Default
        } else {
            GazetteerSpec::Paths(paths)
        };
        self
    }

    /// A gazetteer given as CSV text, shown as `name` in messages; call it
    /// again to add more. Replaces the built-in gazetteers.
    ///
    /// ```
    /// let ex = gazet::Extractor::builder()
    ///     .gazetteer_source("a.csv", "id,type,canonical,aliases\nbasra,place,Basra,\n")
    ///     .gazetteer_source("b.csv", "id,type,canonical,aliases\nbaghdad,place,Baghdad,\n")
    ///     .build()?;
    /// assert_eq!(ex.gazetteer().len(), 2);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn gazetteer_source(
        mut self,
        name: impl Into<String>,
        csv: impl Into<String>,
    ) -> ExtractorBuilder {
        let pair = (name.into(), csv.into());
        match &mut self.gazetteer {
            GazetteerSpec::Sources(v) => v.push(pair),
            other => *other = GazetteerSpec::Sources(vec![pair]),
        }
        self
    }

    /// A gazetteer already loaded (or made in code).
    ///
    /// ```
    /// use gazet::{Entity, Extractor, Gazetteer};
    /// let g = Gazetteer::from_entities(vec![Entity::new("erbil", "place", "Erbil")])?;
    /// let ex = Extractor::builder().gazetteer(g).build()?;
    /// assert_eq!(ex.extract_text("flights to Erbil").len(), 1);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn gazetteer(mut self, gazetteer: Gazetteer) -> ExtractorBuilder {
        self.gazetteer = GazetteerSpec::Loaded(gazetteer);
        self
    }

    /// Match transliteration variants and consonant skeletons of the names
    /// (default), or only the names as listed (after normalization).
    ///
    /// ```
    /// let csv = "id,type,canonical,aliases\nkh,militia,Kata'ib Hezbollah,\n";
    /// let strict = gazet::Extractor::builder().gazetteer_source("kh.csv", csv).variants(false).build()?;
    /// // Not `kh`: what names it is a militia no gazetteer lists.
    /// let found = strict.extract_text("Kataib Hizballah");
    /// assert!(found.iter().all(|m| strict.entity(m).id != "kh"));
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn variants(mut self, yes: bool) -> ExtractorBuilder {
        self.matching.variants = yes;
        self
    }

    /// Find the names no gazetteer lists (default yes): people, militias,
    /// outlets and places recognized by how they are written and the words
    /// around them, reported with match [`MatchKind::Unlisted`].
    ///
    /// ```
    /// use gazet::Extractor;
    /// let text = "Croatian President Kolinda Grabar-Kitarovic visited Tehran.";
    /// assert_eq!(Extractor::new()?.extract_text(text).len(), 2);
    /// let listed_only = Extractor::builder().unlisted(false).build()?;
    /// assert_eq!(listed_only.extract_text(text).len(), 1);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn unlisted(mut self, yes: bool) -> ExtractorBuilder {
        self.matching.unlisted = yes;
        self
    }

    /// Leave out mentions scoring below this (0 to 1; default 0).
    ///
    /// ```
    /// let ex = gazet::Extractor::builder().min_score(0.9).build()?;
    /// assert!(ex.extract_text("Kataib Hizballah and Tehran").iter().all(|m| m.score >= 0.9));
    /// assert!(gazet::Extractor::builder().min_score(2.0).build().is_err());
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn min_score(mut self, score: f32) -> ExtractorBuilder {
        self.min_score = score;
        self
    }

    /// How case is checked (default [`CaseMode::Auto`]).
    ///
    /// ```
    /// use gazet::{CaseMode, Extractor};
    /// let ex = Extractor::builder().case(CaseMode::Sensitive).build()?;
    /// assert!(ex.extract_text("tehran").is_empty());
    /// assert_eq!(ex.extract_text("Tehran").len(), 1);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn case(mut self, case: CaseMode) -> ExtractorBuilder {
        self.matching.case = case;
        self
    }

    /// Every matching option at once (plain dictionary matching, say:
    /// [`MatchOptions::plain`]).
    ///
    /// ```
    /// use gazet::{CaseMode, Extractor, MatchOptions};
    /// let plain = Extractor::builder().match_options(MatchOptions::plain(CaseMode::Auto)).build()?;
    /// assert_eq!(plain.options(), MatchOptions::plain(CaseMode::Auto));
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn match_options(mut self, options: MatchOptions) -> ExtractorBuilder {
        self.matching = options;
        self
    }

    /// Loads the gazetteers and compiles the matcher. Fails on a gazetteer
    /// error (every problem, with file and line) or an option out of range.
    ///
    /// ```
    /// let bad = gazet::Extractor::builder()
    ///     .gazetteer_source("bad.csv", "id,type,canonical,aliases\nNot A Slug,place,X,\n")
    ///     .build();
    /// assert!(bad.unwrap_err().to_string().contains("bad.csv"));
    /// ```
    pub fn build(self) -> Result<Extractor, Error> {
        if !(0.0..=1.0).contains(&self.min_score) {
            return Err(Error::Usage(format!(
                "the minimum score must be between 0 and 1, not {}",
                self.min_score
            )));
        }
        // The recognizer's word lists are made into its lexicon while the
        // gazetteers load: made at the first field instead, they held up
        // every matching thread for as long as one thread took to make
        // them. Where no thread can be started, the first field makes it.
        let warm = if self.matching.unlisted {
            std::thread::Builder::new()
                .name("gazet-lexicon".into())
                .spawn(unlisted::warm)
                .ok()
        } else {
            None
        };
        let gazetteer = match self.gazetteer {
            GazetteerSpec::Default => Gazetteer::default_embedded()?,
            GazetteerSpec::Paths(p) => Gazetteer::from_paths(&p)?,
            GazetteerSpec::Sources(s) => Gazetteer::from_sources(s)?,
            GazetteerSpec::Loaded(g) => g,
        };
        // Beside the matcher's steps that run on one thread: the
        // fingerprint a run checks its checkpoint against, and the names
        // the gazetteer's entities share, which the command line reports.
        let matching = self.matching;
        let (matcher, fingerprint) = crate::beside::beside(
            "gazet-fingerprint",
            || Matcher::new(&gazetteer, matching),
            || {
                gazetteer.warnings();
                crate::run::checkpoint::hash_debug(&(gazetteer.entities(), matching))
            },
        );
        let matcher = matcher?;
        if let Some(warm) = warm {
            // A panic there is met again, and reported, at the first field.
            let _ = warm.join();
        }
        Ok(Extractor {
            inner: Arc::new(Inner {
                gazetteer,
                matcher,
                min_score: self.min_score,
                fingerprint,
            }),
        })
    }
}

struct Inner {
    gazetteer: Gazetteer,
    matcher: Matcher,
    min_score: f32,
    /// [`Extractor::fingerprint`], made with the matcher.
    fingerprint: String,
}

/// Finds the mentions of documents: see the [module documentation](self).
///
/// ```
/// use gazet::{Document, Extractor, Status};
/// let ex = Extractor::new()?; // the built-in gazetteers
/// let doc = Document::text("a1", "Kata’ib Hizballah fighters crossed at Shalamcheh.");
/// let result = ex.extract(&doc);
/// assert_eq!(result.status, Status::Ok);
/// let ids: Vec<&str> = result.mentions.iter().map(|m| ex.entity(m).id.as_str()).collect();
/// assert!(ids.contains(&"kataib-hezbollah"));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone)]
pub struct Extractor {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor")
            .field("entities", &self.inner.gazetteer.len())
            .field("options", &self.inner.matcher.options())
            .field("min_score", &self.inner.min_score)
            .finish()
    }
}

impl Extractor {
    /// The built-in gazetteers, with the default options.
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// assert!(ex.gazetteer().get("kataib-hezbollah").is_some());
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn new() -> Result<Extractor, Error> {
        ExtractorBuilder::new().build()
    }

    /// A builder, to choose gazetteers and options.
    ///
    /// ```
    /// let ex = gazet::Extractor::builder().variants(false).build()?;
    /// assert!(!ex.options().variants);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::new()
    }

    /// The gazetteer it matches.
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// let kh = ex.gazetteer().get("kataib-hezbollah").unwrap();
    /// assert_eq!(kh.canonical, "Kata'ib Hezbollah");
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.inner.gazetteer
    }

    /// The compiled matcher.
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// assert_eq!(ex.matcher().options(), ex.options());
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn matcher(&self) -> &Matcher {
        &self.inner.matcher
    }

    /// The matching options.
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// assert_eq!(ex.options(), gazet::MatchOptions::default());
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn options(&self) -> MatchOptions {
        self.inner.matcher.options()
    }

    /// The minimum score of a mention kept.
    ///
    /// ```
    /// let ex = gazet::Extractor::builder().min_score(0.5).build()?;
    /// assert_eq!(ex.min_score(), 0.5);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn min_score(&self) -> f32 {
        self.inner.min_score
    }

    /// The entity a mention names.
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// let m = &ex.extract_text("in Baghdad")[0];
    /// assert_eq!(ex.entity(m).id, "baghdad");
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn entity<'a>(&'a self, m: &'a Mention) -> &'a Entity {
        m.entity(&self.inner.gazetteer)
    }

    /// A stable hash of everything that decides the answers (the gazetteer's
    /// entities and the options): two extractors with the same fingerprint
    /// give the same results. An interrupted run resumes only with the same.
    ///
    /// ```
    /// use gazet::Extractor;
    /// let (a, b) = (Extractor::new()?, Extractor::new()?);
    /// assert_eq!(a.fingerprint(), b.fingerprint());
    /// let strict = Extractor::builder().variants(false).build()?;
    /// assert_ne!(a.fingerprint(), strict.fingerprint());
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint.clone()
    }

    /// The mentions of one text (a document of one field, `text`).
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// let text = "Khamenei’s adviser";
    /// let m = &ex.extract_text(text)[0];
    /// assert_eq!(&text[m.start..m.end], "Khamenei");
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn extract_text(&self, text: &str) -> Vec<Mention> {
        self.extract(&Document::text("", text)).mentions
    }

    /// Finds the mentions of one document. Pure: the same document always
    /// gives the same result. A document that could not be read is rejected
    /// without being matched; a bug met while matching rejects the document
    /// with [`Reason::InternalError`] rather than panicking.
    ///
    /// ```
    /// use gazet::{Document, Extractor, Field};
    /// let ex = Extractor::new()?;
    /// let doc = Document::new("d1", vec![
    ///     Field::new("title", "Qaani in Baghdad"),
    ///     Field::new("body", "Qa'ani met militia leaders."),
    /// ]);
    /// let r = ex.extract(&doc);
    /// let qaani: Vec<_> = r.mentions.iter().filter(|m| ex.entity(m).id == "esmail-qaani").collect();
    /// assert_eq!(qaani.len(), 2);
    /// assert_eq!(qaani[1].field, 1); // in `body`
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn extract(&self, doc: &Document) -> DocumentResult {
        self.extract_until(doc, &|| false)
            .unwrap_or_else(|| DocumentResult::rejected(vec![Reason::InternalError]))
    }

    /// [`Extractor::extract`], giving up (`None`) once `stop` returns true:
    /// a text over [`PARTS_ABOVE`] bytes is matched in parts on all the
    /// threads of the pool, and `stop` is asked before each part, so that a
    /// run stopped by Ctrl-C does not wait for a document of a gigabyte.
    ///
    /// ```
    /// let ex = gazet::Extractor::new()?;
    /// let doc = gazet::Document::text("d1", "From Basra to Baghdad");
    /// assert_eq!(ex.extract_until(&doc, &|| false), Some(ex.extract(&doc)));
    /// let dump = gazet::Document::text("dump", "Basra and Erbil.\n\n".repeat(300_000));
    /// assert_eq!(ex.extract_until(&dump, &|| true), None);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn extract_until(
        &self,
        doc: &Document,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<DocumentResult> {
        let run = std::panic::AssertUnwindSafe(|| self.extract_unguarded(doc, stop));
        std::panic::catch_unwind(run)
            .unwrap_or_else(|_| Some(DocumentResult::rejected(vec![Reason::InternalError])))
    }

    fn extract_unguarded(
        &self,
        doc: &Document,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<DocumentResult> {
        let mut flags = doc.flags.clone();
        if doc.is_unreadable() {
            let mut reasons = doc.unreadable.clone();
            reasons.extend(flags);
            return Some(DocumentResult::rejected(reasons));
        }
        let mut fields = Vec::with_capacity(doc.fields.len());
        for (i, field) in doc.fields.iter().enumerate() {
            if field.text.len() > normalize::MAX_TEXT_LEN {
                flags.push(Reason::FieldTooLarge(field.name.to_string()));
            } else {
                fields.push(i);
            }
        }
        if fields.is_empty() && !doc.fields.is_empty() {
            return Some(DocumentResult::rejected(flags));
        }
        let texts: Vec<&str> = fields
            .iter()
            .map(|&i| doc.fields[i].text.as_str())
            .collect();
        let found = if texts.iter().any(|t| t.len() > PARTS_ABOVE) {
            self.found_in_parts(&texts, stop)?
        } else {
            self.found_in(&texts)
        };
        let mut unlisted_entities: HashMap<String, Arc<Entity>> = HashMap::new();
        let mut mentions = Vec::new();
        for ((&field, text), items) in fields.iter().zip(&texts).zip(found) {
            let mut chars_so_far = 0;
            let mut pos = 0;
            // Where the field's sentences start, found at its first mention.
            let mut sentence_starts: Option<Vec<usize>> = None;
            let dateline = if items.is_empty() {
                None
            } else {
                datelines::dateline(text)
            };
            // The sentences are read as far as the last mention.
            let last_start = items.iter().map(|i| i.span().0).max().unwrap_or(0);
            for item in items {
                let (start, end) = item.span();
                // Mentions come sorted and apart; were they not, the count
                // would still be right.
                if start >= pos {
                    chars_so_far += text[pos..start].chars().count();
                } else {
                    chars_so_far -= text[start..pos].chars().count();
                }
                let char_start = chars_so_far;
                chars_so_far += text[start..end].chars().count();
                pos = end;
                let mention = match item {
                    Found::Listed(m) => self.listed_mention(text, m),
                    Found::Unlisted(f) => unlisted_mention(f, &mut unlisted_entities),
                };
                if mention.score < self.inner.min_score {
                    continue;
                }
                let starts = sentence_starts
                    .get_or_insert_with(|| sentences::starts_through(text, last_start));
                mentions.push(Mention {
                    field,
                    char_start,
                    char_end: chars_so_far,
                    sentence: sentences::index(starts, start),
                    dateline: dateline
                        .as_ref()
                        .is_some_and(|d| d.start <= start && end <= d.end),
                    ..mention
                });
            }
        }
        Some(DocumentResult {
            status: if flags.is_empty() {
                Status::Ok
            } else {
                Status::Flagged
            },
            reasons: flags,
            field_bytes: texts.iter().map(|t| t.len()).sum(),
            mentions,
        })
    }

    /// The mentions of each text, listed and unlisted, sorted by start,
    /// with what each text says about the others (a full name in the title
    /// makes a surname in the body a partial name).
    fn found_in(&self, texts: &[&str]) -> Vec<Vec<Found>> {
        let g = &self.inner.gazetteer;
        let found = resolve::document(&self.inner.matcher, g, texts);
        let mut all = Vec::with_capacity(texts.len());
        // Listed people the recognizer found written with middle names.
        let mut middle_names = false;
        for (text, mut field_mentions) in texts.iter().zip(found) {
            let unlisted = if self.inner.matcher.options().unlisted {
                let listed: Vec<Listed> = field_mentions
                    .iter()
                    .map(|m| Listed {
                        start: m.start,
                        end: m.end,
                        kind: g.entities()[m.entity as usize].kind.clone(),
                    })
                    .collect();
                let unlisted = unlisted::find(&self.inner.matcher, text, &listed);
                // A longer unlisted name takes the listed names inside it
                // (`Tehran Radio`): a listed name is inside one when, of
                // the unlisted names starting at or before it, the one
                // reaching furthest reaches its end (linear in a document
                // of a million names of either kind).
                if !unlisted.is_empty() {
                    let mut spans: Vec<(usize, usize)> =
                        unlisted.iter().map(|f| (f.start, f.end)).collect();
                    spans.sort_unstable();
                    let mut furthest = 0;
                    for s in &mut spans {
                        furthest = furthest.max(s.1);
                        s.1 = furthest;
                    }
                    field_mentions.retain(|m| {
                        let i = spans.partition_point(|s| s.0 <= m.start);
                        i == 0 || spans[i - 1].1 < m.end
                    });
                }
                let mut unlisted = unlisted;
                if self.with_middle_names(text, &mut unlisted, &mut field_mentions) {
                    middle_names = true;
                    field_mentions.sort_by_key(|m| (m.start, m.end));
                }
                unlisted
            } else {
                Vec::new()
            };
            let mut items: Vec<Found> = field_mentions
                .into_iter()
                .map(Found::Listed)
                .chain(unlisted.into_iter().map(Found::Unlisted))
                .collect();
            items.sort_by_key(Found::start);
            all.push(items);
        }
        if middle_names {
            self.relink_partial_names(texts, &mut all);
        }
        all
    }

    /// Takes from `unlisted` the people who are listed ones written with
    /// middle names ([`unlisted::listed_with_middle_names`]), and their
    /// short forms, into `listed` as mentions of the listed person: the
    /// full name with its middle names, a short form as a partial name.
    /// Says whether it took any.
    fn with_middle_names(
        &self,
        text: &str,
        unlisted: &mut Vec<unlisted::Found>,
        listed: &mut Vec<resolve::Mention>,
    ) -> bool {
        let (matcher, g) = (&self.inner.matcher, &self.inner.gazetteer);
        let people: Vec<(String, u32, u32)> = unlisted
            .iter()
            .filter_map(|f| {
                let (entity, name) = unlisted::listed_with_middle_names(matcher, g, text, f)?;
                Some((f.name.clone(), entity, name))
            })
            .collect();
        if people.is_empty() {
            return false;
        }
        unlisted.retain(|f| {
            let Some(&(_, entity, name)) = people.iter().find(|p| p.0 == f.name) else {
                return true;
            };
            listed.push(if f.short {
                resolve::Mention::partial_name(f.start, f.end, entity, name)
            } else {
                resolve::Mention::with_middle_names(f.start, f.end, entity, name)
            });
            false
        });
        true
    }

    /// Links the partial names of the people [`Extractor::with_middle_names`]
    /// found (`Hussein` after `Fuad Mohammed Hussein`), where no name is.
    fn relink_partial_names(&self, texts: &[&str], all: &mut [Vec<Found>]) {
        let mut listed: Vec<Vec<resolve::Mention>> = all
            .iter()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|f| match f {
                        Found::Listed(m) => Some(m.clone()),
                        Found::Unlisted(_) => None,
                    })
                    .collect()
            })
            .collect();
        let known: Vec<usize> = listed.iter().map(Vec::len).collect();
        resolve::link_partial_names(
            &self.inner.matcher,
            &self.inner.gazetteer,
            texts,
            &mut listed,
        );
        for ((items, mentions), known) in all.iter_mut().zip(listed).zip(known) {
            if mentions.len() == known {
                continue;
            }
            let old: Vec<(usize, usize)> = items.iter().map(|f| (f.start(), f.end())).collect();
            let overlaps =
                |m: &resolve::Mention| old.iter().any(|&(s, e)| s < m.end && m.start < e);
            items.extend(
                mentions
                    .into_iter()
                    .filter(|m| m.key_rule == KeyRule::Partial && !overlaps(m))
                    .map(Found::Listed),
            );
            items.sort_by_key(Found::start);
        }
    }

    /// [`Extractor::found_in`] for a document with a text over
    /// [`PARTS_ABOVE`] bytes: each text is cut into parts of about
    /// [`PART_LEN`] bytes at paragraph breaks ([`parts`]), and the parts are
    /// matched on all the threads of the pool, each as a document of its
    /// own. Such a text is a dump (a newspaper's year as one `.txt`), not an
    /// article: a surname a thousand pages on is not the person named in
    /// full at the start. `None` as soon as `stop` says so.
    fn found_in_parts(
        &self,
        texts: &[&str],
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Vec<Found>>> {
        let pieces: Vec<(usize, usize, usize)> = texts
            .iter()
            .enumerate()
            .flat_map(|(f, t)| parts(t).into_iter().map(move |(a, b)| (f, a, b)))
            .collect();
        let found: Vec<Option<Vec<Found>>> = pieces
            .par_iter()
            .map(|&(f, a, b)| {
                if stop() {
                    return None;
                }
                let mut items = self.found_in(&[&texts[f][a..b]]).pop().unwrap_or_default();
                for item in &mut items {
                    item.shift(a);
                }
                Some(items)
            })
            .collect();
        let mut all: Vec<Vec<Found>> = texts.iter().map(|_| Vec::new()).collect();
        for (&(f, _, _), items) in pieces.iter().zip(found) {
            all[f].extend(items?);
        }
        Some(all)
    }

    /// The mention of a listed entity found at `m`, but for its field and
    /// character offsets.
    fn listed_mention(&self, text: &str, m: resolve::Mention) -> Mention {
        let name = &self.inner.gazetteer.entities()[m.entity as usize].names[m.name as usize];
        let kind = match m.key_rule {
            KeyRule::Partial => MatchKind::Partial,
            KeyRule::Variant => MatchKind::Variant,
            KeyRule::Skeleton => MatchKind::Skeleton,
            _ if text[m.name_start..m.name_end] == name.text => MatchKind::Exact,
            _ => MatchKind::Normalized,
        };
        let rules = Rules {
            variant: m.variant,
            article_dropped: m.key_rule == KeyRule::ArticleDropped,
            article_added: m.rules.article_added,
            possessive: m.rules.possessive,
            disambiguated: m.disambiguated,
            short_form: false,
            middle_names: m.rules.middle_names,
        };
        Mention {
            field: 0,
            start: m.start,
            end: m.end,
            char_start: 0,
            char_end: 0,
            sentence: 0,
            dateline: false,
            entity: EntityRef::Listed(m.entity),
            alias: m.name,
            kind,
            score: score(kind, &rules, !m.ambiguous.is_empty()),
            rules,
            ambiguous: m.ambiguous,
        }
    }
}

/// A mention of a field, listed or not, before it is numbered.
enum Found {
    Listed(resolve::Mention),
    Unlisted(unlisted::Found),
}

impl Found {
    /// The same mention in a text `by` bytes longer at its start.
    fn shift(&mut self, by: usize) {
        match self {
            Found::Listed(m) => {
                m.start += by;
                m.end += by;
                m.name_start += by;
                m.name_end += by;
            }
            Found::Unlisted(f) => {
                f.start += by;
                f.end += by;
            }
        }
    }

    fn start(&self) -> usize {
        self.span().0
    }

    fn end(&self) -> usize {
        self.span().1
    }

    fn span(&self) -> (usize, usize) {
        match self {
            Found::Listed(m) => (m.start, m.end),
            Found::Unlisted(f) => (f.start, f.end),
        }
    }
}

/// The mention of an unlisted name, but for its field and character
/// offsets; `entities` holds the document's unlisted entities so far, each
/// made once.
fn unlisted_mention(f: unlisted::Found, entities: &mut HashMap<String, Arc<Entity>>) -> Mention {
    let id = unlisted::Found::id_of(f.kind.clone(), &f.name);
    let entity = match entities.get(&id) {
        Some(e) => Arc::clone(e),
        None => {
            let e = Arc::new(Entity::new(&id, f.kind, &f.name));
            entities.insert(id, Arc::clone(&e));
            e
        }
    };
    let rules = Rules {
        short_form: f.short,
        ..Rules::default()
    };
    Mention {
        field: 0,
        start: f.start,
        end: f.end,
        char_start: 0,
        char_end: 0,
        sentence: 0,
        dateline: false,
        entity: EntityRef::Unlisted(entity),
        alias: 0,
        kind: MatchKind::Unlisted,
        score: score(MatchKind::Unlisted, &rules, false),
        rules,
        ambiguous: Vec::new(),
    }
}

/// A text longer than this (bytes) is matched in parts, on all threads
/// ([`Extractor::found_in_parts`]).
pub const PARTS_ABOVE: usize = 4 << 20;

/// The length a part of a long text aims at (bytes).
const PART_LEN: usize = 1 << 20;

/// Where a long text is cut into parts of about [`PART_LEN`] bytes, as byte
/// ranges that tile it: after the first blank line at or past each aim, or
/// failing one within a further half part, the first line break, or a
/// space; a text with none of them is one part (no name is cut in two).
fn parts(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut parts = Vec::with_capacity(text.len() / PART_LEN + 1);
    let mut start = 0;
    while bytes.len() - start > PART_LEN + PART_LEN / 2 {
        let aim = start + PART_LEN;
        let window = &bytes[aim..(aim + PART_LEN / 2).min(bytes.len())];
        let after = |needle: &[u8]| {
            window
                .windows(needle.len())
                .position(|w| w == needle)
                .map(|i| aim + i + needle.len())
        };
        let Some(cut) = after(b"\n\n")
            .or_else(|| after(b"\n"))
            .or_else(|| after(b" "))
        else {
            break;
        };
        parts.push((start, cut));
        start = cut;
    }
    parts.push((start, bytes.len()));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Field;

    fn extractor(rows: &str) -> Extractor {
        Extractor::builder()
            .gazetteer_source("t.csv", format!("id,type,canonical,aliases\n{rows}"))
            .build()
            .unwrap()
    }

    #[test]
    fn is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Extractor>();
        let ex = extractor("iran,place,Iran,\n");
        let copy = ex.clone();
        assert!(Arc::ptr_eq(&ex.inner, &copy.inner));
    }

    #[test]
    fn offsets_in_bytes_and_chars_per_field() {
        let ex = extractor("iran,place,Iran,\niraq,place,Iraq,\n");
        let doc = Document::new(
            "d",
            vec![
                Field::new("title", "Iraq"),
                Field::new("text", "Ça dit: Irán et Iraq"),
            ],
        );
        let r = ex.extract(&doc);
        assert_eq!(r.status, Status::Ok);
        let got: Vec<(usize, &str, usize, usize, MatchKind)> = r
            .mentions
            .iter()
            .map(|m| {
                let t = &doc.fields[m.field].text;
                (
                    m.field,
                    &t[m.start..m.end],
                    m.char_start,
                    m.char_end,
                    m.kind,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "Iraq", 0, 4, MatchKind::Exact),
                (1, "Irán", 8, 12, MatchKind::Normalized),
                (1, "Iraq", 16, 20, MatchKind::Exact),
            ]
        );
        assert_eq!(r.field_bytes, doc.text_bytes());
    }

    #[test]
    fn unreadable_documents_are_rejected_with_their_flags() {
        let ex = extractor("iran,place,Iran,\n");
        let mut doc = Document::text("d", "Iran");
        doc.unreadable
            .push(Reason::NoTextField(vec!["text".into()]));
        doc.flags.push(Reason::RepeatedField("id".into()));
        let r = ex.extract(&doc);
        assert_eq!(r.status, Status::Rejected);
        assert!(r.mentions.is_empty());
        assert_eq!(r.reasons.len(), 2);
        assert_eq!(r.reasons[0].code(), "no-text-field");
    }

    #[test]
    fn min_score_is_checked_and_applied() {
        let b = Extractor::builder().gazetteer_source(
            "t.csv",
            "id,type,canonical,aliases\ntripoli-ly,place,Tripoli,\ntripoli-lb,place,Tripoli,\n",
        );
        assert!(b.clone().min_score(1.5).build().is_err());
        let text = "We saw Tripoli.";
        let all = b.clone().build().unwrap().extract_text(text);
        assert_eq!(all.len(), 1);
        assert!(all[0].is_ambiguous() && all[0].score == 0.5, "{all:?}");
        assert!(b
            .min_score(0.6)
            .build()
            .unwrap()
            .extract_text(text)
            .is_empty());
    }

    #[test]
    fn long_texts_are_cut_into_parts_after_paragraphs() {
        let para = "Basra and Erbil. ".repeat(60) + "\n\n"; // 1,022 bytes
        let text = para.repeat(5_000);
        let p = parts(&text);
        assert_eq!(p.first().unwrap().0, 0);
        assert_eq!(p.last().unwrap().1, text.len());
        assert!(p.windows(2).all(|w| w[0].1 == w[1].0), "{p:?}");
        for &(a, b) in &p[..p.len() - 1] {
            assert!(text[..b].ends_with("\n\n"), "{a}..{b}");
            assert!(
                (PART_LEN..PART_LEN + PART_LEN / 2).contains(&(b - a)),
                "{a}..{b}"
            );
        }
        // Without blank lines, after a line break; without any, after a
        // space; with no space either, in one piece.
        let lines = "Basra and Erbil.\n".repeat(200_000);
        assert!(parts(&lines)[..2]
            .iter()
            .all(|&(_, b)| lines[..b].ends_with('\n')));
        let words = "Basra ".repeat(500_000);
        assert!(parts(&words).len() > 2);
        assert!(parts(&words)[..2]
            .iter()
            .all(|&(_, b)| words[..b].ends_with(' ')));
        assert_eq!(parts(&"x".repeat(3 << 20)), [(0, 3 << 20)]);
        assert_eq!(parts("Basra"), [(0, 5)]);
    }

    #[test]
    fn a_long_text_gives_the_mentions_of_its_parts_each_matched_alone() {
        let ex = Extractor::new().unwrap();
        // An article that defines what it uses (a full name, then the
        // surname; an acronym) and one that only uses it, in turn: a
        // newspaper's year as one text.
        let defines =
            "Esmail Qaani met Hadi al-Amiri in Baghdad. The Popular Mobilization Forces (PMF) \
                       said Qaani would return. \u{e9}l\u{e8}ve in Basra.\n\n";
        let uses = "Amiri said the PMF would stay in Erbil and Sulaymaniyah.\n\n";
        let article = format!("{defines}{}", uses.repeat(20));
        let text = article.repeat(PARTS_ABOVE / article.len() + 2);
        assert!(text.len() > PARTS_ABOVE);
        let whole = ex.extract(&Document::new(
            "d",
            vec![Field::new("title", "Qaani"), Field::new("text", &text)],
        ));
        assert_eq!(whole.status, Status::Ok);
        let title = ex.extract_text("Qaani");
        let mut expected: Vec<(usize, usize, usize, usize, String)> = title
            .iter()
            .map(|m| (0, m.start, m.end, m.char_start, ex.entity(m).id.clone()))
            .collect();
        let cuts = parts(&text);
        assert!(cuts.len() > 3);
        for (a, b) in cuts {
            let chars_before = text[..a].chars().count();
            for m in ex.extract_text(&text[a..b]) {
                expected.push((
                    1,
                    m.start + a,
                    m.end + a,
                    m.char_start + chars_before,
                    ex.entity(&m).id.clone(),
                ));
            }
        }
        let got: Vec<_> = whole
            .mentions
            .iter()
            .map(|m| {
                (
                    m.field,
                    m.start,
                    m.end,
                    m.char_start,
                    ex.entity(m).id.clone(),
                )
            })
            .collect();
        assert_eq!(got.len(), expected.len());
        assert!(got == expected);
        // Each part defines for itself: the surname and the acronym are
        // found after their definitions in every part.
        let amiri = got.iter().filter(|m| m.4 == "hadi-al-amiri").count();
        assert!(amiri > 100, "{amiri}");
    }
}
