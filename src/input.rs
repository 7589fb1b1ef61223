//! Reading documents: files, directories and standard input, streamed.
//!
//! Inputs are expanded into a list of files first ([`discover`]): a directory
//! is walked recursively in sorted order, so the same tree always yields the
//! same documents in the same order. Then [`DocumentReader`] streams the
//! documents of those files one at a time; nothing holds more than one file
//! (for `.txt`) or one line (for `.jsonl`) in memory.
//!
//! * `.txt`: one document per file, id = the path relative to the directory
//!   given (or the file name for a file given directly), field `text`.
//! * `.jsonl` / `.ndjson`: one document per line; the id from the id field
//!   (string or number; the line number when absent), the text from each text
//!   field, matched on its own.
//! * gzip is recognized by its magic bytes, whatever the name (`x.jsonl.gz`).
//! * `-` is JSONL on standard input.
//!
//! A document that cannot be read is never dropped: it comes out of the reader
//! with no fields and a `problem` saying why, and the pipeline lists it.

use crate::error::Error;
use flate2::read::MultiGzDecoder;
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a file holds documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Where a file's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// One input file, found by [`discover`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// Where to read it.
    pub location: Location,
    /// How it is shown in tables and messages.
    pub display: String,
    /// The document id of a `.txt` file.
    pub text_id: String,
    /// How it holds documents.
    pub format: Format,
}

/// A file passed over while walking a directory, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// The format of a file name: `.txt`, `.jsonl`, `.ndjson`, each optionally `.gz`.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".txt") {
        Some(Format::Text)
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some(Format::Jsonl)
    } else {
        None
    }
}

/// Expands command-line inputs into files, in order. A path that does not
/// exist, or a file given directly whose type is unknown, is an error; files of
/// other types met while walking a directory are returned as skipped.
pub fn discover<P: AsRef<Path>>(inputs: &[P]) -> Result<(Vec<InputFile>, Vec<Skipped>), Error> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let input = input.as_ref();
        if input == Path::new("-") {
            files.push(InputFile {
                location: Location::Stdin,
                display: "-".into(),
                text_id: "-".into(),
                format: Format::Jsonl,
            });
            continue;
        }
        let meta = std::fs::metadata(input)
            .map_err(|e| Error::io(input.display(), format!("cannot open input: {e}")))?;
        if meta.is_dir() {
            let mut seen = HashSet::new();
            walk(input, input, &mut seen, &mut files, &mut skipped)?;
        } else {
            let format = format_of(input).ok_or_else(|| {
                Error::Usage(format!(
                    "{}: unknown input type: expected .txt, .jsonl or .ndjson (optionally .gz), or - for JSONL on standard input",
                    input.display()
                ))
            })?;
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(InputFile {
                location: Location::Path(input.to_path_buf()),
                display: input.display().to_string(),
                text_id: name,
                format,
            });
        }
    }
    Ok((files, skipped))
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<InputFile>,
    skipped: &mut Vec<Skipped>,
) -> Result<(), Error> {
    // A symbolic link loop must not walk forever.
    let real = std::fs::canonicalize(dir).map_err(|e| Error::io(dir.display(), e))?;
    if !seen.insert(real) {
        skipped.push(Skipped {
            path: dir.display().to_string(),
            reason: "directory already visited (symbolic link loop)".into(),
        });
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir.display(), format!("cannot list directory: {e}")))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::io(dir.display(), format!("cannot list directory: {e}")))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(root, &path, seen, files, skipped)?;
        } else if let Some(format) = format_of(&path) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let text_id = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push(InputFile {
                location: Location::Path(path.clone()),
                display: path.display().to_string(),
                text_id,
                format,
            });
        } else {
            skipped.push(Skipped {
                path: path.display().to_string(),
                reason: "not .txt, .jsonl or .ndjson".into(),
            });
        }
    }
    Ok(())
}

/// Which JSON fields hold the id and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The id field (default `id`).
    pub id_field: String,
    /// The text fields, each matched on its own (default `text`).
    pub text_fields: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            id_field: "id".into(),
            text_fields: vec!["text".into()],
        }
    }
}

/// One text field of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field's name (`text`, `title`).
    pub name: Arc<str>,
    /// Its text.
    pub text: String,
}

/// One document, or the place of one that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The document id.
    pub id: String,
    /// Where it came from: the file, and for JSONL the line (`news.jsonl:17`).
    pub source: String,
    /// Its text fields, in the order of the options.
    pub fields: Vec<Field>,
    /// Why it was not (or not entirely) read; `None` when it was.
    pub problem: Option<String>,
}

/// Opens a file (or standard input), decompressing gzip when the first bytes
/// say so.
pub fn open(location: &Location) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match location {
        Location::Path(p) => Box::new(File::open(p)?),
        Location::Stdin => Box::new(io::stdin()),
    };
    let mut buf = BufReader::with_capacity(256 * 1024, raw);
    let gz = buf.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(buf),
        ))
    } else {
        Box::new(buf)
    })
}

/// Streams the documents of a list of files.
pub struct DocumentReader {
    files: std::vec::IntoIter<InputFile>,
    options: ReadOptions,
    fields: Vec<Arc<str>>,
    current: Option<(InputFile, Box<dyn BufRead + Send>, u64)>,
    line: Vec<u8>,
}

impl DocumentReader {
    /// A reader over `files`, in order.
    pub fn new(files: Vec<InputFile>, options: ReadOptions) -> DocumentReader {
        let fields = options
            .text_fields
            .iter()
            .map(|f| Arc::from(f.as_str()))
            .collect();
        DocumentReader {
            files: files.into_iter(),
            options,
            fields,
            current: None,
            line: Vec::new(),
        }
    }

