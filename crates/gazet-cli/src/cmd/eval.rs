//! `gazet eval`: precision, recall and F1 of a mentions table against gold
//! mentions, as a report to read or as JSON for a script.
//!
//! A gold table lists mentions, not documents: the documents it covers are
//! those with at least one gold mention. A run's `mentions.csv` usually holds
//! far more documents than were annotated, so the predictions for the others
//! are left out of the scores, and counted, rather than all taken for false
//! positives (which made a whole run's precision meaningless). Two tables with
//! no document in common are an error, not a score of zero: their ids almost
//! always come from different fields or different corpora.

use clap::Args;
use gazet::eval::{self, Counts, Report, Row};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How `gazet eval` compares mentions (`gazet eval --help`). README.md's
/// "Scoring against gold" says the same, word for word (a test checks it).
const HOW: &str = "\
How mentions are compared:
  Columns are found by name. Both tables need doc_id, start, end (byte
  offsets into the field's text) and type; the entity is read from
  entity_id or entity. When both tables have a field column, the field
  is part of a mention's place; otherwise fields are ignored.

  strict: a predicted mention is right when a gold mention of the same
  document (and field, when both tables have one) has the same start,
  the same end and the same type, whatever their entities; each gold
  mention takes one prediction, so a second prediction of the same
  span is a false positive.

  lenient: the same, but the spans need only overlap by at least one
  byte; the gold mentions are taken in the order of the gold file, and
  each takes the first prediction, in the order of the predictions
  file, that overlaps it and that no gold mention took before (a
  first-come pairing, which in a rare chain of overlaps pairs fewer
  mentions than the best pairing would).

  linking: of the strict matches whose prediction is not an unlisted
  name (match column unlisted), the share whose entity ids agree.

  left out: the predicted mentions of documents that have no gold
  mention, which the gold does not cover; they are counted apart, not
  scored (the gold lists mentions, not documents, so a document
  annotated as naming nothing cannot be told from one never
  annotated).

  Precision is tp / (tp + fp), recall tp / (tp + fn), each 1 when
  there is nothing to divide; F1 is their harmonic mean.

Exit status of eval:
  0    scored
  2    a table cannot be read, the gold has no mention, or the two tables
       have no document in common (check their doc_id columns)";

/// Score a mentions table against gold mentions.
#[derive(Args)]
#[command(after_long_help = HOW)]
pub struct EvalArgs {
    /// Gold mentions CSV (doc_id,start,end,type,entity,...).
    #[arg(long)]
    gold: PathBuf,
    /// Predicted mentions CSV (gazet's mentions.csv).
    #[arg(long)]
    pred: PathBuf,
    /// Write the figures as one JSON object instead of the report.
    ///
    /// One line on standard output, its keys in this order: gold,
    /// predictions, left_out, overall, by_type, linking, by_match.
    #[arg(long)]
    json: bool,
}

impl EvalArgs {
    /// Runs the command.
    pub fn run(self) -> Result<ExitCode, gazet::Error> {
        let (gold, gold_field) = eval::read_rows(&self.gold)?;
        let (pred, pred_field) = eval::read_rows(&self.pred)?;
        let gold_docs: BTreeSet<&str> = gold.iter().map(|r| r.doc.as_str()).collect();
        let pred_docs: BTreeSet<&str> = pred.iter().map(|r| r.doc.as_str()).collect();
        if gold.is_empty() {
            return Err(gazet::Error::Usage(format!(
                "{}: the gold has no mention, so there is nothing to score against: is it the gold table?",
                self.gold.display()
            )));
        }
        if !pred.is_empty() && gold_docs.is_disjoint(&pred_docs) {
            return Err(gazet::Error::Usage(format!(
                "no document in common between the gold, {} ({}), and the predictions, {} ({}): \
                 their doc_id columns must hold the same ids. Check that the predictions were \
                 extracted from the gold's documents, and with the id field the gold's ids come \
                 from (extract --id-field, default id)",
                self.gold.display(),
                some_ids(&gold_docs),
                self.pred.display(),
                some_ids(&pred_docs),
            )));
        }
        let predicted = Tally {
            documents: pred_docs.len(),
            mentions: pred.len(),
        };
        let covered: HashSet<&str> = gold_docs.iter().copied().collect();
        let (scored, left): (Vec<&Row>, Vec<&Row>) =
            pred.iter().partition(|r| covered.contains(r.doc.as_str()));
        let left_out = Tally {
            documents: left
                .iter()
                .map(|r| r.doc.as_str())
                .collect::<HashSet<_>>()
                .len(),
            mentions: left.len(),
        };
        let scored: Vec<Row> = scored.into_iter().cloned().collect();
        let report = eval::evaluate(&gold, &scored, gold_field && pred_field);
        let gold_tally = Tally {
            documents: gold_docs.len(),
            mentions: gold.len(),
        };
        let text = if self.json {
            let figures = Figures::new(
                (&self.gold, gold_tally),
                (&self.pred, predicted),
                left_out,
                &report,
            );
            let mut line = serde_json::to_string(&figures).map_err(|e| {
                gazet::Error::io("standard output", format!("cannot write JSON: {e}"))
            })?;
            line.push('\n');
            line
        } else {
            format!(
                "gold: {} ({})\npredictions: {} ({})\nleft out: {} predicted {} ({}) that the gold does not cover\n\n{report}",
                gold_tally,
                self.gold.display(),
                predicted,
                self.pred.display(),
                left_out.documents,
                plural(left_out.documents, "document"),
                plural_count(left_out.mentions, "mention"),
            )
        };
        crate::output::print(&text)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The first ids of a set, for a message: `a1, b2, c3 and 7 more`.
fn some_ids(ids: &BTreeSet<&str>) -> String {
    let shown: Vec<String> = ids.iter().take(3).map(|id| format!("'{id}'")).collect();
    let more = ids.len().saturating_sub(shown.len());
    let list = if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    };
    format!("{}: {list}", plural_count(ids.len(), "document"))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn plural_count(n: usize, word: &str) -> String {
    format!("{n} {}", plural(n, word))
}

/// Documents and mentions of a table, or of the part left out.
#[derive(Clone, Copy, Serialize)]
struct Tally {
    documents: usize,
    mentions: usize,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {}",
            plural_count(self.documents, "document"),
            plural_count(self.mentions, "mention")
        )
    }
}

/// The JSON of `--json`. Fields are written in the order declared, and the
/// maps are sorted, so the same tables give the same bytes.
#[derive(Serialize)]
struct Figures<'a> {
    gold: Table,
    predictions: Table,
    left_out: Tally,
    overall: Scores,
    by_type: BTreeMap<&'a str, Scores>,
    linking: Linking,
    by_match: BTreeMap<&'a str, MatchScores>,
}

