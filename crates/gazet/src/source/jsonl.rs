//! JSON Lines (`.jsonl`, `.ndjson`): one document per line, a JSON object.
//!
//! The id comes from the id field (a string or a number; the line number
//! when absent), the text from each text field, matched on its own. Only the
//! fields asked for are built as values: every other value of the object is
//! skipped by the parser without being allocated, which is most of the cost
//! of reading a dump whose lines carry HTML or metadata.
//!
//! Scrapers write JSON that is not quite JSON. A raw control character inside
//! a string, or an escaped UTF-16 surrogate without its pair, is repaired and
//! the document flagged; a line that is not JSON, or not an object, is one
//! rejected document, with the parser's message and column. A blank line
//! holds no document. A read error in the middle of the file (a truncated
//! gzip stream) makes the rest of the file one rejected document; the
//! documents before it are kept.
//!
//! Reading resumes from any line end: the position after a document is the
//! byte and line count after its line ([`super::open_at`]).

use super::{decode, open_at, Documents, Format, InputFile, Position, ReadOptions};
use crate::document::{Document, Field, Provenance, Reason, Utf8Scope};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead};
use std::sync::Arc;

/// The JSON Lines format.
#[derive(Debug)]
pub struct Jsonl;

impl Format for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &[".jsonl", ".ndjson"]
    }

    fn open(
        &self,
        file: &InputFile,
        index: usize,
        options: &ReadOptions,
        at: Position,
    ) -> Documents {
        let display: Arc<str> = Arc::from(file.display.as_str());
        match open_at(&file.location, at.offset) {
            Ok(reader) => Box::new(Lines::new(display, index, reader, options, at)),
            Err(e) => {
                let why = if at.offset == 0 {
                    Reason::FileUnreadable(e.to_string())
                } else {
                    Reason::CannotResumeAt {
                        offset: at.offset,
                        error: e.to_string(),
                    }
                };
                let source = Provenance {
                    file: display,
                    line: (at.offset > 0).then_some(at.line + 1),
                    offset: (at.offset > 0).then_some(at.offset),
                };
                let next = Position {
                    file: index + 1,
                    offset: 0,
                    line: 0,
                };
                Box::new(std::iter::once((
                    Document::unreadable_at(source, why),
                    next,
                )))
            }
        }
    }

    fn check_resume(&self, file: &InputFile, at: Position) -> io::Result<()> {
        if super::is_compressed(&file.location) {
            // A compressed stream would have to be decompressed twice to
            // check; its size and modification time are checked instead.
            return Ok(());
        }
        open_at(&file.location, at.offset).map(|_| ())
    }
}

/// The documents of one JSONL stream, with the position after each.
pub struct Lines {
    display: Arc<str>,
    index: usize,
    reader: Option<Box<dyn BufRead + Send>>,
    options: ReadOptions,
    fields: Vec<Arc<str>>,
    line: u64,
    offset: u64,
    buf: Vec<u8>,
}

impl Lines {
    /// The documents of `reader` (already decompressed), shown as `display`,
    /// the file of index `index` in the run, read from `at`.
    pub fn new(
        display: Arc<str>,
        index: usize,
        reader: Box<dyn BufRead + Send>,
        options: &ReadOptions,
        at: Position,
    ) -> Lines {
        Lines {
            display,
            index,
            reader: Some(reader),
            fields: options
                .text_fields
                .iter()
                .map(|f| Arc::from(f.as_str()))
                .collect(),
            options: options.clone(),
            line: at.line,
            offset: at.offset,
            buf: Vec::new(),
        }
    }

    /// The documents of one stream, from its start: for library users whose
    /// documents are not in files, and for fuzzing.
    pub fn from_reader(
        name: &str,
        reader: Box<dyn BufRead + Send>,
        options: &ReadOptions,
    ) -> Lines {
        Lines::new(Arc::from(name), 0, reader, options, Position::default())
    }
}

impl Iterator for Lines {
    type Item = (Document, Position);

    fn next(&mut self) -> Option<(Document, Position)> {
        loop {
            let reader = self.reader.as_mut()?;
            self.buf.clear();
            match reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.reader = None;
                    return None;
                }
                Ok(n) => {
                    self.line += 1;
                    let offset = self.offset;
                    self.offset += n as u64;
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue; // a blank line holds no document
                    }
                    let complete = self.buf.ends_with(b"\n");
                    let p = parse_line(&self.buf, self.line, &self.options, &self.fields, complete);
                    let doc = Document {
                        id: p.id,
                        fields: p.fields,
                        keep: Vec::new(),
                        source: Provenance {
                            file: self.display.clone(),
                            line: Some(self.line),
                            offset: Some(offset),
                        },
                        flags: p.flags,
                        unreadable: p.rejected,
                    };
                    let next = Position {
                        file: self.index,
                        offset: self.offset,
                        line: self.line,
                    };
                    return Some((doc, next));
                }
                Err(e) => {
                    self.reader = None;
                    let (line, offset) = (self.line + 1, self.offset);
                    let source = Provenance {
                        file: self.display.clone(),
                        line: Some(line),
                        offset: Some(offset),
                    };
                    let why = Reason::RestUnreadable {
                        line,
                        offset,
                        error: e.to_string(),
                    };
                    let next = Position {
                        file: self.index + 1,
                        offset: 0,
                        line: 0,
                    };
                    return Some((Document::unreadable_at(source, why), next));
                }
            }
        }
    }
}

