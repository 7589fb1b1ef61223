//! Candidate gazetteer entries: the names of a corpus that no gazetteer
//! lists, gathered into a table a person reviews and loads with
//! `--gazetteer`.
//!
//! [`crate::Extractor`] reports each unlisted name where it stands
//! (`match` = `unlisted`); a corpus names the same new people and places in
//! many documents, in several spellings. [`Candidates`] gathers those
//! mentions into one row per name and type: spellings with the same
//! consonants (`Soltani-Nejad`, `Soltaninejad`; `Mehdi Sanaei`, `Mahdi
//! Sanaie`) are one candidate, with the most frequent spelling as its canonical name and the
//! others as aliases, how often and in how many documents it was seen, and a
//! few contexts to judge it by. A short form (`Lowcock` after `Mark
//! Lowcock`) counts for the full name but is never made an alias: a surname
//! alone would match everyone who bears it.
//!
//! The rows are written in the gazetteer columns (`id,type,canonical,aliases`)
//! plus `count,documents,spellings,contexts`, which a gazetteer ignores, so
//! the reviewed file loads as it is. The output depends only on the inputs
//! and the extractor: documents are read in order and ties are broken by name.

use crate::document::Document;
use crate::error::Error;
use crate::extract::Extractor;
use crate::gazetteer::{geonames::slug, EntityType};
use crate::mention::{EntityRef, MatchKind};
use crate::normalize;
use crate::source::{discover_with, ReadOptions, Reader};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// How many contexts a candidate keeps.
const CONTEXTS: usize = 3;
/// Characters of text kept on each side of a name in a context.
const CONTEXT_CHARS: usize = 60;

#[derive(Default)]
struct Group {
    spellings: BTreeMap<String, usize>,
    count: usize,
    documents: usize,
    last_doc: Option<u64>,
    contexts: Vec<String>,
}

/// One candidate gazetteer entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// A slug of the canonical name, unique in the table and not an id of
    /// the extractor's gazetteer.
    pub id: String,
    /// What it names.
    pub kind: EntityType,
    /// The most frequent spelling.
    pub canonical: String,
    /// The other spellings.
    pub aliases: Vec<String>,
    /// Mentions, short forms included.
    pub count: usize,
    /// Documents it is mentioned in.
    pub documents: usize,
    /// Every spelling with its count, most frequent first.
    pub spellings: Vec<(String, usize)>,
    /// The first few places it was seen, with the text around them.
    pub contexts: Vec<String>,
}

/// The unlisted names of a corpus, gathered (see the [module documentation](self)).
///
/// ```
/// use gazet::candidates::Candidates;
/// use gazet::{Document, Extractor};
/// let ex = Extractor::new()?;
/// let mut c = Candidates::default();
/// for (i, text) in ["Andrej Plenkovic met them. Plenkovic said so.", "PM Andrej Plenkovic left."].iter().enumerate() {
///     let doc = Document::text(&i.to_string(), *text);
///     c.add(&doc, &ex.extract(&doc).mentions.iter().collect::<Vec<_>>());
/// }
/// let rows = c.rows(&ex, 1);
/// assert_eq!(rows[0].id, "andrej-plenkovic");
/// assert_eq!((rows[0].count, rows[0].documents), (3, 2));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Default)]
pub struct Candidates {
    groups: BTreeMap<(String, String), Group>,
    docs_seen: u64,
}

impl Candidates {
    /// Adds the unlisted mentions of one document.
    pub fn add(&mut self, doc: &Document, mentions: &[&crate::Mention]) {
        self.docs_seen += 1;
        let doc_no = self.docs_seen;
        for m in mentions {
            if m.kind != MatchKind::Unlisted {
                continue;
            }
            let EntityRef::Unlisted(e) = &m.entity else {
                continue;
            };
            let group_key = consonants(&normalize::key(&e.canonical));
            let g = self
                .groups
                .entry((e.kind.to_string(), group_key))
                .or_default();
            g.count += 1;
            if g.last_doc != Some(doc_no) {
                g.last_doc = Some(doc_no);
                g.documents += 1;
            }
            if !m.rules.short_form {
                *g.spellings.entry(e.canonical.clone()).or_default() += 1;
            }
            if g.contexts.len() < CONTEXTS
                && let Some(field) = doc.fields.get(m.field)
            {
                g.contexts
                    .push(context(&doc.id, &field.text, m.start, m.end));
            }
        }
    }

