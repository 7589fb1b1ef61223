//! Errors: what went wrong, where, and what to do about it.
//!
//! Errors that stop a run are [`Error`]s. Problems with one input document do
//! not stop a run: they are reported per document (see [`crate::source`]).

use std::fmt;

/// A problem at a place in a file.
///
/// ```
/// let p = gazet::error::Problem::at("militias.csv", 12, "the id is not a slug");
/// assert_eq!(p.to_string(), "militias.csv:12: the id is not a slug");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// The 1-based line, 0 when unknown.
    pub line: u64,
    /// What is wrong, and how to fix it where that is not obvious.
    pub message: String,
}

impl Problem {
    /// A problem at `file:line`.
    ///
    /// ```
    /// use gazet::error::Problem;
    /// assert_eq!(Problem::at("x.csv", 0, "empty").to_string(), "x.csv: empty");
    /// ```
    pub fn at(file: &str, line: u64, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// An error that stops gazet.
///
/// ```
/// let err = gazet::Extractor::builder()
///     .gazetteer_source("mine.csv", "id,type,canonical,aliases\nx,place,,\n")
///     .build()
///     .unwrap_err();
/// assert!(matches!(err, gazet::Error::Gazetteer(ref problems) if problems[0].line == 2));
/// assert!(err.to_string().starts_with("invalid gazetteer (1 problem):\n  mine.csv:2: "));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// One or more gazetteer rows are invalid; nothing was matched.
    #[error("invalid gazetteer ({} problem{}):\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, list(.0))]
    Gazetteer(Vec<Problem>),
    /// A file could not be opened, read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        message: String,
    },
    /// The arguments do not make sense together.
    #[error("{0}")]
    Usage(String),
    /// A table given to `eval` is malformed.
    #[error("{0}")]
    Table(Problem),
    /// The matcher could not be built.
    #[error("cannot build the matcher: {0}")]
    Build(String),
    /// A run stopped before its end (a write error, say): its tables were not
    /// given their final names. The work up to the last checkpoint is kept.
    #[error("{cause}")]
    Incomplete {
        /// What went wrong.
        cause: Box<Error>,
        /// Documents written up to the last checkpoint.
        documents: u64,
        /// Whether `--resume` can continue the run (not when it reads
        /// standard input).
        resumable: bool,
    },
    /// The reader of the output (standard output in a pipe) closed it: a
    /// run ends there, quietly.
    #[error("the output was closed by its reader")]
    OutputClosed,
    /// A run was interrupted (Ctrl-C, SIGTERM) and stopped cleanly: the work
    /// up to the last checkpoint is kept.
    #[error("interrupted after {documents} documents")]
    Interrupted {
        /// Documents written up to the last checkpoint.
        documents: u64,
        /// Whether `--resume` can continue the run.
        resumable: bool,
    },
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// A malformed row of a CSV table (`eval`, `sample`, review files), with
    /// the line the reader stopped at.
    ///
    /// ```
    /// let mut rows = csv::Reader::from_reader("a,b\n1,2,3\n".as_bytes());
    /// let err = rows.records().find_map(Result::err).unwrap();
    /// let e = gazet::Error::csv("gold.csv", &err);
    /// assert!(e.to_string().starts_with("gold.csv:2: "));
    /// ```
    pub fn csv(file: &str, err: &csv::Error) -> Error {
        Error::Table(Problem::at(
            file,
            err.position().map_or(0, |p| p.line()),
            err.to_string(),
        ))
    }

    /// An I/O error on `path`.
    ///
    /// ```
    /// let e = gazet::Error::io("out/mentions.csv", "cannot write: disk full");
    /// assert_eq!(e.to_string(), "out/mentions.csv: cannot write: disk full");
    /// ```
    pub fn io(path: impl fmt::Display, err: impl fmt::Display) -> Error {
        Error::Io {
            path: path.to_string(),
            message: err.to_string(),
        }
    }
}