#[derive(Serialize)]
struct Table {
    path: String,
    documents: usize,
    mentions: usize,
}

#[derive(Serialize)]
struct Scores {
    strict: Score,
    lenient: Score,
}

#[derive(Serialize)]
struct Score {
    precision: f64,
    recall: f64,
    f1: f64,
    tp: usize,
    fp: usize,
    #[serde(rename = "fn")]
    fn_: usize,
}

impl From<&Counts> for Score {
    fn from(c: &Counts) -> Score {
        Score {
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
            tp: c.tp,
            fp: c.fp,
            fn_: c.fn_,
        }
    }
}

#[derive(Serialize)]
struct Linking {
    right: usize,
    matches: usize,
    accuracy: f64,
}

#[derive(Serialize)]
struct MatchScores {
    precision: f64,
    tp: usize,
    fp: usize,
}

impl<'a> Figures<'a> {
    fn new(
        gold: (&Path, Tally),
        predictions: (&Path, Tally),
        left_out: Tally,
        report: &'a Report,
    ) -> Figures<'a> {
        let table = |(path, t): (&Path, Tally)| Table {
            path: path.display().to_string(),
            documents: t.documents,
            mentions: t.mentions,
        };
        let types: BTreeSet<&str> = report
            .strict_by_type
            .keys()
            .chain(report.lenient_by_type.keys())
            .map(String::as_str)
            .collect();
        let scores = |k: &str| Scores {
            strict: Score::from(&report.strict_by_type.get(k).copied().unwrap_or_default()),
            lenient: Score::from(&report.lenient_by_type.get(k).copied().unwrap_or_default()),
        };
        // As in the report: by match kind only when the predictions have a
        // match column.
        let has_match = report.strict_by_match.keys().any(|k| !k.is_empty());
        Figures {
            gold: table(gold),
            predictions: table(predictions),
            left_out,
            overall: Scores {
                strict: Score::from(&report.strict),
                lenient: Score::from(&report.lenient),
            },
            by_type: types.into_iter().map(|k| (k, scores(k))).collect(),
            linking: Linking {
                right: report.linked.0,
                matches: report.linked.1,
                accuracy: report.linking_accuracy(),
            },
            by_match: report
                .strict_by_match
                .iter()
                .filter(|_| has_match)
                .map(|(k, c)| {
                    let name = if k.is_empty() { "(none)" } else { k.as_str() };
                    let s = MatchScores {
                        precision: c.precision(),
                        tp: c.tp,
                        fp: c.fp,
                    };
                    (name, s)
                })
                .collect(),
        }
    }
}
