//! JSON Lines (`.jsonl`, `.ndjson`): one document per line, a JSON object.
//!
//! The id comes from the id field (a string or a number; the line number
//! when absent), the text from each text field, matched on its own, and
//! each kept field (`--keep-field`) is carried as its JSON value (`null`
//! when absent). Only the fields asked for are built as values: every other
//! value of the object is skipped by the parser without being allocated,
//! which is most of the cost of reading a dump whose lines carry HTML or
//! metadata.
//!
//! A field name is a dotted path into nested objects: `article.body` is the
//! field `body` of the object `article`. The parser descends only into the
//! objects on a wanted path (anything else there, arrays included, is
//! skipped as above), so nesting counts towards the 128-level limit only on
//! the way to a wanted field. Keys may hold dots themselves: at each level a
//! key is matched against the whole rest of the path as well as its first
//! part, and when a line has both (`"a.b"` and `"a": {"b": ...}`), the way
//! that takes more of the path as one key first wins, so the literal key
//! `"a.b"` does. A key met twice on the same way is a repeated field, the
//! last value used.
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
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

/// The JSON Lines format.
///
/// ```
/// use gazet::source::{format_of, jsonl::Jsonl, Format, STDIN_FORMAT};
/// assert_eq!(Jsonl.name(), "jsonl");
/// assert_eq!(Jsonl.extensions(), [".jsonl", ".ndjson"]);
/// assert_eq!(format_of("dump.ndjson.zst".as_ref()).map(|f| f.name()), Some("jsonl"));
/// assert_eq!(STDIN_FORMAT.name(), Jsonl.name());
/// ```
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
            Err(e) => super::cannot_open(display, index, at, &e),
        }
    }

    fn check_resume(&self, file: &InputFile, at: Position) -> io::Result<()> {
        if super::is_compressed(&file.location) {
            // A compressed stream would have to be decompressed twice to
            // check; its size and modification time are checked instead.
            return Ok(());
        }
        open_at(&file.location, at.offset)?;
        // Each line read is one line end before `at.offset` (the last line
        // of a file may have none): a checkpoint saying otherwise would
        // number the lines after it wrongly.
        let super::Location::Path(path) = &file.location else {
            return Ok(());
        };
        let mut ends = 0u64;
        let mut last = b'\n';
        let mut prefix = BufReader::with_capacity(256 * 1024, File::open(path)?.take(at.offset));
        loop {
            let buf = prefix.fill_buf()?;
            let Some(&b) = buf.last() else { break };
            last = b;
            ends += buf.iter().filter(|&&b| b == b'\n').count() as u64;
            let n = buf.len();
            prefix.consume(n);
        }
        let lines = ends + u64::from(last != b'\n');
        if lines != at.line {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "its first {} bytes hold {lines} lines, not the {} the checkpoint says were read",
                    at.offset, at.line
                ),
            ));
        }
        Ok(())
    }

    /// The keys of the objects on the first lines (a hundred at most), and
    /// the dotted paths into the objects they hold, in order of first use.
    fn fields(&self, file: &InputFile) -> Option<Vec<String>> {
        if file.location == super::Location::Stdin {
            return None;
        }
        let reader = super::open(&file.location).ok()?;
        let mut names: Vec<String> = Vec::new();
        let mut add = |name: String| {
            if !names.contains(&name) {
                names.push(name);
            }
        };
        for line in reader.split(b'\n').take(100) {
            let line = line.ok()?;
            let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(&line) else {
                continue;
            };
            for (k, v) in &object {
                add(k.clone());
                if let serde_json::Value::Object(inner) = v {
                    for k2 in inner.keys() {
                        add(format!("{k}.{k2}"));
                    }
                }
            }
        }
        Some(names)
    }
}

/// The documents of one JSONL stream, with the position after each.
///
/// ```
/// use gazet::source::{jsonl::Lines, ReadOptions};
/// let text = "{\"id\": 7, \"text\": \"Basra\"}\n\nnot json\n";
/// let lines = Lines::from_reader("mem", Box::new(text.as_bytes()), &ReadOptions::default());
/// let docs: Vec<_> = lines.map(|(doc, _)| doc).collect();
/// assert_eq!(docs.len(), 2); // the blank line holds no document
/// assert_eq!((docs[0].id.as_str(), docs[0].fields[0].text.as_str()), ("7", "Basra"));
/// assert_eq!(docs[1].unreadable[0].code(), "not-json");
/// ```
pub struct Lines {
    display: Arc<str>,
    index: usize,
    reader: Option<Box<dyn BufRead + Send>>,
    options: ReadOptions,
    wanted: Wanted,
    fields: Vec<Arc<str>>,
    keep: Vec<Arc<str>>,
    line: u64,
    offset: u64,
    buf: Vec<u8>,
}

