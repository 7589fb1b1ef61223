//! The JSON lines format: `mentions.jsonl`, `documents.jsonl` and
//! `rejects.jsonl`.
//!
//! The same three tables as the CSV format ([`super::csv`]), with the same
//! columns in the same order, but one JSON object a line, so that a reader
//! gets typed values without guessing them from text (jq, DuckDB's
//! `read_json`, pandas' `read_json(lines=True)`, Spark): offsets, counts,
//! `line` and `byte_offset` are integers; `score` is a number, the value the
//! CSV table writes to two decimals (`0.85`, not the `f32`'s
//! `0.8500000238418579`); `ambiguous` is an array of entity ids; and a cell
//! the CSV table leaves empty (`rule`, `wikidata`, `country`, `ambiguous`,
//! `line`, `byte_offset`, `reason`) is `null`.
//!
//! Kept input fields (`--keep-field`) come after a table's own columns, with
//! their JSON types, in the documents table and in each mention row: a
//! typed value costs little to repeat and saves a join. Each is named by
//! [`SinkOptions::kept_column`] in its table (so a kept `source` is
//! `input_source` in the documents table, `source` in the mentions table),
//! and is `null` where a document lacks it (a line that is not JSON).
//!
//! With [`SinkOptions::context`], each mention row has a string `context`
//! after `ambiguous` (before the kept fields): the text around the mention.
//!
//! The tables are written and resumed as the CSV tables are: under temporary
//! names, renamed when the run is complete, with the length of each as the
//! state a resumed run cuts them back to. `excel_safe` is ignored: it is a
//! CSV concern (a spreadsheet opens a CSV file and runs what looks like a
//! formula; a JSON string that starts with `=` is only data).
//!
//! Rows are rendered on the workers straight into the document's buffers:
//! keys are the columns' names, values are escaped by `serde_json` as they
//! are written, so no value is copied or allocated on the way (the `rule`
//! and `source` texts are formatted into the buffer, the entity ids of
//! `ambiguous` written from the gazetteer). The standard-output format
//! ([`super::stdout`]) writes its mentions with the same code.

use super::csv::DOCUMENT_COLUMNS;
use super::files::{self, Tables, TablesFlushed};
use super::score::TwoDecimals;
use super::{Record, Render, Sink, SinkOptions, SinkState, TableBytes, Target};
use crate::document::Status;
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::mention::Mention;
use serde::{Serialize, Serializer};
use std::fmt::Display;
use std::path::Path;
use std::sync::Arc;

/// The tables, by file name.
///
/// ```
/// use gazet::sink::{jsonl::{Jsonl, TABLES}, Sink, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-jsonl-tables-{}", std::process::id()));
/// Jsonl::create(&Target::Dir(dir.clone()), &Default::default())?.publish()?;
/// for table in TABLES {
///     assert_eq!(std::fs::read(dir.join(table))?, b""); // no header line
/// }
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const TABLES: &[&str; 3] = &["mentions.jsonl", "documents.jsonl", "rejects.jsonl"];

/// The JSON lines sink: three tables in a directory.
///
/// ```
/// use gazet::sink::{jsonl::Jsonl, Target};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-jsonl-sink-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Talks in Tehran.")?;
/// let out = Target::Dir(dir.join("out"));
/// gazet::run::run::<Jsonl>(&[dir.join("a.txt")], &gazet::Extractor::new()?, &out, &Default::default())?;
/// let table = std::fs::read_to_string(dir.join("out/mentions.jsonl"))?;
/// let row: serde_json::Value = serde_json::from_str(table.lines().next().ok_or("no row")?)?;
/// assert_eq!(row["entity_id"], "tehran");
/// assert_eq!((row["start"].as_u64(), row["score"].as_f64()), (Some(9), Some(1.0)));
/// assert!(row["rule"].is_null()); // an empty cell of the CSV table
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Jsonl {
    options: SinkOptions,
    tables: Tables,
}