    /// The candidates seen at least `min_count` times, most frequent first
    /// (then by type and id).
    pub fn rows(&self, ex: &Extractor, min_count: usize) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = self
            .groups
            .iter()
            .filter(|(_, g)| g.count >= min_count && !g.spellings.is_empty())
            .map(|((kind, _), g)| {
                let mut spellings: Vec<(String, usize)> =
                    g.spellings.iter().map(|(s, n)| (s.clone(), *n)).collect();
                spellings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let canonical = spellings[0].0.clone();
                let mut aliases: Vec<String> = Vec::new();
                for (s, _) in &spellings[1..] {
                    if normalize::key(s) != normalize::key(&canonical)
                        && !aliases
                            .iter()
                            .any(|a| normalize::key(a) == normalize::key(s))
                    {
                        aliases.push(s.clone());
                    }
                }
                Candidate {
                    id: slug(&canonical),
                    kind: EntityType::parse(kind),
                    canonical,
                    aliases,
                    count: g.count,
                    documents: g.documents,
                    spellings,
                    contexts: g.contexts.clone(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
                .then_with(|| a.id.cmp(&b.id))
        });
        // Ids unique in the table and apart from the gazetteer's.
        let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
        for c in &mut out {
            let mut id = c.id.clone();
            if taken.contains(&id) || ex.gazetteer().get(&id).is_some() {
                id = format!("{}-{}", c.id, c.kind);
            }
            let mut n = 2;
            while taken.contains(&id) || ex.gazetteer().get(&id).is_some() {
                id = format!("{}-{}-{n}", c.id, c.kind);
                n += 1;
            }
            taken.insert(id.clone());
            c.id = id;
        }
        out
    }

    /// Writes the candidates seen at least `min_count` times as CSV, in the
    /// gazetteer columns and `count,documents,spellings,contexts`; returns
    /// how many rows it wrote.
    ///
    /// ```
    /// use gazet::candidates::Candidates;
    /// let ex = gazet::Extractor::new()?;
    /// let mut out = Vec::new();
    /// assert_eq!(Candidates::default().write_csv(&ex, 1, &mut out)?, 0);
    /// assert!(String::from_utf8(out).unwrap().starts_with("id,type,canonical,aliases,count"));
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn write_csv<W: Write>(
        &self,
        ex: &Extractor,
        min_count: usize,
        out: W,
    ) -> Result<usize, Error> {
        let mut w = csv::Writer::from_writer(out);
        let io = |e: csv::Error| Error::io("candidates", std::io::Error::other(e.to_string()));
        w.write_record([
            "id",
            "type",
            "canonical",
            "aliases",
            "count",
            "documents",
            "spellings",
            "contexts",
        ])
        .map_err(io)?;
        let rows = self.rows(ex, min_count);
        for c in &rows {
            let spellings: Vec<String> = c
                .spellings
                .iter()
                .map(|(s, n)| format!("{s} ({n})"))
                .collect();
            w.write_record([
                c.id.as_str(),
                c.kind.as_str(),
                c.canonical.as_str(),
                &c.aliases.join("|"),
                &c.count.to_string(),
                &c.documents.to_string(),
                &spellings.join("|"),
                &c.contexts.join(" | "),
            ])
            .map_err(io)?;
        }
        w.flush()
            .map_err(|e| Error::io("candidates", std::io::Error::other(e.to_string())))?;
        Ok(rows.len())
    }
}

/// The consonants of a name's key, as transliterations vary them least:
/// spaces, hyphens and vowels dropped, doubled letters made one, `q` as
/// `k`, `gh`/`kh` as `g`/`k` (`Soltani-Nejad` and `Soltaninejad`, `Mehdi
/// Sanaei` and `Mahdi Sanaie` are one name; `Hamid Hosseini` is another).
fn consonants(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut prev = ' ';
    for c in key.chars() {
        let c = match c {
            'q' => 'k',
            'h' if matches!(prev, 'g' | 'k') => continue,
            c if "aeiouy '-".contains(c) => continue,
            c => c,
        };
        if c != prev {
            out.push(c);
        }
        prev = c;
    }
    out
}

/// `doc-id: …text around [name] text around…`
fn context(doc_id: &str, text: &str, start: usize, end: usize) -> String {
    let left: String = {
        let mut cs: Vec<char> = text[..start].chars().rev().take(CONTEXT_CHARS).collect();
        cs.reverse();
        cs.into_iter().collect()
    };
    let right: String = text[end..].chars().take(CONTEXT_CHARS).collect();
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{doc_id}: …{} [{}] {}…",
        clean(&left),
        clean(&text[start..end]),
        clean(&right)
    )
    .replace(" ]", "]")
}

