//! Tests of the aggregates against counts made by hand from the mentions.

use super::*;
use crate::document::{Document, Field};
use crate::Extractor;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new().expect("the default gazetteers load"))
}

fn docs() -> Vec<Document> {
    vec![
        Document::text(
            "d1",
            "BAGHDAD – Kataib Hezbollah fired on Erbil. Erbil and Baghdad protested.\n\nIn Tehran, Press TV said Qaani met al-Amiri.",
        ),
        Document::new(
            "d2",
            vec![
                Field::new("title", "Tehran and Baghdad talk"),
                Field::new("text", "TEHRAN – Kata'ib Hezbollah denied it.\nBaghdad said nothing."),
            ],
        ),
        Document::text("d3", ""),
        Document::text("d4", "Erbil, Erbil and ERBIL. Kataeb Hezbollah again."),
    ]
}

/// Extracts `d` with `ex` and adds it to `all`.
fn add_doc(all: &mut Aggregates, ex: &Extractor, d: &Document) {
    let r = ex.extract(d);
    let rec = Record {
        document: d,
        result: &r,
        gazetteer: ex.gazetteer(),
    };
    let one = DocAggregate::of(&rec, all.options());
    all.add(ex.gazetteer(), &d.id, one);
}

fn run(options: AggregateOptions) -> Aggregates {
    let mut all = Aggregates::new(options);
    for d in docs() {
        add_doc(&mut all, extractor(), &d);
    }
    all
}

#[test]
fn entity_counts_are_those_of_the_mentions() {
    let ex = extractor();
    let all = run(AggregateOptions::default());
    // Mentions, dateline mentions, documents, spellings.
    type Counts = (u64, u64, BTreeSet<String>, BTreeMap<String, u64>);
    let mut by_hand: BTreeMap<String, Counts> = BTreeMap::new();
    for d in docs() {
        let r = ex.extract(&d);
        for m in &r.mentions {
            let e = by_hand.entry(ex.entity(m).id.clone()).or_default();
            e.0 += 1;
            e.1 += u64::from(m.dateline);
            e.2.insert(d.id.clone());
            *e.3.entry(d.fields[m.field].text[m.start..m.end].to_string())
                .or_default() += 1;
        }
    }
    let rows = all.entity_rows();
    assert_eq!(rows.len(), by_hand.len());
    for r in &rows {
        let (n, dl, docs, spellings) = &by_hand[&r.entity_id];
        assert_eq!(
            (r.mentions, r.dateline_mentions, r.documents),
            (*n, *dl, docs.len() as u64),
            "{}",
            r.entity_id
        );
        let got: BTreeMap<String, u64> = r.spellings.iter().cloned().collect();
        assert_eq!(&got, spellings, "{}", r.entity_id);
        assert_eq!(r.first_doc, *docs.iter().next().unwrap());
        assert_eq!(r.last_doc, *docs.iter().last().unwrap());
    }
    // Sorted by mentions, most first.
    assert!(rows.windows(2).all(|w| w[0].mentions >= w[1].mentions));
    let kh = rows
        .iter()
        .find(|r| r.entity_id == "kataib-hezbollah")
        .unwrap();
    assert_eq!(kh.documents, 3);
    let baghdad = rows.iter().find(|r| r.entity_id == "baghdad").unwrap();
    assert_eq!(
        (
            baghdad.dateline_mentions,
            baghdad.documents_outside_dateline
        ),
        (1, 2)
    );
    let tehran = rows.iter().find(|r| r.entity_id == "tehran").unwrap();
    // d2 names Tehran in its title too: outside the dateline.
    assert_eq!(
        (tehran.dateline_mentions, tehran.documents_outside_dateline),
        (1, 2)
    );
}

