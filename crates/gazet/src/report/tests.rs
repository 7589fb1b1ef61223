//! The page's tests: same data, same bytes; every string escaped; each
//! section drawn when it has data and replaced by a message when not; no
//! panic on empty, tiny, huge or odd data; the SVGs closed; the numbers
//! shown those of the data.

use super::*;

const EVIL: &str = "<script>alert(1)</script> & \"x\"";

fn bar(id: &str, canonical: &str, mentions: u64, documents: u64, dateline: u64) -> EntityBar {
    EntityBar {
        entity_id: id.into(),
        canonical: canonical.into(),
        mentions,
        documents,
        dateline_mentions: dateline,
        unlisted: false,
    }
}

fn node(id: &str, canonical: &str, t: &str, mentions: u64) -> NetNode {
    NetNode {
        entity_id: id.into(),
        canonical: canonical.into(),
        entity_type: t.into(),
        mentions,
    }
}

fn bins(counts: &[u64]) -> Vec<ScoreBin> {
    (0..20)
        .map(|i| ScoreBin {
            lower: i as f64 * 0.05,
            upper: (i + 1) as f64 * 0.05,
            mentions: counts.get(i).copied().unwrap_or(0),
        })
        .collect()
}

/// A small run with every section.
fn full() -> ReportData {
    ReportData {
        title: "tehran-times".into(),
        run: RunFacts {
            documents: 29_181,
            ok: 28_604,
            flagged: 498,
            rejected: 79,
            mentions: 87_362,
            dateline_mentions: 28_570,
            unlisted_mentions: 1_204,
            entities: 1_873,
            pairs: 41_206,
            bytes: 312_884_113,
        },
        top_entities: vec![
            TypeTop {
                entity_type: "person".into(),
                entities: vec![
                    bar("qasem-soleimani", "Qasem Soleimani", 4_812, 2_904, 0),
                    bar("esmail-qaani", "Esmail Qaani", 1_406, 988, 0),
                ],
            },
            TypeTop {
                entity_type: "militia".into(),
                entities: vec![bar(
                    "kataib-hezbollah",
                    "Kata'ib Hezbollah",
                    2_212,
                    1_498,
                    0,
                )],
            },
            TypeTop {
                entity_type: "place".into(),
                entities: vec![
                    bar("tehran", "Tehran", 31_880, 29_181, 28_570),
                    bar("baghdad", "Baghdad", 5_772, 3_409, 1_980),
                ],
            },
        ],
        timeline: Some(Timeline {
            field: "published".into(),
            unit: "month".into(),
            points: vec![
                TimePoint {
                    period: "2026-01".into(),
                    documents: 900,
                    mentions: 3_100,
                },
                TimePoint {
                    period: "2026-02".into(),
                    documents: 1_912,
                    mentions: 8_622,
                },
                TimePoint {
                    period: "2026-03".into(),
                    documents: 1_000,
                    mentions: 4_000,
                },
            ],
        }),
        match_kinds: vec![
            KindCount {
                kind: "exact".into(),
                mentions: 61_220,
                mean_score: 0.99,
            },
            KindCount {
                kind: "variant".into(),
                mentions: 6_122,
                mean_score: 0.9,
            },
        ],
        scores: bins(&[
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 40, 80, 200, 1_000,
        ]),
        network: Network {
            unit: "document".into(),
            nodes: vec![
                node("tehran", "Tehran", "place", 31_880),
                node("iran", "Iran", "place", 26_410),
                node("qasem-soleimani", "Qasem Soleimani", "person", 4_812),
                node("press-tv", "Press TV", "outlet", 2_118),
            ],
            edges: vec![
                NetEdge {
                    a: 0,
                    b: 1,
                    weight: 9_800,
                },
                NetEdge {
                    a: 2,
                    b: 1,
                    weight: 1_980,
                },
                NetEdge {
                    a: 3,
                    b: 0,
                    weight: 1_700,
                },
            ],
        },
        notes: vec!["Datelines are counted once per mention.".into()],
    }
}

/// The timeline's points of `data`, which has one.
fn points(data: &mut ReportData) -> &mut Vec<TimePoint> {
    &mut data.timeline.as_mut().expect("a timeline").points
}

