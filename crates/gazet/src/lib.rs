//! gazet finds every mention of the people, militias, places and news outlets
//! of a gazetteer in large news dumps, however their Arabic and Persian names
//! are spelled in Latin script, and writes CSV tables of mentions whose offsets
//! point exactly into the original text.
//!
//! The data flows one way, one module per stage; each stage can be used alone:
//!
//! 1. [`input`]: read documents (`.txt`, `.jsonl`, gzip, standard input), streamed;
//! 2. [`normalize`]: normalize text, with an [`normalize::OffsetMap`] back to the original;
//! 3. [`matcher`]: match the compiled [`gazetteer`] against the normalized text;
//! 4. [`resolve`]: choose among overlapping and ambiguous candidates;
//! 5. [`output`]: write `mentions.csv`, `documents.csv` and `rejects.csv`.
//!
//! [`pipeline`] runs them together in parallel, with [`checkpoint`]s from
//! which an interrupted run resumes; [`eval`] scores a mentions
//! table against gold mentions and [`sample`] draws mentions for a person to
//! review; [`explain`] shows how a string normalizes and matches.
//!
//! ```
//! use gazet::{Gazetteer, Matcher, MatchOptions, resolve};
//!
//! let g = Gazetteer::from_sources([(
//!     "mine.csv".to_string(),
//!     "id,type,canonical,aliases\nkataib-hezbollah,militia,Kata'ib Hezbollah,KH\n".to_string(),
//! )])?;
//! let m = Matcher::new(&g, MatchOptions::default())?;
//! let text = "Kataib Hezbollah’s leader";
//! let found = resolve::mentions(&m, text);
//! assert_eq!(&text[found[0].start..found[0].end], "Kataib Hezbollah");
//! # Ok::<(), gazet::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod article;
pub mod chars;
pub mod checkpoint;
pub mod english;
pub mod error;
pub mod eval;
pub mod explain;
pub mod gazetteer;
pub mod ids;
pub mod input;
pub mod matcher;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod resolve;
pub mod sample;
pub mod skeleton;
pub mod trie;
pub mod variants;

pub use error::Error;
pub use gazetteer::{Entity, Gazetteer};
pub use matcher::{CaseMode, MatchOptions, Matcher};
pub use pipeline::{extract, ExtractOptions, Progress, Summary};
