//! Standard output: one JSON object per document, in input order
//! (`gazet extract ... --out -`).
//!
//! Each line is a document with its outcome and its mentions:
//!
//! ```text
//! {"doc_id":"a1","source":"news.jsonl:1","status":"ok","reason":null,"field_bytes":361,
//!  "date":"2024-05-01","mentions":[{"field":"text","entity_id":"kataib-hezbollah",...}]}
//! ```
//!
//! (on one line). The mention objects are the rows of the JSON lines
//! format's `mentions.jsonl` ([`super::jsonl`]) without `doc_id` and the kept
//! fields, which their document already holds (with
//! [`SinkOptions::context`], each ends with its `context`); the kept fields follow
//! `field_bytes`, named by [`SinkOptions::kept_column`] (`input_source` for
//! a kept `source`). One object per document, rejected ones too (with their
//! `reason` and no mentions), so a stream loses nothing that the tables of a
//! directory would hold, and a reader downstream (`jq`, a Python loop) needs
//! no join.
//!
//! A stream cannot be resumed: [`Sink::reopen`] refuses, and the run keeps
//! no checkpoint for it. The run flushes it after each batch, so a reader
//! sees documents as they are done. When the reader closes the pipe
//! (`| head -1`), writing fails with `EPIPE` (Rust ignores `SIGPIPE`, so
//! the process is not killed by it), which is returned as
//! [`Error::OutputClosed`]: the run then stops quietly, as the reader asked.

use super::jsonl::{self, Object, Text};
use super::{Flushed, Record, Render, Sink, SinkOptions, SinkState, Target};
use crate::error::Error;
use serde_json::Value;
use std::io::{BufWriter, ErrorKind, Write};
use std::path::Path;
use std::sync::Arc;

/// The keys of a document's object before its kept fields and mentions
/// (a kept field of one of these names, or `mentions`, is renamed).
///
/// ```
/// use gazet::sink::{stdout::{Stdout, DOCUMENT_KEYS}, Record, Render, Sink, SinkOptions, Target};
/// let options = SinkOptions::new(vec!["status".into()], false);
/// let renderer = Stdout::create(&Target::Stdout, &options)?.renderer();
/// let ex = gazet::Extractor::new()?;
/// let mut doc = gazet::Document::text("a1", "");
/// doc.keep = vec![("status".into(), "draft".into())];
/// let result = ex.extract(&doc);
/// let line = String::from_utf8(renderer.render(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() }))?;
/// assert!(DOCUMENT_KEYS.contains(&"status"));
/// assert_eq!(line, "{\"doc_id\":\"a1\",\"source\":\"(memory)\",\"status\":\"ok\",\"reason\":null,\
///                   \"field_bytes\":0,\"input_status\":\"draft\",\"mentions\":[]}\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const DOCUMENT_KEYS: &[&str] = &["doc_id", "source", "status", "reason", "field_bytes"];

/// The standard-output sink.
///
/// ```
/// use gazet::sink::{stdout::Stdout, Sink, Target};
/// let into_dir = Stdout::create(&Target::Dir("out".into()), &Default::default());
/// assert!(matches!(into_dir, Err(gazet::Error::Usage(m)) if m.contains("give --out -")));
/// let resumed = Stdout::reopen("out".as_ref(), &Default::default(), &serde_json::Value::Null);
/// assert!(matches!(resumed, Err(gazet::Error::Usage(m)) if m.contains("cannot be resumed")));
/// ```
pub struct Stdout {
    out: BufWriter<std::io::Stdout>,
    options: SinkOptions,
}

/// Renders documents as JSON lines of standard output (see [`Render`]).
///
/// ```
/// use gazet::sink::{stdout::Stdout, Record, Render, Sink, Target};
/// let renderer = Stdout::create(&Target::Stdout, &Default::default())?.renderer();
/// let ex = gazet::Extractor::new()?;
/// let doc = gazet::Document::text("a1", "Flights to Erbil");
/// let result = ex.extract(&doc);
/// let line = renderer.render(&Record { document: &doc, result: &result, gazetteer: ex.gazetteer() });
/// assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1); // one line per document
/// let v: serde_json::Value = serde_json::from_slice(&line)?;
/// assert_eq!(v["mentions"][0]["entity_id"], "erbil");
/// assert!(v["mentions"][0].get("doc_id").is_none()); // its document holds it
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Renderer {
    /// Each kept field's name and its key.
    keep: Arc<[(Arc<str>, String)]>,
    /// The `context` of each mention, when asked for.
    context: Option<usize>,
}

