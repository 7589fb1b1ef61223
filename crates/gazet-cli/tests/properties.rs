//! Property tests of the normalization offset map, through the whole matching
//! pipeline: for random Unicode text with names planted in it, every mention
//! starts and ends on character boundaries, and its original slice normalizes
//! to a key of its entity.

use gazet::matcher::Matcher;
use gazet::{normalize, resolve, Gazetteer, MatchOptions};
use proptest::prelude::*;

const NAMES: &[&str] = &[
    "Kata’ib Hezbollah",
    "Qāʾānī",
    "al-Shalamcheh",
    "Ḥizb Allāh",
    "Straße",
    "İstanbul",
    "U.S.",
    "PMF",
    "العراق",
    "ایران",
    "Khamenei",
    "José",
];

fn gazetteer() -> Gazetteer {
    let mut csv = String::from("id,type,canonical,aliases\n");
    for (i, n) in NAMES.iter().enumerate() {
        csv.push_str(&format!("e{i},place,\"{n}\",\n"));
    }
    Gazetteer::from_sources([("p.csv".to_string(), csv)]).unwrap()
}

/// Text pieces: random Unicode, tricky separators and marks, and planted names
/// in varied case and with varied spellings.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z’'ʿ\\- \\n.,]{0,12}",
        prop::sample::select(vec![
            " ", "-", "–", "\u{301}", "\u{0651}", "’s", "s", "\u{200C}", "ß", "ﬁ", "İ", "\u{0640}",
            "\r\n"
        ])
        .prop_map(String::from),
        (
            prop::sample::select(NAMES.to_vec()),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(n, upper, article)| {
                let n = if upper {
                    n.to_uppercase()
                } else {
                    n.to_string()
                };
                if article {
                    format!("al-{n}")
                } else {
                    n
                }
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn mentions_map_back_exactly(pieces in prop::collection::vec(piece(), 0..16)) {
        let g = gazetteer();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let text: String = pieces.concat();
        for x in resolve::mentions(&m, &text) {
            prop_assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
            prop_assert!(text.is_char_boundary(x.name_start) && text.is_char_boundary(x.name_end));
            prop_assert!(x.start <= x.name_start && x.name_start < x.name_end && x.name_end <= x.end);
            let e = &g.entities()[x.entity as usize];
            let keys: Vec<String> = e.names.iter().map(|n| normalize::key(&n.text)).collect();
            let got = normalize::key(&text[x.name_start..x.name_end]);
            let stripped = gazet::article::strip_article(&keys[0]).map(str::to_string);
            prop_assert!(keys.contains(&got) || stripped.as_deref() == Some(got.as_str()),
                "slice {:?} normalizes to {:?}, not a key of {} ({:?})", &text[x.name_start..x.name_end], got, e.id, keys);
        }
    }

    #[test]
    fn normalized_start_inverts_original_start(text in "\\PC{0,40}") {
        let n = normalize::normalize(&text);
        for (o, _) in text.char_indices() {
            if let Some(ns) = n.map().normalized_start(o) {
                prop_assert!(ns <= n.as_str().len());
                prop_assert_eq!(n.map().original_start(ns), Some(o), "{:?} at {}", text, o);
            }
        }
    }

    #[test]
    fn planted_names_are_found(prefix in "[a-z ]{0,5}", idx in 0..NAMES.len(), suffix in "[ .,;]{1,3}[a-z]{0,4}") {
        let g = gazetteer();
        let m = Matcher::new(&g, MatchOptions::default()).unwrap();
        let name = NAMES[idx];
        let text = format!("{prefix} {name}{suffix}");
        let found = resolve::mentions(&m, &text);
        let at = prefix.len() + 1;
        prop_assert!(found.iter().any(|x| x.name_start == at && x.name_end == at + name.len()),
            "{name:?} not found in {text:?}: {found:?}");
    }
}
