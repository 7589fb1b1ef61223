//! Evaluation: scoring a mentions table against gold mentions.
//!
//! Gold and predictions are CSV files with a header; columns are found by
//! name, so a gold file (`doc_id,start,end,surface,type,entity,canonical`) and
//! gazet's `mentions.csv` can be compared directly. When both have a `field`
//! column, it is part of a mention's place; otherwise it is ignored.
//!
//! * strict: same document, same byte span, same type;
//! * lenient: same document, overlapping spans, same type (each mention
//!   counted once);
//! * linking: of the strict matches of listed entities (not `unlisted`), the
//!   share whose entity ids agree.

use crate::error::{Error, Problem};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

/// One mention read from a table.
///
/// ```
/// use gazet::eval::{evaluate, Row};
/// let gold = Row::new("a1", 13, 18, "place", "basra");
/// let pred = Row { field: "text".into(), ..gold.clone() };
/// assert_eq!(evaluate(&[gold.clone()], &[pred.clone()], false).strict.tp, 1);
/// assert_eq!(evaluate(&[gold], &[pred], true).strict.tp, 0); // the field differs
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Row {
    /// Document id.
    pub doc: String,
    /// Field, or empty.
    pub field: String,
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Type.
    pub kind: String,
    /// Entity id.
    pub entity: String,
    /// Surface text, if the table has it.
    pub surface: String,
    /// How it was found (the `match` column of gazet's mentions table:
    /// `exact`, `variant`, ...), if the table has it.
    pub how: String,
}

impl Row {
    /// A mention of `entity`, of type `kind`, at bytes `start..end` of
    /// document `doc`; no field, surface or match kind.
    ///
    /// ```
    /// let r = gazet::eval::Row::new("a1", 13, 18, "place", "basra");
    /// assert_eq!((r.end - r.start, r.how.as_str()), (5, ""));
    /// ```
    pub fn new(doc: &str, start: usize, end: usize, kind: &str, entity: &str) -> Row {
        Row {
            doc: doc.to_string(),
            field: String::new(),
            start,
            end,
            kind: kind.to_string(),
            entity: entity.to_string(),
            surface: String::new(),
            how: String::new(),
        }
    }
}

/// Reads a gold or mentions table, and whether it has a `field` column
/// (gazet's mentions table has; a gold table may have).
///
/// ```
/// use gazet::eval::read_rows;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-read-rows-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("gold.csv"), "doc_id,start,end,type,entity\na1,13,18,place,basra\n")?;
/// let (rows, has_field) = read_rows(&dir.join("gold.csv"))?;
/// assert_eq!((rows[0].doc.as_str(), rows[0].start, rows[0].entity.as_str()), ("a1", 13, "basra"));
/// assert!(!has_field);
/// std::fs::write(dir.join("bad.csv"), "doc_id,start,end\na1,13,18\n")?;
/// let e = read_rows(&dir.join("bad.csv")).unwrap_err();
/// assert!(e.to_string().contains("missing column type"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_rows(path: &Path) -> Result<(Vec<Row>, bool), Error> {
    let file = path.display().to_string();
    let mut rdr = csv::Reader::from_path(path).map_err(|e| Error::io(&file, e))?;
    let headers = rdr.headers().map_err(|e| Error::io(&file, e))?.clone();
    let col = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h == *n))
    };
    let need = |names: &[&str]| {
        col(names).ok_or_else(|| {
            Error::Table(Problem::at(
                &file,
                1,
                format!(
                    "missing column {} (header: {})",
                    names.join(" or "),
                    headers.iter().collect::<Vec<_>>().join(",")
                ),
            ))
        })
    };
    let (cd, cs, ce, ct) = (
        need(&["doc_id"])?,
        need(&["start"])?,
        need(&["end"])?,
        need(&["type"])?,
    );
    let cent = col(&["entity_id", "entity"]);
    let (cf, csurf, chow) = (col(&["field"]), col(&["surface"]), col(&["match"]));
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::csv(&file, &e))?;
        let line = rec.position().map_or(0, |p| p.line());
        let num = |i: usize, what: &str| -> Result<usize, Error> {
            rec.get(i).unwrap_or("").parse().map_err(|_| {
                Error::Table(Problem::at(
                    &file,
                    line,
                    format!(
                        "{what} '{}' is not a whole number",
                        rec.get(i).unwrap_or("")
                    ),
                ))
            })
        };
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").to_string();
        rows.push(Row {
            doc: get(Some(cd)),
            field: get(cf),
            start: num(cs, "start")?,
            end: num(ce, "end")?,
            kind: get(Some(ct)),
            entity: get(cent),
            surface: get(csurf),
            how: get(chow),
        });
    }
    Ok((rows, cf.is_some()))
}

