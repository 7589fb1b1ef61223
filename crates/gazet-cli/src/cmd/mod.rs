//! The subcommands, one file each, with their arguments and help.

pub mod completions;
pub mod discover;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod gazetteer;
pub mod man;
pub mod report;
pub mod sample;