impl Lines {
    /// The documents of `reader` (already decompressed), shown as `display`,
    /// the file of index `index` in the run, read from `at`.
    ///
    /// ```
    /// use gazet::source::{jsonl::Lines, Position, ReadOptions};
    /// // The rest of a file after its first line (18 bytes), as a resumed run reads it.
    /// let rest = "{\"text\": \"Erbil\"}\n";
    /// let at = Position { file: 3, offset: 18, line: 1 };
    /// let lines = Lines::new("a.jsonl".into(), 3, Box::new(rest.as_bytes()), &ReadOptions::default(), at);
    /// let docs: Vec<_> = lines.collect();
    /// assert_eq!(docs[0].0.id, "2"); // no id field: the line number
    /// assert_eq!((docs[0].0.source.line, docs[0].0.source.offset), (Some(2), Some(18)));
    /// assert_eq!(docs[0].1, Position { file: 3, offset: 36, line: 2 });
    /// ```
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
            wanted: Wanted::new(options),
            fields: options
                .text_fields
                .iter()
                .map(|f| Arc::from(f.as_str()))
                .collect(),
            keep: options
                .keep_fields
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
    ///
    /// ```
    /// use gazet::source::{jsonl::Lines, ReadOptions};
    /// let options = ReadOptions::new("id", vec!["title".into(), "body".into()]);
    /// let line = r#"{"id": "a1", "title": "Basra", "body": "Flights to Erbil"}"#;
    /// let docs: Vec<_> = Lines::from_reader("stdin", Box::new(line.as_bytes()), &options).collect();
    /// let texts: Vec<&str> = docs[0].0.fields.iter().map(|f| f.text.as_str()).collect();
    /// assert_eq!(texts, ["Basra", "Flights to Erbil"]);
    /// assert_eq!(&*docs[0].0.source.file, "stdin");
    /// ```
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
                    let p = parse_line(
                        &self.buf,
                        self.line,
                        &self.options,
                        &self.wanted,
                        &self.fields,
                        complete,
                    );
                    let keep = if p.keep.is_empty() {
                        super::null_keep(&self.keep)
                    } else {
                        self.keep.iter().cloned().zip(p.keep).collect()
                    };
                    let doc = Document {
                        id: p.id,
                        fields: p.fields,
                        keep,
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

/// The fields a line is read for, each distinct path once (the id, a text
/// field and a kept field may be one field).
#[derive(Clone, Debug)]
struct Wanted {
    /// The distinct paths, as given (`text`, `article.body`).
    paths: Vec<Arc<str>>,
    /// Which path is the id field.
    id: usize,
    /// Which path each text field is; `None` for a text field named a
    /// second time, which is read once.
    texts: Vec<Option<usize>>,
    /// Which path each kept field is.
    keep: Vec<usize>,
}

impl Wanted {
    fn new(options: &ReadOptions) -> Wanted {
        let mut paths: Vec<Arc<str>> = Vec::new();
        let mut index = |name: &str| match paths.iter().position(|p| &**p == name) {
            Some(i) => i,
            None => {
                paths.push(Arc::from(name));
                paths.len() - 1
            }
        };
        let id = index(&options.id_field);
        let mut texts: Vec<Option<usize>> = Vec::new();
        for (k, t) in options.text_fields.iter().enumerate() {
            let again = options.text_fields[..k].contains(t);
            texts.push((!again).then(|| index(t)));
        }
        let keep = options.keep_fields.iter().map(|k| index(k)).collect();
        Wanted {
            paths,
            id,
            texts,
            keep,
        }
    }
}

/// A wanted field still to be found in the object being read: which (an
/// index into [`Wanted::paths`]) and the rest of its path from here.
#[derive(Clone, Copy)]
struct Want<'a> {
    field: usize,
    rest: &'a str,
}

/// The rest of `path` below the key `key`, when `path` goes on through it
/// (`article.body` below `article` is `body`).
fn below<'a>(path: &'a str, key: &str) -> Option<&'a str> {
    path.strip_prefix(key)?.strip_prefix('.')
}

/// The wanted fields of one object: at the top, every path; further down,
/// the rests of those that go through the keys descended.
#[derive(Clone, Copy)]
enum Level<'a> {
    Top(&'a [Arc<str>]),
    Below(&'a [Want<'a>]),
}