/// Counts for one type (or all).
///
/// ```
/// use gazet::eval::Counts;
/// let c = Counts { tp: 3, fp: 1, fn_: 2 };
/// assert_eq!((c.precision(), c.recall()), (0.75, 0.6));
/// assert_eq!(Counts::default(), Counts { tp: 0, fp: 0, fn_: 0 });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Counts {
    /// Precision.
    ///
    /// ```
    /// use gazet::eval::Counts;
    /// assert_eq!(Counts { tp: 3, fp: 1, fn_: 5 }.precision(), 0.75);
    /// assert_eq!(Counts { tp: 0, fp: 0, fn_: 5 }.precision(), 1.0); // nothing predicted
    /// ```
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall.
    ///
    /// ```
    /// use gazet::eval::Counts;
    /// assert_eq!(Counts { tp: 1, fp: 9, fn_: 3 }.recall(), 0.25);
    /// assert_eq!(Counts { tp: 0, fp: 9, fn_: 0 }.recall(), 1.0); // no gold mention
    /// ```
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1.
    ///
    /// ```
    /// use gazet::eval::Counts;
    /// let c = Counts { tp: 3, fp: 1, fn_: 2 };
    /// assert!((c.f1() - 2.0 * 0.75 * 0.6 / (0.75 + 0.6)).abs() < 1e-12);
    /// assert_eq!(Counts { tp: 0, fp: 2, fn_: 2 }.f1(), 0.0);
    /// ```
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The result of an evaluation.
///
/// ```
/// use gazet::eval::{evaluate, Row};
/// let row = |start, end, entity: &str| Row::new("a1", start, end, "place", entity);
/// let gold = [row(0, 5, "basra"), row(10, 15, "erbil")];
/// let pred = [row(0, 5, "basra"), row(11, 15, "erbil")];
/// let report = evaluate(&gold, &pred, false);
/// assert_eq!((report.strict.tp, report.lenient.tp), (1, 2));
/// assert_eq!(report.misses, [gold[1].clone()]);
/// assert_eq!(report.strict_by_type["place"].fn_, 1);
/// assert!(report.to_string().contains("linking: 1/1 strict matches with the right entity_id"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Strict counts, all types.
    pub strict: Counts,
    /// Lenient counts, all types.
    pub lenient: Counts,
    /// Strict counts per type.
    pub strict_by_type: BTreeMap<String, Counts>,
    /// Lenient counts per type.
    pub lenient_by_type: BTreeMap<String, Counts>,
    /// Strict matches whose entity ids agree, and strict matches, both of
    /// the predictions of listed entities (a `match` of `unlisted` names an
    /// entity no gazetteer has).
    pub linked: (usize, usize),
    /// Gold mentions not found (strict).
    pub misses: Vec<Row>,
    /// Predicted mentions not in gold (strict).
    pub spurious: Vec<Row>,
    /// Strict matches with a different entity id: (gold, predicted), sorted.
    pub mislinked: Vec<(Row, Row)>,
    /// Strict counts per match kind of the predictions (the `match` column;
    /// `""` when the table has none): true and false positives only, since a
    /// missed gold mention has no match kind.
    pub strict_by_match: BTreeMap<String, Counts>,
}