#[test]
fn pairs_are_counted_per_unit_without_datelines() {
    let options = AggregateOptions {
        units: vec![Unit::Document, Unit::Sentence, Unit::Paragraph],
        ..AggregateOptions::default()
    };
    let all = run(options);
    let rows: Vec<PairRow<'_>> = all.pair_rows().iter().collect();
    let get = |a: &str, b: &str| {
        rows.iter()
            .find(|p| p.entity_a == a && p.entity_b == b)
            .map(|p| p.counts().to_vec())
    };
    // d1: Baghdad's dateline does not pair it with Kataib Hezbollah's
    // sentence; the second sentence pairs Erbil and Baghdad.
    assert_eq!(get("baghdad", "erbil"), Some(vec![1, 1, 1]));
    // d4 names them in two sentences of one paragraph.
    assert_eq!(get("erbil", "kataib-hezbollah"), Some(vec![2, 1, 2]));
    // d2: Tehran's dateline pairs with nothing, its title pairs it with Baghdad.
    assert_eq!(
        get("baghdad", "tehran").map(|c| c[..2].to_vec()),
        Some(vec![2, 1])
    );
    // Erbil and Tehran: the same document, other paragraphs.
    assert_eq!(get("erbil", "tehran"), Some(vec![1, 0, 0]));
    for p in &rows {
        assert!(p.entity_a < p.entity_b);
    }
    // With datelines, Baghdad pairs with Kataib Hezbollah in d1 as well.
    let with = run(AggregateOptions {
        datelines_in_pairs: true,
        ..AggregateOptions::default()
    });
    let kh = with
        .pair_rows()
        .iter()
        .find(|p| p.entity_a == "baghdad" && p.entity_b == "kataib-hezbollah")
        .unwrap();
    assert_eq!(kh.counts()[0], 2);
}

#[test]
fn rare_pairs_are_left_out_and_the_first_unit_decides() {
    let all = run(AggregateOptions {
        min_pairs: 2,
        ..AggregateOptions::default()
    });
    assert!(all.pair_rows().iter().all(|p| p.counts()[0] >= 2));
    assert!(!all.pair_rows().is_empty());
    let sentences = run(AggregateOptions {
        units: vec![Unit::Sentence],
        ..AggregateOptions::default()
    });
    assert!(sentences.pair_rows().iter().all(|p| p.counts()[0] >= 1));
    assert!(sentences
        .pair_rows()
        .iter()
        .all(|p| !(p.entity_a == "erbil" && p.entity_b == "tehran")));
}

#[test]
fn the_state_restores_the_same_counts() {
    let ex = extractor();
    let options = AggregateOptions::default();
    let whole = run(options.clone());
    let mut part = Aggregates::new(options.clone());
    for (i, d) in docs().into_iter().enumerate() {
        if i == 2 {
            let text = serde_json::to_string(&part.state()).unwrap();
            part = Aggregates::from_state(serde_json::from_str(&text).unwrap());
        }
        add_doc(&mut part, ex, &d);
    }
    assert_eq!(part.entity_rows(), whole.entity_rows());
    assert!(part.pair_rows().iter().eq(whole.pair_rows().iter()));
}

/// Finishing (the pairs put in the order of the rows, in place) changes no
/// row, no count and no state; documents added after a finish are counted
/// as if there had been none, and the state of a finished run restores the
/// same rows.
#[test]
fn finishing_changes_nothing_but_the_speed() {
    let ex = extractor();
    for options in [
        AggregateOptions::default(),
        AggregateOptions {
            units: vec![Unit::Sentence, Unit::Document],
            ..AggregateOptions::default()
        },
        AggregateOptions {
            min_pairs: 2,
            ..AggregateOptions::default()
        },
    ] {
        let whole = run(options.clone());
        let rows: Vec<PairRow<'_>> = whole.pair_rows().iter().collect();
        assert!(!rows.is_empty());
        let mut finished = run(options.clone());
        finished.finish();
        assert!(finished.pair_rows().iter().eq(rows.iter().copied()));
        assert_eq!(finished.pair_rows_len(), whole.pair_rows_len());
        assert_eq!(finished.pair_count(), whole.pair_count());
        assert_eq!(finished.state(), run(options.clone()).settled_state());
        let restored = Aggregates::from_state(finished.state());
        assert!(restored.pair_rows().iter().eq(rows.iter().copied()));

        // Finished twice, then more documents.
        let mut twice = Aggregates::new(options.clone());
        let mut again = Aggregates::new(options.clone());
        for (round, all) in [&mut twice, &mut again].into_iter().enumerate() {
            for d in docs().into_iter().chain(docs()) {
                add_doc(all, ex, &d);
                if round == 0 {
                    all.finish();
                    all.finish();
                }
            }
        }
        assert!(twice.pair_rows().iter().eq(again.pair_rows().iter()));
        assert_eq!(twice.entity_rows(), again.entity_rows());
    }
}