/// Renders documents as JSON lines (see [`Render`]).
///
/// ```
/// use gazet::sink::{jsonl::Jsonl, Record, Render, Sink, Target};
/// use gazet::{Document, DocumentResult, Gazetteer, Provenance, Reason};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-jsonl-renderer-{}", std::process::id()));
/// let renderer = Jsonl::create(&Target::Dir(dir.clone()), &Default::default())?.renderer();
/// let doc = Document::unreadable_at(Provenance::memory(), Reason::EmptyFile);
/// let result = DocumentResult::rejected(doc.unreadable.clone());
/// let rows = renderer.render(&Record { document: &doc, result: &result, gazetteer: &Gazetteer::default() });
/// let reject = r#"{"file":"(memory)","line":null,"byte_offset":null,"doc_id":"","reason":"empty file"}"#;
/// assert_eq!(rows.rejects, format!("{reject}\n").as_bytes());
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Renderer {
    keep: Arc<[KeptField]>,
    context: Option<usize>,
}

/// A kept field and its column in each table.
#[derive(Debug)]
struct KeptField {
    name: Arc<str>,
    in_documents: String,
    in_mentions: String,
}

impl Sink for Jsonl {
    const NAME: &'static str = "jsonl";
    const REJECTS: &'static str = "rejects.jsonl";
    type Renderer = Renderer;
    type Flushed = TablesFlushed;

    fn create(target: &Target, options: &SinkOptions) -> Result<Jsonl, Error> {
        let dir = files::dir_of(target, Self::NAME, "tables")?;
        Ok(Jsonl {
            options: options.clone(),
            tables: Tables::create(dir, TABLES, [b"", b"", b""])?,
        })
    }

    fn reopen(dir: &Path, options: &SinkOptions, state: &SinkState) -> Result<Jsonl, Error> {
        Ok(Jsonl {
            options: options.clone(),
            tables: Tables::reopen(dir, TABLES, state)?,
        })
    }

    fn publish_left(dir: &Path) -> Result<(), Error> {
        files::publish(dir, TABLES)
    }

    fn renderer(&self) -> Renderer {
        Renderer::new(&self.options)
    }

    fn write(&mut self, doc: TableBytes) -> Result<(), Error> {
        self.tables.write(&doc)
    }

    fn flush(&mut self) -> Result<TablesFlushed, Error> {
        self.tables.flush()
    }

    fn publish(self) -> Result<(), Error> {
        self.tables.publish()
    }
}

impl Renderer {
    /// The renderer for these options: the kept fields' columns are named
    /// once here.
    fn new(options: &SinkOptions) -> Renderer {
        let mention_columns = options.mention_columns();
        let keep = options.keep.iter().map(|name| KeptField {
            name: name.clone(),
            in_documents: SinkOptions::kept_column(name, DOCUMENT_COLUMNS),
            in_mentions: SinkOptions::kept_column(name, &mention_columns),
        });
        Renderer {
            keep: keep.collect(),
            context: options.context,
        }
    }
}

impl Render for Renderer {
    type Output = TableBytes;

    /// One document as JSON lines of the three tables.
    fn render(&self, r: &Record<'_>) -> TableBytes {
        let (doc, result) = (r.document, r.result);
        let mut mentions = Vec::new();
        for m in &result.mentions {
            let mut o = Object::new(&mut mentions);
            o.entry("doc_id", &doc.id);
            mention(&mut o, r, m, self.context);
            for (i, k) in self.keep.iter().enumerate() {
                o.entry(&k.in_mentions, super::kept(doc, i, &k.name));
            }
            o.end();
            mentions.push(b'\n');
        }
        let reason = result.reason_text();
        let reason = (!reason.is_empty()).then_some(reason.as_str());
        let mut documents = Vec::new();
        let mut o = Object::new(&mut documents);
        o.entry("doc_id", &doc.id);
        o.entry("source", &Text(&doc.source));
        o.entry("field_bytes", &result.field_bytes);
        o.entry("mentions", &result.mentions.len());
        o.entry("status", result.status.as_str());
        o.entry("reason", &reason);
        for (i, k) in self.keep.iter().enumerate() {
            o.entry(&k.in_documents, super::kept(doc, i, &k.name));
        }
        o.end();
        documents.push(b'\n');
        let mut rejects = Vec::new();
        if result.status == Status::Rejected {
            let mut o = Object::new(&mut rejects);
            o.entry("file", &*doc.source.file);
            o.entry("line", &doc.source.line);
            o.entry("byte_offset", &doc.source.offset);
            o.entry("doc_id", &doc.id);
            o.entry("reason", &reason);
            o.end();
            rejects.push(b'\n');
        }
        TableBytes {
            mentions,
            documents,
            rejects,
        }
    }
}

