//! Plain text (`.txt`): one document per file.
//!
//! The id is the path relative to the directory given (or the file name for
//! a file given directly), and the one field is `text`. Offsets are into the
//! file's bytes, so the text is kept as it is: a byte-order mark stays part
//! of it (normalization makes it invisible to matching). Invalid UTF-8 is
//! replaced by U+FFFD, as Python's `errors="replace"` does, so that character
//! offsets agree with Python's; the document is flagged, with a hint when
//! the file looks like UTF-16. A read error partway (a truncated `.txt.gz`)
//! keeps the text before it, flagged; nothing read at all is a rejection.
//! A text file has no other field: every kept field (`--keep-field`) is
//! `null`.

use super::{decode, open, Documents, Format, InputFile, Position, ReadOptions};
use crate::document::{Document, Field, Provenance, Reason, Utf8Scope};
use std::io::Read;
use std::sync::Arc;

/// The plain text format.
///
/// ```
/// use gazet::source::{discover, txt::Txt, Format, ReadOptions, Reader};
/// let dir = std::env::temp_dir().join(format!("gazet-doc-txt-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "Flights to Tehran")?;
/// std::fs::write(dir.join("b.txt"), "")?;
/// assert_eq!(Txt.extensions(), [".txt"]);
/// let (files, _) = discover(&[&dir])?;
/// let docs: Vec<_> = Reader::new(files, ReadOptions::default()).map(|(d, _)| d).collect();
/// assert_eq!((docs[0].id.as_str(), docs[0].fields[0].text.as_str()), ("a.txt", "Flights to Tehran"));
/// assert_eq!(docs[1].flags[0].code(), "empty-file");
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Txt;

impl Format for Txt {
    fn name(&self) -> &'static str {
        "txt"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &[".txt"]
    }

    fn whole_file(&self) -> bool {
        true
    }

    fn open(
        &self,
        file: &InputFile,
        index: usize,
        options: &ReadOptions,
        _at: Position,
    ) -> Documents {
        let next = Position {
            file: index + 1,
            offset: 0,
            line: 0,
        };
        let mut doc = read(file);
        // A text file has no fields but its text: every kept one is null.
        let names: Vec<Arc<str>> = options
            .keep_fields
            .iter()
            .map(|f| Arc::from(f.as_str()))
            .collect();
        doc.keep = super::null_keep(&names);
        Box::new(std::iter::once((doc, next)))
    }
}

/// The one document of a text file.
fn read(file: &InputFile) -> Document {
    let mut doc = Document::new(file.text_id.clone(), Vec::new());
    doc.source = Provenance {
        file: Arc::from(file.display.as_str()),
        line: None,
        offset: None,
    };
    let mut bytes = Vec::new();
    let failed = match open(&file.location) {
        Ok(mut r) => r.read_to_end(&mut bytes).err(),
        Err(e) => Some(e),
    };
    match failed {
        Some(e) if bytes.is_empty() => {
            doc.unreadable.push(Reason::FileUnreadable(e.to_string()));
            return doc;
        }
        Some(e) => doc.flags.push(Reason::ReadError {
            after: bytes.len(),
            error: e.to_string(),
        }),
        None if bytes.is_empty() => doc.flags.push(Reason::EmptyFile),
        None => {}
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let (text, bad) = decode(bytes);
    if let Some(bad) = bad {
        doc.flags.push(bad.reason(Utf8Scope::File { utf16 }));
    }
    doc.fields.push(Field::new("text", text));
    doc
}