impl<'a> Level<'a> {
    fn wants(self) -> impl Iterator<Item = Want<'a>> {
        let (top, below) = match self {
            Level::Top(paths) => (paths, &[][..]),
            Level::Below(wants) => (&[][..], wants),
        };
        let top = top
            .iter()
            .enumerate()
            .map(|(field, p)| Want { field, rest: p });
        top.chain(below.iter().copied())
    }
}

/// What a key of an object is to the wanted fields: the whole rest of some
/// (its value is theirs), or the way down to others.
struct KeyMatch<'a> {
    /// Bytes of the key.
    len: usize,
    /// The fields whose rest of path is the key.
    whole: Vec<usize>,
    /// The fields whose rest of path goes on below the key.
    deeper: Vec<Want<'a>>,
}

struct KeySeed<'a> {
    level: Level<'a>,
}

impl<'de, 'a> DeserializeSeed<'de> for KeySeed<'a> {
    type Value = KeyMatch<'a>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<KeyMatch<'a>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'a> Visitor<'_> for KeySeed<'a> {
    type Value = KeyMatch<'a>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<KeyMatch<'a>, E> {
        let mut m = KeyMatch {
            len: key.len(),
            whole: Vec::new(),
            deeper: Vec::new(),
        };
        for w in self.level.wants() {
            if w.rest == key {
                m.whole.push(w.field);
            } else if let Some(rest) = below(w.rest, key) {
                m.deeper.push(Want {
                    field: w.field,
                    rest,
                });
            }
        }
        Ok(m)
    }
}

/// Compares two ways to a field through nested objects, each given by the
/// lengths of the keys descended through (empty for a key of the object
/// the search started in): `Greater` when `a` is the better one. The way
/// that takes more of the path literally at the first place they part
/// wins, so a key `"a.b"` wins over `"a"` then `"b"`.
fn better(a: &[usize], b: &[usize]) -> Ordering {
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((x, y)) => x.cmp(y),
        // The way that stops descending first took the whole rest of the
        // path as its last key, longer than any key the other goes on with.
        None => b.len().cmp(&a.len()),
    }
}

/// A wanted field found: its value, and the way to it (see [`better`]).
struct Hit {
    way: Vec<usize>,
    value: Value,
}

/// The wanted fields found in a JSON object; every other value is skipped
/// without being built.
struct Found {
    /// By [`Wanted::paths`].
    hits: Vec<Option<Hit>>,
    /// Fields met again by the same way (a repeated key): the last value
    /// is used.
    repeated: Vec<usize>,
}

impl Found {
    fn set(&mut self, field: usize, way: &[usize], value: Value) {
        let hit = &mut self.hits[field];
        match hit {
            Some(h) => match better(way, &h.way) {
                Ordering::Less => {}
                Ordering::Equal => {
                    h.value = value;
                    self.repeated.push(field);
                }
                Ordering::Greater => {
                    *hit = Some(Hit {
                        way: way.to_vec(),
                        value,
                    })
                }
            },
            None => {
                *hit = Some(Hit {
                    way: way.to_vec(),
                    value,
                })
            }
        }
    }

    /// Looks for `want` in a value already built (a field wanted whole
    /// that another wanted field is inside), reached by `way`.
    fn look_in(&mut self, value: &Value, want: Want<'_>, way: &[usize]) {
        let Value::Object(map) = value else {
            return;
        };
        for (key, v) in map {
            if key == want.rest {
                self.set(want.field, way, v.clone());
            } else if let Some(rest) = below(want.rest, key) {
                let mut deeper = way.to_vec();
                deeper.push(key.len());
                self.look_in(v, Want { rest, ..want }, &deeper);
            }
        }
    }

    /// Reads the entries of one object, reached by `way`.
    fn read_map<'de, A: MapAccess<'de>>(
        &mut self,
        mut map: A,
        level: Level<'_>,
        way: &[usize],
    ) -> Result<(), A::Error> {
        while let Some(m) = map.next_key_seed(KeySeed { level })? {
            if m.whole.is_empty() && m.deeper.is_empty() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let mut deeper_way = Vec::new();
            if !m.deeper.is_empty() {
                deeper_way = way.to_vec();
                deeper_way.push(m.len);
            }
            let Some((last, others)) = m.whole.split_last() else {
                // Only the way down to other fields: into the value if it is
                // an object, skipping everything else in it.
                map.next_value_seed(Descend {
                    wants: &m.deeper,
                    way: &deeper_way,
                    found: self,
                })?;
                continue;
            };
            let value: Value = map.next_value()?;
            for w in &m.deeper {
                self.look_in(&value, *w, &deeper_way);
            }
            for &f in others {
                self.set(f, way, value.clone());
            }
            self.set(*last, way, value);
        }
        Ok(())
    }
}

