//! gazet finds every mention of the people, militias, places and news outlets
//! of a gazetteer in large news dumps, however their Arabic and Persian names
//! are spelled in Latin script, with offsets that point exactly into the
//! original text.
//!
//! The one entry point is the [`Extractor`]: built once from gazetteers and
//! options, it takes a [`Document`] and returns its [`DocumentResult`] (status,
//! reasons, and [`Mention`]s with byte and character offsets, entity, match
//! kind, rules and score). Every front end calls it: the `gazet` command
//! line, the Python package, Spark.
//!
//! ```
//! use gazet::{Document, Extractor};
//!
//! let ex = Extractor::builder()
//!     .gazetteer_source(
//!         "mine.csv",
//!         "id,type,canonical,aliases\nkataib-hezbollah,militia,Kata'ib Hezbollah,KH\n",
//!     )
//!     .build()?;
//! let doc = Document::text("a1", "Kataib Hezbollah’s leader");
//! let result = ex.extract(&doc);
//! let m = &result.mentions[0];
//! assert_eq!(&doc.fields[0].text[m.start..m.end], "Kataib Hezbollah");
//! assert_eq!(ex.entity(m).id, "kataib-hezbollah");
//! # Ok::<(), gazet::Error>(())
//! ```
//!
//! The data flows one way, one module per stage:
//!
//! 1. [`source`]: read documents (`.txt`, JSONL, CSV/TSV, Parquet, gzip or zstd, standard input), streamed;
//! 2. [`normalize`]: normalize text, with an [`normalize::OffsetMap`] back to the original;
//! 3. `matcher`: match the compiled [`gazetteer`] against the normalized text;
//! 4. `resolve`: choose among overlapping and ambiguous candidates, link
//!    partial names, decide ambiguous ones from the document (these two are
//!    what [`Extractor::extract`] runs);
//! 5. [`sink`]: write the results (CSV or JSON lines tables, Parquet datasets, standard output).
//!
//! [`run`] runs them together over files on all cores, with checkpoints from
//! which an interrupted run resumes; [`eval`] scores a mentions table against
//! gold mentions, [`sample`] draws mentions for a person to review, and
//! [`explain`] shows how a string normalizes and matches, and [`report`]
//! draws a run's tables as one self-contained HTML page.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod aggregate;
pub mod candidates;
pub mod context;
pub mod datelines;
pub mod document;
pub mod error;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod gazetteer;
pub mod mention;
pub mod normalize;
pub mod report;
pub mod run;
pub mod sample;
pub mod sentences;
pub mod sink;
pub mod source;

// The stages below the Extractor. They are reachable for this workspace's
// property tests, benches and fuzz targets, which test each stage alone,
// but they are not part of the API: their types change as the matcher
// does. Use the `Extractor`.
#[doc(hidden)]
pub mod article;
mod beside;
#[doc(hidden)]
pub mod chars;
#[doc(hidden)]
pub mod english;
#[doc(hidden)]
pub mod matcher;
#[doc(hidden)]
pub mod resolve;
#[doc(hidden)]
pub mod skeleton;
#[doc(hidden)]
pub mod trie;
#[doc(hidden)]
pub mod unlisted;
#[doc(hidden)]
pub mod variants;

pub use document::{Document, DocumentResult, Field, Provenance, Reason, Status};
pub use error::Error;
pub use extract::{Extractor, ExtractorBuilder};
pub use gazetteer::{Entity, EntityType, Gazetteer};
pub use matcher::{CaseMode, MatchOptions};
pub use mention::{MatchKind, Mention, Rules};
pub use run::{Progress, RunOptions, Summary};
pub use variants::{VariantRule, VariantRules};

/// The examples of the README, compiled and run as tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;
