//! `gazet sample`: a reproducible random sample of mentions, with context, for
//! a person to review.
//!
//! Precision is measured by reading: draw mentions at random, look at each in
//! its sentence, count the wrong ones. The draw is seeded (SplitMix64 and a
//! partial Fisher–Yates shuffle), so a review can be repeated and checked by
//! someone else with the same seed. Mentions can be restricted by column
//! values first (`type=place`, `match=variant`). The context comes from
//! re-reading the input documents with the same options as the extraction.
//!
//! A mention is found when the inputs have its document (by id), the
//! document has its field, and its span fits the field's text. Inputs or
//! options other than the run's find none: that is an error, and nothing is
//! written, since a sample without context cannot be reviewed. When only
//! some are not found, their rows say why in the `left` column, and
//! [`Drawn`] counts them for the caller to warn.

use crate::error::{Error, Problem};
use crate::source::{discover_with, ReadOptions, Reader};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

/// SplitMix64: a small, well-known generator; enough for drawing a sample.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The rank of an item with this identity under this seed.
///
/// ```
/// use gazet::sample::rank;
/// assert_eq!(rank(7, "a1"), 1881227207315220146); // the same on every machine
/// assert_ne!(rank(7, "a1"), rank(8, "a1"));
/// ```
pub fn rank(seed: u64, identity: &str) -> u64 {
    // FNV-1a over the identity, mixed with the seed by SplitMix64.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in identity.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    SplitMix64(seed ^ h).next()
}

/// Indexes of the `n` items of lowest rank, in increasing order.
///
/// ```
/// use gazet::sample::draw;
/// let ids: Vec<String> = (0..100).map(|i| format!("doc{i}")).collect();
/// let picked = draw(&ids, 10, 42);
/// assert_eq!(picked.len(), 10);
/// assert!(picked.windows(2).all(|w| w[0] < w[1]));
/// assert_eq!(picked, draw(&ids, 10, 42));
/// assert_eq!(draw(&ids[..3], 10, 42), [0, 1, 2]);
/// ```
pub fn draw(identities: &[String], n: usize, seed: u64) -> Vec<usize> {
    let mut idx: Vec<(u64, usize)> = identities
        .iter()
        .enumerate()
        .map(|(i, id)| (rank(seed, id), i))
        .collect();
    idx.sort_unstable();
    let mut out: Vec<usize> = idx.into_iter().take(n).map(|(_, i)| i).collect();
    out.sort_unstable();
    out
}

/// What to sample.
///
/// ```
/// use gazet::sample::{sample, SampleOptions};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-sample-options-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.jsonl"), "{\"id\": \"a1\", \"text\": \"Qaani in Basra\"}\n")?;
/// std::fs::write(dir.join("mentions.csv"), "doc_id,field,start,end,type\na1,text,0,5,person\na1,text,9,14,place\n")?;
/// let filters = vec![("type".to_string(), "person|militia".to_string())];
/// let options = SampleOptions { n: 10, seed: 1, filters, context: 20, read: Default::default() };
/// let mut out = Vec::new();
/// assert_eq!(sample(&[dir.join("a.jsonl")], &dir.join("mentions.csv"), &options, &mut out)?.mentions, 1);
/// assert!(String::from_utf8(out)?.contains("1,a1,text,0,5,person,, in Basra,"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct SampleOptions {
    /// How many mentions.
    pub n: usize,
    /// The seed of the draw.
    pub seed: u64,
    /// Keep only rows where each `column=value` holds (a value of `a|b` allows either).
    pub filters: Vec<(String, String)>,
    /// Characters of context on each side.
    pub context: usize,
    /// How the documents were read.
    pub read: ReadOptions,
}

/// What a draw wrote: how many mentions, and those the inputs do not have.
///
/// ```
/// use gazet::sample::Drawn;
/// let drawn = Drawn { mentions: 5, not_found: 3, missing_documents: vec!["a1".into(), "b2".into()], missing_fields: vec!["title".into()], bad_spans: 0 };
/// assert_eq!(drawn.why(), "2 documents not in the inputs: 'a1', 'b2'; field title not read");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Mentions drawn and written.
    pub mentions: usize,
    /// Of them, those written without context: their document, field or
    /// span is not in the inputs (their `left` column says which).
    pub not_found: usize,
    /// Ids of the documents of drawn mentions that the inputs do not have,
    /// sorted.
    pub missing_documents: Vec<String>,
    /// Fields of drawn mentions that were not read from their documents
    /// (not among the text fields), sorted.
    pub missing_fields: Vec<String>,
    /// Mentions whose span does not fit their field's text: the text is not
    /// the one the mentions were found in.
    pub bad_spans: usize,
}