/// Reads every document of `inputs` in order, extracts with `ex` (a batch
/// at a time, on all cores) and gathers the unlisted names; with the
/// number of documents read.
pub fn gather<P: AsRef<Path>>(
    ex: &Extractor,
    inputs: &[P],
    read: &ReadOptions,
) -> Result<(Candidates, u64), Error> {
    let (files, _) = discover_with(inputs, read)?;
    let mut reader = Reader::new(files, read.clone());
    let mut c = Candidates::default();
    let mut read_docs = 0u64;
    loop {
        let batch: Vec<Document> = reader.by_ref().take(512).map(|(d, _)| d).collect();
        if batch.is_empty() {
            break;
        }
        read_docs += batch.len() as u64;
        let results: Vec<_> = batch.par_iter().map(|d| ex.extract(d)).collect();
        for (doc, r) in batch.iter().zip(&results) {
            let unlisted: Vec<&crate::Mention> = r
                .mentions
                .iter()
                .filter(|m| m.kind == MatchKind::Unlisted)
                .collect();
            c.add(doc, &unlisted);
        }
    }
    Ok((c, read_docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_group_by_consonants_and_short_forms_count_but_are_no_alias() {
        let ex = Extractor::new().unwrap();
        let mut c = Candidates::default();
        let texts = [
            "Deputy Director Hamed Soltani-Nejad spoke. Soltani-Nejad said so.",
            "Deputy Director Hamed Soltaninejad spoke.",
            "Deputy Director Hamed Soltani-Nejad left.",
        ];
        for (i, t) in texts.iter().enumerate() {
            let doc = Document::text(i.to_string(), *t);
            let r = ex.extract(&doc);
            c.add(&doc, &r.mentions.iter().collect::<Vec<_>>());
        }
        let rows = c.rows(&ex, 1);
        assert_eq!(rows.len(), 1, "{rows:?}");
        let r = &rows[0];
        assert_eq!(r.canonical, "Hamed Soltani-Nejad");
        assert_eq!(r.aliases, ["Hamed Soltaninejad"]);
        assert_eq!((r.count, r.documents), (4, 3));
        assert_eq!(r.kind, EntityType::Person);
        assert!(
            r.contexts[0].contains("[Hamed Soltani-Nejad]"),
            "{:?}",
            r.contexts
        );
        // Seen fewer times than asked: left out.
        assert!(c.rows(&ex, 5).is_empty());
    }

    #[test]
    fn consonant_keys() {
        assert_eq!(consonants("soltani nejad"), consonants("soltaninejad"));
        assert_eq!(consonants("mehdi sanaei"), consonants("mahdi sanaie"));
        assert_ne!(consonants("hamid hosseini"), consonants("mehdi sanaei"));
        assert_ne!(consonants("reza rahmani"), consonants("harry truman"));
    }

    #[test]
    fn the_table_loads_as_a_gazetteer() {
        let ex = Extractor::new().unwrap();
        let mut c = Candidates::default();
        let doc = Document::text(
            "a",
            "Deputy Director Hamed Soltani-Nejad spoke at the Ketza River.",
        );
        let r = ex.extract(&doc);
        c.add(&doc, &r.mentions.iter().collect::<Vec<_>>());
        let mut out = Vec::new();
        assert_eq!(c.write_csv(&ex, 1, &mut out).unwrap(), 2);
        let csv = String::from_utf8(out).unwrap();
        let loaded = Extractor::builder()
            .gazetteer_source("candidates.csv", csv)
            .build()
            .unwrap();
        let found = loaded.extract_text("Hamed Soltani-Nejad visited the Ketza River.");
        let ids: Vec<&str> = found.iter().map(|m| loaded.entity(m).id.as_str()).collect();
        assert_eq!(ids, ["hamed-soltani-nejad", "ketza-river"]);
    }
}
