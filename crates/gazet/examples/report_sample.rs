//! Writes a sample report page from hand-made data, to look at the page
//! without a run: `cargo run -p gazet --example report_sample -- OUT.html`
//! (standard output without an argument). The numbers are invented but
//! shaped like a run over an Iranian and Iraqi news dump.
//!
//! With a second argument, `hard`, the data is the hard cases instead:
//! very long names, a thousand days, eighty nodes of six types, no match
//! kinds or scores (their messages), markup in the names; with `empty`,
//! a run that read nothing.

use gazet::report::{
    render, EntityBar, KindCount, NetEdge, NetNode, Network, ReportData, RunFacts, ScoreBin,
    TimePoint, Timeline, TypeTop,
};

fn bar(id: &str, canonical: &str, mentions: u64, documents: u64, dateline: u64) -> EntityBar {
    EntityBar {
        entity_id: id.to_string(),
        canonical: canonical.to_string(),
        mentions,
        documents,
        dateline_mentions: dateline,
        unlisted: false,
    }
}

fn top(entity_type: &str, entities: Vec<EntityBar>) -> TypeTop {
    TypeTop {
        entity_type: entity_type.to_string(),
        entities,
    }
}

/// The sample data.
fn sample() -> ReportData {
    let people = vec![
        bar("qasem-soleimani", "Qasem Soleimani", 4_812, 2_904, 0),
        bar("ali-khamenei", "Ali Khamenei", 3_977, 2_611, 0),
        bar("esmail-qaani", "Esmail Qaani", 1_406, 988, 0),
        bar(
            "abu-mahdi-al-muhandis",
            "Abu Mahdi al-Muhandis",
            1_322,
            1_010,
            0,
        ),
        bar("hassan-nasrallah", "Hassan Nasrallah", 1_104, 760, 0),
        bar("muqtada-al-sadr", "Muqtada al-Sadr", 876, 512, 0),
        bar("hadi-al-amiri", "Hadi al-Amiri", 641, 455, 0),
        bar("faleh-al-fayyadh", "Faleh al-Fayyadh", 402, 301, 0),
        bar("qais-al-khazali", "Qais al-Khazali", 388, 270, 0),
        bar(
            "abu-fadak-al-mohammedawi",
            "Abdul Aziz al-Mohammedawi (Abu Fadak)",
            190,
            151,
            0,
        ),
        EntityBar {
            unlisted: true,
            ..bar("unlisted:abu-ali-al-askari", "Abu Ali al-Askari", 77, 61, 0)
        },
    ];
    let militias = vec![
        bar("pmf", "Popular Mobilization Forces", 3_420, 2_050, 0),
        bar("kataib-hezbollah", "Kata'ib Hezbollah", 2_212, 1_498, 0),
        bar("hezbollah", "Hezbollah", 2_003, 1_377, 0),
        bar("irgc-qods", "IRGC Quds Force", 1_530, 1_120, 0),
        bar("houthis", "Ansar Allah (Houthis)", 1_190, 790, 0),
        bar("asaib-ahl-al-haq", "Asa'ib Ahl al-Haq", 982, 701, 0),
        bar("badr", "Badr Organization", 655, 480, 0),
        bar(
            "harakat-al-nujaba",
            "Harakat Hezbollah al-Nujaba",
            310,
            244,
            0,
        ),
        bar(
            "kataib-sayyid-al-shuhada",
            "Kata'ib Sayyid al-Shuhada",
            201,
            160,
            0,
        ),
    ];
    let places = vec![
        bar("tehran", "Tehran", 31_880, 29_181, 28_570),
        bar("iran", "Iran", 26_410, 14_002, 0),
        bar("iraq", "Iraq", 9_950, 5_630, 0),
        bar("baghdad", "Baghdad", 5_772, 3_409, 1_980),
        bar("syria", "Syria", 4_310, 2_870, 0),
        bar("lebanon", "Lebanon", 2_880, 1_970, 0),
        bar("beirut", "Beirut", 1_402, 990, 640),
        bar("damascus", "Damascus", 1_170, 840, 420),
        bar("basra", "Basra", 640, 410, 130),
        bar("erbil", "Erbil", 530, 360, 150),
        bar("mashhad", "Mashhad", 480, 366, 210),
        bar("isfahan", "Isfahan", 455, 340, 190),
        bar("qom", "Qom", 402, 300, 160),
        bar("karbala", "Karbala", 381, 277, 90),
        bar("najaf", "Najaf", 344, 251, 88),
    ];
    let outlets = vec![
        bar("irna", "IRNA", 2_960, 2_490, 0),
        bar("press-tv", "Press TV", 2_118, 1_940, 0),
        bar("tasnim", "Tasnim News Agency", 1_873, 1_655, 0),
        bar("fars", "Fars News Agency", 1_512, 1_370, 0),
        bar("al-mayadeen", "Al Mayadeen", 611, 520, 0),
        bar("reuters", "Reuters", 540, 498, 0),
        bar("al-sumaria", "Alsumaria", 133, 120, 0),
    ];
    let mut points = Vec::new();
    for year in 2024..=2026 {
        for month in 1..=12u64 {
            if year == 2026 && month > 11 {
                break;
            }
            let t = (year - 2024) * 12 + month as i32;
            // A slow rise, a spike in early 2026 and a dip every summer.
            let base = 700 + 12 * t as u64;
            let spike = if year == 2026 && (1..=2).contains(&month) {
                900
            } else {
                0
            };
            let summer = if (7..=8).contains(&month) { 120 } else { 0 };
            let documents = base + spike - summer;
            points.push(TimePoint {
                period: format!("{year}-{month:02}"),
                documents,
                mentions: documents * 4 + (month * 37) % 150 + spike,
            });
        }
    }
    let names: [(&str, &str, &str, u64); 24] = [
        ("tehran", "Tehran", "place", 31_880),
        ("iran", "Iran", "place", 26_410),
        ("iraq", "Iraq", "place", 9_950),
        ("baghdad", "Baghdad", "place", 5_772),
        ("qasem-soleimani", "Qasem Soleimani", "person", 4_812),
        ("syria", "Syria", "place", 4_310),
        ("ali-khamenei", "Ali Khamenei", "person", 3_977),
        ("pmf", "Popular Mobilization Forces", "militia", 3_420),
        ("irna", "IRNA", "outlet", 2_960),
        ("lebanon", "Lebanon", "place", 2_880),
        ("kataib-hezbollah", "Kata'ib Hezbollah", "militia", 2_212),
        ("press-tv", "Press TV", "outlet", 2_118),
        ("hezbollah", "Hezbollah", "militia", 2_003),
        ("tasnim", "Tasnim News Agency", "outlet", 1_873),
        ("irgc-qods", "IRGC Quds Force", "militia", 1_530),
        ("esmail-qaani", "Esmail Qaani", "person", 1_406),
        (
            "abu-mahdi-al-muhandis",
            "Abu Mahdi al-Muhandis",
            "person",
            1_322,
        ),
        ("hassan-nasrallah", "Hassan Nasrallah", "person", 1_104),
        ("asaib-ahl-al-haq", "Asa'ib Ahl al-Haq", "militia", 982),
        ("muqtada-al-sadr", "Muqtada al-Sadr", "person", 876),
        ("badr", "Badr Organization", "militia", 655),
        ("hadi-al-amiri", "Hadi al-Amiri", "person", 641),
        ("beirut", "Beirut", "place", 1_402),
        ("damascus", "Damascus", "place", 1_170),
    ];
    let nodes: Vec<NetNode> = names
        .iter()
        .map(|&(id, canonical, t, mentions)| NetNode {
            entity_id: id.into(),
            canonical: canonical.into(),
            entity_type: t.into(),
            mentions,
        })
        .collect();
    let index = |id: &str| names.iter().position(|n| n.0 == id).unwrap_or(0);
    let pairs: [(&str, &str, u64); 40] = [
        ("tehran", "iran", 9_800),
        ("iran", "iraq", 3_900),
        ("tehran", "iraq", 2_100),
        ("iraq", "baghdad", 2_950),
        ("qasem-soleimani", "iran", 1_980),
        ("qasem-soleimani", "abu-mahdi-al-muhandis", 920),
        ("qasem-soleimani", "iraq", 1_240),
        ("qasem-soleimani", "baghdad", 870),
        ("qasem-soleimani", "irgc-qods", 1_020),
        ("qasem-soleimani", "esmail-qaani", 640),
        ("esmail-qaani", "irgc-qods", 720),
        ("ali-khamenei", "tehran", 1_900),
        ("ali-khamenei", "iran", 2_300),
        ("ali-khamenei", "qasem-soleimani", 700),
        ("pmf", "iraq", 1_900),
        ("pmf", "baghdad", 1_100),
        ("pmf", "kataib-hezbollah", 980),
        ("pmf", "abu-mahdi-al-muhandis", 760),
        ("pmf", "hadi-al-amiri", 330),
        ("pmf", "badr", 400),
        ("badr", "hadi-al-amiri", 380),
        ("kataib-hezbollah", "iraq", 1_030),
        ("kataib-hezbollah", "abu-mahdi-al-muhandis", 610),
        ("kataib-hezbollah", "asaib-ahl-al-haq", 420),
        ("asaib-ahl-al-haq", "iraq", 520),
        ("muqtada-al-sadr", "iraq", 610),
        ("muqtada-al-sadr", "baghdad", 300),
        ("hezbollah", "lebanon", 1_300),
        ("hezbollah", "hassan-nasrallah", 960),
        ("hezbollah", "syria", 610),
        ("hezbollah", "beirut", 540),
        ("hassan-nasrallah", "lebanon", 620),
        ("syria", "damascus", 880),
        ("syria", "iran", 1_500),
        ("lebanon", "beirut", 720),
        ("irna", "tehran", 2_400),
        ("press-tv", "tehran", 1_700),
        ("tasnim", "tehran", 1_520),
        ("irna", "iran", 1_100),
        ("tasnim", "iran", 800),
    ];
    let edges = pairs
        .iter()
        .map(|&(a, b, weight)| NetEdge {
            a: index(a),
            b: index(b),
            weight,
        })
        .collect();
    let mentions = 87_362;
    let mut counts = vec![
        40u64, 12, 18, 25, 31, 44, 60, 52, 71, 90, 120, 160, 210, 340, 520, 880, 1_410, 2_890,
        9_120,
    ];
    // The last bin, the exact matches, has the rest.
    counts.push(mentions - counts.iter().sum::<u64>());
    let scores = counts
        .iter()
        .enumerate()
        .map(|(i, &mentions)| ScoreBin {
            lower: i as f64 * 0.05,
            upper: (i + 1) as f64 * 0.05,
            mentions,
        })
        .collect();
    ReportData {
        title: "tehran-times-2024-2026".into(),
        run: RunFacts {
            documents: 29_181,
            ok: 28_604,
            flagged: 498,
            rejected: 79,
            mentions,
            dateline_mentions: 28_570,
            unlisted_mentions: 1_204,
            entities: 1_873,
            pairs: 41_206,
            bytes: 312_884_113,
        },
        top_entities: vec![
            top("person", people),
            top("militia", militias),
            top("place", places),
            top("outlet", outlets),
        ],
        timeline: Some(Timeline {
            field: "published".into(),
            unit: "month".into(),
            points,
        }),
        match_kinds: vec![
            KindCount { kind: "exact".into(), mentions: 61_220, mean_score: 0.99 },
            KindCount { kind: "normalized".into(), mentions: 15_904, mean_score: 0.96 },
            KindCount { kind: "variant".into(), mentions: 6_122, mean_score: 0.9 },
            KindCount { kind: "partial".into(), mentions: 2_310, mean_score: 0.78 },
            KindCount { kind: "unlisted".into(), mentions: 1_204, mean_score: 0.55 },
            KindCount { kind: "skeleton".into(), mentions: 602, mean_score: 0.71 },
        ],
        scores,
        network: Network {
            unit: "document".into(),
            nodes,
            edges,
        },
        notes: vec![
            "A dateline mention is one inside the dateline that opens a text (TEHRAN –, BAGHDAD, Jan 5 (Reuters) -): 27,496 of the 29,181 articles name Tehran there.".into(),
            "Unlisted mentions are names in the shape of a person's or a militia's that no gazetteer lists.".into(),
        ],
    }
}