impl Drawn {
    /// Why mentions were not found, for a message: the missing documents
    /// (the first five ids), fields and spans.
    pub fn why(&self) -> String {
        let mut parts = Vec::new();
        let docs = &self.missing_documents;
        if !docs.is_empty() {
            let shown: Vec<String> = docs.iter().take(5).map(|d| format!("'{d}'")).collect();
            let more = match docs.len() - shown.len() {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            let noun = if docs.len() == 1 {
                "document"
            } else {
                "documents"
            };
            parts.push(format!(
                "{} {noun} not in the inputs: {}{more}",
                docs.len(),
                shown.join(", ")
            ));
        }
        if !self.missing_fields.is_empty() {
            let noun = if self.missing_fields.len() == 1 {
                "field"
            } else {
                "fields"
            };
            parts.push(format!(
                "{noun} {} not read",
                self.missing_fields.join(", ")
            ));
        }
        if self.bad_spans > 0 {
            parts.push(format!(
                "{} {} outside the text read",
                self.bad_spans,
                if self.bad_spans == 1 { "span" } else { "spans" }
            ));
        }
        parts.join("; ")
    }
}

/// Why a drawn mention has no context.
enum Missing {
    Document,
    Field,
    Span,
}

struct Row {
    fields: Vec<String>,
    doc: String,
    field: String,
    start: usize,
    end: usize,
}

/// Draws the sample and writes it as CSV: the mention's columns, then
/// `left`, `right` (context) and an empty `verdict` column to fill in.
///
/// When mentions are drawn and none is found in the inputs, this is an
/// error and nothing is written: the inputs, id field or text fields are
/// not those of the run.
///
/// ```
/// use gazet::sample::{sample, SampleOptions};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-sample-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.jsonl"), "{\"id\": \"a1\", \"text\": \"Flights from Basra to Erbil\"}\n")?;
/// std::fs::write(dir.join("mentions.csv"), "doc_id,field,start,end,type\na1,text,13,18,place\n")?;
/// let options = SampleOptions { n: 5, seed: 7, filters: vec![], context: 5, read: Default::default() };
/// let mut out = Vec::new();
/// assert_eq!(sample(&[dir.join("a.jsonl")], &dir.join("mentions.csv"), &options, &mut out)?.mentions, 1);
/// let table = String::from_utf8(out)?;
/// assert_eq!(table, "sample,doc_id,field,start,end,type,left,right,verdict\n1,a1,text,13,18,place,from , to E,\n");
/// // Other inputs: not a document of the sample.
/// std::fs::write(dir.join("b.jsonl"), "{\"id\": \"b1\", \"text\": \"Flights from Basra to Erbil\"}\n")?;
/// let e = sample(&[dir.join("b.jsonl")], &dir.join("mentions.csv"), &options, Vec::new()).unwrap_err();
/// assert!(e.to_string().contains("the mention drawn was not found in the inputs (1 document not in the inputs: 'a1')"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sample<P: AsRef<Path>, W: Write>(
    inputs: &[P],
    mentions: &Path,
    options: &SampleOptions,
    out: W,
) -> Result<Drawn, Error> {
    let file = mentions.display().to_string();
    let mut rdr = csv::Reader::from_path(mentions).map_err(|e| Error::io(&file, e))?;
    let headers = rdr.headers().map_err(|e| Error::io(&file, e))?.clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::Table(Problem::at(
                &file,
                1,
                format!("missing column {name}: is this a gazet mentions.csv?"),
            ))
        })
    };
    let (cd, cf, cs, ce) = (col("doc_id")?, col("field")?, col("start")?, col("end")?);
    let filters: Vec<(usize, Vec<&str>)> = options
        .filters
        .iter()
        .map(|(c, v)| Ok((col(c)?, v.split('|').collect())))
        .collect::<Result<_, Error>>()?;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::csv(&file, &e))?;
        if !filters
            .iter()
            .all(|(c, vals)| vals.contains(&rec.get(*c).unwrap_or("")))
        {
            continue;
        }
        let line = rec.position().map_or(0, |p| p.line());
        let num = |i: usize| {
            rec[i].parse::<usize>().map_err(|_| {
                Error::Table(Problem::at(
                    &file,
                    line,
                    format!("'{}' is not an offset", &rec[i]),
                ))
            })
        };
        rows.push(Row {
            doc: rec[cd].to_string(),
            field: rec[cf].to_string(),
            start: num(cs)?,
            end: num(ce)?,
            fields: rec.iter().map(String::from).collect(),
        });
    }
    let identities: Vec<String> = rows
        .iter()
        .map(|r| format!("{}\0{}\0{}\0{}", r.doc, r.field, r.start, r.end))
        .collect();
    let chosen = draw(&identities, options.n, options.seed);
    let mut wanted: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &chosen {
        wanted.entry(rows[i].doc.as_str()).or_default().push(i);
    }
    // Context from the documents, each document id used once (the first).
    let mut context: HashMap<usize, (String, String)> = HashMap::new();
    let mut missing: HashMap<usize, Missing> = HashMap::new();
    let mut done: HashSet<String> = HashSet::new();
    let (files, _) = discover_with(inputs, &options.read)?;
    for (doc, _) in Reader::new(files, options.read.clone()) {
        let Some(list) = wanted.get(doc.id.as_str()) else {
            continue;
        };
        if !done.insert(doc.id.clone()) {
            continue;
        }
        for &i in list {
            let r = &rows[i];
            let Some(f) = doc.fields.iter().find(|f| *f.name == *r.field) else {
                missing.insert(i, Missing::Field);
                continue;
            };
            let t = &f.text;
            if r.end > t.len()
                || !t.is_char_boundary(r.start)
                || !t.is_char_boundary(r.end)
                || r.start > r.end
            {
                missing.insert(i, Missing::Span);
                continue;
            }
            let flat = |s: &str| s.replace(['\n', '\r', '\t'], " ");
            let left: String = t[..r.start]
                .chars()
                .rev()
                .take(options.context)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let right: String = t[r.end..].chars().take(options.context).collect();
            context.insert(i, (flat(&left), flat(&right)));
        }
        if done.len() == wanted.len() {
            break;
        }
    }
    let mut drawn = Drawn {
        mentions: chosen.len(),
        ..Drawn::default()
    };
    let (mut docs, mut fields) = (BTreeSet::new(), BTreeSet::new());
    for &i in &chosen {
        if context.contains_key(&i) {
            continue;
        }
        drawn.not_found += 1;
        match missing.get(&i).unwrap_or(&Missing::Document) {
            Missing::Document => {
                docs.insert(rows[i].doc.as_str());
            }
            Missing::Field => {
                fields.insert(rows[i].field.as_str());
            }
            Missing::Span => drawn.bad_spans += 1,
        }
    }
    drawn.missing_documents = docs.into_iter().map(String::from).collect();
    drawn.missing_fields = fields.into_iter().map(String::from).collect();
    if drawn.mentions > 0 && drawn.not_found == drawn.mentions {
        let none = match drawn.mentions {
            1 => "the mention drawn was not".to_string(),
            n => format!("none of the {n} mentions drawn was"),
        };
        return Err(Error::Usage(format!(
            "{file}: {none} found in the inputs ({}). The inputs, --id-field and --text-field \
             must be those of the extract run that wrote this table; nothing was written",
            drawn.why()
        )));
    }
    let mut wtr = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = vec!["sample"];
    header.extend(headers.iter());
    header.extend(["left", "right", "verdict"]);
    wtr.write_record(&header)
        .map_err(|e| Error::io("output", e))?;
    for (k, &i) in chosen.iter().enumerate() {
        let (l, r) = context.get(&i).cloned().unwrap_or_else(|| {
            let why = match missing.get(&i).unwrap_or(&Missing::Document) {
                Missing::Document => "(document not found in the inputs)".to_string(),
                Missing::Field => format!(
                    "(field {} not read from the document: see --text-field)",
                    rows[i].field
                ),
                Missing::Span => "(span outside the text read: not the run's input?)".to_string(),
            };
            (why, String::new())
        });
        let mut rec = vec![(k + 1).to_string()];
        rec.extend(rows[i].fields.iter().cloned());
        rec.extend([l, r, String::new()]);
        wtr.write_record(&rec).map_err(|e| Error::io("output", e))?;
    }
    wtr.flush().map_err(|e| Error::io("output", e))?;
    Ok(drawn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_reproducible_distinct_and_stable() {
        let ids: Vec<String> = (0..1000).map(|i| format!("doc{i}")).collect();
        let a = draw(&ids, 200, 7);
        assert_eq!(a, draw(&ids, 200, 7));
        assert_ne!(a, draw(&ids, 200, 8));
        assert_eq!(a.len(), 200);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(draw(&ids[..5], 200, 1), vec![0, 1, 2, 3, 4]);
        // Removing one drawn item leaves the others drawn.
        let gone = a[0];
        let fewer: Vec<String> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != gone)
            .map(|(_, s)| s.clone())
            .collect();
        let b: Vec<&String> = draw(&fewer, 200, 7)
            .into_iter()
            .map(|i| &fewer[i])
            .collect();
        let kept = a[1..].iter().filter(|&&i| b.contains(&&ids[i])).count();
        assert_eq!(kept, 199);
    }
}