    fn failed(file: &InputFile, id: String, source: String, problem: String) -> Document {
        let _ = file;
        Document {
            id,
            source,
            fields: Vec::new(),
            problem: Some(problem),
        }
    }

    fn read_text(&self, file: &InputFile) -> Document {
        let mut bytes = Vec::new();
        let read = open(&file.location).and_then(|mut r| r.read_to_end(&mut bytes));
        let id = file.text_id.clone();
        if let Err(e) = read {
            return Self::failed(
                file,
                id,
                file.display.clone(),
                format!("cannot read file: {e}"),
            );
        }
        match String::from_utf8(bytes) {
            Ok(text) => Document {
                id,
                source: file.display.clone(),
                fields: vec![Field {
                    name: Arc::from("text"),
                    text,
                }],
                problem: None,
            },
            Err(e) => Self::failed(
                file,
                id,
                file.display.clone(),
                format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            ),
        }
    }

    fn parse_line(&self, file: &InputFile, lineno: u64) -> Document {
        let source = format!("{}:{lineno}", file.display);
        let mut line: &[u8] = &self.line;
        if let Some(l) = line.strip_suffix(b"\n") {
            line = l.strip_suffix(b"\r").unwrap_or(l);
        }
        if lineno == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        let value: serde_json::Map<String, serde_json::Value> = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => {
                let what = if e.is_data() {
                    "not a JSON object"
                } else {
                    "invalid JSON"
                };
                return Self::failed(file, lineno.to_string(), source, format!("{what}: {e}"));
            }
        };
        let id = match value.get(&self.options.id_field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => lineno.to_string(),
        };
        let mut fields = Vec::with_capacity(self.fields.len());
        let mut problems = Vec::new();
        for name in &self.fields {
            match value.get(&**name) {
                Some(serde_json::Value::String(s)) => fields.push(Field {
                    name: name.clone(),
                    text: s.clone(),
                }),
                None | Some(serde_json::Value::Null) => {}
                Some(other) => problems.push(format!(
                    "field '{name}' is not a string ({})",
                    json_kind(other)
                )),
            }
        }
        let problem = if fields.is_empty() && problems.is_empty() {
            Some(format!(
                "no text field ({})",
                self.options.text_fields.join(", ")
            ))
        } else if problems.is_empty() {
            None
        } else {
            Some(problems.join("; "))
        };
        Document {
            id,
            source,
            fields,
            problem,
        }
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl Iterator for DocumentReader {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            if self.current.is_none() {
                let file = self.files.next()?;
                match file.format {
                    Format::Text => return Some(self.read_text(&file)),
                    Format::Jsonl => match open(&file.location) {
                        Ok(r) => self.current = Some((file, r, 0)),
                        Err(e) => {
                            let (id, source) = (file.display.clone(), file.display.clone());
                            return Some(Self::failed(
                                &file,
                                id,
                                source,
                                format!("cannot read file: {e}"),
                            ));
                        }
                    },
                }
            }
            let (file, reader, lineno) = self.current.as_mut().expect("set above");
            self.line.clear();
            match reader.read_until(b'\n', &mut self.line) {
                Ok(0) => {
                    self.current = None;
                }
                Ok(_) => {
                    *lineno += 1;
                    if self.line.iter().all(u8::is_ascii_whitespace) {
                        continue; // a blank line holds no document
                    }
                    let (file, lineno) = (file.clone(), *lineno);
                    return Some(self.parse_line(&file, lineno));
                }
                Err(e) => {
                    let (file, lineno) = (file.clone(), *lineno + 1);
                    self.current = None;
                    let source = format!("{}:{lineno}", file.display);
                    return Some(Self::failed(
                        &file,
                        format!("{}:{lineno}", file.display),
                        source,
                        format!("read error at line {lineno}, rest of the file not read: {e}"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(lines: &str, options: ReadOptions) -> Vec<Document> {
        let dir = std::env::temp_dir().join(format!(
            "gazet-input-{}-{}",
            std::process::id(),
            lines.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.jsonl");
        std::fs::write(&path, lines).unwrap();
        let (files, _) = discover(&[&path]).unwrap();
        let docs = DocumentReader::new(files, options).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        docs
    }

    #[test]
    fn jsonl_ids_fields_and_problems() {
        let docs = jsonl(
            "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\"}\n\n{\"id\":7,\"text\":\"y\"}\r\n{\"text\":\"z\"}\nnot json\n[1]\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":3}\n",
            ReadOptions { id_field: "id".into(), text_fields: vec!["title".into(), "text".into()] },
        );
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "7", "4", "5", "6", "b", "c"]);
        assert_eq!(docs[0].fields.len(), 2);
        assert_eq!(&*docs[0].fields[0].name, "title");
        assert_eq!(docs[1].fields[0].text, "y");
        assert_eq!(docs[1].source.rsplit(':').next(), Some("3"));
        assert!(docs[3]
            .problem
            .as_deref()
            .unwrap()
            .starts_with("invalid JSON"));
        assert!(docs[4]
            .problem
            .as_deref()
            .unwrap()
            .starts_with("not a JSON object"));
        assert_eq!(
            docs[5].problem.as_deref(),
            Some("no text field (title, text)")
        );
        assert_eq!(
            docs[6].problem.as_deref(),
            Some("field 'text' is not a string (a number)")
        );
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(format_of(Path::new("a/b.txt")), Some(Format::Text));
        assert_eq!(format_of(Path::new("b.JSONL.gz")), Some(Format::Jsonl));
        assert_eq!(format_of(Path::new("b.csv")), None);
    }
}
