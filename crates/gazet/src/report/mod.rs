//! The page of `gazet report`: one self-contained HTML file that shows a run
//! at a glance (its documents and statuses, the most mentioned entities of
//! each type, mentions over time, how the mentions were matched and scored,
//! and which entities are named together).
//!
//! The page is built from a [`ReportData`], filled from the tables of a run
//! by [`load`]; drawing is apart from loading, so it can be tested on data
//! made by hand. [`render`] returns the whole page as a string, and is a pure
//! function: the same data gives the same bytes (no clock, no random seed, no
//! hash-map order, fixed number formats), so two reports can be compared
//! with `diff` and the tests can compare pages.
//!
//! The page works offline and needs no JavaScript: the style sheet is inline,
//! and every chart is an inline SVG drawn with the `plotters` crate's SVG
//! backend (without its system-font feature, so nothing but the Rust
//! toolchain is needed to build it; the browser measures and draws the text).
//! Every string from the data (names come from gazetteers and from the texts)
//! is escaped, and the page forbids scripts in its content security policy
//! as a second line of defence.
//!
//! The parts, one job each: `text` (escaping, number formats, colours),
//! `charts` (the bar, line and histogram charts), `network` (the layout and
//! picture of co-occurring entities) and `html` (the page around them).

mod charts;
mod html;
mod load;
mod network;
#[cfg(test)]
mod tests;
mod text;

pub use load::{load, LoadOptions};

use serde::{Deserialize, Serialize};

/// Everything the report shows, gathered from the tables of one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    /// The page's title, e.g. the name of the run's output directory.
    pub title: String,
    /// The run's totals, shown as summary cards.
    pub run: RunFacts,
    /// The most mentioned entities, one list per entity type present
    /// (person, militia, place, outlet, ...), shown in this order.
    pub top_entities: Vec<TypeTop>,
    /// Documents and mentions per period, when a date field was kept.
    pub timeline: Option<Timeline>,
    /// Mentions per match kind (exact, normalized, variant, partial,
    /// skeleton, unlisted, ...), by count, the largest first.
    pub match_kinds: Vec<KindCount>,
    /// The score histogram: 20 bins of width 0.05 over [0, 1], empty bins
    /// included.
    pub scores: Vec<ScoreBin>,
    /// The most frequent co-occurring entities.
    pub network: Network,
    /// Sentences shown under the summary (e.g. how datelines are counted).
    pub notes: Vec<String>,
}

/// The totals of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunFacts {
    /// Documents read.
    pub documents: u64,
    /// Documents whose status is ok.
    pub ok: u64,
    /// Documents flagged (kept, with reasons).
    pub flagged: u64,
    /// Documents rejected.
    pub rejected: u64,
    /// Mentions found.
    pub mentions: u64,
    /// Mentions inside a text's dateline.
    pub dateline_mentions: u64,
    /// Mentions of names that no gazetteer lists.
    pub unlisted_mentions: u64,
    /// Distinct entities mentioned.
    pub entities: u64,
    /// Distinct pairs of entities named together.
    pub pairs: u64,
    /// Bytes of input read.
    pub bytes: u64,
}

/// The most mentioned entities of one type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeTop {
    /// The entity type: person, militia, place, outlet, ...
    pub entity_type: String,
    /// At most 15 entities, by mentions, the most mentioned first.
    pub entities: Vec<EntityBar>,
}

/// One entity's counts, a bar of the top-entities chart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityBar {
    /// The entity's id.
    pub entity_id: String,
    /// Its canonical name, the bar's label.
    pub canonical: String,
    /// Its mentions.
    pub mentions: u64,
    /// The documents that mention it.
    pub documents: u64,
    /// Its mentions inside a dateline.
    pub dateline_mentions: u64,
    /// Whether it is a name that no gazetteer lists.
    pub unlisted: bool,
}

/// Documents and mentions per period of a date field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// The date field the periods come from.
    pub field: String,
    /// The period: "day", "month" or "year".
    pub unit: String,
    /// One point per period, in ascending order.
    pub points: Vec<TimePoint>,
}

/// The counts of one period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimePoint {
    /// The period, e.g. "2026-01".
    pub period: String,
    /// Documents dated in it.
    pub documents: u64,
    /// Mentions in those documents.
    pub mentions: u64,
}

/// The mentions of one match kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KindCount {
    /// The match kind: exact, normalized, variant, partial, ...
    pub kind: String,
    /// Its mentions.
    pub mentions: u64,
    /// Their mean score.
    pub mean_score: f64,
}

/// One bin of the score histogram, `lower <= score < upper` (the last bin
/// includes 1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreBin {
    /// The bin's lower bound.
    pub lower: f64,
    /// The bin's upper bound.
    pub upper: f64,
    /// The mentions whose score falls in it.
    pub mentions: u64,
}

/// The most frequent co-occurring entities, a graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    /// What "together" means: "document", "sentence" or "paragraph".
    pub unit: String,
    /// The entities.
    pub nodes: Vec<NetNode>,
    /// The pairs named together.
    pub edges: Vec<NetEdge>,
}

/// An entity of the network.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetNode {
    /// The entity's id.
    pub entity_id: String,
    /// Its canonical name, the node's label.
    pub canonical: String,
    /// Its type, the node's colour.
    pub entity_type: String,
    /// Its mentions, the node's size.
    pub mentions: u64,
}

/// A pair of entities named together.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetEdge {
    /// The index of one entity in [`Network::nodes`].
    pub a: usize,
    /// The index of the other.
    pub b: usize,
    /// The units (documents, sentences, ...) that name both.
    pub weight: u64,
}

/// The whole HTML page of a report.
pub fn render(data: &ReportData) -> String {
    html::page(data)
}
