//! Writing tables: `mentions.csv` and `documents.csv`.
//!
//! Both are RFC 4180 CSV with a header, UTF-8, written by the `csv` crate, so
//! they load as they are into pandas, R or a spreadsheet. Each table is written
//! under a temporary name (`.mentions.csv.partial`) and renamed when complete:
//! a table under its final name is always whole.

use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::matcher::{KeyRule, Possessive};
use crate::resolve::Mention;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Columns of `mentions.csv`.
pub const MENTION_COLUMNS: &[&str] = &[
    "doc_id",
    "field",
    "entity_id",
    "type",
    "canonical",
    "surface",
    "start",
    "end",
    "char_start",
    "char_end",
    "match",
    "rule",
    "score",
    "alias",
    "wikidata",
    "country",
    "ambiguous",
];

/// Columns of `documents.csv`.
pub const DOCUMENT_COLUMNS: &[&str] = &["doc_id", "source", "field_bytes", "mentions", "status"];

/// A mention located in a field, ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    /// The field it is in.
    pub field: Arc<str>,
    /// The mention.
    pub mention: Mention,
    /// Exactly the original text of the span.
    pub surface: String,
    /// Offsets in Unicode scalar values.
    pub char_start: usize,
    /// See `char_start`.
    pub char_end: usize,
    /// How the mention was found.
    pub how: MatchKind,
    /// How sure gazet is, in [0, 1] (see [`score`]).
    pub score: f32,
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
///
/// A possessive read from a lost apostrophe takes 0.05 off, a name decided
/// between several entities by the document 0.10, and a name left ambiguous
/// is halved.
pub fn score(how: MatchKind, m: &Mention) -> f32 {
    let mut s: f32 = match how {
        MatchKind::Exact => 1.0,
        MatchKind::Normalized if m.key_rule == KeyRule::ArticleDropped => 0.95,
        MatchKind::Normalized => 0.97,
        MatchKind::Variant if m.variant.as_deref().is_some_and(|v| v.contains('+')) => 0.75,
        MatchKind::Variant => 0.85,
        MatchKind::Partial => 0.80,
        MatchKind::Skeleton => 0.70,
    };
    if m.rules.possessive == Some(Possessive::Bare) {
        s -= 0.05;
    }
    if m.disambiguated {
        s -= 0.10;
    }
    if !m.ambiguous.is_empty() {
        s *= 0.5;
    }
    s
}

/// How a mention was found: the `match` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// Written exactly as a gazetteer name.
    Exact,
    /// Equal to a gazetteer name once normalized.
    Normalized,
    /// A person's surname, linked because the document names them in full.
    Partial,
    /// A transliteration variant of a name ([`crate::variants`]).
    Variant,
    /// A spelling found by consonant skeleton ([`crate::skeleton`]).
    Skeleton,
}

impl MatchKind {
    /// The value written in the `match` column.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Normalized => "normalized",
            MatchKind::Partial => "partial",
            MatchKind::Variant => "variant",
            MatchKind::Skeleton => "skeleton",
        }
    }
}

/// One processed document: its row of `documents.csv` and its mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct Processed {
    /// The document id.
    pub id: String,
    /// Where it came from.
    pub source: String,
    /// Bytes of text matched.
    pub field_bytes: usize,
    /// Its mentions, by field then offset.
    pub mentions: Vec<Located>,
    /// `ok`, or why it was not (entirely) processed.
    pub status: String,
}

/// Text of the `rule` column: the rules applied, `+`-joined.
pub fn rule_text(m: &Mention) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(v) = &m.variant {
        parts.push(format!("variant:{v}"));
    }
    if m.key_rule == KeyRule::ArticleDropped {
        parts.push("article-dropped".into());
    }
    if m.rules.article_added {
        parts.push("article-added".into());
    }
    match m.rules.possessive {
        Some(Possessive::Apostrophe) => parts.push("possessive".into()),
        Some(Possessive::Bare) => parts.push("possessive-bare".into()),
        None => {}
    }
    if m.disambiguated {
        parts.push("disambiguated".into());
    }
    parts.join("+")
}

/// A table being written under a temporary name.
struct Table {
    writer: csv::Writer<BufWriter<File>>,
    partial: PathBuf,
    fin: PathBuf,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Table, Error> {
        let fin = dir.join(name);
        let partial = dir.join(format!(".{name}.partial"));
        let file = File::create(&partial)
            .map_err(|e| Error::io(partial.display(), format!("cannot create: {e}")))?;
        let mut writer =
            csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(1 << 20, file));
        writer
            .write_record(header)
            .map_err(|e| Error::io(partial.display(), e))?;
        Ok(Table {
            writer,
            partial,
            fin,
        })
    }

    fn finish(self) -> Result<(), Error> {
        let Table {
            writer,
            partial,
            fin,
        } = self;
        let file = writer
            .into_inner()
            .map_err(|e| Error::io(partial.display(), e.error()))?
            .into_inner()
            .map_err(|e| Error::io(partial.display(), e.error()))?;
        file.sync_all()
            .map_err(|e| Error::io(partial.display(), e))?;
        std::fs::rename(&partial, &fin).map_err(|e| {
            Error::io(
                fin.display(),
                format!("cannot rename the finished table: {e}"),
            )
        })
    }
}