/// A text of an SVG as plotters writes it.
fn t(text: &str) -> String {
    format!(">\n{text}\n</text>")
}

/// The part of the page in the section `id`.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let open = format!("<section id=\"{id}\">");
    let start = page
        .find(&open)
        .unwrap_or_else(|| panic!("no section {id}"));
    let len = page[start..]
        .find("</section>")
        .expect("section not closed");
    &page[start..start + len]
}

/// Whether the SVGs of `html` are closed, one for one, and count them.
fn svgs(html: &str) -> usize {
    let opened = html.matches("<svg ").count();
    assert_eq!(opened, html.matches("</svg>").count(), "unbalanced <svg>");
    for tag in ["text", "g", "defs"] {
        assert_eq!(
            html.matches(&format!("<{tag} ")).count() + html.matches(&format!("<{tag}>")).count(),
            html.matches(&format!("</{tag}>")).count(),
            "unbalanced <{tag}>"
        );
    }
    // Every SVG opens after the previous one closed: none nested or cut.
    let mut depth = 0i32;
    let mut rest = html;
    while let Some(i) = rest.find("svg") {
        if rest[..i].ends_with('<') {
            depth += 1;
        } else if rest[..i].ends_with("</") {
            depth -= 1;
        }
        assert!((0..=1).contains(&depth), "nested or unbalanced svg");
        rest = &rest[i + 3..];
    }
    opened
}

#[test]
fn same_data_same_bytes() {
    let data = full();
    let page = render(&data);
    assert_eq!(page, render(&data));
    assert_eq!(page, render(&data.clone()));
    // Also through serde: the data a caller saved gives the same page.
    let json = serde_json::to_string(&data).expect("serializes");
    let back: ReportData = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(render(&back), page);
}