#[test]
fn a_state_whose_entities_are_not_its_own_is_refused() {
    let g = extractor().gazetteer();
    let state = run(AggregateOptions::default()).state();
    assert_eq!(state.check_entities(g), Ok(()));
    let refused = |edit: &dyn Fn(&mut AggregatesState)| {
        let mut s = state.clone();
        edit(&mut s);
        s.check_entities(g).unwrap_err()
    };
    // An entity counted twice.
    let twice = refused(&|s| {
        let e = s.entities[0].clone();
        s.entities.push(e);
    });
    assert!(
        twice.contains(state.entities[0].info.entity_id.as_str()),
        "{twice}"
    );
    // A listed key that is another entity's, or beyond the gazetteer.
    let listed = state
        .entities
        .iter()
        .position(|e| matches!(e.key, Key::Listed(_)))
        .unwrap();
    refused(&|s| {
        let Key::Listed(l) = &mut s.entities[listed].key else {
            unreachable!()
        };
        *l = (*l + 1) % g.entities().len() as u32;
    });
    refused(&|s| s.entities[listed].key = Key::Listed(u32::MAX));
    refused(&|s| s.entities[listed].key = Key::Unlisted("x".into()));
    // A spelling listed twice.
    refused(&|s| {
        let sp = s.entities[listed].spellings[0].clone();
        s.entities[listed].spellings.push(sp);
    });
}

#[test]
fn dates_give_first_and_last() {
    let ex = extractor();
    let options = AggregateOptions {
        date_field: Some("date".into()),
        ..AggregateOptions::default()
    };
    let mut all = Aggregates::new(options.clone());
    for (id, date) in [
        ("a", "2026-01-07"),
        ("b", "05-JAN-2026 10:00"),
        ("c", "not a date"),
        ("d", "2026-01-06"),
    ] {
        let mut d = Document::text(id, "Protests in Mashhad.");
        d.keep = vec![("date".into(), serde_json::json!(date))];
        add_doc(&mut all, ex, &d);
    }
    let row = &all.entity_rows()[0];
    assert_eq!(row.first_date.unwrap().to_string(), "2026-01-05");
    assert_eq!(row.last_date.unwrap().to_string(), "2026-01-07");
    assert_eq!(
        (row.first_doc.as_str(), row.last_doc.as_str(), row.documents),
        ("a", "d", 4)
    );
}

#[test]
fn a_unit_with_too_many_entities_is_capped() {
    let names: Vec<Entity> = (0..MAX_UNIT_ENTITIES + 20)
        .map(|i| Entity::new(&format!("e{i}"), "place", &format!("Zq{}", to_letters(i))))
        .collect();
    let text: String = names.iter().map(|e| format!("{}, ", e.canonical)).collect();
    let ex = Extractor::builder()
        .gazetteer(Gazetteer::from_entities(names).unwrap())
        .unlisted(false)
        .build()
        .unwrap();
    let d = Document::text("big", text);
    let r = ex.extract(&d);
    assert_eq!(r.mentions.len(), MAX_UNIT_ENTITIES + 20);
    let options = AggregateOptions {
        units: vec![Unit::Document],
        ..AggregateOptions::default()
    };
    let mut all = Aggregates::new(options.clone());
    all.add(
        ex.gazetteer(),
        "big",
        DocAggregate::of(
            &Record {
                document: &d,
                result: &r,
                gazetteer: ex.gazetteer(),
            },
            &options,
        ),
    );
    assert_eq!(all.capped_units(), 1);
    assert_eq!(
        all.pair_count(),
        MAX_UNIT_ENTITIES * (MAX_UNIT_ENTITIES - 1) / 2
    );
    assert_eq!(all.entity_count(), MAX_UNIT_ENTITIES + 20);
}

use crate::gazetteer::Entity;

fn to_letters(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            return s;
        }
    }
}

#[test]
fn paragraphs_split_at_blank_lines_or_else_at_line_breaks() {
    assert_eq!(paragraph_starts("a\n\nb\n c\n\n\nd"), [3, 10]);
    assert_eq!(paragraph_starts("a\nb\nc"), [2, 4]);
    assert_eq!(paragraph_starts("one paragraph"), Vec::<usize>::new());
    assert_eq!(paragraph_starts(""), Vec::<usize>::new());
}

