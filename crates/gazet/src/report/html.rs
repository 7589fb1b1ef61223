//! The page around the charts: the head with its inline style sheet, the
//! summary cards, a section per chart with its caption and a table of the
//! numbers behind it, and the message that replaces a chart when there is
//! nothing to draw.
//!
//! The markup is written into a string by hand: the page is small and
//! fixed, and a template engine would add a dependency and a second
//! escaping scheme to check. Every string from the data goes through
//! [`escape`] (or through plotters, which escapes the text of its SVGs).

use std::fmt::Write;

use super::charts::{self, Bar, FULL_WIDTH, HALF_WIDTH, NEUTRAL};
use super::network::{self, clean_graph};
use super::text::{bytes, css, escape, label, percent, score, thousands, Palette};
use super::{EntityBar, KindCount, ReportData, RunFacts, Timeline, TypeTop};

/// At most this many entities of a type are drawn.
const TOP: usize = 15;
/// At most this many pairs are listed under the network.
const PAIRS_LISTED: usize = 30;

const STYLE: &str = r#"
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1f2328;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 24px 40px}
header{margin:0 0 6px}
h1{font-size:26px;line-height:1.25;margin:0;overflow-wrap:anywhere}
.sub{color:#57606a;margin:2px 0 0}
section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:16px 20px 18px;margin:16px 0}
h2{font-size:19px;margin:0 0 2px}
h3{font-size:15px;margin:18px 0 2px}
h3.type::first-letter{text-transform:uppercase}
h3 .sw{margin-right:6px}
.lead{color:#57606a;font-size:13.5px;margin:0 0 10px}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin-top:10px}
.card{border:1px solid #d8dee4;border-radius:6px;padding:10px 14px}
.card .k{color:#57606a;font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:28px;font-weight:650;line-height:1.2;font-variant-numeric:tabular-nums}
.card .d{color:#57606a;font-size:13px;font-variant-numeric:tabular-nums}
.bar{display:flex;height:8px;border-radius:4px;overflow:hidden;background:#eaeef2;margin:6px 0 4px}
.bar span{display:block;height:100%}
.ok{background:#59a14f}.flagged{background:#edc948}.rejected{background:#e15759}
.key{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px}
.key:first-child{margin-left:0}
.notes{margin:12px 0 0;padding-left:20px;color:#3d444d;font-size:14px}
.empty{color:#57606a;font-style:italic;padding:14px 16px;background:#f6f8fa;border:1px dashed #d0d7de;border-radius:6px;margin:8px 0}
.error{color:#a40e26;background:#fff5f5;padding:10px 14px;border-radius:6px}
.chart svg{display:block;max-width:100%;height:auto}
.chart svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
.net svg text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round;font-weight:500}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.grid2>div{min-width:0}
.sw{display:inline-block;width:11px;height:11px;border-radius:50%;vertical-align:-1px}
.legend{font-size:13.5px;color:#3d444d;margin:4px 0 8px}
.legend span.item{margin-right:16px;white-space:nowrap}
.legend .sw{margin-right:5px}
details{margin:6px 0 0;font-size:13px}
summary{cursor:pointer;color:#0b5cad}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:13px}
th,td{padding:3px 8px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
th{font-weight:600;color:#3d444d;border-bottom-color:#d0d7de}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{overflow-wrap:anywhere}
td.id{color:#57606a;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
footer{color:#8c959f;font-size:12px;text-align:center;margin-top:20px}
@media (max-width:800px){.cards{grid-template-columns:repeat(2,1fr)}.grid2{grid-template-columns:1fr}}
@media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0}section{border:none;padding:0;margin:12px 0}details{display:none}.card,.chart,.cards,table{break-inside:avoid}h2,h3,.lead,.legend{break-after:avoid}}
"#;

/// The whole page.
pub(crate) fn page(data: &ReportData) -> String {
    let title = if data.title.trim().is_empty() {
        "gazet report".to_string()
    } else {
        format!("{} – gazet report", data.title.trim())
    };
    let palette = Palette::new(
        data.top_entities
            .iter()
            .map(|t| t.entity_type.as_str())
            .chain(data.network.nodes.iter().map(|n| n.entity_type.as_str())),
    );
    let mut out = String::with_capacity(256 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // No script, no request: everything the page shows is in it.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
    header(&mut out, data);
    summary(&mut out, data);
    entities(&mut out, data, &palette);
    timeline(&mut out, data.timeline.as_ref());
    matches(&mut out, data);
    network(&mut out, data, &palette);
    let _ = writeln!(
        out,
        "<footer>Made by gazet {}. The page is self-contained: no script, no request.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn header(out: &mut String, data: &ReportData) {
    let name = if data.title.trim().is_empty() {
        "Run report"
    } else {
        data.title.trim()
    };
    let r = &data.run;
    let _ = writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"sub\">gazet report · {} documents · {} read</p>\n</header>",
        escape(name),
        thousands(r.documents),
        bytes(r.bytes)
    );
}

/// A summary card.
fn card(out: &mut String, key: &str, value: u64, detail: &str) {
    let _ = writeln!(
        out,
        "<div class=\"card\"><div class=\"k\">{key}</div><div class=\"v\">{}</div><div class=\"d\">{detail}</div></div>",
        thousands(value)
    );
}

fn summary(out: &mut String, data: &ReportData) {
    let r: &RunFacts = &data.run;
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
    // Documents, with a bar of their statuses.
    let mut docs = String::new();
    let statuses = r.ok.saturating_add(r.flagged).saturating_add(r.rejected);
    if statuses > 0 {
        docs.push_str("<div class=\"bar\">");
        for (class, n) in [
            ("ok", r.ok),
            ("flagged", r.flagged),
            ("rejected", r.rejected),
        ] {
            if n > 0 {
                let _ = write!(
                    docs,
                    "<span class=\"{class}\" style=\"width:{:.3}%\"></span>",
                    n as f64 * 100.0 / statuses as f64
                );
            }
        }
        docs.push_str("</div>");
        for (class, n) in [
            ("ok", r.ok),
            ("flagged", r.flagged),
            ("rejected", r.rejected),
        ] {
            let _ = write!(
                docs,
                "<span class=\"key {class}\"></span>{class} {}",
                thousands(n)
            );
        }
    } else if r.documents == 0 {
        docs.push_str("No document was read.");
    } else {
        docs.push_str("No status counted.");
    }
    card(out, "Documents", r.documents, &docs);
    let (per_doc, datelines, unlisted) = if r.mentions == 0 {
        let none = "no mention found".to_string();
        (none.clone(), none.clone(), none)
    } else {
        (
            if r.documents == 0 {
                "no document counted".to_string()
            } else {
                format!("{:.1} per document", r.mentions as f64 / r.documents as f64)
            },
            format!(
                "{} of the mentions",
                percent(r.dateline_mentions, r.mentions)
            ),
            format!(
                "{} of the mentions: names no gazetteer lists",
                percent(r.unlisted_mentions, r.mentions)
            ),
        )
    };
    card(out, "Mentions", r.mentions, &per_doc);
    card(out, "In datelines", r.dateline_mentions, &datelines);
    card(out, "Unlisted", r.unlisted_mentions, &unlisted);
    card(out, "Entities", r.entities, "distinct entities mentioned");
    card(out, "Pairs", r.pairs, "pairs of entities named together");
    out.push_str("</div>\n");
    if r.mentions == 0 {
        out.push_str("<p class=\"empty\">This run found no mention.</p>\n");
    }
    if !data.notes.is_empty() {
        out.push_str("<ul class=\"notes\">\n");
        for note in &data.notes {
            let _ = writeln!(out, "<li>{}</li>", escape(note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// A chart, described by `alt` for screen readers, or the error plotters
/// gave instead.
fn chart(out: &mut String, class: &str, alt: &str, svg: Result<String, String>) {
    match svg {
        Ok(svg) => {
            let _ = writeln!(
                out,
                "<div class=\"{class}\" role=\"img\" aria-label=\"{}\">\n{svg}</div>",
                escape(alt)
            );
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "<p class=\"error\">The chart could not be drawn: {}</p>",
                escape(&e)
            );
        }
    }
}

fn empty(out: &mut String, message: &str) {
    let _ = writeln!(out, "<p class=\"empty\">{message}</p>");
}

fn entities(out: &mut String, data: &ReportData, palette: &Palette) {
    out.push_str("<section id=\"entities\">\n<h2>Most mentioned entities</h2>\n");
    let types: Vec<_> = data
        .top_entities
        .iter()
        .filter(|t| !t.entities.is_empty())
        .collect();
    if types.is_empty() {
        empty(out, "No entity was mentioned in this run.");
        out.push_str("</section>\n");
        return;
    }
    out.push_str(
        "<p class=\"lead\">Mentions of each entity, the most mentioned first; the lighter part of a bar is the mentions in a dateline. “unlisted” marks a name that no gazetteer lists.</p>\n",
    );
    // The most mentioned first (ties as given), at most TOP of a type.
    let types: Vec<(&TypeTop, Vec<&EntityBar>)> = types
        .into_iter()
        .map(|t| {
            let mut shown: Vec<&EntityBar> = t.entities.iter().collect();
            shown.sort_by_key(|e| std::cmp::Reverse(e.mentions));
            shown.truncate(TOP);
            (t, shown)
        })
        .collect();
    let bar_label = |e: &EntityBar| {
        let name = label(&e.canonical, &e.entity_id);
        if e.unlisted {
            format!("{name} (unlisted)")
        } else {
            name.to_string()
        }
    };
    // One room for the labels in every chart, so their axes line up: as
    // wide as the longest label needs, within bounds.
    let longest = types
        .iter()
        .flat_map(|(_, shown)| shown.iter().map(|e| bar_label(e).chars().count()))
        .max()
        .unwrap_or(0);
    let label_width = ((longest as f64 * 7.2) as u32 + 24).clamp(90, 300);
    for (top, shown) in types {
        let colour = palette.colour(&top.entity_type);
        let kind = if top.entity_type.trim().is_empty() {
            "(no type)"
        } else {
            top.entity_type.trim()
        };
        let _ = writeln!(
            out,
            "<h3 class=\"type\"><span class=\"sw\" style=\"background:{}\"></span>{} <span class=\"lead\">· {} most mentioned</span></h3>",
            css(colour),
            escape(kind),
            shown.len()
        );
        let bars: Vec<Bar> = shown
            .iter()
            .map(|e| Bar {
                label: bar_label(e),
                value: e.mentions,
                part: e.dateline_mentions,
                note: thousands(e.mentions),
                colour,
            })
            .collect();
        chart(
            out,
            "chart",
            &format!(
                "Bar chart: the mentions of the {} most mentioned of type {kind}",
                shown.len()
            ),
            charts::hbars(&bars, FULL_WIDTH, label_width, "mentions"),
        );
        out.push_str("<details><summary>The numbers</summary>\n<table>\n<tr><th class=\"n\">#</th><th>name</th><th>id</th><th class=\"n\">mentions</th><th class=\"n\">documents</th><th class=\"n\">in datelines</th></tr>\n");
        for (i, e) in shown.iter().enumerate() {
            let _ = writeln!(
                out,
                "<tr><td class=\"n\">{}</td><td class=\"name\">{}{}</td><td class=\"id\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                i + 1,
                escape(label(&e.canonical, &e.entity_id)),
                if e.unlisted { " <em>(unlisted)</em>" } else { "" },
                escape(&e.entity_id),
                thousands(e.mentions),
                thousands(e.documents),
                thousands(e.dateline_mentions)
            );
        }
        out.push_str("</table>\n</details>\n");
    }
    out.push_str("</section>\n");
}

fn timeline(out: &mut String, timeline: Option<&Timeline>) {
    out.push_str("<section id=\"timeline\">\n<h2>Over time</h2>\n");
    let Some(t) = timeline else {
        empty(
            out,
            "No date field was kept in this run, so there is no timeline.",
        );
        out.push_str("</section>\n");
        return;
    };
    let unit = if t.unit.trim().is_empty() {
        "period"
    } else {
        t.unit.trim()
    };
    if t.points.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">No document had a date in the field “{}”.</p>",
            escape(&t.field)
        );
        out.push_str("</section>\n");
        return;
    }
    let docs: u64 = t
        .points
        .iter()
        .fold(0, |a, p| a.saturating_add(p.documents));
    let mentions: u64 = t.points.iter().fold(0, |a, p| a.saturating_add(p.mentions));
    let first = &t.points[0];
    let last = &t.points[t.points.len() - 1];
    let _ = write!(
        out,
        "<p class=\"lead\">Mentions (above) and documents (below) per {} of the field “{}”: {} {}{} from {} to {}, {} dated documents, {} mentions.",
        escape(unit),
        escape(&t.field),
        thousands(t.points.len() as u64),
        escape(unit),
        if t.points.len() == 1 { "" } else { "s" },
        escape(&first.period),
        escape(&last.period),
        thousands(docs),
        thousands(mentions)
    );
    // The busiest period: the first of those with the most mentions.
    if let Some(peak) = t
        .points
        .iter()
        .rev()
        .max_by_key(|p| p.mentions)
        .filter(|p| p.mentions > 0)
    {
        let _ = write!(
            out,
            " The busiest: {}, with {} mentions in {} documents.",
            escape(&peak.period),
            thousands(peak.mentions),
            thousands(peak.documents)
        );
    }
    out.push_str("</p>\n");
    chart(
        out,
        "chart",
        &format!("Line charts: mentions and documents per {unit}"),
        charts::timeline(&t.points, unit),
    );
    out.push_str("</section>\n");
}

fn matches(out: &mut String, data: &ReportData) {
    out.push_str("<section id=\"matches\">\n<h2>How the mentions were matched</h2>\n<div class=\"grid2\">\n<div id=\"kinds\">\n<h3>Match kinds</h3>\n");
    let total: u64 = data
        .match_kinds
        .iter()
        .fold(0, |a, k| a.saturating_add(k.mentions));
    if total == 0 {
        empty(out, "No mention, so no match kind to count.");
    } else {
        out.push_str("<p class=\"lead\">Mentions per kind of match, with their mean score.</p>\n");
        // The most frequent first (ties as given).
        let mut kinds: Vec<&KindCount> = data.match_kinds.iter().collect();
        kinds.sort_by_key(|k| std::cmp::Reverse(k.mentions));
        let bars: Vec<Bar> = kinds
            .iter()
            .map(|k| Bar {
                label: k.kind.clone(),
                value: k.mentions,
                part: 0,
                note: format!("{} · {}", thousands(k.mentions), score(k.mean_score)),
                colour: NEUTRAL,
            })
            .collect();
        chart(
            out,
            "chart",
            "Bar chart: mentions per match kind",
            charts::hbars(&bars, HALF_WIDTH, 110, "mentions"),
        );
        out.push_str("<table>\n<tr><th>kind</th><th class=\"n\">mentions</th><th class=\"n\">share</th><th class=\"n\">mean score</th></tr>\n");
        for k in &kinds {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&k.kind),
                thousands(k.mentions),
                percent(k.mentions, total),
                score(k.mean_score)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</div>\n<div id=\"scores\">\n<h3>Scores</h3>\n");
    let scored: u64 = data
        .scores
        .iter()
        .fold(0, |a, b| a.saturating_add(b.mentions));
    if scored == 0 {
        empty(out, "No mention, so no score to show.");
    } else {
        let _ = writeln!(
            out,
            "<p class=\"lead\">The {} mentions by score, in bins of 0.05.</p>",
            thousands(scored)
        );
        chart(
            out,
            "chart",
            "Histogram: mentions by score",
            charts::histogram(&data.scores),
        );
    }
    out.push_str("</div>\n</div>\n</section>\n");
}

fn network(out: &mut String, data: &ReportData, palette: &Palette) {
    out.push_str("<section id=\"network\">\n<h2>Named together</h2>\n");
    let net = &data.network;
    let unit = if net.unit.trim().is_empty() {
        "document"
    } else {
        net.unit.trim()
    };
    let (nodes, edges) = clean_graph(net);
    if nodes.is_empty() {
        empty(
            out,
            "No entity to draw: the run found no pair of entities named together.",
        );
        out.push_str("</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<p class=\"lead\">The {} entities most often named together{}: a line joins two entities named in the same {}, the thicker the more {}s name both; a circle's size is the entity's mentions.</p>",
        thousands(nodes.len() as u64),
        if net.nodes.len() > nodes.len() {
            format!(" (the first {} of {})", nodes.len(), thousands(net.nodes.len() as u64))
        } else {
            String::new()
        },
        escape(unit),
        escape(unit)
    );
    // The legend: the types present, in the order they first appear.
    let mut types: Vec<&str> = Vec::new();
    for n in nodes {
        if !types.contains(&n.entity_type.as_str()) {
            types.push(&n.entity_type);
        }
    }
    out.push_str("<p class=\"legend\">");
    for t in types {
        let _ = write!(
            out,
            "<span class=\"item\"><span class=\"sw\" style=\"background:{}\"></span>{}</span>",
            css(palette.colour(t)),
            escape(if t.trim().is_empty() { "(no type)" } else { t })
        );
    }
    out.push_str("</p>\n");
    if edges.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">No two of these entities are named in the same {}.</p>",
            escape(unit)
        );
    }
    let picture = network::picture(net, palette);
    if picture.unlabelled > 0 {
        let _ = writeln!(
            out,
            "<p class=\"lead\">{} of the less mentioned entities are not labelled, for want of room.</p>",
            thousands(picture.unlabelled as u64)
        );
    }
    chart(
        out,
        "chart net",
        &format!("Network: the entities named together in a {unit}"),
        picture.svg,
    );
    if !edges.is_empty() {
        let mut strongest = edges.clone();
        strongest.sort_by_key(|e| (std::cmp::Reverse(e.2), e.0, e.1));
        let _ = writeln!(
            out,
            "<details><summary>The {} strongest pairs</summary>\n<table>\n<tr><th>entity</th><th>entity</th><th class=\"n\">{}s</th></tr>",
            strongest.len().min(PAIRS_LISTED),
            escape(unit)
        );
        for &(a, b, w) in strongest.iter().take(PAIRS_LISTED) {
            let (a, b) = (&nodes[a], &nodes[b]);
            let _ = writeln!(
                out,
                "<tr><td class=\"name\">{}</td><td class=\"name\">{}</td><td class=\"n\">{}</td></tr>",
                escape(label(&a.canonical, &a.entity_id)),
                escape(label(&b.canonical, &b.entity_id)),
                thousands(w)
            );
        }
        out.push_str("</table>\n</details>\n");
    }
    out.push_str("</section>\n");
}
