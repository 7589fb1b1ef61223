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
//! 1. [`source`]: read documents (`.txt`, JSONL, Parquet, gzip, standard input), streamed;
//! 2. [`normalize`]: normalize text, with an [`normalize::OffsetMap`] back to the original;
//! 3. [`matcher`]: match the compiled [`gazetteer`] against the normalized text;
//! 4. [`resolve`]: choose among overlapping and ambiguous candidates, link
//!    partial names, decide ambiguous ones from the document;
//! 5. [`sink`]: write the results (CSV tables, Parquet datasets).
//!
//! [`run`] runs them together over files on all cores, with checkpoints from
//! which an interrupted run resumes; [`eval`] scores a mentions table against
//! gold mentions, [`sample`] draws mentions for a person to review, and
//! [`explain`] shows how a string normalizes and matches.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod chars;
pub mod document;
pub mod error;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod gazetteer;
pub mod matcher;
pub mod mention;
pub mod normalize;
pub mod resolve;
pub mod run;
pub mod sample;
pub mod sink;
pub mod skeleton;
pub mod source;
pub mod trie;
pub mod variants;

pub use document::{Document, DocumentResult, Field, Provenance, Reason, Status};
pub use error::Error;
pub use extract::{Extractor, ExtractorBuilder};
pub use gazetteer::{Entity, Gazetteer};
pub use matcher::{CaseMode, MatchOptions};
pub use mention::{MatchKind, Mention, Rules};
pub use run::{Progress, RunOptions, Summary};