/// The hard cases: long names, many periods and nodes, empty sections,
/// markup in the names.
fn hard() -> ReportData {
    let mut data = sample();
    data.title = "<b>hard</b> & \"cases\" with a title long enough to wrap on a narrow page".into();
    data.top_entities[0].entities[0].canonical =
        "Abu Mahdi al-Muhandis, Jamal Jaafar Muhammad Ali Al Ibrahim, deputy chairman of the Popular Mobilization Committee"
            .into();
    data.top_entities[1].entities[1].canonical = "<script>alert(1)</script> & \"x\"".into();
    data.top_entities.push(TypeTop {
        entity_type: "event".into(),
        entities: vec![bar("ashura", "Ashura", 12, 12, 0)],
    });
    data.timeline = Some(Timeline {
        field: "date".into(),
        unit: "day".into(),
        points: (0..1_000u64)
            .map(|i| TimePoint {
                period: format!(
                    "{}-{:02}-{:02}",
                    2024 + i / 360,
                    1 + (i / 30) % 12,
                    1 + i % 30
                ),
                documents: 20 + (i * 7) % 31,
                mentions: 60 + (i * 7_919) % 97 + if i % 200 == 0 { 400 } else { 0 },
            })
            .collect(),
    });
    data.match_kinds.clear();
    data.scores.iter_mut().for_each(|b| b.mentions = 0);
    let types = ["person", "militia", "place", "outlet", "event", "weapon"];
    data.network.nodes = (0..80u64)
        .map(|i| NetNode {
            entity_id: format!("e{i}"),
            canonical: if i == 3 {
                "Kata'ib Sayyid al-Shuhada and Harakat Hezbollah al-Nujaba together".into()
            } else {
                format!("Entity number {i}")
            },
            entity_type: types[(i % 6) as usize].into(),
            mentions: 5_000 / (i + 1),
        })
        .collect();
    data.network.edges = (0..80usize)
        .flat_map(|i| {
            [(i, (i * 7 + 3) % 80), (i, (i * 13 + 5) % 80), (i, i / 2)]
                .into_iter()
                .map(move |(a, b)| NetEdge {
                    a,
                    b,
                    weight: 1 + ((a * 31 + b * 17) % 50) as u64,
                })
        })
        .collect();
    data
}

fn main() -> std::io::Result<()> {
    let data = match std::env::args().nth(2).as_deref() {
        Some("hard") => hard(),
        Some("empty") => ReportData {
            title: "empty".into(),
            ..ReportData::default()
        },
        _ => sample(),
    };
    let page = render(&data);
    match std::env::args_os().nth(1) {
        Some(path) => std::fs::write(path, page),
        None => {
            print!("{page}");
            Ok(())
        }
    }
}