/// The top-level object of a line.
struct ObjectSeed<'a> {
    paths: &'a [Arc<str>],
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Found;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Found, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Found;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Found, A::Error> {
        let mut found = Found {
            hits: self.paths.iter().map(|_| None).collect(),
            repeated: Vec::new(),
        };
        found.read_map(map, Level::Top(self.paths), &[])?;
        Ok(found)
    }
}

/// A value on the way to wanted fields: read into if it is an object,
/// skipped without being built otherwise.
struct Descend<'a, 'f> {
    wants: &'a [Want<'a>],
    way: &'a [usize],
    found: &'f mut Found,
}

impl<'de> DeserializeSeed<'de> for Descend<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Descend<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.found.read_map(map, Level::Below(self.wants), self.way)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
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

fn parse_object(s: &str, wanted: &Wanted) -> Result<Found, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(s);
    let found = ObjectSeed {
        paths: &wanted.paths,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(found)
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

/// The parts of a JSONL line: id, fields, kept values (empty when the line
/// is not a JSON object), caveats, and why it is rejected.
struct Parsed {
    id: String,
    fields: Vec<Field>,
    keep: Vec<Value>,
    flags: Vec<Reason>,
    rejected: Vec<Reason>,
}

fn parse_line(
    raw: &[u8],
    lineno: u64,
    options: &ReadOptions,
    wanted: &Wanted,
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
        keep: Vec::new(),
        flags: Vec::new(),
        rejected: vec![if complete {
            why
        } else {
            Reason::CutShort(Box::new(why))
        }],
    };
    let found = match parse_object(&text, wanted) {
        Ok(w) => w,
        Err(first) => {
            let repaired = repair(&text)
                .and_then(|(fixed, what)| parse_object(&fixed, wanted).ok().map(|w| (w, what)));
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
    for &i in &found.repeated {
        flags.push(Reason::RepeatedField(wanted.paths[i].to_string()));
    }
    let mut values: Vec<Option<Value>> =
        found.hits.into_iter().map(|h| h.map(|h| h.value)).collect();
    let keep = wanted
        .keep
        .iter()
        .map(|&i| values[i].clone().unwrap_or(Value::Null))
        .collect();
    let id = match &values[wanted.id] {
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
    for (name, path) in names.iter().zip(&wanted.texts) {
        let value = path.and_then(|i| values[i].take());
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
        keep,
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

    /// The documents of `lines` with their kept values.
    fn with_keep(lines: &str, options: ReadOptions) -> Vec<Document> {
        let r = Box::new(io::Cursor::new(lines.as_bytes().to_vec()));
        Lines::from_reader("x.jsonl", r, &options)
            .map(|(d, _)| d)
            .collect()
    }

    fn keep(d: &Document) -> Vec<(&str, &Value)> {
        d.keep.iter().map(|(n, v)| (&**n, v)).collect()
    }

    #[test]
    fn nested_fields_by_dotted_path() {
        let options = ReadOptions::new("meta.id", vec!["article.body".into(), "title".into()])
            .keep(vec![
                "meta.date".into(),
                "meta".into(),
                "meta.tags".into(),
                "none.x".into(),
            ]);
        let docs = with_keep(
            concat!(
                "{\"meta\":{\"id\":\"a\",\"date\":\"2020-01-02\",\"n\":[1,{\"id\":9}]},",
                "\"html\":{\"body\":\"not this\"},\"article\":{\"lead\":{\"body\":\"x\"},\"body\":\"In Basra\"},\"title\":\"T\"}\n",
                "{\"meta\":{\"id\":7,\"tags\":[\"x\"]},\"article\":{\"body\":3},\"title\":\"T\"}\n",
                "{\"meta\":\"flat\",\"article\":[{\"body\":\"no\"}]}\n",
                "{\"meta\":{\"id\":\"d\"},\"article\":{\"body\":\"one\",\"body\":\"two\"}}\n",
                "not json\n",
            ),
            options,
        );
        assert_eq!(docs[0].id, "a");
        assert_eq!(&*docs[0].fields[0].name, "article.body");
        assert_eq!(docs[0].fields[0].text, "In Basra");
        assert_eq!(docs[0].fields[1].text, "T");
        assert_eq!(
            keep(&docs[0]),
            vec![
                ("meta.date", &Value::from("2020-01-02")),
                (
                    "meta",
                    &serde_json::json!({"id": "a", "date": "2020-01-02", "n": [1, {"id": 9}]})
                ),
                ("meta.tags", &Value::Null),
                ("none.x", &Value::Null),
            ]
        );
        assert!(docs[0].flags.is_empty() && docs[0].unreadable.is_empty());
        // Typed values as they are; a text field that is not a string.
        assert_eq!(docs[1].id, "7");
        assert_eq!(keep(&docs[1])[2], ("meta.tags", &serde_json::json!(["x"])));
        assert_eq!(
            docs[1].flags,
            vec![Reason::NotAString {
                field: "article.body".into(),
                kind: "a number"
            }]
        );
        // A path through a value that is not an object: no such field.
        assert_eq!(
            docs[2].unreadable,
            vec![Reason::NoTextField(vec![
                "article.body".into(),
                "title".into()
            ])]
        );
        assert_eq!(keep(&docs[2])[1], ("meta", &Value::from("flat")));
        // A repeated key on the way is flagged under the path's name.
        assert_eq!(docs[3].fields[0].text, "two");
        assert_eq!(
            docs[3].flags,
            vec![Reason::RepeatedField("article.body".into())]
        );
        // A line that is not an object has a null for each kept field.
        assert!(docs[4].is_unreadable());
        assert_eq!(docs[4].keep.len(), 4);
        assert!(docs[4].keep.iter().all(|(_, v)| v.is_null()));
    }

    #[test]
    fn a_key_with_a_dot_is_matched_literally_first() {
        let options = ReadOptions::new("id", vec!["a.b".into()]).keep(vec!["a.b.c".into()]);
        let lines = concat!(
            "{\"a.b\":\"literal\",\"a\":{\"b\":\"nested\"}}\n",
            "{\"a\":{\"b\":\"nested\"},\"a.b\":\"literal\"}\n",
            "{\"a\":{\"b\":\"nested\"}}\n",
            "{\"a\":{\"b.c\":1,\"b\":{\"c\":2}},\"a.b\":{\"c\":3},\"a.b.c\":\"s\"}\n",
            "{\"a\":{\"b\":{\"c\":2},\"b.c\":1},\"a.b\":\"t\"}\n",
        );
        let docs = with_keep(lines, options);
        assert_eq!(docs[0].fields[0].text, "literal");
        assert_eq!(docs[1].fields[0].text, "literal");
        assert_eq!(docs[2].fields[0].text, "nested");
        assert!(docs[..3].iter().all(|d| d.flags.is_empty()));
        // The way that takes more of the path as one key first wins:
        // "a.b.c", then "a.b" > "c", then "a" > "b.c", then "a" > "b" > "c".
        assert_eq!(keep(&docs[3]), vec![("a.b.c", &Value::from("s"))]);
        assert_eq!(keep(&docs[4]), vec![("a.b.c", &Value::from(1))]);
        assert!(docs[3].flags.is_empty() && docs[4].flags.is_empty());
        // A field wanted whole with another inside it.
        let options =
            ReadOptions::new("a.id", vec!["a".into()]).keep(vec!["a".into(), "a.id".into()]);
        let docs = with_keep(
            "{\"a\":{\"id\":\"x\"}}\n{\"a\":\"text\",\"a.id\":5}\n",
            options,
        );
        assert_eq!(docs[0].id, "x");
        assert_eq!(keep(&docs[0])[1], ("a.id", &Value::from("x")));
        assert_eq!(docs[1].id, "5");
        assert_eq!(docs[1].fields[0].text, "text");
    }

    #[test]
    fn depth_counts_only_on_the_way_to_a_wanted_field() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let options = ReadOptions::new("id", vec!["a.text".into()]).keep(vec!["k".into()]);
        let lines = format!(
            "{{\"a\":{{\"junk\":{},\"text\":\"x\"}},\"other\":{}}}\n{{\"a\":{{\"text\":\"x\"}},\"k\":{}}}\n",
            deep(500),
            deep(500),
            deep(200)
        );
        let docs = with_keep(&lines, options);
        assert!(docs[0].unreadable.is_empty(), "{:?}", docs[0]);
        assert_eq!(docs[0].fields[0].text, "x");
        assert!(
            matches!(docs[1].unreadable[..], [Reason::TooDeep { .. }]),
            "{:?}",
            docs[1]
        );
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