proptest::proptest! {
    /// The pairs counted a block at a time, settled whenever (or never
    /// before the end), on one thread or several, put in the order of rows
    /// or not, are those counted by hand:
    /// each pair once, its counts by unit, and the first document naming
    /// both.
    #[test]
    fn pairs_counted_by_blocks_are_those_counted_by_hand(
        n in 2u32..40,
        docs in proptest::collection::vec(
            (
                proptest::collection::vec(
                    (0u8..3, proptest::collection::btree_set(0u32..1000, 0..7)),
                    0..5,
                ),
                proptest::bool::ANY,
            ),
            0..40,
        ),
        parallel in proptest::bool::ANY,
        finish_after in proptest::option::of(0usize..40),
    ) {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let global: Vec<u32> = (0..n).collect();
        let mut pairs = pairs::Pairs::default();
        let mut by_hand: BTreeMap<(u32, u32), ([u32; 3], usize)> = BTreeMap::new();
        for (d, (units, settle)) in docs.iter().enumerate() {
            let (mut members, mut ends) = (Vec::new(), Vec::new());
            for (kind, set) in units {
                let set: BTreeSet<u32> = set.iter().map(|x| x % n).collect();
                if set.len() < 2 {
                    continue;
                }
                for &a in &set {
                    for &b in set.range(a + 1..) {
                        let (counts, _) = by_hand.entry((a, b)).or_insert(([0; 3], d));
                        counts[usize::from(*kind)] += 1;
                    }
                }
                members.extend(set);
                ends.push((*kind, members.len() as u32));
            }
            pairs.add(&format!("d{d}"), &members, &ends, &global);
            if *settle {
                pool.install(|| pairs.settle(parallel));
            }
            if finish_after == Some(d) {
                // The list in the order of rows (ranks reversing the
                // entities), and back when more documents come.
                let by_id: Vec<u32> = (0..n).rev().collect();
                let rank: Vec<u32> = (0..n).map(|e| n - 1 - e).collect();
                let unit = usize::from(d % 2 == 0);
                pool.install(|| pairs.order_rows(unit, by_id, &rank));
                // The rows: the pairs so far, on the ranks, by their count
                // in `unit` (most first), then the ranks.
                let mut want: Vec<(u32, u32, [u32; 3], String)> = by_hand
                    .iter()
                    .map(|(&(a, b), &(counts, d))| {
                        let (ra, rb) = (rank[a as usize], rank[b as usize]);
                        (ra.min(rb), ra.max(rb), counts, format!("d{d}"))
                    })
                    .collect();
                want.sort_by_key(|&(a, b, counts, _)| (std::cmp::Reverse(counts[unit]), a, b));
                let (rows, _) = pairs.rows(unit).expect("in the order of rows");
                let rows: Vec<(u32, u32, [u32; 3], String)> = rows
                    .iter()
                    .map(|&(a, b, p)| (a, b, p.counts, pairs.doc(p.first_doc).to_string()))
                    .collect();
                proptest::prop_assert_eq!(rows, want);
            }
        }
        let expected: Vec<(u32, u32, [u32; 3], String)> = by_hand
            .into_iter()
            .map(|((a, b), (counts, d))| (a, b, counts, format!("d{d}")))
            .collect();
        let got = |pairs: &pairs::Pairs| -> Vec<(u32, u32, [u32; 3], String)> {
            let (list, docs) = (pairs.settled(), pairs.docs());
            list.iter()
                .map(|&(a, b, p)| {
                    let doc = pairs.doc(p.first_doc);
                    // The state's list of documents names it the same.
                    assert_eq!(doc, &*docs[p.first_doc as usize]);
                    (a, b, p.counts, doc.to_string())
                })
                .collect()
        };
        // Read before the last block is counted, and after.
        proptest::prop_assert_eq!(&got(&pairs), &expected);
        pool.install(|| pairs.settle(parallel));
        proptest::prop_assert_eq!(&got(&pairs), &expected);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// The pairs are put in the order of the rows by counting as a sort by
    /// comparison of (count, most first; then the ranks) puts them, counts
    /// over the largest sorted by counting included.
    #[test]
    fn rows_sorted_by_counting_are_sorted(
        pairs in proptest::collection::btree_map(
            (0u32..40, 0u32..40),
            (proptest::array::uniform3(0u32..5), 0u32..100),
            0..200,
        ),
        unit in 0usize..3,
        // A permutation of the 40 entities as their ranks.
        rank in proptest::strategy::Strategy::prop_shuffle(
            proptest::strategy::Just((0u32..40).collect::<Vec<u32>>())
        ),
        large in proptest::bool::ANY,
    ) {
        // Counts of millions are sorted by comparison.
        let scale = if large { 1_000_000 } else { 1 };
        let mut list: Vec<pairs::Pair> = pairs
            .into_iter()
            .filter(|&((a, b), _)| a < b)
            .map(|((a, b), (counts, first_doc))| {
                let counts = counts.map(|c| c * scale);
                (a, b, PairStats { counts, first_doc })
            })
            .collect();
        let mut want = list.clone();
        for p in &mut want {
            let (ra, rb) = (rank[p.0 as usize], rank[p.1 as usize]);
            (p.0, p.1) = (ra.min(rb), ra.max(rb));
        }
        want.sort_by_key(|p| (std::cmp::Reverse(p.2.counts[unit]), p.0, p.1));
        pairs::sort_into_rows(&mut list, unit, &rank);
        proptest::prop_assert_eq!(list, want);
    }
}

proptest::proptest! {
    /// Each entity's spellings and their counts are those counted by hand,
    /// in the order they first come, with few spellings (compared one by
    /// one) and with many (found in a hash map).
    #[test]
    fn spellings_are_counted_in_the_order_they_come(
        said in proptest::collection::vec((0u32..3, 0usize..24), 0..200),
    ) {
        let words: Vec<String> = (0..24).map(|k| format!("w{k}")).collect();
        let mut entities: Vec<DocEntity> = (0..3)
            .map(|i| DocEntity {
                entity: DocKey::Listed(i),
                mentions: 0,
                dateline: 0,
                kinds: [0; 6],
                spellings: (0, 0),
            })
            .collect();
        let mut input: Vec<(u32, u32, &str)> = said
            .iter()
            .enumerate()
            .map(|(order, &(i, w))| (i, order as u32, words[w].as_str()))
            .collect();
        // Shuffled by a rotation: the order is in the numbers, not the places.
        let turn = input.len() / 3;
        input.rotate_left(turn);
        let (spellings, text) = spellings_of(&mut input, &mut entities);
        for (i, e) in entities.iter().enumerate() {
            let mut want: Vec<(&str, u32)> = Vec::new();
            for &(j, w) in &said {
                if j as usize != i {
                    continue;
                }
                match want.iter_mut().find(|(s, _)| *s == words[w]) {
                    Some(x) => x.1 += 1,
                    None => want.push((words[w].as_str(), 1)),
                }
            }
            let mut got: Vec<(&str, u32)> = Vec::new();
            for k in e.spellings.0..e.spellings.1 {
                let k = k as usize;
                let start = match k {
                    0 => 0,
                    _ => spellings[k - 1].0 as usize,
                };
                got.push((&text[start..spellings[k].0 as usize], spellings[k].1));
            }
            proptest::prop_assert_eq!(got, want);
        }
    }
}

/// An entity spelled more ways than are compared one by one
/// ([`LINEAR_SPELLINGS`]) has each counted as the mentions say, in one run
/// and in a run restored from its state near its end, where the lookup of
/// its spellings is rebuilt.
#[test]
fn many_spellings_of_one_entity_are_counted_through_a_restored_state() {
    let ex = extractor();
    let spellings = [
        "United States",
        "U.S.",
        "USA",
        "U.S.A.",
        "America",
        "UNITED STATES",
        "United\nStates",
        "AMERICA",
        "the US",
        "UNITED States",
        "United States",
        "united states",
        "U.S.",
        "America",
        "united states",
        "UNITED States",
    ];
    let docs: Vec<Document> = spellings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Document::text(
                format!("u{i:02}"),
                format!("Officials in {s} said on Monday that talks with {s} allies went on."),
            )
        })
        .collect();
    let mut by_hand: BTreeMap<String, u64> = BTreeMap::new();
    for d in &docs {
        for m in &ex.extract(d).mentions {
            if ex.entity(m).id == "united-states" {
                *by_hand
                    .entry(d.fields[m.field].text[m.start..m.end].to_string())
                    .or_default() += 1;
            }
        }
    }
    // Past the first lookup made, one more spelling at least.
    assert!(by_hand.len() > LINEAR_SPELLINGS + 1, "{by_hand:?}");
    let mut whole = Aggregates::new(AggregateOptions::default());
    let mut part = Aggregates::new(AggregateOptions::default());
    for (i, d) in docs.iter().enumerate() {
        add_doc(&mut whole, ex, d);
        if i == docs.len() - 3 {
            let text = serde_json::to_string(&part.state()).unwrap();
            part = Aggregates::from_state(serde_json::from_str(&text).unwrap());
        }
        add_doc(&mut part, ex, d);
    }
    for all in [&whole, &part] {
        let rows = all.entity_rows();
        let us = rows
            .iter()
            .find(|r| r.entity_id == "united-states")
            .unwrap();
        let got: BTreeMap<String, u64> = us.spellings.iter().cloned().collect();
        assert_eq!(got, by_hand);
        // Each spelling once.
        assert_eq!(us.spellings.len(), by_hand.len());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Ranks sort the ids as strings do, keys made of their first bytes
    /// and all: ids alike in their first bytes (a few letters, a shared
    /// `unlisted:person:` start) and of any length.
    #[test]
    fn ranks_sort_ids_as_strings(
        ids in proptest::collection::vec(
            (proptest::bool::ANY, "[a-c:\u{e9}-]{0,30}"),
            0..60,
        ),
    ) {
        let mut all = Aggregates::new(AggregateOptions::default());
        for (i, (shared, tail)) in ids.iter().enumerate() {
            let id = if *shared { format!("unlisted:person:{tail}") } else { tail.clone() };
            let info = Info {
                entity_id: id.into(),
                entity_type: "person".into(),
                canonical: Default::default(),
                wikidata: None,
                country: None,
                unlisted: false,
            };
            all.entities.push(EntityStats::new(Key::Listed(i as u32), info, ""));
        }
        let mut want: Vec<u32> = (0..all.entities.len() as u32).collect();
        want.sort_by(|&a, &b| {
            let id = |e: u32| &all.entities[e as usize].info.entity_id;
            id(a).cmp(id(b)).then(a.cmp(&b))
        });
        let (by_id, rank) = all.ranks();
        proptest::prop_assert_eq!(&by_id, &want);
        for (r, &e) in by_id.iter().enumerate() {
            proptest::prop_assert_eq!(rank[e as usize] as usize, r);
        }
    }
}