/// Writes the columns of a mention after `doc_id`, as in `mentions.csv`,
/// typed (see the module documentation), and its `context` when asked for.
pub(crate) fn mention(o: &mut Object<'_>, r: &Record<'_>, m: &Mention, context: Option<usize>) {
    let g = r.gazetteer;
    let e = m.entity(g);
    let field = &r.document.fields[m.field];
    o.entry("field", &*field.name);
    o.entry("entity_id", &e.id);
    o.entry("type", e.kind.as_str());
    o.entry("canonical", &e.canonical);
    o.entry("surface", &field.text[m.start..m.end]);
    o.entry("start", &m.start);
    o.entry("end", &m.end);
    o.entry("char_start", &m.char_start);
    o.entry("char_end", &m.char_end);
    o.entry("sentence", &m.sentence);
    o.entry("dateline", &m.dateline);
    o.entry("match", m.kind.as_str());
    o.entry("rule", &(!m.rules.is_empty()).then_some(Text(&m.rules)));
    o.entry("score", &score_value(m.score));
    o.entry("alias", &m.alias(g).text);
    o.entry("wikidata", &e.wikidata);
    o.entry("country", &e.country);
    let ambiguous = (!m.ambiguous.is_empty()).then_some(Ids(g, &m.ambiguous));
    o.entry("ambiguous", &ambiguous);
    if let Some(context) = SinkOptions::context_of(context, r, m) {
        o.entry(super::CONTEXT_COLUMN, &context);
    }
}

/// A JSON object being written into a buffer, one entry at a time.
pub(crate) struct Object<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Object<'a> {
    /// Starts an object at the end of `out`.
    pub(crate) fn new(out: &'a mut Vec<u8>) -> Object<'a> {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Writes a key, and returns the buffer to write its value into.
    pub(crate) fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        json(self.out, key);
        self.out.push(b':');
        self.out
    }

    /// Writes a key and its value.
    pub(crate) fn entry<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) {
        let out = self.key(key);
        json(out, value);
    }

    /// Closes the object.
    pub(crate) fn end(self) {
        self.out.push(b'}');
    }
}

/// Appends the JSON of `value` to `out`.
fn json<V: Serialize + ?Sized>(out: &mut Vec<u8>, value: &V) {
    // Writing into memory cannot fail, nor can any value written here (no
    // map with keys that are not strings).
    serde_json::to_writer(out, value).expect("JSON written into memory");
}

/// A value written as the JSON string of its `Display` text, formatted
/// straight into the buffer.
pub(crate) struct Text<'a, T: Display>(pub(crate) &'a T);

impl<T: Display> Serialize for Text<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

/// The ids of entities, as a JSON array of strings.
struct Ids<'a>(&'a Gazetteer, &'a [u32]);

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entities = self.0.entities();
        s.collect_seq(self.1.iter().map(|&i| entities[i as usize].id.as_str()))
    }
}