#[test]
fn a_page_with_every_section() {
    let page = render(&full());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert!(!page.contains("<script"), "a script in the page");
    // No link out but the SVG namespace, which is a name, not a request.
    assert_eq!(
        page.matches("://").count(),
        page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(!page.contains("src="));
    assert!(
        !page.contains("class=\"empty\""),
        "a message instead of a chart"
    );
    assert!(!page.contains("class=\"error\""), "a chart failed");
    for id in ["summary", "entities", "timeline", "matches", "network"] {
        section(&page, id);
    }
    // A chart per type, the timeline, the kinds, the histogram, the network.
    assert_eq!(svgs(&page), 3 + 1 + 2 + 1);
    assert_eq!(svgs(section(&page, "entities")), 3);
    assert_eq!(svgs(section(&page, "timeline")), 1);
    assert_eq!(svgs(section(&page, "matches")), 2);
    assert_eq!(svgs(section(&page, "network")), 1);
    // The types in their order.
    let entities = section(&page, "entities");
    let at = |s: &str| entities.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(at(">person ") < at(">militia ") && at(">militia ") < at(">place "));
    assert!(page.contains("<title>tehran-times – gazet report</title>"));
    assert!(page.contains("<li>Datelines are counted once per mention.</li>"));
}

#[test]
fn the_numbers_are_the_data() {
    let page = render(&full());
    let summary = section(&page, "summary");
    for shown in [
        "29,181",
        "87,362",
        "28,570",
        "1,204",
        "1,873",
        "41,206",
        "ok 28,604",
        "flagged 498",
        "rejected 79",
        "32.7% of the mentions",
        "1.4% of the mentions",
        "3.0 per document",
    ] {
        assert!(summary.contains(shown), "{shown} missing from the summary");
    }
    assert!(page.contains("312.9 MB read"));
    // The bars' numbers, in the charts and in the tables.
    let entities = section(&page, "entities");
    assert!(entities.contains(&t("4,812")), "the bar's value");
    assert!(entities.contains(&t("Qasem Soleimani")), "the bar's label");
    assert!(entities.contains(
        "<td class=\"name\">Tehran</td><td class=\"id\">tehran</td><td class=\"n\">31,880</td><td class=\"n\">29,181</td><td class=\"n\">28,570</td>"
    ));
    let timeline = section(&page, "timeline");
    assert!(timeline
        .contains("3 months from 2026-01 to 2026-03, 3,812 dated documents, 15,722 mentions"));
    assert!(timeline.contains("The busiest: 2026-02, with 8,622 mentions in 1,912 documents."));
    assert!(timeline.contains(&t("2026-02")), "a period on the axis");
    let matches = section(&page, "matches");
    assert!(matches.contains("<td>exact</td><td class=\"n\">61,220</td><td class=\"n\">90.9%</td><td class=\"n\">0.99</td>"));
    assert!(matches.contains(&t("61,220 · 0.99")));
    assert!(matches.contains("The 1,350 mentions by score"));
    let network = section(&page, "network");
    assert!(network.contains("The 4 entities most often named together"));
    assert!(network.contains(
        "<td class=\"name\">Tehran</td><td class=\"name\">Iran</td><td class=\"n\">9,800</td>"
    ));
    for name in ["Tehran", "Iran", "Qasem Soleimani", "Press TV"] {
        assert!(network.contains(&t(name)), "{name} unlabelled");
    }
}

#[test]
fn entities_are_drawn_most_mentioned_first_at_most_fifteen() {
    let mut data = full();
    data.top_entities = vec![TypeTop {
        entity_type: "place".into(),
        entities: (0..20)
            .map(|i| bar(&format!("p{i}"), &format!("Place {i:02}"), i * 10, i, 0))
            .collect(),
    }];
    let page = render(&data);
    let entities = section(&page, "entities");
    assert!(entities.contains("15 most mentioned"));
    // Given least first: drawn most first, the five least left out.
    let first = entities.find(&t("Place 19")).expect("the most mentioned");
    let last = entities.find(&t("Place 05")).expect("the fifteenth");
    assert!(first < last);
    assert!(!entities.contains(&t("Place 04")));
    assert!(!entities.contains("<td class=\"name\">Place 04</td>"));
}

#[test]
fn match_kinds_are_drawn_most_frequent_first() {
    let mut data = full();
    data.match_kinds.reverse();
    let page = render(&data);
    let matches = section(&page, "matches");
    let exact = matches.find(&t("exact")).expect("exact drawn");
    let variant = matches.find(&t("variant")).expect("variant drawn");
    assert!(exact < variant);
    assert!(matches.find("<td>exact</td>") < matches.find("<td>variant</td>"));
}

#[test]
fn every_string_is_escaped() {
    let mut data = full();
    data.title = EVIL.into();
    data.notes = vec![EVIL.into()];
    data.top_entities[0].entity_type = EVIL.into();
    data.top_entities[0].entities[0].canonical = EVIL.into();
    data.top_entities[0].entities[0].entity_id = EVIL.into();
    data.top_entities[0].entities[1].unlisted = true;
    data.top_entities[0].entities[1].canonical = EVIL.into();
    if let Some(t) = data.timeline.as_mut() {
        t.field = EVIL.into();
        t.unit = EVIL.into();
        t.points[0].period = EVIL.into();
    }
    data.match_kinds[0].kind = EVIL.into();
    data.network.unit = EVIL.into();
    data.network.nodes[0].canonical = EVIL.into();
    data.network.nodes[1].entity_type = EVIL.into();
    let page = render(&data);
    assert!(!page.contains("<script"), "unescaped markup in the page");
    assert!(!page.contains("alert(1)</"), "unescaped markup in the page");
    assert!(!page.contains("\"x\""));
    assert!(!page.contains(" & "));
    // It is shown, escaped, in the HTML and in the SVGs.
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    let entities = section(&page, "entities");
    assert!(entities.contains("<svg"));
    // plotters writes ' as &apos; and " as &quot; in its SVGs.
    assert!(entities.contains(&t(
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
    )));
    // Shortened to fit, escaped all the same.
    assert!(section(&page, "network")
        .contains(">\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;…\n</text>"));
    svgs(&page);
}

#[test]
fn control_characters_do_not_reach_the_page() {
    let mut data = full();
    data.top_entities[0].entities[0].canonical = "Qasem\u{0}Soleimani\u{1b}".into();
    data.network.nodes[0].canonical = "Teh\u{7}ran".into();
    data.title = "run\u{8}".into();
    let page = render(&data);
    assert!(!page
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t'));
}

#[test]
fn an_empty_run_has_a_message_for_each_chart() {
    let page = render(&ReportData::default());
    assert_eq!(svgs(&page), 0);
    assert!(!page.contains("class=\"error\""));
    assert!(section(&page, "summary").contains("No document was read."));
    assert!(section(&page, "summary").contains("This run found no mention."));
    assert_eq!(
        section(&page, "summary")
            .matches("no mention found")
            .count(),
        3
    );
    assert!(section(&page, "entities").contains("No entity was mentioned in this run."));
    assert!(section(&page, "timeline").contains("No date field was kept"));
    assert!(section(&page, "matches").contains("No mention, so no match kind to count."));
    assert!(section(&page, "matches").contains("No mention, so no score to show."));
    assert!(section(&page, "network").contains("No entity to draw"));
    assert!(page.contains("<title>gazet report</title>"));
    // Percentages of nothing are a dash, not NaN.
    assert!(!page.contains("NaN") && !page.contains("inf"));
}

#[test]
fn empty_parts_of_a_full_run() {
    let mut data = full();
    data.top_entities
        .iter_mut()
        .for_each(|t| t.entities.clear());
    points(&mut data).clear();
    data.match_kinds.iter_mut().for_each(|k| k.mentions = 0);
    data.scores = bins(&[]);
    let page = render(&data);
    assert!(section(&page, "entities").contains("No entity was mentioned"));
    assert!(section(&page, "timeline").contains("No document had a date in the field “published”."));
    assert!(section(&page, "matches").contains("no match kind"));
    assert!(section(&page, "matches").contains("no score"));
    // The network still has its data.
    assert_eq!(svgs(&page), 1);
}

#[test]
fn one_node_and_no_edges() {
    let mut data = full();
    data.network.nodes.truncate(1);
    let page = render(&data);
    let network = section(&page, "network");
    assert_eq!(svgs(network), 1);
    assert!(network.contains(&t("Tehran")));
    assert!(network.contains("No two of these entities are named in the same document."));
    assert!(
        !network.contains("<path"),
        "an edge to a node that is not drawn"
    );

    let mut data = full();
    data.network.edges.clear();
    let page = render(&data);
    let network = section(&page, "network");
    assert_eq!(svgs(network), 1);
    assert!(network.contains("No two of these entities"));
    assert!(!network.contains("strongest pairs"));
    for name in ["Tehran", "Iran", "Qasem Soleimani", "Press TV"] {
        assert!(network.contains(&t(name)), "{name} unlabelled");
    }
}

#[test]
fn one_of_everything() {
    let mut data = full();
    data.top_entities.truncate(1);
    data.top_entities[0].entities.truncate(1);
    points(&mut data).truncate(1);
    data.match_kinds.truncate(1);
    data.scores = bins(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    data.network.nodes.truncate(2);
    data.network.edges.truncate(1);
    let page = render(&data);
    assert_eq!(svgs(&page), 5);
    assert!(!page.contains("class=\"empty\"") && !page.contains("class=\"error\""));
    assert!(section(&page, "timeline").contains(&t("2026-01")));
    assert!(section(&page, "timeline").contains("1 month from 2026-01 to 2026-01,"));
}

#[test]
fn long_names_are_shortened_in_charts_and_whole_in_tables() {
    let long = "Kata'ib Sayyid al-Shuhada wa Harakat al-Nujaba wa Asa'ib Ahl al-Haq "
        .repeat(8)
        .trim()
        .to_string();
    let mut data = full();
    data.top_entities[0].entities[0].canonical = long.clone();
    data.network.nodes[0].canonical = long.clone();
    points(&mut data)[0].period = long.clone();
    let page = render(&data);
    svgs(&page);
    let escaped = long.replace('\'', "&#39;");
    assert!(section(&page, "entities").contains(&format!("<td class=\"name\">{escaped}</td>")));
    for part in ["entities", "network", "timeline"] {
        for text in section(&page, part)
            .split("</text>")
            .filter_map(|t| t.rsplit('>').next())
        {
            assert!(
                text.chars().count() <= 60,
                "a label of {} characters in {part}",
                text.chars().count()
            );
        }
    }
}

#[test]
fn a_thousand_periods() {
    let mut data = full();
    let points: Vec<TimePoint> = (0..1_000u64)
        .map(|i| TimePoint {
            period: format!("day {i:04}"),
            documents: i % 37,
            mentions: (i * 7919) % 1_000,
        })
        .collect();
    data.timeline = Some(Timeline {
        field: "date".into(),
        unit: "day".into(),
        points,
    });
    let page = render(&data);
    let timeline = section(&page, "timeline");
    assert_eq!(svgs(timeline), 1);
    assert!(timeline.contains("1,000 days from day 0000 to day 0999"));
    // Some periods are labelled, not all of them.
    let labels = timeline.matches(">\nday ").count();
    assert!((2..=2 * 12).contains(&labels), "{labels} period labels");
    // No marker per point past a few dozen.
    assert!(timeline.matches("<circle").count() < 100);
}

#[test]
fn extreme_and_odd_values_do_not_panic() {
    let mut data = full();
    data.run = RunFacts {
        documents: u64::MAX,
        ok: u64::MAX,
        flagged: u64::MAX,
        rejected: 1,
        mentions: u64::MAX,
        dateline_mentions: u64::MAX,
        unlisted_mentions: 0,
        entities: u64::MAX,
        pairs: u64::MAX,
        bytes: u64::MAX,
    };
    data.top_entities[0].entities[0].mentions = u64::MAX;
    data.top_entities[0].entities[0].dateline_mentions = u64::MAX;
    data.top_entities[0].entities[1].dateline_mentions = u64::MAX;
    data.match_kinds.push(KindCount {
        kind: "odd".into(),
        mentions: u64::MAX,
        mean_score: f64::NAN,
    });
    data.match_kinds.push(KindCount {
        kind: "".into(),
        mentions: 3,
        mean_score: f64::INFINITY,
    });
    data.scores.push(ScoreBin {
        lower: f64::NAN,
        upper: 2.0,
        mentions: 5,
    });
    data.scores.push(ScoreBin {
        lower: 0.9,
        upper: 0.1,
        mentions: 5,
    });
    data.scores[19].mentions = u64::MAX;
    points(&mut data)[1].mentions = u64::MAX;
    data.network.nodes[0].mentions = u64::MAX;
    data.network.nodes[1].mentions = 0;
    data.network.nodes[2].canonical = String::new();
    data.network.edges.push(NetEdge {
        a: 0,
        b: 0,
        weight: 5,
    });
    data.network.edges.push(NetEdge {
        a: 0,
        b: 99,
        weight: 5,
    });
    data.network.edges.push(NetEdge {
        a: 1,
        b: 0,
        weight: u64::MAX,
    });
    let page = render(&data);
    svgs(&page);
    assert!(!page.contains("class=\"error\""), "a chart failed");
    assert!(page.contains("18,446,744,073,709,551,615"));
    assert!(!page.contains("NaN"));
    // A blank name shows the id.
    assert!(section(&page, "network").contains(&t("qasem-soleimani")));
}

#[test]
fn many_nodes_are_cut_to_the_first_ones() {
    let mut data = full();
    data.network.nodes = (0..200)
        .map(|i| {
            node(
                &format!("e{i}"),
                &format!("Entity {i}"),
                ["person", "place", "militia", "outlet", "event"][i % 5],
                1_000 - i as u64,
            )
        })
        .collect();
    data.network.edges = (1..200)
        .map(|i| NetEdge {
            a: i - 1,
            b: i,
            weight: i as u64,
        })
        .collect();
    let page = render(&data);
    let network = section(&page, "network");
    assert_eq!(svgs(network), 1);
    assert!(network.contains(&format!("(the first {} of 200)", network::MAX_NODES)));
    assert!(network.contains(&t("Entity 0")));
    assert!(!network.contains(&t("Entity 150")));
    // Five types, five colours in the legend.
    assert_eq!(
        section(&page, "network").matches("class=\"item\"").count(),
        5
    );
}

#[test]
fn the_network_layout_is_the_same_for_the_same_graph_only() {
    let data = full();
    let a = render(&data);
    let mut moved = data.clone();
    moved.network.edges[1].weight = 1;
    moved.network.edges.push(NetEdge {
        a: 2,
        b: 3,
        weight: 5_000,
    });
    let b = render(&moved);
    assert_ne!(section(&a, "network"), section(&b, "network"));
    // The rest of the page does not depend on the network.
    assert_eq!(section(&a, "entities"), section(&b, "entities"));
}