/// Scores predictions against gold. With `use_field`, a mention's field is
/// part of its place (both tables have a `field` column); otherwise fields
/// are ignored. Precision and recall of nothing are 1 (see [`Counts`]).
///
/// ```
/// use gazet::eval::{evaluate, Counts, Row};
/// let row = |start, end, entity: &str| Row::new("a1", start, end, "place", entity);
/// let gold = [row(0, 5, "basra")];
/// let pred = [row(0, 5, "basra-governorate"), row(20, 25, "erbil")];
/// let report = evaluate(&gold, &pred, false);
/// assert_eq!(report.strict, Counts { tp: 1, fp: 1, fn_: 0 });
/// assert_eq!(report.spurious[0].start, 20);
/// assert_eq!(report.linked, (0, 1));
/// assert_eq!(report.mislinked[0].1.entity, "basra-governorate");
/// ```
pub fn evaluate(gold: &[Row], pred: &[Row], use_field: bool) -> Report {
    let place = |r: &Row| {
        (
            r.doc.clone(),
            if use_field {
                r.field.clone()
            } else {
                String::new()
            },
        )
    };
    let mut report = Report::default();
    // Strict.
    let mut pred_by_span: HashMap<(String, String, usize, usize, String), Vec<usize>> =
        HashMap::new();
    for (i, p) in pred.iter().enumerate() {
        let (d, f) = place(p);
        pred_by_span
            .entry((d, f, p.start, p.end, p.kind.clone()))
            .or_default()
            .push(i);
    }
    let mut pred_used = vec![false; pred.len()];
    let mut gold_hit = vec![false; gold.len()];
    for (gi, g) in gold.iter().enumerate() {
        let (d, f) = place(g);
        if let Some(list) = pred_by_span.get_mut(&(d, f, g.start, g.end, g.kind.clone()))
            && let Some(pi) = list.pop()
        {
            pred_used[pi] = true;
            gold_hit[gi] = true;
            // An unlisted name has an entity of its own, not a gazetteer's:
            // linking is scored on the listed ones.
            if pred[pi].how != "unlisted" {
                report.linked.1 += 1;
                if pred[pi].entity == g.entity {
                    report.linked.0 += 1;
                } else {
                    report.mislinked.push((g.clone(), pred[pi].clone()));
                }
            }
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        let c = report.strict_by_match.entry(p.how.clone()).or_default();
        if pred_used[pi] {
            c.tp += 1;
        } else {
            c.fp += 1;
        }
    }
    for (gi, g) in gold.iter().enumerate() {
        let c = report.strict_by_type.entry(g.kind.clone()).or_default();
        if gold_hit[gi] {
            c.tp += 1;
        } else {
            c.fn_ += 1;
            report.misses.push(g.clone());
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if !pred_used[pi] {
            report.strict_by_type.entry(p.kind.clone()).or_default().fp += 1;
            report.spurious.push(p.clone());
        }
    }
    // Lenient: one-to-one on overlapping spans of the same type.
    let mut pred_by_place: HashMap<(String, String, String), Vec<usize>> = HashMap::new();
    for (i, p) in pred.iter().enumerate() {
        let (d, f) = place(p);
        pred_by_place
            .entry((d, f, p.kind.clone()))
            .or_default()
            .push(i);
    }
    let mut used = vec![false; pred.len()];
    for g in gold {
        let (d, f) = place(g);
        let c = report.lenient_by_type.entry(g.kind.clone()).or_default();
        let hit = pred_by_place.get(&(d, f, g.kind.clone())).and_then(|list| {
            list.iter()
                .copied()
                .find(|&pi| !used[pi] && pred[pi].start < g.end && g.start < pred[pi].end)
        });
        match hit {
            Some(pi) => {
                used[pi] = true;
                c.tp += 1;
            }
            None => c.fn_ += 1,
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if !used[pi] {
            report.lenient_by_type.entry(p.kind.clone()).or_default().fp += 1;
        }
    }
    let sum = |m: &BTreeMap<String, Counts>| {
        m.values().fold(Counts::default(), |a, c| Counts {
            tp: a.tp + c.tp,
            fp: a.fp + c.fp,
            fn_: a.fn_ + c.fn_,
        })
    };
    report.strict = sum(&report.strict_by_type);
    report.lenient = sum(&report.lenient_by_type);
    report.misses.sort();
    report.spurious.sort();
    report.mislinked.sort();
    report
}

/// Reads both tables and scores them.
///
/// ```
/// use gazet::eval::{evaluate_files, Counts};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-evaluate-files-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("gold.csv"), "doc_id,start,end,type,entity\na1,13,18,place,basra\na1,22,27,place,erbil\n")?;
/// std::fs::write(dir.join("mentions.csv"), "doc_id,field,start,end,type,entity_id\na1,text,13,18,place,basra\n")?;
/// let report = evaluate_files(&dir.join("gold.csv"), &dir.join("mentions.csv"))?;
/// assert_eq!(report.strict, Counts { tp: 1, fp: 0, fn_: 1 });
/// assert_eq!(report.linked, (1, 1));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate_files(gold: &Path, pred: &Path) -> Result<Report, Error> {
    let (g, gf) = read_rows(gold)?;
    let (p, pf) = read_rows(pred)?;
    Ok(evaluate(&g, &p, gf && pf))
}

impl Report {
    /// Share of strict matches linked to the right entity.
    ///
    /// ```
    /// let mut report = gazet::eval::Report::default();
    /// assert_eq!(report.linking_accuracy(), 1.0); // no strict match to link
    /// report.linked = (3, 4);
    /// assert_eq!(report.linking_accuracy(), 0.75);
    /// ```
    pub fn linking_accuracy(&self) -> f64 {
        ratio(self.linked.0, self.linked.1)
    }
}

fn line(f: &mut fmt::Formatter<'_>, name: &str, s: &Counts, l: &Counts) -> fmt::Result {
    writeln!(
        f,
        "{name:<10} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}   {:>5} {:>5} {:>5}",
        s.precision(),
        s.recall(),
        s.f1(),
        l.precision(),
        l.recall(),
        l.f1(),
        s.tp,
        s.fp,
        s.fn_
    )
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} {:>20}   {:>20}   {:>17}",
            "", "strict", "lenient", "strict counts"
        )?;
        writeln!(
            f,
            "{:<10} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}   {:>5} {:>5} {:>5}",
            "type", "P", "R", "F1", "P", "R", "F1", "tp", "fp", "fn"
        )?;
        for (k, s) in &self.strict_by_type {
            let l = self.lenient_by_type.get(k).copied().unwrap_or_default();
            line(f, k, s, &l)?;
        }
        line(f, "all", &self.strict, &self.lenient)?;
        writeln!(
            f,
            "linking: {}/{} strict matches with the right entity_id ({:.3})",
            self.linked.0,
            self.linked.1,
            self.linking_accuracy()
        )?;
        if self.strict_by_match.keys().any(|k| !k.is_empty()) {
            writeln!(f, "\n{:<10} {:>6}   {:>5} {:>5}", "match", "P", "tp", "fp")?;
            for (k, c) in &self.strict_by_match {
                let name = if k.is_empty() { "(none)" } else { k };
                writeln!(
                    f,
                    "{name:<10} {:>6.3}   {:>5} {:>5}",
                    c.precision(),
                    c.tp,
                    c.fp
                )?;
            }
        }
        let show = |r: &Row| {
            format!(
                "{} {}..{} {} {:?} {}",
                r.doc, r.start, r.end, r.kind, r.surface, r.entity
            )
        };
        if !self.misses.is_empty() {
            writeln!(f, "\nmisses ({}):", self.misses.len())?;
            for r in &self.misses {
                writeln!(f, "  {}", show(r))?;
            }
        }
        if !self.spurious.is_empty() {
            writeln!(f, "\nspurious ({}):", self.spurious.len())?;
            for r in &self.spurious {
                writeln!(f, "  {}", show(r))?;
            }
        }
        if !self.mislinked.is_empty() {
            writeln!(f, "\nwrong entity ({}):", self.mislinked.len())?;
            for (g, p) in &self.mislinked {
                writeln!(f, "  {}  predicted {}", show(g), p.entity)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(doc: &str, start: usize, end: usize, kind: &str, entity: &str) -> Row {
        Row::new(doc, start, end, kind, entity)
    }

    #[test]
    fn strict_lenient_and_linking() {
        let gold = vec![
            row("a", 0, 4, "place", "iran"),
            row("a", 10, 20, "militia", "kh"),
            row("b", 0, 3, "person", "x"),
        ];
        let pred = vec![
            row("a", 0, 4, "place", "iraq"),   // strict hit, wrong entity
            row("a", 13, 20, "militia", "kh"), // lenient only
            row("b", 5, 9, "outlet", "cnn"),   // spurious
        ];
        let r = evaluate(&gold, &pred, false);
        assert_eq!(
            r.strict,
            Counts {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
        assert_eq!(
            r.lenient,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(r.linked, (0, 1));
        assert_eq!(r.misses.len(), 2);
        assert_eq!(r.spurious.len(), 2);
        assert!((r.strict.f1() - 1.0 / 3.0).abs() < 1e-9);
    }

    /// Predictions are counted by their match kind: true positives where
    /// the span and type are right, false positives elsewhere.
    #[test]
    fn counts_by_match_kind() {
        let with = |r: Row, how: &str| Row {
            how: how.into(),
            ..r
        };
        let gold = vec![
            row("a", 0, 4, "place", "iran"),
            row("a", 9, 14, "place", "basra"),
        ];
        let pred = vec![
            with(row("a", 0, 4, "place", "iran"), "exact"),
            with(row("a", 9, 14, "place", "basra"), "variant"),
            with(row("a", 20, 25, "place", "erbil"), "variant"),
        ];
        let r = evaluate(&gold, &pred, false);
        assert_eq!(
            r.strict_by_match["exact"],
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(
            r.strict_by_match["variant"],
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert!(
            r.to_string()
                .contains("\nvariant     0.500       1     1\n"),
            "{r}"
        );
    }
}