/// Which of the wanted fields a JSON key is.
#[derive(Clone, Copy)]
struct Slot {
    id: bool,
    text: Option<usize>,
}

struct KeySeed<'a> {
    id: &'a str,
    texts: &'a [Arc<str>],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Slot;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Slot, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Slot;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Slot, E> {
        Ok(Slot {
            id: key == self.id,
            text: self.texts.iter().position(|t| &**t == key),
        })
    }
}

/// The fields of a JSON object gazet uses; every other value is skipped
/// without being built.
#[derive(Default)]
struct Wanted {
    id: Option<Value>,
    texts: Vec<Option<Value>>,
    repeated: Vec<String>,
}

struct ObjectSeed<'a> {
    id: &'a str,
    texts: &'a [Arc<str>],
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Wanted;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Wanted, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Wanted;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wanted, A::Error> {
        let mut w = Wanted {
            texts: vec![None; self.texts.len()],
            ..Wanted::default()
        };
        while let Some(slot) = map.next_key_seed(KeySeed {
            id: self.id,
            texts: self.texts,
        })? {
            if !slot.id && slot.text.is_none() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value: Value = map.next_value()?;
            let repeated = match slot.text {
                Some(i) if slot.id => {
                    w.texts[i] = Some(value.clone());
                    w.id.replace(value).is_some()
                }
                Some(i) => w.texts[i].replace(value).is_some(),
                None => w.id.replace(value).is_some(),
            };
            if repeated {
                let name = slot.text.map_or(self.id, |i| &self.texts[i]);
                w.repeated.push(name.to_string());
            }
        }
        Ok(w)
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What a JSON value is, from its first byte (for a line known to be JSON).
fn kind_of_json(s: &str) -> &'static str {
    match s.trim_start().bytes().next() {
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

fn parse_object(s: &str, id: &str, texts: &[Arc<str>]) -> Result<Wanted, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(s);
    let w = ObjectSeed { id, texts }.deserialize(&mut de)?;
    de.end()?;
    Ok(w)
}

/// Rewrites what JSON forbids but scrapers write, so that the document can
/// still be read: a raw control character inside a string becomes its
/// `\u00XX` escape (the text keeps the character), and an escaped UTF-16
/// surrogate without its pair becomes `\uFFFD`. Returns `None` when there is
/// nothing to rewrite, else the new text and what was done.
fn repair(s: &str) -> Option<(String, Vec<Reason>)> {
    let b = s.as_bytes();
    let hex4 = |i: usize| -> Option<u32> {
        let h = b.get(i..i + 4)?;
        u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(s.len() + 16);
    let (mut controls, mut surrogates) = (false, false);
    let mut in_string = false;
    let mut copied = 0; // bytes of `s` copied to `out`
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !in_string {
            in_string = c == b'"';
            i += 1;
            continue;
        }
        match c {
            b'"' => {
                in_string = false;
                i += 1;
            }
            b'\\' if b.get(i + 1) == Some(&b'u') => {
                let Some(u) = hex4(i + 2) else {
                    i += 2;
                    continue;
                };
                let paired = (0xD800..0xDC00).contains(&u)
                    && b.get(i + 6..i + 8) == Some(b"\\u")
                    && hex4(i + 8).is_some_and(|l| (0xDC00..0xE000).contains(&l));
                if paired {
                    i += 12;
                } else if (0xD800..0xE000).contains(&u) {
                    out.push_str(&s[copied..i]);
                    out.push_str("\\uFFFD");
                    surrogates = true;
                    i += 6;
                    copied = i;
                } else {
                    i += 6;
                }
            }
            b'\\' => i += 2,
            0..=0x1F => {
                out.push_str(&s[copied..i]);
                out.push_str(&format!("\\u{c:04X}"));
                controls = true;
                i += 1;
                copied = i;
            }
            _ => i += 1,
        }
    }
    if !controls && !surrogates {
        return None;
    }
    out.push_str(&s[copied..]);
    let mut what = Vec::new();
    if controls {
        what.push(Reason::RawControlCharacters);
    }
    if surrogates {
        what.push(Reason::LoneSurrogates);
    }
    Some((out, what))
}

/// The parts of a JSONL line: id, fields, caveats, and why it is rejected.
struct Parsed {
    id: String,
    fields: Vec<Field>,
    flags: Vec<Reason>,
    rejected: Vec<Reason>,
}

fn parse_line(
    raw: &[u8],
    lineno: u64,
    options: &ReadOptions,
    names: &[Arc<str>],
    complete: bool,
) -> Parsed {
    let mut flags: Vec<Reason> = Vec::new();
    let mut line = raw;
    if let Some(l) = line.strip_suffix(b"\n") {
        line = l.strip_suffix(b"\r").unwrap_or(l);
    }
    // A byte-order mark starts the first line of a file saved by some
    // editors, or any line of files concatenated together: not JSON, but
    // harmless, and outside every value.
    let bom = line.starts_with(b"\xEF\xBB\xBF");
    if bom {
        line = &line[3..];
    }
    let text: Cow<str> = match std::str::from_utf8(line) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let (s, bad) = decode(line.to_vec());
            if let Some(mut bad) = bad {
                bad.first += if bom { 3 } else { 0 };
                flags.push(bad.reason(Utf8Scope::Line));
            }
            Cow::Owned(s)
        }
    };
    let rejected = |why: Reason| Parsed {
        id: String::new(),
        fields: Vec::new(),
        flags: Vec::new(),
        rejected: vec![if complete {
            why
        } else {
            Reason::CutShort(Box::new(why))
        }],
    };
    let wanted = match parse_object(&text, &options.id_field, names) {
        Ok(w) => w,
        Err(first) => {
            let repaired = repair(&text).and_then(|(fixed, what)| {
                parse_object(&fixed, &options.id_field, names)
                    .ok()
                    .map(|w| (w, what))
            });
            match repaired {
                Some((w, what)) => {
                    flags.extend(what);
                    w
                }
                None => {
                    let object = text.trim_start().starts_with('{');
                    let why = if !object && serde_json::from_str::<IgnoredAny>(&text).is_ok() {
                        Reason::NotAnObject {
                            kind: kind_of_json(&text),
                        }
                    } else if first.to_string().starts_with("recursion limit exceeded") {
                        Reason::TooDeep {
                            column: first.column(),
                        }
                    } else {
                        // serde_json counts the line as line 1: give only the column.
                        let mut what = first.to_string();
                        if let Some(i) = what.rfind(" at line ") {
                            what.truncate(i);
                        }
                        Reason::NotJson {
                            message: what,
                            column: first.column(),
                        }
                    };
                    return rejected(why);
                }
            }
        }
    };
    for name in &wanted.repeated {
        flags.push(Reason::RepeatedField(name.clone()));
    }
    let id = match &wanted.id {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None => lineno.to_string(),
        Some(other) => {
            let what = match other {
                Value::String(_) => "empty",
                v => json_kind(v),
            };
            flags.push(Reason::UnusableId {
                field: options.id_field.clone(),
                what,
            });
            lineno.to_string()
        }
    };
    let mut fields = Vec::with_capacity(names.len());
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    for (name, value) in names.iter().zip(wanted.texts) {
        match value {
            Some(Value::String(text)) => fields.push(Field {
                name: name.clone(),
                text,
            }),
            None => missing.push(Reason::MissingField(name.to_string())),
            Some(Value::Null) => missing.push(Reason::NullField(name.to_string())),
            Some(v) => wrong.push(Reason::NotAString {
                field: name.to_string(),
                kind: json_kind(&v),
            }),
        }
    }
    let rejected = if !fields.is_empty() {
        flags.extend(wrong);
        Vec::new()
    } else if wrong.is_empty() && missing.iter().all(|m| matches!(m, Reason::MissingField(_))) {
        vec![Reason::NoTextField(options.text_fields.clone())]
    } else {
        wrong.into_iter().chain(missing).collect()
    };
    Parsed {
        id,
        fields,
        flags,
        rejected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    /// A document as the old tests saw it: reasons as text.
    #[derive(Debug, PartialEq)]
    struct Doc {
        id: String,
        fields: Vec<Field>,
        source: Provenance,
        flags: Vec<String>,
        rejected: Option<String>,
        next: Position,
    }

    fn view((d, next): (Document, Position)) -> Doc {
        let text = |rs: &[Reason]| rs.iter().map(|r| r.to_string()).collect::<Vec<_>>();
        Doc {
            flags: text(&d.flags),
            rejected: (!d.unreadable.is_empty()).then(|| text(&d.unreadable).join("; ")),
            id: d.id,
            fields: d.fields,
            source: d.source,
            next,
        }
    }

    fn jsonl(lines: &str, options: ReadOptions) -> Vec<Doc> {
        let r = Box::new(io::Cursor::new(lines.as_bytes().to_vec()));
        Lines::from_reader("x.jsonl", r, &options)
            .map(view)
            .collect()
    }
    #[test]
    fn jsonl_ids_fields_and_problems() {
        let docs = jsonl(
            "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\"}\n\n{\"id\":7,\"text\":\"y\"}\r\n{\"text\":\"z\"}\nnot json\n[1]\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":3}\n",
            ReadOptions::new("id", vec!["title".into(), "text".into()]),
        );
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "7", "4", "", "", "b", "c"]);
        assert_eq!(docs[0].fields.len(), 2);
        assert_eq!(&*docs[0].fields[0].name, "title");
        assert_eq!(docs[1].fields[0].text, "y");
        assert_eq!(docs[1].source.to_string(), "x.jsonl:3");
        assert_eq!(docs[1].source.offset, Some(35));
        assert!(docs[3]
            .rejected
            .as_deref()
            .unwrap()
            .starts_with("not JSON: expected ident at column 2"));
        assert_eq!(
            docs[4].rejected.as_deref(),
            Some("not a JSON object but an array")
        );
        assert_eq!(
            docs[5].rejected.as_deref(),
            Some("no text field (title, text)")
        );
        assert_eq!(
            docs[6].rejected.as_deref(),
            Some("field 'text' is a number, not a string: not matched; no field 'title'")
        );
        assert!(docs.iter().all(|d| d.flags.is_empty()));
        assert_eq!(
            docs[6].next,
            Position {
                file: 0,
                offset: 113,
                line: 8
            }
        );
    }

    #[test]
    fn odd_json_is_read_with_a_flag() {
        let docs = jsonl(
            concat!(
                "\u{FEFF}{\"id\":\"a\",\"text\":\"tab\there\"}\n",
                "{\"id\":\"b\",\"text\":\"x\\ud800y\",\"text\":\"last\"}\n",
                "{\"id\":\"c\",\"text\":\"ok \\ud83d\\ude00\"}\n",
                "{\"id\":null,\"text\":\"t\"}\n",
                "{\"id\":\"\",\"text\":\"t\",\"html\":{\"a\":[1,2,{\"b\":null}]}}\n",
                "{\"id\":\"f\",\"text\":null}\n",
                "{\"id\":\"g\",\"text\":\"cut"
            ),
            ReadOptions::default(),
        );
        assert_eq!(docs[0].fields[0].text, "tab\there");
        assert_eq!(
            docs[0].flags,
            vec!["raw control characters in a string (not valid JSON) read as they are"]
        );
        assert_eq!(docs[1].fields[0].text, "last");
        assert_eq!(docs[1].flags.len(), 2, "{:?}", docs[1].flags);
        assert!(docs[1].flags[0].contains("surrogates"));
        assert!(docs[1].flags[1].contains("'text' appears more than once"));
        assert_eq!(docs[2].fields[0].text, "ok 😀");
        assert!(docs[2].flags.is_empty());
        assert_eq!(docs[3].id, "4");
        assert_eq!(
            docs[3].flags,
            vec!["id field 'id' is null: the line number is used as id"]
        );
        assert_eq!(docs[4].id, "5");
        assert!(docs[4].flags[0].contains("is empty"));
        assert_eq!(docs[5].rejected.as_deref(), Some("field 'text' is null"));
        assert!(docs[6]
            .rejected
            .as_deref()
            .unwrap()
            .ends_with("(the file ends in the middle of this line: it may have been cut short)"));
    }

    #[test]
    fn invalid_utf8_in_a_line_is_replaced_and_flagged() {
        let r = Box::new(io::Cursor::new(
            b"{\"id\":\"a\",\"text\":\"Bagh\xFFdad\"}\n{\"id\":\"b\"\xFF,\"text\":\"x\"}\n"
                .to_vec(),
        ));
        let docs: Vec<Doc> = Lines::from_reader("x", r, &ReadOptions::default())
            .map(view)
            .collect();
        assert_eq!(docs[0].fields[0].text, "Bagh\u{FFFD}dad");
        assert_eq!(
            docs[0].flags,
            vec!["invalid UTF-8: 1 sequence (the first at byte 22) replaced by U+FFFD (byte offsets counted from the line start)"]
        );
        assert!(docs[1].rejected.as_deref().unwrap().starts_with("not JSON"));
    }

    #[test]
    fn repair_only_touches_strings() {
        assert_eq!(repair("{\"a\":\t\"b\"}"), None);
        let (fixed, _) = repair("{\"a\":\t\"b\tc\\\"\u{1}\"}").unwrap();
        assert_eq!(fixed, "{\"a\":\t\"b\\u0009c\\\"\\u0001\"}");
        let (fixed, _) = repair("[\"\\uDC00\\ud800\\u0041\"]").unwrap();
        assert_eq!(fixed, "[\"\\uFFFD\\uFFFD\\u0041\"]");
    }
}