#[test]
fn unlisted_entities_are_rows_of_their_own_merged_across_documents() {
    let ex = extractor();
    let docs = [
        Document::text(
            "u1",
            "Commander Jabbar al-Mousawi said on Monday that the brigade would stay.",
        ),
        Document::text(
            "u2",
            "A spokesman, Sheikh Hamid al-Fartousi, told reporters in Najaf.",
        ),
        Document::text(
            "u3",
            "Commander Jabbar al-Mousawi said the brigade left Basra.",
        ),
    ];
    let mut all = Aggregates::new(AggregateOptions::default());
    // Each unlisted entity by hand: what it is, its mentions and documents.
    let mut by_hand: BTreeMap<String, (String, String, u64, BTreeSet<String>)> = BTreeMap::new();
    for d in &docs {
        let r = ex.extract(d);
        for m in r.mentions.iter().filter(|m| m.entity.is_unlisted()) {
            let e = ex.entity(m);
            let row = by_hand
                .entry(e.id.clone())
                .or_insert_with(|| (e.kind.to_string(), e.canonical.clone(), 0, BTreeSet::new()));
            row.2 += 1;
            row.3.insert(d.id.to_string());
        }
        add_doc(&mut all, ex, d);
    }
    assert!(
        by_hand.values().any(|(_, _, _, docs)| docs.len() == 2),
        "a name unlisted in two documents: {by_hand:?}"
    );
    let rows = all.entity_rows();
    for (id, (kind, canonical, mentions, docs)) in &by_hand {
        let row = rows.iter().find(|r| &r.entity_id == id).expect("a row");
        assert!(row.unlisted);
        assert_eq!((&row.entity_type, &row.canonical), (kind, canonical));
        assert_eq!(
            (row.wikidata.as_deref(), row.country.as_deref()),
            (None, None)
        );
        assert_eq!(
            (row.mentions, row.documents),
            (*mentions, docs.len() as u64)
        );
        assert_eq!(row.first_doc, *docs.first().expect("a document"));
    }
    assert_eq!(rows.iter().filter(|r| r.unlisted).count(), by_hand.len());
}