/// Writes the tables of one run into a directory.
pub struct TableWriter<'g> {
    gazetteer: &'g Gazetteer,
    mentions: Table,
    documents: Table,
    row: Vec<String>,
}

impl<'g> TableWriter<'g> {
    /// Creates the directory if needed and starts both tables.
    pub fn create(dir: &Path, gazetteer: &'g Gazetteer) -> Result<TableWriter<'g>, Error> {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::io(
                dir.display(),
                format!("cannot create output directory: {e}"),
            )
        })?;
        Ok(TableWriter {
            gazetteer,
            mentions: Table::create(dir, "mentions.csv", MENTION_COLUMNS)?,
            documents: Table::create(dir, "documents.csv", DOCUMENT_COLUMNS)?,
            row: Vec::with_capacity(MENTION_COLUMNS.len()),
        })
    }

    /// Writes one processed document.
    pub fn write(&mut self, doc: &Processed) -> Result<(), Error> {
        for l in &doc.mentions {
            write_mention(&mut self.row, self.gazetteer, &doc.id, l);
            self.mentions
                .writer
                .write_record(&self.row)
                .map_err(|e| Error::io(self.mentions.partial.display(), e))?;
        }
        let n = doc.mentions.len().to_string();
        let bytes = doc.field_bytes.to_string();
        self.documents
            .writer
            .write_record([
                doc.id.as_str(),
                doc.source.as_str(),
                bytes.as_str(),
                n.as_str(),
                doc.status.as_str(),
            ])
            .map_err(|e| Error::io(self.documents.partial.display(), e))
    }

    /// Completes both tables and gives them their final names.
    pub fn finish(self) -> Result<(), Error> {
        self.mentions.finish()?;
        self.documents.finish()
    }
}

fn write_mention(row: &mut Vec<String>, g: &Gazetteer, doc_id: &str, l: &Located) {
    let m = &l.mention;
    let e = &g.entities()[m.entity as usize];
    row.clear();
    row.push(doc_id.to_string());
    row.push(l.field.to_string());
    row.push(e.id.clone());
    row.push(e.kind.clone());
    row.push(e.canonical.clone());
    row.push(l.surface.clone());
    row.push(m.start.to_string());
    row.push(m.end.to_string());
    row.push(l.char_start.to_string());
    row.push(l.char_end.to_string());
    row.push(l.how.as_str().to_string());
    row.push(rule_text(m));
    row.push(format!("{:.2}", l.score));
    row.push(e.names[m.name as usize].text.clone());
    row.push(e.wikidata.clone().unwrap_or_default());
    row.push(e.country.clone().unwrap_or_default());
    row.push(
        m.ambiguous
            .iter()
            .map(|&i| g.entities()[i as usize].id.as_str())
            .collect::<Vec<_>>()
            .join("|"),
    );
}

/// Writes mentions of one document as CSV to any writer (header included):
/// for library users who want the table without the files.
pub fn write_mentions_csv<W: Write>(
    w: W,
    g: &Gazetteer,
    doc: &Processed,
) -> Result<(), csv::Error> {
    let mut wtr = csv::Writer::from_writer(w);
    wtr.write_record(MENTION_COLUMNS)?;
    let mut row = Vec::new();
    for l in &doc.mentions {
        write_mention(&mut row, g, &doc.id, l);
        wtr.write_record(&row)?;
    }
    wtr.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::SpanRules;

    fn mention(key_rule: KeyRule, variant: Option<&str>) -> Mention {
        Mention {
            start: 0,
            end: 1,
            name_start: 0,
            name_end: 1,
            entity: 0,
            name: 0,
            key_rule,
            rules: SpanRules::default(),
            ambiguous: Vec::new(),
            disambiguated: false,
            variant: variant.map(Into::into),
        }
    }

    #[test]
    fn scores_fall_with_each_step_away_from_the_name() {
        let exact = score(MatchKind::Exact, &mention(KeyRule::Name, None));
        let norm = score(MatchKind::Normalized, &mention(KeyRule::Name, None));
        let dropped = score(
            MatchKind::Normalized,
            &mention(KeyRule::ArticleDropped, None),
        );
        let v1 = score(MatchKind::Variant, &mention(KeyRule::Variant, Some("q")));
        let v2 = score(
            MatchKind::Variant,
            &mention(KeyRule::Variant, Some("q+double")),
        );
        let partial = score(MatchKind::Partial, &mention(KeyRule::Partial, None));
        assert!(
            exact > norm && norm > dropped && dropped > v1 && v1 > partial && partial > v2,
            "{exact} {norm} {dropped} {v1} {partial} {v2}"
        );
        let mut amb = mention(KeyRule::Name, None);
        amb.ambiguous = vec![0, 1];
        assert_eq!(score(MatchKind::Exact, &amb), 0.5);
        assert_eq!(
            rule_text(&mention(KeyRule::Variant, Some("q+double"))),
            "variant:q+double"
        );
    }
}