/// A score as the CSV tables write it, to two decimals, as a number: the
/// value of the CSV text, so that both tables say the same.
pub(crate) fn score_value(score: f32) -> f64 {
    match TwoDecimals::of(score) {
        Some(t) => t.value(),
        None => format!("{score:.2}").parse().unwrap_or(f64::NAN),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::document::{Document, DocumentResult, Provenance, Reason};
    use crate::sink::csv::MENTION_COLUMNS;
    use crate::Extractor;
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    use serde_json::json;
    use serde_json::Value;

    /// A small gazetteer: `Hashd` names two entities (ambiguous).
    pub(crate) fn extractor() -> Extractor {
        Extractor::builder()
            .gazetteer_source(
                "test.csv",
                "id,type,canonical,aliases,wikidata,country\n\
                 kataib-hezbollah,militia,Kata'ib Hezbollah,KH,Q1199711,IQ\n\
                 baghdad,place,Baghdad,,,IQ\n\
                 hashd-a,militia,Hashd One,Hashd,,\n\
                 hashd-b,militia,Hashd Two,Hashd,,\n",
            )
            .build()
            .unwrap()
    }

    /// A document with kept fields of every JSON type, `source` among them.
    pub(crate) fn document() -> Document {
        let mut doc = Document::new(
            "d\"1",
            vec![
                crate::Field::new("title", "Kata'ib Hezbollah in Baghdad"),
                crate::Field::new("text", "The Hashd said \"no\"."),
            ],
        );
        doc.keep = vec![
            (Arc::from("date"), json!("2024-05-01")),
            (Arc::from("n"), json!(3.5)),
            (Arc::from("tags"), json!(["a", "b"])),
            (Arc::from("source"), json!("wire")),
        ];
        doc.source = Provenance {
            file: Arc::from("news.jsonl"),
            line: Some(7),
            offset: Some(120),
        };
        doc
    }

    /// The kept fields the options name: the document's, in its order.
    pub(crate) fn options() -> SinkOptions {
        let keep = ["date", "n", "tags", "source"].map(Arc::from).to_vec();
        SinkOptions::new(keep, true)
    }

    fn renderer(options: &SinkOptions) -> Renderer {
        Renderer::new(options)
    }

    /// The keys of a JSON object, in the order written.
    pub(crate) fn keys(line: &[u8]) -> Vec<String> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
                let mut keys = Vec::new();
                while let Some((k, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                    keys.push(k);
                }
                Ok(keys)
            }
        }
        serde_json::Deserializer::from_slice(line)
            .deserialize_map(Keys)
            .unwrap()
    }

    fn lines(bytes: &[u8]) -> Vec<Value> {
        assert!(bytes.is_empty() || bytes.ends_with(b"\n"));
        bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect()
    }

    #[test]
    fn rows_have_the_csv_columns_typed_then_the_kept_fields() {
        let ex = extractor();
        let options = options();
        let doc = document();
        let result = ex.extract(&doc);
        let out = renderer(&options).render(&Record {
            document: &doc,
            result: &result,
            gazetteer: ex.gazetteer(),
        });
        assert!(out.rejects.is_empty());
        let kept = ["date", "n", "tags", "source"];

        let mentions = lines(&out.mentions);
        assert_eq!(mentions.len(), 3, "{mentions:?}");
        let mut columns: Vec<&str> = MENTION_COLUMNS.to_vec();
        columns.extend(kept);
        for line in out.mentions.split_inclusive(|&b| b == b'\n') {
            assert_eq!(keys(line), columns);
        }
        assert_eq!(
            mentions[0],
            json!({
                "doc_id": "d\"1", "field": "title", "entity_id": "kataib-hezbollah",
                "type": "militia", "canonical": "Kata'ib Hezbollah",
                "surface": "Kata'ib Hezbollah", "start": 0, "end": 17,
                "char_start": 0, "char_end": 17, "sentence": 0, "dateline": false, "match": "exact", "rule": null,
                "score": 1.0, "alias": "Kata'ib Hezbollah", "wikidata": "Q1199711",
                "country": "IQ", "ambiguous": null,
                "date": "2024-05-01", "n": 3.5, "tags": ["a", "b"], "source": "wire",
            })
        );
        assert_eq!(mentions[1]["entity_id"], "baghdad");
        assert_eq!(mentions[1]["wikidata"], Value::Null);
        let hashd = &mentions[2];
        assert_eq!(hashd["field"], "text");
        assert_eq!(hashd["ambiguous"], json!(["hashd-a", "hashd-b"]));
        assert_eq!(hashd["score"], json!(0.5));
        assert_eq!(hashd["country"], Value::Null);

        let documents = lines(&out.documents);
        let mut columns: Vec<&str> = DOCUMENT_COLUMNS.to_vec();
        columns.extend(["date", "n", "tags", "input_source"]);
        assert_eq!(keys(&out.documents), columns);
        assert_eq!(
            documents,
            [json!({
                "doc_id": "d\"1", "source": "news.jsonl:7", "field_bytes": 48,
                "mentions": 3, "status": "ok", "reason": null,
                "date": "2024-05-01", "n": 3.5, "tags": ["a", "b"], "input_source": "wire",
            })]
        );
    }

    #[test]
    fn a_rejected_document_has_a_reject_row_and_null_kept_fields() {
        let ex = extractor();
        let options = options();
        let at = Provenance {
            file: Arc::from("bad.jsonl"),
            line: Some(3),
            offset: Some(40),
        };
        let not_json = Reason::NotJson {
            message: "expected value".into(),
            column: 1,
        };
        let doc = Document::unreadable_at(at, not_json);
        let result = ex.extract(&doc);
        let out = renderer(&options).render(&Record {
            document: &doc,
            result: &result,
            gazetteer: ex.gazetteer(),
        });
        assert!(out.mentions.is_empty());
        let reason = "not JSON: expected value at column 1";
        assert_eq!(
            lines(&out.documents),
            [json!({
                "doc_id": "", "source": "bad.jsonl:3", "field_bytes": 0, "mentions": 0,
                "status": "rejected", "reason": reason,
                "date": null, "n": null, "tags": null, "input_source": null,
            })]
        );
        assert_eq!(
            keys(&out.rejects),
            crate::sink::csv::REJECT_COLUMNS.to_vec()
        );
        assert_eq!(
            lines(&out.rejects),
            [
                json!({"file": "bad.jsonl", "line": 3, "byte_offset": 40, "doc_id": "", "reason": reason})
            ]
        );
        // A document made in code has no line: null, not 0.
        let doc = Document::text("x", "Baghdad");
        let result = DocumentResult::rejected(vec![Reason::InternalError]);
        let out = renderer(&SinkOptions::default()).render(&Record {
            document: &doc,
            result: &result,
            gazetteer: ex.gazetteer(),
        });
        let rejects = lines(&out.rejects);
        assert_eq!(rejects[0]["line"], Value::Null);
        assert_eq!(rejects[0]["byte_offset"], Value::Null);
        assert_eq!(keys(&out.documents), DOCUMENT_COLUMNS.to_vec());
    }

    #[test]
    fn scores_are_the_csv_text_as_numbers() {
        for score in [0.85f32, 0.85, 0.75, 0.5, 0.475, 0.375, 0.97, 1.0, 0.0] {
            let v = score_value(score);
            assert_eq!(v, format!("{score:.2}").parse::<f64>().unwrap());
            assert!(serde_json::to_string(&v).unwrap().len() <= 4, "{v}");
        }
        assert_eq!(serde_json::to_string(&score_value(0.85)).unwrap(), "0.85");
    }

    #[test]
    fn kept_values_are_found_by_name_when_out_of_order() {
        let doc = document();
        assert_eq!(crate::sink::kept(&doc, 1, "n"), &json!(3.5));
        assert_eq!(crate::sink::kept(&doc, 0, "tags"), &json!(["a", "b"]));
        assert_eq!(crate::sink::kept(&doc, 9, "url"), &Value::Null);
    }
}