/// Standard output flushed: nothing to make durable.
///
/// ```
/// use gazet::sink::{stdout::{Stdout, StdoutFlushed}, Flushed, Sink, Target};
/// let mut sink = Stdout::create(&Target::Stdout, &Default::default())?;
/// let flushed: StdoutFlushed = sink.flush()?;
/// assert!(flushed.sync()?.is_null()); // no state: a stream is not resumed
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Debug)]
pub struct StdoutFlushed;

impl Flushed for StdoutFlushed {
    fn sync(self) -> Result<SinkState, Error> {
        Ok(Value::Null)
    }
}

/// A write error on standard output: [`Error::OutputClosed`] when its
/// reader closed it.
fn write_error(e: std::io::Error) -> Error {
    if e.kind() == ErrorKind::BrokenPipe {
        Error::OutputClosed
    } else {
        Error::io("standard output", format!("cannot write: {e}"))
    }
}

fn not_resumable() -> Error {
    Error::Usage(
        "the stdout format writes to standard output, which cannot be resumed: run without --resume"
            .into(),
    )
}

impl Sink for Stdout {
    const NAME: &'static str = "stdout";
    const DIRECTORY: bool = false;
    const REJECTS: &'static str = "the output";
    type Renderer = Renderer;
    type Flushed = StdoutFlushed;

    fn create(target: &Target, options: &SinkOptions) -> Result<Stdout, Error> {
        if let Target::Dir(dir) = target {
            return Err(Error::Usage(format!(
                "the stdout format writes to standard output, not into a directory ({}): give --out -, or another --format",
                dir.display()
            )));
        }
        Ok(Stdout {
            out: BufWriter::with_capacity(1 << 16, std::io::stdout()),
            options: options.clone(),
        })
    }

    fn reopen(_: &Path, _: &SinkOptions, _: &SinkState) -> Result<Stdout, Error> {
        Err(not_resumable())
    }

    fn publish_left(_: &Path) -> Result<(), Error> {
        Err(not_resumable())
    }

    fn renderer(&self) -> Renderer {
        Renderer::new(&self.options)
    }

    fn write(&mut self, doc: Vec<u8>) -> Result<(), Error> {
        self.out.write_all(&doc).map_err(write_error)
    }

    fn flush(&mut self) -> Result<StdoutFlushed, Error> {
        self.out.flush().map_err(write_error)?;
        Ok(StdoutFlushed)
    }

    /// Flushes what is left; a reader that has closed the pipe wanted no
    /// more, which is no error.
    fn publish(mut self) -> Result<(), Error> {
        match self.flush() {
            Ok(_) | Err(Error::OutputClosed) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

impl Renderer {
    /// The renderer for these options: the kept fields' keys are named once
    /// here.
    fn new(options: &SinkOptions) -> Renderer {
        let mut taken = DOCUMENT_KEYS.to_vec();
        taken.push("mentions");
        let keep = options
            .keep
            .iter()
            .map(|name| (name.clone(), SinkOptions::kept_column(name, &taken)));
        Renderer {
            keep: keep.collect(),
            context: options.context,
        }
    }
}

impl Render for Renderer {
    type Output = Vec<u8>;

    /// One document as one line of JSON, its mentions in it.
    fn render(&self, r: &Record<'_>) -> Vec<u8> {
        let (doc, result) = (r.document, r.result);
        let reason = result.reason_text();
        let mut line = Vec::new();
        let mut o = Object::new(&mut line);
        o.entry("doc_id", &doc.id);
        o.entry("source", &Text(&doc.source));
        o.entry("status", result.status.as_str());
        o.entry("reason", &(!reason.is_empty()).then_some(reason.as_str()));
        o.entry("field_bytes", &result.field_bytes);
        for (i, (name, key)) in self.keep.iter().enumerate() {
            o.entry(key, super::kept(doc, i, name));
        }
        let out = o.key("mentions");
        out.push(b'[');
        for (i, m) in result.mentions.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let mut mention = Object::new(out);
            jsonl::mention(&mut mention, r, m, self.context);
            mention.end();
        }
        out.push(b']');
        o.end();
        line.push(b'\n');
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Provenance, Reason};
    use crate::sink::csv::MENTION_COLUMNS;
    use crate::sink::jsonl::tests::{document, extractor, keys, options};
    use serde_json::json;

    fn render(doc: &Document, options: &SinkOptions) -> Vec<u8> {
        let ex = extractor();
        let result = ex.extract(doc);
        Renderer::new(options).render(&Record {
            document: doc,
            result: &result,
            gazetteer: ex.gazetteer(),
        })
    }

    #[test]
    fn a_document_is_one_line_with_its_kept_fields_and_mentions() {
        let line = render(&document(), &options());
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
        assert!(line.ends_with(b"\n"));
        assert_eq!(
            keys(&line),
            [
                "doc_id",
                "source",
                "status",
                "reason",
                "field_bytes",
                "date",
                "n",
                "tags",
                "input_source",
                "mentions"
            ]
        );
        let v: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["doc_id"], "d\"1");
        assert_eq!(v["source"], "news.jsonl:7");
        assert_eq!(v["status"], "ok");
        assert_eq!(v["reason"], Value::Null);
        assert_eq!(v["field_bytes"], 48);
        assert_eq!(v["date"], "2024-05-01");
        assert_eq!(v["n"], json!(3.5));
        assert_eq!(v["tags"], json!(["a", "b"]));
        assert_eq!(v["input_source"], "wire");
        let mentions = v["mentions"].as_array().unwrap();
        assert_eq!(mentions.len(), 3);
        // Each is a row of mentions.jsonl without doc_id or kept fields.
        let start = line
            .windows(13)
            .position(|w| w == b"\"mentions\":[{")
            .unwrap()
            + 12;
        let mut rest = &line[start..];
        for m in mentions {
            let len = serde_json::to_vec(m).unwrap().len();
            let (one, more) = rest.split_at(len);
            assert_eq!(keys(one), MENTION_COLUMNS[1..]);
            rest = &more[1..];
        }
        assert_eq!(mentions[0]["entity_id"], "kataib-hezbollah");
        assert_eq!(mentions[0]["start"], 0);
        assert_eq!(mentions[0]["score"], json!(1.0));
        assert_eq!(mentions[2]["ambiguous"], json!(["hashd-a", "hashd-b"]));
        assert_eq!(mentions[2]["score"], json!(0.5));
    }

    #[test]
    fn a_rejected_document_is_a_line_too() {
        let at = Provenance {
            file: Arc::from("bad.jsonl"),
            line: Some(3),
            offset: Some(40),
        };
        let doc = Document::unreadable_at(at, Reason::NotAnObject { kind: "a number" });
        let line = render(&doc, &options());
        let v: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(
            v,
            json!({
                "doc_id": "", "source": "bad.jsonl:3", "status": "rejected",
                "reason": "not a JSON object but a number", "field_bytes": 0,
                "date": null, "n": null, "tags": null, "input_source": null,
                "mentions": [],
            })
        );
        // With nothing kept, a kept `mentions` would be renamed.
        let keep = SinkOptions::new(vec![Arc::from("mentions")], false);
        let v: Value = serde_json::from_slice(&render(&doc, &keep)).unwrap();
        assert_eq!(v["input_mentions"], Value::Null);
        assert_eq!(v["mentions"], json!([]));
    }

    #[test]
    fn a_directory_and_resuming_are_refused() {
        let dir = Target::Dir("out".into());
        let err = Stdout::create(&dir, &SinkOptions::default()).err().unwrap();
        assert!(
            matches!(&err, Error::Usage(m) if m.contains("--out -")),
            "{err}"
        );
        let err = Stdout::reopen("out".as_ref(), &SinkOptions::default(), &Value::Null)
            .err()
            .unwrap();
        assert!(
            matches!(&err, Error::Usage(m) if m.contains("cannot be resumed")),
            "{err}"
        );
        let e = std::io::Error::from(ErrorKind::BrokenPipe);
        assert!(matches!(write_error(e), Error::OutputClosed));
        let e = std::io::Error::from(ErrorKind::Other);
        assert!(matches!(write_error(e), Error::Io { .. }));
    }
}
